"""Who does it and to whom: an event trigger's source and target tokens, and their actor pairs.

The source is the trigger's subject, "by" agent, possessor or the speaker of the reported speech
it sits in; the target its object, recipient or the actor one or two clauses down (the tree walks
are :mod:`dateline.stages.events.roles`; :mod:`dateline.stages.events.actors` resolves phrases to
actors). With no named recipient, the event's place stands for it. One event per (source,
target) pair of a coordinated phrase, bounded by :data:`MAX_PAIRS`; two coordinated subjects of a
reciprocal act target each other.
"""

from __future__ import annotations

from itertools import product

from spacy.tokens import Doc, Token

from dateline.model import ActorRef, Place
from dateline.stages.events import actors as acts
from dateline.stages.events import recipients, roles
from dateline.stages.events import targets as targets_
from dateline.stages.events.lexicon import cues, instruments, lemma
from dateline.stages.events.targets import PLACE_CIVILIAN_TYPES
from dateline.stages.events.triggers import Trigger, patient_nouns
from dateline.stages.syntax import by_offset

MAX_PAIRS = 6  # more source x target pairs than this -> one event for the first pair
# an appeal or a charge made somewhere is made to no one the place stands for ("issued an appeal in
# Islamabad", "he is charged in the siege of Sarajevo")
_SAID = frozenset({"REQUEST", "ACCUSE"})


def speech_subject(tok: Token) -> Token | None:
    """The speaker of the reported-speech clause around ``tok`` ("Hamdan said a delegation would ...")."""
    speech = cues()["speech_lemmas"]
    cur = tok
    for _ in range(3):
        if cur.head is cur:
            return None
        cur = cur.head
        if lemma(cur) in speech:
            return roles.subject_of(cur)
    return None


def _patient_possessor(trig: Trigger) -> bool:
    """A nominal event whose possessive names who it happens to ("Karadzic's arrest")."""
    return trig.nominal and lemma(trig.anchor) in patient_nouns() and any(
        c.dep_ == "poss" for c in trig.anchor.children)


_DASHES = frozenset({"-", "–", "—"})
# Nominal events whose "of" names who it is done to ("the bombing of U.S. embassies", "the arrest of X"),
# and a bomb's "outside"/"near" what it hit ("the bomb outside the U.S. Embassy"), by type.
_PATIENT_OF = {"ASSAULT": ("of", "outside", "near"), "COERCE": ("of",)}


def hyphen_pair(noun: Token) -> tuple[Token, Token] | None:
    """Two actors joined by a hyphen before an event noun ("the Israel-Hezbollah ceasefire",
    "US-China talks"): the first is the source, the second the target."""
    doc = noun.doc
    left = [t for t in noun.subtree if t.i < noun.i]
    for tok in left:
        nxt = tok.i + 2
        if nxt < noun.i and doc[tok.i + 1].text in _DASHES and tok.ent_type_ in roles.ACTOR_LABELS \
                and doc[nxt].ent_type_ in roles.ACTOR_LABELS and doc[nxt] in left:
            return tok, doc[nxt]
    return None


def source_token(trig: Trigger) -> Token | None:
    if trig.nominal:
        pair = hyphen_pair(trig.anchor)
        if pair is not None:
            return pair[0]
        if _patient_possessor(trig):
            return roles.noun_agent(trig.anchor)
        return roles.noun_source(trig.anchor)
    if trig.speech_request:
        return roles.subject_of(trig.anchor)
    if _receiving(trig):  # "Israel received aid from the United States": the giver
        givers = roles.pobjs(trig.anchor, ("from",)) + [g for c in trig.anchor.children if c.dep_ == "dobj"
                                                         for g in roles.pobjs(c, ("from",))]
        return next(iter(givers), None)  # "received support from Trump" hangs "from" on the noun
    subject = roles.subject_of(trig.anchor)
    if subject is None and (trig.topic is not None or trig.type == "AGREE") and trig.type not in ("ACCUSE", "REQUEST"):
        # "were engaged in ethnic cleansing", "is opposed to", "Vietnam is committed to opening up"
        # (but "he is accused of", "troops were ordered to withdraw" name the accused, the ones told)
        subject = roles.stance_subject(trig.anchor)
    if subject is None and roles.is_passive(trig.anchor):
        # "killed in an Israeli airstrike": the doer of the event noun it happened in; else, as in
        # "X says 250 rebels were killed", a passive with no "by" doer names no doer
        return roles.means_agent(trig.anchor) or _clash_partner(trig)
    if subject is None or (subject.pos_ == "PRON" and subject.lower_ in ("it", "they", "we")):
        # "Syria says it is willing to ...": the pronoun is the speaker
        return speech_subject(trig.anchor) or subject
    return subject


