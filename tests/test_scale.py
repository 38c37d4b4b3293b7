"""The Dask scale-out on a real LocalCluster (2 worker processes on 127.0.0.1): the same records as
``--workers 1``, also when a worker is killed mid-task, and the Parquet lake with its windowed stories."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.jobs import ingest
from dateline.store import Store
from tests.conftest import EXAMPLES

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
pytestmark = pytest.mark.slow

runner = CliRunner()
RECORD_TABLES = ("articles", "mentions", "timexes", "quotes", "events", "stories", "storylines", "merged_events",
                 "errors")
STAMPS = ("ingested_at", "rejected_at", "month")  # when a row was written (and the lake's partition column)


def exports(db: Path, tmp_path: Path, tables=RECORD_TABLES, *, lake: bool = False) -> dict[str, list[dict]]:
    """Every table exported by ``dateline export`` (JSONL), without the write timestamps."""
    out = {}
    for name in tables:
        target = tmp_path / f"{db.name}.{name}.jsonl"
        result = runner.invoke(app, ["export", name, "--out", str(target), "--lake" if lake else "--db", str(db)])
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in target.read_text().splitlines()]
        out[name] = sorted(({k: v for k, v in r.items() if k not in STAMPS} for r in rows),
                           key=lambda r: json.dumps(r, sort_keys=True))
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> str:
    """The example articles and one empty document (a rejection, which must travel too)."""
    folder = tmp_path_factory.mktemp("inputs") / "articles"
    shutil.copytree(EXAMPLES, folder)
    (folder / "zz_empty.txt").write_text(" date 2024-02-08\n\n")
    return str(folder)


@pytest.fixture(scope="module")
def baseline(inputs, tmp_path_factory) -> tuple[Path, dict]:
    """The inputs ingested the ordinary way, in one process (--workers 1)."""
    tmp = tmp_path_factory.mktemp("baseline")
    db = tmp / "one.duckdb"
    summary = ingest([inputs], Store(db), workers=1, max_seconds=None)
    assert summary.new > 20 and summary.stories_updated > 0 and summary.rejected == 1
    return db, exports(db, tmp)


@pytest.fixture(scope="module")
def scheduler():
    """A LocalCluster of 2 worker processes on 127.0.0.1, reached by its address (as --scheduler does)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_cluster_cli_gives_the_exports_of_one_process(inputs, baseline, tmp_path):
    db = tmp_path / "cluster.duckdb"
    result = runner.invoke(app, ["ingest", inputs, "--db", str(db), "--cluster", "local:2"])
    assert result.exit_code == 3, result.output  # the empty document
    assert f"{len(baseline[1]['articles'])} new, 0 already stored, 1 rejected" in result.output
    assert "zz_empty.txt" in result.output
    assert exports(db, tmp_path) == baseline[1]


def test_scheduler_cli_skips_what_is_stored(inputs, baseline, scheduler, tmp_path):
    db = tmp_path / "again.duckdb"
    shutil.copy(baseline[0], db)
    again = runner.invoke(app, ["ingest", inputs, "--db", str(db), "--scheduler", scheduler])
    assert again.exit_code == 3, again.output
    assert f"0 new, {len(baseline[1]['articles'])} already stored, 1 rejected" in again.output
    assert exports(db, tmp_path) == baseline[1]


class KillFirstAttempt:
    """Kills the worker process running the task of shard ``victim`` (an id) the first time it runs."""

    def __init__(self, markers: Path, victim: str):
        self.markers, self.victim = markers, victim

    def __call__(self, shard) -> None:
        marker = self.markers / shard.id
        if shard.id == self.victim and not marker.exists():
            marker.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)


def test_killed_worker_loses_and_doubles_nothing(inputs, baseline, scheduler, tmp_path):
    from dateline.scale import ingest_to_store
    from dateline.scale.shards import plan

    markers = tmp_path / "killed"
    markers.mkdir()
    db = tmp_path / "killed.duckdb"
    victim = list(plan([inputs]))[1].id
    summary = ingest_to_store([inputs], Store(db), scheduler=scheduler, before=KillFirstAttempt(markers, victim))
    assert [p.name for p in markers.iterdir()] == [victim]  # its first attempt ran, and died with its worker
    assert (summary.new, summary.already_stored, summary.rejected) == (len(baseline[1]["articles"]), 0, 1)
    assert exports(db, tmp_path) == baseline[1]


