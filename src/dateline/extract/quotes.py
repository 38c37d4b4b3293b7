"""Stage 4: statements attributed to speakers — direct, indirect, mixed and unmarked quotes.

Two passes over the parsed Doc, both linear in its length:

1. Attributions from the parse, with the lexicons of ``dateline/resources/quotes/``: a cue
   verb with a clausal complement ("Netanyahu said military pressure was ..."), an infinitive,
   object or prepositional object as the lexicon allows ("vowing to continue", "complained
   about X"), a parenthetical cue (", officials said, "), a verb + object cue ("expressed
   concern about"), "according to X", a cue noun with a possessive ("Trump's criticism of X"),
   a stance adjective ("X is confident that ..."), any verb with a "that" clause, or a name and
   a colon ("Ted Cruz: ..."). The speaker is the cue's subject, or the subject of the clause a
   participle hangs on ("..., vowing to continue the war"). Span conventions follow PolNeAR's
   gold: the speaker keeps relative clauses and appositions (not a news dateline before a dash),
   the cue keeps auxiliaries, negation, adverbs, particles and the preposition of a
   prepositional content ("called for") but not adverbials ("said [in a statement]").
2. Quotation-mark runs (straight, curly or doubled apostrophes; continued across paragraphs
   when a paragraph opens with a quotation mark and the previous one never closed) that no
   attribution covers join the attribution just before them in the same paragraph, take the
   nearest cue in their sentence, or else the speaker of the quote just before.

Kinds: ``direct`` when the content is inside quotation marks, ``mixed`` when only part of it is,
``unmarked`` when an unquoted content comes before its cue ("..., Blinken said": speech whose
marks were stripped), ``indirect`` otherwise. Speakers and addressees are resolved to the
coreference chains of :mod:`dateline.extract.coref`; an unresolved speaker is kept as text
with a low confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.extract.coref import build_chains, chain_at, read_table
from dateline.model import ActorRef, Quote, record_id
from dateline.model import Span as TextSpan

OPENING = "“«„"
CLOSING = "”»"
MARK = re.compile(r"''|[“”\"«»„]")
SUBJECTS = {"nsubj", "csubj"}
CONTENT_DEPS = {"ccomp"}
CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp"}  # a participle cue takes its head clause's subject
DASHES = {"—", "–", "--"}
OBJECT_TAIL_DEPS = {"prep", "oprd", "advcl", "acl"}  # what may continue an object content
TAIL_DEPS = {"ccomp", "advcl"}  # clauses after a "said" complement that continue it
CUE_LEFT = {"aux", "auxpass", "neg", "advmod"}  # "has repeatedly pledged"
# PolNeAR's cue spans keep particles ("called on") but not adverbials ("said [in a statement]").
CUE_RIGHT = {"prt"}
WORD = re.compile(r"\w+")
FIRST_PERSON = re.compile(r"\b(I|we|my|our|me|us)\b")
SPEAKER_CONFIDENCE = {"name": 0.95, "surname": 0.9, "description": 0.75, "pronoun": 0.7}
UNRESOLVED_CONFIDENCE = 0.3
CUE_CONFIDENCE = {"speech": 0.9, "report": 0.75, "belief": 0.6, "prep": 0.85, "quote-cue": 0.8, "context": 0.45}
OBJECT_CONTENT_FACTOR = 0.8  # "denied the allegations" is a weaker attribution than "said that"
COLON_SPEAKER_TOKENS = 6  # "Sen. Ted Cruz (R-Texas):" at most
MIN_QUOTE_WORDS = 3  # shorter quoted runs are titles and scare quotes, not statements
CONTEXT_REACH = 400  # chars: a quote with no cue may take the speaker of a quote this close before


@dataclass(frozen=True, slots=True)
class CueVerb:
    lemma: str
    cls: str  # speech, report or belief
    addressee: bool
    infinitive: bool
    obj: bool
    preps: frozenset[str]


THAT_VERB = CueVerb("", "belief", False, False, False, frozenset())  # an unlisted verb with a "that" clause


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


def is_mark(tok: Token) -> bool:
    return MARK.fullmatch(tok.text) is not None


# --- quotation marks ---------------------------------------------------------------------------


@dataclass(slots=True)
class Run:
    """A stretch of quoted text: one (start, end) per paragraph, marks included."""

    parts: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def _is_opening(text: str, i: int, n: int) -> bool:
    """Whether the n-character mark at text[i] opens a quotation."""
    c = text[i]
    if c in OPENING:
        return True
    if c in CLOSING:
        return False
    before = text[i - 1] if i else " "
    after = text[i + n] if i + n < len(text) else " "
    return (before.isspace() or before in "([{—–-") and not after.isspace()


def quote_runs(text: str) -> tuple[list[Run], list[int]]:
    """Quoted runs of ``text`` and the positions of every quotation mark.

    A run left open at a paragraph's end continues into the next paragraph when that one
    starts with an opening mark (the press convention for multi-paragraph quotes); otherwise
    it ends with its paragraph. A closing mark with no opening one (a typo) opens nothing.
    """
    runs: list[Run] = []
    found = [(m.start(), m.end() - m.start()) for m in MARK.finditer(text)]
    current: Run | None = None
    k = 0
    for para in re.finditer(r"[^\n]+", text):
        p_start, p_end = para.start(), para.start() + len(para.group().rstrip())
        first = text[p_start:p_end].lstrip()[:1]
        if current is not None and not (first and (first in OPENING or first in "\"'")):
            current = None  # the open quote did not continue here
        open_at: int | None = None
        while k < len(found) and found[k][0] < p_end:
            i, n = found[k]
            k += 1
            if i < p_start:
                continue
            if open_at is None and _is_opening(text, i, n):
                open_at = i
            elif open_at is not None and not _is_opening(text, i, n):
                _add_part(runs, current, (open_at, i + n))
                current, open_at = None, None
        if open_at is not None:  # unclosed at the paragraph's end: may continue in the next one
            current = _add_part(runs, current, (open_at, p_end))
    return runs, [i for i, _ in found]


def _add_part(runs: list[Run], current: Run | None, part: tuple[int, int]) -> Run:
    """Add a paragraph's part to the open run, or start a new run with it."""
    if current is None:
        current = Run()
        runs.append(current)
    current.parts.append(part)
    return current


