"""Stage 6: PLOVER events — who did what to whom, when, where, how many, and how sure.

For each sentence, :func:`dateline.extract.event_triggers.triggers_in` finds the events (verbs,
event nouns with an actor, complements absorbed by intent/request/reject verbs). Each event
then gets its source and target actors from the dependency tree (``event_roles``), one event
per (source, target) pair of a coordinated phrase — bounded by :data:`MAX_PAIRS`, beyond which
one event keeps the first pair (a summit of 20 leaders is one multilateral CONSULT); its
modality (``event_modality``); its date from the time stage (``date_of``; ``date_resolved`` is
False when it fell back to the article date); its place (``places.place_for``); the counts of
people affected in its sentence for violent and coercive events (``quantities.counts_in``);
the quote it sits in; and the CAMEO root and Goldstein score of its PLOVER coding.

``Event.type`` is what happens; ``Event.plover_type`` is the single PLOVER category the manual
codes for the report (sections 2.3, 3.1, 3.4, 3.7): a future cooperative action is AGREE
("will visit"), a future retreat CONCEDE, a future hostile action THREATEN, and a negated
cooperative action REJECT ("will not accept").

Coding conventions where the text names no one: with no named recipient, the event's place
stands for it ("lifted a curfew in Montenegro" -> MNE); an ASSAULT with no named doer but a
place gets "unidentified attackers" of that place's country (sector UAF, CAMEO's "unidentified
armed forces"); an event with neither actors,
place nor counts is kept at 0.4 x its confidence; a disaster as subject ("the earthquake
killed ...") codes nothing. Groups named only by their kind ("arrested dozens of protesters"),
things sent, own forces, uncoded entities and capitals hit follow ``event_targets``; "received
aid from X" makes X the source and the receiver the target. A passive with no "by" doer takes
the doer of the event noun it happened in ("killed in an Israeli airstrike", "during a
confrontation with Chinese troops"), never the speaker reporting it ("the ministry says 250
rebels were killed"); a legal or coercive passive placed in a country ("was arrested in Peru")
is done by that country's authorities (GOV, confidence 0.3), as the PLOVER gold codes it.

Confidence is a score for ranking, not a probability: verbal events start higher than nominal
ones, a resolved source and target raise it, and each clause of embedding (outside reported
speech) lowers it.
"""

from __future__ import annotations

from itertools import product

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.cameo import to_cameo
from dateline.extract import event_actors as acts
from dateline.extract import event_roles as roles
from dateline.extract import event_targets as targets_
from dateline.extract.event_dates import event_date
from dateline.extract.event_lexicon import COOPERATIVE, HOSTILE, cues, instruments, lemma, nouns, verbs
from dateline.extract.event_modality import conditional, modality
from dateline.extract.event_targets import PLACE_CIVILIAN_TYPES
from dateline.extract.event_triggers import Trigger, non_agents, patient_nouns, threat_mode, triggers_in
from dateline.extract.places import gazetteer, homonyms, place_for, places_in
from dateline.extract.quantities import counts_in, lexicon
from dateline.model import ActorRef, Event, Place, record_id
from dateline.model import Span as EvSpan

MAX_PAIRS = 6  # more source x target pairs than this -> one event for the first pair
COUNT_TYPES = frozenset({"ASSAULT", "COERCE", "RETREAT", "AID", "SANCTION", "THREATEN"})


def plover_type(typ: str, modality_value: str, conditional: str | None = None) -> str:
    """The PLOVER manual's single category for an event type reported with this modality.

    A future or hypothetical action made conditional is a THREATEN when it is hostile or when
    the condition is "unless" ("will withdraw its force unless ...", "may halt mediation if ..."),
    a conditional offer stays an offer ("would meet the mediator if ...").
    """
    if conditional and modality_value in ("future", "hypothetical") and (
            conditional == "unless" or typ in HOSTILE or typ in ("SANCTION", "REJECT")):
        return "THREATEN"
    if modality_value == "future":
        if typ in ("CONSULT", "SUPPORT", "COOPERATE", "AID"):
            return "AGREE"
        if typ == "RETREAT":
            return "CONCEDE"
        if typ in HOSTILE - {"THREATEN"}:
            return "THREATEN"
    if modality_value == "negated" and typ in COOPERATIVE:
        return "REJECT"
    return typ


def _dct(doc: Doc) -> str | None:
    article = doc._.article
    return article.date if article is not None else None


def _speech_subject(tok: Token) -> Token | None:
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


