"""Attribution frames of a cue token: the content a cue verb takes (clause, infinitive, object,
prepositional object), its source, and the rule-or-model dispatch. Frames headed by nouns,
adjectives and copulas live in :mod:`~dateline.stages.quotes.nominal`, parse repairs and
sentence-level frames in :mod:`~dateline.stages.quotes.parse`, learned span edges in
:mod:`~dateline.stages.quotes.boundaries`."""

from __future__ import annotations

from spacy.tokens import Span, Token

from dateline.stages.quotes.boundaries import descend, trim
from dateline.stages.quotes.cues import cue_tokens, is_infinitive
from dateline.stages.quotes.lexicon import (
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
from dateline.stages.quotes.nominal import adjective_candidate, copula_candidate, noun_candidate
from dateline.stages.quotes.parse import (
    CONTENT_DEPS,
    across_colon,
    across_paragraph,
    as_clause,
    closing_clause,
    closing_cue,
    noun_phrase_subject,
    object_relative,
    relative_object,
    without_lead_date,
)
from dateline.stages.quotes.spans import (
    DATELINE_TOKENS,
    SUBJECTS,
    Candidate,
    addressee_span,
    cue_subject,
    is_dash,
    is_when,
    noun_phrase,
    passive_agent,
    prep_ok,
    subtree_span,
    trimmed,
)
from dateline.stages.quotes.special import in_source_candidate, passive_candidate, raising_candidate

OBJECT_TAIL_DEPS = {"prep", "oprd", "advcl", "acl"}  # what may continue an object content


TAIL_DEPS = {"ccomp", "advcl"}  # clauses after a "said" complement that continue it


OBJECT_CONTENT_FACTOR = 0.8  # "denied the allegations" is a weaker attribution than "said that"


MAX_CUE_GAP = 4  # words a cue may take over when its content moves down ("took [issue with]")


MODEL_ADD = 0.5  # model probability above which an unlisted token becomes a cue


MODEL_DROP = 0.2  # model probability below which a rule's verb cue is dropped


def content_head(verb: Token, entry: CueVerb) -> tuple[Token | None, float]:
    """The content's head token for a cue verb, and a confidence factor for how it was found."""
    model = "*" in entry.preps
    # A complement after the verb first, then one before it ("The story never ran; my editor argued
    # [the piece ...]"), and none across a paragraph break or a colon or semicolon.
    for c in sorted(verb.children, key=lambda c: (across_paragraph(verb, c), c.i < verb.i, c.i)):
        if c.i < verb.i and c.dep_ in CONTENT_DEPS and (model and not closing_cue(verb) or across_colon(verb, c)):
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
        # "called [Trump a racist]", "called [her “third-rate”]": the parser marks both as predicates
        oprd = next((c for c in verb.children if c.dep_ == "oprd" and c.i > verb.i), None)
        if obj is None and oprd is not None:
            return oprd, OBJECT_CONTENT_FACTOR
    return None, 1.0




def _content_spans(verb: Token, head: Token | None, subj: Token | None) -> list[tuple[int, int]]:
    """Char spans of the content: the head's subtree, or the clause a parenthetical cue interrupts."""
    doc = verb.doc
    if head is None:
        # ", officials said, ": the content is the clause around the cue, in two pieces.
        cut = {t.i for t in verb.subtree}
        toks = [t for t in verb.head.subtree if t.i not in cut]
        pieces = [[t for t in toks if t.i < verb.left_edge.i], [t for t in toks if t.i > verb.right_edge.i]]
        pieces = [p for p in map(trimmed, pieces) if p and not all(t.dep_ in {"cc", "mark"} for t in p)]
        return [(p[0].idx, p[-1].idx + len(p[-1])) for p in pieces]  # "But, [he said], ...": no "But" piece
    skip = {t.i for t in subj.subtree} if subj is not None and subj.i in {t.i for t in head.subtree} else set()
    toks = [t for t in head.subtree if t.i not in skip]
    first, last = toks[0].i, toks[-1].i
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < head.i), None)
    if head.dep_ == "xcomp" and obj is not None:
        first = obj.left_edge.i  # "urged the industry to do more": the infinitive's subject belongs
    oprd = max((c for c in verb.children if c.dep_ in {"oprd", "xcomp"} and c.i > head.i), key=lambda c: c.i,
               default=None)
    if head.dep_ in {"dobj", "oprd"} and oprd is not None:
        last = oprd.right_edge.i  # "called it a hoax", "called [Trump] [a racist]"
    if head.dep_ == "ccomp":
        first, last = _clause_extent(verb, head, first, last)
    elif head.dep_ in {"dobj", "pobj", "pcomp"}:
        last = _object_extent(verb, head, last)
    toks = trimmed([t for t in doc[first : last + 1] if t.i not in skip])
    if head.dep_ == "ccomp" and head.i > verb.i:
        toks = without_lead_date(head, toks)
    toks = trimmed(trim(toks, head, "content", verb.lemma_.lower()))
    if toks and toks[0].i < verb.i < toks[-1].i:
        # "which [the campaign says] includes ...": the cue and its source sit inside the clause;
        # PolNeAR gives each word one role, so the content is the clause around them
        own = {t.i for t in verb.subtree} - {t.i for t in head.subtree}
        return [(p[0].idx, p[-1].idx + len(p[-1])) for p in _runs([t for t in toks if t.i not in own])]
    return [(toks[0].idx, toks[-1].idx + len(toks[-1]))] if toks else []


