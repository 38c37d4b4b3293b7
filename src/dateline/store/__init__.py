"""The DuckDB store: one file (``./dateline.duckdb`` by default) holding every record.

Writes go in one transaction per batch and are idempotent (an article already stored is skipped with
its records; ids are deterministic), so an ingest killed at any moment and run again ends with every
article stored exactly once, each with all of its records or none.

DuckDB lets one process hold a file open for writing, and no other process may open it then.
So that readers (the CLI's queries, the API) work while an ingest runs, the writer opens the
file only for the moment of each batch's write, and every connection waits and retries while
another process holds the file.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import duckdb
import pandas as pd
import pyarrow as pa

from dateline.model import Extraction, Rejection, to_json
from dateline.store.flat import flat_events
from dateline.store.gdelt import write_gdelt
from dateline.store.queries import Where
from dateline.store.schema import EXTRACTION_TABLES, TABLES, Table, columns, migrate

DEFAULT_DB = "dateline.duckdb"
EXPORT_FORMATS = ("jsonl", "csv", "parquet")
_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "VARCHAR[]": pa.list_(pa.string()),
    "JSON": pa.string(),
}
_AUTOMATIC = {"TIMESTAMP": "current_timestamp"}  # columns filled by the store, not the record


class StoreError(RuntimeError):
    """A store problem the user can act on (missing file, lock held too long, unknown table)."""


def _locked(exc: duckdb.Error) -> bool:
    text = str(exc)
    return "lock" in text.lower() or "Conflicting lock" in text


class Store:
    """A dateline store in a DuckDB file.

    ``Store(path)`` creates or migrates the file; ``Store(path, read_only=True)`` opens an
    existing one for queries only.
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False, lock_timeout: float = 120.0):
        self.path = str(path)
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        if read_only:
            if self.path != ":memory:" and not Path(self.path).exists():
                raise StoreError(f"no store at {self.path} (create one with: dateline ingest PATH --db {self.path})")
        else:
            with self.connect() as con:
                migrate(con)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection held only for the ``with`` block, waiting while another process holds the file."""
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.02
        while True:
            try:
                con = duckdb.connect(self.path, read_only=self.read_only)
                break
            except duckdb.Error as exc:
                if not _locked(exc) or time.monotonic() > deadline:
                    if _locked(exc):
                        raise StoreError(
                            f"{self.path} stayed locked by another process for {self.lock_timeout:.0f}s"
                        ) from None
                    raise StoreError(f"cannot open store {self.path}: {exc}") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
        try:
            yield con
        finally:
            con.close()

    # --- writes ---------------------------------------------------------------------------

    def known_article_ids(self, ids: Iterable[str] | None = None) -> set[str]:
        """Ids of stored articles (all of them, or those among ``ids``)."""
        with self.connect() as con:
            if ids is None:
                return {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
            wanted = list(ids)
            if not wanted:
                return set()
            rows = con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [wanted]).fetchall()
            return {r[0] for r in rows}

    def write(self, extractions: list[Extraction], rejections: list[Rejection] = ()) -> int:
        """Store a batch of extractions and rejections in one transaction; return how many articles were new.

        An article already stored (or earlier in the batch) is skipped with its records: a new article's
        records go in with it, once each (the first of an id), so the record tables need no key."""
        ids = [ex.article.id for ex in extractions]
        with self.connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                stored = {r[0] for r in con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))",
                                                    [ids]).fetchall()} if ids else set()
                new = _new(extractions, stored)
                for name, table_rows in _rows(new, rejections).items():
                    if table_rows:
                        _insert(con, TABLES[name], table_rows)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return len(new)

    # --- reads ----------------------------------------------------------------------------

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Run a SQL query and return a pandas DataFrame."""
        with self.connect() as con:
            return con.execute(query, params or []).df()

    def arrow(self, query: str, params: list | None = None) -> pa.Table:
        """Run a SQL query and return an Arrow table."""
        with self.connect() as con:
            relation = con.sql(query, params=params or None)
            return relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()

    def table(self, name: str, limit: int | None = None) -> pd.DataFrame:
        """A whole table (or its first ``limit`` rows) as a DataFrame."""
        self.check_table(name)
        return self.sql(f'SELECT * FROM "{name}"' + (f" LIMIT {int(limit)}" if limit else ""))

    def tables(self) -> list[str]:
        with self.connect() as con:
            rows = con.execute("SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()
        return [r[0] for r in rows if r[0] != "schema_version"]

    def check_table(self, name: str) -> None:
        if name not in self.tables():
            raise StoreError(f"no table {name!r} in {self.path}; tables: {', '.join(self.tables())}")

    def counts(self) -> dict[str, int]:
        with self.connect() as con:
            return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in self.tables()}

    def export(self, name: str, fmt: str, out: str | Path) -> None:
        """Write a table to ``out`` as JSONL, CSV or Parquet (DuckDB's COPY; ``/dev/stdout`` works)."""
        self.check_table(name)
        target, options = _copy_to(fmt, out)
        with self.connect() as con:
            con.execute(f"COPY (SELECT * FROM \"{name}\" ORDER BY ALL) TO {target} ({options})")

    def flat(self, where: Where | None = None) -> pd.DataFrame:
        """The events (under ``where``, a :func:`dateline.store.queries.event_filter`) as a flat DataFrame:
        one row per event, one column per field (:data:`dateline.store.flat.FLAT_COLUMNS`)."""
        with self.connect() as con:
            return flat_events(con, where).to_pandas()

    def export_flat(self, fmt: str, out: str | Path, where: Where | None = None) -> int:
        """Write the events (under ``where``) flat, one column per field (:mod:`dateline.store.flat`), as
        JSONL, CSV or Parquet; return the row count. CSV text cells are guarded against spreadsheet
        formulas (:mod:`dateline.store.flat`'s note), as the API's CSV download's are."""
        target, options = _copy_to(fmt, out)
        with self.connect() as con:
            flat = flat_events(con, where, csv_safe=fmt == "csv")  # noqa: F841 - read by DuckDB's replacement scan
            con.execute(f"COPY (SELECT * FROM flat) TO {target} ({options})")
            return flat.num_rows

    def export_gdelt(self, out: str | Path | TextIO, where: Where | None = None, *, header: bool = False) -> int:
        """Write the events (under ``where``) as GDELT 2.0 event-table lines (:mod:`dateline.store.gdelt`)
        to a file or an open text stream; return the row count."""
        with self.connect() as con:
            flat = flat_events(con, where)
        rows = (row for batch in flat.to_batches() for row in batch.to_pylist())  # one batch of dicts at a time
        if not isinstance(out, str | Path):
            return write_gdelt(rows, out, header=header)
        with open(out, "w", encoding="utf-8", newline="") as stream:
            return write_gdelt(rows, stream, header=header)


