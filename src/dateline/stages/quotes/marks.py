"""Quotation marks: the quoted runs of a text and the tokens inside them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

OPENING = "“«„"


CLOSING = "”»"


MARK = re.compile(r"''|[“”\"«»„]")


def is_mark(tok: Token) -> bool:
    return MARK.fullmatch(tok.text) is not None


@dataclass(slots=True)
class Run:
    """A stretch of quoted text: one (start, end) per paragraph, marks included."""

    parts: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def _is_opening(text: str, i: int, n: int) -> bool:
    """Whether the n-character mark at text[i] opens a quotation."""
    c = text[i]
    before = text[i - 1] if i else " "
    after = text[i + n] if i + n < len(text) else " "
    if c in OPENING:  # “Apparently not,“ he said: a typo'd opening mark after a word and before a space closes
        return before.isspace() or not after.isspace()
    if c in CLOSING:
        return False
    return (before.isspace() or before in "([{—–-") and not after.isspace()


def quote_runs(text: str) -> tuple[list[Run], list[int]]:
    """Quoted runs of ``text`` and the positions of every quotation mark.

    A run left open at a paragraph's end continues into the next paragraph when that one
    starts with an opening mark (the press convention for multi-paragraph quotes); otherwise
    it ends with its paragraph. A closing mark with no opening one (a typo) opens nothing.
    """
    runs: list[Run] = []
    found = [(m.start(), m.end() - m.start()) for m in MARK.finditer(text)]
    current: Run | None = None
    k = 0
    for para in re.finditer(r"[^\n]+", text):
        p_start, p_end = para.start(), para.start() + len(para.group().rstrip())
        first = text[p_start:p_end].lstrip()[:1]
        if current is not None and not (first and (first in OPENING or first in "\"'")):
            current = None  # the open quote did not continue here
        open_at: int | None = None
        while k < len(found) and found[k][0] < p_end:
            i, n = found[k]
            k += 1
            if i < p_start:
                continue
            if open_at is None and _is_opening(text, i, n):
                open_at = i
            elif open_at is not None and not _is_opening(text, i, n):
                _add_part(runs, current, (open_at, i + n))
                current, open_at = None, None
        if open_at is not None:  # unclosed at the paragraph's end: may continue in the next one
            current = _add_part(runs, current, (open_at, p_end))
    return runs, [i for i, _ in found]


def _add_part(runs: list[Run], current: Run | None, part: tuple[int, int]) -> Run:
    """Add a paragraph's part to the open run, or start a new run with it."""
    if current is None:
        current = Run()
        runs.append(current)
    current.parts.append(part)
    return current


def quoted_tokens(doc: Doc, runs: list[Run]) -> set[int]:
    """Indices of the tokens inside quotation marks."""
    out: set[int] = set()
    for run in runs:
        for s, e in run.parts:
            span = doc.char_span(s, e, alignment_mode="expand")
            out.update(range(span.start, span.end) if span is not None else ())
    return out
