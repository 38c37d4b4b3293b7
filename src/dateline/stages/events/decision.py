"""The learned event coder: which candidate is an event, of which type, and how sure.

A multinomial logistic regression over sparse binary features of a candidate
(:mod:`dateline.stages.events.candidates`): its word, what each source proposed (the rule's type and
role, the lexicon row, the pattern), its grammar (dependency, auxiliaries, negation, modal
marks, passive), its subject and object (entity type, actor or not, the actor's
sector), whether it sits in a quotation or in a complement a rule absorbed. The classes are the 16
PLOVER types (as ``Event.type`` codes them: what happens, before the manual's future and negation
reductions) and ``NONE``. The weights are trained by ``python -m dateline.train.events`` on the train
split of ``bench/events_gold`` and shipped in ``resources/events/event_model.json``; inference is a
sparse dot product and a softmax in numpy.

Its probabilities are features of the acceptance model (``acceptance.py``), whose probability that a built
event is right in type and span is the event's confidence.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc, Token

from dateline.resources import ROOT
from dateline.stages.events import roles
from dateline.stages.events.actors import is_actor, resolve
from dateline.stages.events.candidates import Candidate
from dateline.stages.events.lexicon import lemma
from dateline.stages.quotes import quote_at

MODEL_FILE = "event_model.json"
NONE = "NONE"
# A rule trigger takes another type than its rule's when the model gives that type at least this.
RETYPE = 0.8
# A candidate no rule coded is built into an event when the most probable of the types its sources proposed
# has at least this probability; whether that event is kept the acceptance model decides (acceptance.py).
KEEP = 0.5


@lru_cache(maxsize=1)
def load_model() -> tuple[list[str], np.ndarray, dict[str, np.ndarray]]:
    """(classes, intercepts, feature -> weight per class) of the shipped model."""
    return from_data(json.loads((ROOT / "events" / MODEL_FILE).read_text(encoding="utf-8")))


def from_data(data: dict) -> tuple[list[str], np.ndarray, dict[str, np.ndarray]]:
    """A model file's content as (classes, intercepts, feature -> weight per class)."""
    classes = list(data["classes"])
    index = {c: i for i, c in enumerate(classes)}
    weights = {}
    for feat, row in data["weights"].items():
        vec = np.zeros(len(classes))
        for cls, w in row.items():
            vec[index[cls]] = w
        weights[feat] = vec
    return classes, np.array([data["intercepts"][c] for c in classes]), weights


_OVERRIDE: list[tuple] = []  # a model set by ``using`` (training only), else the shipped one


@contextmanager
def using(model: tuple):
    """Decide with ``model`` instead of the shipped one inside the block: the acceptance model's trainer
    codes each train article with a type model that never saw it (cross-fitting)."""
    _OVERRIDE.append(model)
    try:
        yield
    finally:
        _OVERRIDE.pop()


_MATRICES: dict[int, tuple[dict, dict[str, int], np.ndarray]] = {}


def _matrix(weights: dict[str, np.ndarray]) -> tuple[dict[str, int], np.ndarray]:
    """A model's weights as one matrix, a row per feature, and each feature's row; built once per model:
    stacking a candidate's rows out of the dict cost more than all the rest of the model."""
    cached = _MATRICES.get(id(weights))
    if cached is None or cached[0] is not weights:
        if len(_MATRICES) >= 8:  # the trainers' cross-fitted models come and go
            _MATRICES.clear()
        names = list(weights)
        matrix = np.array([weights[f] for f in names]) if names else np.zeros((0, 0))
        cached = _MATRICES[id(weights)] = (weights, {f: i for i, f in enumerate(names)}, matrix)
    return cached[1], cached[2]


def probabilities(feats: list[str], model: tuple | None = None) -> dict[str, float]:
    """Class -> probability for a candidate's features (softmax of the summed weights)."""
    classes, intercepts, weights = model or (_OVERRIDE[-1] if _OVERRIDE else load_model())
    index, matrix = _matrix(weights)
    rows = [i for i in map(index.get, sorted(set(feats))) if i is not None]  # sorted: the same sum every run
    # the rows' sum, added in the same order as np.sum over the list of rows was
    score = intercepts + np.add.reduce(matrix.take(rows, axis=0), axis=0) if rows else intercepts.copy()
    score = np.exp(score - score.max())
    score /= score.sum()
    return dict(zip(classes, score.tolist(), strict=True))


def _subject(tok: Token, nominal: bool) -> Token | None:
    if nominal:
        return roles.noun_source(tok)
    return roles.subject_of(tok)


