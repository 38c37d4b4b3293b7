"""Finding PLOVER event triggers in a sentence, with the lexicon roles applied.

Every verb and event noun of the lexicons is a candidate. Verbs are visited from the
sentence root down, so an outer verb absorbs its complement before that complement could be
coded on its own: "agreed to cooperate" is one AGREE, "rejected the proposal for a cease-fire"
one REJECT, "vowed to continue the war" one THREATEN, "imposed a curfew" one COERCE. A noun
that no verb absorbed is a nominal event only when an actor is attached to it ("the Israeli
offensive", "Hamas' cross-border rampage").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from dateline.knowledge.kb import kb_of
from dateline.stages.events.actors import is_actor
from dateline.stages.events.lexicon import (
    COOPERATIVE,
    HOSTILE,
    Entry,
    cues,
    idiom,
    lemma,
    noun_entry,
    verb_entry,
)
from dateline.stages.events.roles import (
    is_passive,
    means_event,
    noun_source,
    role_words,
    roles_data,
    someone,
    transfer_verbs,
)
from dateline.stages.syntax import objects

_PRIORITY = {"dobj": 0, "attr": 0, "pobj": 1, "nsubjpass": 2, "xcomp": 1, "oprd": 1, "pcomp": 2, "ccomp": 3,
             "advcl": 4}
# Roles whose verb codes its own type whatever it absorbs.
OWN_TYPE_ROLES = frozenset({"event", "speechact", "accuse", "support", "concede", "request", "reject", "threaten"})
# Verbal acts: a "that" clause after them is their content, not a separate event.
VERBAL_ACTS = frozenset({"REQUEST", "ACCUSE", "THREATEN", "AGREE", "REJECT", "SUPPORT"})
_COMPLEMENT_PREPS = ("to", "for", "of", "on", "against", "over", "about", "in", "from")


@dataclass(slots=True)
class Trigger:
    """One event found in a sentence, before actors, dates and places are attached."""

    anchor: Token  # the word the event is coded on
    type: str
    mode: str | None
    context: list[str] = field(default_factory=list)
    nominal: bool = False
    topic: Token | None = None  # an absorbed complement ("cease-fire" in "rejected a cease-fire")
    speech_request: bool = False  # "X said Y must ..." coded as X REQUEST Y
    role: str = "event"  # the lexicon role that coded it ("visit" needs an actor as traveller)


def _candidates(sent: Span) -> dict[int, tuple[str, Entry]]:
    out: dict[int, tuple[str, Entry]] = {}
    for tok in sent:
        entry = verb_entry(tok)
        if entry is not None:
            out[tok.i] = ("verb", entry)
            continue
        entry = noun_entry(tok)
        if entry is not None:
            out[tok.i] = ("noun", entry)
    return out


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def _complement(tok: Token, cands: dict[int, tuple[str, Entry]], direct: bool = False, depth: int = 0) -> Token | None:
    """The event word a verb takes as its complement: clause, object noun, or prepositional object.

    ``direct``: objects only ("held talks", "lifted the curfew"), for light and reversing verbs.
    """
    order = []
    deps = ("dobj", "attr", "nsubjpass") if direct else ("xcomp", "ccomp", "dobj", "attr", "oprd", "nsubjpass")
    for child in tok.children:
        if child.dep_ in deps:
            order.append(child)
        elif direct and child.dep_ == "prep" and child.lower_ in ("in", "under", "on"):  # "engaged in ethnic cleansing"
            order.extend(objects(child))
        elif not direct and child.dep_ == "advcl" and any(a.lower_ == "to" for a in child.children if a.dep_ == "aux"):
            order.append(child)  # "sworn to fight", parsed as a purpose clause
        elif not direct and child.dep_ in ("prep", "prt") and child.lower_ in _COMPLEMENT_PREPS:
            order.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
    order.sort(key=lambda t: _PRIORITY.get(t.dep_, 3))  # objects before clauses
    # "troops are engaged in a process to de-escalate": a passive subject naming people is who, not what
    order = [t for t in order if not (t.dep_ == "nsubjpass" and kb_of(t.doc).title_sector(t.lemma_))]
    for cand in order:
        if _codes(cand, cands, depth):
            return cand
        if direct:  # "undertook a mediation mission", "suspended part of the aid program"
            hit = _inside_object(cand, cands, depth)
            if hit is not None:
                return hit
            continue
        for sub in cand.children:  # "terms for a cease-fire", "demands for the release of"
            if sub.dep_ == "prep" and sub.lower_ in ("for", "of", "to"):
                for g in sub.children:
                    if g.dep_ in ("pobj", "pcomp") and _codes(g, cands, depth):
                        return g
            if sub.dep_ in ("xcomp", "ccomp") and _codes(sub, cands, depth):
                return sub
            # a verb the lexicon does not know, with a hostile event noun as object: "threatened to
            # institute a curfew", "vowed to deliver devastating blows"
            if sub.dep_ == "dobj" and cand.pos_ == "VERB" and cand.i not in cands and _hostile(sub, cands, depth):
                return sub
    return None


def _inside_object(obj: Token, cands: dict[int, tuple[str, Entry]], depth: int) -> Token | None:
    """An event noun modifying the object or in its "of" phrase ("aid" in "part of the aid program"),
    or an amount's "in" phrase ("$3 billion in military aid")."""
    inner = [c for c in obj.children if c.dep_ in ("compound", "nmod")]
    # "$3 billion in military aid": an amount's "in" phrase names what it is
    preps = ("of", "in") if obj.pos_ == "NUM" or obj.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY") else ("of",)
    for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ in preps):
        for pobj in objects(prep):
            inner.append(pobj)
            inner.extend(c for c in pobj.children if c.dep_ in ("compound", "nmod"))
    return next((t for t in inner if _codes(t, cands, depth)), None)


