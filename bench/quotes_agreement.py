"""How far PolNeAR's own annotators agree, scored exactly as ``bench/quotes_eval.py`` scores dateline.

Usage::

    python bench/quotes_agreement.py [--shared PATH] [--split train|dev|both]

A few PolNeAR articles were coded by two or more annotators (``<name>_<annotator>.ann``). For
every such article and every pair of its annotators, the second annotator's attributions are
scored against the first's with ``dateline.evaluation.quotes.agreement`` (the scorer of
``quotes_eval.py``: word-set spans; exact and ≥ 50% overlap; one-to-one greedy matching).
Agreement is symmetric in F1 (precision and recall swap), so each unordered pair counts once.
The table is a human ceiling for the F1 figures of ``quotes_eval.py``: a system scored against
one annotator cannot be expected to agree with that annotator much more than a second trained
annotator does. Never reads the test split.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED
from dateline.evaluation.polnear import ROLES, Counts
from dateline.evaluation.quotes import add_counts, agreement


def print_agreement(label: str, counts: Counts) -> None:
    print(f"{label:<24}{'P':>8}{'R':>8}{'F1':>8}")
    for role in ROLES:
        for mode in ("exact", "overlap"):
            p, r, f = counts.score(f"{role}/{mode}")
            print(f"{role + '/' + mode:<24}{100 * p:8.1f}{100 * r:8.1f}{100 * f:8.1f}")
    print(f"{'speaker accuracy':<24}{100 * counts.speaker_ok / max(counts.speaker_n, 1):24.1f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--split", choices=("train", "dev", "both"), default="both")
    args = ap.parse_args(argv)
    root = args.shared / "data" / "polnear"
    splits = ("train", "dev") if args.split == "both" else (args.split,)
    if not all((root / s / "attributions").is_dir() for s in splits):
        print(f"skipped: PolNeAR not found under {root}")
        return 0
    pooled = Counts()
    for split in splits:
        counts, n_docs, pairs, n_att = agreement(root / split)
        print(
            f"PolNeAR {split}: {n_docs} articles with 2+ annotators, {pairs} annotator pairs, "
            f"{n_att} attributions (first annotator)"
        )
        if pairs:
            print_agreement("second vs first annotator", counts)
        print()
        add_counts(pooled, counts)
    if len(splits) > 1:
        print(f"PolNeAR {' + '.join(splits)} pooled")
        print_agreement("second vs first annotator", pooled)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
