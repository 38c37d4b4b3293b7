"""Quote attribution scored on PolNeAR: dateline's quotes as attributions, gold quote kinds,
annotator agreement and the printed table (``bench/quotes_eval.py``, ``quotes_errors.py``,
``quotes_agreement.py``).

Gold kinds come from the quotation marks: ``direct`` when 90% of the content is inside quotation
marks, ``mixed`` when part is, ``indirect`` otherwise (PolNeAR has no "unmarked" label).
Agreement: for every article coded by two or more annotators and every unordered pair of its
annotators, the second annotator's attributions are scored against the first's with
:func:`dateline.evaluation.polnear.score_doc`, the scorer dateline is measured with.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path

from dateline.evaluation.polnear import ROLES, Attribution, Counts, parse_ann, score_doc


def gold_kind(text: str, att: Attribution, runs: list) -> str:
    """``direct``, ``mixed`` or ``indirect``: how much of the content lies inside the quotation
    mark ``runs`` (``dateline.stages.quotes.attribution.quote_runs`` of the text)."""
    total = sum(e - s for s, e in att.content)
    inside = sum(
        max(0, min(e, re_) - max(s, rs)) for s, e in att.content for r in runs for rs, re_ in r.parts
    )
    if total and inside >= 0.9 * total:
        return "direct"
    return "mixed" if inside else "indirect"


def as_attributions(quotes) -> list[Attribution]:
    """dateline quotes as PolNeAR attributions: (speaker, cue, content spans, kind)."""
    return [
        Attribution(
            source=[(q.speaker.start, q.speaker.end)] if q.speaker else
                   [(q.source_phrase.start, q.source_phrase.end)] if q.source_phrase else [],
            cue=[(q.cue.start, q.cue.end)] if q.cue else [],
            content=[(c.start, c.end) for c in q.content],
            kind=q.kind,
        )
        for q in quotes
    ]


def print_table(systems: dict[str, Counts]) -> None:
    """P/R/F1 per role and match mode, speaker accuracy and content recall/precision per kind;
    ``systems`` must hold a ``dateline`` entry (its predicted kinds are reported)."""
    names = list(systems)
    print(f"{'measure':<24}" + "".join(f"{n:>26}" for n in names))
    print(f"{'':<24}" + "".join(f"{'P':>8}{'R':>8}{'F1':>10}" for _ in names))
    for role in ROLES:
        for mode in ("exact", "overlap"):
            key = f"{role}/{mode}"
            cells = "".join(
                f"{100 * p:8.1f}{100 * r:8.1f}{100 * f:10.1f}" for p, r, f in (systems[n].score(key) for n in names)
            )
            print(f"{key:<24}{cells}")
    cells = "".join(
        f"{100 * c.speaker_ok / max(c.speaker_n, 1):>26.1f}" for c in systems.values()
    )
    print(f"{'speaker accuracy':<24}{cells}")
    for kind in ("direct", "mixed", "indirect"):
        cells = "".join(
            f"{100 * c.kind_found.get(kind, 0) / max(c.kind_gold.get(kind, 0), 1):>26.1f}" for c in systems.values()
        )
        n = next(iter(systems.values())).kind_gold.get(kind, 0)
        print(f"{'content R ' + kind + f' (n={n})':<24}{cells}")
    dateline = systems["dateline"]
    for kind in ("direct", "mixed", "indirect", "unmarked"):
        n = dateline.pred_kind.get(kind, 0)
        share = 100 * dateline.pred_kind_ok.get(kind, 0) / max(n, 1)
        print(f"{'content P ' + kind + f' (n={n})':<24}{share:>26.1f}  (dateline's predicted kind)")


def multi_annotated(base: Path) -> dict[str, list[Path]]:
    """Article name -> its annotation files, for articles with two or more annotators."""
    groups: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((base / "attributions").glob("*.ann")):
        groups[ann.stem.rsplit("_", 1)[0]].append(ann)
    return {name: files for name, files in groups.items() if len(files) > 1}


def agreement(base: Path) -> tuple[Counts, int, int, int]:
    """Pairwise counts over the multi-annotated articles of one split: (counts, articles,
    annotator pairs, attributions of the first annotator of each pair)."""
    counts, pairs, n_att = Counts(), 0, 0
    docs = multi_annotated(base)
    for name, files in docs.items():
        text = (base / "text" / f"{name}.txt").read_text(encoding="utf-8")
        annotations = [parse_ann(f.read_text(encoding="utf-8")) for f in files]  # each file read once
        for gold, other in combinations(annotations, 2):
            score_doc(text, gold, other, counts)
            pairs += 1
            n_att += len(gold)
    return counts, len(docs), pairs, n_att


def add_counts(total: Counts, part: Counts) -> None:
    """Add ``part``'s role matches and speaker tallies to ``total``."""
    for key, n in part.matched.items():
        total.add(key, n, part.pred[key], part.gold[key])
    total.speaker_ok += part.speaker_ok
    total.speaker_n += part.speaker_n
