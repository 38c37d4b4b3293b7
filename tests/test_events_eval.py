"""The PLOVER gold scorer (dateline.evaluation.events) on hand-made gold, and bench/events_eval.py's
behaviour without the gold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.evaluation import events
from dateline.model import ActorRef, Event, Span

EVENTS_EVAL = Path(__file__).resolve().parents[1] / "bench" / "events_eval.py"


GOLD = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "metadata"},
    {"id": "a", "date": "2000-01-01", "event": "DEMAND", "text": "X demanded Y.",
     "source": [{"actorText": "X", "code": "USA", "sector": "GOV"}], "target": [{"actorText": "Y", "code": "RUS"}]},
    {"id": "b", "date": "2000-01-01", "event": "DISAPPROVE", "text": "X criticized Y.",
     "source": [{"actorText": "X", "code": "IGO"}], "target": ""},
    {"id": "c", "event": "FIGHT", "mode": "firearms", "text": "X shot at Y.",
     "source": [{"actorText": "X", "code": "ISR", "sector": "MIL"}, {"actorText": "Z", "code": "EGY"}]},
    {"id": "d", "event": "PROTEST", "mode": "strike-hun", "text": "X began a hunger strike.", "source": []},
]


def test_load_gold_maps_old_labels(tmp_path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(GOLD))
    golds = events.load_gold(path)
    assert [g.id for g in golds] == ["a", "b", "c", "d"]  # DOCUMENT skipped
    assert [(g.type, g.mode) for g in golds] == [("REQUEST", None), ("ACCUSE", "disapprove"),
                                                 ("ASSAULT", "firearms"), ("PROTEST", "hunger")]
    assert golds[2].date == events.DEFAULT_DATE and golds[1].targets == []


def _event(typ, conf, start, mode=None, src=None, tgt=None, plover=None):
    return Event(id=f"{typ}{start}", type=typ, evidence=Span(start, start + 1, "x"), mode=mode, confidence=conf,
                 source=src, target=tgt, plover_type=plover)


def test_pick_highest_confidence_then_earliest():
    a, b, c = _event("AGREE", 0.5, 3), _event("REJECT", 0.8, 9), _event("ACCUSE", 0.8, 2)
    assert events.pick([a, b, c]) is c
    assert events.pick([]) is None
    coded = events.to_predicted(_event("CONSULT", 0.7, 0, plover="AGREE"))
    assert coded.type == "AGREE"


def test_score_figures(tmp_path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(GOLD))
    golds = events.load_gold(path)
    usa_gov = ActorRef(0, 1, "X", country="USA", sector="GOV")
    preds = [
        events.Predicted("REQUEST", None, ("USA", "GOV"), ("RUS", "MIL")),  # right type, both actors' countries
        events.Predicted("REJECT", None, (None, "IGO"), None),  # wrong type; IGO code matches the sector
        events.Predicted("ASSAULT", "heavy-weapons", ("EGY", None), None),  # any compound member counts
        events.Predicted(),  # no event found
    ]
    assert events.to_predicted(_event("REQUEST", 0.9, 0, src=usa_gov)).source == ("USA", "GOV")
    result = events.score(golds, preds)
    assert result["type_acc"] == pytest.approx(0.5) and result["raw_type_acc"] == pytest.approx(0.5)
    # per gold class F1: REQUEST 1, ACCUSE 0, ASSAULT 1, PROTEST 0
    assert result["macro_f1"] == pytest.approx(0.5)
    assert result["confusion"][("ACCUSE", "REJECT")] == 1 and result["confusion"][("PROTEST", "NONE")] == 1
    assert (result["source_n"], result["source_country"]) == (3, pytest.approx(1.0))
    assert result["target_n"] == 1 and result["target_country"] == pytest.approx(1.0)
    assert result["target_country_sector"] == pytest.approx(1.0)  # gold target has no sector
    assert (result["mode_n"], result["mode_acc"]) == (3, pytest.approx(0.0))
    table = events.table(result, {"pipeline": 10.0, "bare": 20.0})
    assert "| event-type accuracy | 0.500 | 4 |" in table and "docs/s bare spaCy parse | 20.0" in table


def test_missing_gold_is_skipped(tmp_path):
    done = subprocess.run([sys.executable, str(EVENTS_EVAL), str(tmp_path / "nowhere")],
                          capture_output=True, text=True, check=True)
    assert "skipped" in done.stdout


def test_old_gold_codes_and_sectors_are_mapped():
    japan = [{"actorText": "Tokyo", "code": "JAP", "sector": "GOV"}]
    assert events.actor_hit(japan, ("JPN", "GOV"), True)
    assert not events.actor_hit(japan, ("JPN", None), True)
    unknown = [{"actorText": "Israel", "code": "ISR", "sector": "***"}]  # "***": no sector to score
    assert events.actor_hit(unknown, ("ISR", None), True)
    civilians = [{"actorText": "Libyans", "code": "LBY", "sector": "CIV"}]
    assert events.actor_hit(civilians, ("LBY", "CVL"), True) and not events.actor_hit(civilians, ("LBY", "GOV"), True)


def test_stateless_armed_group_scores_as_img():
    gold = [{"actorText": "al-Qaeda", "code": "IMG", "sector": None}]
    assert events.actor_hit(gold, (None, "REB"), False)  # kb.plover_code: no country + REB -> IMG
    assert not events.actor_hit(gold, ("IRQ", "REB"), False)  # a national group is not IMG
    assert not events.actor_hit(gold, (None, "IGO"), False)