def _hostile(tok: Token, cands: dict[int, tuple[str, Entry]], depth: int) -> bool:
    entry = topic_entry(tok, cands, depth) if depth < 3 else None
    return entry is not None and entry.type in HOSTILE


def _codes(tok: Token, cands: dict[int, tuple[str, Entry]], depth: int = 0) -> bool:
    return depth < 3 and topic_entry(tok, cands, depth) is not None


def topic_entry(tok: Token, cands: dict[int, tuple[str, Entry]], depth: int = 0) -> Entry | None:
    """What a complement word codes as: its own row, or for a light or reversing verb what it
    makes of its object ("set up a center" codes nothing, "lift the ban" CONCEDE)."""
    if tok.i not in cands:
        return None
    kind, entry = cands[tok.i]
    if kind == "noun" or entry.role in OWN_TYPE_ROLES or entry.role in ("visit", "intransitive", "transitive", "phone"):
        return entry if entry.type else None
    if entry.role == "speech" or depth > 2:
        return None
    comp = _complement(tok, cands, direct=entry.role in ("light", "reverse"), depth=depth + 1)
    coded = _with_topic(entry.role, entry, topic_entry(comp, cands, depth + 1) if comp is not None else None)
    if coded is None or coded[0] is None:
        return None
    return Entry(entry.lemma, coded[0], coded[1], entry.context, "event")


def _consume(tok: Token, cands: dict[int, tuple[str, Entry]], consumed: set[int]) -> None:
    """Mark the complement and every candidate inside it as absorbed."""
    for sub in tok.subtree:
        if sub.i in cands:
            consumed.add(sub.i)


def _reverse(entry: Entry, topic: Entry) -> tuple[str, str | None] | None:
    """Ending something: hostile -> CONCEDE (a military restriction -> RETREAT), cooperative -> SANCTION."""
    if topic.type in HOSTILE:
        if topic.mode == "restrict" and "military" in topic.context:
            return "RETREAT", "withdraw"
        return "CONCEDE", None
    if topic.type in COOPERATIVE:
        return "SANCTION", entry.mode if entry.type == "SANCTION" else "discontinue"
    return None