def _source_token(trig: Trigger) -> Token | None:
    if trig.nominal:
        if _patient_possessor(trig):
            return roles.noun_agent(trig.anchor)
        return roles.noun_source(trig.anchor)
    if trig.speech_request:
        return roles.subject_of(trig.anchor)
    if _receiving(trig):  # "Israel received aid from the United States": the giver
        return next(iter(roles.pobjs(trig.anchor, ("from",))), None)
    subject = roles.subject_of(trig.anchor)
    if subject is None and (trig.topic is not None or trig.type == "AGREE") and trig.type not in ("ACCUSE", "REQUEST"):
        # "were engaged in ethnic cleansing", "is opposed to", "Vietnam is committed to opening up"
        # (but "he is accused of", "troops were ordered to withdraw" name the accused, the ones told)
        subject = roles.stance_subject(trig.anchor)
    if subject is None and roles.is_passive(trig.anchor):
        # "killed in an Israeli airstrike": the doer of the event noun it happened in; else, as in
        # "X says 250 rebels were killed", a passive with no "by" doer names no doer
        return roles.means_agent(trig.anchor)
    if subject is None or (subject.pos_ == "PRON" and subject.lower_ in ("it", "they", "we")):
        # "Syria says it is willing to ...": the pronoun is the speaker
        return _speech_subject(trig.anchor) or subject
    return subject


def _receiving(trig: Trigger) -> bool:
    """Receiving aid or support (not a visitor: "received a mission from the OSCE" hosts it)."""
    return not trig.nominal and trig.type in ("AID", "SUPPORT") and lemma(trig.anchor) in roles.recipient_verbs()


def _target_token(doc: Doc, trig: Trigger, source: Token | None, groups: bool = True) -> Token | None:
    """The target: the first candidate that names an actor, from the event word, then from what it
    absorbed; with ``groups``, a group named by its kind as the object counts too."""
    if _receiving(trig):  # the receiver
        return roles.subject_of(trig.anchor)
    if trig.nominal:
        if _patient_possessor(trig):
            return next(c for c in trig.anchor.children if c.dep_ == "poss")
        found = roles.noun_target(trig.anchor)
        if found is None:  # "a hunger strike in protest of the government's refusal"
            found = next((t for t in roles.stance_targets(trig.anchor) if acts.is_actor(doc, t)), None)
        return found
    topic = trig.topic
    if trig.speech_request and topic is not None:
        if topic.pos_ in ("NOUN", "PROPN", "PRON"):  # a criticized state of affairs: its actor
            return acts.first_actor(topic)
        inner = roles.subject_of(topic)
        if inner is not None and (inner.pos_ != "PRON" or _dative(trig.anchor) is None):
            return inner
        return _dative(trig.anchor) or inner  # "issued a reminder to Iraq that it must ...": Iraq
    cands = [c for c in roles.target_candidates(trig.anchor) if c != topic]
    if trig.type == "ACCUSE" and not any(c.dep_ in ("dobj", "nsubjpass") and acts.is_actor(doc, c) for c in cands):
        # no one accused directly: the doer of the act complained of or investigated
        agent = roles.accused_agent(trig.anchor)
        cands = ([agent] if agent is not None else []) + cands
    if topic is not None:
        if topic.pos_ in ("NOUN", "PROPN") or topic.dep_ in ("dobj", "pobj"):
            cands += [t for t in (roles.noun_source(topic), roles.noun_target(topic, topic=True)) if t is not None]
        else:
            inner = roles.subject_of(topic)
            if inner is not None and inner != source and inner.pos_ != "PRON":
                cands.append(inner)
            cands += roles.target_candidates(topic)
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
        if trig.mode == "visit" and cand.dep_ == "pobj" and cand.head.lower_ == "from":
            continue  # "visiting from Moscow": where the visitor comes from, not the host
        if targets_.own_forces(cand, trig.type):
            continue
        if acts.is_actor(doc, cand) or groups and targets_.direct_group(doc, cand, trig.type):
            return cand
    found = _clause_target(doc, trig.anchor, source)
    if found is not None and trig.mode == "visit" and found.dep_ == "pobj" and found.head.lower_ == "from":
        return None
    return found


def _embedded_place(doc: Doc, verb: Token) -> Place | None:
    """The gazetteer place of the first locative of an embedded clause (``roles.locative_targets``)."""
    spots = {tok.i for tok in roles.locative_targets(verb)}
    for place in places_in(doc):
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if place.country and span is not None and span.root.i in spots:
            return place
    return None


