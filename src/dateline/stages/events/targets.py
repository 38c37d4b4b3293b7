"""Target conventions of the events stage for recipients named by kind, by place, or not at all.

A group named only by its kind as the object ("arrested dozens of protesters", "clashed with
riot police") is the target (:func:`direct_group`, :func:`group_target`): its title's sector and
the country of the event's place, else (for a COERCE, or an opposition, legislature or court)
the doer's own, else (for an ASSAULT or
THREATEN) the nearest other country of the sentence; a doer named by its kind takes the place's
country (:func:`group_source`). What a verb of sending sends ("sent 500 troops to X") and the forces a
withdrawal or mobilisation moves are never the target (:func:`sent`, :func:`own_forces`). An
entity with no code takes the country of the event's place (:func:`placed`); a capital hit by an
ASSAULT, COERCE or THREATEN stands for its people (:func:`city_hit`).
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Token

from dateline.knowledge.kb import kb_of
from dateline.model import ActorRef, Place
from dateline.stages.events import actors as acts
from dateline.stages.events import roles
from dateline.stages.events.lexicon import lemma
from dateline.stages.syntax import by_offset

# Event types whose place, hit or blockaded, stands for the people living there (CVL).
PLACE_CIVILIAN_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN", "PROTEST"})
# Prepositions whose object group is the target ("clashed with riot police", "fired at protesters").
_GROUP_PREPS = ("with", "against", "at", "on", "upon", "toward", "towards")
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "him", "her", "them", "us", "himself", "herself",
                       "itself", "themselves", "ourselves"})
# Sectors of bodies above or outside states: a place lends them no country.
_STATELESS = frozenset({"IGO", "NGO"})
# Sectors of bodies inside a state: a group of them named by kind is of the doer's country.
_DOMESTIC = frozenset({"OPP", "LEG", "JUD"})
# Political offices and bodies: with no country in the sentence, the article's country (a coup
# article's "the president was detained"), as the actors stage resolves them.
_POLITICAL = frozenset({"GOV", "OPP", "LEG", "JUD"})
# Sectors of armed forces: what a withdrawal or mobilisation moves.
_FORCES = frozenset({"MIL", "REB", "COP"})


def own_forces(tok: Token, typ: str) -> bool:
    """The forces a withdrawal or mobilisation moves ("withdrew 2,000 Syrian troops from Lebanon",
    "mobilized army reservists") are the doer's own, never the target."""
    if typ not in ("RETREAT", "MOBILIZE") or tok.dep_ not in ("dobj", "nsubjpass"):
        return False
    group = acts.group_noun(tok) or (tok if tok.pos_ == "NOUN" else None)
    if group is None:
        return False
    return kb_of(group.doc).title_sector(group.lemma_) in _FORCES


def direct_group(doc: Doc, tok: Token, typ: str) -> bool:
    """A group named only by its kind as the direct object ("arrested dozens of protesters",
    "banned women from ..."): the target, before any place named further on; not what a verb of
    sending sends ("sent 500 troops to X")."""
    opponent = tok.dep_ == "pobj" and tok.head.lower_ in _GROUP_PREPS and tok.head.head.pos_ in ("VERB", "AUX")
    if not (tok.dep_ in ("dobj", "nsubjpass", "dative") or opponent) or sent(tok):
        return False
    return group_target_ok(doc, tok, typ)


def sent(tok: Token) -> bool:
    """What a verb of sending sends ("sent 500 Chinese troops", "troops were deployed"), unless the
    verb says "with" ("provided Iraq with weapons": Iraq receives)."""
    verb = tok.head
    return tok.dep_ in ("dobj", "nsubjpass") and lemma(verb) in roles.transfer_verbs() and not any(
        c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)


def placed(doc: Doc, ref: ActorRef | None, place: Place | None) -> ActorRef | None:
    """An entity with no code at all (an unknown facility or firm) takes the country of the place
    where the event happens ("dispatched inspectors to Esfahan Uranium Conversion Facilities in
    central Iran" -> IRN), at a lower confidence; not a person (where someone is detained is not
    their nationality)."""
    if ref is None or ref.country or ref.sector or place is None or not place.country:
        return ref
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is not None and any(t.ent_type_ == "PERSON" for t in span):
        return ref
    return dataclasses.replace(ref, country=place.country, confidence=round(ref.confidence * 0.7, 3))


