"""Train the acceptance model of ``dateline.stages.events.acceptance`` on the train split of the events gold.

Usage::

    python -m dateline.train.event_acceptance [--gold FILE] [--shared PATH] [--out FILE] [--c C] [--limit N]

Run it after ``python -m dateline.train.events`` (and after any change to how events are built): its
examples are the events the stage builds before acceptance. Every event the events stage codes on the
``train`` articles of ``bench/events_gold/splits.tsv`` (never dev or test), with ``min_probability`` 0
and a type model fitted (as ``dateline.train.events`` fits it) on the other folds' articles, is labelled
right when the scorer of ``dateline.evaluation.events_articles`` pairs it with a gold event
(same type, overlapping evidence, one to one), else wrong. The model is scikit-learn's binary
``LogisticRegression`` (lbfgs, L2, C=``--c``) over the features of ``acceptance.event_features`` and the
candidate's, kept when seen at least ``MIN_COUNT`` times. The threshold (the stage's default
``min_probability``) is the lowest whose F1 over out-of-fold probabilities (``FOLDS`` folds by article)
is within ``F1_SLACK`` of the best; a higher one buys precision at the cost of recall
(``--min-confidence`` does that per query). Weights are rounded to 4 decimals, those under
``MIN_WEIGHT`` dropped, and written with sorted keys, so a re-run writes the same bytes. Only weights
are written, no article text.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from dateline.evaluation.events_articles import GOLD_DIR, ScoredEvent, score
from dateline.resources import ROOT
from dateline.train.common import TrainingError, gold_arguments, gold_train_keys, read_gold_annotations, with_extra

OUT = ROOT / "events" / "event_acceptance.json"
MIN_COUNT = 3  # features seen on fewer events are dropped
C = 0.3  # inverse L2 strength: ~2,000 events, ~2,000 features
MIN_WEIGHT = 0.005
FOLDS = 5
F1_SLACK = 0.005  # F1 this close to the best is a tie (folds of ~22 articles move F1 by more)
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 13)]  # 0.05 ... 0.60
SEED = 0
ABOUT = ("acceptance model of dateline.stages.events.acceptance; built by python -m dateline.train.event_acceptance "
         "from the train split of bench/events_gold (weights only)")

Row = tuple  # (features, label 0/1, article key)


def examples(keys: list[str], docs: list, gold: dict) -> tuple[list[Row], int]:
    """(features, right or not, key) for every event the stage builds with the type model in use, and the
    number of gold events."""
    from dateline.knowledge.kb import load_kb
    from dateline.stages.events.component import EventsComponent

    component = EventsComponent(load_kb(), min_probability=0.0)
    rows, n_gold = [], 0
    for key, doc in zip(keys, docs, strict=True):
        pairs = component.scored(doc)
        system = [ScoredEvent.from_event(ev) for ev, _ in pairs]
        report = score({key: gold.get(key, [])}, {key: system})
        wrong = {id(e) for _, e in report.false_events}
        rows += [(feats, int(id(s) not in wrong), key) for (_, feats), s in zip(pairs, system, strict=True)]
        n_gold += report.gold
    return rows, n_gold


def cross_fitted(keys: list[str], docs: list, gold_paths: list[Path]) -> tuple[list[Row], int]:
    """The examples of every train article coded with a type model fitted on the other folds' articles:
    coded by the shipped model, which learned from these very articles, the type probabilities would be
    surer than on new text and the acceptance model would learn to trust them too much."""
    from dateline.stages.events import decision
    from dateline.train import events as type_model

    fold_of = {k: i % FOLDS for i, k in enumerate(sorted(keys))}
    type_rows = type_model.examples(keys, docs, [type_model.read_gold(p) for p in gold_paths])
    gold = read_gold_annotations(gold_paths)
    rows, n_gold = [], 0
    for fold in range(FOLDS):
        held = [i for i, k in enumerate(keys) if fold_of[k] == fold]
        model = decision.from_data(type_model.fit([r for r in type_rows if fold_of[r[2]] != fold]))
        with decision.using(model):
            more, n = examples([keys[i] for i in held], [docs[i] for i in held], gold)
        rows, n_gold = rows + more, n_gold + n
    return rows, n_gold


def _matrix(rows: list[Row], vec=None):
    counts = Counter(f for r in rows for f in set(r[0]))
    keep = [{f: 1 for f in sorted(set(r[0])) if vec is not None or counts[f] >= MIN_COUNT} for r in rows]
    if vec is None:
        from sklearn.feature_extraction import DictVectorizer

        vec = DictVectorizer(sort=True)
        return vec.fit_transform(keep), vec
    return vec.transform(keep), vec


def _fit(rows: list[Row], c: float):
    from sklearn.linear_model import LogisticRegression

    x, vec = _matrix(rows)
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=3000, random_state=SEED)
    model.fit(x, [r[1] for r in rows])
    return model, vec


def threshold(rows: list[Row], n_gold: int, c: float) -> tuple[float, list[tuple[float, float, float, float]]]:
    """The threshold with the best F1 over out-of-fold probabilities (folds by article), and the table
    (threshold, P, R, F1) it was chosen from."""
    keys = sorted({r[2] for r in rows})
    fold_of = {k: i % FOLDS for i, k in enumerate(keys)}
    probs = [0.0] * len(rows)
    for fold in range(FOLDS):
        train = [r for r in rows if fold_of[r[2]] != fold]
        held = [i for i, r in enumerate(rows) if fold_of[r[2]] == fold]
        model, vec = _fit(train, c)
        x, _ = _matrix([rows[i] for i in held], vec)
        for i, p in zip(held, model.predict_proba(x)[:, 1], strict=True):
            probs[i] = float(p)
    table = []
    for t in THRESHOLDS:
        kept = [r[1] for r, p in zip(rows, probs, strict=True) if p >= t]
        right = sum(kept)
        p_, r_ = (right / len(kept) if kept else 0.0), right / max(n_gold, 1)
        table.append((t, p_, r_, 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0))
    best = max(row[3] for row in table)
    # near ties: the lower threshold, keeping the events the rules build; a reader who wants precision
    # raises --min-confidence
    return min(row[0] for row in table if row[3] >= best - F1_SLACK), table


def fit(rows: list[Row], n_gold: int, c: float = C) -> tuple[dict, list]:
    """The model file's content and the threshold table."""
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise TrainingError('training needs scikit-learn: pip install -e ".[train]"') from exc
    cut, table = threshold(rows, n_gold, c)
    model, vec = _fit(rows, c)
    weights = {str(name): round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), model.coef_[0],
                                                               strict=True)}
    weights = {k: w for k, w in weights.items() if abs(w) >= MIN_WEIGHT}
    return {"about": ABOUT, "C": c, "min_count": MIN_COUNT, "intercept": round(float(model.intercept_[0]), 4),
            "threshold": cut, "weights": weights}, table


def main(argv: list[str] | None = None) -> int:
    from dateline.train.events import parsed, write

    ap = gold_arguments(__doc__.splitlines()[0], OUT, C)
    ap.add_argument("--gold", type=Path, default=GOLD_DIR / "gold.json")
    args = ap.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: {args.shared} is absent: the gold articles' texts live in ../shared", file=sys.stderr)
        return 1
    keys = gold_train_keys(args.limit, args.extra)
    try:
        rows, n_gold = cross_fitted(keys, parsed(keys, args.shared), with_extra([args.gold], args.extra))
        model, table = fit(rows, n_gold, args.c)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("| threshold | P | R | F1 |  (out-of-fold, train split)\n|---|---|---|---|")
    for t, p, r, f in table:
        print(f"| {t:.2f} | {p:.3f} | {r:.3f} | {f:.3f} |")
    write(args.out, model)
    print(f"wrote {args.out}: {len(model['weights'])} features, threshold {model['threshold']}, "
          f"{sum(r[1] for r in rows)} right of {len(rows)} events ({len(keys)} articles)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
