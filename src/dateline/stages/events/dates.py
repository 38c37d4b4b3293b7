"""The date of an event, from the time stage's timexes.

A verbal event takes the time stage's date of its clause (``date_of``) unless that timex
belongs to another noun ("the attack on Oct. 7" does not date the sentence's other events); a
nominal event takes a timex inside its own phrase ("Hamas' rampage ... on Oct. 7"). A statement
coded as an event (a demand, a criticism) whose sentence has no date takes the date given for
it in the next or previous sentence naming the same speaker ("Blinken made the comments
Wednesday"). Otherwise the article date, flagged ``resolved=False``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dateline.stages.events import roles
from dateline.stages.events.lexicon import cues, lemma
from dateline.stages.events.triggers import Trigger
from dateline.stages.syntax import by_offset
from dateline.stages.time import date_of


def _dct(doc: Doc) -> str | None:
    article = doc._.article
    return article.date if article is not None else None


def _timex_tokens(doc: Doc, start: int = 0, end: int | None = None) -> list[tuple[Token, str]]:
    """(root token, value) of each calendar timex of the time stage; with ``end``, of those overlapping the
    characters [start, end) (found by offset: all of them for every event was quadratic)."""
    out = []
    for t in (doc._.timexes or []) if end is None else by_offset(doc, "timexes").overlapping(start, end):
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None and t.type in ("DATE", "TIME") and t.value[:1].isdigit():
            out.append((span.root, t.value))
    return out


def _noun_attached(timex: Token, anchor: Token, stop: Token | None = None) -> bool:
    """True when the timex modifies a noun that is not above the event ("the attack on Oct. 7")."""
    above = {a.i for a in anchor.ancestors} | {anchor.i}
    for tok in timex.ancestors:
        if tok.i in above or tok == stop:
            return False
        if tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("relcl", "acl"):
            return True
        if tok.pos_ == "VERB" and tok.tag_ in ("VBN", "VBD") and tok.dep_ == "advcl":
            return True  # "released 12 hostages abducted six weeks ago": the abduction's date
    return False


def event_date(doc: Doc, trig: Trigger) -> tuple[str | None, bool]:
    """The event's date: a timex inside a nominal event, the time stage's date of a verbal one
    unless that timex belongs to another noun, else the article date (unresolved)."""
    anchor = trig.anchor
    dct = _dct(doc)
    fallback = (dct[:10] if dct else None), False
    if doc._.timexes is None:
        return fallback
    if trig.nominal:
        # "Israeli attacks since October 7": a series still going on, not an event of that day
        last = anchor.right_edge  # a timex under the anchor lies within its subtree's characters
        inside = [v for root, v in _timex_tokens(doc, anchor.left_edge.idx, last.idx + len(last))
                  if anchor.i in {a.i for a in root.ancestors} and not _noun_attached(root, anchor, stop=anchor)
                  and root.head.lower_ != "since"]
        return (inside[0], True) if inside else fallback
    found = date_of(doc, anchor)
    if not found.resolved or found.timex is None:
        return _adjacent_date(doc, trig) or fallback
    span = doc.char_span(found.timex.start, found.timex.end, alignment_mode="expand")
    if span is not None and (_noun_attached(span.root, anchor) or _since(span)):
        return fallback
    return found.value, True


def _since(span: Span) -> bool:
    """"since the 1980s", "the first clash since 1975": the start of a span of comparison, not when."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    return span.root.head.lower_ == "since" or span[0].lower_ == "since" or (
        before is not None and before.lower_ == "since")


def _adjacent_date(doc: Doc, trig: Trigger) -> tuple[str, bool] | None:
    """A statement's date given in the next or previous sentence by the same speaker
    ("Blinken said ... ." + "Blinken made the comments Wednesday."), for speech-coded events."""
    if not trig.speech_request:
        return None
    speaker = roles.subject_of(trig.anchor)
    if speaker is None or speaker.ent_type_ != "PERSON":
        return None
    sent = trig.anchor.sent
    name = speaker.text
    for other in (_next_sent(doc, sent), _prev_sent(doc, sent)):
        if other is None or not any(t.text == name and t.ent_type_ == "PERSON" for t in other):
            continue
        for root, value in _timex_tokens(doc, other.start_char, other.end_char):
            if other.start <= root.i < other.end and lemma(root.head) not in cues()["speech_lemmas"] | {"make"}:
                continue
            if other.start <= root.i < other.end:
                return value, True
    return None


def _next_sent(doc: Doc, sent: Span) -> Span | None:
    return doc[sent.end].sent if sent.end < len(doc) else None


def _prev_sent(doc: Doc, sent: Span) -> Span | None:
    return doc[sent.start - 1].sent if sent.start > 0 else None