def _new(extractions: list[Extraction], stored: set[str]) -> list[Extraction]:
    """The extractions whose article is not in ``stored``, the first of each article id."""
    seen, out = set(stored), []
    for ex in extractions:
        if ex.article.id not in seen:
            seen.add(ex.article.id)
            out.append(ex)
    return out


def _rows(extractions: list[Extraction], rejections: list[Rejection]) -> dict[str, list[dict]]:
    """Each ingest table's rows for a batch of new articles: a record id once, the first (as a key would keep it)."""
    rows: dict[str, list[dict]] = {"articles": [_row(TABLES["articles"], ex.article) for ex in extractions]}
    for attr, table in EXTRACTION_TABLES.items():
        first = {}
        for ex in extractions:
            for r in getattr(ex, attr):
                first.setdefault(r.id, (r, ex.article.id))
        rows[table] = [_row(TABLES[table], r, article_id) for r, article_id in first.values()]
    rows["errors"] = [_row(TABLES["errors"], r) for r in rejections]
    return rows


def _copy_to(fmt: str, out: str | Path) -> tuple[str, str]:
    """The quoted target and the options of a DuckDB COPY writing ``fmt`` to ``out``."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    options = {"jsonl": "FORMAT JSON", "csv": "FORMAT CSV, HEADER", "parquet": "FORMAT PARQUET"}[fmt]
    return "'" + str(out).replace("'", "''") + "'", options


def _value(value: object, typ: str) -> object:
    if typ == "JSON":
        return None if value is None else json.dumps(to_json(value), ensure_ascii=False)
    return value


def _row(table: Table, record: object, article_id: str | None = None) -> dict:
    row = {}
    for name, typ in columns(table):
        if typ in _AUTOMATIC:
            continue
        row[name] = article_id if name == "article_id" and table.per_article else _value(getattr(record, name), typ)
    return row


def insert_records(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    records: Iterable[object],
    article_id: str | None = None,
    *,
    replace: bool = False,
) -> None:
    """Insert records into their table in ``con``'s current transaction.

    Existing ids are kept (``replace=False``: re-ingesting changes nothing) or overwritten
    (``replace=True``: derived records such as stories that are rebuilt). A table without a key
    (:attr:`~dateline.store.schema.Table.keyed` false) checks no id: the caller writes each once.
    """
    rows = [_row(table, r, article_id) for r in records]
    if rows:
        _insert(con, table, rows, replace=replace)


def _insert(con: duckdb.DuckDBPyConnection, table: Table, rows: list[dict], *, replace: bool = False) -> None:
    cols = [(n, t) for n, t in columns(table) if t not in _AUTOMATIC]
    schema = pa.schema([(n, _ARROW_TYPES[t]) for n, t in cols])
    batch = pa.Table.from_pylist(rows, schema=schema)  # noqa: F841 - read by DuckDB's replacement scan
    names = [f'"{n}"' for n, _ in columns(table)]
    values = [_AUTOMATIC.get(t, f'"{n}"') for n, t in columns(table)]
    verb = ("INSERT OR REPLACE" if replace else "INSERT OR IGNORE") if table.keyed else "INSERT"
    con.execute(f'{verb} INTO "{table.name}" ({", ".join(names)}) SELECT {", ".join(values)} FROM batch')
