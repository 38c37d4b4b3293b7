"""Modality of an event: asserted, negated, hypothetical, future or historical.

Rules, first match wins (cue words in ``resources/events/modality.yaml``):

* negated — a negation on the event word or its clause ("did not attack", "no talks");
* hypothetical — a conditional clause ("if ..."), a modal ("would", "could") outside
  reported speech, or a governor that has not happened yet above it in the tree (a proposal,
  plan, demand, attempt: "a plan ... stipulates that all hostages would be released");
* future — "will", "plans to", "is scheduled to", a "would" back-shifted under a speech verb
  ("said a delegation would travel"), or an event date after the article date;
* historical — an event date more than ``historical_days`` (30) before the article date;
* asserted otherwise.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from dateline.extract.event_lexicon import cues, lemma

# Dependency labels that climb from an event to the clause or noun governing it.
# Adverbial and relative clauses are stops: they carry their own modality ("a proposal drawn up
# by X" happened even though the proposal has not).
_CLIMB = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "conj", "nsubj",
          "nsubjpass", "csubj", "attr", "oprd", "appos", "compound", "nmod", "poss"}


def _clause_auxes(tok: Token) -> list[str]:
    return [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]


def _negated(tok: Token) -> bool:
    c = cues()
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return True
        if child.dep_ == "preconj" and child.lower_ in c["negation"]:
            continue  # "not only" is no negation
    return False


def _governors(tok: Token, limit: int = 6) -> list[Token]:
    """The chain of heads above the event word, up to its sentence root (at most ``limit``)."""
    out = []
    cur = tok
    while cur.head is not cur and cur.dep_ in _CLIMB and len(out) < limit:
        cur = cur.head
        out.append(cur)
    return out


def _under_speech(tok: Token) -> bool:
    speech = cues()["speech_lemmas"]
    return any(lemma(g) in speech for g in _governors(tok, limit=3))


def _marks(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ == "mark"}


def grammatical_modality(tok: Token) -> str:
    """Modality from the words around the event (no dates)."""
    c = cues()
    if _negated(tok):
        return "negated"
    auxes = _clause_auxes(tok)
    chain = [tok, *_governors(tok)]
    if any(_marks(t) & c["conditional_marks"] for t in chain[:3]):
        return "hypothetical"
    speech = _under_speech(tok)
    if any(a in c["hypothetical_aux"] for a in auxes) and not (speech and set(auxes) & c["backshift_aux"]):
        return "hypothetical"
    governors = chain[1:]
    top = chain[-1]
    if (top.dep_ in ("relcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in top.children)
            and lemma(top.head) in c["hypothetical_governors"]):
        return "hypothetical"  # an infinitive on a plan-like noun: "the best way to free", "a deal to release"
    for gov in governors:
        if lemma(gov) in c["speech_lemmas"]:
            break  # reported speech: what is inside is what the speaker asserts
        if lemma(gov) in c["future_governors"] and gov.pos_ in ("VERB", "ADJ"):
            break  # "plans to impose": an announced intention, judged below as future
        if lemma(gov) in c["hypothetical_governors"] or set(_clause_auxes(gov)) & c["hypothetical_aux"]:
            return "hypothetical"
    if set(auxes) & c["future_aux"] or (speech and set(auxes) & c["backshift_aux"]):
        return "future"
    if any(lemma(g) in c["future_governors"] for g in governors[:2] if tok.dep_ == "xcomp" or g.dep_ == "xcomp"):
        return "future"
    if any(set(_clause_auxes(g)) & c["future_aux"] for g in governors[:1] if tok.dep_ == "xcomp"):
        return "future"
    return "asserted"


def _parse(value: str | None) -> date | None:
    """The first day of a TIMEX3 date value ("2024-02-07", "2023-10", "2023"), else None."""
    if not value or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
        day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def modality(tok: Token, event_date: str | None, resolved: bool, dct: str | None) -> str:
    """The event's modality: grammar first, then the event date against the article date (DCT)."""
    grammatical = grammatical_modality(tok)
    if grammatical != "asserted" or not resolved:
        return grammatical
    when, ref = _parse(event_date), _parse(dct)
    if when is None or ref is None:
        return grammatical
    if when > ref and len(event_date or "") >= 10:
        return "future"
    if (ref - when).days > cues()["historical_days"]:
        return "historical"
    return grammatical


def conditional(tok: Token) -> str | None:
    """The subordinator of a condition put on the event ("unless" in "will withdraw ... unless ..."), or None."""
    marks = cues()["conditional_marks"]
    for child in tok.children:
        found = _marks(child) & marks if child.dep_ == "advcl" else set()
        if found:
            return "unless" if "unless" in found else sorted(found)[0]
    return None
