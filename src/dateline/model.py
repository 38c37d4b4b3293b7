"""The typed records dateline produces — one definition each.

Every record that comes out of an article carries the character span(s) of its evidence
(offsets into ``Article.text``) and a confidence in [0, 1]. Records are plain dataclasses so
they pickle across worker processes, serialize to the ``dateline extract`` JSON with
:func:`to_json`, and map onto the DuckDB store (``dateline.store.schema`` derives the tables
from these definitions; :meth:`Record.from_row` rebuilds a record from its row).

IDs are deterministic: :func:`record_id` hashes the article id, the record kind and the
record's defining spans, so the same input gives the same IDs on every run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar


def record_id(*parts: object, length: int = 16) -> str:
    """A stable hex id from the given parts (joined with a unit separator)."""
    raw = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:length]


R = TypeVar("R", bound="Record")


class Record:
    """What every record can do beside holding its fields: be rebuilt from a store row."""

    __slots__ = ()  # the records are slotted dataclasses; an empty base keeps them free of a __dict__

    @classmethod
    def from_row(cls: type[R], row: Mapping[str, Any]) -> R:
        """The record a store row holds: columns by name, JSON columns as text or already parsed.

        Columns the record has no field for (``article_id``, ``ingested_at``) are ignored; a field
        whose column is absent, or NULL where the field takes no None (a column an older store
        gained by migration), gets its default.
        """
        return _build(cls, row)


@dataclass(frozen=True, slots=True)
class Span(Record):
    """A stretch of ``Article.text``: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Article(Record):
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
class Rejection(Record):
    """A document that could not be ingested, and why (the store's errors table)."""

    id: str
    source: str
    reason: str  # short category: empty, binary, encoding, date, json, too-large, language, ...
    message: str  # one clear line for the user


@dataclass(slots=True)
class Mention(Record):
    """A named-entity mention found by the NER model."""

    id: str
    start: int
    end: int
    text: str
    label: str  # spaCy NER label: PERSON, ORG, GPE, NORP, LOC, DATE, ...
    confidence: float


@dataclass(slots=True)
class Timex(Record):
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
class ActorRef(Record):
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
class Quote(Record):
    """A statement attributed to a speaker."""

    id: str
    kind: str  # direct, indirect, mixed, unmarked
    speaker: ActorRef | None
    cue: Span | None
    content: list[Span]
    addressee: ActorRef | None = None
    confidence: float = 1.0
    # how the speaker is known: "name", "resolved" (a pronoun or description coreference links to a name),
    # "description" (no chain: "a senior official"), "unresolved" (a pronoun nothing resolves); None: no speaker
    speaker_status: str | None = None
    # the attribution's source when it is not a person or organisation ("the clip says", "TELEVISION VISUALS:"):
    # kept as written, never as a speaker
    source_phrase: Span | None = None


@dataclass(slots=True)
class Place(Record):
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
class Count(Record):
    """A number of people affected: killed, injured, arrested, abducted/hostages, displaced."""

    kind: str
    value: int | None
    approximate: bool
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Event(Record):
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
    # what produced the event: "rule:<trigger role>:<lexicon word>" for a rule, "model:<name>" for a learned
    # decision, "pattern:<id>" for a declarative pattern of resources/events/patterns.tsv
    provenance: str | None = None
    # how central the event is to its sentence: the rules' score (a verb above an event noun, the main clause
    # above an embedded one, resolved actors up); consumers that take one event per sentence take the most
    # salient. ``confidence`` is another thing: the probability that the event is right (acceptance.py)
    salience: float | None = None


@dataclass(slots=True)
class Story(Record):
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
class Storyline(Record):
    """Related stories chained over weeks into one timeline (e.g. a cease-fire negotiation)."""

    id: str
    label: str
    first_date: str
    last_date: str
    story_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MergedEvent(Record):
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
    names = _field_names(type(record))
    if names is None:
        return record
    out = {name: to_json(getattr(record, name)) for name in names}
    if isinstance(record, Quote):
        out["content"] = out["content"][0] if len(out["content"]) == 1 else out["content"]
    return out


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, None for any other type (looked up once per type: the store
    turns every nested record of a batch to JSON, and ``dataclasses.fields`` per value cost most of it)."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(cls: type, data: Mapping[str, Any]) -> Any:
    values = {}
    for name, has_default, optional, convert in _plan(cls):
        value = data.get(name)
        if value is None and has_default and (name not in data or not optional):
            continue  # the dataclass fills in its default
        values[name] = None if value is None else convert(value)
    return cls(**values)


@cache
def _plan(cls: type) -> tuple[tuple[str, bool, bool, Any], ...]:
    """Per field of ``cls``: name, whether it has a default, whether it takes None, and its converter.

    Worked out once per class: the store rebuilds records by the ten thousand (stories reload the
    events of every article a storyline holds), and typing introspection per value cost most of it."""
    hints = _hints(cls)
    plan = []
    for f in dataclasses.fields(cls):
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        plan.append((f.name, has_default, _optional(hints[f.name]), _converter(hints[f.name])))
    return tuple(plan)


@cache
def _converter(hint: Any) -> Any:
    """A function turning a non-None stored value into the type ``hint`` names (nested records from
    their JSON, as text or already parsed)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return _converter(args[0]) if len(args) == 1 else _same
    if typing.get_origin(hint) is list and args and dataclasses.is_dataclass(args[0]):
        item = _converter(args[0])
        return lambda value: [None if v is None else item(v) for v in _parsed(value)]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda value: _build(hint, _parsed(value))
    if typing.get_origin(hint) is list:
        return list
    return _same


def _same(value: Any) -> Any:
    return value


def _parsed(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _optional(hint: Any) -> bool:
    return type(None) in typing.get_args(hint)
