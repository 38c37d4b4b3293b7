"""The time lexicons (resources/time/*.tsv), loaded once.

Each file is a TSV with ``#`` comment lines; see resources/time/README.md for the columns.
"""

from __future__ import annotations

import re
from functools import cache

from dateline.resources import ROOT, read_table

RESOURCES = ROOT / "time"


def _rows(name: str) -> list[list[str]]:
    return read_table("time", name)


@cache
def table(name: str) -> dict[str, str]:
    """First column -> second column of a two-column lexicon (keys lower-case)."""
    return {row[0].lower(): row[1] for row in _rows(name)}


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """All rows of a lexicon, as tuples."""
    return tuple(tuple(row) for row in _rows(name))


@cache
def modifiers() -> dict[str, tuple[str, str]]:
    """Modifier phrase -> (TIMEX3 mod, what it applies to: point, dur or any)."""
    return {row[0].lower(): (row[1], row[2]) for row in _rows("modifiers.tsv")}


def alternation(words: object) -> str:
    """A regex alternation of the given phrases, longest first (so "sept" beats "sep")."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
