"""Token-level spans of an attribution: the candidate record, speaker noun phrases, subjects,
addressees and the cue's verb group, following PolNeAR's span conventions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from dateline.resources import read_table
from dateline.stages.quotes.boundaries import trim
from dateline.stages.quotes.lexicon import cue_verbs
from dateline.stages.quotes.marks import is_mark

SUBJECTS = {"nsubj", "csubj"}


CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp"}  # a participle cue takes its head clause's subject


DASHES = {"—", "–", "--"}
BLAME_PREPS = {"for", "of"}  # "rebuked X for saying", "accused X of suggesting": X is the speaker
DATELINE_TOKENS = 8  # "WASHINGTON (AP) —": a dash this early in a sentence ends a news dateline
FINITE = {"VBD", "VBZ", "VBP"}
APPOS_POS = {"PROPN", "NOUN"}
PLACES = {"GPE", "LOC", "FAC"}  # "Charleston, [West Virginia]": a place in apposition is no speaker
SUBJECT_DEPTH = 5  # clauses a participle cue may climb to find its subject ("..., [and] arguing")


SETTING_TYPES = {"DATE", "TIME", "GPE", "LOC", "FAC"}


def prep_ok(prep: Token, preps: frozenset[str]) -> bool:
    """Whether a preposition introduces a content for a cue allowing ``preps``."""
    return prep.lower_ in preps or "*" in preps and not _is_setting(prep)


def _is_setting(prep: Token) -> bool:
    """ "on Monday", "in Iowa": a time or place, never what a cue conveys."""
    return any(g.dep_ == "pobj" and g.ent_type_ in SETTING_TYPES for g in prep.children)


@dataclass(slots=True)
class Candidate:
    """An attribution before it becomes a Quote: token-level spans."""

    cue: list[Token]
    speaker: Span | None
    content: list[tuple[int, int]]  # char spans
    cls: str  # a CUE_CONFIDENCE key
    addressee: Span | None = None
    factor: float = 1.0
    scope: tuple[int, int] | None = None  # the clause the content was cut from: cues in it are nested
    refers_to: Span | None = None  # what a relative-pronoun speaker ("who") stands for, to resolve it


def trimmed(toks: list[Token]) -> list[Token]:
    """Tokens without edge punctuation (quotation marks kept) and whitespace."""
    while toks and (toks[0].is_punct and not is_mark(toks[0]) or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct and not is_mark(toks[-1]) or toks[-1].is_space):
        toks = toks[:-1]
    return toks


def subtree_span(tok: Token, skip: set[int] | None = None) -> tuple[int, int]:
    """Char extent of a token's subtree, without edge punctuation and skipped tokens."""
    toks = trimmed([t for t in tok.subtree if not skip or t.i not in skip])
    if not toks:
        return tok.idx, tok.idx + len(tok)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def noun_phrase(tok: Token, cue: Token | None = None) -> Span:
    """A speaker or addressee NP: the token's subtree, without the clause holding the cue."""
    # PolNeAR's sources keep relative clauses and appositions ("Chris Cox, who runs ...,"),
    # but not "Obama, [who said ...]".
    holder = next((c for c in tok.children if cue is not None and c.left_edge.i <= cue.i <= c.right_edge.i), None)
    cut = {
        t.i
        for c in tok.children
        if c.dep_ == "npadvmod" or is_when(c) or _side_clause(c)
        or holder is not None and c.left_edge.i >= holder.left_edge.i
        for t in c.subtree
    }
    toks = [t for t in tok.subtree if t.i not in cut]
    dash = max((t.i for t in toks if is_dash(t) and t.i < tok.i), default=None)
    if dash is not None:  # "RENO, Nev. (AP) — Republican hopeful Donald Trump": the dateline goes
        toks = [t for t in toks if t.i > dash]
    dash = next((t.i for t in toks if is_dash(t) and tok.i < t.i <= tok.sent.start + DATELINE_TOKENS), None)
    if dash is not None and tok.i == tok.sent.start and any(t.i > dash for t in toks):
        # "[CLEVELAND, July 19 (UPI)] — Michael Mukasey said": the parser made the place the head
        toks = [t for t in toks if t.i > dash]
    toks = [t for t in trimmed(toks) if not is_mark(t)] or [tok]
    toks = trimmed(trim(toks, tok, "source", cue.lemma_.lower() if cue is not None else "")) or [tok]
    while len(toks) > 1 and toks[0].dep_ == "advmod" and toks[0].head.i == tok.i and toks[0].lower_ in _loose():
        toks = toks[1:]  # "even critics": the focus adverb is not part of the speaker ("Nearly half" is)
    return tok.doc[toks[0].i : toks[-1].i + 1]


@lru_cache(maxsize=1)
def _loose() -> frozenset[str]:
    """Adverbs that open a speaker phrase but are not part of it (``source_adverbs.tsv``)."""
    return frozenset(r[0] for r in read_table("quotes", "source_adverbs.tsv"))


def is_dash(tok: Token) -> bool:
    """A dash, or a hyphen standing alone between spaces ("WASHINGTON (AFP) - Clinton ...")."""
    if tok.text in DASHES:
        return True
    return tok.text == "-" and bool(tok.whitespace_) and tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)


def _side_clause(tok: Token) -> bool:
    """A clause set off from the speaker that PolNeAR's sources mostly leave out (train: a comma
    relative clause is kept 51% of the time, ", made as ..." 40%, "..., saying" 2%): cut, so
    that a name inside it ("made as Blinken was in the region") cannot pass for the speaker."""
    comma = tok.i > 0 and tok.doc[tok.left_edge.i - 1].text == ","
    if tok.dep_ == "acl":
        return comma
    return False