def _located_actor(doc: Doc, verb: Token, visit: bool = False) -> list[ActorRef | None]:
    """A locative the gazetteer does not know but the actor KB does ("in East Timor"); for a
    visit, not where the visitor comes from ("visiting from Moscow")."""
    for tok in roles.locative_targets(verb):
        if visit and tok.dep_ == "pobj" and tok.head.lower_ == "from":
            continue
        ref = acts.actor_in(doc, tok)
        if ref is not None and ref.country:
            return [ref]
    return [None]


def _place_actor(place: Place, coded: str) -> ActorRef:
    """A place standing for its target; a town or region hit, blockaded or threatened stands for
    the people living there (the GSR codes them CVL)."""
    sector = "CVL" if place.precision != "country" and coded in PLACE_CIVILIAN_TYPES else None
    return ActorRef(start=place.start, end=place.end, text=place.text, name=place.name,
                    country=place.country, sector=sector, confidence=0.4)


def _dative(verb: Token) -> Token | None:
    """The "to X" recipient of a verb of telling ("issued a reminder to Iraq")."""
    found = [c for c in roles.target_candidates(verb) if c.dep_ == "pobj" and c.head.lower_ == "to"]
    return found[0] if found else None


def _clause_target(doc: Doc, verb: Token, source: Token | None) -> Token | None:
    """No recipient on the event word itself: look one or two clauses down, where a control or
    demand verb puts it ("demanded that the US match ...", "threatened to cut off power to X",
    "reiterated its demand that Israel ease ...")."""
    cands = roles.clause_targets(verb)
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


def _sources(doc: Doc, trig: Trigger, tok: Token | None) -> list[ActorRef | None]:
    """Source actors; a generic group ("a delegation") in reported speech takes the speaker's organisation."""
    refs = _actors(doc, tok)
    if tok is None or lemma(tok) not in roles.generic_agents():
        return refs
    if any(t.ent_type_ for t in roles.phrase(tok)):
        return refs  # the group is named by itself ("an Egyptian delegation")
    speaker = _speech_subject(trig.anchor)
    org = acts.organisation_of(doc, speaker) if speaker is not None else None
    if org is None:
        return refs
    span = roles.phrase(tok)
    return [ActorRef(start=span.start_char, end=span.end_char, text=span.text, actor_id=org.actor_id,
                     name=org.name, country=org.country, sector=org.sector, confidence=round(org.confidence * 0.8, 3))]


def _pairs(sources: list, targets: list) -> list[tuple[ActorRef | None, ActorRef | None]]:
    pairs = [(s, t) for s, t in product(sources, targets) if not _same(s, t)]
    if not pairs:
        return [(sources[0], None)]
    return pairs if len(pairs) <= MAX_PAIRS else pairs[:1]


_RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT", "ASSAULT"})


def _reciprocal(trig: Trigger) -> bool:
    """Two coordinated subjects doing it to each other ("India and China clashed")."""
    words = roles.reciprocal_words()
    return not trig.nominal and trig.type in _RECIPROCAL_TYPES and (
        lemma(trig.anchor) in words or (trig.topic is not None and lemma(trig.topic) in words))


def _mutual_pairs(sources: list) -> list[tuple[ActorRef | None, ActorRef | None]]:
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


def _evidence(doc: Doc, trig: Trigger, src: Token | None, tgt: Token | None) -> EvSpan:
    """The clause core: source phrase, auxiliaries and negation, the event word, its object or target."""
    anchor = trig.anchor
    sent = anchor.sent
    idx = [anchor.i, *(c.i for c in anchor.children if c.dep_ in ("aux", "auxpass", "neg"))]
    obj = tgt if tgt is not None else (None if trig.nominal else roles.object_of(anchor))
    if src is not None and src.dep_ in ("amod", "compound", "nmod", "poss") and src.head.pos_ == "NOUN":
        src = src.head  # "killed in an Israeli airstrike": the whole noun, not its modifier
    for tok in (src, obj, trig.topic):
        if tok is not None and sent.start <= tok.i < sent.end:
            span = roles.phrase(tok)
            idx += [span.start, span.end - 1]
    span = doc[min(idx): max(idx) + 1]
    return EvSpan(span.start_char, span.end_char, span.text)


def _embedding(tok: Token) -> int:
    """Clauses between the event and its sentence root, reported speech not counted."""
    speech = cues()["speech_lemmas"]
    return sum(1 for a in tok.ancestors if a.pos_ in ("VERB", "AUX") and lemma(a) not in speech)