# --- attributions from the parse ---------------------------------------------------------------


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


def _trimmed(toks: list[Token]) -> list[Token]:
    """Tokens without edge punctuation (quotation marks kept) and whitespace."""
    while toks and (toks[0].is_punct and not is_mark(toks[0]) or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct and not is_mark(toks[-1]) or toks[-1].is_space):
        toks = toks[:-1]
    return toks


def _subtree_span(tok: Token, skip: set[int] | None = None) -> tuple[int, int]:
    """Char extent of a token's subtree, without edge punctuation and skipped tokens."""
    toks = _trimmed([t for t in tok.subtree if not skip or t.i not in skip])
    if not toks:
        return tok.idx, tok.idx + len(tok)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _noun_phrase(tok: Token, cue: Token | None = None) -> Span:
    """A speaker or addressee NP: the token's subtree, without the clause holding the cue."""
    # PolNeAR's sources keep relative clauses and appositions ("Chris Cox, who runs ...,"),
    # but not "Obama, [who said ...]".
    holder = next((c for c in tok.children if cue is not None and c.left_edge.i <= cue.i <= c.right_edge.i), None)
    cut = {
        t.i
        for c in tok.children
        if c.dep_ == "npadvmod" or _is_when(c) or holder is not None and c.left_edge.i >= holder.left_edge.i
        for t in c.subtree
    }
    toks = [t for t in tok.subtree if t.i not in cut]
    dash = max((t.i for t in toks if t.text in DASHES and t.i < tok.i), default=None)
    if dash is not None:  # "RENO, Nev. (AP) — Republican hopeful Donald Trump": the dateline goes
        toks = [t for t in toks if t.i > dash]
    toks = [t for t in _trimmed(toks) if not is_mark(t)] or [tok]
    while len(toks) > 1 and toks[0].dep_ in {"advmod", "preconj"} and toks[0].head.i == tok.i:
        toks = toks[1:]  # "even critics": the focus adverb is not part of the speaker
    return tok.doc[toks[0].i : toks[-1].i + 1]


