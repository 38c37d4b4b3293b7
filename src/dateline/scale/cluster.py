"""``dateline ingest --cluster local:N`` / ``--scheduler tcp://HOST:PORT``: the stages on a Dask cluster.

The client cuts the inputs into shards (:mod:`dateline.scale.shards`) and submits one task per shard,
a bounded number ahead. Each worker process loads the pipeline once, when it joins (a worker plugin;
a restarted worker loads it again), and for each task reads its shard, runs the stages and either
sends back the results as Arrow tables (the DuckDB sink) or writes them to the Parquet lake itself
(``--lake``, :mod:`dateline.lake`) and sends back only counts and rejections.

Into a DuckDB store, the client takes the results in input order and hands them to the one ingest
service (:class:`dateline.jobs.IngestService`): same deduplication, one transaction per batch, same
stories update, same summary. A worker that dies mid-task (killed, out of memory) loses nothing: the
scheduler runs its task again on another worker (up to ``distributed.scheduler.allowed-failures``
times), and a task's result is used once, when the client takes it, so nothing is written twice.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from dateline.ingest import ReadOptions
from dateline.model import Article, Extraction, Rejection
from dateline.scale.shards import Shard, plan, read

# What a pipeline is loaded from: (spaCy model, dateline stages, extra actor KB files); see dateline.nlp.load.
PipelineSpec = tuple[str | None, tuple[str, ...] | None, tuple[str, ...]]
PLUGIN_NAME = "dateline-pipeline"
EXTRACT_BATCH = 16  # articles per nlp.pipe batch inside a task
# Dask's worker housekeeping, made rarer: its statistical profiler samples the running task's stack every
# 10 ms (holding the GIL spaCy needs) and its monitors poll 2-10 times a second. Measured on an idle
# LocalCluster of 2 workers: 0.56 CPU-s per worker per 20 s with Dask's defaults, 0.30 with these.
WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}

try:  # the Dask extra is optional: the plugin's base class only when distributed is installed
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - without the extra, connect() says how to install it
    _PluginBase = object


class PipelinePlugin(_PluginBase):
    """Loads the dateline pipeline once in each worker process, when the worker starts: in the worker
    itself, or with a per-document time budget (``max_seconds``) in the worker's stoppable extraction
    process (:mod:`dateline.budget`), which a task then uses (:func:`budgeted`)."""

    def __init__(self, spec: PipelineSpec, max_seconds: float | None = None, serve: Callable | None = None):
        self.spec, self.max_seconds, self.serve = spec, max_seconds, serve

    def setup(self, worker=None) -> None:
        if self.max_seconds is not None:
            budgeted(self.spec, self.max_seconds, self.serve).start()
            return
        from dateline import nlp as nlp_module

        nlp_module.load(*self.spec)  # cached per process: every task of this worker reuses it

    def teardown(self, worker=None) -> None:
        for supervisor in _SUPERVISORS.values():
            supervisor.stop()
        _SUPERVISORS.clear()


_NLP_LOCK = threading.Lock()  # a worker started with several threads runs one nlp.pipe at a time
_SUPERVISORS: dict[tuple, object] = {}  # (spec, max_seconds, serve) -> this worker process's dateline.budget.Supervisor


def budgeted(spec: PipelineSpec, max_seconds: float, serve: Callable | None = None):
    """This worker process's extraction process under the time budget (one, kept from task to task: the
    pipeline loads once per worker, as without a budget); ``serve`` replaces :func:`dateline.budget.serve`."""
    from dateline import budget

    key = (spec, max_seconds, serve)
    if key not in _SUPERVISORS:
        _SUPERVISORS[key] = budget.Supervisor(spec, max_seconds, serve or budget.serve)
    return _SUPERVISORS[key]


def _extract(todo: list[Article], spec: PipelineSpec, max_seconds: float | None,
             serve: Callable | None) -> dict[str, Extraction | Rejection]:
    """Article id -> its extraction, or its rejection when it ran over ``max_seconds`` (then its extraction
    process was killed and replaced, and the rest of the shard went on, as on one machine)."""
    from dateline.pipeline import chunks, extract_articles

    with _NLP_LOCK:
        if max_seconds is None:
            return {ex.article.id: ex for ex in extract_articles(todo, model=spec[0], stages=spec[1], kb=spec[2],
                                                                 batch_size=EXTRACT_BATCH)}
        supervisor = budgeted(spec, max_seconds, serve)
        return {a.id: result for batch in chunks(todo, EXTRACT_BATCH)
                for a, result in zip(batch, supervisor.batch(batch), strict=True)}


@dataclass
class ShardResult:
    """What a task sends back: the results as Arrow tables (DuckDB sink), or the lake's counts."""

    shard_id: str
    tables: dict | None = None  # dateline.scale.columnar.to_tables of the shard's items (DuckDB sink)
    articles: list[str] = field(default_factory=list)  # article ids written to the lake, in order
    rejections: list[Rejection] = field(default_factory=list)  # the lake's rejections


@dataclass(frozen=True)
class Budget:
    """The per-document time budget of a cluster's tasks (``--max-seconds``); ``serve`` is the extraction
    process's main function (default :func:`dateline.budget.serve`; tests pass one without spaCy)."""

    max_seconds: float | None = None
    serve: Callable | None = None


