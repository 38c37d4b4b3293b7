"""Train the learned event coder of ``dateline.stages.events.decision`` on the train split of the events gold.

Usage::

    python -m dateline.train.events [--gold FILE ...] [--shared PATH] [--out FILE] [--c C] [--limit N]

Examples are the candidates of ``dateline.stages.events.candidates`` in every news sentence of the
``train`` articles of ``bench/events_gold/splits.tsv`` (never dev or test), parsed by dateline's stages
up to places. A candidate is labelled with a gold event's type when its word lies inside that event's
trigger (the trigger string located inside the gold evidence span) or, failing that, when it is the
syntactic head of a gold evidence span of the type it proposes; else ``NONE``. The gold type is taken
back to what ``Event.type`` codes when the manual's reduction explains it (a future CONSULT candidate
under a gold AGREE future is a CONSULT: ``coder.plover_type`` makes it AGREE again). With several gold
files (default: ``gold.json`` when it exists, else both annotators) a candidate takes the first file's
label that is not ``NONE``.

The model is scikit-learn's multinomial ``LogisticRegression`` (lbfgs, L2, C=``--c``), fitted on
features seen at least ``MIN_COUNT`` times; weights are rounded to 4 decimals and those under
``MIN_WEIGHT`` dropped, and written with sorted keys, so a re-run writes the same bytes. Only weights
are written (no article text) to ``src/dateline/resources/events/event_model.json``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from dateline.evaluation.events_articles import GOLD_DIR, read_text
from dateline.resources import ROOT
from dateline.train.common import TrainingError, gold_arguments, gold_train_keys, with_extra

OUT = ROOT / "events" / "event_model.json"
MIN_COUNT = 2  # features seen on fewer candidates are dropped
C = 1.0  # inverse L2 strength
MIN_WEIGHT = 0.01  # smaller weights change no decision: dropped to keep the file small
SEED = 0
ABOUT = ("event coder of dateline.stages.events.decision; built by python -m dateline.train.events from the "
         "train split of bench/events_gold (weights only)")

Row = tuple  # (features, label, article key, token index)


def gold_files(extra: bool = False) -> list[Path]:
    """The adjudicated gold when it exists, else both annotators (A first); then, with ``extra``, the
    single annotations of other articles (``bench/events_gold/extra.json``) when they exist."""
    gold = GOLD_DIR / "gold.json"
    return with_extra([gold] if gold.exists() else [GOLD_DIR / "annotator_A.json", GOLD_DIR / "annotator_B.json"],
                      extra)


def read_gold(path: Path) -> dict[str, list[dict]]:
    """Article key -> its gold events (ANNOTATION.md's fields, evidence as offsets)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {art["key"]: art["events"] for art in data["articles"]}


def trigger_span(text: str, event: dict) -> tuple[int, int] | None:
    """Where the event's trigger string lies inside its evidence span (case-insensitive), if it does."""
    start, end = event["evidence"]["start"], event["evidence"]["end"]
    trig = (event.get("trigger") or "").strip()
    if not trig:
        return None
    at = text.lower().find(trig.lower(), start, end)
    return (at, at + len(trig)) if at >= 0 else None


def _type_space(gold_type: str, proposed: str, modality: str | None) -> str:
    """The gold type as ``Event.type`` codes it for this candidate (see the module doc)."""
    from dateline.stages.events.coder import plover_type

    if proposed != gold_type and plover_type(proposed, modality or "asserted") == gold_type:
        return proposed
    return gold_type


def _compatible(gold: dict, proposed: str) -> bool:
    """The candidate's proposed type is the gold's, or becomes it by the manual's reduction."""
    from dateline.stages.events.coder import plover_type

    return gold["type"] in (proposed, plover_type(proposed, gold.get("modality") or "asserted"))


def _positions(cand) -> list[int]:
    """Where a candidate's event is worded: its word, and the complement a rule absorbed into it ("announced
    $3 million in aid" is coded on "announced"; an annotator's trigger is "aid")."""
    topic = getattr(cand.trigger, "topic", None)
    return [cand.trigger.anchor.idx] + ([topic.idx] if topic is not None else [])


def _claims(doc, cands: list, events: list[dict]) -> dict[int, dict]:
    """Candidate token index -> the gold event it stands for: every candidate inside an event's trigger
    (one of compatible type preferred), else, for an event whose trigger holds no candidate, the candidate
    of compatible type inside its evidence nearest the top of the parse (one per event, as the scorer
    pairs one system event with one gold event)."""
    out: dict[int, dict] = {}
    for ev in events:
        span = trigger_span(doc.text, ev)
        inside = [c for c in cands if span is not None and any(span[0] <= i < span[1] for i in _positions(c))]
        for c in inside:
            i = c.trigger.anchor.i
            if i not in out or (_compatible(ev, c.trigger.type) and not _compatible(out[i], c.trigger.type)):
                out[i] = ev
        if inside:
            continue
        start, end = ev["evidence"]["start"], ev["evidence"]["end"]
        within = [c for c in cands if start <= c.trigger.anchor.idx < end and _compatible(ev, c.trigger.type)
                  and c.trigger.anchor.i not in out]
        if within:
            best = min(within, key=lambda c: (sum(1 for _ in c.trigger.anchor.ancestors), c.trigger.anchor.i))
            out[best.trigger.anchor.i] = ev
    return out


def labels(doc, cands: list, events: list[dict]) -> list[str]:
    """Each candidate's label from one annotator's events of the article (see the module doc)."""
    claims = _claims(doc, cands, events)
    out = []
    for c in cands:
        ev = claims.get(c.trigger.anchor.i)
        out.append("NONE" if ev is None else _type_space(ev["type"], c.trigger.type, ev.get("modality")))
    return out


def parsed(keys: list[str], shared: Path) -> list:
    """The Docs of the articles through dateline's stages up to places, with the bundled KB set."""
    from dateline import nlp as nlp_module
    from dateline.ingest.common import make_article
    from dateline.knowledge.kb import load_kb

    stages = tuple(name for name, _ in nlp_module.STAGES if name != "dateline_events")
    nlp = nlp_module.load(None, stages)
    kb = load_kb()
    docs = []
    for key in keys:
        gold = read_text(key, shared)
        doc = nlp.make_doc(gold.text)
        doc._.article = make_article(gold.text, gold.dct, source=key)
        docs.append(doc)
    out = list(nlp.pipe(docs, batch_size=8))
    for doc in out:
        doc._.knowledge = kb
    return out


def examples(keys: list[str], docs: list, golds: list[dict[str, list[dict]]]) -> list[Row]:
    """(features, label, key, token index) for every candidate of every news sentence."""
    from dateline.stages.events.candidates import candidates_in
    from dateline.stages.events.decision import features
    from dateline.stages.events.filters import no_news

    rows = []
    for key, doc in zip(keys, docs, strict=True):
        cands = [c for sent in doc.sents if not no_news(doc, sent) for c in candidates_in(sent)]
        per_file = [labels(doc, cands, g.get(key, [])) for g in golds]
        for k, cand in enumerate(cands):
            label = next((ls[k] for ls in per_file if ls[k] != "NONE"), "NONE")
            rows.append((features(doc, cand), label, key, cand.trigger.anchor.i))
    return rows


def fit(rows: list[Row], c: float = C) -> dict:
    """The multinomial logistic regression over ``rows``, as the model file's content."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise TrainingError('training needs scikit-learn: pip install -e ".[train]"') from exc

    counts = Counter(f for r in rows for f in set(r[0]))
    keep = [{f: 1 for f in sorted(set(r[0])) if counts[f] >= MIN_COUNT} for r in rows]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(keep)
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=3000, random_state=SEED)
    model.fit(x, [r[1] for r in rows])
    classes = [str(k) for k in model.classes_]
    weights: dict[str, dict[str, float]] = {}
    for j, name in enumerate(vec.get_feature_names_out()):
        row = {cls: round(float(model.coef_[i, j]), 4) for i, cls in enumerate(classes)}
        row = {cls: w for cls, w in row.items() if abs(w) >= MIN_WEIGHT}
        if row:
            weights[str(name)] = row
    intercepts = {cls: round(float(b), 4) for cls, b in zip(classes, model.intercept_, strict=True)}
    return {"about": ABOUT, "C": c, "min_count": MIN_COUNT, "classes": classes, "intercepts": intercepts,
            "weights": weights}


def write(path: Path, model: dict) -> None:
    path.write_text(json.dumps(model, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = gold_arguments(__doc__.splitlines()[0], OUT, C)
    ap.add_argument("--gold", type=Path, nargs="*", default=None,
                    help="gold files, first wins (default: bench/events_gold/gold.json, else annotators A and B)")
    args = ap.parse_args(argv)
    files = args.gold or gold_files(args.extra)
    if not args.shared.is_dir():
        print(f"error: {args.shared} is absent (the gold articles' texts live there)", file=sys.stderr)
        return 2
    keys = gold_train_keys(args.limit, args.extra)
    try:
        rows = examples(keys, parsed(keys, args.shared), [read_gold(p) for p in files])
        model = fit(rows, args.c)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write(args.out, model)
    positives = sum(r[1] != "NONE" for r in rows)
    print(f"wrote {args.out}: {len(model['weights'])} features, {positives} events of {len(rows)} candidates "
          f"({', '.join(p.name for p in files)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
