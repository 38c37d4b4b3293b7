"""The quote lexicons of ``dateline/resources/quotes/`` (cue verbs, phrases, nouns, adjectives,
cue-span extensions, raising verbs, colon labels, source nouns, non-agent nouns), read once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dateline import resources

RESOURCES = resources.ROOT / "quotes"


def read_table(name: str) -> list[list[str]]:
    """Rows of a TSV file in dateline/resources/quotes (comments and blank lines skipped)."""
    return resources.read_table("quotes", name)


@dataclass(frozen=True, slots=True)
class CueVerb:
    lemma: str
    cls: str  # speech, report or belief
    addressee: bool
    infinitive: bool
    obj: bool
    preps: frozenset[str]


THAT_VERB = CueVerb("", "belief", False, False, False, frozenset())  # an unlisted verb with a "that" clause


ANY_PREP = frozenset({"*"})


# A token the trained cue model (quote_model) calls a cue takes any frame: clause, object, prepositional object.
MODEL_VERB = CueVerb("", "model", False, True, True, ANY_PREP)


@lru_cache(maxsize=1)
def cue_verbs() -> dict[str, CueVerb]:
    """Cue verb lemma -> its entry in cue_verbs.tsv."""
    return {
        r[0]: CueVerb(r[0], r[1], r[2] == "yes", r[3] == "yes", r[4] == "yes",
                      frozenset(p for p in r[5].split(",") if p != "-"))
        for r in read_table("cue_verbs.tsv")
    }


@lru_cache(maxsize=1)
def cue_phrases() -> dict[tuple[str, ...], tuple[str, str]]:
    """Multi-word cue (lemmas) -> (kind, class): ("according", "to") -> ("prep", "speech")."""
    return {tuple(r[0].split()): (r[1], r[2]) for r in read_table("cue_phrases.tsv")}


@lru_cache(maxsize=1)
def cue_nouns() -> dict[str, frozenset[str]]:
    """Cue noun -> the prepositions whose object is its content."""
    return {r[0]: frozenset(p for p in r[1].split(",") if p != "-") for r in read_table("cue_nouns.tsv")}


@lru_cache(maxsize=1)
def cue_adjectives() -> dict[str, tuple[str, frozenset[str]]]:
    """Stance adjective -> (class, prepositions whose object is the content)."""
    return {r[0]: (r[1], frozenset(p for p in r[2].split(",") if p != "-")) for r in read_table("cue_adjectives.tsv")}


@lru_cache(maxsize=1)
def cue_extension() -> frozenset[tuple[str, str]]:
    """(dependency, word) of the children after a cue verb that belong to the cue span."""
    return frozenset((r[0], r[1].split("#")[0].strip()) for r in read_table("cue_extension.tsv"))


@lru_cache(maxsize=1)
def colon_labels() -> frozenset[str]:
    """Words that label a line, not a speaker, before a colon."""
    return frozenset(r[0] for r in read_table("colon_labels.tsv"))


@lru_cache(maxsize=1)
def non_agents() -> frozenset[str]:
    """Head nouns of phrases that cannot speak ("visuals", "footage")."""
    return frozenset(r[0] for r in read_table("non_agents.tsv"))


@lru_cache(maxsize=1)
def source_nouns() -> frozenset[str]:
    """Nouns whose "in" phrase is a source ("In a new poll, ...")."""
    return frozenset(r[0] for r in read_table("source_nouns.tsv"))


@lru_cache(maxsize=1)
def raising_verbs() -> dict[str, bool]:
    """Raising cue lemma -> whether it is a cue only in the passive ("is expected to")."""
    return {r[0]: r[1] == "yes" for r in read_table("cue_raising.tsv")}
