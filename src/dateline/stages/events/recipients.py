"""Where an event's recipient may be named, when it is not the event word's own object.

Candidate target tokens, best first: the objects, passive subject and target prepositions of the
event word (:func:`target_candidates`); the complement clauses below it ("demanded that Hamas
renounce", "threatened to cut off power to X"; side clauses of time or cause are skipped), "against
X" in its clause, and the prepositions, possessors and "by" doers inside its nouns
(:func:`clause_targets`); a stance phrase ("in defiance of X", :func:`stance_targets`); the doer of
the act an ACCUSE is about (:func:`accused_agent`); and last the place of an embedded act
(:func:`locative_targets`). :mod:`dateline.stages.events.parties` picks among them.
"""

from __future__ import annotations

from spacy.tokens import Token

from dateline.stages.events.lexicon import noun_entry, verb_entry
from dateline.stages.events.roles import (
    ACTOR_LABELS,
    QUANTITY_NOUNS,
    RELATIVE_PRONOUNS,
    TARGET_PREPS,
    counted,
    headline_passive,
    is_ally,
    is_passive,
    pobjs,
    stance_nouns,
)
from dateline.stages.syntax import objects


def stance_targets(tok: Token) -> list[Token]:
    """Who a stance phrase on ``tok`` is taken against: "in defiance of Chinese authorities",
    "in protest of the Russian government's refusal" (the possessor after the object)."""
    out: list[Token] = []
    for noun in pobjs(tok, ("in",)):
        if noun.lemma_.lower() not in stance_nouns():
            continue
        for obj in pobjs(noun, ("of", "at", "against", "for", "to")):
            out.append(obj)
            out += [c for c in obj.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    return out


def target_candidates(verb: Token) -> list[Token]:
    """Possible targets of a verbal event, best first: objects, passive subject, target prepositions,
    then prepositions on the object ("provide aid to refugees")."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [verb.head]  # the participle's noun is its patient
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.dep_ == "acl" and verb.head.tag_ == "VBN":
        return [verb.head.head]  # "people killed or injured": the people
    children = list(verb.children)
    out = []
    for c in (c for c in children if c.dep_ in ("dative", "iobj")):  # "sent troops to Syria": the "to" object
        out += objects(c) if c.pos_ == "ADP" else [c]
    out += [verb.head if c.dep_ == "nsubjpass" and c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else c
            for c in children if c.dep_ in ("dobj", "nsubjpass")]  # "troops who were injured": the troops
    if headline_passive(verb):
        out += [counted(c) for c in children if c.dep_ == "nsubj"]
    if verb.dep_ == "xcomp" and is_passive(verb) and not any(c.dep_ == "nsubjpass" for c in children):
        # "Bazoum appears to have been detained", "X is expected to be released": the raised subject
        out += [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for prt in (c for c in children if c.dep_ == "prt" and c.lower_ == "up"):  # "kidnapped up to 16 advisers"
        out += pobjs(prt, ("to",))
    out += pobjs(verb, TARGET_PREPS)
    out += stance_targets(verb)
    for obj in [c for c in children if c.dep_ in ("dobj", "nsubjpass")]:
        # "a temporary camp for Congolese refugees was attacked"; "a meeting of Palestinian
        # factions", "the blockade of Serbia": an event noun's "of" names its participants
        out += pobjs(obj, TARGET_PREPS + (("of",) if _event_noun(obj) else ()))
        out += stance_targets(obj)
    return out


def _event_noun(tok: Token) -> bool:
    return noun_entry(tok) is not None


_CLAUSES = ("xcomp", "ccomp", "advcl", "acl")


# Subordinators of a side clause (time, cause, contrast): its actors are not the event's recipient
# ("expelled inspectors ... after U.S. officials alleged"); "if"/"unless" stay (a threat's condition).
_SIDE_MARKS = frozenset({"as", "while", "after", "before", "since", "when", "because", "although", "though",
                         "whereas", "whilst", "once"})


_CONDITION_MARKS = frozenset({"if", "unless"})


def clause_targets(verb: Token, depth: int = 0) -> list[Token]:
    """Targets carried by the complement clauses of ``verb`` (and of its object noun), best first: an
    embedded clause's own subject ("demanded that Hamas renounce"), then its objects and target
    prepositions ("threatened to cut off electricity to X"), three levels deep at most ("is willing
    to send material to help defend X")."""
    out: list[Token] = []
    if depth > 2:
        return out
    heads = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "attr")),
             *(g for c in verb.children if c.dep_ == "prep" for g in objects(c))]
    # a coordinated verb shares the subject and often names the recipient ("established ties with
    # and opened an embassy in Tehran")
    every = [c for h in heads for c in h.children if c.dep_ in _CLAUSES + ("conj",) and c.pos_ in ("VERB", "AUX")
             and (c.dep_ != "conj" or h is verb)]
    clauses = [c for c in every if not _marked(c, _SIDE_MARKS) and not _own_topic(c)]
    # a condition ("may halt mediation among X if cooperation founders") comes after the event's own nouns
    later = [c for c in clauses if _marked(c, _CONDITION_MARKS)]
    for clause in [c for c in clauses if c not in later]:
        out += _clause_candidates(clause, depth)
    out += against_targets(verb)
    out += nested_targets(verb)
    for clause in later:
        out += _clause_candidates(clause, depth)
    return out