def _runs(toks: list[Token]) -> list[list[Token]]:
    """Maximal runs of consecutive tokens, trimmed, without empty ones."""
    runs: list[list[Token]] = []
    for t in toks:
        if runs and runs[-1][-1].i == t.i - 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return [r for r in map(trimmed, runs) if r]


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
    if head.i > verb.i and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in head.children):
        # "said [the days when ...] are gone": the clause's subject, taken for an adverbial of the verb
        lost = next((c for c in verb.children if c.dep_ == "npadvmod" and verb.i < c.i < first
                     and c.right_edge.i == first - 1 and noun_phrase_subject(c)), None)
        first = lost.left_edge.i if lost is not None else first
    if head.i > verb.i:
        for c in verb.children:
            between = doc[verb.i + 1 : c.left_edge.i]
            if verb.i < c.i < first and c.dep_ in {"prep", "advcl", "advmod"} and any(t.text == "," for t in between):
                first = min(first, c.left_edge.i)
    return first, last


def _verb_candidate(verb: Token, entry: CueVerb) -> Candidate | None:
    head, factor = content_head(verb, entry)
    above = head
    if head is not None:
        head = descend(verb, head)  # "expressed [concern] about X": the content is X
    # A passive cue's agent is its source, before any subject a participle climbs to ("after being
    # warned by [the Russian government]"); "Asked [by Stephanopoulos] about X, ...": the named asker
    subj = passive_agent(verb) or (None if is_asked(verb) else cue_subject(verb))
    if subj is not None and object_relative(verb, entry, head):
        return _relative_object_candidate(verb, entry, subj, relative_object(verb))
    closing = closing_clause(verb, subj) if head is None and subj is not None and entry.cls == "speech" else []
    if head is None and not (verb.dep_ == "parataxis" and entry.cls == "speech" or as_clause(verb) or closing):
        return None
    if subj is None and (entry is not MODEL_VERB and not is_asked(verb) or head is None):
        return None  # only the model's cues and "Asked about X, ..." lack a source
    if head is not None and head.tag_ in {"WDT", "WP"}:
        return None  # "which X referred to": the content is outside the clause
    content = [(closing[0].idx, closing[-1].idx + len(closing[-1]))] if closing else _content_spans(verb, head, subj)
    if not content or content[-1][1] <= verb.idx and entry.cls != "speech" and not closing_cue(verb):
        return None  # a content before a belief verb is a misparse, unless the verb closes the sentence
    speaker, refers_to = _speaker(verb, subj)
    avoid = {t.i for t in speaker or ()} | ({t.i for t in head.subtree} if head is not None else set())
    return Candidate(
        refers_to=refers_to,
        cue=_with_gap(cue_tokens(verb, content[0], avoid, head), above, head),
        speaker=speaker,
        content=content,
        cls=entry.cls,
        addressee=addressee_span(verb, head) if entry.addressee else None,
        factor=factor,
        scope=(head.left_edge.idx, head.right_edge.idx + len(head.right_edge)) if head is not None else None,
    )






