"""Cross-article event merging: the reports of one event become one :class:`MergedEvent`.

Two event mentions are linked when they have the same PLOVER type, dates within
:data:`WINDOW_DAYS`, are not of opposite polarity (asserted vs negated) and either share a
resolved actor id or, when one of them has no resolved actor, have similar evidence (word
Jaccard >= :data:`EVIDENCE_JACCARD`). Merged events are the connected components of these links:
like stories, a function of the set of mentions, found through an inverted index keyed by
(type, actor id) and (type, evidence word). Mentions are merged within a story (one happening),
so a story's merged events are recomputed from its own articles when it changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS

from dateline.model import Event, MergedEvent, record_id
from dateline.stories.features import day_ordinal, generic_words, stem
from dateline.stories.index import Components

WINDOW_DAYS = 3
EVIDENCE_JACCARD = 0.3
_ISO_DAY = re.compile(r"^\d{4}-\d{2}(-\d{2})?")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")


@dataclass(slots=True)
class EventMention:
    """One extracted Event with what merging needs from its article."""

    key: str  # the Event's id
    article_id: str
    article_date: str
    outlet: str | None
    event: Event
    day: int
    actors: frozenset[str]
    words: frozenset[str]


def event_day(event: Event, article_date: str) -> int:
    """The event's date when it resolves to a calendar day or month, else the article's."""
    value = event.date or ""
    m = _ISO_DAY.match(value)
    return day_ordinal(m.group() if m else article_date)


def mention(event: Event, article_id: str, article_date: str, outlet: str | None) -> EventMention:
    actors = {r.actor_id for r in (event.source, event.target) if r is not None and r.actor_id}
    stop = generic_words()
    words = {stem(w) for w in _WORD.findall(event.evidence.text)}
    words = {w for w in words if w not in STOP_WORDS and w not in stop}
    return EventMention(
        event.id, article_id, article_date[:10], outlet, event,
        event_day(event, article_date), frozenset(actors), frozenset(words),
    )


def _keys(m: EventMention) -> list[str]:
    keys = [f"{m.event.type}\x1fa:{a}" for a in sorted(m.actors)]
    return keys + [f"{m.event.type}\x1fw:{w}" for w in sorted(m.words)]


def _polarity(event: Event) -> bool:
    return event.modality != "negated"


def same_event(a: EventMention, b: EventMention) -> bool:
    """Whether two mentions report one event (symmetric, depends on the two only)."""
    if a.event.type != b.event.type or abs(a.day - b.day) > WINDOW_DAYS:
        return False
    if _polarity(a.event) != _polarity(b.event):
        return False
    if a.actors and b.actors:
        return bool(a.actors & b.actors)
    union = a.words | b.words
    return bool(union) and len(a.words & b.words) / len(union) >= EVIDENCE_JACCARD


class EventIndex:
    """Event mentions merged across articles as they arrive."""

    def __init__(self) -> None:
        self.mentions: dict[str, EventMention] = {}
        self.postings: dict[str, dict[int, list[str]]] = {}
        self.groups = Components()

    def add(self, event: Event, article_id: str, article_date: str, outlet: str | None = None) -> None:
        if event.id in self.mentions:
            return
        m = mention(event, article_id, article_date, outlet)
        found: set[str] = set()
        for key in _keys(m):
            days = self.postings.setdefault(key, {})
            for day in range(m.day - WINDOW_DAYS, m.day + WINDOW_DAYS + 1):
                found.update(days.get(day, ()))
            days.setdefault(m.day, []).append(m.key)
        self.mentions[m.key] = m
        self.groups.add(m.key, m.day)
        for other in sorted(found):
            if other != m.key and same_event(m, self.mentions[other]):
                self.groups.union(m.key, other)

    def merged(self) -> list[MergedEvent]:
        """Every merged event, earliest first."""
        return [self._record([self.mentions[k] for k in keys]) for _, keys in self.groups.groups()]

    def merged_id_of(self) -> dict[str, str]:
        """Event mention id -> merged event id."""
        out = {}
        for (day, first), keys in self.groups.groups():
            mid = merged_id(day, first)
            out.update((k, mid) for k in keys)
        return out

    def _record(self, ms: list[EventMention]) -> MergedEvent:
        ms.sort(key=lambda m: (m.day, m.key))  # the same earliest member as Components.first
        dates = sorted(m.article_date[:10] for m in ms)
        articles = sorted({m.article_id for m in ms})
        outlets = sorted({m.outlet for m in ms if m.outlet})
        first = ms[0]
        return MergedEvent(
            id=merged_id(first.day, first.key),
            type=first.event.type,
            date=_day_iso(first.day),
            first_seen=dates[0],
            last_seen=dates[-1],
            label=first.event.evidence.text[:200],
            event_ids=sorted(m.key for m in ms),
            article_ids=articles,
            outlets=outlets,
            actor_ids=sorted(set().union(*(m.actors for m in ms))),
            n_articles=len(articles),
            n_outlets=len(outlets),
        )


def merged_id(day: int, first_key: str) -> str:
    return record_id("merged-event", day, first_key)


def _day_iso(day: int) -> str:
    return date.fromordinal(day).isoformat()
