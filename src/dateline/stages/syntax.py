"""Small questions about a dependency parse that several stages ask the same way."""

from __future__ import annotations

from spacy.tokens import Token


def objects(prep: Token) -> list[Token]:
    """The objects of a preposition or agent phrase: "by Israel" → [Israel], "to Cairo" → [Cairo]."""
    return [g for g in prep.children if g.dep_ == "pobj"]


# Quantity words whose "of" object is what they count ("thousands of protesters").
QUANTITY_NOUNS = frozenset({"score", "dozen", "hundred", "thousand", "million", "number", "group", "some", "many",
                             "most", "all", "several", "one", "two", "three", "dozens", "hundreds", "thousands"})


def counted(tok: Token) -> Token:
    """The noun a quantity counts ("12 of 19 hostages" -> hostages), else the token."""
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
        objs = objects(prep)
        if objs:
            return objs[0]
    return tok
