"""Story labels that name the happening.

A story is labelled with the headline of its most central article that has a real headline (scored by
:func:`dateline.ingest.headlines.headline_score`: a byline, dateline, timestamp, navigation or consent
line is none); failing that, with a headline written from its main merged event — actor, action,
target, place: "Benjamin Netanyahu rejects Hamas" — and failing that, with its central article's first
sentence, cut at a word. The main event is the one most articles report in their lede in the reporter's
own words (an event inside a quote is someone's claim).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dateline.ingest.headlines import is_headline, shorten
from dateline.model import ActorRef, Event, MergedEvent
from dateline.resources import read_table

WEAK_ACTOR = 0.5  # a one-word actor coded with less confidence is left out of a label
LEDE_CHARS = 400  # an event whose evidence starts this early in its article is in the lede
_REPORTED = ("asserted", "future")  # modalities a label may state (not negated, hypothetical or historical)
_PREPOSITIONS = {"on", "with", "to", "from", "against", "at", "for"}
_STANDS_ALONE = {"RETREAT", "PROTEST", "ASSAULT", "MOBILIZE"}  # types whose actor and verb alone name a happening
_HEAD_ENDS = {"in", "of", "from", "at", "on", "for", "with", "and"}  # the subject's head stands before these
_PLURAL_ENDINGS = ("ers", "ors", "ists", "ans", "ees", "ies", "ants", "ents", "ops", "ces", "ives", "als", "eds",
                   "ants", "ites", "ids", "ins")
_AUXILIARY = "to|will|would|must|could|may|might|shall|should|can|did|does|do|not"
_PARTICLES = "out|off|up|down|back|away|over"
# Verbs of saying trigger events (ACCUSE, ...) but say nothing of what happened: their type's verb stands instead.
_SPEECH = {"say", "tell", "state", "add", "note", "express", "announce", "speak", "describe", "call"}


@dataclass(slots=True)
class Mention:
    """An event mention of a story's article, for choosing and writing the main event."""

    event: Event
    article_id: str


def story_label(headlines: Sequence[str | None], fallback: str, merged: Sequence[MergedEvent],
                mentions: dict[str, Mention]) -> str:
    """The label of a story: ``headlines`` are its articles' titles, most central first; ``fallback``
    the central article's label; ``merged`` its merged events; ``mentions`` event id -> mention."""
    for headline in headlines:
        if is_headline(headline):
            return shorten(headline)
    return event_label(merged, mentions) or fallback


def event_label(merged: Sequence[MergedEvent], mentions: dict[str, Mention]) -> str | None:
    """A headline written from the main merged event that has an actor, or None."""
    ranked = sorted(merged, key=lambda m: _rank(m, mentions))
    for m in ranked:
        reported = [mentions[i] for i in m.event_ids if i in mentions and mentions[i].event.modality in _REPORTED]
        best = _representative(reported)
        if best is not None:
            return shorten(headline_of(best.event))
    return None


def _rank(m: MergedEvent, mentions: dict[str, Mention]) -> tuple:
    found = [mentions[i] for i in m.event_ids if i in mentions]
    reported = [x for x in found if x.event.modality in _REPORTED]
    in_lede = {x.article_id for x in reported if _in_lede(x) and x.event.quote_id is None}
    named = any(x.event.source is not None and x.event.source.name for x in reported)
    return (-len(in_lede), -len({x.article_id for x in reported}), -len(reported), not named, m.date, m.id)


def _in_lede(x: Mention) -> bool:
    return x.event.evidence.start < LEDE_CHARS


def _says_enough(event: Event) -> bool:
    """An actor and a verb name a happening only for types that stand alone ("David Cameron to resign",
    "Protesters clash"); the others need whom they act on or where ("Antony Blinken discusses" says nothing)."""
    if not _name(event.source) or (_weak(event.source) and _name(event.source).lower() in person_titles()):
        return False  # a bare title no one was found behind: "President discusses ..." names no actor
    return event.type in _STANDS_ALONE or bool(_target(event)) or event.location is not None


def _representative(reported: list[Mention]) -> Mention | None:
    """The mention that says it best: the reporter's own words (not inside a quote: what someone claims),
    in a lede, of the actor most mentions name (resolved names first), with a target, earliest."""
    with_actor = [x for x in reported if _says_enough(x.event)]
    if not with_actor:
        return None
    votes: dict[str, int] = {}
    for x in with_actor:
        votes[_name(x.event.source)] = votes.get(_name(x.event.source), 0) + 1
    return min(with_actor, key=lambda x: (x.event.quote_id is not None, not _in_lede(x),
                                          -votes[_name(x.event.source)], not x.event.source.name,
                                          not _name(x.event.target), x.event.evidence.start, x.event.id))


