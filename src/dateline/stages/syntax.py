"""Small questions about a dependency parse that several stages ask the same way."""

from __future__ import annotations

from spacy.tokens import Token


def objects(prep: Token) -> list[Token]:
    """The objects of a preposition or agent phrase: "by Israel" → [Israel], "to Cairo" → [Cairo]."""
    return [g for g in prep.children if g.dep_ == "pobj"]