def _confidence(trig: Trigger, source: ActorRef | None, target: ActorRef | None) -> float:
    score = 0.55 if trig.nominal else 0.7
    if source is not None and source.country:
        score += 0.1
    if target is not None and target.country:
        score += 0.05
    score -= 0.08 * min(_embedding(trig.anchor), 4)
    if trig.anchor.dep_ in ("acl", "relcl"):
        score -= 0.15  # a participle or relative clause is background to the sentence's news
    return round(max(0.05, min(0.95, score)), 3)


# ASSAULT modes a weapon named in the sentence may replace (a verb's default, not a specific method).
_GENERIC_ASSAULT_MODES = {None, "firearms", "heavy-weapons", "aerial", "explosives"}


def _mode(trig: Trigger, coded: str) -> str | None:
    """The event's mode: the weapon named in its sentence for an assault ("killed in a car bomb
    explosion" -> explosives), the threatened action's for a THREATEN reduced from a future one."""
    if coded == "THREATEN" and trig.type != "THREATEN":
        return threat_mode(trig.type, trig.mode)
    if trig.type != "ASSAULT" or trig.mode not in _GENERIC_ASSAULT_MODES:
        return trig.mode
    table = instruments()
    hits = [table[t.lemma_.lower()] for t in trig.anchor.sent if t.lemma_.lower() in table]
    return max(hits, key=lambda h: h[1])[0] if hits else trig.mode


def _quote_id(doc: Doc, start: int) -> str | None:
    for quote in doc._.quotes or []:
        if any(c.start <= start < c.end for c in quote.content):
            return quote.id
    return None


def _key(ref: ActorRef | None) -> str | None:
    return None if ref is None else (ref.actor_id or ref.text)


