"""Train the source/target chooser of ``dateline.stages.events.actor_choice`` on the train split of the events gold.

Usage::

    python -m dateline.train.actors [--shared PATH] [--out FILE] [--c C] [--limit N]

The ``train`` articles of ``bench/events_gold/splits.tsv`` (never dev or test) go through the whole
pipeline with the chooser off, so the events carry the rules' actors. Each event is paired with the gold
event it matches under ANNOTATION.md's scorer (same type, overlapping evidence, one-to-one); for every
paired event and role, each candidate country of ``actor_choice.options`` is an example, labelled by
whether it is the gold's country (None for "nobody"). Two binary logistic regressions
(``dateline.train.common.fit``: liblinear, L2, features seen on at least 3 examples, weights rounded to 4
decimals) are fitted, the source's first; the target's candidates know the source the fitted source
model chose, as at inference. The weights (no article text) go to
``src/dateline/resources/events/actor_model.json`` with sorted keys: a re-run writes the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dateline.evaluation.events_articles import GOLD_DIR, ScoredEvent, match, read_annotations, read_text
from dateline.resources import ROOT
from dateline.train.common import TrainingError, fit, gold_arguments, gold_train_keys

OUT = ROOT / "events" / "actor_model.json"
C = 0.1  # inverse L2 strength: the best of 0.05-0.5 in a 5-fold cross-validation by happening (train + dev)
ABOUT = ("source/target chooser of dateline.stages.events.actor_choice; built by python -m dateline.train.actors "
         "from the train split of bench/events_gold (weights only)")


def paired_events(keys: list[str], shared: Path) -> list[tuple]:
    """(Doc, the Doc's events, event, its gold ScoredEvent) for every system event the scorer pairs with a
    gold event, the events coded by the rules alone."""
    from dateline import nlp as nlp_module
    from dateline.ingest.common import make_article
    from dateline.pipeline import processed

    gold = read_annotations(GOLD_DIR / "gold.json")
    nlp = nlp_module.load()
    nlp.get_pipe("dateline_events").choose_actors = False
    articles = []
    for key in keys:
        text = read_text(key, shared)
        articles.append(make_article(text.text, text.dct, source=key))
    out = []
    for key, doc in zip(keys, processed(nlp, articles, batch_size=8), strict=True):
        events = list(doc._.events)
        system = [ScoredEvent.from_event(ev) for ev in events]
        for gi, si in match(gold.get(key, []), system):
            out.append((doc, events, events[si], gold[key][gi]))
    return out


def rows_for(paired: list[tuple], role: str, source_weights: dict[str, float] | None = None) -> list[tuple]:
    """(features, label) of every candidate country of ``role`` on the paired events."""
    from dateline.stages.events.actor_choice import (
        _reciprocal,
        choose,
        context,
        features,
        mirrors,
        named_doers,
        options,
        where,
    )

    rows = []
    reciprocal_of: dict[int, set[int]] = {}
    joint_of: dict[int, set[int]] = {}
    for doc, events, ev, gold in paired:
        rec_set = reciprocal_of.setdefault(id(events), _reciprocal(events))
        if id(events) not in joint_of:
            pairs = mirrors(events)
            joint_of[id(events)] = {*pairs, *pairs.values()}
        joint = joint_of[id(events)]
        position = next(i for i, e in enumerate(events) if e is ev)
        if position in joint:
            continue  # a reciprocal pair is one event of all its parties, chosen by no model
        rec = position in rec_set
        other = ev.target
        doers = named_doers(events)
        if role == "target":
            other = choose(doc, ev, "source", ev.target, source_weights or {}, rec, doers)
        known = context(doc, ev, role, rec)
        want = getattr(gold, role)
        for opt in options(doc, ev, role, other, doers):
            rows.append((features(opt, known, where(doc, ev, opt)), int(opt.country == want)))
    return rows


def _model(rows: list[tuple], c: float) -> dict:
    weights, intercept = fit(rows, c)
    return {"weights": dict(sorted(weights.items())), "intercept": intercept}


def main(argv: list[str] | None = None) -> int:
    ap = gold_arguments(__doc__.splitlines()[0], OUT, C)
    args = ap.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: {args.shared} is absent (the gold articles' texts live there)", file=sys.stderr)
        return 2
    keys = gold_train_keys(args.limit)
    try:
        paired = paired_events(keys, args.shared)
        source = _model(rows_for(paired, "source"), args.c)
        target = _model(rows_for(paired, "target", {**source["weights"], "__bias__": source["intercept"]}), args.c)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    model = {"about": ABOUT, "C": args.c, "source": source, "target": target}
    args.out.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(source['weights'])} source and {len(target['weights'])} target weights, "
          f"from {len(paired)} matched events of {len(keys)} train articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
