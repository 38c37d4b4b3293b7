"""Shards (the Dask scale-out's tasks) read to exactly what read_inputs reads from the same files."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from dateline.ingest import ReadOptions, read_inputs
from dateline.scale import shards
from dateline.scale.columnar import from_tables, to_tables
from dateline.scale.shards import plan, read
from tests.conftest import EXAMPLES
from tests.test_ingest import HTML

BODY = "The minister said on Wednesday that the talks would resume. " * 4


def _read_sharded(paths: list[str], options: ReadOptions | None = None) -> list:
    return [item for shard in plan(paths, options) for item in read(shard, options)]


def _jsonl(tmp_path, n: int = 11):
    lines = []
    for i in range(n):
        if i == 4:
            lines.append("")  # blank: skipped, but counted in the line numbers
        elif i == 7:
            lines.append("{not json")
        else:
            lines.append(json.dumps({"title": f"t{i}", "text": f"{BODY} Number {i}.", "date": "2024-02-08"}))
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_jsonl_line_ranges_read_as_the_whole_file(tmp_path, monkeypatch):
    monkeypatch.setattr(shards, "LINES_PER_SHARD", 3)
    path = _jsonl(tmp_path)
    planned = list(plan([str(path)]))
    assert [s.kind for s in planned] == ["jsonl"] * 4 and [s.first_line for s in planned] == [1, 4, 7, 10]
    whole = list(read_inputs([str(path)]))
    assert _read_sharded([str(path)]) == whole
    assert [i.source for i in whole if not hasattr(i, "text")] == [f"{path}:8"]  # the bad line keeps its number


def test_gzip_jsonl_and_csv_are_one_shard_each(tmp_path):
    gz = tmp_path / "news.jsonl.gz"
    gz.write_bytes(gzip.compress(_jsonl(tmp_path).read_bytes()))
    csv = tmp_path / "news.csv"
    csv.write_text('title,text,date\nA,"' + BODY + '\nsecond line",2024-02-08\n')
    assert [(s.kind, s.paths) for s in plan([str(gz), str(csv)])] == [("files", (str(gz),)), ("files", (str(csv),))]


def test_warc_record_ranges_read_as_the_whole_archive(tmp_path, monkeypatch):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    monkeypatch.setattr(shards, "RECORDS_PER_SHARD", 2)
    path = tmp_path / "news.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(5):
            html = HTML.replace("Wednesday", ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"][i])
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                          payload=io.BytesIO(html.encode()), http_headers=headers))
    planned = list(plan([str(path)]))
    assert [s.kind for s in planned] == ["warc"] * 3
    whole = list(read_inputs([str(path)]))
    assert len(whole) == 5 and _read_sharded([str(path)]) == whole


def test_text_files_grouped_in_input_order(monkeypatch):
    monkeypatch.setattr(shards, "FILES_PER_SHARD", 5)
    planned = list(plan([str(EXAMPLES)]))
    assert all(len(s.paths) <= 5 for s in planned) and len(planned) >= 6
    assert _read_sharded([str(EXAMPLES)]) == list(read_inputs([str(EXAMPLES)]))
    assert len({s.id for s in planned}) == len(planned)
    assert [s.id for s in plan([str(EXAMPLES)])] == [s.id for s in planned]  # a shard's id is stable


def test_missing_file_is_a_shard_giving_its_rejection(tmp_path):
    missing = str(tmp_path / "gone.jsonl")
    (item,) = _read_sharded([missing])
    assert item.reason == "missing"


def test_columnar_round_trip(seed_extraction):
    from dateline.ingest.common import rejection

    bad = rejection("x.txt", "empty", "no text")
    items = [bad, seed_extraction]
    assert from_tables(to_tables(items)) == items


@pytest.mark.parametrize("value", ["local", "local:0", "remote:2", "local:x"])
def test_cluster_spec_checked(value):
    from dateline.scale.cluster import parse_cluster

    with pytest.raises(ValueError, match="local:N"):
        parse_cluster(value)


def test_a_task_extracts_each_article_once_and_writes_the_lake(tmp_path, nlp):
    """run_shard, as a worker runs it: a repeated article is extracted once; the lake gets one copy."""
    import dateline
    from dateline.scale.cluster import run_shard

    path = tmp_path / "news.jsonl"
    one = json.dumps({"title": "A", "text": BODY, "date": "2024-02-08"})
    two = json.dumps({"title": "B", "text": BODY + " Another sentence.", "date": "2024-03-01"})
    path.write_text("\n".join([one, two, one]) + "\n")
    (shard,) = plan([str(path)])
    back = from_tables(run_shard(shard, ReadOptions(), (None, None, ())).tables)
    assert [type(item).__name__ for item in back] == ["Extraction", "Extraction", "Article"]
    assert back[2].id == back[0].article.id
    known = frozenset([back[0].article.id])
    stored = from_tables(run_shard(shard, ReadOptions(), (None, None, ()), stored=known).tables)
    assert [type(item).__name__ for item in stored] == ["Article", "Extraction", "Article"]

    lake = tmp_path / "lake"
    result = run_shard(shard, ReadOptions(), (None, None, ()), lake=str(lake))
    assert result.articles == [back[0].article.id, back[1].article.id, back[0].article.id]
    months = dateline.open(str(lake)).sql("SELECT month FROM articles ORDER BY month").month.tolist()
    assert months == ["2024-02", "2024-03"]
    assert sorted(p.parent.name for p in (lake / "articles").rglob("*.parquet")) == ["month=2024-02", "month=2024-03"]
