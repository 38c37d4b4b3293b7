"""The PLOVER event lexicons (``resources/events/``), loaded once, and word -> entry lookups.

``verbs.tsv`` maps a verb lemma (plus an optional particle: "call for", "pull out") to a PLOVER
type, mode, context and a *role* saying how the verb codes (see the resources README);
``nouns.tsv`` maps event nouns ("offensive", "talks", "curfew"); ``modality.yaml`` holds the
modality cue words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml
from spacy.tokens import Token

from dateline.resources import ROOT, read_table

RESOURCES = ROOT / "events"

# PLOVER types by quad: the cooperative ones reduce to AGREE when announced for the future,
# the hostile ones to THREATEN (PLOVER manual 3.1, 3.4, 3.7).
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row."""

    lemma: str
    type: str | None  # None: the word codes only through a complement ("decided to ...")
    mode: str | None
    context: tuple[str, ...]
    role: str = "event"  # verbs: how the verb codes (see resources/events/README.md)
    modifiers: frozenset[str] = frozenset()  # nouns: compound/amod lemmas required ("hunger strike")
    standalone: bool = True  # nouns: a nominal event by itself when an actor is attached


def _rows(name: str) -> list[list[str]]:
    return read_table("events", name)


def _opt(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-") else value


def _context(value: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in value.split(";") if c.strip())


@lru_cache(maxsize=1)
def verbs() -> dict[tuple[str, str], Entry]:
    """(lemma, particle or "-") -> entry."""
    out = {}
    for lemma, particle, typ, mode, context, role in _rows("verbs.tsv"):
        out[(lemma, particle)] = Entry(lemma, _opt(typ), _opt(mode), _context(context), role.strip())
    return out


@lru_cache(maxsize=1)
def nouns() -> dict[str, list[Entry]]:
    """lemma -> entries, rows with required modifiers first."""
    out: dict[str, list[Entry]] = {}
    for lemma, typ, mode, context, modifiers, standalone in _rows("nouns.tsv"):
        mods = frozenset(m for m in modifiers.split("|") if m)
        out.setdefault(lemma, []).append(
            Entry(lemma, _opt(typ), _opt(mode), _context(context), "event", mods, standalone.strip() == "y")
        )
    for entries in out.values():
        entries.sort(key=lambda e: not e.modifiers)
    return out


@lru_cache(maxsize=1)
def cues() -> dict:
    """Modality cue lists (frozensets) and settings from ``modality.yaml``."""
    data = yaml.safe_load((RESOURCES / "modality.yaml").read_text(encoding="utf-8"))
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in data.items()}


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


NOMINAL_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "pobj", "compound", "attr"})


def _forms(tok: Token) -> list[str]:
    """The lemma, then the word and naive stems of it: the tagger's lemma is sometimes wrong ("staged" -> "stag")."""
    low = tok.lower_
    forms = [lemma(tok), low]
    if low.endswith("ed"):
        forms += [low[:-1], low[:-2]]
    elif low.endswith("ing"):
        forms += [low[:-3], low[:-3] + "e"]
    elif low.endswith("s"):
        forms.append(low[:-1])
    return list(dict.fromkeys(forms))


def verb_entry(tok: Token) -> Entry | None:
    """The verb lexicon row for a verb (or predicative adjective: "willing to"), particle rows first."""
    if tok.pos_ not in ("VERB", "ADJ") and not (tok.pos_ == "NOUN" and tok.dep_ == "ROOT"):
        return None
    if tok.pos_ == "VERB" and tok.dep_ in NOMINAL_DEPS and tok.tag_ not in ("VBG", "VBN"):
        return None  # a noun mistagged as a verb ("meet hostage-takers demands")
    if tok.dep_ == "amod" or tok.ent_type_ == "PERSON":
        return None  # a participle used as an adjective ("the alleged violations", "banned party"), a name
    if tok.tag_ == "VBN" and tok.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj") and all(
            c.dep_ == "det" for c in tok.children):
        return None  # "large numbers of injured", "the wounded were taken to hospital": people, no act
    if tok.tag_ == "VBG" and (tok.dep_ in ("oprd", "acomp") or (
            tok.dep_ == "xcomp" and lemma(tok.head) in cues()["judgment_verbs"])):
        return None  # "information it deems threatening": a quality, no act
    table = verbs()
    forms = _forms(tok)
    for child in tok.children:
        if child.dep_ in ("prt", "prep", "dobj", "acomp", "advmod"):  # "push back" parses "back" as advmod
            for form in forms:
                hit = table.get((form, child.lower_))
                if hit:
                    return hit
    if tok.pos_ == "ADJ" and lemma(tok) not in ("willing", "ready", "prepared", "opposed"):
        return None
    return next((table[(f, "-")] for f in forms if (f, "-") in table), None)


def noun_entry(tok: Token) -> Entry | None:
    """The noun lexicon row for an event noun, checking required modifiers."""
    if tok.pos_ not in ("NOUN", "PROPN") and not (tok.pos_ == "VERB" and tok.dep_ in NOMINAL_DEPS):
        return None
    if tok.ent_type_ in _NAME_LABELS:
        return None
    key = lemma(tok)
    entries = nouns().get(key) or nouns().get(tok.lower_) or nouns().get(tok.lower_.removesuffix("s"))
    if not entries:
        return None
    mods = {lemma(c) for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    for entry in entries:
        if not entry.modifiers or entry.modifiers & mods:
            return entry
    return None


@lru_cache(maxsize=1)
def idioms() -> dict[str, frozenset[str]]:
    """Verb lemma -> object lemmas with which the verb is no event (``idioms.tsv``)."""
    return {verb: frozenset(objs.strip().split("|")) for verb, objs in _rows("idioms.tsv")}


def idiom(tok: Token) -> bool:
    """The verb with its object or passive subject is an idiom, no event ("sends the signal")."""
    objects = idioms().get(lemma(tok))
    if not objects:
        return False
    return any(c.dep_ in ("dobj", "nsubjpass") and (lemma(c) in objects or c.lower_ in objects)
               for c in tok.children)


# Named entities whose words are never event nouns ("U.N. Secretary-General Ban Ki-moon").
_NAME_LABELS = frozenset({"PERSON", "GPE", "NORP", "FAC", "LOC"})


@lru_cache(maxsize=1)
def instruments() -> dict[str, tuple[str, int]]:
    """Weapon/method lemma -> (ASSAULT mode, priority), from ``instruments.tsv``."""
    return {lemma_: (mode, int(prio)) for lemma_, mode, prio in _rows("instruments.tsv")}