def _clash_partner(trig: Trigger) -> Token | None:
    """A passive killing "with" an armed group ("soldiers were killed in a face-off on Monday night
    with Chinese troops"): the other side of the fight."""
    if trig.type != "ASSAULT":
        return None
    for tok in roles.pobjs(trig.anchor, ("with",)):
        ref = acts.actor_in(tok.doc, tok)
        if ref is not None and ref.sector in ("MIL", "REB", "COP"):
            return tok
    return None


def _receiving(trig: Trigger) -> bool:
    """Receiving aid or support (not a visitor: "received a mission from the OSCE" hosts it)."""
    return not trig.nominal and trig.type in ("AID", "SUPPORT") and lemma(trig.anchor) in roles.recipient_verbs()


def _nominal_target(doc: Doc, trig: Trigger) -> Token | None:
    """The target of a nominal event: the second of a hyphen pair, its patient possessor, its target
    preposition, what it is aimed at, or whom a stance phrase is against."""
    pair = hyphen_pair(trig.anchor)
    if pair is not None:
        return pair[1]
    if _patient_possessor(trig):
        return next(c for c in trig.anchor.children if c.dep_ == "poss")
    found = roles.noun_target(trig.anchor)
    if found is None and trig.type in _PATIENT_OF:  # "the bombing of U.S. embassies": what was bombed
        found = next((t for t in roles.pobjs(trig.anchor, _PATIENT_OF[trig.type]) if acts.is_actor(doc, t)), None)
    anchor = trig.anchor
    if found is None and anchor.dep_ == "nsubj" and lemma(anchor.head) in roles.aim_verbs():
        found = next((c for c in anchor.head.children if c.dep_ == "dobj"), None)  # "raids targeted monasteries"
    if found is None:  # "a hunger strike in protest of the government's refusal"
        found = next((t for t in recipients.stance_targets(trig.anchor) if acts.is_actor(doc, t)), None)
    return found


def target_token(doc: Doc, trig: Trigger, source: Token | None, groups: bool = True) -> Token | None:
    """The target: the first candidate that names an actor, from the event word, then from what it
    absorbed; with ``groups``, a group named by its kind as the object counts too."""
    if _receiving(trig):  # the receiver
        return roles.subject_of(trig.anchor)
    if trig.nominal:
        return _nominal_target(doc, trig)
    topic = trig.topic
    if trig.speech_request and topic is not None:
        if topic.pos_ in ("NOUN", "PROPN", "PRON"):  # a criticized state of affairs: its actor
            return acts.first_actor(topic)
        inner = roles.subject_of(topic)
        if inner is not None and (inner.pos_ != "PRON" or _dative(trig.anchor) is None):
            return inner
        return _dative(trig.anchor) or inner  # "issued a reminder to Iraq that it must ...": Iraq
    attack = recipients.condemned_attack(trig.anchor) if trig.type == "ACCUSE" else None
    if attack is not None:  # "condemned the bombing of U.S. embassies": the bomber, not the embassy
        doer = roles.noun_source(attack)
        return doer if doer is not None and acts.is_actor(doc, doer) else None
    cands = [c for c in recipients.target_candidates(trig.anchor) if c != topic]
    if trig.type == "ACCUSE" and not any(c.dep_ in ("dobj", "nsubjpass") and acts.is_actor(doc, c) for c in cands):
        # no one accused directly: the doer of the act complained of or investigated
        agent = recipients.accused_agent(trig.anchor)
        cands = ([agent] if agent is not None else []) + cands
    if topic is not None:
        if topic.pos_ in ("NOUN", "PROPN") or topic.dep_ in ("dobj", "pobj"):
            cands += [t for t in (roles.noun_source(topic), roles.noun_target(topic, topic=True)) if t is not None]
        else:
            inner = roles.subject_of(topic)
            if inner is not None and inner != source and inner.pos_ != "PRON":
                cands.append(inner)
            cands += recipients.target_candidates(topic)
    # "the conditions laid out by Hamas have been dismissed": the author of what is acted on
    cands += [o for c in list(cands) if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"
              and (o := roles.noun_source(c)) is not None]
    for cand in cands:
        if source is not None and (owner := roles.pronoun_owner(cand)) is not None and owner.i == source.i:
            continue  # the doer's own ("withdraw its troops from Lebanon"): no recipient
        if cand == source or (cand.head.i == trig.anchor.i and targets_.sent(cand)):
            continue
        if cand.dep_ == "dobj" and lemma(cand) in instruments():
            continue  # "fired missiles": the weapon, not the target
        if trig.type in ("SUPPORT", "ACCUSE") and cand.dep_ == "pobj" and cand.head.lower_ == "of" \
                and lemma(cand.head.head) in patient_nouns():
            continue  # "welcomed the arrest of Karadzic": the one arrested is not who is praised
        if trig.mode == "visit" and cand.dep_ == "pobj" and cand.head.lower_ == "from":
            continue  # "visiting from Moscow": where the visitor comes from, not the host
        if targets_.own_forces(cand, trig.type):
            continue
        if acts.is_actor(doc, cand) or groups and targets_.direct_group(doc, cand, trig.type):
            return cand
        if cand.dep_ == "poss" and cand.pos_ == "NOUN" and acts.group_noun(cand) is not None:
            return cand  # "rejected the president's decree", "criticized the government's delays"
    found = _clause_target(doc, trig.anchor, source)
    if found is not None and trig.mode == "visit" and found.dep_ == "pobj" and found.head.lower_ == "from":
        return None
    return found


