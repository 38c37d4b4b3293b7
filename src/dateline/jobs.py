"""The ingest job: read inputs, run the stages on new articles, write batches to the store,
and let the new articles join their stories.

Articles already in the store (same id) are counted and skipped before any NLP work; each
batch of results is written in one transaction together with the batch's rejections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from dateline.ingest import ReadOptions, read_inputs
from dateline.model import Article, Extraction, Rejection
from dateline.pipeline import extract_articles
from dateline.store import Store
from dateline.stories import store as stories


@dataclass
class IngestSummary:
    new: int = 0
    already_stored: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    options: ReadOptions | None = None,
    model: str | None = None,
    stages: tuple[str, ...] | None = None,
    workers: int = 1,
    batch_size: int = 64,
    on_article: Callable[[Extraction], None] | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
) -> IngestSummary:
    """Ingest every document under ``paths`` into ``store``; return what happened."""
    summary = IngestSummary()
    pending: list[Rejection] = []
    known = store.known_article_ids()

    def new_articles() -> Iterator[Article]:
        for item in read_inputs(paths, options):
            if isinstance(item, Rejection):
                summary.rejected += 1
                summary.rejections.append(item)
                pending.append(item)
                if on_rejection:
                    on_rejection(item)
            elif item.id in known:
                summary.already_stored += 1
            else:
                known.add(item.id)  # the same article twice in one run is stored once
                yield item

    batch: list[Extraction] = []
    for extraction in extract_articles(
        new_articles(), model=model, stages=stages, workers=workers, batch_size=min(batch_size, 32)
    ):
        batch.append(extraction)
        if on_article:
            on_article(extraction)
        if len(batch) >= batch_size:
            summary.new += _flush(store, batch, pending)
    summary.new += _flush(store, batch, pending)
    stories.update(store)  # articles stored by an earlier, interrupted run join their stories too
    return summary


def _flush(store: Store, batch: list[Extraction], pending: list[Rejection]) -> int:
    """Write a batch, then let the new articles join stories (a separate, idempotent step)."""
    if not batch and not pending:
        return 0
    stored = store.write(batch, pending)
    ids = [ex.article.id for ex in batch]
    batch.clear()
    pending.clear()
    if ids:
        stories.update(store, ids)
    return stored
