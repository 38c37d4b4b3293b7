"""Calibrated confidence: ``Event.confidence`` as the probability that the event is right in type and span.

The coder's score (``coder._confidence``, the rules' score blended with the learned model's probability) ranks
events but is no probability. Platt scaling — a logistic regression on the score's log-odds — maps it to the
chance that the scorer of ANNOTATION.md matches the event to a gold event (same type, overlapping evidence).
It is fitted on the events dateline codes on the train split of ``bench/events_gold`` by ``python -m
dateline.train.event_confidence`` and shipped as two numbers in ``resources/events/confidence_model.json``;
applying it is a sigmoid in numpy at the end of the events stage. Without the file (a checkout that has not
trained one) events keep the coder's score.

Why the score alone: a calibrator that also weighs the model's probability, the event's type, modality and
provenance is sharper on dev (log-loss 0.60 against 0.67), but it reorders the events of a sentence, and a
consumer that takes a sentence's most confident event as its event (bench/events_eval.py: PLOVER gold type
accuracy 0.854 -> 0.835) loses. A strictly increasing map of the score keeps the coder's order.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import numpy as np

from dateline.model import Event
from dateline.resources import ROOT

MODEL_FILE = ROOT / "events" / "confidence_model.json"
_CLIP = 0.005  # scores are clipped to [_CLIP, 1 - _CLIP] before their log-odds are taken


def logit(p: float) -> float:
    p = min(max(p, _CLIP), 1 - _CLIP)
    return math.log(p / (1 - p))


def features(ev: Event) -> dict[str, float]:
    """The calibrator's input for an event whose ``confidence`` is still the coder's score."""
    return {"raw": logit(ev.confidence)}


@lru_cache(maxsize=1)
def load_model() -> tuple[float, float] | None:
    """(slope, intercept) of the shipped calibrator on the score's log-odds, None when there is none."""
    if not MODEL_FILE.exists():
        return None
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return float(data["weights"]["raw"]), float(data["intercept"])


def probabilities(scores: list[float], model: tuple[float, float]) -> np.ndarray:
    """The calibrated probability of each coder's score (a sigmoid of slope x log-odds + intercept)."""
    slope, intercept = model
    x = np.array([logit(s) for s in scores], dtype=float)
    return 1.0 / (1.0 + np.exp(-(slope * x + intercept)))


def calibrated(events: list[Event]) -> list[Event]:
    """The events with ``confidence`` set to the calibrator's probability (rounded to 3 decimals)."""
    model = load_model()
    if model is None or not events:
        return events
    for ev, p in zip(events, probabilities([ev.confidence for ev in events], model), strict=True):
        ev.confidence = round(float(p), 3)
    return events
