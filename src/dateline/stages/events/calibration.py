"""Calibrated confidence: ``Event.confidence`` as the probability that the event is right in type and span.

The coder's scores are rankings, not probabilities: the rules' score (``coder._confidence``, blended with
the model's) and the learned model's probability of the event's type (``decision.py``), which is shared
among the events one word codes. A logistic regression over those two scores (as log-odds) and a few
facts of the coded event (what produced it, its PLOVER category and modality, whether its actors have a
country, whether its date was read from the text, whether it sits in a quote) maps them to the chance that
the scorer of ANNOTATION.md matches the event to a gold event (same type, overlapping evidence). It is
trained on the events dateline codes on the train split of ``bench/events_gold`` by ``python -m
dateline.train.event_confidence`` and shipped as weights in ``resources/events/confidence_model.json``;
applying it is a dot product and a sigmoid in numpy.

The model's probability of each event is noted by the coder while it builds the events of a sentence
(:func:`note`), keyed by the event's evidence and type (an event keeps both when a later step replaces it,
``context.inherit_doers``), and read back at the end of the stage (:func:`calibrated`). Without the model
file (a checkout that has not trained one) events keep the coder's score.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc

from dateline.model import Event
from dateline.resources import ROOT

MODEL_FILE = ROOT / "events" / "confidence_model.json"
_NOTES = "dateline_events_model_probability"  # doc.user_data key of the noted model probabilities
_CLIP = 0.005  # scores are clipped to [_CLIP, 1 - _CLIP] before their log-odds are taken


def logit(p: float) -> float:
    p = min(max(p, _CLIP), 1 - _CLIP)
    return math.log(p / (1 - p))


def _key(ev: Event) -> tuple[int, int, str]:
    return ev.evidence.start, ev.evidence.end, ev.type


def note(doc: Doc, ev: Event, model_probability: float) -> None:
    """Keep the learned model's probability for ``ev`` until :func:`calibrated` reads it."""
    doc.user_data.setdefault(_NOTES, {})[_key(ev)] = model_probability


def forget(doc: Doc) -> None:
    """Drop the noted probabilities (before the Doc's events are coded again)."""
    doc.user_data.pop(_NOTES, None)


def noted(doc: Doc, ev: Event) -> float | None:
    return doc.user_data.get(_NOTES, {}).get(_key(ev))


def _provenance_kind(ev: Event) -> str:
    return (ev.provenance or "none").split(":", 1)[0]


def features(ev: Event, model_probability: float | None) -> dict[str, float]:
    """The calibrator's inputs for an event whose ``confidence`` is still the coder's score."""
    out = {"raw": logit(ev.confidence)}
    if model_probability is None:
        out["model_unknown"] = 1.0
    else:
        out["model"] = logit(model_probability)
    facts = [f"provenance={_provenance_kind(ev)}", f"type={ev.plover_type or ev.type}", f"modality={ev.modality}"]
    if ev.source is not None:
        facts.append("source_country" if ev.source.country else "source_no_country")
    if ev.target is not None:
        facts.append("target_country" if ev.target.country else "target_no_country")
    if ev.date_resolved:
        facts.append("date_resolved")
    if ev.quote_id is not None:
        facts.append("in_quote")
    out.update(dict.fromkeys(facts, 1.0))
    return out


@lru_cache(maxsize=1)
def load_model() -> tuple[dict[str, int], np.ndarray, float] | None:
    """(feature -> column, weights, intercept) of the shipped calibrator, None when there is none."""
    if not MODEL_FILE.exists():
        return None
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    names = sorted(data["weights"])
    return ({name: i for i, name in enumerate(names)}, np.array([data["weights"][n] for n in names], dtype=float),
            float(data["intercept"]))


def probabilities(rows: list[dict[str, float]], model: tuple[dict[str, int], np.ndarray, float]) -> np.ndarray:
    """The calibrated probability of each event's features (a logistic regression's sigmoid)."""
    columns, weights, intercept = model
    x = np.zeros((len(rows), len(weights)))
    for i, feats in enumerate(rows):
        for name, value in feats.items():
            j = columns.get(name)
            if j is not None:
                x[i, j] = value
    return 1.0 / (1.0 + np.exp(-(x @ weights + intercept)))


def calibrated(doc: Doc, events: list[Event]) -> list[Event]:
    """The events with ``confidence`` set to the calibrator's probability (rounded to 3 decimals)."""
    model = load_model()
    if model is None or not events:
        return events
    for ev, p in zip(events, probabilities([features(ev, noted(doc, ev)) for ev in events], model), strict=True):
        ev.confidence = round(float(p), 3)
    return events
