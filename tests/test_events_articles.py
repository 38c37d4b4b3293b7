"""The whole-article event scorer of ANNOTATION.md and the article gold it reads."""

from __future__ import annotations

import json

import pytest

from dateline.evaluation.events_articles import (
    DEFAULT_SHARED,
    GOLD_DIR,
    ScoredEvent,
    date_right,
    locate,
    match,
    read_annotations,
    read_splits,
    read_text,
    score,
)


def ev(typ, start, end, source=None, target=None, date=None, modality="asserted"):
    return ScoredEvent(typ, start, end, source, target, date, modality)


def test_pairs_are_one_to_one_by_type_and_largest_overlap():
    gold = [ev("ASSAULT", 0, 50), ev("ASSAULT", 40, 90), ev("ACCUSE", 0, 50)]
    system = [ev("ASSAULT", 30, 80), ev("ASSAULT", 0, 10), ev("REJECT", 0, 50)]
    # system 0 overlaps gold 1 by 40 and gold 0 by 20: it takes gold 1; system 1 then takes gold 0
    assert match(gold, system) == [(0, 1), (1, 0)]
    assert match([ev("ASSAULT", 0, 10)], [ev("ASSAULT", 10, 20)]) == []  # touching is no overlap


def test_dates_are_compared_at_the_golds_precision():
    assert date_right("2024-02", "2024-02-07") and date_right(None, "2024-02-07") and date_right(None, None)
    assert not date_right("2024-02-07", "2024-02") and not date_right("2024-02-07", None)
    assert not date_right("2024-02-07", "2024-02-08")


def test_report_counts_fields_and_all_fields_on_matches():
    gold = {"a": [ev("ASSAULT", 0, 50, "RUS", "UKR", "2022-02-24"), ev("ACCUSE", 60, 90, "USA", None)],
            "b": [ev("PROTEST", 0, 20)]}
    system = {"a": [ev("ASSAULT", 10, 40, "RUS", None, "2022-02-24"), ev("ACCUSE", 60, 90, "USA", None),
                    ev("REJECT", 0, 90)]}
    report = score(gold, system)
    assert (report.gold, report.system, report.matched) == (3, 3, 2)
    assert report.prf[0] == pytest.approx(2 / 3) and report.prf[1] == pytest.approx(2 / 3)
    assert report.field_accuracy("target") == 0.5 and report.field_accuracy("source") == 1.0
    assert report.all_right == 1 and report.all_fields == (pytest.approx(1 / 3), pytest.approx(1 / 3))
    assert [k for k, _ in report.misses] == ["b"] and [e.type for _, e in report.false_events] == ["REJECT"]
    rows = {row[0]: row for row in report.type_rows()}
    assert rows["ASSAULT"][1:4] == (1, 1, 1) and rows["REJECT"][1:4] == (0, 1, 0)


def test_reliability_bins_the_system_events_confidence():
    gold = {"a": [ev("ASSAULT", 0, 10)]}
    system = {"a": [ScoredEvent("ASSAULT", 0, 10, confidence=0.9), ScoredEvent("ACCUSE", 0, 10, confidence=0.1)]}
    bins = dict((label, (n, share)) for label, n, share in score(gold, system).reliability())
    assert bins["0.8–1.0"] == (1, 1.0) and bins["0.0–0.2"] == (1, 0.0)


def test_expected_calibration_error_weighs_each_bins_gap_by_its_events():
    gold = {"a": [ev("ASSAULT", 0, 10), ev("ACCUSE", 20, 30)]}
    right = [ScoredEvent("ASSAULT", 0, 10, confidence=0.9), ScoredEvent("ACCUSE", 20, 30, confidence=0.7)]
    wrong = [ScoredEvent("REJECT", 40, 50, confidence=0.75)]
    # bin 0.9: one event, right, gap 0.1; bin 0.7: two events, one right, gap |1.45 - 1| = 0.45
    assert score(gold, {"a": right + wrong}).calibration_error() == pytest.approx((0.1 + 0.45) / 3)
    assert score(gold, {"a": [ScoredEvent("ASSAULT", 0, 10, confidence=1.0)]}).calibration_error() == 0.0
    assert score(gold, {"a": [ScoredEvent("ASSAULT", 0, 10)]}).calibration_error() == 0.0  # no confidence
    report = score(gold, {"a": right + wrong})
    assert report.mean_confidence(0.6, 0.8) == pytest.approx(0.725)


def test_system_events_are_scored_by_their_plover_category():
    from dateline.model import Event, Span

    meeting = Event(id="e", type="CONSULT", plover_type="AGREE", modality="future", evidence=Span(3, 9, "to meet"))
    scored = ScoredEvent.from_event(meeting)
    assert (scored.type, scored.start, scored.end, scored.modality) == ("AGREE", 3, 9, "future")
    assert ScoredEvent.from_event(Event(id="e", type="ASSAULT", evidence=Span(0, 1, "x"))).type == "ASSAULT"


def test_locate_prefers_the_occurrence_nearest_the_hint():
    assert locate("a b a b", "a b") == (0, 3)
    assert locate("a b a b", "a b", hint=4) == (4, 7)
    assert locate("a b", "c") is None


needs_shared = pytest.mark.skipif(not DEFAULT_SHARED.is_dir(), reason="../shared (the gold articles' texts) is absent")


@needs_shared
@pytest.mark.parametrize("name", ["annotator_A.json", "annotator_B.json", "gold.json"])
def test_gold_offsets_point_at_their_evidence_in_the_shared_texts(name):
    path = GOLD_DIR / name
    if not path.exists():
        pytest.skip(f"{name} not built")
    data = json.loads(path.read_text(encoding="utf-8"))
    splits = read_splits()
    assert {a["key"] for a in data["articles"]} == set(splits)
    for art in data["articles"]:
        text = read_text(art["key"]).text
        for event in art["events"]:
            span = event["evidence"]
            assert text[span["start"]:span["end"]] == span["text"], (art["key"], span)
    assert sum(len(events) for events in read_annotations(path).values()) >= 1500


def test_splits_keep_a_happening_in_one_split():
    rows = [line.split("\t") for line in (GOLD_DIR / "splits.tsv").read_text().splitlines()[1:]]
    by_group: dict[str, set[str]] = {}
    for _key, group, split in rows:
        by_group.setdefault(group, set()).add(split)
    assert all(len(splits) == 1 for splits in by_group.values())
    assert {split for _, _, split in rows} == {"train", "dev", "test"} and len(rows) == 200
