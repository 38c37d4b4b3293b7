"""Scale-out on Dask: ``dateline ingest --cluster local:N`` / ``--scheduler tcp://HOST:PORT`` and the lake.

- :mod:`.shards` — inputs cut into tasks (groups of files, JSONL line ranges, WARC record ranges);
- :mod:`.columnar` — a task's results as Arrow tables in the store's columns;
- :mod:`.cluster` — the Dask client, the worker plugin that loads the pipeline once, the task;
- :mod:`.ingest` — the two sinks: a DuckDB store (through :class:`dateline.jobs.IngestService`) and the
  Parquet lake (:mod:`dateline.lake`, written by the workers);
- :mod:`.stories` — the lake's stories, linked per time window in parallel;
- :mod:`.bench` — ``--cluster local:N`` beside ``--workers 1`` on the same articles (bench/scale.py).

How to run it on a cluster: docs/scale.md. Dask is the ``dask`` extra: ``pip install 'dateline[dask]'``.
"""

from dateline.scale.ingest import ingest_to_lake, ingest_to_store

__all__ = ["ingest_to_lake", "ingest_to_store"]
