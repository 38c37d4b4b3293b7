"""The throughput helpers: replicated articles and the report's ratios (no timing is asserted)."""

from __future__ import annotations

from dateline.model import ActorRef, Article, Event, Extraction, Mention, Span, Timex
from dateline.throughput import REPORT_COLUMNS, Measurement, lengthen, replicate, report, shifted_copy


def test_replicate_shifts_dates_and_keeps_ids_distinct():
    base = [Article(id="a", date="2024-02-08", text="x"), Article(id="b", date="2024-02-09", text="y")]
    out = replicate(base, 5)
    assert len(out) == 6 and len({a.id for a in out}) == 6
    assert [a.date for a in out[:4]] == ["2024-02-08", "2024-02-09", "2024-02-09", "2024-02-10"]


def test_report_gives_each_mode_its_ratio_to_the_bare_parse():
    rows = [Measurement("bare", "—", 100, 10.0, 5000, 300.0), Measurement("ingest", "all", 100, 20.0, 5000, 500.0)]
    table = report(rows)
    assert len(table[0]) == len(REPORT_COLUMNS)
    assert [r[REPORT_COLUMNS.index("× bare")] for r in table] == ["1.00", "0.50"]
    assert table[1][REPORT_COLUMNS.index("articles/s")] == "5.0"


def test_lengthen_joins_the_next_articles_until_the_size():
    base = [Article(id=f"a{i}", date=f"2024-02-0{i + 1}", text=f"Article {i} text.", title=f"T{i}") for i in range(3)]
    out = lengthen(base, 40)
    assert [a.id for a in out] == ["a0-long", "a1-long", "a2-long"] and all(len(a.text) >= 40 for a in out)
    assert out[2].text.startswith("Article 2 text.\n\nArticle 0 text.") and out[2].date == "2024-02-03"
    assert out[1].title == "T1"


def test_shifted_copy_moves_the_date_and_renames_every_record():
    text = "Netanyahu rejected it."
    ex = Extraction(
        Article(id="a", date="2024-02-08T10:00:00", text=text),
        entities=[Mention("m", 0, 9, "Netanyahu", "PERSON", 0.9)],
        timexes=[Timex("t", 0, 1, "x", "DATE", "2024-02-07", anchor_id="t0")],
        events=[Event("e", "REJECT", Span(0, 22, text), source=ActorRef(0, 9, "Netanyahu"), quote_id="q")],
    )
    copy = shifted_copy(ex, 3, 22)
    assert copy.article.id == "a-3" and copy.article.date == "2024-04-14T10:00:00"
    assert [copy.entities[0].id, copy.timexes[0].id, copy.timexes[0].anchor_id] == ["m-3", "t-3", "t0-3"]
    assert (copy.events[0].id, copy.events[0].quote_id, copy.events[0].type) == ("e-3", "q-3", "REJECT")
    assert ex.article.id == "a" and ex.events[0].id == "e"  # the original is left as it was
