"""The events' confidence is a calibrated probability: the shipped calibrator loads, maps the coder's scores
into [0, 1], rises with them, and is what the stage stores."""

from __future__ import annotations

import itertools

import pytest

from dateline.model import ActorRef, Event, Span
from dateline.stages.events import calibration


def _event(confidence: float, **kw) -> Event:
    return Event(id="e", type="ASSAULT", evidence=Span(0, 10, "x attacked"), confidence=confidence, **kw)


def test_the_shipped_calibrator_loads_with_both_scores():
    model = calibration.load_model()
    assert model is not None
    columns, weights, _ = model
    assert {"raw", "model"} <= set(columns)
    assert weights[columns["raw"]] > 0 and weights[columns["model"]] > 0  # a higher score never lowers it


@pytest.mark.parametrize("provenance,modality,source", [
    ("rule:event:attack", "asserted", ActorRef(0, 1, "Israel", country="ISR")),
    ("model:event_model", "hypothetical", None),
    ("pattern:p1", "historical", ActorRef(0, 1, "gunmen")),
])
def test_probabilities_lie_in_0_1_and_rise_with_each_raw_score(provenance, modality, source):
    model = calibration.load_model()
    scores = [0.0, 0.01, 0.2, 0.5, 0.8, 0.99, 1.0]
    for model_probability in (None, 0.05, 0.9):
        rows = [calibration.features(_event(s, provenance=provenance, modality=modality, source=source),
                                     model_probability) for s in scores]
        probs = list(calibration.probabilities(rows, model))
        assert all(0.0 <= p <= 1.0 for p in probs)
        assert all(a <= b for a, b in itertools.pairwise(probs)), probs
    by_model = [calibration.features(_event(0.5, provenance=provenance, modality=modality, source=source), m)
                for m in (0.01, 0.3, 0.6, 0.99)]
    probs = list(calibration.probabilities(by_model, model))
    assert all(a < b for a, b in itertools.pairwise(probs)), probs


def test_the_stage_stores_the_calibrated_probability(nlp):
    from conftest import process_seed

    doc = process_seed(nlp)
    events = doc._.events
    assert events and all(0.0 <= ev.confidence <= 1.0 for ev in events)
    assert len({ev.confidence for ev in events}) > 1
    # each stored confidence is the calibrator's output for the coder's scores of that event
    from dateline.stages.events.component import coded_events

    raw = coded_events(doc)
    model = calibration.load_model()
    expected = {ev.id: round(float(p), 3) for ev, p in zip(
        raw, calibration.probabilities([calibration.features(ev, calibration.noted(doc, ev)) for ev in raw], model),
        strict=True)}
    assert {ev.id: ev.confidence for ev in events} == expected


def test_without_a_calibrator_events_keep_the_coders_score(monkeypatch, tmp_path):
    monkeypatch.setattr(calibration, "MODEL_FILE", tmp_path / "absent.json")
    calibration.load_model.cache_clear()
    try:
        events = [_event(0.37)]
        assert calibration.calibrated(None, events)[0].confidence == 0.37
    finally:
        calibration.load_model.cache_clear()