def is_when(tok: Token) -> bool:
    """A "on Wednesday" phrase hung on the speaker by the parser: it dates the cue instead."""
    return tok.dep_ == "prep" and any(g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"} for g in tok.children)


def cue_subject(verb: Token) -> Token | None:
    """The speaker token of a cue verb: its subject, or its head clause's for participles."""
    tok = verb
    for depth in range(SUBJECT_DEPTH):
        # The cue's own passive subject is its addressee ("X was told"), a head clause's is not.
        deps = SUBJECTS if depth == 0 else SUBJECTS | {"nsubjpass"}
        subj = next((c for c in tok.children if c.dep_ in deps), None)
        if subj is None and depth == 0 and tok.pos_ == "VERB":
            # "About 4 in 10 say ...": the parser hangs a numeric subject on the verb as a modifier
            subj = next((c for c in tok.children if c.dep_ == "nummod" and c.i < tok.i), None)
            subj = subj or _controller(tok) or _modal_name(tok) or _stranded_name(tok)
        if subj is not None and depth > 0 and subj.lower_ == "it" and tok.lemma_ == "be":
            return None  # "It's easy to be cynical about the deal and [call] Pfizer ...": no one
        if subj is not None:
            if subj.tag_ in {"WP", "WDT"} and tok.dep_ == "relcl":
                return tok.head  # "Obama, who said ...": the speaker is the noun the clause modifies
            return subj
        if (tok.dep_ == "relcl" or tok.dep_ == "acl" and tok.tag_ == "VBG") and tok.head.pos_ in {"NOUN", "PROPN"}:
            return tok.head  # "Obama, who said ...", "a group backing Trump"
        if depth == 0 and any(c.dep_ == "nsubjpass" for c in tok.children):
            return None  # "if he is seen as ...": a clause with its own (passive) subject, no source above
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in {"VERB", "AUX", "ADJ"}:
            prep, gov = tok.head, tok.head.head  # "after announcing", "by promising": the clause above
            obj = next((c for c in gov.children if c.dep_ == "dobj"), None)
            if obj is not None and prep.lower_ in BLAME_PREPS:
                return obj  # "accused Trump of suggesting ...": the object said it
            tok = gov
            continue
        if tok.dep_ not in CLIMB_DEPS or tok.head.i == tok.i:
            return None
        tok = tok.head
        if verb.tag_ == "VBG" and tok.dep_ == "ccomp" and tok.head.lemma_ in cue_verbs():
            # "Cardin stressed that [the way is ...], suggesting ...": the participle goes with the
            # reporter, not with the reported clause (PolNeAR train: 22 of 35 times; 7 the clause's)
            tok = tok.head
    return None


def _stranded_name(verb: Token) -> Token | None:
    """ "In a message to Clinton, Tanden, head of ..., recounted ...": a finite verb without a subject,
    whose speaker the parser hung as an apposition on the phrase before it; the nearest such name."""
    finite = verb.tag_ in FINITE or any(c.dep_ == "aux" and c.tag_ in FINITE | {"MD"} for c in verb.children)
    if not finite or any(c.dep_ in {"nsubjpass", "expl"} for c in verb.children):
        return None
    doc, start = verb.doc, verb.sent.start
    for tok in reversed(doc[start : verb.i]):
        if tok.pos_ in {"VERB", "AUX"} and tok.tag_ in FINITE | {"MD"} and tok.head.i != verb.i:
            return None  # another clause lies between
        if tok.dep_ == "appos" and tok.pos_ in APPOS_POS and tok.head.i < tok.i and tok.ent_type_ not in PLACES:
            return tok
    first = doc[start]  # "[Trump], speaking later at a rally, did not mention ...": a name set off by a comma
    name = trimmed(list(first.subtree))
    set_off = bool(name) and name[-1].i + 2 < verb.i and doc[name[-1].i + 1].text == ","
    if first.pos_ == "PROPN" and first.dep_ != "ROOT" and set_off and all(t.pos_ == "PROPN" for t in name):
        return first
    return None


def _modal_name(verb: Token) -> Token | None:
    """ "Instead, Will called for ...": a capitalised "Will" or "May" before a tensed verb is a name
    the parser took for a modal."""
    if verb.tag_ not in {"VBD", "VBZ", "VBN"}:
        return None
    return next((c for c in verb.children if c.dep_ == "aux" and c.i == verb.i - 1 and c.text in {"Will", "May"}
                 and c.i > c.sent.start), None)


def _controller(verb: Token) -> Token | None:
    """ "prompted [Rubio] to make a joke", "leaving [many] to wonder": the object of the verb governing an
    infinitive cue is its speaker (PolNeAR train: 26 of 37 times), when it names people; "used [his
    speech] to call ..." is the governing verb's subject's."""
    if verb.dep_ != "xcomp" or not any(c.tag_ == "TO" for c in verb.children):
        return None
    obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if obj is None or obj.lower_ in {"it", "this", "that", "which", "what"}:
        return None
    return obj if obj.pos_ in {"PROPN", "PRON", "ADJ"} or obj.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} else None


def passive_agent(verb: Token) -> Token | None:
    """The "by X" of a passive cue ("was told by X")."""
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def addressee_span(verb: Token, content: Token | None) -> Span | None:
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "dative"} and c is not content), None)
    if obj is None or obj.pos_ not in {"PROPN", "NOUN", "PRON"}:
        return None
    name = next((c for c in obj.children if c.dep_ == "appos"), None)
    return noun_phrase(name if name is not None else obj)


