"""Attribution frames of a cue token: the content a cue verb, noun or adjective takes (clause,
infinitive, object, prepositional object), its source, and the rule-or-model dispatch."""

from __future__ import annotations

from spacy.tokens import Span, Token

from dateline.extract.quote_lexicon import (
    ANY_PREP,
    MODEL_VERB,
    THAT_VERB,
    CueVerb,
    cue_adjectives,
    cue_nouns,
    cue_phrases,
    cue_verbs,
    raising_verbs,
)
from dateline.extract.quote_spans import (
    CUE_LEFT,
    DASHES,
    SUBJECTS,
    Candidate,
    addressee_span,
    cue_subject,
    cue_tokens,
    is_infinitive,
    is_when,
    noun_phrase,
    passive_agent,
    prep_ok,
    subtree_span,
    trimmed,
)
from dateline.extract.quote_special import in_source_candidate, passive_candidate, raising_candidate

CONTENT_DEPS = {"ccomp"}


DATELINE_TOKENS = 8  # "WASHINGTON (AP) —": a dash this early in a sentence ends a news dateline
OBJECT_TAIL_DEPS = {"prep", "oprd", "advcl", "acl"}  # what may continue an object content


TAIL_DEPS = {"ccomp", "advcl"}  # clauses after a "said" complement that continue it


OBJECT_CONTENT_FACTOR = 0.8  # "denied the allegations" is a weaker attribution than "said that"


MODEL_ADD = 0.5  # model probability above which an unlisted token becomes a cue


MODEL_DROP = 0.2  # model probability below which a rule's verb cue is dropped


def _content_head(verb: Token, entry: CueVerb) -> tuple[Token | None, float]:
    """The content's head token for a cue verb, and a confidence factor for how it was found."""
    model = "*" in entry.preps
    for c in verb.children:
        if model and c.i < verb.i and c.dep_ in CONTENT_DEPS:
            continue  # "... try a new tack: He doesn't believe it!": the clause before is not its content
        if c.dep_ in CONTENT_DEPS or c.dep_ == "xcomp" and entry.infinitive:
            return c, 1.0
        if model and c.dep_ == "advcl" and c.i > verb.i and any(g.tag_ == "TO" for g in c.children):
            return c, 1.0  # "she's worked [to woo Latino voters]": an infinitive the parser took for an adverbial
        if c.dep_ == "xcomp" and entry.cls == "speech" and c.tag_ == "VBG" and c.i > verb.i:
            return c, 1.0  # "He said legalizing it could ...": a clause the parser took for a gerund
    for c in verb.children:  # "said in a statement that ...": the parser hangs the clause on the noun
        pobj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" else None
        for g in pobj.children if pobj is not None else ():
            if g.dep_ in {"acl", "ccomp"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children):
                return g, 1.0
    if entry.obj and "*" in entry.preps:  # the model's frame: "thanking [Nevadans for their support]"
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
        if obj is not None:
            return obj, OBJECT_CONTENT_FACTOR
    for c in verb.children:
        if c.dep_ == "prep" and prep_ok(c, entry.preps) and c.i > verb.i:
            obj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None:
                return obj, OBJECT_CONTENT_FACTOR
    if entry.obj:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ != "PRON":
            return obj, OBJECT_CONTENT_FACTOR
    return None, 1.0


