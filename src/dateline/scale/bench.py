"""``--cluster local:N`` beside ``--workers 1``: the same articles ingested both ways, in one run.

:func:`cluster_vs_workers` is what ``bench/cluster.py`` prints; :func:`cluster_ratio` is the line
``bench/scale.py`` prints for the scale-out. Both modes ingest one JSONL file into a fresh DuckDB store;
the clock starts once the pipeline is loaded (in this process for ``--workers 1``; in every worker, by
the plugin, for the cluster), so start-up is reported apart from throughput. On a machine shared with other work the
ratio is the figure to quote: both modes run back to back (interleaved when ``repeat`` > 1, keeping
each mode's fastest run).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dateline.model import Article

COLUMNS = ["mode", "articles", "start-up s", "ingest s", "articles/s", "× --workers 1", "stages CPU s",
           "client CPU s", "articles per CPU-s of stages", "peak RSS MB per process"]


@dataclass
class ScaleRun:
    mode: str  # "--workers 1" or "--cluster local:N"
    articles: int
    startup_seconds: float  # loading the pipeline (and starting the cluster)
    seconds: float  # reading, the stages, the store writes and the stories update
    cores: int  # processes running the stages
    peak_rss_mb: float = 0.0  # the largest of the processes running the stages
    stage_cpu: float = 0.0  # CPU seconds of the processes running the stages (with --workers 1: all of it)
    client_cpu: float = 0.0  # CPU seconds of the client (reading the results, store writes, stories)

    @property
    def per_cpu_second(self) -> float:
        """Articles per CPU-second of the stages' processes: what one dedicated core gives."""
        return self.articles / self.stage_cpu if self.stage_cpu else 0.0


    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def _workers_1(jsonl: Path, store_path: Path, model: str | None) -> ScaleRun:
    from dateline import nlp as nlp_module
    from dateline.jobs import ingest
    from dateline.store import Store

    start = time.perf_counter()
    nlp_module.load(model)
    loaded, cpu = time.perf_counter(), cpu_seconds()
    summary = ingest([str(jsonl)], Store(store_path), model=model, workers=1, max_seconds=None)
    return ScaleRun("--workers 1", summary.new, loaded - start, time.perf_counter() - loaded, 1, peak_rss_mb(),
                    stage_cpu=cpu_seconds() - cpu)


def _cluster(jsonl: Path, store_path: Path, model: str | None, n_workers: int) -> ScaleRun:
    from dateline.scale.cluster import connect
    from dateline.scale.ingest import ingest_to_store
    from dateline.store import Store

    spec = (model, None, ())
    start = time.perf_counter()
    with connect(f"local:{n_workers}", spec=spec) as client:  # returns once every worker has loaded it
        loaded, cpu, workers_cpu = time.perf_counter(), cpu_seconds(), sum(client.run(cpu_seconds).values())
        summary = ingest_to_store([str(jsonl)], Store(store_path), spec=spec, client=client)
        done, client_cpu = time.perf_counter(), cpu_seconds() - cpu
        stage_cpu = sum(client.run(cpu_seconds).values()) - workers_cpu
        peak = max(client.run(peak_rss_mb).values())
    return ScaleRun(f"--cluster local:{n_workers}", summary.new, loaded - start, done - loaded, n_workers, peak,
                    stage_cpu=stage_cpu, client_cpu=client_cpu)


def cpu_seconds() -> float:
    """CPU seconds (user + system) this process has used, all its threads (run on each worker by ``client.run``)."""
    return time.process_time()


def peak_rss_mb() -> float:
    """This process's peak resident memory (run on each worker by ``client.run``)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cluster_vs_workers(articles: Sequence[Article], *, n_workers: int = 2, model: str | None = None,
                       repeat: int = 1) -> list[ScaleRun]:
    """Ingest ``articles`` with ``--workers 1`` and with ``--cluster local:N``; each mode's fastest run."""
    from dateline.throughput import _write_jsonl

    best: dict[str, ScaleRun] = {}
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "articles.jsonl"
        _write_jsonl(articles, jsonl)
        for i in range(repeat):
            for result in (_workers_1(jsonl, Path(tmp) / f"w1-{i}.duckdb", model),
                           _cluster(jsonl, Path(tmp) / f"c-{i}.duckdb", model, n_workers)):
                if result.mode not in best or result.seconds < best[result.mode].seconds:
                    best[result.mode] = result
    return list(best.values())


def cluster_ratio(articles: Sequence[Article], n_workers: int = 2) -> str:
    """The line ``bench/scale.py`` prints for the scale-out: ``--cluster local:N`` against ``--workers 1``
    over ``articles``, on the wall clock and on dedicated cores (from the CPU seconds, see
    :func:`dedicated_ratio`), with the per-core rate."""
    runs = cluster_vs_workers(articles, n_workers=n_workers)
    one, cluster = runs
    return (f"{cluster.articles_per_s / one.articles_per_s:.2f}× on the wall clock "
            f"({one.articles_per_s:.2f} against {cluster.articles_per_s:.2f} articles/s; {machine()}); "
            f"{dedicated_ratio(runs):.2f}× on {os.cpu_count()} dedicated cores from the CPU seconds; "
            f"{cluster.per_cpu_second:.2f} articles per CPU-second of a worker")


def report(runs: Sequence[ScaleRun]) -> list[list[str]]:
    """Printable rows in COLUMNS order, each rate against ``--workers 1``'s."""
    base = runs[0].articles_per_s or 1.0
    return [[r.mode, str(r.articles), f"{r.startup_seconds:.1f}", f"{r.seconds:.1f}", f"{r.articles_per_s:.2f}",
             f"{r.articles_per_s / base:.2f}", f"{r.stage_cpu:.1f}", f"{r.client_cpu:.1f}", f"{r.per_cpu_second:.2f}",
             f"{r.peak_rss_mb:.0f}"] for r in runs]


def dedicated_ratio(runs: Sequence[ScaleRun], cores: int | None = None) -> float:
    """The cluster's speed-up over ``--workers 1`` on ``cores`` dedicated cores (default: this machine's),
    derived from the CPU seconds each part used: the N workers share the stages' CPU, the client does
    its part alone, and all of it shares the cores; the slowest of the three sets the pace.

    On a machine shared by several sessions, Linux's autogroup scheduler gives each session one share of
    the CPU however many processes it runs, so there the wall-clock ratio measures the share, not dateline."""
    one, cluster = runs[0], runs[-1]
    cores = cores or os.cpu_count() or 1
    pace = max((cluster.stage_cpu + cluster.client_cpu) / cores, cluster.stage_cpu / cluster.cores,
               cluster.client_cpu) / cluster.articles
    return (one.stage_cpu / one.articles) / pace if pace else 0.0


def machine() -> str:
    return f"{os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
