"""What the trainers share: the quote trainers' command line, the PolNeAR train split with its parses
and the logistic-regression fit that turns examples into rounded weights; the events-gold trainers'
command line and train keys."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED
from dateline.evaluation.polnear import GoldDoc, parsed_docs, read_split
from dateline.resources import ROOT

MIN_COUNT = 3  # features seen on fewer examples are dropped
C = 0.2  # inverse L2 strength
MIN_WEIGHT = 0.02  # smaller weights change no decision: dropped to keep the file small
QUOTES = ROOT / "quotes"  # where the shipped weight files live

# (features, label, ...) — the trainers append what they need to find the example again.
Row = tuple


class TrainingError(RuntimeError):
    """A trainer cannot run: its data or the ``train`` extra is missing."""


def arguments(description: str, out: Path) -> argparse.ArgumentParser:
    """The options both trainers take."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help="the folder holding data/polnear (default: 'shared' beside the repository)")
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep the spaCy parse of PolNeAR train in DIR/train.spacy (outside the project)")
    ap.add_argument("--holdout", action="store_true",
                    help="train on 4/5 of the documents, score the rest; writes a model only with --out")
    ap.add_argument("--limit", type=int, default=0, help="only the first N train documents (a quick check)")
    ap.add_argument("--out", type=Path, default=out, help=f"where to write the model (default: {out})")
    return ap


def gold_arguments(description: str, out: Path, c: float) -> argparse.ArgumentParser:
    """The options the trainers on the events gold (``bench/events_gold``) take."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the folder the gold's keys are under")
    ap.add_argument("--out", type=Path, default=out, help=f"where to write the model (default: {out})")
    ap.add_argument("--c", type=float, default=c, help="inverse L2 strength")
    ap.add_argument("--limit", type=int, default=0, help="only the first N train articles (a quick check)")
    ap.add_argument("--extra", action="store_true",
                    help="also learn from the single annotations of bench/events_gold/extra.json (128 PolNeAR "
                         "campaign articles; the shipped weights do not: with them dev F1 fell 0.489 -> 0.482)")
    return ap


def extra_file() -> Path | None:
    """``bench/events_gold/extra.json`` when it exists: single annotations of other articles (an
    out-of-domain check, and opt-in training data)."""
    from dateline.evaluation.events_articles import GOLD_DIR

    path = GOLD_DIR / "extra.json"
    return path if path.exists() else None


def with_extra(files: list[Path], extra: bool) -> list[Path]:
    """``files`` and, with ``extra``, :func:`extra_file` after them when it exists."""
    more = extra_file() if extra else None
    return files + ([more] if more is not None else [])


def read_gold_annotations(files: list[Path]) -> dict:
    """Article key -> its scored events (``events_articles.read_annotations``), the first file holding the
    key winning."""
    from dateline.evaluation.events_articles import read_annotations

    return {key: events for path in reversed(files) for key, events in read_annotations(path).items()}


def gold_train_keys(limit: int = 0, extra: bool = False) -> list[str]:
    """The keys of the events gold's train articles and, with ``extra``, of the articles of
    :func:`extra_file`, sorted (the first ``limit`` when set)."""
    from dateline.evaluation.events_articles import read_splits

    keys = [k for k, split in read_splits().items() if split == "train"]
    for path in with_extra([], extra):
        keys += [art["key"] for art in json.loads(path.read_text(encoding="utf-8"))["articles"]]
    return sorted(keys)[: limit or None]


def train_split(shared: Path, cache: Path | None, limit: int = 0) -> tuple[list[GoldDoc], list]:
    """PolNeAR train (its first ``limit`` documents when set) and the spaCy parse of each document."""
    root = shared / "data" / "polnear"
    if not (root / "train").is_dir():
        raise TrainingError(f"PolNeAR train not found at {root / 'train'}: pass --shared PATH, the folder "
                            "that holds data/polnear (see DEVELOPERS.md, 'Data')")
    docs = read_split(root, "train")[: limit or None]
    return docs, parsed_docs(docs, "train", cache, limit)


def fit(rows: list[Row], c: float = C) -> tuple[dict[str, float], float]:
    """Logistic regression over the features of ``rows``: (feature -> weight, intercept).

    scikit-learn's liblinear solver is deterministic, so the same rows give the same weights;
    weights are rounded to 4 decimals so that the written file does not depend on the last bits.
    """
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise TrainingError('training needs scikit-learn: pip install -e ".[train]"') from exc

    counts = Counter(f for r in rows for f in set(r[0]))
    keep = [{f: 1 for f in r[0] if counts[f] >= MIN_COUNT} for r in rows]
    vec = DictVectorizer()
    x = vec.fit_transform(keep).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # liblinear wants 32-bit
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
    model.fit(x, [r[1] for r in rows])
    names = vec.get_feature_names_out()
    w = {str(n): round(float(c), 4) for n, c in zip(names, model.coef_[0], strict=True) if abs(c) >= MIN_WEIGHT}
    return w, round(float(model.intercept_[0]), 4)