def _embedded_place(doc: Doc, verb: Token) -> Place | None:
    """The gazetteer place of the first locative of an embedded clause (``recipients.locative_targets``)."""
    targets = recipients.locative_targets(verb)
    spots = {tok.i for tok in targets}
    # only the places at a spot (by offset: a char_span of every place per verb was quadratic)
    for place in by_offset(doc, "places").overlapping_any((t.idx, t.idx + len(t)) for t in targets):
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if place.country and span is not None and span.root.i in spots:
            return place
    return None


def _located_actor(doc: Doc, verb: Token, visit: bool = False) -> list[ActorRef | None]:
    """A locative the gazetteer does not know but the actor KB does ("in East Timor"); for a
    visit, not where the visitor comes from ("visiting from Moscow")."""
    for tok in recipients.locative_targets(verb):
        if visit and tok.dep_ == "pobj" and tok.head.lower_ == "from":
            continue
        ref = acts.actor_in(doc, tok)
        if ref is not None and ref.country:
            return [ref]
    return [None]


def _place_actor(place: Place, coded: str) -> ActorRef:
    """A place standing for its target; a town or region hit, blockaded or threatened stands for
    the people living there (the GSR codes them CVL); a place protested in, for its government
    ("blocked roads in the capital city of Algiers" -> DZA GOV, as the GSR codes it)."""
    sector = "GOV" if coded == "PROTEST" else (
        "CVL" if place.precision != "country" and coded in PLACE_CIVILIAN_TYPES else None)
    return ActorRef(start=place.start, end=place.end, text=place.text, name=place.name,
                    country=place.country, sector=sector, confidence=0.4)


def _dative(verb: Token) -> Token | None:
    """The "to X" recipient of a verb of telling ("issued a reminder to Iraq")."""
    found = [c for c in recipients.target_candidates(verb) if c.dep_ == "pobj" and c.head.lower_ == "to"]
    return found[0] if found else None


def _clause_target(doc: Doc, verb: Token, source: Token | None) -> Token | None:
    """No recipient on the event word itself: look one or two clauses down, where a control or
    demand verb puts it ("demanded that the US match ...", "threatened to cut off power to X",
    "reiterated its demand that Israel ease ...")."""
    cands = recipients.clause_targets(verb)
    purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "xcomp" or purpose:  # "summoned Niger's ambassador to complain": the one summoned
        cands += [c for c in verb.head.children if c.dep_ == "dobj"]
    for cand in cands:
        if cand != source and cand.pos_ != "PRON" and acts.is_actor(doc, cand):
            return cand
    return None


def _actors(doc: Doc, tok: Token | None) -> list[ActorRef | None]:
    if tok is None:
        return [None]
    refs = [acts.actor_in(doc, t) for t in roles.conjuncts(tok)]
    refs = [r for r in refs if r is not None]
    return refs or [None]


