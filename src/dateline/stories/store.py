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
from dateline.stories.clusterer import ArticleInfo, Clusterer, Records, article_label, info_of, storyline_id
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
    if wanted is None:
        return named_rows(con, "SELECT id, date, title, text, outlet FROM articles WHERE id NOT IN "
                               "(SELECT article_id FROM story_articles) ORDER BY date, id LIMIT ?", [batch])
    # The clustered among ``wanted`` only: an anti-join with all of story_articles would hash every id stored.
    return named_rows(con, "SELECT id, date, title, text, outlet FROM articles WHERE id IN (SELECT unnest(?)) "
                           "AND id NOT IN (SELECT article_id FROM story_articles WHERE article_id IN "
                           "(SELECT unnest(?))) ORDER BY date, id LIMIT ?", [wanted, wanted, batch])


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
    """Stored articles that share a posting term with a new one within the storyline window of that one's
    day: exactly those :meth:`~dateline.stories.index.StoryIndex.candidates` would compare. (One window from
    the batch's earliest day to its latest loaded every article between, sharing any of the batch's terms:
    a batch spanning months or years, as a backfill's can, loaded a slice of the store that grew with it.)"""
    window = STORYLINE.window_days
    probe = pa.table(_columns(("term", "lo", "hi"), sorted({(t, v.day - window, v.day + window)
                                                             for v in vectors for t in v.postings})))
    con.register("candidate_probe", probe)
    try:
        found = [r[0] for r in con.execute("SELECT DISTINCT p.article_id FROM story_postings p JOIN candidate_probe q "
                                           "ON p.term = q.term AND p.day BETWEEN q.lo AND q.hi").fetchall()]
    finally:
        con.unregister("candidate_probe")
    # Two queries, not one with a subquery: DuckDB planned that one as a hash join built on story_articles, every
    # row's vector in memory (170 MB at 40,000 articles); a list of ids is the join's small side.
    rows = named_rows(con, "SELECT article_id, day, weights, postings, date, outlet, label FROM story_articles "
                           "WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id", [found])
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


def _links_from(con: duckdb.DuckDBPyConnection, articles: list[str]) -> list[tuple]:
    return con.execute("SELECT a, b, level, sim FROM story_links WHERE a IN (SELECT unnest(?))", [articles]).fetchall()


def _state(con: duckdb.DuckDBPyConnection, column: str, values: list[str]) -> dict[str, tuple]:
    """Article id -> (day, story id, storyline id) of the story_articles rows whose ``column`` is in ``values``."""
    return {r[0]: r[1:] for r in con.execute(
        f"SELECT article_id, day, story_id, storyline_id FROM story_articles WHERE {column} IN (SELECT unnest(?))",
        [values]).fetchall()}


