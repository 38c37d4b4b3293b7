"""The throughput helpers: replicated articles and the report's ratios (no timing is asserted)."""

from __future__ import annotations

from dateline.model import Article
from dateline.throughput import REPORT_COLUMNS, Measurement, replicate, report


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