def group_target_ok(doc: Doc, tok: Token | None, coded: str) -> bool:
    """A bare group as the target: not a named actor, not the doer's own people ("mobilized
    reservists", "withdrew troops", "its troops": the forces a MOBILIZE, RETREAT or CONCEDE moves
    are the doer's own; "released 24 hostages" are the target)."""
    if tok is None or coded == "MOBILIZE" or acts.is_actor(doc, tok):
        return False
    group = acts.group_noun(tok)
    if group is None or any(c.dep_ == "poss" for c in (*tok.children, *group.children)):
        return False
    forces = kb_of(group.doc).title_sector(group.lemma_) in _FORCES
    return not (forces and coded in ("RETREAT", "CONCEDE"))


def group_target(doc: Doc, group: Token, place: Place | None, src_tok: Token | None, coded: str) -> ActorRef:
    """A target named only by its kind ("protesters", "women"): the title's sector; the country of
    the event's place, else, for a coercion, the doer's own (police arrest their country's
    protesters), for an attack or threat the nearest other country named in the sentence, else
    none (the caller then prefers a named recipient: whose hostages are released is not guessed)."""
    span = roles.phrase(group)
    sector = _group_sector(group)
    source = acts.actor_in(doc, src_tok) if src_tok is not None else None
    country = place.country if place is not None and sector not in _STATELESS else None
    if country is None and source is not None and (coded == "COERCE" or sector in _DOMESTIC):
        # police arrest, ban, disperse their own country's people; a president accuses his opposition
        country = source.country
    if country is None and source is not None and source.country and source.sector in ("COP", "MIL", "GOV") \
            and lemma(group) in roles.protester_nouns():
        country = source.country  # "security forces opened fire on demonstrators": their own country's
    if country is None and coded in ("ASSAULT", "THREATEN"):  # victims: near the attack's country words
        sentence = group.sent
        near = [a for a in by_offset(doc, "actors").starting_in(sentence.start_char, sentence.end_char) if a.country
                and a.text.lower() not in _PRONOUNS  # "they blew themselves up": the doer again
                and (source is None or not (a.start < source.end and source.start < a.end))]
        near = [a for a in near if a.sector != "JRN"] or near  # a news outlet only when nothing else
        country = min(near, key=lambda a: abs(a.start - span.start_char)).country if near else None
    if country is None and sector in _POLITICAL:  # "the president was detained": the article's own
        found = acts.actor_in(doc, group)
        country = found.country if found is not None else None
    return ActorRef(start=span.start_char, end=span.end_char, text=span.text, name=span.text,
                    actor_id="c:" + country if country else None, country=country, sector=sector, confidence=0.4)


def group_source(doc: Doc, tok: Token | None, sources: list[ActorRef | None],
                 place: Place | None, coded: str = "") -> list[ActorRef | None]:
    """A doer named only by its kind with no country ("Hundreds of thousands of people blocked
    streets in Hong Kong") is of the country of the event's place; not troops pulling out of it
    ("some troops pulled out of southern Lebanon" are foreign there)."""
    if tok is None or place is None or not place.country or any(s is not None and s.country for s in sources):
        return sources
    if coded in ("RETREAT", "CONCEDE"):
        return sources
    group = acts.group_noun(tok)
    if group is None or any(c.dep_ == "poss" for c in group.children) or _group_sector(group) in _STATELESS:
        return sources  # "the international community" is of no country
    span = roles.phrase(tok)
    return [ActorRef(start=span.start_char, end=span.end_char, text=span.text, name=span.text,
                     actor_id="c:" + place.country, country=place.country, sector=_group_sector(group),
                     confidence=0.4)]


def _group_sector(group: Token) -> str | None:
    """A title modifier names the body the group belongs to ("rebel leader" REB, "police officers"
    COP, "opposition leader" OPP); else the group noun's own sector."""
    kb = kb_of(group.doc)
    for mod in (c for c in group.children if c.dep_ in ("amod", "compound")):
        sector = kb.title_sector(mod.lemma_) or kb.title_sector(mod.text)
        if sector is not None:
            return sector
    return kb.title_sector(group.lemma_) or kb.title_sector(group.text)


def city_hit(doc: Doc, ref: ActorRef | None, coded: str) -> ActorRef | None:
    """A capital attacked, blockaded or threatened ("would blockade Paris") stands for its people,
    not its government (CVL, as for a place; "Moscow said" stays GOV)."""
    if ref is None or ref.sector != "GOV" or coded not in PLACE_CIVILIAN_TYPES - {"PROTEST"}:
        return ref
    if kb_of(doc).country_word_kind(ref.text) != "capital":
        return ref
    return dataclasses.replace(ref, sector="CVL")
