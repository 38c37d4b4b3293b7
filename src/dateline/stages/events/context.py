"""The doer of a killing the sentence does not name, from the attack just reported before it.

"Twenty Indian soldiers were killed in a clash with Chinese troops. (...) 17 Indian troops
were critically injured": the second sentence names no doer, its reader takes the one of the
attack just told. :func:`inherit_doers` gives an ASSAULT with no source (no "by" doer, no event
noun's doer, no place's unidentified attackers) the source of the nearest earlier ASSAULT of the
article, at most :data:`REACH` sentences back, whose target is of the same known country, at a
low confidence. A negated or hypothetical event inherits nothing.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc

from dateline.model import Event, record_id

REACH = 2  # sentences back
CONFIDENCE = 0.3


def _sentence_index(doc: Doc) -> dict[int, int]:
    """Token-sentence start char -> sentence number, for the evidence starts of events."""
    return {sent.start_char: n for n, sent in enumerate(doc.sents)}


def _sent_of(doc: Doc, starts: dict[int, int], char: int) -> int | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return starts.get(span.sent.start_char) if span is not None else None


def _inheritable(ev: Event) -> bool:
    return ev.type == "ASSAULT" and ev.source is None and ev.modality in ("asserted", "historical")


def _same_side(donor: Event, ev: Event) -> bool:
    """The donor's victims are this event's, of a known country ("43 Chinese soldiers killed or
    injured" right after "Indian soldiers killed by Chinese troops" are the other side); a donor with
    no victim named is an attacker of another country than this event's victims ("the Israeli
    offensive (...) Thousands of civilians have been killed": Israel's doing, not Hamas's attack's)."""
    if ev.target is None or ev.target.country is None:
        return False
    if donor.target is None or donor.target.country is None:
        return donor.source.country != ev.target.country
    return donor.target.country == ev.target.country


def inherit_doers(doc: Doc, events: list[Event]) -> list[Event]:
    """The events, an ASSAULT with no source taking the doer of the attack reported just before it."""
    if not any(_inheritable(ev) for ev in events):
        return events
    starts = _sentence_index(doc)
    article_id = doc._.article.id if doc._.article is not None else ""
    out: list[Event] = []
    donors: list[tuple[int, Event]] = []
    for ev in events:
        n = _sent_of(doc, starts, ev.evidence.start)
        if n is not None and _inheritable(ev):
            donor = next((d for m, d in reversed(donors) if 0 < n - m <= REACH and _same_side(d, ev)), None)
            if donor is not None:
                source = dataclasses.replace(donor.source, confidence=CONFIDENCE)
                key = (source.actor_id or source.text, ev.target.actor_id or ev.target.text if ev.target else None)
                ev = dataclasses.replace(ev, source=source, confidence=round(ev.confidence * 0.8, 3),
                                         id=record_id(article_id, "event", ev.type, ev.evidence.start, *key))
        if n is not None and ev.type == "ASSAULT" and ev.source is not None and ev.source.country \
                and ev.source.confidence > CONFIDENCE and ev.modality in ("asserted", "historical"):
            donors.append((n, ev))
        out.append(ev)
    return out