def _content_spans(verb: Token, head: Token | None, subj: Token | None) -> list[tuple[int, int]]:
    """Char spans of the content: the head's subtree, or the clause a parenthetical cue interrupts."""
    doc = verb.doc
    if head is None:
        # ", officials said, ": the content is the clause around the cue, in two pieces.
        cut = {t.i for t in verb.subtree}
        toks = [t for t in verb.head.subtree if t.i not in cut]
        pieces = [[t for t in toks if t.i < verb.left_edge.i], [t for t in toks if t.i > verb.right_edge.i]]
        return [(p[0].idx, p[-1].idx + len(p[-1])) for p in map(trimmed, pieces) if p]
    skip = {t.i for t in subj.subtree} if subj is not None and subj.i in {t.i for t in head.subtree} else set()
    toks = [t for t in head.subtree if t.i not in skip]
    first, last = toks[0].i, toks[-1].i
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < head.i), None)
    if head.dep_ == "xcomp" and obj is not None:
        first = obj.left_edge.i  # "urged the industry to do more": the infinitive's subject belongs
    oprd = next((c for c in verb.children if c.dep_ in {"oprd", "xcomp"} and c.i > head.i), None)
    if head.dep_ == "dobj" and oprd is not None:
        last = oprd.right_edge.i  # "called it a hoax"
    if head.dep_ == "ccomp":
        first, last = _clause_extent(verb, head, first, last)
    elif head.dep_ in {"dobj", "pobj", "pcomp"}:
        last = _object_extent(verb, head, last)
    toks = trimmed([t for t in doc[first : last + 1] if t.i not in skip])
    return [(toks[0].idx, toks[-1].idx + len(toks[-1]))] if toks else []


def _object_extent(verb: Token, head: Token, last: int) -> int:
    """Widen an object content over the phrases the parser hung on the verb after it:
    "referring to [the US] [as the Great Satan]", "discuss [a connection] [to the assault]"."""
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.i <= last:
            continue
        if c.dep_ not in OBJECT_TAIL_DEPS or c.left_edge.i != last + 1 or is_when(c):
            break
        last = c.right_edge.i
    return last


def _clause_extent(verb: Token, head: Token, first: int, last: int) -> tuple[int, int]:
    """Widen a "said" complement over what the parser hung on the verb instead.

    "said that A, and that B": the second clause is a conjunct of the verb; "said, even in
    Miami, Trump has ...": the comma-set adverbial opens the content, it is not the cue's.
    """
    doc = verb.doc
    verbs = cue_verbs()
    for c in verb.children:
        if c.dep_ == "conj" and c.i > head.i and any(g.dep_ == "mark" for g in c.children):
            last = max(last, c.right_edge.i)
        elif c.dep_ in TAIL_DEPS and c.i > last and head.i > verb.i and c.lemma_ not in verbs:
            last = c.right_edge.i  # "says [A] [because B]": the parser cut one statement in two
    if head.i > verb.i:
        for c in verb.children:
            between = doc[verb.i + 1 : c.left_edge.i]
            if verb.i < c.i < first and c.dep_ in {"prep", "advcl", "advmod"} and any(t.text == "," for t in between):
                first = min(first, c.left_edge.i)
    return first, last


def _verb_candidate(verb: Token, entry: CueVerb) -> Candidate | None:
    head, factor = _content_head(verb, entry)
    subj = None if is_asked(verb) else cue_subject(verb) or passive_agent(verb)
    if head is None and not (verb.dep_ == "parataxis" and entry.cls == "speech"):
        return None
    if subj is None and (entry is not MODEL_VERB and not is_asked(verb) or head is None):
        return None  # only the model's cues and "Asked about X, ..." lack a source
    if head is not None and head.tag_ in {"WDT", "WP"}:
        return None  # "which X referred to": the content is outside the clause
    content = _content_spans(verb, head, subj)
    if not content or content[-1][1] <= verb.idx and entry.cls != "speech":
        return None  # a content before a belief verb ("..., 70 percent believe") is a misparse
    speaker, refers_to = _speaker(verb, subj)
    avoid = {t.i for t in speaker or ()} | ({t.i for t in head.subtree} if head is not None else set())
    return Candidate(
        refers_to=refers_to,
        cue=cue_tokens(verb, content[0], avoid, head),
        speaker=speaker,
        content=content,
        cls=entry.cls,
        addressee=addressee_span(verb, head) if entry.addressee else None,
        factor=factor,
        scope=(head.left_edge.idx, head.right_edge.idx + len(head.right_edge)) if head is not None else None,
    )


