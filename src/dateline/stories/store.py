"""The stories tables in the DuckDB store, updated incrementally after each ingest.

The tables are declared with the rest of the schema (:mod:`dateline.store.schema`): the records
``stories``, ``storylines`` and ``merged_events``, and the state ``story_articles`` (an article's
vector, label and current story / storyline), ``story_postings`` (the inverted index: term, day
-> article) and ``story_links`` (links above the storyline threshold, both ways).

:func:`update` clusters the stored articles that are not clustered yet: it looks up candidates
through the postings within the date window, stores the new links, then rebuilds the records of
the stories the new articles joined, and the storylines holding them. A story's record depends on
its own articles only, so the other stories of those storylines are not read again (a storyline
can run for months): only their storyline id may change, and a storyline's record is made from its
stories' records. An ingest hands over the extractions it just wrote, so that they are not read
back from the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

import duckdb
import pyarrow as pa

from dateline.model import Article, Event, Extraction, Mention, Story
from dateline.store import Store, insert_records
from dateline.store.queries import rows as named_rows
from dateline.store.schema import TABLES
from dateline.stories.clusterer import ArticleInfo, Clusterer, Records, article_label, info_of, storyline_id, storylines
from dateline.stories.features import ArticleVector, vectorize
from dateline.stories.index import STORYLINE, Components

BATCH = 256


@dataclass
class UpdateSummary:
    clustered: int = 0  # articles newly clustered
    stories: int = 0  # story records (re)written


def update(
    store: Store, article_ids: Iterable[str] | None = None, batch: int = BATCH, extractions: Iterable[Extraction] = (),
) -> UpdateSummary:
    """Cluster the stored articles not clustered yet; return what was done.

    ``article_ids`` (the ids an ingest just wrote) limits the work to those articles; without it
    every article of the store is checked (one anti-join over the articles table). ``extractions``
    (those an ingest just wrote) are used as they are instead of being read back from the store.
    """
    summary = UpdateSummary()
    fresh = {ex.article.id: _as_stored(ex) for ex in extractions}
    wanted = None if article_ids is None else sorted(set(article_ids))
    with store.connect() as con:
        while True:
            rows = _pending(con, wanted, batch)
            if not rows:
                return summary
            con.execute("BEGIN TRANSACTION")
            try:
                written = _update_batch(con, [Article.from_row(r) for r in rows], fresh)
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


def _as_stored(ex: Extraction) -> Extraction:
    """What the stories read of an extraction, as the store gives it back: entities and events once per id,
    in id order (the mentions' order decides the float sum of a vector's norm), quotes as their ids."""
    def once(records: list) -> list:  # the first of an id, as INSERT OR IGNORE keeps it
        return sorted({r.id: r for r in reversed(records)}.values(), key=lambda r: r.id)

    return Extraction(ex.article, entities=once(ex.entities), quotes=once(ex.quotes), events=once(ex.events))


def _extractions(con: duckdb.DuckDBPyConnection, articles: list[Article], fresh: dict[str, Extraction]):
    """``articles`` with their entities, quotes and events: from ``fresh``, else read from the store."""
    stored = [a.id for a in articles if a.id not in fresh]
    mentions = _grouped(con, "SELECT * FROM mentions", stored)
    quotes = _grouped(con, "SELECT article_id, id FROM quotes", stored)
    events = _events(con, stored)
    return [Extraction(a, entities=fresh[a.id].entities, quotes=fresh[a.id].quotes, events=fresh[a.id].events)
            if a.id in fresh else
            Extraction(a, entities=[Mention.from_row(m) for m in mentions.get(a.id, [])],
                       quotes=quotes.get(a.id, []), events=events.get(a.id, [])) for a in articles]


def _quote_ids(ex: Extraction) -> list[str]:
    return sorted(q["id"] if isinstance(q, dict) else q.id for q in ex.quotes)


def _update_batch(con: duckdb.DuckDBPyConnection, articles: list[Article], fresh: dict[str, Extraction]) -> int:
    exs = _extractions(con, articles, fresh)
    vectors = [vectorize(ex) for ex in exs]
    clusterer = Clusterer()
    for vec, info in _load_candidates(con, vectors):
        clusterer.restore(vec, info, [])
    new_links = []
    for vec, ex in zip(vectors, exs, strict=True):
        info = info_of(Extraction(ex.article, entities=ex.entities, events=ex.events))
        info.quote_ids = _quote_ids(ex)
        new_links.extend((vec.article_id, b, level, sim) for b, level, sim in clusterer.add_vector(vec, info))
    _write_state(con, vectors, exs, new_links)
    return _rebuild(con, [a.id for a in articles], {ex.article.id: ex for ex in exs})


def _grouped(con: duckdb.DuckDBPyConnection, query: str, ids: list[str]) -> dict[str, list[dict]]:
    """The rows of ``query`` (a SELECT of a table with an article_id column) for ``ids``, by article."""
    out: dict[str, list[dict]] = {}
    if not ids:
        return out
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


Links = dict[str, list[tuple[str, str, float]]]  # article id -> its links (other article, level, cosine)


def _storyline_links(con: duckdb.DuckDBPyConnection, seeds: list[str]) -> Links:
    """The links of every article connected to ``seeds`` (the storylines the new articles are in), read
    once: the stories, the storylines and the records are all worked out from them.

    A stored storyline is a whole component of the links, so the old articles the seeds link to bring
    their storylines in whole: one query for the seeds' links, one for every link of those storylines
    (following the links a hop at a time took one query per hop, and a storyline of months has many).
    Any article still unvisited (none, while every stored article has its storyline id) is
    followed a hop at a time."""
    links: Links = {}
    rows = _links_from(con, seeds)
    frontier = sorted({r[1] for r in rows} - set(seeds))
    links.update((a, []) for a in seeds)
    if frontier:
        rows += con.execute(
            "SELECT l.a, l.b, l.level, l.sim FROM story_links l JOIN story_articles s ON s.article_id = l.a "
            "WHERE s.storyline_id IN (SELECT storyline_id FROM story_articles WHERE article_id IN (SELECT unnest(?)))",
            [frontier]).fetchall()
    while rows:
        for a, b, level, sim in rows:
            links.setdefault(a, []).append((b, level, sim))
        frontier = sorted({r[1] for r in rows} - links.keys())
        links.update((a, []) for a in frontier)
        rows = _links_from(con, frontier) if frontier else []
    for found in links.values():
        found.sort()
    return links


def _links_from(con: duckdb.DuckDBPyConnection, articles: list[str]) -> list[tuple]:
    return con.execute("SELECT a, b, level, sim FROM story_links WHERE a IN (SELECT unnest(?))", [articles]).fetchall()


def _story_members(links: Links, seeds: list[str]) -> list[str]:
    """Every article connected to ``seeds`` by story-level links: the stories the new articles are in."""
    seen, frontier = set(seeds), list(seeds)
    while frontier:
        frontier = [b for a in frontier for b, level, _ in links[a] if level == "story" and b not in seen]
        seen.update(frontier)
    return sorted(seen)


def _rebuild(con: duckdb.DuckDBPyConnection, seeds: list[str], fresh: dict[str, Extraction]) -> int:
    """Rewrite the records of the stories holding ``seeds`` (new articles) and of their storylines; the
    storylines' other stories keep their records, with their storyline id brought up to date."""
    links = _storyline_links(con, seeds)
    line_members = sorted(links)
    state = {r[0]: r[1:] for r in con.execute(
        "SELECT article_id, day, story_id, storyline_id FROM story_articles WHERE article_id IN (SELECT unnest(?))",
        [line_members]).fetchall()}
    line_of = _storyline_ids(links, state)
    story_members = _story_members(links, seeds)
    records = _records(con, story_members, links, fresh)
    touched = [replace(s, storyline_id=line_of[s.article_ids[0]]) for s in records.stories]
    old_touched = sorted({state[a][1] for a in story_members if state[a][1] is not None})
    others = sorted({state[a][1] for a in line_members if state[a][1] is not None} - set(old_touched))
    old = [Story.from_row(r) for r in named_rows(con, "SELECT * FROM stories WHERE id IN (SELECT unnest(?)) "
                                                     "ORDER BY id", [others])]
    kept = [replace(s, storyline_id=line_of[s.article_ids[0]]) for s in old]
    moved = [s for s, was in zip(kept, old, strict=True) if s.storyline_id != was.storyline_id]
    con.execute("DELETE FROM merged_events WHERE id IN (SELECT unnest(event_ids) FROM stories "
                "WHERE id IN (SELECT unnest(?)))", [old_touched])
    con.execute("DELETE FROM stories WHERE id IN (SELECT unnest(?))", [old_touched])
    con.execute("DELETE FROM storylines WHERE id IN (SELECT unnest(?))",
                [sorted({state[a][2] for a in line_members if state[a][2] is not None})])
    insert_records(con, TABLES["stories"], touched + moved, replace=True)
    insert_records(con, TABLES["storylines"], storylines(touched + kept), replace=True)
    insert_records(con, TABLES["merged_events"], records.events)  # no key: the old ones are deleted above
    _move(con, touched + moved, state)
    return len(touched) + len(moved)