def _is_when(tok: Token) -> bool:
    """A "on Wednesday" phrase hung on the speaker by the parser: it dates the cue instead."""
    return tok.dep_ == "prep" and any(g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"} for g in tok.children)


def _subject(verb: Token) -> Token | None:
    """The speaker token of a cue verb: its subject, or its head clause's for participles."""
    tok = verb
    for depth in range(3):
        # The cue's own passive subject is its addressee ("X was told"), a head clause's is not.
        deps = SUBJECTS if depth == 0 else SUBJECTS | {"nsubjpass"}
        subj = next((c for c in tok.children if c.dep_ in deps), None)
        if subj is not None:
            if subj.tag_ in {"WP", "WDT"} and tok.dep_ == "relcl":
                return tok.head  # "Obama, who said ...": the speaker is the noun the clause modifies
            return subj
        if (tok.dep_ == "relcl" or tok.dep_ == "acl" and tok.tag_ == "VBG") and tok.head.pos_ in {"NOUN", "PROPN"}:
            return tok.head  # "Obama, who said ...", "a group backing Trump"
        if tok.dep_ not in CLIMB_DEPS or tok.head is tok:
            return None
        tok = tok.head
    return None


def _agent(verb: Token) -> Token | None:
    """The "by X" of a passive cue ("was told by X")."""
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _addressee(verb: Token, content: Token | None) -> Span | None:
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "dative"} and c is not content), None)
    if obj is None or obj.pos_ not in {"PROPN", "NOUN", "PRON"}:
        return None
    name = next((c for c in obj.children if c.dep_ == "appos"), None)
    return _noun_phrase(name if name is not None else obj)


def _cue_tokens(verb: Token, content: tuple[int, int], avoid: set[int], head: Token | None = None) -> list[Token]:
    """The verb group: auxiliaries and adverbs just before it, particles just after, and the
    preposition that introduces a prepositional content ("called for", "warned of").

    Nothing that is speaker or content is taken.
    """
    kids = sorted(verb.children, key=lambda t: t.i)
    start = end = verb.i
    for c in reversed([c for c in kids if c.i < verb.i]):
        if c.dep_ in CUE_LEFT and c.right_edge.i == start - 1 and c.i not in avoid and c.tag_ != "WRB":
            start = c.left_edge.i
    for c in (c for c in kids if c.i > verb.i):
        if c.dep_ not in CUE_RIGHT or c.left_edge.i != end + 1 or c.right_edge.idx >= content[0] > verb.idx:
            break
        if any(t.i in avoid for t in c.subtree):
            break
        end = c.right_edge.i
    prep = head.head if head is not None and head.dep_ in {"pobj", "pcomp"} else None
    if prep is not None and prep.head.i == verb.i and prep.i == end + 1:
        end = prep.i
    return list(verb.doc[start : end + 1])


def _content_head(verb: Token, entry: CueVerb) -> tuple[Token | None, float]:
    """The content's head token for a cue verb, and a confidence factor for how it was found."""
    for c in verb.children:
        if c.dep_ in CONTENT_DEPS or c.dep_ == "xcomp" and entry.infinitive:
            return c, 1.0
        if c.dep_ == "xcomp" and entry.cls == "speech" and c.tag_ == "VBG" and c.i > verb.i:
            return c, 1.0  # "He said legalizing it could ...": a clause the parser took for a gerund
    for c in verb.children:  # "said in a statement that ...": the parser hangs the clause on the noun
        pobj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" else None
        for g in pobj.children if pobj is not None else ():
            if g.dep_ in {"acl", "ccomp"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children):
                return g, 1.0
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in entry.preps:
            obj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None:
                return obj, OBJECT_CONTENT_FACTOR
    if entry.obj:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ != "PRON":
            return obj, OBJECT_CONTENT_FACTOR
    return None, 1.0


