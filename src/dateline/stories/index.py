"""Incremental, order-independent clustering of articles into stories and storylines.

Choice (documented in the package README): two articles are *linked* at a level when their
vectors' cosine reaches the level's threshold and their dates are within the level's window.
A story is a connected component of story-level links; a storyline is a connected component of
the looser storyline-level links (every story link is also a storyline link, so a story lies
inside one storyline). A link depends only on the two articles, so the components — and the ids
derived from their earliest member — are a function of the *set* of articles: the same whatever
the order of ingestion.

Adding an article costs a look-up of its posting terms over the days of the widest window, and a
cosine with each article found there: the cost depends on how many articles were published
around that date, not on the size of the store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from dateline.stories.features import ArticleVector, cosine


@dataclass(frozen=True, slots=True)
class Level:
    """When two articles are linked: cosine >= ``threshold`` and dates <= ``window_days`` apart."""

    threshold: float
    window_days: int


STORY = Level(threshold=0.30, window_days=3)
STORYLINE = Level(threshold=0.25, window_days=21)


def linked(level: Level, sim: float, days_apart: int) -> bool:
    return sim >= level.threshold and days_apart <= level.window_days


class Components:
    """Union-find over article keys whose roots know their members and earliest member."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.first: dict[str, tuple[int, str]] = {}

    def add(self, key: str, day: int, first: str | None = None) -> None:
        """Add ``key`` as its own component; ``first``: the earliest article it stands for (default: itself)."""
        if key not in self.parent:
            self.parent[key] = key
            self.members[key] = [key]
            self.first[key] = (day, first or key)

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        self.first[ra] = min(self.first[ra], self.first.pop(rb))
        return ra

    def groups(self) -> list[tuple[tuple[int, str], list[str]]]:
        """(earliest (day, key), sorted members) of every component, earliest first."""
        return sorted((self.first[r], sorted(m)) for r, m in self.members.items())


class StoryIndex:
    """Articles clustered into stories and storylines as they arrive."""

    def __init__(self, story: Level = STORY, storyline: Level = STORYLINE):
        if story.threshold < storyline.threshold or story.window_days > storyline.window_days:
            raise ValueError("a story link must also be a storyline link (higher threshold, shorter window)")
        self.story_level, self.line_level = story, storyline
        self.vectors: dict[str, ArticleVector] = {}
        self.postings: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.stories = Components()
        self.storylines = Components()
        self.comparisons = 0  # cosines computed: the cost measure of the growth benchmark

    def candidates(self, vec: ArticleVector) -> list[str]:
        """Articles sharing a posting term with ``vec`` within the widest window (sorted ids)."""
        window = self.line_level.window_days
        found: set[str] = set()
        for term in vec.postings:
            days = self.postings.get(term)
            if not days:
                continue
            for day in range(vec.day - window, vec.day + window + 1):
                found.update(days.get(day, ()))
        found.discard(vec.article_id)
        return sorted(found)

    def add(self, vec: ArticleVector) -> list[tuple[str, str, float]]:
        """Index one article; return its links as (article id, level "story"|"storyline", cosine)."""
        if vec.article_id in self.vectors:
            return []
        links = []
        for other_id in self.candidates(vec):
            other = self.vectors[other_id]
            sim = round(cosine(vec, other), 9)  # summation order must not flip a link at the threshold
            self.comparisons += 1
            apart = abs(vec.day - other.day)
            if linked(self.line_level, sim, apart):
                level = "story" if linked(self.story_level, sim, apart) else "storyline"
                links.append((other_id, level, sim))
        self.insert(vec, links)
        return links

    def insert(self, vec: ArticleVector, links: list[tuple[str, str, float]]) -> None:
        """Record an article and links already computed (also used when loading from a store)."""
        self.vectors[vec.article_id] = vec
        for term in vec.postings:
            self.postings[term][vec.day].append(vec.article_id)
        self.stories.add(vec.article_id, vec.day)
        self.storylines.add(vec.article_id, vec.day)
        for other_id, level, _ in links:
            self.storylines.union(vec.article_id, other_id)
            if level == "story":
                self.stories.union(vec.article_id, other_id)
