"""The two sinks of a cluster ingest: the DuckDB store (written by the client) and the lake (by the workers)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from dateline.ingest import ReadOptions
from dateline.jobs import IngestService, IngestSummary
from dateline.model import Extraction, Rejection
from dateline.scale.cluster import Budget, PipelineSpec, connect, extracted, results
from dateline.scale.shards import Shard, plan
from dateline.store import Store


def ingest_to_store(
    paths: Iterable[str],
    store: Store,
    *,
    cluster: str | None = None,
    scheduler: str | None = None,
    options: ReadOptions | None = None,
    spec: PipelineSpec = (None, None, ()),
    batch_size: int = 64,
    on_article: Callable[[Extraction], None] | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
    before: Callable[[Shard], None] | None = None,
    client=None,
    max_seconds: float | None = None,
    serve: Callable | None = None,
) -> IngestSummary:
    """Ingest ``paths`` into ``store`` with the stages on a Dask cluster (``cluster="local:N"`` or the
    ``scheduler`` address, or a ``client`` already connected by :func:`~dateline.scale.cluster.connect`);
    the client writes the results in input order, one transaction per batch. ``max_seconds``: the
    per-document time budget (:mod:`dateline.budget`: each worker extracts in a process it can stop; an
    article over it is stored as a rejection); ``serve`` replaces that process's main function (tests)."""
    options = options or ReadOptions()
    budget = Budget(max_seconds, serve)
    service = IngestService(store, batch_size=batch_size)
    stored = frozenset(store.known_article_ids())  # their NLP is skipped on the workers
    with _session(client, cluster, scheduler, spec, budget) as client:
        summary = service.run(extracted(client, paths, options, spec, before, stored, budget), on_article=on_article,
                              on_rejection=on_rejection, extract=iter)
    summary.stories_updated += service.update_stories()  # articles of an earlier, interrupted run join too
    return summary


@contextmanager
def _session(client, cluster: str | None, scheduler: str | None, spec: PipelineSpec, budget: Budget):
    """``client`` when given (its plugin registered by whoever connected it), else a new connection."""
    if client is not None:
        yield client
        return
    with connect(cluster, scheduler, spec, budget) as new:
        yield new


def ingest_to_lake(
    paths: Iterable[str],
    lake: str | Path,
    *,
    cluster: str | None = None,
    scheduler: str | None = None,
    options: ReadOptions | None = None,
    spec: PipelineSpec = (None, None, ()),
    on_article: Callable[[object], None] | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
    before: Callable[[Shard], None] | None = None,
    window_days: int | None = None,
    max_seconds: float | None = None,
    serve: Callable | None = None,
) -> IngestSummary:
    """Ingest ``paths`` into the Parquet lake at ``lake``: the workers write each shard's files, then the
    lake's stories are linked per time window on the cluster. Articles the lake held before the run, or
    that an earlier shard of the run held, count as already stored (their shard's files are rewritten
    with the same rows). ``max_seconds`` and ``serve``: the time budget, as :func:`ingest_to_store`'s."""
    from dateline.lake import Lake
    from dateline.scale.stories import DEFAULT_WINDOW_DAYS, build_stories

    options = options or ReadOptions()
    Path(lake).mkdir(parents=True, exist_ok=True)
    seen = Lake(lake).known_article_ids()
    summary = IngestSummary()
    budget = Budget(max_seconds, serve)
    with connect(cluster, scheduler, spec, budget) as client:
        for result in results(client, plan(paths, options), options, spec, lake=str(lake), before=before,
                              budget=budget):
            for rejection in result.rejections:
                summary.rejected += 1
                summary.rejections.append(rejection)
                if on_rejection:
                    on_rejection(rejection)
            for article_id in result.articles:
                if article_id in seen:
                    summary.already_stored += 1
                    continue
                seen.add(article_id)
                summary.new += 1
                if on_article:
                    on_article(article_id)
        summary.stories_updated = build_stories(lake, client, window_days=window_days or DEFAULT_WINDOW_DAYS)
    return summary