def run_shard(shard: Shard, options: ReadOptions, spec: PipelineSpec, lake: str | None = None,
              before: Callable[[Shard], None] | None = None, stored: frozenset[str] = frozenset(),
              budget: Budget = Budget()) -> ShardResult:
    """The task: read the shard, run the stages, then return its tables or write them to ``lake``.
    Articles whose ids are in ``stored`` (the DuckDB store's, sent once to every worker) are not
    extracted: they come back bare, for the client to count as already stored (a resumed backfill
    redoes no NLP). An article over ``budget.max_seconds`` comes back as its rejection. ``before`` runs
    first (tests use it to kill a worker on a task's first attempt)."""
    from dateline.scale.columnar import to_tables

    if before is not None:
        before(shard)
    items = list(read(shard, options))
    extracted = _extract(_to_extract(items, stored), spec, budget.max_seconds, budget.serve)
    # Each new article's extraction (or rejection) once, where it first stands; a repeat (or a stored one)
    # stays bare.
    results = [extracted.pop(i.id, i) if isinstance(i, Article) else i for i in items]
    if lake is None:
        return ShardResult(shard.id, tables=to_tables(results))
    from dateline.lake import write_shard

    write_shard(lake, shard.id, to_tables(results, stamped=True))  # bare articles are not written
    return ShardResult(shard.id, articles=[r.id if isinstance(r, Article) else r.article.id
                                           for r in results if not isinstance(r, Rejection)],
                       rejections=[r for r in results if isinstance(r, Rejection)])


def _to_extract(items: list, stored: frozenset[str]) -> list[Article]:
    """The shard's articles not in ``stored``, each id once (the first)."""
    seen: set[str] = set()
    todo = []
    for item in items:
        if isinstance(item, Article) and item.id not in stored and item.id not in seen:
            seen.add(item.id)
            todo.append(item)
    return todo


def parse_cluster(value: str) -> int:
    """The worker count of ``local:N``."""
    kind, _, count = value.partition(":")
    if kind != "local" or not count.isdigit() or int(count) < 1:
        raise ValueError(f"--cluster takes local:N (N worker processes on this machine), not {value!r}")
    return int(count)


@contextmanager
def connect(cluster: str | None = None, scheduler: str | None = None, spec: PipelineSpec = (None, None, ()),
            budget: Budget = Budget()):
    """A Dask client on a new LocalCluster (``local:N``) or on the running scheduler at ``scheduler``,
    with the pipeline plugin registered on every worker (loaded now, and on every worker that joins;
    in each worker's stoppable extraction process when ``budget`` has a time limit)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RuntimeError("the Dask scale-out needs the dask extra: pip install 'dateline[dask]'") from None
    if (cluster is None) == (scheduler is None):
        raise ValueError("give one of --cluster local:N or --scheduler tcp://HOST:PORT")
    local = None
    if cluster is not None:
        import dask

        # One thread per worker process: spaCy is CPU-bound and holds the GIL; processes give the parallelism.
        with dask.config.set(WORKER_CONFIG):  # the workers take the configuration they are started with
            local = LocalCluster(n_workers=parse_cluster(cluster), threads_per_worker=1, processes=True,
                                 host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
    try:
        with Client(local if local is not None else scheduler) as client:
            client.register_plugin(PipelinePlugin(spec, budget.max_seconds, budget.serve), name=PLUGIN_NAME)
            yield client
    finally:
        if local is not None:
            local.close()


def results(client, shards: Iterable[Shard], options: ReadOptions, spec: PipelineSpec, *,
            lake: str | None = None, before: Callable[[Shard], None] | None = None,
            stored: frozenset[str] = frozenset(), ahead: int | None = None,
            budget: Budget = Budget()) -> Iterator[ShardResult]:
    """Every shard's result, in input order, with at most ``ahead`` tasks submitted and not yet taken
    (default: four per worker thread, so every worker has its next tasks waiting while the client writes)."""
    if ahead is None:
        ahead = 4 * max(1, sum(client.nthreads().values())) + 1
    # Sent once to every worker, not with every task (a list of one: scatter spreads a collection's items).
    known = client.scatter([stored], broadcast=True)[0] if stored else stored
    pending: deque = deque()
    for shard in shards:
        # pure=False: a new key each run, so a rerun of the same shard is computed again, not served from memory.
        pending.append(client.submit(run_shard, shard, options, spec, lake, before, known, budget, pure=False))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def extracted(client, paths: Iterable[str], options: ReadOptions, spec: PipelineSpec,
              before: Callable[[Shard], None] | None = None, stored: frozenset[str] = frozenset(),
              budget: Budget = Budget()) -> Iterator[Extraction | Rejection | Article]:
    """Every input document's extraction (or rejection), in input order, computed on the cluster; an
    article of ``stored`` comes back as its bare Article."""
    from dateline.scale.columnar import from_tables

    for result in results(client, plan(paths, options), options, spec, before=before, stored=stored,
                          budget=budget):
        yield from from_tables(result.tables)
