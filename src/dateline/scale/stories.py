"""The lake's stories: links found per time window in parallel, components joined on the client.

A story or storyline link joins two articles at most ``STORYLINE.window_days`` apart (the link span),
and depends on those two articles only (:mod:`dateline.stories.index`). So the lake's days are cut into
windows, and the task of window [lo, hi) loads the articles of [lo, hi + span) — windows overlap by the
link span — and keeps the links whose earlier article falls in [lo, hi): every link is found once, by
the window holding its earlier end, and none that crosses a window's edge is lost. The tasks also send
back their window's article vectors and what story records need of each article; the client joins the
links into components and builds the records with the same engine as the DuckDB store
(:class:`dateline.stories.Clusterer`), so the stories are the ones a single store would hold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa

from dateline.model import Article, Extraction, Mention
from dateline.store import _row
from dateline.store.queries import rows as named_rows
from dateline.store.schema import STORY_TABLES, TABLES
from dateline.stories.clusterer import ArticleInfo, Clusterer, info_of
from dateline.stories.features import ArticleVector, day_ordinal, vectorize
from dateline.stories.index import STORY, STORYLINE, StoryIndex
from dateline.stories.store import _events, _grouped

DEFAULT_WINDOW_DAYS = 28  # days of articles a task links (it loads them and the next link span's)


@dataclass
class WindowPart:
    """One window's share: its articles (vector, story info) and the links whose earlier end is in it."""

    articles: list[tuple[ArticleVector, ArticleInfo]] = field(default_factory=list)
    links: list[tuple[str, str, str, float]] = field(default_factory=list)  # (a, b, level, cosine)


def windows(lake: str | Path, window_days: int = DEFAULT_WINDOW_DAYS) -> list[tuple[int, int]]:
    """[lo, hi) day-ordinal windows of ``window_days`` covering every article of the lake; a window starts
    at the first day with articles not yet covered, so the years an archive has no articles cost nothing."""
    from dateline.lake import Lake

    with Lake(lake).connect() as con:
        days = [day_ordinal(d) for (d,) in con.execute("SELECT DISTINCT substr(date, 1, 10) FROM articles").fetchall()]
    spans: list[tuple[int, int]] = []
    for day in sorted(days):
        if not spans or day >= spans[-1][1]:
            spans.append((day, day + window_days))
    return spans


def window_part(lake: str | Path, lo: int, hi: int) -> WindowPart:
    """The task of window [lo, hi): load the articles of [lo, hi + span), link them, keep its share."""
    from dateline.lake import Lake

    span = STORYLINE.window_days
    first, last = date.fromordinal(lo).isoformat()[:7], date.fromordinal(hi + span).isoformat()[:7]
    with Lake(lake).connect() as con:
        # The month filter reads only those months' files; the exact days are checked below.
        rows = named_rows(con, "SELECT id, date, title, text, outlet FROM articles WHERE month BETWEEN ? AND ? "
                               "ORDER BY date, id", [first, last])
        articles = [a for a in map(Article.from_row, rows) if lo <= day_ordinal(a.date) < hi + span]
        ids = [a.id for a in articles]
        mentions = _grouped(con, "SELECT * FROM mentions", ids)
        quotes = _grouped(con, "SELECT article_id, id FROM quotes", ids)
        events = _events(con, ids)
    part = WindowPart()
    index = StoryIndex(STORY, STORYLINE)
    for article in articles:
        ex = Extraction(article, entities=[Mention.from_row(m) for m in mentions.get(article.id, [])],
                        quotes=[], events=events.get(article.id, []))
        vec = vectorize(ex)
        for other, level, sim in index.add(vec):
            if lo <= min(vec.day, index.vectors[other].day) < hi:
                part.links.append((vec.article_id, other, level, sim))
        if vec.day < hi:
            info = info_of(ex)
            info.quote_ids = sorted(q["id"] for q in quotes.get(article.id, []))
            part.articles.append((vec, info))
    return part


def build_stories(lake: str | Path, client=None, *, window_days: int = DEFAULT_WINDOW_DAYS) -> int:
    """Compute the lake's stories, storylines and merged events (windows on ``client``'s cluster, or here
    without one) and write them into the lake, replacing the previous ones; return how many stories."""
    spans = windows(lake, window_days)
    if client is None:
        parts = [window_part(lake, lo, hi) for lo, hi in spans]
    else:
        parts = client.gather([client.submit(window_part, str(lake), lo, hi, pure=False) for lo, hi in spans])
    links: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    for part in parts:
        for a, b, level, sim in part.links:
            links[a].append((b, level, sim))
            links[b].append((a, level, sim))
    clusterer = Clusterer()
    for part in parts:
        for vec, info in part.articles:
            clusterer.restore(vec, info, links.get(vec.article_id, []))
    records = clusterer.records()
    from dateline.lake import write_stories
    from dateline.scale.columnar import arrow_schema

    found = {"stories": records.stories, "storylines": records.storylines, "merged_events": records.events}
    write_stories(lake, {name: pa.Table.from_pylist([_row(TABLES[name], r) for r in found[name]],
                                                    schema=arrow_schema(TABLES[name]))
                         for name in STORY_TABLES})
    return len(records.stories)
