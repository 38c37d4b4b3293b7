"""A small trained classifier: is this token the head of an attribution cue?

Logistic regression over sparse string features of one token and its parse neighbourhood
(lemma, part of speech, dependency, the dependencies of its children, its subject's type,
whether it stands inside quotation marks, the clauses above it ...). The weights live in
``dateline/resources/quotes/cue_model.json``; ``bench/train_quotes.py`` rebuilds them from
PolNeAR train (see the README there). Scoring one token is a handful of dictionary look-ups.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

from spacy.tokens import Doc, Token

from dateline.extract.coref import RESOURCES, read_table

MODEL_FILE = "cue_model.json"
CANDIDATE_POS = {"VERB", "AUX", "NOUN", "ADJ"}
FRAME_DEPS = {"ccomp", "xcomp", "dobj", "prep", "dative", "acomp", "attr", "agent", "oprd", "advcl", "npadvmod"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
ANCESTOR_DEPTH = 3


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


def features(tok: Token, in_quote: bool, speech: list[int] | None = None) -> list[str]:
    """Sparse features of a candidate cue token (strings; the model's vocabulary). ``speech``: the
    indices of the sentence's speech verbs, when the caller has them (else found here)."""
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
    other = _other_speech_verb(tok, speech)
    feats += [f"sent_say={other}", f"lem|sent_say={lem}|{other}"]
    return feats


def _other_speech_verb(tok: Token, speech: list[int] | None = None) -> str:
    """Where another speech verb of the sentence stands: PolNeAR's sentences rarely hold two
    attributions, so "said" nearby lowers the odds of any other cue."""
    if speech is None:
        speech = _speech_verbs(tok.sent)
    near = [i for i in speech if i != tok.i]
    if not near:
        return "none"
    return "before" if near[0] < tok.i else "after"


def _speech_verbs(sent) -> list[int]:
    verbs = speech_lemmas()
    return [t.i for t in sent if t.pos_ == "VERB" and t.lemma_ in verbs]


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


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def cue_probability(tok: Token, in_quote: bool, speech: list[int] | None = None) -> float:
    """Probability that ``tok`` heads an attribution cue (0 for parts of speech never scored)."""
    if tok.pos_ not in CANDIDATE_POS:
        return 0.0
    w, b = weights()
    return _sigmoid(b + sum(w.get(f, 0.0) for f in features(tok, in_quote, speech)))


def cue_probabilities(doc: Doc, quoted: set[int]) -> dict[int, float]:
    """Token index -> probability of heading a cue, for every scored token of ``doc``."""
    out = {}
    for sent in doc.sents:  # the sentence's speech verbs once, not once per candidate token
        speech = _speech_verbs(sent)
        for t in sent:
            if t.pos_ in CANDIDATE_POS:
                out[t.i] = cue_probability(t, t.i in quoted, speech)
    return out
