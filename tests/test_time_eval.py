"""The TimeML reader and TempEval-3 scorer of dateline.evaluation.timeml, on hand-made gold."""

from __future__ import annotations

import pytest

from dateline.evaluation.timeml import GoldTimex, Score, canonical_value, doc_errors, read_tml, score_doc

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" temporalFunction="false"
 functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TEXT>
Bombs <EVENT eid="e1" class="OCCURRENCE">exploded</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07"
>Friday</TIMEX3> &amp; talks <EVENT eid="e2" class="OCCURRENCE">lasted</EVENT> <TIMEX3 tid="t2"
type="DURATION" value="P2W" mod="MORE_THAN">more than two weeks</TIMEX3>, <TIMEX3 tid="t3" type="DATE"
value="PRESENT_REF">now</TIMEX3>.<TIMEX3 tid="t4" type="DATE" value="1998"/>
</TEXT>
</TimeML>
"""


@pytest.fixture()
def doc(tmp_path):
    path = tmp_path / "TEST001.tml"
    path.write_text(TML, encoding="utf-8")
    return read_tml(path)


def test_reader_strips_tags_and_keeps_offsets(doc):
    assert doc.id == "TEST001" and doc.dct == "1998-08-07"
    assert [t.text for t in doc.timexes] == ["Friday", "more than two weeks", "now"]  # DCT and empty excluded
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text
    assert "&" in doc.text and "<EVENT" not in doc.text
    assert doc.timexes[1].mod == "MORE_THAN" and doc.timexes[1].type == "DURATION"


def test_perfect_system_scores_one(doc):
    sc = score_doc(doc.timexes, list(doc.timexes))
    assert sc.prf(sc.strict) == (1.0, 1.0, 1.0)
    assert sc.type_accuracy == 1.0 and sc.value_accuracy == 1.0 and sc.value_f1 == 1.0


def test_strict_relaxed_and_attribute_scores(doc):
    friday, weeks, _now = doc.timexes
    system = [
        GoldTimex(friday.start, friday.end, "Friday", "DATE", "1998-08-07"),  # exact, right
        GoldTimex(weeks.start + 10, weeks.end, "two weeks", "DURATION", "P3W"),  # overlap, wrong value
        GoldTimex(0, 5, "Bombs", "DATE", "XXXX"),  # spurious
    ]
    sc = score_doc(doc.timexes, system)
    assert (sc.gold, sc.system, sc.strict, sc.relaxed) == (3, 3, 1, 2)
    p, r, f = sc.prf(sc.relaxed)
    assert p == pytest.approx(2 / 3) and r == pytest.approx(2 / 3) and f == pytest.approx(2 / 3)
    assert sc.prf(sc.strict)[2] == pytest.approx(1 / 3)
    assert sc.type_accuracy == 1.0 and sc.value_accuracy == 0.5
    assert sc.value_f1 == pytest.approx(2 / 3 * 0.5)
    assert sc.value_errors[("more than two weeks", "P2W", "P3W")] == 1
    assert sc.missed["now"] == 1 and sc.spurious["bombs"] == 1


def test_one_system_timex_matches_one_gold_only():
    gold = [GoldTimex(0, 6, "Friday", "DATE", "1"), GoldTimex(7, 14, "morning", "TIME", "2")]
    system = [GoldTimex(0, 14, "Friday morning", "TIME", "2")]
    sc = score_doc(gold, system)
    assert sc.relaxed == 1 and sc.strict == 0 and sc.value_ok == 0


def test_scores_add_up_across_documents():
    total = Score()
    one = score_doc([GoldTimex(0, 3, "now", "DATE", "PRESENT_REF")], [GoldTimex(0, 3, "now", "DATE", "PRESENT_REF")])
    two = score_doc([GoldTimex(0, 5, "today", "DATE", "1998-08-07")], [])
    total.add(one)
    total.add(two)
    assert (total.gold, total.system, total.relaxed, total.value_ok) == (2, 1, 1, 1)
    assert total.prf(total.relaxed) == (1.0, 0.5, pytest.approx(2 / 3))


def test_notational_variants_of_one_value_are_equal():
    gold = [GoldTimex(0, 9, "this week", "DATE", "2000-W7"), GoldTimex(10, 19, "the 1990s", "DATE", "199X"),
            GoldTimex(20, 28, "midnight", "TIME", "1989-10-27T24"), GoldTimex(30, 36, "Friday", "DATE", "1998-10-23")]
    system = [GoldTimex(0, 9, "this week", "DATE", "2000-W07"), GoldTimex(10, 19, "the 1990s", "DATE", "199"),
              GoldTimex(20, 28, "midnight", "TIME", "1989-10-27T24:00"),
              GoldTimex(30, 36, "Friday", "DATE", "1998-10-23TNI")]  # a finer granularity is not a variant
    sc = score_doc(gold, system)
    assert sc.value_ok == 3
    assert canonical_value("2000-W17") == "2000-W17" and canonical_value("19") == canonical_value("19XX")
    assert canonical_value("1989") != canonical_value("198X")


def test_exact_duration_conversions_are_the_same_value():
    assert canonical_value("P2.5Y") == canonical_value("P2Y6M")
    assert canonical_value("PT5.5H") == canonical_value("PT5H30M")
    assert canonical_value("P3Q") == canonical_value("P9M") and canonical_value("P1E") == canonical_value("P10Y")
    assert canonical_value("P2L") == canonical_value("P2000Y")
    assert canonical_value("P4.5M") != canonical_value("P4M")  # half a month has no exact smaller unit
    assert canonical_value("P1D") != canonical_value("PT24H")  # a calendar day is not 24 hours


def test_error_dump_lists_every_disagreement_with_context():
    text = "Bombs exploded Friday and talks lasted more than two weeks, now."
    gold = [GoldTimex(15, 21, "Friday", "DATE", "1998-08-07"), GoldTimex(39, 58, "more than two weeks", "DURATION",
                                                                         "P2W", "MORE_THAN"),
            GoldTimex(60, 63, "now", "DATE", "PRESENT_REF")]
    system = [GoldTimex(15, 21, "Friday", "DATE", "1998-08-07"), GoldTimex(49, 58, "two weeks", "DURATION", "P3W"),
              GoldTimex(0, 5, "Bombs", "DATE", "XXXX")]
    lines = doc_errors(text, gold, system, width=10)
    assert [line.split(" | ")[0] for line in lines] == ["SPUR", "VALUE+SPAN", "MISS"]
    assert "'more than two weeks' DURATION P2W MORE_THAN | 'two weeks' DURATION P3W" in lines[1]
    assert lines[2].endswith("...wo weeks, now....")  # the context around the missed "now"