# Roles of verbs that take a complement as their own topic (resources/events/README.md).
_TOPIC_ROLES = frozenset({"accuse", "speech"})


def _own_topic(clause: Token) -> bool:
    """A participle clause that is an event of its own about its own topic: "declared martial law,
    accusing the opposition of sympathizing with North Korea" does not put martial law on North Korea."""
    participle = clause.dep_ in ("advcl", "acl") and clause.tag_ == "VBG"  # not "to protest against X"
    if not participle or any(c.dep_ == "mark" for c in clause.children):
        return False
    entry = verb_entry(clause)
    return entry is not None and entry.role in _TOPIC_ROLES


def _marked(clause: Token, marks: frozenset[str]) -> bool:
    return any(m.dep_ == "mark" and m.lower_ in marks for m in clause.children)


def _clause_candidates(clause: Token, depth: int) -> list[Token]:
    out: list[Token] = []
    if clause.dep_ == "acl" and clause.tag_ == "VBN":  # "prevented the demonstration staged by students"
        out += [g for c in clause.children if c.dep_ == "agent" for g in objects(c)]
    elif clause.dep_ != "conj":  # a coordinated clause's own subject is a second doer, not a recipient
        out += [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in RELATIVE_PRONOUNS]
    out += target_candidates(clause)
    out += clause_targets(clause, depth + 1)
    return out


def locative_targets(verb: Token) -> list[Token]:
    """Last resort when no recipient is named: where the embedded act happens, nearest clause first
    ("threatened to resume attacks in Israel", "rejected a call for its forces to be deployed in
    East Timor"); the caller codes the place's country as the target."""
    heads = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "attr"))]
    every = [c for h in heads for c in h.children if c.dep_ in _CLAUSES + ("conj",) and c.pos_ in ("VERB", "AUX")
             and (c.dep_ != "conj" or h is verb)]
    out: list[Token] = []
    for clause in every:
        for head in (clause, *(c for c in clause.children if c.dep_ == "dobj")):
            out += [t for t in pobjs(head, ("in", "inside")) if t.ent_type_ in ("GPE", "LOC")]
    out += [t for t in verb.subtree if t.dep_ == "pobj" and t.head.lower_ in ("in", "inside")
            and t.ent_type_ in ("GPE", "LOC") and t.i > verb.i]
    return out


def against_targets(verb: Token) -> list[Token]:
    """"against X" anywhere in the clause of ``verb`` (not inside another clause): the opponent of a
    nominal act it governs ("mobilized reservists for a possible war against Iraq")."""
    out: list[Token] = []
    stack = [c for c in verb.children if c.dep_ not in _CLAUSES + ("relcl", "conj")]
    while stack:
        tok = stack.pop(0)
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound", "pcomp", "acl"):
            continue  # a gerund or participle stays in the phrase ("capable of launching war against X")
        if tok.dep_ == "prep" and tok.lower_ == "against":
            out += objects(tok)
        stack += [c for c in tok.children if c.dep_ not in ("relcl", "acl")]
    return out


