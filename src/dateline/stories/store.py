"""The stories tables in the DuckDB store, updated incrementally after each ingest.

The tables are declared with the rest of the schema (:mod:`dateline.store.schema`): the records
``stories``, ``storylines`` and ``merged_events``, and the state ``story_articles`` (an article's
vector, label and current story / storyline), ``story_postings`` (the inverted index: term, day
-> article) and ``story_links`` (links above the storyline threshold, both ways).

:func:`update` clusters the stored articles that are not clustered yet: it looks up candidates
through the postings within the date window, stores the new links, then rebuilds the records of
the storyline components the new articles touch — nothing else is read or rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from dateline.model import Article, Event, Extraction, Mention
from dateline.store import Store, insert_records
from dateline.store.queries import rows as named_rows
from dateline.store.schema import TABLES
from dateline.stories.clusterer import ArticleInfo, Clusterer, Records, article_label, info_of
from dateline.stories.features import ArticleVector, vectorize
from dateline.stories.index import STORYLINE

BATCH = 256


@dataclass
class UpdateSummary:
    clustered: int = 0  # articles newly clustered
    stories: int = 0  # story records (re)written


def update(store: Store, article_ids: Iterable[str] | None = None, batch: int = BATCH) -> UpdateSummary:
    """Cluster the stored articles not clustered yet; return what was done.

    ``article_ids`` (the ids an ingest just wrote) limits the work to those articles; without it
    every article of the store is checked (one anti-join over the articles table).
    """
    summary = UpdateSummary()
    wanted = None if article_ids is None else sorted(set(article_ids))
    with store.connect() as con:
        while True:
            rows = _pending(con, wanted, batch)
            if not rows:
                return summary
            con.execute("BEGIN TRANSACTION")
            try:
                written = _update_batch(con, [Article.from_row(r) for r in rows])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            summary.clustered += len(rows)
            summary.stories += written


def _pending(con: duckdb.DuckDBPyConnection, wanted: list[str] | None, batch: int) -> list[dict]:
    """The next ``batch`` unclustered articles (of ``wanted``, when given), oldest first."""
    among = "" if wanted is None else "AND id IN (SELECT unnest(?)) "
    return named_rows(
        con,
        "SELECT id, date, title, text, outlet FROM articles "
        f"WHERE id NOT IN (SELECT article_id FROM story_articles) {among}ORDER BY date, id LIMIT ?",
        ([] if wanted is None else [wanted]) + [batch],
    )


def _update_batch(con: duckdb.DuckDBPyConnection, articles: list[Article]) -> int:
    ids = [a.id for a in articles]
    mentions = _grouped(con, "SELECT * FROM mentions", ids)
    quotes = _grouped(con, "SELECT article_id, id FROM quotes", ids)
    events = _events(con, ids)
    exs = [Extraction(a, entities=[Mention.from_row(m) for m in mentions.get(a.id, [])],
                      quotes=[], events=events.get(a.id, [])) for a in articles]
    vectors = [vectorize(ex) for ex in exs]
    clusterer = Clusterer()
    for vec, info in _load_candidates(con, vectors):
        clusterer.restore(vec, info, [])
    new_links = []
    for vec, ex in zip(vectors, exs, strict=True):
        info = info_of(ex)
        info.quote_ids = sorted(q["id"] for q in quotes.get(ex.article.id, []))
        new_links.extend((vec.article_id, b, level, sim) for b, level, sim in clusterer.add_vector(vec, info))
    _write_state(con, vectors, exs, new_links)
    return _rebuild(con, _component(con, ids))


def _grouped(con: duckdb.DuckDBPyConnection, query: str, ids: list[str]) -> dict[str, list[dict]]:
    """The rows of ``query`` (a SELECT of a table with an article_id column) for ``ids``, by article."""
    out: dict[str, list[dict]] = {}
    for row in named_rows(con, f"{query} WHERE article_id IN (SELECT unnest(?)) ORDER BY ALL", [ids]):
        out.setdefault(row["article_id"], []).append(row)
    return out


def _events(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, list[Event]]:
    return {a: [Event.from_row(r) for r in rows] for a, rows in _grouped(con, "SELECT * FROM events", ids).items()}


def _vector(row: dict) -> ArticleVector:
    """An article's vector from its story_articles row."""
    return ArticleVector(row["article_id"], row["day"], json.loads(row["weights"]), tuple(row["postings"]))


def _info(row: dict, quote_ids: list[str] | None = None, events: list[Event] | None = None) -> ArticleInfo:
    """What story records need of an article, from its story_articles row (and its quotes and events)."""
    return ArticleInfo(row["article_id"], row["date"], row["label"], row["outlet"], quote_ids or [], events or [],
                       row.get("title"))


