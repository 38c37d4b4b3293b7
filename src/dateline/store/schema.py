"""The store's tables, derived from the record model, and its migrations.

Each table holds one record type from :mod:`dateline.model`. Scalar fields become typed
columns; nested records (spans, actors, places, counts) become DuckDB ``JSON`` columns, so
they stay queryable (``source->>'name'``). Record tables carry the ``article_id`` they came from.

The stories tables are declared here too: the records of :mod:`dateline.stories` (``stories``,
``storylines``, ``merged_events``) and the state its incremental clustering keeps
(:data:`STORY_STATE`: an article's vector and story, the inverted index, the links).

The schema has a version (table ``schema_version``). :data:`MIGRATIONS` maps each version to
the function that brings the previous version up to it; :func:`migrate` applies the missing
ones in order inside one transaction. New model fields that a migration has not yet added are
created as nullable columns by :func:`add_missing_columns`, so an older store keeps working.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import duckdb

from dateline import model

SCHEMA_VERSION = 3


@dataclass(frozen=True)
class Table:
    name: str
    record: type
    per_article: bool  # True: rows carry the article_id they were extracted from
    extra_columns: tuple[tuple[str, str], ...] = ()
    # False: no primary key. DuckDB keeps a table's key index (an ART) whole in memory from the first write
    # of a connection, so the key indexes of the record tables (millions of rows) grew an ingest's memory with
    # the store. Their rows are unique without one: an article's records are written with its row, in its
    # transaction, only when the article is new, and their ids hash the article's id (Store.write); a
    # story's merged events are deleted before the story's are written again (dateline.stories.store).
    keyed: bool = True


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("articles", model.Article, per_article=False, extra_columns=(("ingested_at", "TIMESTAMP"),)),
        Table("mentions", model.Mention, per_article=True, keyed=False),
        Table("timexes", model.Timex, per_article=True, keyed=False),
        Table("quotes", model.Quote, per_article=True, keyed=False),
        Table("events", model.Event, per_article=True, keyed=False),
        Table("errors", model.Rejection, per_article=False, extra_columns=(("rejected_at", "TIMESTAMP"),)),
        Table("stories", model.Story, per_article=False),
        Table("storylines", model.Storyline, per_article=False),
        Table("merged_events", model.MergedEvent, per_article=False, keyed=False),
    )
}
INGEST_TABLES = ("articles", "mentions", "timexes", "quotes", "events", "errors")  # written by ingest; version 1
STORY_TABLES = ("stories", "storylines", "merged_events")  # rebuilt by dateline.stories, not written by ingest

# The stories' clustering state (not records: the model has no type for them), updated by dateline.stories.store.
STORY_STATE = (
    """CREATE TABLE IF NOT EXISTS story_articles (
        article_id VARCHAR PRIMARY KEY, day BIGINT, date VARCHAR, outlet VARCHAR, label VARCHAR,
        weights VARCHAR, postings VARCHAR[], story_id VARCHAR, storyline_id VARCHAR)""",
    "CREATE TABLE IF NOT EXISTS story_postings (term VARCHAR, day BIGINT, article_id VARCHAR)",
    "CREATE TABLE IF NOT EXISTS story_links (a VARCHAR, b VARCHAR, level VARCHAR, sim DOUBLE)",
)

# Extraction attribute -> table, for writing an Extraction's records.
EXTRACTION_TABLES = {"entities": "mentions", "timexes": "timexes", "quotes": "quotes", "events": "events"}

_SCALARS = {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}


def column_type(annotation: object) -> str:
    """DuckDB type of a dataclass field annotation."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return column_type(args[0]) if len(args) == 1 else "JSON"
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if typing.get_origin(annotation) is list and args and args[0] in _SCALARS:
        return _SCALARS[args[0]] + "[]"
    return "JSON"


@cache
def columns(table: Table) -> tuple[tuple[str, str], ...]:
    """(name, DuckDB type) of every column of ``table``, in order (computed once per table)."""
    hints = typing.get_type_hints(table.record)
    cols = [(f.name, column_type(hints[f.name])) for f in dataclasses.fields(table.record)]
    if table.per_article:
        cols.insert(1, ("article_id", "VARCHAR"))
    return tuple(cols) + table.extra_columns


def create_table(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    cols = ", ".join(f'"{name}" {typ}' for name, typ in columns(table))
    key = ", PRIMARY KEY (id)" if table.keyed else ""
    con.execute(f'CREATE TABLE IF NOT EXISTS "{table.name}" ({cols}{key})')


def _v1(con: duckdb.DuckDBPyConnection) -> None:
    for name in INGEST_TABLES:
        create_table(con, TABLES[name])


def _v2(con: duckdb.DuckDBPyConnection) -> None:
    """The stories tables. A version-1 store may have them already: dateline.stories created them on
    first use before they were declared here, with the same definitions (hence IF NOT EXISTS)."""
    for name in STORY_TABLES:
        create_table(con, TABLES[name])
    for ddl in STORY_STATE:
        con.execute(ddl)


# Indexes no query used (DuckDB 2 plans the store's ``IN (SELECT unnest(?))`` filters as hash joins and
# even ``article_id = 'x'`` as a sequential scan) but every write updated and every writing connection
# held in memory.
_UNUSED_INDEXES = ("story_postings_term", "story_links_a", "mentions_article", "timexes_article", "quotes_article",
                   "events_article")


def _v3(con: duckdb.DuckDBPyConnection) -> None:
    """No key on the record tables (:attr:`Table.keyed`) and none of the unused indexes: the indexes of a
    store's biggest tables, which an ingest held in memory whole, growing with the store."""
    for index in _UNUSED_INDEXES:
        con.execute(f'DROP INDEX IF EXISTS "{index}"')
    present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for table in TABLES.values():
        if not table.keyed and table.name in present:  # DuckDB cannot drop a primary key: copied without it
            con.execute(f'CREATE TABLE "{table.name}_v3" AS SELECT * FROM "{table.name}"')
            con.execute(f'DROP TABLE "{table.name}"')
            con.execute(f'ALTER TABLE "{table.name}_v3" RENAME TO "{table.name}"')


MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {1: _v1, 2: _v2, 3: _v3}


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def add_missing_columns(con: duckdb.DuckDBPyConnection) -> None:
    existing = {
        (t, c) for t, c in con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()
    }
    tables = {t for t, _ in existing}
    for table in TABLES.values():
        if table.name not in tables:
            create_table(con, table)
            continue
        for name, typ in columns(table):
            if (table.name, name) not in existing:
                con.execute(f'ALTER TABLE "{table.name}" ADD COLUMN "{name}" {typ}')


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the store's schema up to :data:`SCHEMA_VERSION`; return the version it had before."""
    con.execute("BEGIN TRANSACTION")
    try:
        before = current_version(con)
        if before > SCHEMA_VERSION:
            raise RuntimeError(
                f"store schema version {before} is newer than this dateline's ({SCHEMA_VERSION}): upgrade dateline"
            )
        for version in range(before + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](con)
            con.execute("INSERT INTO schema_version VALUES (?)", [version])
        add_missing_columns(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return before
