"""Article vectors for story clustering: weighted words and names, from the article alone.

A vector depends only on its own article (no corpus statistics such as IDF), so the similarity of
two articles never changes when a third one is ingested — the property that makes the clustering
incremental and independent of the order of ingestion. Genre words ("said", "officials") are
removed with a shipped list instead of an IDF; names found by the NER stage weigh more than words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from dateline.model import Extraction
from dateline.resources import ROOT

RESOURCES = ROOT / "stories"
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
NAME_WEIGHT = 2.0  # a shared name is stronger evidence of one happening than a shared word
LEAD_CHARS = 1200  # the lead paragraphs say what happened; their words count double
POSTING_TERMS = 12  # terms under which an article is indexed and looked up

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
_NAME_NOISE = re.compile(r"^(the|a|an)\s+|['’]s?$", re.I)


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Genre words dropped from vectors (resources/stories/generic_words.txt)."""
    text = (RESOURCES / "generic_words.txt").read_text("utf-8")
    words = {line.split("#")[0].strip() for line in text.splitlines()}
    return frozenset(stem(w) for w in words if w)


def stem(word: str) -> str:
    """A light stemmer: lower case, no possessive, no plural -s (so "talks" meets "talk")."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'-")
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def _words(text: str) -> Counter[str]:
    stop = generic_words()
    counts: Counter[str] = Counter()
    for m in _WORD.finditer(text):
        w = stem(m.group())
        if len(w) > 2 and w not in STOP_WORDS and w not in stop:
            counts[w] += 2 if m.start() < LEAD_CHARS else 1
    return counts


def _names(extraction: Extraction) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in extraction.entities:
        if m.label in NAME_LABELS:
            name = _NAME_NOISE.sub("", m.text.strip()).lower()
            if len(name) > 1:
                counts["@" + name] += 1
    return counts


@dataclass(slots=True)
class ArticleVector:
    """What clustering knows of one article: its day, unit-length weights and posting terms."""

    article_id: str
    day: int  # date ordinal of the article's date (month-granular dates: the 1st)
    weights: dict[str, float]
    postings: tuple[str, ...]


def day_ordinal(iso: str) -> int:
    """Date ordinal of an ISO date, month or timestamp ("2024-02" counts as 2024-02-01)."""
    y, m, d = iso[:4], iso[5:7], iso[8:10] or "01"
    return date(int(y), int(m), int(d)).toordinal()


def vectorize(extraction: Extraction) -> ArticleVector:
    """The article's vector: (1 + log tf) weights, names doubled, normalized to unit length."""
    raw: dict[str, float] = {}
    for term, tf in _words(extraction.article.text).items():
        raw[term] = 1.0 + math.log(tf)
    for term, tf in _names(extraction).items():
        raw[term] = NAME_WEIGHT * (1.0 + math.log(tf))
    norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
    weights = {t: w / norm for t, w in raw.items()}
    top = sorted(weights, key=lambda t: (-weights[t], t))[:POSTING_TERMS]
    art = extraction.article
    return ArticleVector(art.id, day_ordinal(art.date), weights, tuple(sorted(top)))


def cosine(a: ArticleVector, b: ArticleVector) -> float:
    """Cosine similarity of two unit vectors (iterates over the shorter one)."""
    small, big = (a.weights, b.weights) if len(a.weights) <= len(b.weights) else (b.weights, a.weights)
    return sum(w * big.get(t, 0.0) for t, w in small.items())