def _speaker(verb: Token, subj: Token | None) -> tuple[Span | None, Span | None]:
    """The speaker span of a cue verb and, when it is a pronoun or a statement, what it stands for."""
    if subj is None:
        return None, None
    speaker = noun_phrase(subj, verb)
    rel = _relative_subject(verb)
    if rel is not None:  # PolNeAR's source of "Obama, who said ..." is "who"; it stands for Obama
        return verb.doc[rel.i : rel.i + 1], speaker
    if subj.lemma_.lower() in cue_nouns() or subj.lower_ in cue_nouns():
        owner = next((c for c in subj.children if c.dep_ == "poss"), None)
        return speaker, noun_phrase(owner) if owner is not None else None  # "Netanyahu's remarks signaled"
    return speaker, None


def is_asked(verb: Token) -> bool:
    """ "Asked about X, Trump said ...": a participle opening the sentence, with no source of its own
    (PolNeAR: Attribution-no-source; the question's asker is not named)."""
    return (verb.tag_ == "VBN" and verb.dep_ == "advcl" and verb.i < verb.head.i
            and not any(c.dep_ in SUBJECTS or c.dep_ == "nsubjpass" for c in verb.children))


def _relative_subject(verb: Token) -> Token | None:
    """The relative pronoun subject of a cue in a relative clause ("who said ...")."""
    if verb.dep_ != "relcl":
        return None
    return next((c for c in verb.children if c.dep_ in SUBJECTS and c.tag_ in {"WP", "WDT"}), None)


def _that_clause(verb: Token) -> Token | None:
    """A "that" complement clause of a verb, after it."""
    for c in verb.children:
        if c.dep_ == "ccomp" and c.i > verb.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            return c
    return None