def _relative_object_candidate(verb: Token, entry: CueVerb, subj: Token, pronoun: Token | None) -> Candidate | None:
    """The clause's subject is the source; the content is its relative pronoun ("allegations, [which]
    he has denied": PolNeAR's content) or, without one, the noun phrase it modifies ("[a deal] she supported")."""
    noun = verb.doc[pronoun.i : pronoun.i + 1] if pronoun is not None else noun_phrase(verb.head, verb)
    if noun.end_char > verb.idx:
        return None
    content = [(noun.start_char, noun.end_char)]
    speaker, refers_to = _speaker(verb, subj)
    avoid = {t.i for t in speaker or ()} | {t.i for t in noun}
    return Candidate(cue=cue_tokens(verb, content[0], avoid), speaker=speaker, content=content, cls=entry.cls,
                     refers_to=refers_to, factor=OBJECT_CONTENT_FACTOR)




def _with_gap(cue: list[Token], above: Token | None, head: Token | None) -> list[Token]:
    """The cue over the words a content moved down from ("expressed [concern] about X")."""
    if above is None or head is None or above.i == head.i or above.i < cue[-1].i:
        return cue
    gap = cue[0].doc[cue[-1].i + 1 : head.left_edge.i]
    inside = {t.i for t in above.subtree}
    if not gap or len(gap) > MAX_CUE_GAP or any(t.i not in inside or t.is_punct for t in gap):
        return cue
    return cue + list(gap)


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
    toks = [t for t in tok.head.subtree if t.i not in skip]
    # "About 10:03 p.m., according to X, the contractors left": the content is the clause in two
    # pieces around the cue phrase (PolNeAR gives each word to one role)
    pieces = [trimmed([t for t in toks if t.i < tok.left_edge.i]), trimmed([t for t in toks if t.i > tok.right_edge.i])]
    contents = [(p[0].idx, p[-1].idx + len(p[-1])) for p in pieces if p] or [subtree_span(tok.head, skip)]
    sent = tok.sent
    before = trimmed(list(tok.doc[sent.start : tok.left_edge.i]))
    dash = next((k for k, t in enumerate(before[:DATELINE_TOKENS]) if is_dash(t)), None)
    before = trimmed(before[dash + 1 :]) if dash is not None else before  # "WASHINGTON (AP) — ..."
    after = trimmed(list(tok.doc[tok.right_edge.i + 1 : sent.end]))
    if before and not after:  # "A, B and C, according to X.": the whole sentence, not the last clause
        contents = [(before[0].idx, before[-1].idx + len(before[-1]))]
    elif after and not before:  # "According to X, A and B."
        contents = [(after[0].idx, after[-1].idx + len(after[-1]))]
    return Candidate(cue=[tok, to], speaker=noun_phrase(src), content=contents, cls="prep")


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
        said = next((c for c in content.children if c.dep_ in {"ccomp", "dobj"} and c.i > content.i), None)
        if content.dep_ == "acl" and said is not None and content.lemma_ in cue_verbs():
            # "issued a statement saying [...]", "issued statements condemning [the attacks]"
            cue, head = [tok, content], said
        return Candidate(cue=cue, speaker=noun_phrase(subj, tok), content=[subtree_span(head)], cls=entry[1])
    return None






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
        cand = adjective_candidate(tok, *adjs[tok.lower_])
    if cand is None and tok.pos_ == "NOUN" and tok.lower_ in nouns:
        cand = noun_candidate(tok, nouns[tok.lower_])
    return cand


def model_candidate(tok: Token, prob: float) -> Candidate | None:
    """An attribution at a token only the trained model calls a cue, with the broadest frames."""
    cand = None
    # "went on to say [that ...]": the inner verb, with a clause of its own, is the cue; "sought to
    # assure X" is one attribution of "sought" with the infinitive as content.
    inner = next((c for c in tok.children if c.lemma_ in cue_verbs() and is_infinitive(c)
                  and any(g.dep_ in CONTENT_DEPS for g in c.children)), None)
    if tok.pos_ == "VERB" and inner is not None:  # "is continuing to insist [that ...]": one cue, two verbs
        cand = _verb_candidate(inner, cue_verbs()[inner.lemma_])
    elif tok.pos_ == "VERB":
        cand = passive_candidate(tok) or _verb_candidate(tok, MODEL_VERB) or copula_candidate(tok)
    elif tok.pos_ == "AUX":  # "are tired of", "is confident that", "is focused on": the copula heads the cue
        cand = copula_candidate(tok)
    elif tok.pos_ == "ADJ":
        cand = adjective_candidate(tok, "model", ANY_PREP)
    elif tok.pos_ == "NOUN":
        cand = noun_candidate(tok, ANY_PREP, sourceless=True)
    if cand is not None:
        cand.cls, cand.factor = "model", cand.factor * prob
    return cand