def _content_spans(verb: Token, head: Token | None, subj: Token) -> list[tuple[int, int]]:
    """Char spans of the content: the head's subtree, or the clause a parenthetical cue interrupts."""
    doc = verb.doc
    if head is None:
        # ", officials said, ": the content is the clause around the cue, in two pieces.
        cut = {t.i for t in verb.subtree}
        toks = [t for t in verb.head.subtree if t.i not in cut]
        pieces = [[t for t in toks if t.i < verb.left_edge.i], [t for t in toks if t.i > verb.right_edge.i]]
        return [(p[0].idx, p[-1].idx + len(p[-1])) for p in map(_trimmed, pieces) if p]
    skip = {t.i for t in subj.subtree} if subj.i in {t.i for t in head.subtree} else set()
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
    toks = _trimmed([t for t in doc[first : last + 1] if t.i not in skip])
    return [(toks[0].idx, toks[-1].idx + len(toks[-1]))] if toks else []


def _object_extent(verb: Token, head: Token, last: int) -> int:
    """Widen an object content over the phrases the parser hung on the verb after it:
    "referring to [the US] [as the Great Satan]", "discuss [a connection] [to the assault]"."""
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.i <= last:
            continue
        if c.dep_ not in OBJECT_TAIL_DEPS or c.left_edge.i != last + 1 or _is_when(c):
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
    subj = _subject(verb) or _agent(verb)
    if subj is None or head is None and not (verb.dep_ == "parataxis" and entry.cls == "speech"):
        return None
    if head is not None and head.tag_ in {"WDT", "WP"}:
        return None  # "which X referred to": the content is outside the clause
    content = _content_spans(verb, head, subj)
    if not content or content[-1][1] <= verb.idx and entry.cls != "speech":
        return None  # a content before a belief verb ("..., 70 percent believe") is a misparse
    speaker = _noun_phrase(subj, verb)
    avoid = {t.i for t in speaker} | ({t.i for t in head.subtree} if head is not None else set())
    return Candidate(
        cue=_cue_tokens(verb, content[0], avoid, head),
        speaker=speaker,
        content=content,
        cls=entry.cls,
        addressee=_addressee(verb, head) if entry.addressee else None,
        factor=factor,
        scope=(head.left_edge.idx, head.right_edge.idx + len(head.right_edge)) if head is not None else None,
    )


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
    if src is None or tok.head is tok:
        return None
    skip = {t.i for t in tok.subtree}
    return Candidate(cue=[tok, to], speaker=_noun_phrase(src), content=[_subtree_span(tok.head, skip)], cls="prep")


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
        subj = _subject(tok)
        if content is None or subj is None:
            return None
        head = next((c for c in content.children if c.dep_ in {"pobj", "pcomp"}), content)
        return Candidate(cue=[tok, obj], speaker=_noun_phrase(subj, tok), content=[_subtree_span(head)], cls=entry[1])
    return None


def _noun_candidate(tok: Token, preps: frozenset[str]) -> Candidate | None:
    """ "Trump's criticism of Clinton": a cue noun with a possessive source and a content."""
    src = next((c for c in tok.children if c.dep_ == "poss"), None)
    if src is None:
        return None
    cue, head = [tok], None
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ in {"acl", "ccomp"} and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            head = c
        elif c.dep_ == "prep" and c.lower_ in preps:
            head = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            cue = [tok, c] if c.i == tok.i + 1 else cue
        if head is not None:
            break
    if head is None:
        return None
    return Candidate(cue=cue, speaker=_noun_phrase(src), content=[_subtree_span(head)], cls="belief")


def _adjective_candidate(adj: Token, cls: str, preps: frozenset[str]) -> Candidate | None:
    """ "X is confident that ...", "X are concerned about Y": the copula's subject holds the stance."""
    cop = adj.head
    if adj.dep_ != "acomp" or cop.pos_ not in {"AUX", "VERB"}:
        return None
    subj = _subject(cop)
    head, prep = None, None
    for c in adj.children:
        if c.i < adj.i:
            continue
        if c.dep_ in {"ccomp", "xcomp"}:
            head = c
        elif c.dep_ == "prep" and c.lower_ in preps:
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
    return Candidate(cue=list(adj.doc[start : end + 1]), speaker=_noun_phrase(subj, cop),
                     content=[_subtree_span(head)], cls=cls)