def _targets(doc: Doc, trig: Trigger, src_tok: Token | None, tgt_tok: Token | None, place: Place | None,
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
        tgt_tok = _target_token(doc, trig, src_tok, groups=False)
    targets = [targets_.city_hit(targets_.placed(doc, ref, place), coded) for ref in _actors(doc, tgt_tok)]
    if targets == [None]:
        where = place if place is not None and place.country else _embedded_place(doc, trig.anchor)
        targets = [_place_actor(where, coded)] if where is not None else _located_actor(
            doc, trig.anchor, visit=trig.mode == "visit")
    if targets == [None] and group is not None:
        targets = [group]
    return targets, tgt_tok


def _names_someone(verb: Token) -> bool:
    """The verb's subject or object is a name or a pronoun ("He is accused of ...")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.pos_ in ("PRON", "PROPN") for c in verb.children)


def _origin(doc: Doc, place: Place) -> bool:
    """The place is where someone comes from ("from Moscow")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ == "from"


_AUTHORITY_TYPES = frozenset({"ACCUSE", "COERCE", "SANCTION"})


def _authorities_act(trig: Trigger, src_tok: Token | None, place: Place | None) -> bool:
    """A legal or coercive act in the passive with no doer, placed in a country (not a region:
    who arrests in the West Bank is not told by the place)."""
    return (src_tok is None and not trig.nominal and trig.type in _AUTHORITY_TYPES and roles.is_passive(trig.anchor)
            and place is not None and bool(place.country) and place.precision == "country")


def _events_for(doc: Doc, trig: Trigger, sent_counts: list) -> list[Event]:
    article_id = doc._.article.id if doc._.article is not None else ""
    src_tok = _source_token(trig)
    if src_tok is not None and lemma(src_tok) in non_agents():
        return []  # a disaster, not an actor's doing
    tgt_tok = _target_token(doc, trig, src_tok)
    value, resolved = event_date(doc, trig)
    mod = modality(trig.anchor, value, resolved, _dct(doc))
    coded = plover_type(trig.type, mod, conditional(trig.anchor))
    mode = _mode(trig, coded)
    cameo, goldstein = to_cameo(coded, mode)
    place = place_for(doc, trig.anchor) or (place_for(doc, trig.topic) if trig.topic is not None else None)
    if place is not None and trig.mode == "visit" and _origin(doc, place):
        place = None  # "visiting from Moscow": the visit is not in Moscow
    counts = list(sent_counts) if trig.type in COUNT_TYPES or coded in COUNT_TYPES else []
    targets, tgt_tok = _targets(doc, trig, src_tok, tgt_tok, place, coded)
    evidence = _evidence(doc, trig, src_tok, tgt_tok)
    sources = targets_.group_source(doc, src_tok, _sources(doc, trig, src_tok), place, coded)
    if sources == [None] and trig.type == "ASSAULT" and place is not None and place.country:
        # an attack by nobody named ("a roadside bombing near Samarra killed ..."): unidentified
        # attackers in the place's country, as PLOVER/CAMEO coders code it (UAF: unidentified armed forces)
        sources = [ActorRef(start=place.start, end=place.end, text=place.text, name="unidentified attackers",
                            country=place.country, sector="UAF", confidence=0.3)]
    if sources == [None] and _authorities_act(trig, src_tok, place):
        # "a US national has been put under investigation in Italy": the country's authorities did it
        sources = [ActorRef(start=place.start, end=place.end, text=place.text, name=f"{place.name} authorities",
                            country=place.country, sector="GOV", confidence=0.3)]
    if trig.role == "visit" and (sources == [None] or sources[0].sector in ("CVL", "REF")):
        return []  # "aid continues to arrive", "refugees returned to their villages" are no visits
    if "visit" in (trig.role, trig.mode) and sources[0] is not None and sources[0].country is None \
            and sources[0].sector is None:
        return []  # "his daughter Yulia, who was visiting from Moscow": a private person's trip
    if trig.type == "ACCUSE" and sources == [None] and targets == [None] and not _names_someone(trig.anchor):
        return []  # "the blast has been blamed on the detonation of ...": blame with no one on either side
    # nobody, nowhere, no one counted ("victims were pulled from rubble"): kept, at a low confidence
    bare = src_tok is None and targets == [None] and not counts and place is None
    out = []
    mutual = tgt_tok is None and _reciprocal(trig) and sum(s is not None for s in sources) >= 2
    pairs = _mutual_pairs(sources) if mutual else _pairs(sources, targets)
    many = len(sources) * (len(sources) - 1) if mutual else len(sources) * len(targets)
    if trig.type == "CONSULT" and many > MAX_PAIRS:
        mode = "multilateral"  # a meeting of many is one multilateral CONSULT
    for source, target in pairs:
        out.append(Event(
            id=record_id(article_id, "event", trig.type, evidence.start, _key(source), _key(target)),
            type=trig.type, evidence=evidence, mode=mode, context=list(trig.context), modality=mod,
            source=source, target=target, date=value, date_resolved=resolved, location=place,
            counts=counts, quote_id=_quote_id(doc, evidence.start),
            confidence=round(_confidence(trig, source, target) * (0.4 if bare else 1.0), 3),
            cameo=cameo, goldstein=goldstein,
            plover_type=coded,
        ))
    return out


def _shouting(sent: Span) -> bool:
    """An all-capitals line (a headline or on-screen text: "WHO HAS SIGNED"): the parser and the
    entity tagger misread it ("WHO" the health agency), so it codes no event."""
    words = [t.text for t in sent if t.is_alpha]
    return len(words) >= 2 and all(w.isupper() for w in words)


def events_in(doc: Doc, sent: Span) -> list[Event]:
    """The events of one sentence."""
    if _shouting(sent):
        return []
    triggers = triggers_in(sent)
    if not triggers:
        return []
    sent_counts = counts_in(doc, sent)
    return [ev for trig in triggers for ev in _events_for(doc, trig, _own_counts(doc, trig, triggers, sent_counts))]


def _own_counts(doc: Doc, trig: Trigger, triggers: list[Trigger], counts: list) -> list:
    """The sentence's counts that belong to this event: those in its own clause ("bombed ...,
    killing 11, while tanks shelled ..." gives the shelling none), and those in no event's clause."""
    def clause(t: Trigger) -> set[int]:
        return {tok.i for tok in t.anchor.subtree}

    def token(count) -> int | None:
        span = doc.char_span(count.start, count.end, alignment_mode="expand")
        return span.root.i if span is not None else None

    own, others = clause(trig), [clause(t) for t in triggers if t is not trig and not t.nominal]
    out = []
    for count in counts:
        i = token(count)
        if i is None or i in own or not any(i in other for other in others):
            out.append(count)
    return out


def events_component(doc: Doc) -> Doc:
    """Store ``doc._.events``: PLOVER events sorted by evidence start."""
    events = [ev for sent in doc.sents for ev in events_in(doc, sent)]
    seen: set[str] = set()
    unique = [ev for ev in events if not (ev.id in seen or seen.add(ev.id))]
    doc._.events = sorted(unique, key=lambda e: (e.evidence.start, e.evidence.end, e.type, e.id))
    return doc


@Language.factory("dateline_events")
def make_events(nlp: Language, name: str):
    """The events stage; lexicons and the gazetteer load here, once, not on the first article."""
    verbs(), nouns(), cues(), instruments(), gazetteer(), homonyms(), lexicon(), to_cameo("AGREE")
    return events_component
