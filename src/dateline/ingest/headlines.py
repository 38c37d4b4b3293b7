"""Headlines and the boilerplate around them, for scraped text: which line is an article's headline,
which lines are bylines, timestamps, credits, site navigation or consent banners, and a short label
for an article that has no headline (its first sentence, cut at a word, never mid-word).

The lexicon is data: ``resources/ingest/boilerplate.tsv`` (its README says what each kind means).
Title detection (:func:`guess_title`), the stories' labels and ``bench/labels_eval.py`` all ask here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dateline.resources import read_table

HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 24
HEADLINE_MIN_WORDS = 3
HEADLINE_THRESHOLD = 0.5  # headline_score at or above this: a headline
LABEL_CHARS = 120  # the longest label shown; longer text is cut at a word
SCAN_LINES = 8  # a headline stands among the first lines above the body's first paragraph
# The body's first paragraph: a sentence-ending line this long is prose, not a headline.
PROSE_MIN_WORDS = 8

_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_TOKEN = re.compile(r"[\w'’.:-]+", re.UNICODE)
_NUMBERISH = re.compile(r"^[\d.,:/-]+(st|nd|rd|th|h)?$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_CLOSING = ".!?\"”'’:;,"
_ABBREVIATION = re.compile(r"\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|St|Jr|Sr|Gov|Sen|Rep|Prof|No|U\.S|U\.K|U\.N)\.$")


@dataclass(frozen=True)
class Lexicon:
    lines: tuple[tuple[str, re.Pattern], ...]  # (kind, pattern): a matching line is boilerplate of that kind
    leads: tuple[re.Pattern, ...]  # lead-ins cut from the start of a first sentence
    date_word: re.Pattern  # one token of a date or a time


@cache
def lexicon() -> Lexicon:
    rows = read_table("ingest", "boilerplate.tsv")
    lines = tuple((kind, re.compile(p, re.I)) for kind, p in rows if kind not in ("lead", "date-word"))
    leads = tuple(re.compile(p, re.I) for kind, p in rows if kind == "lead")
    words = "|".join(p for kind, p in rows if kind == "date-word")
    return Lexicon(lines, leads, re.compile(f"^(?:{words})$", re.I))


def boilerplate_kind(line: str) -> str | None:
    """The kind of boilerplate ``line`` is (byline, timestamp, source, navigation, consent, media), or None."""
    line = " ".join(line.split())
    if not line:
        return None
    for kind, pattern in lexicon().lines:
        if pattern.search(line):
            return kind
    return "timestamp" if _only_date(line) else None


def _only_date(line: str) -> bool:
    """A line of dates and times only: "| Fri, Feb 23, 2024", "March 26, 2018 16:05", "Nisan, 10, 5778"."""
    date_word = lexicon().date_word
    tokens = [t.strip(".,:'’-") for t in _TOKEN.findall(line)]
    tokens = [t for t in tokens if t]
    if not tokens or not any(_NUMBERISH.match(t) for t in tokens):
        return False
    others = [t for t in tokens if not (_NUMBERISH.match(t) or date_word.match(t))]
    return len(others) <= 1


def strip_lead(line: str) -> str:
    """``line`` without its lead-ins: "WASHINGTON (CNN) — Trump orders ..." -> "Trump orders ..."."""
    changed = True
    while changed:
        changed = False
        for pattern in lexicon().leads:
            found = pattern.match(line)
            if found and found.end() < len(line):
                line, changed = line[found.end():].lstrip(), True
    return line


def headline_score(line: str) -> float:
    """How much ``line`` looks like a headline, in [0, 1]: 0 for boilerplate, prose or a fragment."""
    line = " ".join(line.split())
    words = _WORD.findall(line)
    if boilerplate_kind(line) or len(words) < HEADLINE_MIN_WORDS:
        return 0.0
    if len(line) > HEADLINE_MAX_CHARS or len(line.split()) > HEADLINE_MAX_WORDS:
        return 0.0
    letters = sum(ch.isalpha() for ch in line)
    if letters < 0.6 * len(line.replace(" ", "")):
        return 0.0  # mostly digits and symbols: a table row, a code, a score line
    score = 1.0
    if line == line.upper():
        score -= 0.3  # a shouted line is more often a section or a programme name than a headline
    if line[-1] in ".;,:":
        score -= 0.4  # a sentence or a fragment of one, not a headline
    if len(words) <= HEADLINE_MIN_WORDS:
        score -= 0.2
    return round(max(score, 0.0), 3)


def is_headline(line: str | None) -> bool:
    return bool(line) and headline_score(line) >= HEADLINE_THRESHOLD


def guess_title(body: str) -> str | None:
    """The headline standing above the body's first paragraph, if there is one.

    The first lines are scanned, skipping boilerplate (bylines, timestamps, navigation, consent banners,
    credits); the first short line without closing punctuation that scores as a headline and is followed
    by more text is the title. The scan stops at the body's first paragraph: a heading below it is a
    section's, not the article's.
    """
    lines = body.split("\n")
    seen = 0
    for i, raw in enumerate(lines):
        line = " ".join(raw.split())
        if not line:
            continue
        seen += 1
        if seen > SCAN_LINES or _is_prose(line):
            return None
        if boilerplate_kind(line):
            continue
        following = next((t.strip() for t in lines[i + 1:] if t.strip()), "")
        if following and not _continues(line, following) and line[-1] not in _CLOSING and is_headline(line):
            return line
    return None


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return words > HEADLINE_MAX_WORDS or len(line) > HEADLINE_MAX_CHARS or (
        words >= PROSE_MIN_WORDS and line[-1] in ".!?\"”" and boilerplate_kind(line) is None)


_LINKING_WORDS = {"a", "an", "the", "of", "on", "and", "to", "in", "for"}  # a line ending so goes on below


def _continues(line: str, following: str) -> bool:
    """The next line goes on with the same sentence (a hard-wrapped paragraph): the line is no headline."""
    return following[0].islower() or line.split()[-1].lower() in _LINKING_WORDS


def first_sentence(text: str) -> str:
    """The first sentence of the body's first paragraph that is not boilerplate, without its lead-ins."""
    lines = text.split("\n")
    for i, raw in enumerate(lines):
        line = " ".join(raw.split())
        if not line or boilerplate_kind(line) or len(_WORD.findall(line)) < HEADLINE_MIN_WORDS:
            continue
        while i + 1 < len(lines) and lines[i + 1][:1].islower():  # a hard-wrapped paragraph goes on
            i += 1
            line += " " + " ".join(lines[i].split())
        return _sentence(strip_lead(line))
    return " ".join(text.split())


def _sentence(paragraph: str) -> str:
    for found in _SENTENCE_END.finditer(paragraph):
        head = paragraph[: found.start()].rstrip()
        if not _ABBREVIATION.search(head):  # "Mr. Brown", "U.S. troops": not a sentence's end
            return head
    return paragraph


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` on one line, at most ``limit`` characters: cut at a clause or a word, never mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit].rsplit(" ", 1)[0] if " " in text[: limit] else text[: limit - 1]
    clause = max(cut.rfind(", "), cut.rfind("; "), cut.rfind(" — "))
    if clause >= limit // 2:
        cut = cut[:clause]
    return cut.rstrip(" ,;:—–-") + "…"


def article_label(title: str | None, text: str) -> str:
    """What names an article where no headline can: its title when that is a headline, else its first
    sentence, shortened (never its id)."""
    if title and boilerplate_kind(title) is None:
        return shorten(title)
    return shorten(first_sentence(text))
