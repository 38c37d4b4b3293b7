"""The cue of an attribution, spanned as PolNeAR spans it.

:func:`cue_tokens` builds the verb group while a frame is found: auxiliaries and adverbs just
before the cue word, particles and the children listed in ``cue_extension.tsv`` after it ("issued
[a statement] saying"), a governing verb ("went on to say") and the preposition of a prepositional
content ("called for"). When the quote record is made, :func:`take_preposition` gives the cue the
word introducing its content ("calling [for] X to ...") and :func:`cue_words` settles the words
PolNeAR keeps: a noun cue's determiner and adjectives, a short object but not a named or long one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dateline.stages.quotes.lexicon import cue_extension, cue_verbs
from dateline.stages.quotes.spans import Candidate, is_when

GOVERNOR_GAP = 3  # "went [on] to say": at most this many tokens between a governing verb and an xcomp cue
CUE_LEFT = {"aux", "auxpass", "neg", "advmod"}  # "has repeatedly pledged"
NOUN_CUE_LEFT = {"det", "amod"}
MAX_CUE_OBJECT = 3  # words: "issued a statement" is part of the cue, "blasted her Republican rival" is not


def _extends_cue(child: Token, verb: Token) -> bool:
    """Whether a child after the cue verb is part of the cue ("went on [to say]", "spoke [about]")."""
    ext = cue_extension()
    word = child.lower_ if child.dep_ in {"prep", "advmod"} else child.pos_
    entry = cue_verbs().get(verb.lemma_)
    if child.dep_ == "dobj" and (child.ent_type_ or entry is not None and entry.addressee):
        return False  # "told [Herzog]", "told [reporters]": the object is the addressee
    if is_when(child) or child.dep_ == "prep" and entry is not None and entry.cls == "speech":
        return False  # "said [on Thursday]"; "said [of] X" is as often without the preposition
    return (child.dep_, word) in ext or (child.dep_, "*") in ext


def is_infinitive(verb: Token) -> bool:
    """Whether a verb is the "to" infinitive of the verb above it ("went on [to say]")."""
    return verb.dep_ in {"xcomp", "advcl"} and any(c.tag_ == "TO" for c in verb.children)


def cue_tokens(verb: Token, content: tuple[int, int], avoid: set[int], head: Token | None = None) -> list[Token]:
    """The verb group: auxiliaries and adverbs just before it, particles just after, and the
    preposition that introduces a prepositional content ("called for", "warned of").

    Nothing that is speaker or content is taken.
    """
    kids = sorted(verb.children, key=lambda t: t.i)
    start = end = verb.i
    for c in reversed([c for c in kids if c.i < verb.i]):
        if c.dep_ in CUE_LEFT and c.right_edge.i == start - 1 and c.i not in avoid and c.tag_ != "WRB":
            start = c.left_edge.i
    if is_infinitive(verb) and verb.head.i < start and start - verb.head.i <= GOVERNOR_GAP:
        # "went on to say", "tended to support": PolNeAR's cue takes the verb governing the cue
        gap = verb.doc[verb.head.i + 1 : start]
        if all(t.head.i == verb.head.i and t.dep_ in {"prt", "advmod", "neg"} for t in gap):
            start = cue_tokens(verb.head, content, avoid)[0].i
    for c in (c for c in kids if c.i > verb.i):
        if not _extends_cue(c, verb) or c.left_edge.i != end + 1 or c.idx >= content[0] > verb.idx:
            break
        # The child's words up to the content or speaker: "issued [a statement] saying ...";
        # a preposition alone ("said [of] Trump that ...": its object is neither cue nor content).
        last = c.i if c.dep_ == "prep" else c.right_edge.i
        stop = next((t.i for t in verb.doc[c.left_edge.i : last + 1]
                     if t.i in avoid or t.idx >= content[0] > verb.idx), None)
        if stop is not None and stop <= c.i:
            break
        end = stop - 1 if stop is not None else last
        if stop is not None or c.dep_ == "prep":
            break
    prep = head.head if head is not None and head.dep_ in {"pobj", "pcomp"} else None
    if prep is not None and prep.head.i == verb.i and prep.i == end + 1:
        end = prep.i
    return list(verb.doc[start : end + 1])


def cue_words(cue: list[Token]) -> list[Token]:
    """The cue's tokens as PolNeAR spans them: with the words before its head that PolNeAR
    keeps (auxiliaries, negation and adverbs of a verb: "[are] expressing concern"; determiners
    and adjectives of a noun: "[a broader] rethinking", "[recent evidence-free] assertion"); a
    short object belongs to the cue ("issued [a statement]"), a named or long one does not
    ("blasted [her Republican rival Donald Trump]")."""
    if not cue:
        return cue
    ids = {t.i for t in cue}
    head = next((t for t in cue if t.head.i not in ids or t.head.i == t.i), cue[0])
    cue = _left_words(cue, head)
    if len(cue) < 2:
        return cue
    obj = next((t for t in cue if t.dep_ == "dobj" and t.head.i == head.i and t.i > head.i), None)
    if obj is not None and (obj.ent_type_ or sum(1 for t in cue if t.i >= obj.left_edge.i) > MAX_CUE_OBJECT):
        return [t for t in cue if t.i < obj.left_edge.i]
    return cue


def _left_words(cue: list[Token], head: Token) -> list[Token]:
    """``cue`` with the adjacent modifiers before ``head`` that belong to it (PolNeAR train: a
    noun cue's determiner 64%, adjective 73%; a verb's auxiliary 97%, adjacent adverb 91%)."""
    deps = NOUN_CUE_LEFT if head.pos_ == "NOUN" else CUE_LEFT
    start = cue[0].i
    for c in sorted((c for c in head.children if c.i < start), key=lambda t: -t.i):
        if c.dep_ not in deps or c.right_edge.i != start - 1 or c.tag_ == "WRB":
            break
        start = c.left_edge.i
    toks = [*head.doc[start : cue[0].i], *cue]
    while len(toks) > 1 and toks[0].tag_ == "MD" and head.tag_ in {"VBD", "VBZ"}:
        toks = toks[1:]  # "Will urged": no modal precedes a past or third-person verb, it is a name
    return toks


def take_preposition(doc: Doc, cand: Candidate) -> None:
    """The word between a cue and its content that introduces the content belongs to the cue
    (PolNeAR train: 27 of 27 "calling [for] X to ...", and ~99% of a preposition whose object
    is the content: "focused [on] X", "spoke [about] X")."""
    if not cand.cue or not cand.content or cand.cue[-1].i + 2 >= len(doc):
        return
    nxt, after = doc[cand.cue[-1].i + 1], doc[cand.cue[-1].i + 2]
    start, end = cand.content[0]
    intro = nxt.dep_ == "mark" and nxt.lower_ == "for" or nxt.dep_ == "prep" and nxt.head.i in {t.i for t in cand.cue}
    if not intro:
        return
    if start == nxt.idx and after.idx < end:
        cand.content[0] = (after.idx, end)  # "is calling [for] the United States to step up"
    elif start != after.idx:
        return
    cand.cue = [*cand.cue, nxt]
