"""The ingest summary adds up (new + already stored + rejected = inputs), even when another run writes
into the same store between this run's look-up of an article and its write."""

from __future__ import annotations

import threading

import pytest

import dateline.jobs
from dateline.ingest.common import rejection
from dateline.jobs import IngestService
from dateline.model import Article, Extraction
from dateline.store import Store


def article(n: int) -> Article:
    return Article(id=f"a{n}", date="2024-02-08", text=f"Text {n} about Gaza.")


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_an_article_stored_by_another_run_meanwhile_counts_as_already_stored(tmp_path, monkeypatch, batch_size):
    """The race of two `dateline ingest` runs into one store, made deterministic: the "other run" stores
    a2 and a4 after this run looked them up as new and while it extracts them."""
    path = tmp_path / "s.duckdb"
    store = Store(path)
    other = Store(path)
    lock = threading.Lock()

    def extraction_racing_another_run(articles, **_options):
        for a in articles:
            if a.id in ("a2", "a4"):
                # The other run's write lands first. It stands for another process's (which DuckDB's file lock
                # keeps apart): this thread extracts while the service writes another batch, so it takes
                # the lock, lest two connections of one process write the file at once.
                with lock:
                    other.write([Extraction(article=a)])
            yield Extraction(article=a)

    monkeypatch.setattr(dateline.jobs, "extract_articles", extraction_racing_another_run)
    items = [article(n) for n in range(1, 7)] + [rejection("bad.txt", "empty", "empty document")]
    summary = IngestService(store, batch_size=batch_size, lock=lock).run(items)
    assert (summary.new, summary.already_stored, summary.rejected) == (4, 2, 1)
    assert summary.new + summary.already_stored + summary.rejected == len(items)
    assert store.known_article_ids() == {f"a{n}" for n in range(1, 7)}


RUN = """
import json, sys, time
import dateline.jobs
from dateline.jobs import IngestService
from dateline.model import Article, Extraction
from dateline.store import Store

def extraction(articles, **_options):  # the NLP's place: slow enough for the two runs to interleave
    for a in articles:
        time.sleep(0.02)
        yield Extraction(article=a)

dateline.jobs.extract_articles = extraction
items = [Article(id=f"a{n}", date="2024-02-08", text=f"Text {n}.") for n in range(int(sys.argv[2]))]
s = IngestService(Store(sys.argv[1], lock_timeout=60), batch_size=1).run(items)
print(json.dumps([s.new, s.already_stored, s.rejected]))
"""


def test_two_processes_ingesting_at_once_each_account_for_every_input(tmp_path):
    """Two processes ingest the same articles into one store at the same time (as two `dateline ingest`
    runs do): each one's summary adds up, and between them every article is new exactly once."""
    import json
    import subprocess
    import sys

    path, n = tmp_path / "s.duckdb", 40
    Store(path)
    runs = [subprocess.Popen([sys.executable, "-c", RUN, str(path), str(n)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = []
    for proc in runs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    for new, already, rejected in results:
        assert new + already + rejected == n, results
    assert sum(new for new, _, _ in results) == n
    assert len(Store(path).known_article_ids()) == n
