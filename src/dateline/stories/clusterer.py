"""The stories engine: articles in (incrementally), stories, storylines and merged events out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from dateline.ingest.headlines import article_label as label_of
from dateline.model import Event, Extraction, MergedEvent, Story, Storyline, record_id
from dateline.stories.events import EventIndex
from dateline.stories.features import ArticleVector, cosine, vectorize
from dateline.stories.index import STORY, STORYLINE, Level, StoryIndex
from dateline.stories.labels import Mention, story_label


@dataclass(slots=True)
class ArticleInfo:
    """What story records need from an article once it is clustered."""

    id: str
    date: str
    label: str
    outlet: str | None
    quote_ids: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    headline: str | None = None  # the article's title; a story label only if it scores as a headline


def article_label(ex: Extraction) -> str:
    """The article's title, else its first sentence (boilerplate and datelines skipped), shortened at a word."""
    return label_of(ex.article.title, ex.article.text)


def info_of(ex: Extraction) -> ArticleInfo:
    a = ex.article
    quotes = [q.id for q in ex.quotes]
    return ArticleInfo(a.id, a.date[:10], article_label(ex), a.outlet, quotes, list(ex.events), a.title)


def story_id(day: int, article_id: str) -> str:
    return record_id("story", day, article_id)


def storyline_id(day: int, article_id: str) -> str:
    return record_id("storyline", day, article_id)


@dataclass(slots=True)
class Records:
    """The records of a set of articles' stories."""

    stories: list[Story]
    storylines: list[Storyline]
    events: list[MergedEvent]


class Clusterer:
    """Stories, storylines and merged events of the articles added so far."""

    def __init__(self, story: Level = STORY, storyline: Level = STORYLINE):
        self.index = StoryIndex(story, storyline)
        self.info: dict[str, ArticleInfo] = {}

    def add(self, ex: Extraction) -> list[tuple[str, str, float]]:
        """Cluster one article; return its new links (article id, level, cosine)."""
        return self.add_vector(vectorize(ex), info_of(ex))

    def add_vector(self, vec: ArticleVector, info: ArticleInfo) -> list[tuple[str, str, float]]:
        """Add an article whose vector is already computed (the store and benchmarks reuse vectors)."""
        if info.id in self.info:
            return []
        self.info[info.id] = info
        return self.index.add(vec)

    def restore(self, vec: ArticleVector, info: ArticleInfo, links: list[tuple[str, str, float]]) -> None:
        """Re-add an article with links computed earlier (loading a part of a store)."""
        self.info[info.id] = info
        self.index.insert(vec, [link for link in links if link[0] in self.index.vectors])

    def add_all(self, extractions: Iterable[Extraction]) -> Clusterer:
        for ex in extractions:
            self.add(ex)
        return self

    def records(self) -> Records:
        """Stories (earliest first) with their storyline ids and merged events, and storylines."""
        line_of = {}
        for (day, first), members in self.index.storylines.groups():
            line_of.update((m, storyline_id(day, first)) for m in members)
        stories, events = [], []
        for (day, first), members in self.index.stories.groups():
            merged = self._merge_events(members)
            stories.append(self._story(day, first, members, merged, line_of[first]))
            events.extend(merged)
        return Records(stories, storylines(stories), sorted(events, key=lambda e: (e.date, e.id)))

    def stories(self) -> list[Story]:
        return self.records().stories

    def merged_events(self) -> list[MergedEvent]:
        return self.records().events

    def _merge_events(self, members: list[str]) -> list[MergedEvent]:
        index = EventIndex()
        for m in members:
            info = self.info[m]
            for event in info.events:
                index.add(event, info.id, info.date, info.outlet)
        return index.merged()

    def _story(self, day: int, first: str, members: list[str], merged: list[MergedEvent], line: str) -> Story:
        infos = sorted((self.info[m] for m in members), key=lambda i: (i.date, i.id))
        return Story(
            id=story_id(day, first),
            label=self._label(members, merged),
            first_date=infos[0].date,
            last_date=infos[-1].date,
            article_ids=[i.id for i in infos],
            event_ids=sorted(e.id for e in merged),
            storyline_id=line,
            quote_ids=[q for i in infos for q in i.quote_ids],
            outlets=sorted({i.outlet for i in infos if i.outlet}),
        )

    def _label(self, members: list[str], merged: list[MergedEvent]) -> str:
        """Its most central article's real headline, else its main event written as one, else the central
        article's first sentence (:mod:`dateline.stories.labels`)."""
        order = self._by_centrality(members)
        mentions = {e.id: Mention(e, m) for m in members for e in self.info[m].events}
        return story_label([self.info[m].headline for m in order], self.info[order[0]].label, merged, mentions)

    def _by_centrality(self, members: list[str]) -> list[str]:
        """The members, closest to the group's centroid first (ties: smallest id); two or fewer: earliest first."""
        if len(members) <= 2:
            return sorted(members, key=lambda m: (self.info[m].date, m))
        centroid: dict[str, float] = {}
        for m in members:
            for t, w in self.index.vectors[m].weights.items():
                centroid[t] = centroid.get(t, 0.0) + w
        probe = ArticleVector("", 0, centroid, ())
        return sorted(members, key=lambda m: (-round(cosine(self.index.vectors[m], probe), 9), m))


def storylines(stories: list[Story]) -> list[Storyline]:
    """Every storyline, earliest first: its stories in date order, named after its biggest story."""
    by_line: dict[str, list[Story]] = {}
    for s in stories:
        by_line.setdefault(s.storyline_id, []).append(s)
    out = []
    for line, members in by_line.items():
        members.sort(key=lambda s: (s.first_date, s.id))
        biggest = min(members, key=lambda s: (-len(s.article_ids), s.first_date, s.id))
        out.append(Storyline(
            id=line, label=biggest.label, first_date=members[0].first_date,
            last_date=max(s.last_date for s in members), story_ids=[s.id for s in members],
        ))
    return sorted(out, key=lambda s: (s.first_date, s.id))


def cluster(extractions: Iterable[Extraction]) -> Records:
    """Stories, storylines and merged events of a set of extractions (order does not matter)."""
    return Clusterer().add_all(extractions).records()
