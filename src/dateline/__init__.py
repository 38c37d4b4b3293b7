"""dateline: dated news articles in, evidence-linked event data out.

Python API::

    import dateline
    result = dateline.extract(text, date="2024-02-08")   # an Extraction of typed records
    store = dateline.open("dateline.duckdb")             # query a store: pandas / Arrow tables
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.model import Article, Event, Extraction, Mention, Quote, Span, Story, Timex

if TYPE_CHECKING:
    from dateline.store import Store

__version__ = "0.1.0"
__all__ = ["Article", "Event", "Extraction", "Mention", "Quote", "Span", "Story", "Timex", "extract", "open"]


def extract(
    text: str,
    date: str | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    model: str | None = None,
    kb: tuple[str, ...] = (),
) -> Extraction:
    """Run every stage on one article and return its typed records.

    ``text`` is the article body, or a whole dated-text document (`` date 2024-02-08 ...``)
    whose date line gives the date when ``date`` is not passed; ``kb`` lists actor KB files added to
    the bundled KB. (Loads spaCy on first use.) Raises :class:`dateline.ingest.RejectedDocument` (with
    ``.reason`` and ``.message``) for input it cannot use: empty, undated, not English, too large ...
    """
    from dateline.pipeline import extract_text

    return extract_text(text, date, title=title, url=url, model=model, kb=kb)


def open(db: str = "dateline.duckdb", *, read_only: bool = True) -> Store:  # noqa: A001 - mirrors builtins.open
    """Open a dateline store for queries (``.sql(...)``, ``.table(name)``): a DuckDB file, or a Parquet lake
    folder written by ``dateline ingest --lake`` (read through DuckDB views, see :mod:`dateline.lake`)."""
    from dateline.lake import open_store

    return open_store(db, read_only=read_only)
