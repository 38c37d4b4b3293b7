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


class OwnedLock:
    """A lock that knows which thread holds it (the writer may hold it while the reader's thread extracts)."""

    def __init__(self) -> None:
        self._lock, self.owner = threading.Lock(), None

    def __enter__(self):
        self._lock.acquire()
        self.owner = threading.get_ident()
        return self

    def __exit__(self, *_exc) -> None:
        self.owner = None
        self._lock.release()

    def held_here(self) -> bool:
        return self.owner == threading.get_ident()


class FakeExtraction:
    """Stands in for the NLP: records (article id, whether its thread held the store lock) for each article."""

    def __init__(self) -> None:
        self.lock = OwnedLock()
        self.seen: list[tuple[str, bool]] = []

    def __call__(self, articles, **_options):
        for a in articles:
            self.seen.append((a.id, self.lock.held_here()))
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
    assert summary.stories_updated >= store.counts()["stories"] > 0  # a story rewritten by each batch it grows in


def test_the_lock_is_held_to_write_and_never_during_extraction(tmp_path, extracted, monkeypatch):
    store = Store(tmp_path / "s.duckdb")
    held_when_writing = []
    real_write = store.write
    monkeypatch.setattr(store, "write",
                        lambda *a: held_when_writing.append(extracted.lock.held_here()) or real_write(*a))
    IngestService(store, batch_size=2, lock=extracted.lock).run([article(n) for n in range(5)])
    assert [held for _, held in extracted.seen] == [False] * 5
    assert len(held_when_writing) >= 3 and all(held_when_writing)  # batches of at most 2


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
    assert max(sizes) <= 16 < len(items)  # the chunks read ahead and the batch being written


class OpenPipe:
    """Input that gives ``n`` articles, then waits (a pipe left open) until ``close`` is called."""

    def __init__(self, n: int) -> None:
        self.n, self.closed = n, threading.Event()

    def __iter__(self):
        yield from (article(i) for i in range(self.n))
        self.closed.wait()

    def close(self) -> None:
        self.closed.set()


def poll(condition, seconds: float = 120.0) -> bool:
    """Whether ``condition()`` became true within a generous deadline (no timing is asserted)."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_articles_that_came_are_stored_while_the_input_stays_open(tmp_path, extracted):
    """Streaming input: fewer articles than a batch, the input not ended: all are stored, not held for more."""
    store = Store(tmp_path / "s.duckdb")
    pipe = OpenPipe(5)
    service = IngestService(store, batch_size=64, lock=extracted.lock)
    done = {}
    thread = threading.Thread(target=lambda: done.setdefault("summary", service.run(pipe)), daemon=True)
    thread.start()
    try:
        stored = poll(lambda: len(_known(store, extracted.lock)) == 5)
        assert stored and thread.is_alive(), "the 5 articles should be stored while the input is still open"
    finally:
        pipe.close()
        thread.join(60)
    assert done["summary"].new == 5 and store.counts()["stories"] > 0


def _known(store: Store, lock) -> set[str]:
    with lock:
        return store.known_article_ids()
