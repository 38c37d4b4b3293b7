"""TempEval-3 Task A evaluation of dateline's time stage on TimeML corpora.

Usage: python bench/time_eval.py [DIR ...] [--errors N] [--dump FILE] [--runs N]

Each DIR is a corpus of ``.tml`` files (default: ../shared/data/timeml/TimeBank and AQUAINT).
Every document's TEXT is run through the pipeline up to ``dateline_time`` with its DCT as the
article date; the script prints strict/relaxed span P/R/F1, type and value accuracy and value
F1 per corpus and overall, the most frequent value errors, and the speed beside a bare spaCy
parse of the same texts. ``--dump FILE`` writes every disagreement (missed, spurious, wrong value,
span or type) per document with its context; ``--runs 1`` times a single run instead of the best of 3.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from dateline import nlp as nlp_module
from dateline.evaluation import DEFAULT_SHARED
from dateline.evaluation.timeml import GoldTimex, Score, TmlDoc, doc_errors, read_tml, score_doc
from dateline.model import Article

DEFAULT_DIRS = [DEFAULT_SHARED / "data" / "timeml" / "TimeBank", DEFAULT_SHARED / "data" / "timeml" / "AQUAINT"]


def run_time_stage(docs: list[TmlDoc]) -> tuple[list[list[GoldTimex]], float]:
    """System timexes per document and the seconds it took (tokenizing included, like the bare parse)."""
    nlp = nlp_module.load(stages=("dateline_time",))

    def inputs():
        for d in docs:
            doc = nlp.make_doc(d.text)
            doc._.article = Article(id=d.id, date=d.dct, text=d.text)
            yield doc

    t0 = time.perf_counter()
    out = [
        [GoldTimex(t.start, t.end, t.text, t.type, t.value, t.mod) for t in doc._.timexes]
        for doc in nlp.pipe(inputs(), batch_size=16)
    ]
    return out, time.perf_counter() - t0


def bare_parse_seconds(docs: list[TmlDoc]) -> float:
    nlp = nlp_module.load_bare()
    t0 = time.perf_counter()
    for _ in nlp.pipe((d.text for d in docs), batch_size=16):
        pass
    return time.perf_counter() - t0


def row(name: str, sc: Score) -> str:
    sp, sr, sf = sc.prf(sc.strict)
    rp, rr, rf = sc.prf(sc.relaxed)
    cells = [sp, sr, sf, rp, rr, rf, sc.type_accuracy, sc.value_accuracy, sc.value_f1]
    return f"| {name:<9} | {sc.gold:>4} | {sc.system:>4} | " + " | ".join(f"{100 * c:5.1f}" for c in cells) + " |"


def print_table(scores: dict[str, Score]) -> None:
    print("| corpus    | gold |  sys | S-P   | S-R   | S-F1  | R-P   | R-R   | R-F1  | type  | value | valF1 |")
    print("|-----------|------|------|-------|-------|-------|-------|-------|-------|-------|-------|-------|")
    for name, sc in scores.items():
        print(row(name, sc))


def print_errors(total: Score, n: int) -> None:
    print(f"\nMost frequent value errors (text | gold | system), top {n}:")
    for (text, gold, system), count in total.value_errors.most_common(n):
        print(f"{count:4d}  {text!r:40} {gold:>16} {system:>16}")
    print(f"\nMost frequent missed: {Counter(total.missed).most_common(n // 2)}")
    print(f"Most frequent spurious: {Counter(total.spurious).most_common(n // 2)}")


def dump_errors(path: Path, docs: list[TmlDoc], system: list[list[GoldTimex]]) -> None:
    """Write every disagreement of every document, with context, to ``path``."""
    with path.open("w", encoding="utf-8") as out:
        for doc, sys_tx in zip(docs, system, strict=True):
            lines = doc_errors(doc.text, doc.timexes, sys_tx)
            if lines:
                out.write(f"== {doc.id} (DCT {doc.dct})\n" + "\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    ap.add_argument("--errors", type=int, default=25, help="how many value errors to list")
    ap.add_argument("--dump", type=Path, help="write every error of every document, with context, to this file")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per side; the fastest is reported")
    args = ap.parse_args(argv)
    missing = [d for d in args.dirs if not d.is_dir()]
    if missing:
        print(f"skipped: TimeML corpus not found: {', '.join(map(str, missing))}")
        return 0
    corpora = {d.name: [read_tml(p) for p in sorted(d.glob("*.tml"))] for d in args.dirs}
    all_docs = [doc for docs in corpora.values() for doc in docs]
    nlp_module.load(stages=("dateline_time",))  # load outside the timed region
    nlp_module.load_bare()
    # Shared machines are noisy: time each side three times, interleaved, and keep the fastest run.
    system, seconds = run_time_stage(all_docs)
    bare = bare_parse_seconds(all_docs)
    for _ in range(max(0, args.runs - 1)):
        seconds = min(seconds, run_time_stage(all_docs)[1])
        bare = min(bare, bare_parse_seconds(all_docs))
    by_id = {id(doc): sys_tx for doc, sys_tx in zip(all_docs, system, strict=True)}
    scores: dict[str, Score] = {}
    total = Score()
    for name, docs in corpora.items():
        sc = Score()
        for doc in docs:
            sc.add(score_doc(doc.timexes, by_id[id(doc)]))
        scores[name] = sc
        total.add(sc)
    scores["overall"] = total
    if args.dump:
        dump_errors(args.dump, all_docs, system)
    print_table(scores)
    n = len(all_docs)
    print(f"\nspeed: dateline (parse + dateline_time) {n / seconds:.1f} docs/s; "
          f"bare spaCy parse {n / bare:.1f} docs/s ({n} documents, same run, best of {max(1, args.runs)})")
    print_errors(total, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