def _according_to(tok: Token) -> Candidate | None:
    """ "according to X": X is the speaker, the clause the phrase modifies is the content."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    src = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if src is None or tok.head.i == tok.i:
        return None
    skip = {t.i for t in tok.subtree}
    content = subtree_span(tok.head, skip)
    sent = tok.sent
    before = trimmed(list(tok.doc[sent.start : tok.left_edge.i]))
    dash = next((k for k, t in enumerate(before[:DATELINE_TOKENS]) if t.text in DASHES), None)
    before = trimmed(before[dash + 1 :]) if dash is not None else before  # "WASHINGTON (AP) — ..."
    after = trimmed(list(tok.doc[tok.right_edge.i + 1 : sent.end]))
    if before and not after:  # "A, B and C, according to X.": the whole sentence, not the last clause
        content = (before[0].idx, before[-1].idx + len(before[-1]))
    elif after and not before:  # "According to X, A and B."
        content = (after[0].idx, after[-1].idx + len(after[-1]))
    return Candidate(cue=[tok, to], speaker=noun_phrase(src), content=[content], cls="prep")


def _phrase_candidate(tok: Token, phrases: dict) -> Candidate | None:
    """ "according to X" and verb + object cues ("expressed concern about ...")."""
    if tok.lower_ == "according":
        return _according_to(tok) if ("according", "to") in phrases else None
    for obj in (c for c in tok.children if c.dep_ == "dobj"):
        entry = phrases.get((tok.lemma_, obj.lemma_))
        if entry is None:
            continue
        content = next((c for c in obj.children if c.dep_ in {"prep", "acl", "ccomp"}), None)
        content = content or next((c for c in tok.children if c.dep_ in {"ccomp", "prep"} and c.i > obj.i), None)
        subj = cue_subject(tok)
        if content is None or subj is None:
            return None
        head = next((c for c in content.children if c.dep_ in {"pobj", "pcomp"}), content)
        cue = [tok, obj]
        said = next((c for c in content.children if c.dep_ == "ccomp"), None) if content.dep_ == "acl" else None
        if said is not None and content.lemma_ in cue_verbs():  # "issued a statement saying [...]"
            cue, head = [tok, content], said
        return Candidate(cue=cue, speaker=noun_phrase(subj, tok), content=[subtree_span(head)], cls=entry[1])
    return None


def _noun_candidate(tok: Token, preps: frozenset[str], sourceless: bool = False) -> Candidate | None:
    """ "Trump's criticism of Clinton": a cue noun with a possessive source and a content; with
    ``sourceless``, also without one ("support for Mr. Trump here may deepen")."""
    src = next((c for c in tok.children if c.dep_ == "poss"), None)
    if src is None and not sourceless:
        return None
    cue, head = [tok], None
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ in {"acl", "ccomp"} and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            head = c
        elif c.dep_ == "prep" and prep_ok(c, preps):
            head = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            cue = [tok, c] if c.i == tok.i + 1 else cue
        if head is not None:
            break
    if head is None:
        return None
    if src is None:
        return Candidate(cue=cue, speaker=None, content=[subtree_span(head)], cls="model")
    return Candidate(cue=cue, speaker=noun_phrase(src), content=[subtree_span(head)], cls="belief")


def _adjective_candidate(adj: Token, cls: str, preps: frozenset[str]) -> Candidate | None:
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
    if subj is None or head is None:
        return None
    start = cop.i
    for c in sorted((c for c in cop.children if c.i < cop.i), key=lambda t: -t.i):
        if c.dep_ in CUE_LEFT and c.i == start - 1:
            start = c.i
    end = prep.i if prep is not None and prep.i == adj.i + 1 else adj.i
    return Candidate(cue=list(adj.doc[start : end + 1]), speaker=noun_phrase(subj, cop),
                     content=[subtree_span(head)], cls=cls)


def rule_candidate(tok: Token, prob: float) -> Candidate | None:
    """The attribution the lexicons find at a token, unless the model says its verb is no cue."""
    verbs, phrases, nouns, adjs = cue_verbs(), cue_phrases(), cue_nouns(), cue_adjectives()
    # The multi-word cue first: "expressed concern about" is more than "expressed".
    cand = _phrase_candidate(tok, phrases) if tok.pos_ in {"VERB", "ADJ"} else None
    if cand is None and tok.lower_ == "in" and tok.dep_ == "prep":
        cand = in_source_candidate(tok)
    if cand is not None:
        return cand
    if tok.pos_ == "VERB" and tok.lemma_ in raising_verbs():
        cand = raising_candidate(tok, raising_verbs()[tok.lemma_])
        if cand is not None:
            return cand
    if tok.pos_ in {"VERB", "AUX"} and tok.lemma_ in verbs:
        cand = _verb_candidate(tok, verbs[tok.lemma_])
    elif tok.pos_ == "VERB" and _that_clause(tok) is not None:
        cand = _verb_candidate(tok, THAT_VERB)  # any verb with a "that" clause: "X hinted that ..."
    if cand is not None and prob < MODEL_DROP and tok.pos_ == "VERB":
        return None  # "the poll found", "wants to": the lexicon's frame, but rarely an attribution here
    if cand is None and tok.pos_ == "ADJ" and tok.lower_ in adjs:
        cand = _adjective_candidate(tok, *adjs[tok.lower_])
    if cand is None and tok.pos_ == "NOUN" and tok.lower_ in nouns:
        cand = _noun_candidate(tok, nouns[tok.lower_])
    return cand


def model_candidate(tok: Token, prob: float) -> Candidate | None:
    """An attribution at a token only the trained model calls a cue, with the broadest frames."""
    cand = None
    inner = next((c for c in tok.children if c.lemma_ in cue_verbs() and is_infinitive(c)), None)
    if tok.pos_ == "VERB" and inner is None:  # "went on to say": the inner verb is the cue
        cand = passive_candidate(tok) or _verb_candidate(tok, MODEL_VERB)
    elif tok.pos_ == "AUX":  # "are tired of", "is confident that": the copula heads the cue
        adj = next((c for c in tok.children if c.dep_ == "acomp" and c.pos_ == "ADJ"), None)
        cand = _adjective_candidate(adj, "model", ANY_PREP) if adj is not None else None
    elif tok.pos_ == "ADJ":
        cand = _adjective_candidate(tok, "model", ANY_PREP)
    elif tok.pos_ == "NOUN":
        cand = _noun_candidate(tok, ANY_PREP, sourceless=True)
    if cand is not None:
        cand.cls, cand.factor = "model", cand.factor * prob
    return cand