def colon_candidates(doc: Doc) -> list[Candidate]:
    """ "Sen. Ted Cruz: “...”": a short name phrase, a colon, and what that person said."""
    out = []
    for sent in doc.sents:
        colon = next((t for t in sent[: COLON_SPEAKER_TOKENS + 1] if t.text == ":"), None)
        if colon is None or colon.i == sent.start:
            continue
        speaker = [t for t in doc[sent.start : colon.i] if not t.is_space]
        if not speaker or any(t.pos_ in {"VERB", "AUX"} for t in speaker):
            continue
        if not any(t.ent_type_ in {"PERSON", "ORG", "NORP"} or t.pos_ == "PROPN" for t in speaker):
            continue  # a name ("Poll: ..." in a headline is one too), not "Update: ..."
        rest = _trimmed([t for t in doc[colon.i + 1 : sent.end] if "\n" not in t.text])
        if len(rest) < MIN_QUOTE_WORDS:
            continue
        span = doc[speaker[0].i : speaker[-1].i + 1]
        content = (rest[0].idx, rest[-1].idx + len(rest[-1]))
        out.append(Candidate(cue=[colon], speaker=span, content=[content], cls="quote-cue"))
    return out


def parse_candidates(doc: Doc, text: str) -> list[Candidate]:
    """Every attribution the parse supports, in text order."""
    verbs, phrases, nouns, adjs = cue_verbs(), cue_phrases(), cue_nouns(), cue_adjectives()
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    starts = [p[0] for p in paragraphs]
    out: list[Candidate] = []
    for tok in doc:
        # The multi-word cue first: "expressed concern about" is more than "expressed".
        cand = _phrase_candidate(tok, phrases) if tok.pos_ in {"VERB", "ADJ"} else None
        if cand is None and tok.pos_ in {"VERB", "AUX"} and tok.lemma_ in verbs:
            cand = _verb_candidate(tok, verbs[tok.lemma_])
        elif cand is None and tok.pos_ == "VERB" and _that_clause(tok) is not None:
            cand = _verb_candidate(tok, THAT_VERB)  # any verb with a "that" clause: "X hinted that ..."
        if cand is None and tok.pos_ == "ADJ" and tok.lower_ in adjs:
            cand = _adjective_candidate(tok, *adjs[tok.lower_])
        if cand is None and tok.pos_ == "NOUN" and tok.lower_ in nouns:
            cand = _noun_candidate(tok, nouns[tok.lower_])
        if cand is not None:
            k = bisect_right(starts, tok.idx) - 1
            para = paragraphs[k]
            if text[para[0] : para[1]].rstrip().endswith(":") and k + 1 < len(paragraphs):
                para = (para[0], paragraphs[k + 1][1])  # "Cruz continued:" + the quoted paragraph
            if _clip(doc, cand, text, para):
                out.append(cand)
    return out


