"""Train the source/target chooser of ``dateline.stages.events.actor_choice`` on the train split of the events gold.

Usage::

    python -m dateline.train.actors [--shared PATH] [--out FILE] [--c C] [--limit N] [--extra]
    python -m dateline.train.actors --cv [--c C]     # 5-fold cross-validation by happening, train + dev
    python -m dateline.train.actors --cv --errors FILE   # + every out-of-fold wrong source/target

The ``train`` articles of ``bench/events_gold/splits.tsv`` (never dev or test) go through the whole
pipeline with the chooser off, so the events carry the rules' actors. Each event is paired with the gold
event it matches under ANNOTATION.md's scorer (same type, overlapping evidence, one-to-one); for every
paired event and role, each candidate country of ``actor_choice.options`` is an example, labelled by
whether it is the gold's country (None for "nobody"). Two binary logistic regressions
(``dateline.train.common.fit``: liblinear, L2, features seen on at least 3 examples, weights rounded to 4
decimals) are fitted, the source's first; the target's candidates know the source the fitted source
model chose, as at inference. The weights (no article text) go to
``src/dateline/resources/events/actor_model.json`` with sorted keys: a re-run writes the same bytes.
``--cv`` scores the whole chooser out of fold by happening over the train and dev articles (the measure
the features and C were chosen by; dev alone is one happening too many).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.evaluation.events_articles import (
    GOLD_DIR,
    ScoredEvent,
    match,
    read_annotations,
    read_happenings,
    read_splits,
    read_text,
)
from dateline.resources import ROOT
from dateline.train.common import (
    TrainingError,
    fit,
    gold_arguments,
    gold_train_keys,
    read_gold_annotations,
    with_extra,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

OUT = ROOT / "events" / "actor_model.json"
C = 0.1  # inverse L2 strength: the best of 0.05-0.5 in a 5-fold cross-validation by happening (train + dev)
FOLDS = 5  # of --cv
ABOUT = ("source/target chooser of dateline.stages.events.actor_choice; built by python -m dateline.train.actors "
         "from the train split of bench/events_gold (weights only)")


def coded_articles(keys: list[str], shared: Path) -> list[tuple[str, Doc, list]]:
    """(key, Doc, its events coded by the rules alone) of every article."""
    from dateline import nlp as nlp_module
    from dateline.ingest.common import make_article
    from dateline.pipeline import processed

    articles = []
    for key in keys:
        text = read_text(key, shared)
        articles.append(make_article(text.text, text.dct, source=key))
    nlp = nlp_module.load()
    pipe = nlp.get_pipe("dateline_events")
    pipe.choose_actors = False  # the shared pipeline: switched back on for whoever uses it next
    try:
        return [(key, doc, list(doc._.events))
                for key, doc in zip(keys, processed(nlp, articles, batch_size=8), strict=True)]
    finally:
        pipe.choose_actors = True


def paired_events(keys: list[str], shared: Path, extra: bool = False) -> list[tuple]:
    """(Doc, the Doc's events, event, its gold ScoredEvent) for every system event the scorer pairs with a
    gold event (the adjudicated gold and, with ``extra``, the single annotations of
    ``bench/events_gold/extra.json`` when it exists), the events coded by the rules alone."""
    gold = read_gold_annotations(with_extra([GOLD_DIR / "gold.json"], extra))
    return _paired(coded_articles(keys, shared), gold)


def _paired(coded: list[tuple], gold: dict) -> list[tuple]:
    """The events the chooser decides (one per event word, reciprocal ones settled: ``one_per_word``)
    paired with their gold events."""
    from dateline.stages.events.actor_choice import one_per_word

    out = []
    for key, doc, events in coded:
        merged = one_per_word(doc, events)
        words = [ev for ev, _ in merged]
        system = [ScoredEvent.from_event(ev) for ev in words]
        for gi, si in match(gold.get(key, []), system):
            if not merged[si][1]:
                out.append((doc, words, words[si], gold[key][gi]))
    return out


def rows_for(paired: list[tuple], role: str, source_weights: dict[str, float] | None = None) -> list[tuple]:
    """(features, label) of every candidate country of ``role`` on the paired events."""
    from dateline.stages.events.actor_choice import (
        _reciprocal,
        choose,
        context,
        features,
        named_doers,
        options,
        where,
    )

    rows = []
    reciprocal_of: dict[int, set[int]] = {}
    for doc, events, ev, gold in paired:
        rec_set = reciprocal_of.setdefault(id(events), _reciprocal(events))
        rec = next(i for i, e in enumerate(events) if e is ev) in rec_set
        other = ev.target
        doers = named_doers(events)
        if role == "target":
            other = choose(doc, ev, "source", ev.target, source_weights or {}, rec, doers)
        known = context(doc, ev, role, rec, other)
        want = getattr(gold, role)
        for opt in options(doc, ev, role, other, doers):
            rows.append((features(opt, known, where(doc, ev, opt)), int(opt.country == want)))
    return rows


def _model(rows: list[tuple], c: float) -> dict:
    weights, intercept = fit(rows, c)
    return {"weights": dict(sorted(weights.items())), "intercept": intercept}


def fit_models(paired: list[tuple], c: float) -> tuple[dict, dict]:
    """The source model, then the target model whose candidates know the source it chose."""
    source = _model(rows_for(paired, "source"), c)
    return source, _model(rows_for(paired, "target", _weights(source)), c)


def _weights(model: dict) -> dict[str, float]:
    return {**model["weights"], "__bias__": model["intercept"]}


def cross_validate(shared: Path, c: float, limit: int = 0,
                   errors: list[str] | None = None) -> tuple[int, float, float]:
    """Matched events, source and target country accuracy of the whole chooser (rules' actors, models,
    guards), :data:`FOLDS`-fold by happening over the train and dev articles: each fold's articles are
    chosen for by models fitted on the other folds'. What decided C and the features; writes nothing.
    ``errors`` receives one tab-separated row per wrong role (key, role, gold, system, type, gold and
    system source->target, evidence):
    the out-of-fold errors to analyse (the bench's ``--errors`` on train are in-sample for the chooser)."""
    from dateline.stages.events.actor_choice import chosen_actors

    groups = read_happenings()
    keys = sorted(k for k, split in read_splits().items() if split in ("train", "dev"))[: limit or None]
    coded, gold = coded_articles(keys, shared), read_annotations(GOLD_DIR / "gold.json")
    fold_of = {h: i % FOLDS for i, h in enumerate(sorted({groups[k] for k in keys}))}
    n = src = tgt = 0
    for fold in range(FOLDS):
        held = [a for a in coded if fold_of[groups[a[0]]] == fold]
        rest = [a for a in coded if fold_of[groups[a[0]]] != fold]
        if not held or not rest:
            continue
        source, target = fit_models(_paired(rest, gold), c)
        model = {"source": _weights(source), "target": _weights(target)}
        for key, doc, events in held:
            system = [ScoredEvent.from_event(ev) for ev in chosen_actors(doc, events, model)]
            for gi, si in match(gold.get(key, []), system):
                n += 1
                src += gold[key][gi].source == system[si].source
                tgt += gold[key][gi].target == system[si].target
                if errors is not None:
                    errors += _wrong_roles(key, gold[key][gi], system[si])
    return n, src / max(n, 1), tgt / max(n, 1)


def _wrong_roles(key: str, gold: ScoredEvent, system: ScoredEvent) -> list[str]:
    """The rows of ``--errors`` for one matched pair: the roles whose country the chooser got wrong."""
    evidence = " ".join(system.evidence.split())[:160]
    pairs = f"{gold.source}->{gold.target}\t{system.source}->{system.target}"
    return [f"{key}\t{role}\t{getattr(gold, role)}\t{getattr(system, role)}\t{gold.type}\t{pairs}\t{evidence!r}"
            for role in ("source", "target") if getattr(gold, role) != getattr(system, role)]


def main(argv: list[str] | None = None) -> int:
    ap = gold_arguments(__doc__.splitlines()[0], OUT, C)
    ap.add_argument("--cv", action="store_true", help="cross-validate by happening over train + dev; write nothing")
    ap.add_argument("--errors", type=Path, default=None,
                    help="with --cv: write every out-of-fold wrong source/target here (key, role, gold, system, "
                         "type, gold and system source->target, evidence)")
    args = ap.parse_args(argv)
    if not args.shared.is_dir():
        print(f"error: {args.shared} is absent (the gold articles' texts live there)", file=sys.stderr)
        return 2
    keys = gold_train_keys(args.limit, args.extra)
    try:
        if args.cv:
            errors: list[str] | None = [] if args.errors else None
            n, src, tgt = cross_validate(args.shared, args.c, args.limit, errors)
            if args.errors:
                args.errors.write_text("".join(row + "\n" for row in errors or []), encoding="utf-8")
            print(f"{FOLDS}-fold cross-validation by happening over train + dev, C={args.c}: {n} matched events, "
                  f"source country {src:.3f}, target country {tgt:.3f} (no model written)")
            return 0
        paired = paired_events(keys, args.shared, args.extra)
        source, target = fit_models(paired, args.c)
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