def _with_topic(role: str, entry: Entry, topic: Entry | None) -> tuple[str, str | None] | None:
    """(type, mode) for a verb whose role takes a complement, given what it absorbed."""
    if role == "agree":
        if topic is None:
            return (entry.type, entry.mode) if entry.type else None
        if topic.type in HOSTILE - {"MOBILIZE"}:  # offering troops is no threat
            return "THREATEN", threat_mode(topic.type, topic.mode)
        if topic.type == "REQUEST":  # "accepted the demands"
            return "CONCEDE", None
        if topic.lemma in role_words("expressive_nouns"):  # "offered his congratulations": said now
            return topic.type, topic.mode
        return "AGREE", None
    if role == "decide":  # "decided to allow X": the decision is the act itself
        return (topic.type, topic.mode) if topic else None
    if role == "threaten":
        return "THREATEN", (threat_mode(topic.type, topic.mode) if topic else entry.mode)
    if role in ("request", "reject"):
        mode = entry.mode or (topic_mode(topic.type) if topic else None)
        return entry.type, mode
    if role == "reverse":
        return _reverse(entry, topic) if topic else None
    if role == "light":
        return (topic.type, topic.mode) if topic else None
    return entry.type, entry.mode  # accuse, support, concede, event


def _speech_request(tok: Token, cands: dict[int, tuple[str, Entry]]) -> Token | None:
    """The complement clause of a speech verb that carries an obligation ("said Iraq must comply"),
    also on its object noun ("issued a reminder that it must cooperate")."""
    obligation = cues()["obligation_aux"]
    heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
    for head in heads:
        for child in head.children:
            auxes = {a.lower_ for a in child.children if a.dep_ == "aux"}
            if child.dep_ in ("ccomp", "acl") and auxes & obligation and lemma(child) not in cues()["judgment_verbs"]:
                return child  # not a belief asked for ("everyone should know that ...")
    return None


def patient_nouns() -> frozenset[str]:
    """Event nouns whose possessive is the target ("Karadzic's arrest")."""
    return role_words("patient_nouns")


def closure_objects() -> frozenset[str]:
    """What only a state closes ("borders", "airspace"): blocked by no one named, a COERCE (``roles.yaml``)."""
    return role_words("closure_objects")


def non_agents() -> frozenset[str]:
    """Subjects that are no political actor ("earthquake"): their events are not coded."""
    return role_words("non_agents")


def _disapproval_words() -> frozenset[str]:
    return role_words("disapproval_predicates")


def topic_mode(typ: str | None) -> str:
    """The REQUEST/REJECT mode for asking for or refusing an action of this type (``roles.yaml``)."""
    return roles_data()["topic_modes"].get(typ or "", "change")


def threat_mode(typ: str | None, mode: str | None) -> str | None:
    """The THREATEN mode for threatening an action of this type and mode (``roles.yaml``)."""
    data = roles_data()
    if mode in data["threat_keeps"]:
        return mode
    return data["threat_modes"].get(typ or "", mode)


# Verbs of fighting that between two persons are a dispute, not a fight.
_DISPUTE_VERBS = frozenset({"clash", "spar", "feud", "quarrel"})


def _between_persons(tok: Token) -> bool:
    """A clash whose subject or "with" opponent is a named person ("Han, who has clashed with the
    president"): a verbal dispute (ACCUSE), not violence (protesters clash with police)."""
    sides = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    sides = [s.head if s.lower_ in ("who", "that") and tok.dep_ == "relcl" else s for s in sides]
    sides += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
              for g in objects(c)]
    return any(s.ent_type_ == "PERSON" or (kb_of(s.doc).title_sector(s.lemma_) == "GOV" and s.tag_ == "NN")
               for s in sides)


def _warns_of_danger(tok: Token) -> bool:
    """A verb of warning with no actor warned and no actor's act announced ("officials warn that
    disease could spread"); "warned Serbia", "warned that police will ..." are threats."""
    if lemma(tok) not in role_words("warning_verbs"):
        return False
    doc = tok.doc
    if any(c.dep_ in ("dobj", "dative") and is_actor(doc, c) for c in tok.children):
        return False
    clauses = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
    subjects = [s for c in clauses for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    return not any(is_actor(doc, s) for s in subjects)


_PERSONAL = frozenset({"him", "her", "he", "she", "me", "i"})


def _sends_person(tok: Token) -> bool:
    """A verb of sending whose object (or passive subject) is a named person or a personal pronoun
    ("sent him to Costa Rica")."""
    return lemma(tok) in transfer_verbs() and any(
        c.dep_ in ("dobj", "nsubjpass") and (c.ent_type_ == "PERSON" or c.lower_ in _PERSONAL)
        for c in tok.children)


def _reception(tok: Token) -> str | None:
    """A passive verb of reception ("was met by protesters", "was met with a loud cheer"): a PROTEST
    when protesters met the one received, no event when no actor did (``roles.yaml`` reception_verbs)."""
    if lemma(tok) not in role_words("reception_verbs") or not is_passive(tok):
        return None
    agents = [g for c in tok.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "with")
              for g in objects(c)]
    if agents and any(kb_of(a.doc).title_sector(a.lemma_) == "CVL" and a.lemma_.lower() in
                      role_words("protester_nouns") for a in agents):
        return "PROTEST"
    return "CONSULT" if any(is_actor(tok.doc, a) for a in agents) else "none"


