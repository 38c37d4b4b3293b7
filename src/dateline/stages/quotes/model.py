"""A small trained classifier: is this token the head of an attribution cue?

Logistic regression over sparse string features of one token and its parse neighbourhood
(lemma, part of speech, dependency, the dependencies of its children and what its complements
say, its subject's type, the words and quotation marks around it, whether it stands inside
quotation marks, the clauses above it ...). The weights live in
``dateline/resources/quotes/cue_model.json``; ``python -m dateline.train.quote_cues`` rebuilds them from
PolNeAR train (see the README there). Scoring one token is a handful of dictionary look-ups.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from spacy.tokens import Doc, Span, Token

from dateline.stages.quotes.lexicon import RESOURCES, read_table
from dateline.stages.quotes.marks import MARK

MODEL_FILE = "cue_model.json"
CANDIDATE_POS = {"VERB", "AUX", "NOUN", "ADJ"}
FRAME_DEPS = {"ccomp", "xcomp", "dobj", "prep", "dative", "acomp", "attr", "agent", "oprd", "advcl", "npadvmod"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
ANCESTOR_DEPTH = 3
MARK_REACH = 4  # tokens each side where a quotation mark counts as near


def _subject_type(tok: Token) -> str:
    """What kind of phrase the token's subject is: a named entity type, a pronoun, a noun."""
    subj = next((c for c in tok.children if c.dep_ in SUBJ_DEPS), None)
    if subj is None:
        return "none"
    if subj.ent_type_:
        return subj.ent_type_
    if subj.pos_ == "PRON":
        return "PRON:" + subj.lower_
    return subj.pos_ + ":" + subj.lemma_.lower()


@dataclass(frozen=True, slots=True)
class SentenceInfo:
    """What the features need from a token's sentence, found once per sentence (``tok.sent``
    walks the document's sentences: once per token would be quadratic)."""

    speech: list[int]  # indices of the speech verbs
    marks: list[int]  # of the quotation marks
    colons: list[int]


def sentence_info(sent: Span) -> SentenceInfo:
    """The speech verbs, quotation marks and colons of a sentence."""
    verbs = speech_lemmas()
    speech, marks, colons = [], [], []
    for t in sent:
        if t.pos_ == "VERB" and t.lemma_ in verbs:
            speech.append(t.i)
        elif t.text == ":":
            colons.append(t.i)
        elif MARK.fullmatch(t.text):
            marks.append(t.i)
    return SentenceInfo(speech, marks, colons)


def features(tok: Token, in_quote: bool, info: SentenceInfo | None = None) -> list[str]:
    """Sparse features of a candidate cue token (strings; the model's vocabulary). ``info``: its
    sentence's ``sentence_info``, when the caller has it (else found here)."""
    if info is None:
        info = sentence_info(tok.sent)
    lem = tok.lemma_.lower()
    feats = ["bias", f"lem={lem}", f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}",
             f"lem|dep={lem}|{tok.dep_}", f"lem|tag={lem}|{tok.tag_}", f"hpos={tok.head.pos_}|{tok.dep_}",
             f"quote={in_quote}"]
    subj = _subject_type(tok)
    kind = subj.split(":")[0]
    feats += [f"subj={subj}", f"subjkind={kind}", f"lem|subjkind={lem}|{kind}"]
    doc = tok.doc
    prev = doc[tok.i - 1].lower_ if tok.i else "<s>"
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    feats += [f"prev={prev}", f"next={nxt}", f"lem|next={lem}|{nxt}", f"prev|lem={prev}|{lem}"]
    feats += _window_features(tok, lem, nxt, info)
    frame = set()
    for c in tok.children:
        dep = c.dep_
        if dep in FRAME_DEPS:
            frame.add(dep)
            feats.append(f"c={dep}")
            feats.append(f"lem|c={lem}|{dep}")
            if dep == "prep":
                feats.append(f"lem|prep={lem}|{c.lower_}")
            elif dep == "dobj":
                feats.append(f"lem|obj={lem}|{c.lemma_.lower()}")
                feats.append(f"lem|objtype={lem}|{c.ent_type_ or c.pos_}")
            if dep in {"acomp", "attr", "dobj", "xcomp"}:
                feats += _complement_features(c)
            elif dep == "ccomp":
                feats.append(f"ccomp={_clause_kind(c)}")
        if dep in {"ccomp", "acl"} and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            feats.append("that_clause")
            feats.append(f"lem|that={lem}")
        if dep in {"poss", "neg", "aux", "auxpass"}:
            feats.append(f"c={dep}")
    sig = "+".join(sorted(frame))
    feats += [f"frame={sig}", f"lem|frame={lem}|{sig}"]
    if tok.head.i != tok.i:
        feats.append(f"hlem|dep={tok.head.lemma_.lower()}|{tok.dep_}")
    feats += _ancestor_features(tok)
    other = _other_speech_verb(tok, info.speech)
    feats += [f"sent_say={other}", f"lem|sent_say={lem}|{other}"]
    return feats


