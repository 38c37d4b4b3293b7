"""The acceptance model of the events stage: its probability, its threshold, its training."""

from __future__ import annotations

import json

import pytest

from dateline.evaluation import DEFAULT_SHARED
from dateline.stages.events import acceptance
from dateline.train import event_acceptance as train_acceptance
from tests.conftest import retrain_twice


def test_the_shipped_model_loads_with_a_threshold_and_sorted_weights():
    intercept, weights, threshold = acceptance.load_model()
    assert weights and 0 < threshold < 1
    text = (acceptance.ROOT / "events" / acceptance.MODEL_FILE).read_text(encoding="utf-8")
    assert list(json.loads(text)["weights"]) == sorted(json.loads(text)["weights"])


def test_probability_is_a_logistic_of_the_summed_weights():
    model = (0.5, {"a": 1.0, "b": -2.0}, 0.3)
    assert acceptance.probability([], model) == pytest.approx(1 / (1 + 2.718281828 ** -0.5))
    assert acceptance.probability(["a", "a"], model) == pytest.approx(1 / (1 + 2.718281828 ** -1.5))  # a set
    assert acceptance.probability(["a", "b", "unknown"], model) < acceptance.probability(["a"], model)


def test_event_features_name_what_the_scorer_asks_about(nlp):
    import dateline
    from dateline import nlp as nlp_module

    component = nlp_module.load(None, None, ()).get_pipe("dateline_events")
    doc = nlp_module.load(None, None, ()).make_doc("Israel attacked the town on Monday.")
    art = dateline.extract("Israel attacked the town on Monday.", date="2024-02-08")
    assert art.events
    for name, proc in nlp_module.load(None, None, ()).pipeline:
        if name == "dateline_events":
            break
        doc = proc(doc)
    from dateline.ingest.common import make_article

    doc._.article = make_article(doc.text, "2024-02-08", source="t")
    scored = component.scored(doc)
    assert scored
    ev, feats = scored[0]
    assert {"ev_type=ASSAULT", "ev_modality=asserted", "ev_source_country=True"} <= set(feats)
    assert any(f.startswith("lemma=") for f in feats)  # the candidate's own features come along


def test_threshold_is_the_best_out_of_fold_f1():
    pytest.importorskip("sklearn", reason="the train extra is not installed")
    # 40 articles; a feature that marks right events, noise elsewhere
    rows = []
    for k in range(40):
        for i in range(6):
            right = int(i < 3)
            rows.append(([f"good={right}", f"w={i % 2}"], right, f"art{k}"))
    cut, table = train_acceptance.threshold(rows, n_gold=40 * 3, c=1.0)
    best = max(f for _, _, _, f in table)
    assert [t for t, _, _, f in table if f >= best - train_acceptance.F1_SLACK][0] == cut
    assert dict((t, p) for t, p, _, _ in table)[cut] == pytest.approx(1.0)


@pytest.mark.skipif(not (DEFAULT_SHARED / "corpus").is_dir(), reason=f"no shared data at {DEFAULT_SHARED}")
@pytest.mark.slow
def test_a_small_retrain_is_byte_identical(tmp_path):
    pytest.importorskip("sklearn", reason="the train extra is not installed")
    first, second = retrain_twice("event_acceptance", 10, tmp_path)
    assert first == second
    assert json.loads(first)["weights"]
