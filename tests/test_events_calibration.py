"""The events' confidence is a calibrated probability: the shipped calibrator loads, maps the coder's score
into [0, 1], rises with it (keeping the coder's order), and is what the stage stores."""

from __future__ import annotations

import itertools

from dateline.model import Event, Span
from dateline.stages.events import calibration


def _event(confidence: float) -> Event:
    return Event(id="e", type="ASSAULT", evidence=Span(0, 10, "x attacked"), confidence=confidence)


def test_the_shipped_calibrator_loads_and_rises_with_the_score():
    model = calibration.load_model()
    assert model is not None
    slope, _ = model
    assert slope > 0  # a higher score never lowers the probability


def test_probabilities_lie_in_0_1_and_rise_strictly_with_the_coders_score():
    model = calibration.load_model()
    scores = [0.0, 0.01, 0.05, 0.2, 0.4, 0.5, 0.6, 0.8, 0.95, 0.99, 1.0]
    probs = list(calibration.probabilities(scores, model))
    assert all(0.0 < p < 1.0 for p in probs)
    inner = probs[1:-1]  # scores beyond the clip share its value
    assert all(a < b for a, b in itertools.pairwise(inner)), inner
    assert probs[0] <= probs[1] and probs[-2] <= probs[-1]


def test_calibrated_events_take_the_calibrators_probability():
    model = calibration.load_model()
    events = calibration.calibrated([_event(0.3), _event(0.7)])
    expected = [round(float(p), 3) for p in calibration.probabilities([0.3, 0.7], model)]
    assert [ev.confidence for ev in events] == expected and expected[0] < expected[1]


def test_the_stage_stores_the_calibrated_probability_in_the_coders_order(nlp):
    from dateline.stages.events.component import coded_events
    from tests.conftest import process_seed

    doc = process_seed(nlp)
    stored = {ev.id: ev.confidence for ev in doc._.events}
    raw = {ev.id: ev.confidence for ev in coded_events(doc)}  # the coder's scores, before calibration
    assert stored.keys() == raw.keys() and len(set(stored.values())) > 1
    assert all(0.0 <= c <= 1.0 for c in stored.values())
    model = calibration.load_model()
    assert stored == {i: round(float(p), 3) for i, p in zip(raw, calibration.probabilities(list(raw.values()), model),
                                                               strict=True)}
    for a, b in itertools.combinations(raw, 2):  # never reordered (rounding may tie)
        assert (raw[a] - raw[b]) * (stored[a] - stored[b]) >= 0


def test_without_a_calibrator_events_keep_the_coders_score(monkeypatch, tmp_path):
    monkeypatch.setattr(calibration, "MODEL_FILE", tmp_path / "absent.json")
    calibration.load_model.cache_clear()
    try:
        assert calibration.calibrated([_event(0.37)])[0].confidence == 0.37
    finally:
        calibration.load_model.cache_clear()
