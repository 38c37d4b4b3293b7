"""The Parquet lake: a dateline store as hive-partitioned Parquet files, for archives too big for one file.

Layout: ``DIR/<table>/month=YYYY-MM/part-<shard>.parquet``, one file per table, month and shard. The
ingest tables are partitioned by their article's month (rejected documents, which have no date, under
``month=none``); the stories tables by their story's first month. Workers of ``dateline ingest --lake``
write the files of their shard directly; running a shard again replaces its files (each is written
under a temporary name and renamed into place), so a retried task or a re-run backfill stores nothing
twice.

:class:`Lake` serves a lake to everything that reads a store (``dateline.open(DIR)``, ``dateline serve
--lake DIR``, ``dateline events --lake DIR``, the other listings and exports): each connection is an
in-memory DuckDB whose views read the files with ``read_parquet(..., hive_partitioning=true)``, so a
filter on ``month`` reads only that month's files. The views have the store's columns and types (JSON
columns are JSON again) plus ``month``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from dateline.store import Store, StoreError
from dateline.store.schema import INGEST_TABLES, STORY_TABLES, TABLES, columns, create_table

NO_MONTH = "none"
LAKE_TABLES = INGEST_TABLES + STORY_TABLES


def is_lake(path: str | Path) -> bool:
    """A lake is a folder (a DuckDB store is a file)."""
    return Path(path).is_dir()


def open_store(path: str | Path, *, read_only: bool = True) -> Store:
    """The store at ``path``: a :class:`Lake` for a folder, else the DuckDB file."""
    if is_lake(path):
        if not read_only:
            raise StoreError(f"{path} is a Parquet lake, read-only here: add articles with dateline ingest --lake")
        return Lake(path)
    return Store(path, read_only=read_only)


def month_of(date: str | None) -> str:
    return date[:7] if date and len(date) >= 7 else NO_MONTH


def _months(table: str, tables: dict[str, pa.Table]) -> list[str]:
    """The month partition of each row of ``tables[table]`` (per-article rows: their article's month)."""
    if table == "errors":
        return [NO_MONTH] * tables[table].num_rows
    if table == "articles":
        return [month_of(d) for d in tables["articles"].column("date").to_pylist()]
    article_month = dict(zip(tables["articles"].column("id").to_pylist(),
                             _months("articles", tables), strict=True))
    return [article_month.get(a, NO_MONTH) for a in tables[table].column("article_id").to_pylist()]


def write_shard(lake: str | Path, shard_id: str, tables: dict[str, pa.Table]) -> None:
    """Write a shard's ingest tables into the lake, replacing whatever an earlier run of it wrote."""
    _replace(Path(lake), f"part-{shard_id}.parquet", {name: (tables[name], _months(name, tables))
                                                      for name in INGEST_TABLES})


def write_stories(lake: str | Path, tables: dict[str, pa.Table]) -> None:
    """Write the stories tables (computed over the whole lake), replacing the previous ones."""
    firsts = tables["stories"].column("first_date").to_pylist()
    story_month = dict(zip(tables["stories"].column("id").to_pylist(), map(month_of, firsts), strict=True))
    event_story = {e: s for s, events in zip(tables["stories"].column("id").to_pylist(),
                                             tables["stories"].column("event_ids").to_pylist(), strict=True)
                   for e in events or []}
    months = {
        "stories": [month_of(d) for d in firsts],
        "storylines": [month_of(d) for d in tables["storylines"].column("first_date").to_pylist()],
        "merged_events": [story_month.get(event_story.get(e), NO_MONTH)
                          for e in tables["merged_events"].column("id").to_pylist()],
    }
    _replace(Path(lake), "part-stories.parquet", {name: (tables[name], months[name]) for name in STORY_TABLES})


def _replace(lake: Path, file_name: str, parts: dict[str, tuple[pa.Table, list[str]]]) -> None:
    for name, (table, months) in parts.items():
        for old in (lake / name).glob(f"month=*/{file_name}"):  # this shard's files of an earlier run
            old.unlink()
        for month in sorted(set(months)):
            rows = pa.array([m == month for m in months], pa.bool_())
            folder = lake / name / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            temp = folder / f".{file_name}.{os.getpid()}.tmp"  # hidden: the views' glob never reads it
            pq.write_table(table.filter(rows), temp)
            os.replace(temp, folder / file_name)


class Lake(Store):
    """A lake opened for queries: the :class:`~dateline.store.Store` read interface over views."""

    def __init__(self, path: str | Path):  # no migration: the files carry their schema
        self.path, self.read_only, self.lock_timeout = str(path), True, 0.0
        if not is_lake(path):
            raise StoreError(f"no lake at {path} (create one with: dateline ingest PATH --lake {path})")

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = duckdb.connect(":memory:")
        try:
            for name in LAKE_TABLES:
                _view(con, Path(self.path), name)
            yield con
        finally:
            con.close()

    def write(self, extractions, rejections=()) -> int:
        raise StoreError(f"{self.path} is a Parquet lake: add articles with dateline ingest --lake {self.path}")


def _view(con: duckdb.DuckDBPyConnection, lake: Path, name: str) -> None:
    """The table ``name`` as a view over its Parquet files, or an empty table when it has none yet."""
    if not any((lake / name).glob("month=*/part-*.parquet")):
        create_table(con, TABLES[name])
        con.execute(f'ALTER TABLE "{name}" ADD COLUMN month VARCHAR')
        return
    # No union_by_name: it would read every file's footer when the view is bound, and a month filter
    # could no longer skip the other months' files.
    pattern = str(lake / name / "month=*" / "part-*.parquet").replace("'", "''")
    select = ", ".join(f'"{n}"::JSON AS "{n}"' if t == "JSON" else f'"{n}"' for n, t in columns(TABLES[name]))
    con.execute(f"CREATE VIEW \"{name}\" AS SELECT {select}, month FROM read_parquet('{pattern}', "
                "hive_partitioning = true, hive_types = {'month': VARCHAR})")