def headline_of(event: Event) -> str:
    """"Actor verb target in place", headline style: present tense, "to <verb>" for what is to come."""
    source, target = _name(event.source), _target(event)
    verb = _verb(event, with_object=bool(target))
    if event.modality == "future":
        verb = "to " + verb
    elif not _plural(source):
        verb = third_person(verb)
    words = [source, verb, target]
    place = event.location.name if event.location is not None else None
    said = " ".join(words).lower()
    if place and place.lower() not in said:
        words.append("in " + place)
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def _target(event: Event) -> str:
    """The target's name, unless it is the actor itself or one word the actors stage is unsure of
    ("President", a place taken for an actor)."""
    target = _name(event.target)
    return "" if target.lower() == _name(event.source).lower() or _weak(event.target) else target


def _weak(ref: ActorRef | None) -> bool:
    """One word the actors stage is unsure of: a bare title ("President"), a place taken for an actor."""
    return ref is not None and len(_name(ref).split()) == 1 and ref.confidence < WEAK_ACTOR


def _name(ref: ActorRef | None) -> str:
    if ref is None:
        return ""
    return " ".join((ref.name or ref.text or "").split())


def _plural(subject: str) -> bool:
    """"Chinese troops", "Protesters", "Opposition demonstrators in Ukraine", "Russia and Turkey": a plural
    subject takes the verb's base form. The head is the last word before a preposition."""
    words = subject.split()
    cut = next((i for i, w in enumerate(words) if i and w in _HEAD_ENDS), len(words))
    head = words[cut - 1].lower() if words else ""
    return " and " in f" {subject} " or head.endswith(_PLURAL_ENDINGS) or head in ("people", "police", "men")


def _verb(event: Event, with_object: bool) -> str:
    """The event's trigger when the evidence uses it as a verb, else its type's verb (event_verbs.tsv)."""
    word = (event.provenance or "").rsplit(":", 1)[-1] if (event.provenance or "").startswith("rule:") else ""
    as_verb = _used_as_verb(word, event.evidence.text) if word and word not in _SPEECH else None
    if as_verb:
        return as_verb
    verb = event_verbs().get(event.type, "act")
    parts = verb.split()
    if not with_object and len(parts) > 1 and parts[-1] in _PREPOSITIONS:
        parts = parts[:-1]  # "call on" with no one called on: "calls"
    return " ".join(parts)


def _used_as_verb(word: str, evidence: str) -> str | None:
    """``word`` with its particle when the evidence uses it as a verb ("rejected", "bombs", "will resign",
    "pulled out" -> "pull out"); None when it does not (a noun: "the assault", "a coup")."""
    if " " in word or not word.isalpha():
        return None
    base, stem = re.escape(word), re.escape(word[:-1] if word.endswith("e") else word)
    forms = rf"{base}(?:s|es|d|ed)|{stem}(?:ed|ing)|{re.escape(word[:-1])}ied|(?:{_AUXILIARY}) {base}"
    found = re.search(rf"\b(?:{forms})\b(?:\s+({_PARTICLES})\b)?", evidence, re.I)
    if found is None:
        return None
    return f"{word} {found[1].lower()}" if found[1] else word


def third_person(verb: str) -> str:
    """"reject" -> "rejects", "crack down on" -> "cracks down on", "bomb" -> "bombs"."""
    first, _, rest = verb.partition(" ")
    if first in ("be", "have"):
        first = {"be": "is", "have": "has"}[first]
    elif first.endswith(("s", "sh", "ch", "x", "z", "o")):
        first += "es"
    elif first.endswith("y") and first[-2:-1] not in "aeiou":
        first = first[:-1] + "ies"
    else:
        first += "s"
    return f"{first} {rest}".strip()


@cache
def person_titles() -> frozenset[str]:
    """One-word titles of people ("president", "minister"): the coreference lexicon's PERSON heads."""
    return frozenset(r[0] for r in read_table("quotes", "descriptions.tsv") if r[1:2] == ["PERSON"] and " " not in r[0])


@cache
def event_verbs() -> dict[str, str]:
    return {row[0]: row[1] for row in read_table("stories", "event_verbs.tsv")}
