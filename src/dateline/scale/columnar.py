"""A shard's results as Arrow tables, one per store table: what a worker sends back or writes to the lake.

The rows are the store's own (:func:`dateline.store._row`: the columns of :mod:`dateline.store.schema`,
nested records as JSON text), so the client rebuilds exactly the records the worker made, and the lake
holds exactly what a DuckDB store would. Plain tables pickle small and fast; spaCy Docs never travel.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

import pyarrow as pa

from dateline.model import Article, Extraction, Rejection
from dateline.store import _ARROW_TYPES, _AUTOMATIC, _row
from dateline.store.schema import EXTRACTION_TABLES, INGEST_TABLES, TABLES, Table, columns

ORDER = "_order"  # the "articles" / "errors" / "skipped" row each input item became, in input order
SKIPPED = "skipped"  # articles the store held already: not extracted, sent back for the client's counts


def arrow_schema(table: Table, *, automatic: bool = False) -> pa.Schema:
    """The Arrow schema of a store table's rows (with ``automatic``: its store-filled timestamps too)."""
    fields = [(n, _ARROW_TYPES[t]) for n, t in columns(table) if t not in _AUTOMATIC]
    if automatic:
        fields += [(n, pa.timestamp("us")) for n, t in columns(table) if t in _AUTOMATIC]
    return pa.schema(fields)


def to_tables(items: Iterable[Extraction | Rejection | Article], *, stamped: bool = False) -> dict[str, pa.Table]:
    """The rows of ``items`` per ingest table; ``"_order"`` says which table each item went to, in order.
    A bare Article (one not extracted because it is stored already) goes to the table ``"skipped"``.
    ``stamped``: the store-filled timestamps (``ingested_at``, ``rejected_at``) are filled in now, as the
    lake has no store to fill them."""
    rows: dict[str, list[dict]] = {name: [] for name in (*INGEST_TABLES, SKIPPED)}
    order: list[str] = []
    for item in items:
        if isinstance(item, Article):
            rows[SKIPPED].append(_row(TABLES["articles"], item))
            order.append(SKIPPED)
            continue
        if isinstance(item, Rejection):
            rows["errors"].append(_row(TABLES["errors"], item))
            order.append("errors")
            continue
        rows["articles"].append(_row(TABLES["articles"], item.article))
        order.append("articles")
        for attr, name in EXTRACTION_TABLES.items():
            rows[name].extend(_row(TABLES[name], r, item.article.id) for r in getattr(item, attr))
    if stamped:
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for name in INGEST_TABLES:
            for n, t in columns(TABLES[name]):
                if t in _AUTOMATIC:
                    for row in rows[name]:
                        row[n] = now
    tables = {name: pa.Table.from_pylist(r, schema=arrow_schema(TABLES[name], automatic=stamped))
              for name, r in rows.items() if name != SKIPPED}
    tables[SKIPPED] = pa.Table.from_pylist(rows[SKIPPED], schema=arrow_schema(TABLES["articles"]))
    tables[ORDER] = pa.table({"table": pa.array(order, pa.string())})
    return tables


def from_tables(tables: dict[str, pa.Table]) -> list[Extraction | Rejection | Article]:
    """The items :func:`to_tables` was given, rebuilt in their order from the rows."""
    per_article: dict[str, dict[str, list[dict]]] = {}
    for attr, name in EXTRACTION_TABLES.items():
        for row in tables[name].to_pylist():
            per_article.setdefault(row["article_id"], {}).setdefault(attr, []).append(row)
    articles = iter(tables["articles"].to_pylist())
    errors = iter(tables["errors"].to_pylist())
    skipped = iter(tables[SKIPPED].to_pylist())
    out: list[Extraction | Rejection | Article] = []
    for name in tables[ORDER].column("table").to_pylist():
        if name == "errors":
            out.append(Rejection.from_row(next(errors)))
            continue
        if name == SKIPPED:
            out.append(Article.from_row(next(skipped)))
            continue
        article = Article.from_row(next(articles))
        records = per_article.get(article.id, {})
        out.append(Extraction(article, **{
            attr: [TABLES[name].record.from_row(r) for r in records.get(attr, [])]
            for attr, name in EXTRACTION_TABLES.items()
        }))
    return out
