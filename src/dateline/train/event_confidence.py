"""Train the confidence calibrator of ``dateline.stages.events.calibration`` on the train split of the events gold.

Usage::

    python -m dateline.train.event_confidence [--gold FILE] [--shared PATH] [--out FILE] [--c C] [--folds K]
                                              [--limit N]

Re-run it after anything changes which events the coder finds or how it scores them (above all after
``python -m dateline.train.events``): the calibrator maps the coder's scores as they are to probabilities.

Examples are the events dateline codes, with the coder's own confidence (``component.coded_events``, before
calibration), on the ``train`` articles of ``bench/events_gold/splits.tsv`` (never dev or test), parsed by
dateline's stages up to places, each article coded with an event model (``dateline.train.events.fit``)
trained on the other ``--folds`` folds' articles only, as the shipped model codes articles it never saw (on
its own training articles it is surer than it will be on dev, test or the user's text: a calibrator fitted
to those scores was overconfident on dev, expected calibration error 0.13 against 0.08). An event is
labelled 1 when the scorer of ANNOTATION.md (``evaluation.events_articles.match``: same type, overlapping
evidence, one-to-one) pairs it with a gold event, else 0. The model is scikit-learn's ``LogisticRegression``
(lbfgs, L2, C=``--c``) on ``calibration.features`` (the score's log-odds: Platt scaling); its two numbers
are rounded to 4 decimals and written with sorted keys, so a re-run on the same data writes the same bytes.
Only weights are written (no article text), to ``src/dateline/resources/events/confidence_model.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from dateline.evaluation import DEFAULT_SHARED
from dateline.evaluation.events_articles import GOLD_DIR, ScoredEvent, match, read_annotations, read_splits
from dateline.stages.events.calibration import MODEL_FILE
from dateline.train.common import TrainingError

FOLDS = 5  # the event model is refitted on 4/5 of the train articles to score the other fifth
C = 1.0  # inverse L2 strength
ABSENT = -30.0  # the intercept of an event type a fold's model never saw (no probability)
ABOUT = ("confidence calibrator of dateline.stages.events.calibration; built by python -m "
         "dateline.train.event_confidence from the train split of bench/events_gold (weights only)")

Row = tuple  # (features, label, article key)


def examples(keys: list[str], docs: list, gold: dict[str, list[ScoredEvent]]) -> list[Row]:
    """(features, matched or not, key) for every event the coder finds in each article."""
    from dateline.stages.events.calibration import features
    from dateline.stages.events.component import coded_events

    rows = []
    for key, doc in zip(keys, docs, strict=True):
        events = coded_events(doc)
        matched = {si for _, si in match(gold.get(key, []), [ScoredEvent.from_event(ev) for ev in events])}
        rows += [(features(ev), int(i in matched), key) for i, ev in enumerate(events)]
    return rows


@contextmanager
def _event_model(model: dict, scratch: Path) -> Iterator[None]:
    """The events stage coding with ``model`` (an event_model.json content) in place of the shipped one."""
    from dateline.stages.events import decision
    from dateline.train.events import write as write_event_model

    # a class the fold's articles never show (a small --limit) gets no mass, but must exist: the coder asks
    # for every type a candidate proposes
    missing = [c for c in decision.load_model()[0] if c not in model["classes"]]
    model = {**model, "classes": model["classes"] + missing,
             "intercepts": {**model["intercepts"], **dict.fromkeys(missing, ABSENT)}}
    (scratch / "events").mkdir(parents=True, exist_ok=True)
    write_event_model(scratch / "events" / decision.MODEL_FILE, model)
    with mock.patch.object(decision, "ROOT", scratch):
        loaded = decision.load_model.__wrapped__()  # the shipped loader, reading the scratch file
    with mock.patch.object(decision, "load_model", lambda: loaded):
        yield


def cross_fitted(keys: list[str], docs: list, gold_path: Path, folds: int) -> list[Row]:
    """The examples of every article as the coder finds its events when its event model was trained on the
    other folds' articles only (article i is in fold i mod ``folds``). On its own training articles the
    event model is surer than it will be on new text; a calibrator fitted to those scores would be
    overconfident on every article it was not trained on."""
    from dateline.train import events as event_trainer

    candidates = event_trainer.examples(keys, docs, [event_trainer.read_gold(gold_path)])
    gold = read_annotations(gold_path)
    fold = {key: i % folds for i, key in enumerate(keys)}
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for f in range(folds):
            model = event_trainer.fit([r for r in candidates if fold[r[2]] != f])
            held = [(k, d) for k, d in zip(keys, docs, strict=True) if fold[k] == f]
            with _event_model(model, Path(tmp) / str(f)):
                rows += examples([k for k, _ in held], [d for _, d in held], gold)
    order = {key: i for i, key in enumerate(keys)}
    return sorted(rows, key=lambda r: order[r[2]])  # stable: each article's events stay in their order


def fit(rows: list[Row], c: float = C) -> dict:
    """The logistic regression over ``rows``, as the model file's content."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise TrainingError('training needs scikit-learn: pip install -e ".[train]"') from exc

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([dict(sorted(r[0].items())) for r in rows])
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=5000)
    model.fit(x, [r[1] for r in rows])
    weights = {str(n): round(float(w), 4) for n, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)}
    return {"about": ABOUT, "C": c, "events": len(rows),
            "matched": sum(r[1] for r in rows), "intercept": round(float(model.intercept_[0]), 4),
            "weights": weights}


def write(path: Path, model: dict) -> None:
    path.write_text(json.dumps(model, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from dateline.train.events import parsed

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR / "gold.json", help="the adjudicated gold")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the folder the gold's keys are under")
    ap.add_argument("--out", type=Path, default=MODEL_FILE, help=f"where to write the model (default: {MODEL_FILE})")
    ap.add_argument("--c", type=float, default=C, help="inverse L2 strength")
    ap.add_argument("--folds", type=int, default=FOLDS, help="folds of the event model's cross-fitting")
    ap.add_argument("--limit", type=int, default=0, help="only the first N train articles (a quick check)")
    args = ap.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: {args.shared} is absent (the gold articles' texts live there)", file=sys.stderr)
        return 2
    keys = sorted(k for k, split in read_splits().items() if split == "train")[: args.limit or None]
    try:
        rows = cross_fitted(keys, parsed(keys, args.shared), args.gold, args.folds)
        model = fit(rows, args.c)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write(args.out, model)
    print(f"wrote {args.out}: {len(model['weights'])} weights, {model['matched']} matched of {len(rows)} events "
          f"on {len(keys)} train articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