def test_the_time_budget_applies_on_the_workers(scheduler, tmp_path):
    """--max-seconds on a cluster: each (daemonic) Dask worker extracts in a process it can stop; an article
    that never finishes, or kills that process, becomes a time-budget rejection and the rest of its shard
    and of the input goes on, each article stored once (the extraction process stands in for spaCy)."""
    from dateline.scale import ingest_to_store
    from tests.test_budget import fake_serve

    texts = [f"Article {n}." + (" SLOW" if n == 3 else " DIE" if n == 40 else "") for n in range(48)]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"n{n}", "date": "2024-02-08", "text": t}) + "\n"
                            for n, t in enumerate(texts)))
    db = tmp_path / "budget.duckdb"
    summary = ingest_to_store([str(feed)], Store(db), scheduler=scheduler, max_seconds=5.0, serve=fake_serve)
    assert (summary.new, summary.already_stored, summary.rejected) == (46, 0, 2)
    assert [(r.reason, r.source) for r in summary.rejections] == [("time-budget", f"{feed}:4"),
                                                                   ("time-budget", f"{feed}:41")]
    stored = Store(db)
    assert stored.counts()["articles"] == 46 and stored.counts()["errors"] == 2
    assert "time budget, --max-seconds" in stored.sql("SELECT message FROM errors")["message"][0]


@pytest.fixture(scope="module")
def lake(inputs, scheduler, tmp_path_factory) -> tuple[Path, object]:
    """The inputs ingested into a lake on the cluster, its stories linked in windows of 2 days (most
    multi-day stories cross a window's edge, which the overlap must keep)."""
    from dateline.scale import ingest_to_lake

    lake = tmp_path_factory.mktemp("lake") / "lake"
    return lake, ingest_to_lake([inputs], lake, scheduler=scheduler, window_days=2)


def test_lake_holds_the_store_records_and_its_stories(inputs, baseline, lake, tmp_path):
    from dateline.scale.stories import build_stories, windows

    lake, summary = lake
    assert summary.new == len(baseline[1]["articles"]) and summary.stories_updated == len(baseline[1]["stories"])
    assert [r.source for r in summary.rejections] == [str(Path(inputs) / "zz_empty.txt")]
    assert len(windows(lake, 2)) > 10
    spanning = [s for s in baseline[1]["stories"] if s["first_date"] != s["last_date"]]
    assert spanning, "the examples must hold stories over several days for the window test to mean anything"
    assert exports(lake, tmp_path, lake=True) == baseline[1]
    for days in (1, 365):  # computed here, without a cluster, over other windows: the same stories
        assert build_stories(lake, window_days=days) == len(baseline[1]["stories"])
        assert exports(lake, tmp_path, ("stories", "storylines", "merged_events"), lake=True) == {
            name: baseline[1][name] for name in ("stories", "storylines", "merged_events")}


def test_lake_readers_and_month_pruning(baseline, lake):
    """dateline.open, dateline events --lake and the API read a lake; a month filter skips other months' files."""
    import dateline

    lake, _ = lake
    store = dateline.open(str(lake))
    assert store.counts()["events"] == len(baseline[1]["events"])
    month = store.sql("SELECT month, count(*) AS n FROM events GROUP BY month ORDER BY n DESC LIMIT 1").iloc[0]
    # A file that is not Parquet in another month: a query reading it fails, one filtered to `month` does not.
    # (The view is bound to the first file's schema, so the broken one sorts last.)
    (lake / "events" / "month=2999-01").mkdir()
    (lake / "events" / "month=2999-01" / "part-broken.parquet").write_bytes(b"not parquet")
    assert store.sql("SELECT count(*) AS n FROM events WHERE month = ?", [month["month"]]).n[0] == month["n"]
    with pytest.raises(Exception, match="(?i)parquet"):
        store.sql("SELECT count(*) FROM events")
    (lake / "events" / "month=2999-01" / "part-broken.parquet").unlink()
    (lake / "events" / "month=2999-01").rmdir()

    listed = runner.invoke(app, ["events", "--lake", str(lake), "--format", "json", "--limit", "500"])
    assert listed.exit_code == 0, listed.output
    assert len(listed.output.splitlines()) == len(baseline[1]["events"])
    errors = runner.invoke(app, ["errors", "--lake", str(lake), "--format", "tsv"])
    assert "zz_empty.txt\tempty" in errors.output

    from fastapi.testclient import TestClient

    from dateline.api import create_app

    client = TestClient(create_app(lake))
    assert client.get("/api/events", params={"limit": 5}).json()["total"] == len(baseline[1]["events"])
    assert client.get("/api/stories").json()["total"] == len(baseline[1]["stories"])
    refused = runner.invoke(app, ["serve", "--lake", str(lake), "--token", "t"])
    assert refused.exit_code == 2 and "read-only" in refused.output



def test_lake_rerun_replaces_its_files(inputs, baseline, scheduler, lake, tmp_path):
    """Last of the lake tests: the same input again rewrites the same files with the same rows."""
    from dateline.scale import ingest_to_lake

    lake, first = lake
    files = sorted(p.relative_to(lake) for p in lake.rglob("*.parquet"))
    second = ingest_to_lake([inputs], lake, scheduler=scheduler)
    assert (second.new, second.already_stored, second.rejected) == (0, first.new, 1)
    assert sorted(p.relative_to(lake) for p in lake.rglob("*.parquet")) == files
    assert exports(lake, tmp_path, lake=True) == baseline[1]


def test_lake_needs_a_cluster(tmp_path):
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--lake", str(tmp_path / "lake")])
    assert result.exit_code == 2 and "--cluster" in result.output
