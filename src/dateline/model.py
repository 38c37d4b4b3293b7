"""The typed records dateline produces — one definition each.

Every record that comes out of an article carries the character span(s) of its evidence
(offsets into ``Article.text``) and a confidence in [0, 1]. Records are plain dataclasses so
they pickle across worker processes, serialize to the ``dateline extract`` JSON with
:func:`to_json`, and map onto the DuckDB store (``dateline.store.schema`` derives the tables
from these definitions).

IDs are deterministic: :func:`record_id` hashes the article id, the record kind and the
record's defining spans, so the same input gives the same IDs on every run.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any


def record_id(*parts: object, length: int = 16) -> str:
    """A stable hex id from the given parts (joined with a unit separator)."""
    raw = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of ``Article.text``: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Article:
    """One dated news article. ``text`` is the body without the date line."""

    id: str
    date: str  # ISO: "2024-02-08", "2024-02" (month granularity) or "2024-02-08T10:30:00+00:00"
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None  # input path, with ":LINE" for JSONL/CSV rows, or a WARC record offset
    outlet: str | None = None  # the publishing site, e.g. "voanews.com"
    date_granularity: str = "day"  # "day", "month" or "time"
    language: str = "en"


@dataclass(slots=True)
class Rejection:
    """A document that could not be ingested, and why (the store's errors table)."""

    id: str
    source: str
    reason: str  # short category: empty, binary, encoding, date, json, too-large, language, ...
    message: str  # one clear line for the user


@dataclass(slots=True)
class Mention:
    """A named-entity mention found by the NER model."""

    id: str
    start: int
    end: int
    text: str
    label: str  # spaCy NER label: PERSON, ORG, GPE, NORP, LOC, DATE, ...
    confidence: float


@dataclass(slots=True)
class Timex:
    """A temporal expression normalized to TimeML TIMEX3."""

    id: str
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value: "2024-02-07", "2023-10", "P4.5M", "PRESENT_REF", "2024-02-07TEV", "XXXX-WXX-3"
    mod: str | None = None  # EARLY, LATE, APPROX, START, END, MID, BEFORE, AFTER, ...
    anchor: str | None = None  # the value it was resolved against: the DCT or an earlier timex's value
    anchor_id: str | None = None  # the anchoring timex's id, None when anchored on the DCT
    confidence: float = 1.0


@dataclass(slots=True)
class ActorRef:
    """A mention of an actor in a role (speaker, addressee, event source or target).

    ``name`` is the resolved canonical name ("Benjamin Netanyahu" for a span "he");
    ``actor_id`` is the knowledge-base id or a document-local id for unknown actors.
    """

    start: int
    end: int
    text: str
    actor_id: str | None = None
    name: str | None = None
    country: str | None = None  # ISO3
    sector: str | None = None  # GOV, MIL, REB, OPP, LEG, JUD, POL, IGO, NGO, MED, BUS, CVL, REL, ...
    confidence: float = 1.0


@dataclass(slots=True)
class Quote:
    """A statement attributed to a speaker."""

    id: str
    kind: str  # direct, indirect, mixed, unmarked
    speaker: ActorRef | None
    cue: Span | None
    content: list[Span]
    addressee: ActorRef | None = None
    confidence: float = 1.0


@dataclass(slots=True)
class Place:
    """A resolved location."""

    start: int
    end: int
    text: str
    name: str | None = None
    country: str | None = None  # ISO3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # country, region, city


@dataclass(slots=True)
class Count:
    """A number of people affected: killed, injured, arrested, abducted/hostages, displaced."""

    kind: str
    value: int | None
    approximate: bool
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Event:
    """A PLOVER event: who did what to whom, when and where."""

    id: str
    type: str  # PLOVER event type: AGREE, CONSULT, SUPPORT, ..., ASSAULT
    evidence: Span
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    modality: str = "asserted"  # asserted, negated, hypothetical, future, historical
    source: ActorRef | None = None
    target: ActorRef | None = None
    date: str | None = None  # TIMEX3-style value of the event's date
    date_resolved: bool = False  # False when the date fell back to the article's date
    location: Place | None = None
    counts: list[Count] = field(default_factory=list)
    quote_id: str | None = None
    confidence: float = 1.0
    cameo: str | None = None  # CAMEO root code where PLOVER maps onto CAMEO
    goldstein: float | None = None
    plover_type: str | None = None  # the PLOVER manual's single category (future CONSULT -> AGREE, ...)


@dataclass(slots=True)
class Story:
    """One happening as the press reports it, across articles and outlets."""

    id: str
    label: str
    first_date: str
    last_date: str
    article_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    storyline_id: str | None = None
    quote_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Storyline:
    """Related stories chained over weeks into one timeline (e.g. a cease-fire negotiation)."""

    id: str
    label: str
    first_date: str
    last_date: str
    story_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MergedEvent:
    """One happening's event as reported across articles: the Event mentions merged into one."""

    id: str
    type: str
    date: str
    first_seen: str  # earliest article date among its mentions
    last_seen: str
    label: str  # the earliest mention's evidence text
    event_ids: list[str] = field(default_factory=list)  # the merged Event mentions
    article_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    actor_ids: list[str] = field(default_factory=list)
    n_articles: int = 0
    n_outlets: int = 0


@dataclass(slots=True)
class Extraction:
    """Everything the stages found in one article: the ``dateline extract`` JSON."""

    article: Article
    entities: list[Mention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def to_json(record: Any) -> Any:
    """A record (or list of records) as plain JSON-ready data.

    A quote's ``content`` is a single span, or a list of spans when the quote is interrupted,
    as the extract contract says.
    """
    if isinstance(record, list):
        return [to_json(r) for r in record]
    if not dataclasses.is_dataclass(record):
        return record
    out = {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, Quote):
        out["content"] = out["content"][0] if len(out["content"]) == 1 else out["content"]
    return out