def _object(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in ("dobj", "dative", "attr"):
            return child
    for child in tok.children:
        if child.dep_ == "prep":
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    return None


def _party(doc: Doc, name: str, tok: Token | None) -> list[str]:
    """Features of a subject or object: its entity type, whether it is an actor, its sector."""
    if tok is None:
        return [f"{name}=none"]
    out = [f"{name}_ent={tok.ent_type_ or tok.pos_}"]
    if tok.pos_ == "NOUN":
        out.append(f"{name}_lemma={lemma(tok)}")
    if is_actor(doc, tok):
        ref = resolve(doc, tok)
        out.append(f"{name}_actor")
        if ref is not None:
            out += [f"{name}_sector={ref.sector}", f"{name}_country={ref.country is not None}"]
    return out


def _in_quote(doc: Doc, tok: Token) -> bool:
    return quote_at(doc, tok.idx) is not None  # by offset: a scan of every quote per candidate was quadratic


def _sources(cand: Candidate) -> list[str]:
    """What each source proposed."""
    trig = cand.trigger
    out = [f"origin={cand.origin.split(':')[0]}", f"proposed={trig.type}"]
    if cand.origin == "rule":
        out += [f"rule={trig.type}", f"rule_role={trig.role}", f"rule_mode={trig.mode}"]
        if trig.speech_request:
            out.append("speech_request")
        if trig.topic is not None:
            out.append(f"topic={lemma(trig.topic)}")
    if cand.lexicon is not None:
        out += [f"lex={cand.lexicon_kind}:{cand.lexicon.type}", f"lex_role={cand.lexicon.role}"]
    if cand.pattern is not None:
        out += [f"pattern={cand.pattern.id}", f"pattern_type={cand.pattern.type}"]
    if cand.absorbed_by is not None:
        out.append(f"absorbed_by={cand.absorbed_by.type}")
    return out


def _grammar(tok: Token) -> list[str]:
    """The word, its neighbours and its clause: dependency, auxiliaries, negation, modality."""
    doc = tok.doc
    out = [f"lemma={lemma(tok)}", f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}",
           f"head={lemma(tok.head)}", f"head_dep={tok.head.dep_}"]
    # the modality cues themselves (auxiliaries, negation, "if"/"unless" marks): the full modality rules
    # cost more than the rest of the features together
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass", "mark"):
            out.append(f"{c.dep_}={c.lower_}")
        elif c.dep_ in ("neg", "ccomp", "xcomp", "dobj", "agent", "poss"):
            out.append(f"child={c.dep_}")
    out += [f"head_{c.dep_}={c.lower_}" for c in tok.head.children if c.dep_ in ("aux", "neg") and tok.dep_ == "xcomp"]
    if not tok.is_sent_start:
        out.append(f"prev={doc[tok.i - 1].lower_}")
    if tok.i + 1 < len(doc) and not doc[tok.i + 1].is_sent_start:
        out.append(f"next={doc[tok.i + 1].lower_}")
    if roles.is_passive(tok):
        out.append("passive")
    depth = sum(1 for a in tok.ancestors if a.pos_ in ("VERB", "AUX"))
    out.append(f"depth={min(depth, 3)}")
    return out


def _sentence_features(tok: Token) -> list[str]:
    """Features of the word's sentence (the first of the article, one holding a number), computed once
    per sentence: a sentence has several candidates, and walking it for each costs more than the model."""
    cache = tok.doc.user_data.setdefault("dateline_events_sentence_features", {})
    start = next((i for i in range(tok.i, -1, -1) if tok.doc[i].is_sent_start), 0)
    if start not in cache:
        sent = tok.doc[start].sent
        cache[start] = (["first_sentence"] if start == 0 else []) + (
            ["sentence_number"] if any(t.like_num or t.ent_type_ == "CARDINAL" for t in sent) else [])
    return cache[start]


def features(doc: Doc, cand: Candidate) -> list[str]:
    """The sparse binary features of a candidate (names; the model's weights are keyed by them)."""
    trig = cand.trigger
    tok = trig.anchor
    out = _grammar(tok) + _sources(cand)
    out.append(f"nominal={trig.nominal}")
    out += _party(doc, "subj", _subject(tok, trig.nominal))
    out += _party(doc, "obj", _object(tok))
    if _in_quote(doc, tok):
        out.append("in_quote")
    out += _sentence_features(tok)
    out.append(f"proposed_lemma={trig.type}:{lemma(tok)}")
    return out


@dataclass(frozen=True, slots=True)
class Decision:
    """What the model makes of a candidate it keeps."""

    type: str  # the event type chosen
    probability: float  # the model's probability of that type
    probabilities: dict[str, float]  # of every class
    features: tuple[str, ...] = ()  # the candidate's features (the acceptance model reads them too)

    def type_probability(self, typ: str, plover: str | None) -> float:
        """The model's probability that an event coded ``typ`` (PLOVER category ``plover``) has the right
        type: the mass of the classes it codes."""
        return self.probabilities.get(typ, 0.0) + (self.probabilities.get(plover, 0.0) if plover != typ else 0.0)


def _proposed(cand: Candidate) -> set[str]:
    return {e.type for e in (cand.pattern, cand.lexicon) if e is not None and e.type} | {cand.trigger.type}


def decide(doc: Doc, cand: Candidate) -> Decision | None:
    """The decision on a candidate, None when it is no event.

    A candidate no rule coded is an event of the most probable of the types its sources proposed when
    that type reaches ``KEEP``. A rule trigger is built as an event; it takes the model's type when the
    model is confident of one (``RETYPE``), else keeps its own. Which built events are kept is the
    acceptance model's decision (``acceptance.py``), which sees the model's probabilities among its features."""
    feats = tuple(features(doc, cand))
    probs = probabilities(list(feats))
    if cand.origin != "rule":
        best = max(_proposed(cand), key=lambda c: (probs.get(c, 0.0), c))
        p = probs.get(best, 0.0)  # a model fitted on few articles may lack a class
        return Decision(best, p, probs, feats) if p >= KEEP else None
    best = max((c for c in probs if c != NONE), key=lambda c: (probs[c], c))
    if probs[best] < RETYPE:
        best = cand.trigger.type
    return Decision(best, probs.get(best, 0.0), probs, feats)