def sources_of(doc: Doc, trig: Trigger, tok: Token | None) -> list[ActorRef | None]:
    """Source actors; a generic group ("a delegation") in reported speech takes the speaker's organisation."""
    refs = _actors(doc, tok)
    if tok is None or lemma(tok) not in roles.generic_agents():
        return refs
    if any(t.ent_type_ for t in roles.phrase(tok)):
        return refs  # the group is named by itself ("an Egyptian delegation")
    speaker = speech_subject(trig.anchor)
    org = acts.organisation_of(doc, speaker) if speaker is not None else None
    if org is None or not _speaks_for(org, tok):
        return refs
    span = roles.phrase(tok)
    sector = org.sector or acts.title_sector(tok)
    return [ActorRef(start=span.start_char, end=span.end_char, text=span.text, actor_id=org.actor_id,
                     name=org.name, country=org.country, sector=sector, confidence=round(org.confidence * 0.8, 3))]


_ARMED = frozenset({"MIL", "REB", "COP"})


def _speaks_for(org: ActorRef, group: Token) -> bool:
    """The speaker's side is the group's: an armed group named by its kind ("troops", "security
    forces") is the speaker's own only when an armed body or a state speaks ("the Israeli military
    said troops ..."), not witnesses or a foreign diplomat ("a French diplomat said security
    forces fired")."""
    if acts.title_sector(group) not in _ARMED:
        return org.sector not in ("CVL", "JRN", "MED")
    return org.sector in _ARMED or org.sector is None and (org.actor_id or "").startswith("c:")


def pairs(sources: list, targets: list) -> list[tuple[ActorRef | None, ActorRef | None]]:
    pairs = [(s, t) for s, t in product(sources, targets) if not _same(s, t)]
    if not pairs:
        return [(sources[0], None)]
    return pairs if len(pairs) <= MAX_PAIRS else pairs[:1]


_RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "ASSAULT"})


def reciprocal(trig: Trigger) -> bool:
    """Two coordinated subjects doing it to each other ("India and China clashed")."""
    words = roles.reciprocal_words()
    return not trig.nominal and trig.type in _RECIPROCAL_TYPES and (
        lemma(trig.anchor) in words or (trig.topic is not None and lemma(trig.topic) in words))


def where_met(tok: Token) -> bool:
    """The "target" found is where coordinated doers met ("Putin and Erdogan met at the Kremlin")."""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("at", "in", "inside")


def mutual_pairs(sources: list) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """Each coordinated subject as the other's target; beyond :data:`MAX_PAIRS`, the first pair."""
    actors = [s for s in sources if s is not None]
    pairs = [(a, b) for a in actors for b in actors if a is not b and not _same(a, b)]
    if not pairs:
        return [(actors[0], None)]
    return pairs if len(pairs) <= MAX_PAIRS else pairs[:1]


def _same(a: ActorRef | None, b: ActorRef | None) -> bool:
    if a is None or b is None:
        return False
    # one actor id with two sectors is two groups of one country ("Iraqi police" / "Iraqi civilians")
    same_id = a.actor_id is not None and a.actor_id == b.actor_id and a.sector == b.sector
    return (a.start, a.end) == (b.start, b.end) or same_id


def targets_of(doc: Doc, trig: Trigger, src_tok: Token | None, tgt_tok: Token | None, place: Place | None,
             coded: str) -> tuple[list[ActorRef | None], Token | None]:
    """The target actors and the token they come from. A group named by its kind is the target
    when its country is known; else a named recipient further on, else the event's place
    ("arrived in Amman" -> JOR hosts; "lifted a curfew in Montenegro" -> MNE; a place of the
    embedded act: "threatened to resume attacks in Israel"), else the group of no known country."""
    group = None
    if targets_.group_target_ok(doc, tgt_tok, coded):
        group = targets_.group_target(doc, acts.group_noun(tgt_tok), place, src_tok, coded)
        if group.country is not None:
            return [group], tgt_tok
        tgt_tok = target_token(doc, trig, src_tok, groups=False)
    targets = [targets_.city_hit(doc, targets_.placed(doc, ref, place), coded) for ref in _actors(doc, tgt_tok)]
    if targets == [None] and trig.type == "ACCUSE" and recipients.condemned_attack(trig.anchor) is not None:
        return targets, tgt_tok  # where an attack of unknown doers was is not who is accused of it
    if targets == [None]:  # where an appeal is made is no one appealed to (where its act is, may be)
        where = place if place is not None and place.country and coded not in _SAID else _embedded_place(
            doc, trig.anchor)
        targets = [_place_actor(where, coded)] if where is not None else _located_actor(
            doc, trig.anchor, visit=trig.mode == "visit")
    if targets == [None] and group is not None:
        targets = [group]
    return targets, tgt_tok