_NESTED_PREPS = ("with", "on", "to", "toward", "towards", "into", "from", "at")


def nested_targets(verb: Token) -> list[Token]:
    """Recipients inside the nouns of ``verb``'s own clause, nearest first: a preposition on a nominal
    act ("a suspension of air links with Serbia", "demands from UNITA"), then a named possessor
    ("in protest of the Russian government's refusal"), then a "by" doer ("violations by Algerian
    security forces"). Other clauses are not entered."""
    found: dict[str, list[Token]] = {"prep": [], "poss": [], "by": []}
    queue = [c for c in verb.children if c.dep_ not in _CLAUSES + ("relcl", "conj", "nsubj", "nsubjpass")]
    while queue:
        tok = queue.pop(0)
        if tok.pos_ in ("VERB", "AUX") and not (tok.dep_ == "acl" and tok.tag_ == "VBN"):
            continue  # a participle stays in its noun's phrase ("a bill signed by the minister")
        if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
            found["by"].append(tok)
        if tok.dep_ == "poss" and tok.pos_ != "PRON":
            found["poss"].append(tok)
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            prep = tok.head.lower_
            if prep in _NESTED_PREPS and tok.head.head is not verb and tok.ent_type_ not in ("DATE", "TIME") \
                    and not is_ally(tok):
                found["prep"].append(tok)
            elif prep == "by" and tok.head.head.pos_ == "NOUN":
                found["by"].append(tok)
        queue += [c for c in tok.children if c.dep_ != "relcl" and (c.dep_ != "acl" or c.tag_ == "VBN")]
    return found["prep"] + found["poss"] + found["by"]


_ACT_PREPS = ("over", "about", "for", "of", "into", "against", "on")


def accused_agent(verb: Token) -> Token | None:
    """The doer of the act an ACCUSE event is about: "investigating crimes by Croatian extremists",
    "an investigation into crimes committed by Croat forces", "complained ... over Israeli air raids"."""
    queue = [c for c in verb.children if c.dep_ in ("dobj", "prep")]
    while queue:
        tok = queue.pop(0)
        if tok.dep_ in ("agent", "prep") and tok.lower_ == "by":
            objs = objects(tok)
            if objs:
                return objs[0]
        if tok.pos_ == "NOUN" and (tok.dep_ == "dobj" or tok.head.lower_ in _ACT_PREPS):
            named = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ACTOR_LABELS]
            if named and tok.lemma_.lower() not in QUANTITY_NOUNS:
                return named[0]
        if tok.pos_ in ("VERB", "AUX") and not (tok.dep_ == "acl" and tok.tag_ == "VBN"):
            continue
        queue += [c for c in tok.children if c.dep_ in ("prep", "pobj", "agent", "acl", "dobj")]
    return None


def condemned_attack(verb: Token) -> Token | None:
    """The attack an ACCUSE is about, named as its object ("condemned the bombing of U.S. embassies",
    "deplored the bomb blasts in Kenya"): an ASSAULT event noun, whose doer alone is the one accused
    (ANNOTATION.md codes no target when the attackers are unknown, never the embassy or the place)."""
    for tok in [c for c in verb.children if c.dep_ == "dobj"] + pobjs(verb, _ACT_PREPS):
        # the noun itself or its "bomb" ("bomb explosions": an explosion alone may be an accident)
        nouns = [tok, *(c for c in tok.children if c.dep_ == "compound")]
        if any((entry := noun_entry(n)) is not None and entry.type == "ASSAULT" for n in nouns):
            return tok
    return None


def object_of(verb: Token) -> Token | None:
    """The first target candidate of a verbal event (an actor or not)."""
    found = target_candidates(verb)
    return found[0] if found else None