def _storyline_ids(links: Links, state: dict[str, tuple]) -> dict[str, str]:
    """Article id -> the id of its storyline, for the articles of ``links`` (whole storylines): the components
    of their links, named after their earliest article, as :class:`~dateline.stories.index.StoryIndex` does."""
    lines = Components()
    for a in links:
        lines.add(a, state[a][0])
    for a, found in links.items():
        for b, _, _ in found:
            lines.union(a, b)
    out: dict[str, str] = {}
    for (day, first), group in lines.groups():
        out.update((m, storyline_id(day, first)) for m in group)
    return out


def _move(con: duckdb.DuckDBPyConnection, stories: list[Story], state: dict[str, tuple]) -> None:
    """Set the story and storyline ids of the articles of ``stories`` where they changed."""
    assignment = [(s.id, s.storyline_id, a) for s in stories for a in s.article_ids
                  if state.get(a, (None, None, None))[1:] != (s.id, s.storyline_id)]
    if not assignment:
        return
    moves = pa.table(_columns(("story_id", "storyline_id", "article_id"), assignment))  # noqa: F841
    con.execute("UPDATE story_articles SET story_id = m.story_id, storyline_id = m.storyline_id "
                "FROM moves m WHERE story_articles.article_id = m.article_id")


def _records(con: duckdb.DuckDBPyConnection, ids: list[str], links: Links, fresh: dict[str, Extraction]) -> Records:
    """The story records of the articles ``ids`` (whole stories), their quotes and events from ``fresh``
    when there, else from the store."""
    stored = [a for a in ids if a not in fresh]
    quotes = _grouped(con, "SELECT article_id, id FROM quotes", stored)
    events = _events(con, stored)
    rows = named_rows(con, "SELECT s.article_id, s.day, s.weights, s.postings, s.date, s.outlet, s.label, a.title "
                           "FROM story_articles s LEFT JOIN articles a ON a.id = s.article_id "
                           "WHERE s.article_id IN (SELECT unnest(?)) ORDER BY s.article_id", [ids])
    clusterer = Clusterer()
    for r in rows:
        art = r["article_id"]
        ex = fresh.get(art)
        quote_ids = _quote_ids(ex) if ex else sorted(q["id"] for q in quotes.get(art, []))
        info = _info(r, quote_ids, ex.events if ex else events.get(art, []))
        clusterer.restore(_vector(r), info, links[art])
    return clusterer.records()
