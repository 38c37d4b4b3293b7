"""The ingest service: dedupe before the NLP, rejections stored with the batch, the lock held only on the store."""

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


class FakeExtraction:
    """Stands in for the NLP: records (article id, whether the store lock was held) for each article."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: list[tuple[str, bool]] = []

    def __call__(self, articles, **_options):
        for a in articles:
            self.seen.append((a.id, self.lock.locked()))
            yield Extraction(article=a)


@pytest.fixture()
def extracted(monkeypatch) -> FakeExtraction:
    fake = FakeExtraction()
    monkeypatch.setattr(dateline.jobs, "extract_articles", fake)
    return fake


def test_known_and_repeated_articles_skip_the_nlp(tmp_path, extracted):
    store = Store(tmp_path / "s.duckdb")
    store.write([Extraction(article=article(1))])
    items = [article(1), article(2), article(2), rejection("bad.txt", "empty", "empty document"), article(3)]
    summary = IngestService(store, batch_size=2, lock=extracted.lock).run(items)
    assert [a for a, _ in extracted.seen] == ["a2", "a3"]
    assert (summary.new, summary.already_stored, summary.rejected) == (2, 2, 1)
    assert store.known_article_ids() == {"a1", "a2", "a3"} and store.counts()["errors"] == 1
    assert summary.stories_updated == store.counts()["stories"] > 0


def test_the_lock_is_held_to_write_and_never_during_extraction(tmp_path, extracted, monkeypatch):
    store = Store(tmp_path / "s.duckdb")
    held_when_writing = []
    real_write = store.write
    monkeypatch.setattr(store, "write", lambda *a: held_when_writing.append(extracted.lock.locked()) or real_write(*a))
    IngestService(store, batch_size=2, lock=extracted.lock).run([article(n) for n in range(5)])
    assert [held for _, held in extracted.seen] == [False] * 5
    assert held_when_writing == [True] * 3  # batches of 2, 2 and 1


def test_a_run_remembers_only_the_articles_on_their_way_to_the_store(tmp_path, extracted, monkeypatch):
    """Repeats within a run are extracted once whether their first copy is still being extracted or already
    written, while the ids the run keeps stay bounded by the batches in flight, not by the input's length."""
    sizes = []

    class Recorded(dateline.jobs._InFlight):
        def settle(self) -> None:
            sizes.append(len(self.ids))
            super().settle()

    monkeypatch.setattr(dateline.jobs, "_InFlight", Recorded)
    items = []
    for n in range(120):
        items += [article(n)] + ([article(n - 1)] if n % 3 == 0 and n else []) + ([article(n - 30)] if n >= 30 else [])
    store = Store(tmp_path / "s.duckdb")
    summary = IngestService(store, batch_size=4, lock=extracted.lock).run(items)
    assert sorted(a for a, _ in extracted.seen) == sorted(f"a{n}" for n in range(120))  # each extracted once
    assert (summary.new, summary.already_stored) == (120, len(items) - 120)
    assert max(sizes) <= 8 < len(items)  # a chunk read ahead and the batch being written
