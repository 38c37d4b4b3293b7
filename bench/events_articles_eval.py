"""Whole-article event coding against the adjudicated gold (bench/events_gold/), with ANNOTATION.md's scorer.

    python bench/events_articles_eval.py --split dev             # dateline on the dev articles
    python bench/events_articles_eval.py --split dev --errors /tmp/errors.txt   # + every miss and false event
    python bench/events_articles_eval.py --agreement             # annotator B against annotator A (human ceiling)
    python bench/events_articles_eval.py --split extra   # 128 PolNeAR campaign articles, one annotator each

Prints type + evidence-span P/R/F1, the fields on matched events, all-fields precision and recall, a
per-type table, the reliability of the events' confidence (bins, expected calibration error) and what a
higher ``--min-confidence`` gives (P/R/F1 of the events at or above it). The
texts are read from ../shared (``--shared``); without it the script says so and exits 0. Touch
``--split test`` only for a closing note.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED
from dateline.evaluation.events_articles import (
    FIELDS,
    GOLD_DIR,
    Report,
    ScoredEvent,
    read_annotations,
    read_splits,
    read_text,
    score,
)


def system_events(keys: list[str], shared: Path, model: str | None = None,
                  ) -> tuple[dict[str, list[ScoredEvent]], float]:
    """dateline's events on each gold article (the text and date the gold points into), and the seconds taken."""
    from dateline.ingest.common import make_article
    from dateline.pipeline import extract_articles

    articles = []
    for key in keys:
        doc = read_text(key, shared)
        articles.append(make_article(doc.text, doc.dct, source=key))
    started = time.perf_counter()
    out = {key: [ScoredEvent.from_event(ev) for ev in ex.events]
           for key, ex in zip(keys, extract_articles(articles, model=model), strict=True)}
    return out, time.perf_counter() - started


def print_report(title: str, report: Report) -> None:
    p, r, f = report.prf
    ap, ar = report.all_fields
    print(f"\n## {title}\n")
    print("| measure | value | n |\n|---|---|---|")
    print(f"| type + evidence-span P / R / F1 | {p:.3f} / {r:.3f} / **{f:.3f}** | "
          f"{report.matched} matched, {report.system} system, {report.gold} gold |")
    for name in FIELDS:
        print(f"| {name} right, on matched events | {report.field_accuracy(name):.3f} | {report.matched} |")
    print(f"| all fields right: precision / recall | **{ap:.3f}** / {ar:.3f} | {report.all_right} |")
    print("\n| type | gold | system | matched | P | R | F1 |\n|---|---|---|---|---|---|---|")
    for typ, n_gold, n_sys, n_match, tp, tr, tf in report.type_rows():
        print(f"| {typ} | {n_gold} | {n_sys} | {n_match} | {tp:.2f} | {tr:.2f} | {tf:.2f} |")
    if report.confidences:
        edges = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)
        print("\n| confidence | events | mean confidence | right in type and span |\n|---|---|---|---|")
        for (label, n, share), lo, hi in zip(report.reliability(edges), edges, edges[1:], strict=False):
            print(f"| {label} | {n} | {report.mean_confidence(lo, hi):.2f} | {share:.2f} |")
        print(f"\nexpected calibration error (10 equal-width bins): **{report.calibration_error():.3f}**")


def write_errors(path: Path, report: Report) -> None:
    """Every miss, false event and wrong field, for error analysis."""
    def line(key: str, e: ScoredEvent) -> str:
        conf = "" if e.confidence is None else f"{e.confidence:.2f}\t"  # system events: how sure
        return (f"{key}\t{e.type}\t{e.source}->{e.target}\t{e.date}\t{e.modality}\t{conf}"
                f"{e.evidence[:160]!r}")

    rows = ["# misses (gold events no system event matched)"] + [line(k, e) for k, e in report.misses]
    rows += ["", "# false events (system events no gold event matched)"] + [line(k, e) for k, e in report.false_events]
    rows += ["", "# wrong fields on matched events: field, gold, system"]
    rows += [f"{k}\t{name}\t{getattr(g, name)}\t{getattr(s, name)}\t{g.type}\t{g.evidence[:120]!r}"
             for k, name, g, s in report.field_errors]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


MIN_CONFIDENCES = (0.3, 0.4, 0.5, 0.6, 0.7)


def print_tradeoff(gold: dict[str, list[ScoredEvent]], system: dict[str, list[ScoredEvent]]) -> None:
    """P / R / F1 of the events at or above each ``--min-confidence`` a reader may set."""
    print("\n| --min-confidence | P / R / F1 |\n|---|---|")
    for cut in MIN_CONFIDENCES:
        kept = {k: [e for e in events if (e.confidence or 0.0) >= cut] for k, events in system.items()}
        p, r, f = score(gold, kept).prf
        print(f"| {cut:.1f} | {p:.3f} / {r:.3f} / {f:.3f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("train", "dev", "test", "all", "extra"), default="dev",
                        help="extra: the single annotations of bench/events_gold/extra.json (other articles, "
                             "another domain: 2015-16 US campaign news) scored against themselves")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR / "gold.json")
    parser.add_argument("--agreement", action="store_true", help="score annotator B against annotator A")
    parser.add_argument("--errors", type=Path, help="write every miss, false event and wrong field here")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"skipped: {args.shared} is absent (the gold articles' texts live in ../shared)", file=sys.stderr)
        return 0
    if args.split == "extra":
        args.gold = GOLD_DIR / "extra.json"
        keys = list(read_annotations(args.gold))
    else:
        keys = [k for k, name in read_splits().items() if args.split in ("all", name)]
    if args.agreement:
        a = read_annotations(GOLD_DIR / "annotator_A.json")
        b = read_annotations(GOLD_DIR / "annotator_B.json")
        report = score({k: a[k] for k in keys}, b)
        print_report(f"annotator B against annotator A, {args.split} ({len(keys)} articles)", report)
    else:
        gold = read_annotations(args.gold)
        system, seconds = system_events(keys, args.shared, args.model)
        report = score({k: gold[k] for k in keys}, system)
        print_report(f"dateline against {args.gold.name}, {args.split} ({len(keys)} articles, "
                     f"{seconds:.1f} s)", report)
        print_tradeoff({k: gold[k] for k in keys}, system)
    if args.errors:
        write_errors(args.errors, report)
        print(f"\nerrors -> {args.errors}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
