"""The stories tables in the DuckDB store, updated incrementally after each ingest.

Record tables (derived from the model, registered with the store): ``stories``,
``storylines``, ``merged_events``. State tables (this module's DDL): ``story_articles`` (an
article's vector, label and current story / storyline), ``story_postings`` (the inverted index:
term, day -> article) and ``story_links`` (links above the storyline threshold, both ways).

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

from dateline import model
from dateline.model import ActorRef, Article, Event, Extraction, Mention, Span
from dateline.store import Store, insert_records
from dateline.store.schema import Table, create_table, register_table
from dateline.stories.clusterer import ArticleInfo, Clusterer, Records, article_label, info_of
from dateline.stories.features import ArticleVector, vectorize
from dateline.stories.index import STORYLINE

RECORD_TABLES = (
    Table("stories", model.Story, per_article=False),
    Table("storylines", model.Storyline, per_article=False),
    Table("merged_events", model.MergedEvent, per_article=False),
)
for _table in RECORD_TABLES:
    register_table(_table)

STATE_DDL = (
    """CREATE TABLE IF NOT EXISTS story_articles (
        article_id VARCHAR PRIMARY KEY, day BIGINT, date VARCHAR, outlet VARCHAR, label VARCHAR,
        weights VARCHAR, postings VARCHAR[], story_id VARCHAR, storyline_id VARCHAR)""",
    "CREATE TABLE IF NOT EXISTS story_postings (term VARCHAR, day BIGINT, article_id VARCHAR)",
    "CREATE INDEX IF NOT EXISTS story_postings_term ON story_postings (term, day)",
    "CREATE TABLE IF NOT EXISTS story_links (a VARCHAR, b VARCHAR, level VARCHAR, sim DOUBLE)",
    "CREATE INDEX IF NOT EXISTS story_links_a ON story_links (a)",
)
BATCH = 256
@dataclass
class UpdateSummary:
    clustered: int = 0  # articles newly clustered
    stories: int = 0  # story records (re)written


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table in RECORD_TABLES:
        create_table(con, table)
    for ddl in STATE_DDL:
        con.execute(ddl)


def update(store: Store, article_ids: Iterable[str] | None = None, batch: int = BATCH) -> UpdateSummary:
    """Cluster the stored articles not clustered yet; return what was done.

    ``article_ids`` (the ids an ingest just wrote) limits the work to those articles; without it
    every article of the store is checked (one anti-join over the articles table).
    """
    summary = UpdateSummary()
    wanted = None if article_ids is None else sorted(set(article_ids))
    with store.connect() as con:
        ensure_tables(con)
        while True:
            rows = _pending(con, wanted, batch)
            if not rows:
                return summary
            con.execute("BEGIN TRANSACTION")
            try:
                written = _update_batch(con, [_article(r) for r in rows])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            summary.clustered += len(rows)
            summary.stories += written


def _pending(con: duckdb.DuckDBPyConnection, wanted: list[str] | None, batch: int) -> list[tuple]:
    """The next ``batch`` unclustered articles (of ``wanted``, when given), oldest first."""
    among = "" if wanted is None else "AND id IN (SELECT unnest(?)) "
    return con.execute(
        "SELECT id, date, title, text, outlet FROM articles "
        f"WHERE id NOT IN (SELECT article_id FROM story_articles) {among}ORDER BY date, id LIMIT ?",
        ([] if wanted is None else [wanted]) + [batch],
    ).fetchall()


def _article(row: tuple) -> Article:
    return Article(id=row[0], date=row[1], title=row[2], text=row[3], outlet=row[4])


def _update_batch(con: duckdb.DuckDBPyConnection, articles: list[Article]) -> int:
    ids = [a.id for a in articles]
    query = 'SELECT article_id, id, start, "end", text, label, confidence FROM mentions'
    mentions = _grouped(con, query, ids)
    quotes = _grouped(con, "SELECT article_id, id FROM quotes", ids)
    events = _events(con, ids)
    exs = [Extraction(a, entities=[Mention(*m[1:]) for m in mentions.get(a.id, [])],
                      quotes=[], events=events.get(a.id, [])) for a in articles]
    vectors = [vectorize(ex) for ex in exs]
    clusterer = Clusterer()
    for vec, info in _load_candidates(con, vectors):
        clusterer.restore(vec, info, [])
    new_links = []
    for vec, ex in zip(vectors, exs, strict=True):
        info = info_of(ex)
        info.quote_ids = sorted(q[1] for q in quotes.get(ex.article.id, []))
        new_links.extend((vec.article_id, b, level, sim) for b, level, sim in clusterer.add_vector(vec, info))
    _write_state(con, vectors, exs, new_links)
    return _rebuild(con, _component(con, ids))


def _grouped(con: duckdb.DuckDBPyConnection, query: str, ids: list[str]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for row in con.execute(f"{query} WHERE article_id IN (SELECT unnest(?)) ORDER BY ALL", [ids]).fetchall():
        out.setdefault(row[0], []).append(row)
    return out


def _events(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, list[Event]]:
    query = "SELECT article_id, id, type, evidence, modality, source, target, date FROM events"
    return {a: [_event(r) for r in rows] for a, rows in _grouped(con, query, ids).items()}


def _event(row: tuple) -> Event:
    evidence = json.loads(row[3]) if row[3] else {"start": 0, "end": 0, "text": ""}
    return Event(id=row[1], type=row[2], evidence=Span(**evidence), modality=row[4] or "asserted",
                 source=_actor(row[5]), target=_actor(row[6]), date=row[7])


def _actor(value: str | None) -> ActorRef | None:
    if not value:
        return None
    data = json.loads(value)
    return ActorRef(start=data.get("start", 0), end=data.get("end", 0), text=data.get("text", ""),
                    actor_id=data.get("actor_id"), name=data.get("name"))


def _load_candidates(con: duckdb.DuckDBPyConnection, vectors: list[ArticleVector]):
    """Stored articles that share a posting term with a new one within the storyline window."""
    terms = sorted({t for v in vectors for t in v.postings})
    lo = min(v.day for v in vectors) - STORYLINE.window_days
    hi = max(v.day for v in vectors) + STORYLINE.window_days
    rows = con.execute(
        "SELECT article_id, day, weights, postings, date, outlet, label FROM story_articles "
        "WHERE article_id IN (SELECT article_id FROM story_postings "
        "WHERE term IN (SELECT unnest(?)) AND day BETWEEN ? AND ?) "
        "ORDER BY article_id", [terms, lo, hi],
    ).fetchall()
    for r in rows:
        yield ArticleVector(r[0], r[1], json.loads(r[2]), tuple(r[3])), ArticleInfo(r[0], r[4], r[6], r[5])


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
    insert_records(con, RECORD_TABLES[0], records.stories, replace=True)
    insert_records(con, RECORD_TABLES[1], records.storylines, replace=True)
    insert_records(con, RECORD_TABLES[2], records.events, replace=True)
    assignment = [(s.id, s.storyline_id, a) for s in records.stories for a in s.article_ids]
    moves = pa.table(_columns(("story_id", "storyline_id", "article_id"), assignment))  # noqa: F841
    con.execute("UPDATE story_articles SET story_id = m.story_id, storyline_id = m.storyline_id "
                "FROM moves m WHERE story_articles.article_id = m.article_id")
    return len(records.stories)


def _records(con: duckdb.DuckDBPyConnection, ids: list[str]) -> Records:
    quotes = _grouped(con, "SELECT article_id, id FROM quotes", ids)
    events = _events(con, ids)
    rows = con.execute("SELECT article_id, day, weights, postings, date, outlet, label FROM story_articles "
                       "WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id", [ids]).fetchall()
    links = _grouped(con, "SELECT a AS article_id, b, level, sim FROM story_links", ids)
    clusterer = Clusterer()
    for r in rows:
        quote_ids = sorted(q[1] for q in quotes.get(r[0], []))
        info = ArticleInfo(r[0], r[4], r[6], r[5], quote_ids, events.get(r[0], []))
        vec = ArticleVector(r[0], r[1], json.loads(r[2]), tuple(r[3]))
        clusterer.restore(vec, info, [(link[1], link[2], link[3]) for link in links.get(r[0], [])])
    return clusterer.records()