def _load_candidates(con: duckdb.DuckDBPyConnection, vectors: list[ArticleVector]):
    """Stored articles that share a posting term with a new one within the storyline window."""
    terms = sorted({t for v in vectors for t in v.postings})
    lo = min(v.day for v in vectors) - STORYLINE.window_days
    hi = max(v.day for v in vectors) + STORYLINE.window_days
    rows = named_rows(
        con,
        "SELECT article_id, day, weights, postings, date, outlet, label FROM story_articles "
        "WHERE article_id IN (SELECT article_id FROM story_postings "
        "WHERE term IN (SELECT unnest(?)) AND day BETWEEN ? AND ?) "
        "ORDER BY article_id", [terms, lo, hi],
    )
    for r in rows:
        yield _vector(r), _info(r)


def _write_state(con, vectors: list[ArticleVector], exs: list[Extraction], links: list[tuple]) -> None:
    arts = {
        "article_id": [v.article_id for v in vectors], "day": [v.day for v in vectors],
        "date": [ex.article.date[:10] for ex in exs], "outlet": [ex.article.outlet for ex in exs],
        "label": [article_label(ex) for ex in exs],
        "weights": [json.dumps(v.weights, sort_keys=True) for v in vectors],
        "postings": [list(v.postings) for v in vectors],
    }
    _append(con, "story_articles", arts, "NULL, NULL")
    postings = [(t, v.day, v.article_id) for v in vectors for t in v.postings]
    _append(con, "story_postings", _columns(("term", "day", "article_id"), postings))
    both = [row for a, b, lv, s in links for row in ((a, b, lv, s), (b, a, lv, s))]
    _append(con, "story_links", _columns(("a", "b", "level", "sim"), both))


def _columns(names: tuple[str, ...], rows: list[tuple]) -> dict[str, list]:
    return {n: [r[i] for r in rows] for i, n in enumerate(names)}


def _append(con: duckdb.DuckDBPyConnection, table: str, data: dict[str, list], extra: str = "") -> None:
    """Insert column lists in one statement through Arrow (executemany runs one statement per row)."""
    if not next(iter(data.values())):
        return
    batch = pa.table(data)  # noqa: F841 - read by DuckDB's replacement scan
    con.execute(f"INSERT INTO {table} SELECT *{', ' + extra if extra else ''} FROM batch")


def _component(con: duckdb.DuckDBPyConnection, seeds: list[str]) -> set[str]:
    """Every article connected to ``seeds`` by links: the storylines the new articles touch."""
    seen, frontier = set(seeds), list(seeds)
    while frontier:
        query = "SELECT DISTINCT b FROM story_links WHERE a IN (SELECT unnest(?))"
        rows = con.execute(query, [frontier]).fetchall()
        frontier = [r[0] for r in rows if r[0] not in seen]
        seen.update(frontier)
    return seen


def _rebuild(con: duckdb.DuckDBPyConnection, members: set[str]) -> int:
    """Recompute and rewrite the records of the storyline components holding ``members``."""
    ids = sorted(members)
    records = _records(con, ids)
    old = con.execute("SELECT DISTINCT story_id, storyline_id FROM story_articles "
                      "WHERE article_id IN (SELECT unnest(?)) AND story_id IS NOT NULL", [ids]).fetchall()
    old_stories, old_lines = sorted({r[0] for r in old}), sorted({r[1] for r in old})
    con.execute("DELETE FROM merged_events WHERE id IN (SELECT unnest(event_ids) FROM stories "
                "WHERE id IN (SELECT unnest(?)))", [old_stories])
    con.execute("DELETE FROM stories WHERE id IN (SELECT unnest(?))", [old_stories])
    con.execute("DELETE FROM storylines WHERE id IN (SELECT unnest(?))", [old_lines])
    insert_records(con, TABLES["stories"], records.stories, replace=True)
    insert_records(con, TABLES["storylines"], records.storylines, replace=True)
    insert_records(con, TABLES["merged_events"], records.events, replace=True)
    assignment = [(s.id, s.storyline_id, a) for s in records.stories for a in s.article_ids]
    moves = pa.table(_columns(("story_id", "storyline_id", "article_id"), assignment))  # noqa: F841
    con.execute("UPDATE story_articles SET story_id = m.story_id, storyline_id = m.storyline_id "
                "FROM moves m WHERE story_articles.article_id = m.article_id")
    return len(records.stories)


def _records(con: duckdb.DuckDBPyConnection, ids: list[str]) -> Records:
    quotes = _grouped(con, "SELECT article_id, id FROM quotes", ids)
    events = _events(con, ids)
    rows = named_rows(con, "SELECT s.article_id, s.day, s.weights, s.postings, s.date, s.outlet, s.label, a.title "
                           "FROM story_articles s LEFT JOIN articles a ON a.id = s.article_id "
                           "WHERE s.article_id IN (SELECT unnest(?)) ORDER BY s.article_id", [ids])
    links = _grouped(con, "SELECT a AS article_id, b, level, sim FROM story_links", ids)
    clusterer = Clusterer()
    for r in rows:
        art = r["article_id"]
        info = _info(r, sorted(q["id"] for q in quotes.get(art, [])), events.get(art, []))
        clusterer.restore(_vector(r), info, [(link["b"], link["level"], link["sim"]) for link in links.get(art, [])])
    return clusterer.records()
