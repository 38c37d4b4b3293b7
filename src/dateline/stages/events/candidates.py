"""Candidate events for the learned event coder: the rule triggers plus what the rules drop.

The rules (:func:`dateline.stages.events.triggers.triggers_in`) are precise but miss many reports.
For recall, every word of a sentence that one of three sources proposes is a candidate:

- ``rule``: a rule trigger (its type, mode, role and absorbed complement as the rules found them);
- ``lexicon``: a verb or noun of ``verbs.tsv`` / ``nouns.tsv`` that the rules did not code (a noun
  with no actor attached, a complement absorbed by a verb of reaction, a verb whose arguments the rules
  judged wrong);
- ``pattern:<id>``: a row of ``patterns.tsv`` (a declarative pattern: lemma, part of speech and an
  optional child, e.g. "call" with "on" is a REQUEST, "paid tribute" a SUPPORT).

Each candidate is a :class:`Trigger` the event building of ``coder.py`` can turn into events; which
candidates are events, and of which type, the model of ``decision.py`` decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from dateline.resources import read_table
from dateline.stages.events.lexicon import Entry, lemma, noun_entry, verb_entry
from dateline.stages.events.triggers import Trigger, triggers_in

# Rule types whose absorbed complement may be an event of its own: a reaction names a real act ("condemned
# Iran's attack on Israel" is also the attack, ANNOTATION.md); what is vowed, asked, refused or announced
# ("threatened to resume attacks", "announced $3 million in aid") is that one event, coded on the verb.
REACTIONS = frozenset({"ACCUSE", "SUPPORT"})
# Parts of speech of every lexicon entry and pattern (verb_entry also takes a root NOUN, noun_entry a
# nominal VERB): other words are skipped before any lookup.
_CONTENT_POS = frozenset({"VERB", "NOUN", "PROPN", "ADJ"})
# Parts of speech a pattern's "pos" column accepts.
_POS = {"VERB": ("VERB",), "NOUN": ("NOUN", "PROPN"), "ADJ": ("ADJ",)}


@dataclass(frozen=True, slots=True)
class Pattern:
    """One row of ``patterns.tsv``."""

    id: str
    lemma: str
    pos: str
    child_dep: str | None  # a child with this dependency ...
    child_lemmas: frozenset[str]  # ... whose lemma is one of these
    type: str
    mode: str | None
    example: str


@dataclass(slots=True)
class Candidate:
    """A word proposed as an event, with every source that proposed it."""

    trigger: Trigger  # the rule's trigger, else one built from the pattern or lexicon row
    origin: str  # "rule", "pattern:<id>" or "lexicon": the first source that proposed it
    lexicon: Entry | None = None  # the verb or noun row of the word
    lexicon_kind: str | None = None  # "verb" or "noun"
    pattern: Pattern | None = None
    absorbed_by: Trigger | None = None  # the rule trigger whose complement holds the word


@lru_cache(maxsize=1)
def patterns() -> dict[str, list[Pattern]]:
    """lemma -> the patterns of ``patterns.tsv`` on that lemma, in file order."""
    out: dict[str, list[Pattern]] = {}
    for pid, lem, pos, requires, typ, mode, example in read_table("events", "patterns.tsv"):
        dep, _, words = requires.partition("=") if requires != "-" else ("", "", "")
        row = Pattern(pid, lem, pos, dep or None, frozenset(w for w in words.split("|") if w), typ,
                      mode.strip() or None, example.strip())
        out.setdefault(lem, []).append(row)
    return out


def pattern_at(tok: Token) -> Pattern | None:
    """The first pattern the word matches: lemma, part of speech and the required child."""
    for row in patterns().get(lemma(tok), ()) or patterns().get(tok.lower_, ()):
        if tok.pos_ not in _POS.get(row.pos, ()):
            continue
        if row.child_dep is None or any(
                c.dep_ == row.child_dep and (lemma(c) in row.child_lemmas or c.lower_ in row.child_lemmas)
                for c in tok.children):
            return row
    return None


def _lexicon_at(tok: Token) -> tuple[str, Entry] | tuple[None, None]:
    entry = verb_entry(tok)
    if entry is not None:
        return "verb", entry
    entry = noun_entry(tok)
    return ("noun", entry) if entry is not None else (None, None)


# A verb heading a clause of its own inside a rule's complement is an act of its own ("declared martial law,
# accusing the opposition of ..."), not part of what the rule absorbed ("vowed to hunt down": xcomp).
OWN_CLAUSE = frozenset({"advcl", "acl", "relcl", "conj", "parataxis"})


def _absorber(tok: Token, rules: list[Trigger]) -> Trigger | None:
    """The rule trigger whose absorbed complement contains the word ("hunt" in "vowed to hunt down")."""
    if tok.pos_ == "VERB" and tok.dep_ in OWN_CLAUSE:
        return None
    for trig in rules:
        if trig.topic is not None and trig.topic.left_edge.i <= tok.i <= trig.topic.right_edge.i:
            return trig
    return None


def _new_trigger(tok: Token, kind: str | None, entry: Entry | None, pattern: Pattern | None) -> Trigger | None:
    """A trigger for a word no rule coded: the pattern's type first (it is the more specific), else the row's."""
    nominal = tok.pos_ in ("NOUN", "PROPN") if pattern is not None else kind == "noun"
    if pattern is not None:
        return Trigger(tok, pattern.type, pattern.mode, [], nominal=nominal, role="pattern")
    if entry is not None and entry.type:
        return Trigger(tok, entry.type, entry.mode, list(entry.context), nominal=nominal, role=entry.role)
    return None


def candidates_in(sent: Span) -> list[Candidate]:
    """Every candidate event of one sentence, in word order: rule triggers, pattern and lexicon hits."""
    rules = triggers_in(sent)
    by_anchor = {t.anchor.i: t for t in rules}
    out = []
    for tok in sent:
        if tok.pos_ not in _CONTENT_POS:
            continue
        kind, entry = _lexicon_at(tok)
        pattern = pattern_at(tok)
        rule = by_anchor.get(tok.i)
        if rule is not None:
            out.append(Candidate(rule, "rule", entry, kind, pattern))
            continue
        trig = _new_trigger(tok, kind, entry, pattern)
        if trig is None:
            continue
        absorber = _absorber(tok, rules)
        if absorber is not None and absorber.type not in REACTIONS:
            continue
        origin = f"pattern:{pattern.id}" if pattern is not None else "lexicon"
        out.append(Candidate(trig, origin, entry, kind, pattern, absorber))
    return out