def _rebuild(con: duckdb.DuckDBPyConnection, seeds: list[str], fresh: dict[str, Extraction]) -> int:
    """Rewrite the records of the stories holding ``seeds`` (new articles) and of their storylines.

    Only the new articles' links and the stories they join are read, never a whole storyline: a stored
    storyline is a whole component of the links, so the new storylines are the old ones the seeds link to,
    joined through the seeds, each old one standing for all its articles by its earliest (day, article).
    The storylines' other stories keep their records (their storyline id is renamed in place when a
    storyline merges, or gains an earlier first article), and a storyline's record is aggregated from its
    stories' rows by DuckDB (:data:`_STORYLINE_RECORDS`): the update's memory does not grow with a storyline
    (one can run for years), only with the stories the batch joins (a story spans days)."""
    seed_links = _links_from(con, seeds)
    seed_state = _state(con, "article_id", seeds)
    reached = _state(con, "article_id", sorted({b for _, b, _, _ in seed_links} - set(seeds)))
    line_of = _storyline_ids(con, seed_state, seed_links, reached)  # seed or old storyline id -> new storyline id
    old_stories = sorted({reached[b][1] for _, b, level, _ in seed_links if level == "story" and b in reached})
    state = seed_state | _state(con, "story_id", old_stories)
    members = sorted(state)
    links: Links = {a: [] for a in members}
    for a, b, level, sim in _links_from(con, members):
        links[a].append((b, level, sim))
    for found in links.values():
        found.sort()
    records = _records(con, members, links, fresh)
    touched = [replace(s, storyline_id=line_of[_node(s.article_ids[0], state)]) for s in records.stories]
    old_lines = sorted({line for _, _, line in reached.values()})
    renames = [(old, line_of[old]) for old in old_lines if line_of[old] != old]
    con.execute("DELETE FROM merged_events WHERE id IN (SELECT unnest(event_ids) FROM stories "
                "WHERE id IN (SELECT unnest(?)))", [old_stories])
    con.execute("DELETE FROM stories WHERE id IN (SELECT unnest(?))", [old_stories])
    con.execute("DELETE FROM storylines WHERE id IN (SELECT unnest(?))", [old_lines])
    moved = _rename_storylines(con, renames)
    insert_records(con, TABLES["stories"], touched, replace=True)
    insert_records(con, TABLES["merged_events"], records.events)  # no key: the old ones are deleted above
    _move(con, touched, state)
    con.execute(_STORYLINE_RECORDS, [sorted(set(line_of.values()))])
    return len(touched) + moved


def _node(article: str, state: dict[str, tuple]) -> str:
    """An article's node among the storylines' components: a new article is its own, an old one its storyline."""
    line = state[article][2]
    return article if line is None else line


def _storyline_ids(con: duckdb.DuckDBPyConnection, seeds: dict[str, tuple], seed_links: list[tuple],
                   reached: dict[str, tuple]) -> dict[str, str]:
    """Seed or old storyline id -> the id of the storyline it is in now: the components of the seeds and the
    old storylines they link to, named after their earliest article, as
    :class:`~dateline.stories.index.StoryIndex` does (an old storyline's earliest article is read by DuckDB)."""
    lines = Components()
    for a, (day, _, _) in seeds.items():
        lines.add(a, day)
    old = sorted({line for _, _, line in reached.values()})
    for line, day, first in con.execute(
            "SELECT DISTINCT ON (storyline_id) storyline_id, day, article_id FROM story_articles "
            "WHERE storyline_id IN (SELECT unnest(?)) ORDER BY storyline_id, day, article_id", [old]).fetchall():
        lines.add(line, day, first)
    for a, b, _, _ in seed_links:
        lines.union(a, b if b in seeds else reached[b][2])
    out: dict[str, str] = {}
    for (day, first), group in lines.groups():
        out.update((m, storyline_id(day, first)) for m in group)
    return out


def _rename_storylines(con: duckdb.DuckDBPyConnection, renames: list[tuple[str, str]]) -> int:
    """Rename storylines in place (stories and articles); return how many stories changed storyline."""
    if not renames:
        return 0
    names = pa.table(_columns(("old", "new"), renames))  # noqa: F841 - read by DuckDB's replacement scan
    con.execute("UPDATE story_articles SET storyline_id = r.new FROM names r WHERE story_articles.storyline_id = r.old")
    return con.execute("UPDATE stories SET storyline_id = r.new FROM names r "
                       "WHERE stories.storyline_id = r.old").fetchone()[0]


# Every storyline's record (:func:`dateline.stories.clusterer.storylines`, in SQL) from its stories' rows: its
# stories in date order, named after its biggest story (most articles, then earliest, then smallest id).
_STORYLINE_RECORDS = (
    "INSERT INTO storylines (id, label, first_date, last_date, story_ids) "
    "SELECT storyline_id, first(label ORDER BY len(article_ids) DESC, first_date, id), min(first_date), "
    "max(last_date), list(id ORDER BY first_date, id) FROM stories "
    "WHERE storyline_id IN (SELECT unnest(?)) GROUP BY storyline_id"
)


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
