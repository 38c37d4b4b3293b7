"""The ingest service: read → dedupe → extract → write → stories, the one path by which articles
enter a store, whoever sends them (``dateline ingest``, POST /api/ingest).

Articles already in the store (same id), or seen earlier in the same run, are counted and skipped
before any NLP work; each batch of results is written in one transaction together with the batch's
rejections, and the batch's articles then join their stories. The input is read, and the stages run,
in reader threads (:func:`dateline.pipeline.ready_chunks`) while this thread writes: a batch is
written when it is full, or as soon as every article handed to the stages is back, so input that
comes slowly (``tail -f feed.jsonl | dateline ingest -``) is stored as it comes. An article that another run stores
while this one extracts it is counted as already stored when the write finds it there, so the
summary always adds up: new + already stored + rejected = inputs.

The service touches the store only under its ``lock`` (the id look-ups, each batch's write and its
stories update) and runs the NLP outside it: a server that takes the same lock for its reads
answers them while an ingest's extraction runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from dateline.ingest import ReadOptions, read_inputs
from dateline.model import Article, Extraction, Rejection
from dateline.pipeline import extract_articles, ready_chunks
from dateline.store import Store
from dateline.stories import store as stories

EXTRACT_BATCH = 32  # the most articles per nlp.pipe batch, however many go in one write


@dataclass
class IngestSummary:
    new: int = 0
    already_stored: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    stories_updated: int = 0  # story records (re)written


class IngestService:
    """Ingests articles (and records rejected documents) into ``store``.

    ``kb`` lists actor KB files added to the bundled KB; ``batch_size`` articles go in per write
    transaction; ``lock`` guards every use of the store (pass the lock your readers hold; by default
    the service has its own); ``max_seconds`` is the per-document time budget (None: no budget, the
    stages run in this process or its ``workers``; else an article over it is stored as a rejection).
    """

    def __init__(
        self,
        store: Store,
        *,
        model: str | None = None,
        stages: tuple[str, ...] | None = None,
        kb: tuple[str, ...] = (),
        workers: int = 1,
        batch_size: int = 64,
        lock: AbstractContextManager | None = None,
        max_seconds: float | None = None,
    ):
        self.store = store
        self.model, self.stages, self.kb, self.workers = model, stages, tuple(kb), workers
        self.max_seconds = max_seconds
        self.batch_size = batch_size
        self.lock = lock if lock is not None else threading.Lock()

    def run(
        self,
        items: Iterable[Article | Rejection],
        *,
        on_article: Callable[[Extraction], None] | None = None,
        on_rejection: Callable[[Rejection], None] | None = None,
        extract: Callable[[Iterator], Iterable[Extraction | Rejection]] | None = None,
    ) -> IngestSummary:
        """Store every new article of ``items`` with its records, and every rejection; return what happened.

        ``extract`` turns the new items into extractions, in order (default: the stages, in this process or
        its ``workers``). The Dask scale-out (:mod:`dateline.scale`) sends Extractions already made on a
        cluster as ``items`` with ``extract=iter``: they are deduplicated, written and clustered the same way."""
        summary = IngestSummary()
        pending: list[Rejection] = []
        batch: list[Extraction] = []
        in_flight = _InFlight()
        fresh = self._fresh(items, summary, pending, on_rejection, in_flight)
        # Written a batch at a time, or sooner when every article handed to the extraction so far is back:
        # articles that come slowly (a pipe left open) are stored without waiting for more input.
        results = ready_chunks((extract or self._extract)(fresh), self.batch_size, expected=lambda: in_flight.sent)
        for ready in results:
            for extraction in ready:
                if isinstance(extraction, Rejection):  # over the per-document time budget
                    with self.lock:  # _fresh counts the input's rejections in the reader's thread
                        self._reject(extraction, summary, pending, on_rejection)
                    continue
                batch.append(extraction)
                if on_article:
                    on_article(extraction)
            self._flush(batch, pending, summary, in_flight)
        self._flush(batch, pending, summary, in_flight)
        return summary

    def _extract(self, articles: Iterator[Article]) -> Iterator[Extraction | Rejection]:
        return extract_articles(articles, model=self.model, stages=self.stages, kb=self.kb, workers=self.workers,
                                batch_size=min(self.batch_size, EXTRACT_BATCH), max_seconds=self.max_seconds)

    def update_stories(self) -> int:
        """Let every stored article that is in no story yet join one (e.g. those of an interrupted run)."""
        with self.lock:
            return stories.update(self.store).stories

    def _fresh(
        self,
        items: Iterable[Article | Extraction | Rejection],
        summary: IngestSummary,
        pending: list[Rejection],
        on_rejection: Callable[[Rejection], None] | None,
        in_flight: _InFlight,
    ) -> Iterator[Article | Extraction]:
        """The articles of ``items`` not stored yet, once each; rejections are counted and kept for the next write.

        An article is looked up in the store, and among the run's articles on their way to it (``in_flight``):
        the same article twice in one run is extracted and stored once, and what the run remembers is
        bounded by the extraction's read-ahead, not by the input's length."""
        for chunk in ready_chunks(items, self.batch_size):  # one id look-up per chunk, not per article
            new = []
            # Under the lock: the look-up, and the counts and rejections that _flush writes from another thread.
            with self.lock:
                in_flight.settle()  # those written before this look-up: the store answers for them now
                known = self.store.known_article_ids(_article_id(i) for i in chunk if not isinstance(i, Rejection))
                for item in chunk:
                    if isinstance(item, Rejection):
                        self._reject(item, summary, pending, on_rejection)
                    elif (key := _article_id(item)) in known or key in in_flight.ids:
                        summary.already_stored += 1
                    else:
                        in_flight.ids.add(key)
                        new.append(item)
            for item in new:
                in_flight.sent += 1
                yield item

    @staticmethod
    def _reject(item: Rejection, summary: IngestSummary, pending: list[Rejection],
                on_rejection: Callable[[Rejection], None] | None) -> None:
        """Count a rejection (of the input, or an article over the time budget); written with the next batch."""
        summary.rejected += 1
        summary.rejections.append(item)
        pending.append(item)
        if on_rejection:
            on_rejection(item)

    def _flush(self, batch: list[Extraction], pending: list[Rejection], summary: IngestSummary,
               in_flight: _InFlight) -> None:
        """Write a batch, then let its articles join stories (a separate, idempotent step)."""
        ids = [ex.article.id for ex in batch]
        with self.lock:  # pending, the input's rejections, is filled under it by _fresh in the reader's thread
            if not batch and not pending:
                return
            written = self.store.write(batch, pending)
            pending.clear()
            in_flight.written.extend(ids)
            summary.new += written
            # Another run into the same store may have written some of these since the look-up: they
            # were already stored after all, so that new + already stored + rejected = inputs.
            summary.already_stored += len(batch) - written
            if ids:
                summary.stories_updated += stories.update(self.store, ids, extractions=batch).stories
        batch.clear()


@dataclass
class _InFlight:
    """The ids of a run's articles sent to extraction and not known to the store yet.

    ``written`` holds the ids of the batches written since the last look-up in the store: they leave
    ``ids`` at the next look-up (:meth:`settle`), which finds them stored. Removing them at the write
    instead would let a repeat that the previous look-up missed through (it was made before the write).
    An article over the time budget is never written, so its id stays: a repeat of it is not tried again."""

    ids: set[str] = field(default_factory=set)
    written: list[str] = field(default_factory=list)
    sent: int = 0  # articles handed to the extraction so far (each gives one result)

    def settle(self) -> None:
        self.ids.difference_update(self.written)
        self.written.clear()


def _article_id(item: Article | Extraction) -> str:
    return item.id if isinstance(item, Article) else item.article.id


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    options: ReadOptions | None = None,
    model: str | None = None,
    stages: tuple[str, ...] | None = None,
    kb: tuple[str, ...] = (),
    workers: int = 1,
    batch_size: int = 64,
    on_article: Callable[[Extraction], None] | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
    max_seconds: float | None = None,
) -> IngestSummary:
    """Ingest every document under ``paths`` into ``store``; return what happened."""
    service = IngestService(store, model=model, stages=stages, kb=kb, workers=workers, batch_size=batch_size,
                            max_seconds=max_seconds)
    summary = service.run(read_inputs(paths, options), on_article=on_article, on_rejection=on_rejection)
    summary.stories_updated += service.update_stories()  # articles stored by an earlier, interrupted run join too
    return summary