def _window_features(tok: Token, lem: str, nxt: str, info: SentenceInfo) -> list[str]:
    """Two words each side and quotation marks or a colon nearby: "“...,” Trump [quipped]",
    "he [wrote] :" -- speech is announced by its punctuation as much as by its verb."""
    doc, i = tok.doc, tok.i
    prev2 = doc[i - 2].lower_ if i > 1 else "<s>"
    next2 = doc[i + 2].lower_ if i + 2 < len(doc) else "</s>"
    near = [m < i for m in info.marks if abs(m - i) <= MARK_REACH]
    side = ("before" if True in near else "") + ("after" if False in near else "")
    colon = any(i < c < i + MARK_REACH for c in info.colons)
    return [f"p2={prev2}", f"n2={next2}", f"nn={nxt}|{next2}", f"nearmark={side}", f"lem|nearmark={lem}|{bool(near)}",
            f"colon={colon}"]


def _complement_features(c: Token) -> list[str]:
    """What an adjective, noun or verb complement says: "is [critical of]", "a [supporter of]",
    "made [no mention of]", "wants [to run]" -- the copula's stance lives in its complement."""
    dep, lem = c.dep_, c.lemma_.lower()
    out = [f"{dep}={lem}"]
    for g in c.children:
        if g.dep_ == "prep" and g.i > c.i:
            out += [f"{dep}|prep={lem}|{g.lower_}", f"{dep}prep={g.lower_}"]
        elif g.dep_ in {"ccomp", "xcomp"} or g.dep_ == "acl" and g.i > c.i:
            out.append(f"{dep}|clause={lem}|{_clause_kind(g)}")
    return out


def _clause_kind(c: Token) -> str:
    """A complement clause's shape: finite with a subject, "to" infinitive, participle, "whether"..."""
    marks = [g.lower_ for g in c.children if g.dep_ in {"mark", "aux"} and g.i < c.i]
    subj = any(g.dep_ in SUBJ_DEPS or g.dep_ == "expl" for g in c.children)
    return f"{c.tag_}|{'subj' if subj else 'nosubj'}|{marks[0] if marks else '-'}"


def _other_speech_verb(tok: Token, speech: list[int]) -> str:
    """Where another speech verb of the sentence stands: PolNeAR's sentences rarely hold two
    attributions, so "said" nearby lowers the odds of any other cue."""
    near = [i for i in speech if i != tok.i]
    if not near:
        return "none"
    return "before" if near[0] < tok.i else "after"


@lru_cache(maxsize=1)
def speech_lemmas() -> frozenset[str]:
    """The lemmas of the speech-class cue verbs."""
    return frozenset(r[0] for r in read_table("cue_verbs.tsv") if r[1] == "speech")


def _ancestor_features(tok: Token) -> list[str]:
    """The clauses above the token: PolNeAR tags no cue inside another attribution's content,
    so a verb under "said" (through a complement clause) is rarely a cue itself."""
    out, path = [], []
    cur = tok
    for _ in range(ANCESTOR_DEPTH):
        if cur.head.i == cur.i:
            break
        path.append(cur.dep_)
        cur = cur.head
        if cur.pos_ in {"VERB", "AUX", "NOUN", "ADJ"}:
            out.append(f"anc={'/'.join(path)}|{cur.lemma_.lower()}")
            out.append(f"ancdep={'/'.join(path)}")
    return out


@lru_cache(maxsize=1)
def weights() -> tuple[dict[str, float], float]:
    """(feature -> weight, intercept) from the shipped model file."""
    data = json.loads((RESOURCES / MODEL_FILE).read_text(encoding="utf-8"))
    return data["weights"], data["intercept"]


def probability(w: dict[str, float], b: float, feats: list[str]) -> float:
    """A logistic model's probability for sparse string features (the cue and span models alike)."""
    z = b + sum(map(w.get, feats, repeat(0.0)))  # a generator here cost as much as the features
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def cue_probability(tok: Token, in_quote: bool, info: SentenceInfo | None = None) -> float:
    """Probability that ``tok`` heads an attribution cue (0 for parts of speech never scored)."""
    if tok.pos_ not in CANDIDATE_POS:
        return 0.0
    w, b = weights()
    return probability(w, b, features(tok, in_quote, info))


def cue_probabilities(doc: Doc, quoted: set[int]) -> dict[int, float]:
    """Token index -> probability of heading a cue, for every scored token of ``doc``."""
    out = {}
    for sent in doc.sents:  # the sentence's speech verbs and marks once, not once per candidate token
        info = sentence_info(sent)
        for t in sent:
            if t.pos_ in CANDIDATE_POS:
                out[t.i] = cue_probability(t, t.i in quoted, info)
    return out