def _clip(doc: Doc, cand: Candidate, text: str, para: tuple[int, int]) -> bool:
    """Keep an attribution inside its cue's paragraph: the parser sometimes runs across them."""
    content = []
    for s, e in cand.content:
        s, e = max(s, para[0]), min(e, para[1])
        while s < e and (text[s].isspace() or text[s] in ",;"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
            e -= 1
        if s < e:
            content.append((s, e))
    if not content or cand.speaker is None:
        return False
    cand.content = content
    sp = cand.speaker
    if sp.start_char < para[0] or sp.end_char > para[1]:
        toks = _trimmed([t for t in sp if para[0] <= t.idx < para[1]])
        if not toks:
            return False
        cand.speaker = doc[toks[0].i : toks[-1].i + 1]
    return True


def _drop_nested(cands: list[Candidate], runs: list[Run]) -> list[Candidate]:
    """A cue inside a quotation or another attribution's content is reported speech within
    speech ("I think ..." inside a quote): the outer attribution wins."""
    keep = []
    for c in cands:
        idx = c.cue[0].idx
        in_content = any(
            o is not c and any(s <= idx < e for s, e in o.content + ([o.scope] if o.scope else [])) for o in cands
        )
        if not in_content and not any(s <= idx < e for r in runs for s, e in r.parts):
            keep.append(c)
    return keep


# --- quoted runs without a parse attribution ---------------------------------------------------


def _statement_like(doc: Doc, text: str, run: Run) -> bool:
    """Whether a run reads as a quoted statement, not a title or scare quotes."""
    words = WORD.findall(" ".join(text[s:e] for s, e in run.parts))
    if len(words) < MIN_QUOTE_WORDS or all(w[:1].isupper() for w in words):
        return False
    span = doc.char_span(run.start, run.end, alignment_mode="expand")
    if span is None:
        return False
    before = text[span[0].sent.start_char : run.start].rstrip()
    if not before or not before[-1].isalnum():
        return True  # opens its sentence, or follows a colon, comma or dash
    # Mid-sentence quotes after a word are scare quotes or titles, unless a speech cue
    # introduces them or follows them (“...,” said X).
    near = [doc[span.start - 1]] if span.start else []
    near += [t for t in doc[span.end : span.end + 4] if not t.is_punct]
    verbs = cue_verbs()
    return any(t.lemma_ in verbs and verbs[t.lemma_].cls == "speech" for t in near)


def _cue_near(doc: Doc, run: Run, runs: list[Run]) -> Token | None:
    """The cue verb with a subject closest to a run, in the sentences it touches, outside quotes."""
    verbs = cue_verbs()
    span = doc.char_span(run.start, run.end, alignment_mode="expand")
    if span is None:
        return None
    first, last = span[0].sent, span[-1].sent
    toks = [t for t in doc[first.start : last.end] if t.lemma_ in verbs and t.pos_ in {"VERB", "AUX"}]
    toks = [t for t in toks if not any(s <= t.idx < e for r in runs for s, e in r.parts) and _subject(t) is not None]
    return min(toks, key=lambda t: min(abs(t.idx - run.start), abs(t.idx - run.end)), default=None)


def _overlaps(cand: Candidate, others: list[Candidate]) -> bool:
    return any(s < e2 and s2 < e for s, e in cand.content for o in others for s2, e2 in o.content)


def _quoted(cand: Candidate, runs: list[Run]) -> bool:
    """Whether a candidate's content ends inside or at the end of a quotation."""
    end = cand.content[-1][1]
    return any(s < end <= e + 2 for r in runs for s, e in r.parts)


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return "\n" not in text[a:b]


def run_candidates(doc: Doc, text: str, runs: list[Run], cands: list[Candidate]) -> list[Candidate]:
    """Attribute quoted runs the parse missed; may extend ``cands`` in place with continuations."""
    out: list[Candidate] = []
    for run in runs:
        if any(s < run.end and run.start < e for c in cands + out for s, e in c.content):
            continue
        if not _statement_like(doc, text, run):
            continue
        done = sorted((c for c in cands + out if c.content[-1][1] <= run.start), key=lambda c: c.content[-1][1])
        prev = done[-1] if done else None
        cue = _cue_near(doc, run, runs)
        owner = next((c for c in cands + out if cue is not None and c.cue and c.cue[0].i == cue.i), None)
        quoted = [c for c in done if _quoted(c, runs) and _same_paragraph(text, c.content[-1][1], run.start)]
        if owner is None and quoted:
            owner = quoted[-1]  # "“...,” she said. “And ...”": one statement in two pieces
        if owner is not None:
            owner.content.extend(run.parts)
        elif cue is not None:
            speaker = _noun_phrase(_subject(cue), cue)
            out.append(Candidate(cue=[cue], speaker=speaker, content=list(run.parts), cls="quote-cue"))
        elif prev is not None and prev.speaker is not None and run.start - prev.content[-1][1] < CONTEXT_REACH:
            out.append(Candidate(cue=list(prev.cue), speaker=prev.speaker, content=list(run.parts), cls="context"))
    return out


# --- candidates to Quote records ---------------------------------------------------------------


def _extend_to_marks(text: str, span: tuple[int, int], runs: list[Run]) -> tuple[int, int]:
    """Stretch a content span over the quotation marks (and final punctuation) framing it."""
    start, end = span
    for run in runs:
        for s, e in run.parts:
            if s < end and start < e:
                # A content that starts or ends inside a quotation takes all of it: the parser
                # splits a quoted passage into sentences, the statement is the whole passage.
                start, end = min(start, s), max(end, e)
    return start, end


def _kind(cand: Candidate, runs: list[Run], marks: list[int]) -> str:
    inside = sum(
        min(e, re_) - max(s, rs) for s, e in cand.content for r in runs for rs, re_ in r.parts if rs < e and s < re_
    )
    total = sum(e - s for s, e in cand.content)
    if total and inside >= 0.9 * total:
        return "direct"
    if inside or any(s <= m < e for s, e in cand.content for m in marks):
        return "mixed"
    if cand.cue and cand.content[0][1] <= cand.cue[0].idx and cand.cls != "prep":
        return "unmarked"
    return "indirect"


def _actor(doc: Doc, span: Span | None) -> tuple[ActorRef | None, float]:
    if span is None:
        return None, 0.0
    chain = chain_at(doc, span.start_char, span.end_char)
    head = span.root.idx
    if chain is not None and not any(s <= head < e for s, e in chain.mentions):
        chain = None  # "Pakistan's interior minister", "witnesses in Burma": the name is a modifier
    kind = chain.kind_at(head, head + 1) if chain is not None else None
    conf = SPEAKER_CONFIDENCE.get(kind or "", 0.5) if chain is not None else UNRESOLVED_CONFIDENCE
    ref = ActorRef(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        actor_id=chain.id if chain else None,
        name=chain.name if chain else None,
        confidence=conf,
    )
    return ref, conf


def to_quote(doc: Doc, text: str, cand: Candidate, runs: list[Run], marks: list[int], article_id: str) -> Quote:
    """A Quote record from a candidate: kind, resolved speaker, spans and confidence."""
    cand.content = sorted({_extend_to_marks(text, s, runs) for s in cand.content})
    kind = _kind(cand, runs, marks)
    speaker, speaker_conf = _actor(doc, cand.speaker)
    addressee, _ = _actor(doc, cand.addressee)
    conf = CUE_CONFIDENCE[cand.cls] * cand.factor * (0.6 + 0.4 * speaker_conf)
    first = text[cand.content[0][0] : cand.content[0][1]]
    if kind == "unmarked" and FIRST_PERSON.search(first):
        conf = min(1.0, conf + 0.05)  # first person outside quotes: surely stripped speech
    cue = None
    if cand.cue:
        cue_start, cue_end = cand.cue[0].idx, cand.cue[-1].idx + len(cand.cue[-1])
        cue = TextSpan(cue_start, cue_end, text[cue_start:cue_end])
    return Quote(
        id=record_id(article_id, "quote", cand.content[0][0], cand.content[-1][1]),
        kind=kind,
        speaker=speaker,
        cue=cue,
        content=[TextSpan(s, e, text[s:e]) for s, e in cand.content],
        addressee=addressee,
        confidence=round(conf, 3),
    )


def find_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a parsed doc (coref chains already on it), sorted by content start."""
    text = doc.text  # built from the tokens on every access: read it once
    runs, marks = quote_runs(text)
    runs = [r for r in runs if len(WORD.findall(text[r.start : r.end])) >= MIN_QUOTE_WORDS]
    cands = _drop_nested(parse_candidates(doc, text), runs)
    cands += [c for c in colon_candidates(doc) if not _overlaps(c, cands)]
    cands += run_candidates(doc, text, runs, cands)
    article_id = doc._.article.id if doc._.article is not None else ""
    quotes = [to_quote(doc, text, c, runs, marks, article_id) for c in cands]
    return sorted(quotes, key=lambda q: (q.content[0].start, q.content[-1].end))


@Language.component("dateline_quotes")
def quotes_component(doc: Doc) -> Doc:
    """Store ``doc._.quotes``."""
    if doc._.coref_chains is None:  # run without dateline_coref: build the chains it needs
        doc._.coref_chains = build_chains(doc)
    doc._.quotes = find_quotes(doc)
    return doc
