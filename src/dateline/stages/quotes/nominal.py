"""Attribution frames headed by a noun, an adjective or a copula: "Trump's criticism of Clinton",
"X is confident that ...", "Clinton is a supporter of Roe v. Wade", "Another complaint is that ..."."""

from __future__ import annotations

from spacy.tokens import Token

from dateline.stages.quotes.cues import CUE_LEFT
from dateline.stages.quotes.lexicon import ANY_PREP
from dateline.stages.quotes.parse import copular_clause, is_infinitive_clause, verb_as_noun_subject
from dateline.stages.quotes.spans import (
    Candidate,
    cue_subject,
    noun_phrase,
    prep_ok,
    subtree_span,
)

ROLE_PREPS = {"of", "for"}  # "a supporter [of] X", "a voice [for] gun control"


def noun_candidate(tok: Token, preps: frozenset[str], sourceless: bool = False) -> Candidate | None:
    """ "Trump's criticism of Clinton": a cue noun with a possessive source and a content; with
    ``sourceless``, also without one ("support for Mr. Trump here may deepen")."""
    src = next((c for c in tok.children if c.dep_ == "poss"), None) or verb_as_noun_subject(tok)
    if src is None and sourceless:  # "Republican calls for ...", "GOP criticism of ...": a group as modifier
        src = next((c for c in tok.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < tok.i
                    and c.ent_type_ in {"NORP", "ORG", "PERSON", "GPE"}), None)
    if src is None and not sourceless:
        return None
    cue, head = [tok], None
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ in {"acl", "ccomp"} and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            head = c
        elif c.dep_ == "acl" and is_infinitive_clause(c):
            head = c  # "Mr. Trump's decision [to seize on immigration]"
        elif c.dep_ == "prep" and prep_ok(c, preps):
            head = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            cue = [tok, c] if c.i == tok.i + 1 else cue
        if head is not None:
            break
    head = head or copular_clause(tok)  # "Another complaint is [that ...]"
    if head is None:
        return None
    if src is None:
        return Candidate(cue=cue, speaker=None, content=[subtree_span(head)], cls="model")
    return Candidate(cue=cue, speaker=noun_phrase(src), content=[subtree_span(head)], cls="belief")


def copula_candidate(cop: Token) -> Candidate | None:
    """A copula ("is", "became", "remains") with a stance adjective or a role noun as predicate."""
    adj = next((c for c in cop.children if c.dep_ == "acomp" and c.pos_ in {"ADJ", "VERB"}), None)
    cand = adjective_candidate(adj, "model", ANY_PREP) if adj is not None else None
    return cand or role_noun_candidate(cop)


def role_noun_candidate(cop: Token) -> Candidate | None:
    """ "Clinton is an outspoken supporter of [Roe v. Wade]", "Weber is no fan of [Trump]": a copula
    whose predicate noun takes an "of"/"for" phrase; the subject holds the stance, the object is the content."""
    attr = next((c for c in cop.children if c.dep_ == "attr" and c.pos_ == "NOUN" and c.i > cop.i), None)
    of = next((c for c in attr.children if c.dep_ == "prep" and c.lower_ in ROLE_PREPS), None) if attr else None
    obj = next((g for g in of.children if g.dep_ in {"pobj", "pcomp"}), None) if of is not None else None
    subj = cue_subject(cop)
    if obj is None or subj is None or of.i != attr.i + 1:
        return None
    start = min([cop.i] + [c.i for c in cop.children if c.dep_ in CUE_LEFT and c.i == cop.i - 1])
    return Candidate(cue=list(cop.doc[start : of.i + 1]), speaker=noun_phrase(subj, cop),
                     content=[subtree_span(obj)], cls="model")


def adjective_candidate(adj: Token, cls: str, preps: frozenset[str]) -> Candidate | None:
    """ "X is confident that ...", "X are concerned about Y": the copula's subject holds the stance."""
    cop = adj.head
    if adj.dep_ != "acomp" or cop.pos_ not in {"AUX", "VERB"}:
        return None
    subj = cue_subject(cop)
    head, prep = None, None
    for c in adj.children:
        if c.i < adj.i:
            continue
        if c.dep_ in {"ccomp", "xcomp"}:
            head = c
        elif c.dep_ == "prep" and prep_ok(c, preps):
            head, prep = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None), c
        if head is not None:
            break
    if head is None and cop.i < adj.i:  # "it is unclear [whether ...]": the clause hangs on the copula
        head = next((c for c in cop.children if c.dep_ == "ccomp" and c.i > adj.i), None)
    if subj is None or head is None:
        return None
    start = cop.i
    for c in sorted((c for c in cop.children if c.i < cop.i), key=lambda t: -t.i):
        if c.dep_ in CUE_LEFT and c.i == start - 1:
            start = c.i
    end = prep.i if prep is not None and prep.i == adj.i + 1 else adj.i
    if subj.lower_ == "it" and head.dep_ == "ccomp" and head.head.i == cop.i:
        # "It is unclear whether ...": an impersonal stance, no source (PolNeAR: Attribution-no-source)
        return Candidate(cue=list(adj.doc[start : end + 1]), speaker=None, content=[subtree_span(head)],
                         cls="report")
    return Candidate(cue=list(adj.doc[start : end + 1]), speaker=noun_phrase(subj, cop),
                     content=[subtree_span(head)], cls=cls)
