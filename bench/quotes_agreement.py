"""How far PolNeAR's own annotators agree, scored exactly as ``bench/quotes_eval.py`` scores dateline.

Usage::

    python bench/quotes_agreement.py [--shared PATH] [--split train|dev|both]

A few PolNeAR articles were coded by two or more annotators (``<name>_<annotator>.ann``). For
every such article and every pair of its annotators, the second annotator's attributions are
scored against the first's with ``polnear.score_doc`` (word-set spans; exact and ≥ 50% overlap;
one-to-one greedy matching). Agreement is symmetric in F1 (precision and recall swap), so each
unordered pair counts once. The table is a human ceiling for the F1 figures of
``quotes_eval.py``: a system scored against one annotator cannot be expected to agree with that
annotator much more than a second trained annotator does. Never reads the test split.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from polnear import ROLES, Counts, parse_ann, score_doc  # noqa: E402


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


def print_agreement(label: str, counts: Counts) -> None:
    print(f"{label:<24}{'P':>8}{'R':>8}{'F1':>8}")
    for role in ROLES:
        for mode in ("exact", "overlap"):
            p, r, f = counts.score(f"{role}/{mode}")
            print(f"{role + '/' + mode:<24}{100 * p:8.1f}{100 * r:8.1f}{100 * f:8.1f}")
    print(f"{'speaker accuracy':<24}{100 * counts.speaker_ok / max(counts.speaker_n, 1):24.1f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
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