def _censors(tok: Token) -> bool:
    """Blocking a medium, not a road: "the app Zello was blocked", "blocked access to Twitter"."""
    words = role_words("censor_objects")
    for obj in (c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")):
        if any(lemma(t) in words or t.lower_ in words for t in obj.subtree if t.dep_ != "relcl" and t.i <= obj.i + 3):
            return True
    return False


def _judgement(pred: Token) -> tuple[str, str] | None:
    """(type, mode) of a predicate that judges its subject: criticism ("too high", "a disgrace") or
    approval ("fully justified", "the right thing", "a hero") (``roles.yaml`` disapproval_*, approval_*)."""
    text = " ".join(t.lower_ for t in pred.subtree if t.dep_ != "punct")
    words = _disapproval_words()
    if text in words or pred.lower_ in words or lemma(pred) in role_words("disapproval_heads"):
        return "ACCUSE", "disapprove"
    if lemma(pred) in role_words("approval_heads") or text in role_words("approval_predicates") or (
            pred.lower_ in role_words("approval_nouns") and any(
                c.lower_ in role_words("approval_modifiers") for c in pred.children)):
        return "SUPPORT", "praise"
    return None


def _judging_statement(tok: Token) -> Trigger | None:
    """A reported statement whose predicate judges ("the toll ... remains too high" -> ACCUSE disapprove;
    "did the right thing", "is fully justified" -> SUPPORT praise)."""
    for clause in (c for c in tok.children if c.dep_ == "ccomp"):
        if clause.lower_ in role_words("approval_heads") and any(c.dep_ == "auxpass" for c in clause.children):
            subj = next((c for c in clause.children if c.dep_ == "nsubjpass"), None)  # "is fully justified"
            return Trigger(tok, "SUPPORT", "praise", [], topic=subj, speech_request=True)
        for pred in clause.children:
            if pred.dep_ not in ("acomp", "attr", "dobj", "advmod"):
                continue
            judged = _judgement(pred)
            if pred.dep_ in ("dobj", "advmod") and (judged is None or judged[0] != "SUPPORT"):
                continue  # "did the right thing", "acted appropriately": approval only
            if judged is not None:
                subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                return Trigger(tok, judged[0], judged[1], [], topic=subj, speech_request=True)
    return None


# Actions an order on its object noun carries out ("ordered the expulsion", "ordered patrols").
_ORDERED_ACTS = frozenset({"SANCTION", "COERCE", "MOBILIZE", "ASSAULT", "RETREAT", "AID"})


def _orders_act(tok: Token, cands: dict[int, tuple[str, Entry]]) -> bool:
    """An order whose direct object is an event noun of an own action (no one told to do it)."""
    obj = _complement(tok, cands, direct=True)
    if obj is None or obj.dep_ != "dobj" or obj.pos_ not in ("NOUN", "PROPN"):
        return False
    entry = topic_entry(obj, cands)
    return entry is not None and entry.type in _ORDERED_ACTS


def _inanimate_intent(tok: Token, role: str) -> bool:
    """A verb of intent, threat or permission whose subject is a thing ("the crisis threatens to
    engulf the region", "the plan allows ..."): a turn of phrase, no actor's promise, threat or
    concession (``roles.yaml`` inanimate_subjects)."""
    if role not in ("agree", "threaten", "concede", "reverse"):
        return False
    things = role_words("inanimate_subjects")
    owner = tok.head if tok.dep_ == "conj" else tok  # "will lower tariffs ... and allow": the first verb's
    subjects = [owner.head if c.lower_ in ("that", "which") and owner.dep_ == "relcl" else c
                for c in owner.children if c.dep_ == "nsubj"]  # "a framework that promises"
    # a thing, or a named treaty ("The Regional Comprehensive Economic Partnership will lower tariffs")
    return any(s.pos_ in ("NOUN", "PROPN") and (lemma(s) in things or s.lower_ in things) for s in subjects)


def _verb_trigger(tok: Token, entry: Entry, cands, consumed: set[int]) -> Trigger | None:
    """The event a verb candidate codes, if any: its role (``verbs.tsv``) says whether the verb is the
    event itself or takes it from its complement."""
    if idiom(tok) or _inanimate_intent(tok, entry.role):
        return None
    if entry.type == "RETREAT" and lemma(tok) in role_words("person_release_verbs") and any(
            c.dep_ == "dobj" and not someone(c) and c.pos_ != "NUM" for c in tok.children):
        # "handed over 700 kg of medicine": a delivery; "freeing business from bureaucracy": no one set free
        return Trigger(tok, "AID", None, [], role="event") if lemma(tok) in transfer_verbs() else None
    if lemma(tok) in role_words("manner_verbs") and any(
            c.dep_ == "prep" and c.lower_ == "by" and any(g.dep_ == "pcomp" for g in c.children) for c in tok.children):
        return None  # "retaliated by ordering out 23 Britons": the expulsion is the event
    role = entry.role
    if role == "order":  # "ordered the expulsion of 60 Russians" is the expulsion, "ordered X to ..." a REQUEST
        role = "decide" if _orders_act(tok, cands) else "request"
    if role in ("speech", "light"):
        request = _speech_request_trigger(tok, cands, consumed)
        if request is not None:
            return request
    if role == "speech":  # "announced a suspension of air links": the object noun is the event
        if _complement(tok, cands, direct=True) is None:
            return _judging_statement(tok)
        role = "light"
    role = _checked_role(tok, role)
    if role is None:
        return None
    received = _reception(tok)
    if received == "none":
        return None  # "was met with a loud cheer" is no meeting
    if received == "PROTEST":  # "was met by Palestinian protesters"
        return Trigger(tok, "PROTEST", "demo", [], role=role)
    if entry.type == "AID" and _sends_person(tok):
        return None  # "Karadzic could be sent to the Netherlands": a transfer of a person, no aid
    if role in _DIRECT_ROLES:
        return _direct_trigger(tok, entry, role)
    return _complement_trigger(tok, entry, role, cands, consumed)


# Roles whose verb is the event itself (the others take their event from a complement).
_DIRECT_ROLES = ("event", "visit", "intransitive", "phone")


def _speech_request_trigger(tok: Token, cands, consumed: set[int]) -> Trigger | None:
    """A speech verb that asks for something ("urged Israel to halt ...") is a REQUEST about it."""
    comp = _speech_request(tok, cands)
    if comp is None:
        return None
    _consume(comp, cands, consumed)
    topic = topic_entry(comp, cands)
    mode = topic_mode(topic.type) if topic and topic.type else None
    return Trigger(tok, "REQUEST", mode, [], topic=comp, speech_request=True)


def _checked_role(tok: Token, role: str) -> str | None:
    """The role once the verb's arguments are checked, or None when they show it is no event."""
    if role == "intransitive" and any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
        return None  # "demonstrated its political will" is no demonstration
    if role == "transitive":
        if not any(c.dep_ in ("dobj", "nsubjpass") for c in tok.children):
            return None  # "Bazoum, through his Twitter account, shared: '...'" shares a statement
        return "event"
    if role == "phone" and not any(c.dep_ == "dobj" and is_actor(tok.doc, c) for c in tok.children
                                   if not any(g.dep_ in ("oprd", "xcomp", "ccomp") for g in tok.children)):
        return None  # "called it a crime", "was called" are no phone calls
    return role


def _direct_trigger(tok: Token, entry: Entry, role: str) -> Trigger | None:
    """The event of a verb that is the event itself (its entry's type, or another its object shows)."""
    if role == "visit" and any(c.dep_ == "dobj" for c in tok.children):
        # "helicopters are flying relief supplies to the affected areas": a transfer, no visit
        carried = [noun_entry(c) for c in tok.children if c.dep_ == "dobj"]
        aid = next((e for e in carried if e is not None and e.type == "AID"), None)
        return Trigger(tok, "AID", aid.mode, list(aid.context), role="event") if aid is not None else None
    if role == "event" and lemma(tok) in _DISPUTE_VERBS and _between_persons(tok):
        return Trigger(tok, "ACCUSE", "disapprove", [], role=role)  # "Han, who has clashed with the president"
    if role == "event" and entry.mode == "obstruct" and _censors(tok):
        return Trigger(tok, "COERCE", "censor", list(entry.context), role=role)
    return Trigger(tok, entry.type, entry.mode, list(entry.context), role=role) if entry.type else None


def _complement_trigger(tok: Token, entry: Entry, role: str, cands, consumed: set[int]) -> Trigger | None:
    """The event of a verb coded through its complement ("announced a suspension", "threatened to strike")."""
    comp = _complement(tok, cands, direct=role in ("light", "reverse"))
    topic = topic_entry(comp, cands) if comp is not None else None
    if role == "threaten" and topic is None and _warns_of_danger(tok):
        return None  # "health officials warn of disease": a warning, no threat
    coded = _with_topic(role, entry, topic)
    if role == "agree" and topic is None and _pursues(tok):
        coded = ("THREATEN", "arrest")
    if role == "agree" and any(c.dep_ == "dobj" and lemma(c) in role_words("reward_nouns") for c in tok.children):
        coded = ("REQUEST", None)  # a reward offered asks for information or help
    if coded is None and role == "reverse" and entry.type == "SANCTION" and any(
            c.dep_ == "dobj" and is_actor(tok.doc, c) for c in tok.children):
        coded = (entry.type, entry.mode)  # "the African Union suspended Niger": a member sanctioned
    if coded is None:
        return None
    if comp is not None:
        _consume(comp, cands, consumed)
        if topic is not None and topic.type in VERBAL_ACTS and role == "light":
            for clause in (c for c in tok.children if c.dep_ == "ccomp"):  # "reiterated its demand that X ..."
                _consume(clause, cands, consumed)
    if role == "speechact" and any(c.dep_ in ("ccomp", "parataxis") for c in tok.children):
        coded = ("ACCUSE", "disapprove")  # "a rights group protested that ..." is a statement
    context = list(dict.fromkeys([*entry.context, *(topic.context if topic else ())]))
    return Trigger(tok, coded[0], coded[1], context, topic=comp)


def _pursues(tok: Token) -> bool:
    """A vow or promise to hunt someone down or bring them to justice (``roles.yaml`` pursuit_verbs)."""
    verbs, words = role_words("pursuit_verbs"), role_words("pursuit_words")
    for comp in (c for c in tok.children if c.dep_ == "xcomp"):
        if lemma(comp) in verbs or any(t.lower_ in words for t in comp.subtree):
            return True
    return False


def _means_of(noun: Token, verbal: list[Trigger]) -> bool:
    """The event noun a coded passive verb of the same type happened in (``event_roles.means_event``)."""
    return any(not t.nominal and means_event(t.anchor) == noun and noun_entry(noun).type == t.type for t in verbal)


def triggers_in(sent: Span) -> list[Trigger]:
    """The events of one sentence, outer verbs first absorbing their complements."""
    cands = _candidates(sent)
    consumed: set[int] = set()
    out: list[Trigger] = []
    verbs = sorted((i for i, (kind, _) in cands.items() if kind == "verb"), key=lambda i: (_depth(sent.doc[i]), i))
    for i in verbs:
        if i in consumed:
            continue
        trig = _verb_trigger(sent.doc[i], cands[i][1], cands, consumed)
        if trig is not None:
            consumed.add(i)
            out.append(trig)
    coded = {t.anchor.i for t in out}
    for i, (kind, entry) in sorted(cands.items()):
        if kind != "noun" or i in consumed or not entry.standalone or not entry.type:
            continue
        tok = sent.doc[i]
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i in coded:
            continue  # "Israeli airstrikes killed 20": the verb's event already covers the noun
        if _means_of(tok, out):
            continue  # "20 were killed in an Israeli airstrike": the verb's event has taken its doer
        if noun_source(tok) is not None:
            out.append(Trigger(tok, entry.type, entry.mode, list(entry.context), nominal=True))
    out.sort(key=lambda t: t.anchor.i)
    return out
