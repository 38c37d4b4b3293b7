"""What codes no event though its words would: text that is no news, and accidents.

:func:`no_news` drops an all-capitals line (a headline or on-screen text) and photo captions,
credit lines and site boilerplate (``resources/events/boilerplate.yaml``). :func:`accident` tells
an accidental explosion or blast killing people ("the port explosion killed 190 people") from an
attack: the explosion is the killing's doer or cause, and the sentence names no attack
(``roles.yaml`` accident_nouns, attack_cues).
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml
from spacy.tokens import Doc, Span, Token

from dateline.stages.events.lexicon import RESOURCES, lemma
from dateline.stages.events.roles import role_words
from dateline.stages.syntax import doc_text, objects


def _shouting(sent: Span) -> bool:
    """An all-capitals line (a headline or on-screen text: "WHO HAS SIGNED"): the parser and the
    entity tagger misread it ("WHO" the health agency), so it codes no event."""
    words = 0
    for t in sent:  # the first word in lower case settles it: most sentences are read no further
        if t.is_alpha:
            if not t.text.isupper():
                return False
            words += 1
    return words >= 2


@lru_cache(maxsize=1)
def boilerplate() -> tuple[re.Pattern, re.Pattern, int]:
    """Caption and site-furniture patterns (``resources/events/boilerplate.yaml``), each list as one
    alternation: every sentence is tried against them, and one regex pass is cheaper than one per row."""
    data = yaml.safe_load((RESOURCES / "boilerplate.yaml").read_text(encoding="utf-8"))
    starts = re.compile("|".join(f"(?:{p})" for p in data["sentence_starts"]), re.I)
    credits = re.compile("|".join(f"(?:{p})" for p in data["credits"]), re.I)
    return starts, credits, int(data["short_line"])


def _caption(doc: Doc, sent: Span) -> bool:
    """A photo caption, a credit line or site boilerplate (a short line with a photo credit)."""
    starts, credits, short = boilerplate()
    text = doc_text(doc)
    if starts.match(text, sent.start_char, sent.end_char):
        return True
    lo = text.rfind("\n", 0, sent.start_char) + 1
    hi = text.find("\n", sent.end_char)
    line = text[lo: hi if hi >= 0 else len(text)]
    return len(line) <= short and credits.search(line) is not None


def no_news(doc: Doc, sent: Span) -> bool:
    """The sentence is no news text: a headline in capitals, a caption or boilerplate."""
    return _shouting(sent) or _caption(doc, sent)


def _causes(anchor: Token, source: Token | None) -> list[Token]:
    """Who or what did it: the source, the subjects of the clauses above a participle ("In
    addition to killing 190 people, the explosion damaged ..."), the "in/by/from" cause."""
    out = [source] if source is not None else []
    cur = anchor
    for _ in range(6):  # injuring <- killing <- to <- addition <- In <- damaged
        if cur.head is cur or cur.dep_ not in ("advcl", "pcomp", "pobj", "prep", "xcomp", "conj", "acl"):
            break
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            out += [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
    for prep in (c for c in anchor.children if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "by", "from")):
        out += objects(prep)
    return out


def accident(anchor: Token, source: Token | None) -> bool:
    """A killing whose doer or cause is an explosion or blast, or such a noun with no doer itself ("a
    massive explosion at the port"), in a sentence naming no attack."""
    nouns, attacks = role_words("accident_nouns"), role_words("attack_cues")
    causes = _causes(anchor, source) + ([anchor] if source is None else [])
    if not any(lemma(t) in nouns or t.lower_ in nouns for t in causes):
        return False
    return not any(lemma(t) in attacks or t.lower_ in attacks for t in anchor.sent)


HEADLINE_LINES = 3  # a headline stands in the article's first lines
HEADLINE_WORDS = 25
HEADLINE_OVERLAP = 0.5  # share of the headline's content words a body sentence must repeat


def _head_end(text: str) -> int:
    """Where the article's first HEADLINE_LINES non-empty lines end."""
    end, seen = 0, 0
    while seen < HEADLINE_LINES and end < len(text):
        nxt = text.find("\n", end)
        nxt = len(text) if nxt < 0 else nxt
        seen += bool(text[end:nxt].strip())
        end = nxt + 1
    return end


def _headline(text: str, head_end: int, sent: Span) -> bool:
    """A line of its own among the article's first lines, short and with no closing full stop: how a
    headline (or a deck under it) stands above the body."""
    if sent.start_char >= head_end:
        return False
    end = sent.start_char + len(sent.text.rstrip())  # a sentence keeps the line break after it
    before, after = text[sent.start_char - 1: sent.start_char], text[end: end + 1]
    words = [t for t in sent if t.is_alpha]
    return (sent.start_char == 0 or before == "\n") and after in ("\n", "") and 0 < len(words) <= HEADLINE_WORDS \
        and text[end - 1: end] not in ".!?\"”'’"


def _content(sent: Span) -> set[str]:
    return {t.lemma_.lower() for t in sent if t.is_alpha and not t.is_stop}


def repeated_headlines(doc: Doc, events: list) -> list:
    """The events without those of a headline that only repeats the body: ANNOTATION.md codes the body
    sentence, and a headline only when it reports something the body does not. A headline event goes
    when a later event of the same type stands in a sentence repeating half the headline's words."""
    text = doc_text(doc)
    head_end = _head_end(text)
    if not any(ev.evidence.start < head_end for ev in events):
        return events  # no event in the first lines: no headline to check (most articles)
    by_sent = {}
    for ev in events:
        span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
        if span is not None:
            by_sent[ev.id] = span.sent
    drop = set()
    for ev in events:
        sent = by_sent.get(ev.id)
        if sent is None or not _headline(text, head_end, sent):
            continue
        words = _content(sent)
        for other in events:
            later = by_sent.get(other.id)
            if other.type == ev.type and later is not None and later.start >= sent.end and words and \
                    len(words & _content(later)) >= HEADLINE_OVERLAP * len(words):
                drop.add(ev.id)
                break
    return [ev for ev in events if ev.id not in drop]
