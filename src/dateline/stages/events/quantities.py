"""Counts of people affected — killed, injured, arrested, abducted/hostages, displaced.

A count is a number phrase ("roughly 100", "thousands", "hundreds of thousands", "1.5 million")
tied to a kind by the dependency tree: the counted noun is the object or passive subject of a
kind verb ("Thousands of civilians have been killed", "displaced hundreds of thousands of
people"), is itself a kind noun ("100 hostages", "30 deaths"), or is followed by a kind
adjective ("20 dead"). Vague quantities take the magnitude they name ("thousands" -> 1000)
and are approximate, as are numbers under a hedge ("roughly", "at least", "more than").
The lexicon is ``resources/events/counts.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml
from spacy.tokens import Doc, Span, Token

from dateline.model import Count
from dateline.resources import ROOT
from dateline.stages.syntax import objects

RESOURCE = ROOT / "events" / "counts.yaml"
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The counts lexicon, with word -> kind maps built once."""
    data = yaml.safe_load(RESOURCE.read_text(encoding="utf-8"))
    for part in ("verbs", "nouns", "adjectives"):
        data[part + "_by_word"] = {w: kind for kind, words in data[part].items() for w in words}
    data["approximate"] = [tuple(a.split()) for a in data["approximate"]]
    return data


def _number_value(tok: Token) -> tuple[float | None, bool]:
    """(value, vague) of one number word or numeral."""
    lex = lexicon()
    low = tok.lower_
    if _DIGITS.match(low):
        return float(low.replace(",", "")), False
    if low in lex["vague"]:
        return float(lex["vague"][low]), True
    if low in lex["words"] and low not in ("a", "an"):
        return float(lex["words"][low]), False
    return None, False


def _is_number(tok: Token) -> bool:
    return _number_value(tok)[0] is not None


def _number_tokens(head: Token) -> list[Token]:
    """The run of number words around ``head`` ("hundreds of thousands", "1.5 million")."""
    doc = head.doc
    start = head.i
    while start > 0 and (_is_number(doc[start - 1]) or (doc[start - 1].lower_ == "of" and start > 1
                                                        and _is_number(doc[start - 2]))
                         or (doc[start - 1].text == "-" and start > 1 and _compound_word(doc[start - 2], head))):
        start -= 1  # "hundreds of thousands", "twenty-three"
    end = head.i + 1
    while end < len(doc) and (_is_number(doc[end]) or (doc[end].lower_ == "of" and end + 1 < len(doc)
                                                       and doc[end + 1].lower_ in lexicon()["vague"])
                              or (doc[end].text == "-" and end + 1 < len(doc) and _compound_word(head, doc[end + 1]))):
        end += 1
    return [t for t in doc[start:end] if t.lower_ not in ("of", "-")]


def _compound_word(tens: Token, unit: Token) -> bool:
    """"twenty-three" (number words; "35-40" is a range, not a sum)."""
    return tens.is_alpha and unit.is_alpha and _is_number(tens) and _is_number(unit)


def _value(tokens: list[Token]) -> tuple[int | None, bool]:
    """Combine number words: "hundreds of thousands" -> 100 * 1000, vague."""
    lex = lexicon()
    total, vague = None, False
    for tok in tokens:
        value, is_vague = _number_value(tok)
        if value is None:
            continue
        vague = vague or (is_vague and total is None)  # "two hundred" is exact, "hundreds of" is not
        mult = lex["multipliers"].get(tok.lower_.rstrip("s"))
        total = value if total is None else (total * mult if mult else total + value)
    return (int(total) if total is not None else None), vague


def _hedge(first: Token) -> Token | None:
    """The first token of a hedge right before the number ("more than", "roughly"), or None."""
    doc = first.doc
    for words in lexicon()["approximate"]:
        n = len(words)
        if first.i >= n and tuple(t.lower_ for t in doc[first.i - n: first.i]) == words:
            return doc[first.i - n]
    return None


def _counted(num: Token) -> Token:
    """The noun the number counts: its head for "100 hostages", the "of" object for "thousands of X"."""
    if num.dep_ in ("nummod", "quantmod", "compound") and num.head.pos_ in ("NOUN", "PROPN"):
        return num.head
    for child in num.children:
        if child.lower_ == "of":
            objs = objects(child)
            if objs:
                return objs[0]
    return num


def _up_to_object(tok: Token) -> bool:
    """The parser reads "killed up to 20 people" as verb + particle "up" + "to 20 people"."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "up"


def _first_conjunct(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok


def _kind(noun: Token, num: Token) -> str | None:
    lex = lexicon()
    if noun.lemma_.lower() in lex["nouns_by_word"]:
        return lex["nouns_by_word"][noun.lemma_.lower()]
    for tok in dict.fromkeys((noun, num)):  # the noun first: a set of Tokens iterates in memory order
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in lex["adjectives_by_word"]:
            return lex["adjectives_by_word"][nxt.lower_]
        # "Thousands of civilians have been killed": subject/object of a kind verb, or "people killed".
        if _up_to_object(tok):  # "kidnapped up to 16 advisers", parsed as a preposition's object
            verb = tok.head.head.head
            if verb.lemma_.lower() in lex["verbs_by_word"]:
                return lex["verbs_by_word"][verb.lemma_.lower()]
        if tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN"):
            tok = _first_conjunct(tok)  # "an officer and two soldiers were killed": what the first one is
        if tok.dep_ in ("nsubjpass", "dobj", "nsubj", "conj") or (tok.head.dep_ == "acl" and tok.head.head == tok):
            verb = tok.head
            # the subject of "die" or "flee" is counted, not the doer of "kill" (nor the speaker of "says")
            doer = tok.dep_ == "nsubj" and verb.lemma_ not in ("die", "perish", "flee")
            if not doer and verb.lemma_.lower() in lex["verbs_by_word"]:
                return lex["verbs_by_word"][verb.lemma_.lower()]
        for child in tok.children:
            if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in lex["verbs_by_word"]:
                return lex["verbs_by_word"][child.lemma_.lower()]
    return None


def _excluded(kind: str, noun: Token) -> bool:
    """Groups a kind never counts ("expelled 35 diplomats" is a sanction, nobody displaced)."""
    return noun.lemma_.lower() in lexicon().get("exclude", {}).get(kind, ())


def _count_at(num: Token) -> Count | None:
    tokens = _number_tokens(num)
    value, vague = _value(tokens)
    if value is None:
        return None
    ids = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in ids or t.head == t), tokens[-1])
    noun = _counted(root)
    kind = _kind(noun, root)
    if kind is None or _excluded(kind, noun):
        return None
    hedge = _hedge(tokens[0])
    first = hedge if hedge is not None else tokens[0]
    last = max(noun.i, tokens[-1].i)
    span = num.doc[first.i: last + 1]
    return Count(kind=kind, value=value, approximate=vague or hedge is not None,
                 start=span.start_char, end=span.end_char, text=span.text)


def counts_in(doc: Doc, span: Span) -> list[Count]:
    """Every count of people affected inside ``span`` (e.g. an event's sentence), in text order."""
    out: list[Count] = []
    seen: set[tuple[int, int]] = set()
    for tok in span:
        if not _is_number(tok) or tok.lower_ in ("a", "an") or tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
            continue
        count = _count_at(tok)
        if count is not None and (count.start, count.end) not in seen and not any(
            c.start <= count.start and count.end <= c.end for c in out
        ):
            seen.add((count.start, count.end))
            out.append(count)
    return out
