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
from dateline.stages.syntax import objects


def _shouting(sent: Span) -> bool:
    """An all-capitals line (a headline or on-screen text: "WHO HAS SIGNED"): the parser and the
    entity tagger misread it ("WHO" the health agency), so it codes no event."""
    words = [t.text for t in sent if t.is_alpha]
    return len(words) >= 2 and all(w.isupper() for w in words)


@lru_cache(maxsize=1)
def boilerplate() -> tuple[list[re.Pattern], list[re.Pattern], int]:
    """Caption and site-furniture patterns (``resources/events/boilerplate.yaml``)."""
    data = yaml.safe_load((RESOURCES / "boilerplate.yaml").read_text(encoding="utf-8"))
    starts = [re.compile(p, re.I) for p in data["sentence_starts"]]
    credits = [re.compile(p, re.I) for p in data["credits"]]
    return starts, credits, int(data["short_line"])


def _caption(doc: Doc, sent: Span) -> bool:
    """A photo caption, a credit line or site boilerplate (a short line with a photo credit)."""
    starts, credits, short = boilerplate()
    if any(p.match(sent.text) for p in starts):
        return True
    text = doc.user_data.get("dateline_text")
    if text is None:  # Doc.text joins every token: build it once per Doc, not per sentence
        text = doc.user_data["dateline_text"] = doc.text
    lo = text.rfind("\n", 0, sent.start_char) + 1
    hi = text.find("\n", sent.end_char)
    line = text[lo: hi if hi >= 0 else len(text)]
    return len(line) <= short and any(p.search(line) for p in credits)


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
    """A killing whose doer or cause is an explosion or blast in a sentence naming no attack."""
    nouns, attacks = role_words("accident_nouns"), role_words("attack_cues")
    if not any(lemma(t) in nouns or t.lower_ in nouns for t in _causes(anchor, source)):
        return False
    return not any(lemma(t) in attacks or t.lower_ in attacks for t in anchor.sent)
