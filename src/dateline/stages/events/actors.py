"""Resolving the phrases of event roles to actors (for :mod:`dateline.stages.events.coder`).

:func:`actor_in` gives the actor of a role phrase: a pronoun possessive's owner ("its troops"),
the person or group a wrapper noun is about ("the resignation of President X"), the phrase's own
actor from the actors stage (``dateline.stages.actors.resolve_phrase`` / ``actor_at``; else a place
name's country), an apposed name, or an actor named inside it.
:func:`is_actor` is the cheap test used while searching roles: a name, an actor of the actors
stage, a named possessor or modifier, or a counted group of actors; a name reached through a
place preposition or a clause ("streets in Hong Kong", "the decision of sending troops to Iraq")
does not make the phrase an actor. :func:`group_noun` finds a group named only by its kind
("dozens of protesters"); :func:`organisation_of` a person's organisation ("Hamas official X").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dateline.knowledge.kb import kb_of
from dateline.model import ActorRef
from dateline.stages.actors import actor_at, resolve_phrase
from dateline.stages.events.roles import (
    ACTOR_LABELS,
    QUANTITY_NOUNS,
    adversary_nouns,
    counted,
    country_word,
    member_nouns,
    phrase,
    pronoun_owner,
    unnamed_attackers,
)
from dateline.stages.syntax import ents_in, objects  # ents_in: Span.ents walks every entity of the Doc


def _fallback(span: Span) -> ActorRef | None:
    for ent in ents_in(span):
        if ent.label_ in ACTOR_LABELS:
            country = country_word(ent)
            return ActorRef(start=span.start_char, end=span.end_char, text=span.text,
                            name=ent.text, country=country, confidence=0.4)
    return None


def resolve(doc: Doc, tok: Token) -> ActorRef | None:
    """The actor for the phrase headed by ``tok`` (None for non-actors like "the plan"); cached per Doc."""
    cache = doc.user_data.setdefault("dateline_events_actors", {})
    if tok.i not in cache:
        cache[tok.i] = _unidentified(tok, _resolve(doc, tok))
    return cache[tok.i]


def _unidentified(tok: Token, ref: ActorRef | None) -> ActorRef | None:
    """An attacker the text does not identify ("terrorist bombings of the U.S. embassies", "a gunman opened
    fire on Israeli soldiers"): no country borrowed from the sentence, whose countries are the victims'
    (``roles.yaml`` unnamed_attackers); a country word of its own stays ("a Palestinian gunman")."""
    if ref is None or not ref.country or tok.lemma_.lower() not in unnamed_attackers():
        return ref
    if any(t.ent_type_ in ACTOR_LABELS for t in phrase(tok)):
        return ref
    return ActorRef(start=ref.start, end=ref.end, text=ref.text, name=ref.name, sector=ref.sector,
                    confidence=ref.confidence)


def _could_be_actor(span: Span) -> bool:
    """Cheap filter before the full resolution: a name, a pronoun or a title/group noun in the phrase."""
    if any(t.ent_type_ or t.pos_ in ("PROPN", "PRON") for t in span):
        return True
    return any(title_sector(t) for t in span if t.pos_ in ("NOUN", "ADJ"))


def _adversary_span(tok: Token, span: Span) -> Span:
    """An adversary noun's phrase without its possessor: "Mr. Ahmadinejad's rivals", "his captors"
    are not Ahmadinejad nor the captive (``roles.yaml`` adversary_nouns)."""
    owners = [c for c in tok.children if c.dep_ == "poss"]
    if not owners or tok.lemma_.lower() not in adversary_nouns():
        return span
    return tok.doc[max(span.start, owners[-1].right_edge.i + 1):span.end]


_FIRST_SINGULAR = frozenset({"i", "me", "my"})
_FIRST_PLURAL = frozenset({"we", "us", "our"})


def _speaker_of(doc: Doc, tok: Token) -> ActorRef | None:
    """"I"/"we" inside a quote: its speaker, or the country and sector the speaker acts for
    ("'We will be providing relief,' she said" -> the speaker's government)."""
    for quote in doc._.quotes or []:
        speaker = quote.speaker
        if speaker is None or not speaker.country or not any(c.start <= tok.idx < c.end for c in quote.content):
            continue
        if tok.lower_ in _FIRST_SINGULAR:
            return ActorRef(start=tok.idx, end=tok.idx + len(tok), text=tok.text, actor_id=speaker.actor_id,
                            name=speaker.name, country=speaker.country, sector=speaker.sector, confidence=0.6)
        return ActorRef(start=tok.idx, end=tok.idx + len(tok), text=tok.text, actor_id="c:" + speaker.country,
                        name=kb_of(doc).country_names.get(speaker.country, speaker.country),
                        country=speaker.country, sector=speaker.sector, confidence=0.5)
    return None


_DASHES = frozenset({"-", "–", "—"})


def _hyphenated(tok: Token) -> bool:
    """One name of a hyphenated pair of actors ("Israel-Hezbollah", "US-China")."""
    doc = tok.doc
    after = tok.i + 2 < len(doc) and doc[tok.i + 1].text in _DASHES and doc[tok.i + 2].ent_type_ in ACTOR_LABELS
    before = tok.i >= 2 and doc[tok.i - 1].text in _DASHES and doc[tok.i - 2].ent_type_ in ACTOR_LABELS
    return tok.ent_type_ in ACTOR_LABELS and (after or before)


def _resolve(doc: Doc, tok: Token) -> ActorRef | None:
    if _hyphenated(tok):
        found = _kb_actor(doc, doc[tok.i:tok.i + 1])
        if found is not None:
            return found
    if tok.pos_ == "PRON" and tok.text.lower() in _FIRST_SINGULAR | _FIRST_PLURAL and tok.text != "US":
        return _speaker_of(doc, tok)
    span = _adversary_span(tok, phrase(tok))
    ref = actor_at(doc, span.start_char, span.end_char)
    if ref is not None and tok.ent_type_ == "GPE" and tok.dep_ == "pobj" and (
            ref.start < span.start_char or ref.end > span.end_char):
        # a country named as the place of a wider actor ("its troops from Lebanon"): the country itself
        country = country_word(span)
        if country is not None:
            return ActorRef(start=span.start_char, end=span.end_char, text=span.text, actor_id="c:" + country,
                            name=span.text, country=country, confidence=0.8)
    if (ref is None or ref.country is None) and _could_be_actor(span):
        ref = resolve_phrase(doc, span) or ref
    elif ref is not None:
        sector = ref.sector
        if ref.start > tok.idx and _is_title(tok) and tok.lemma_.lower() not in QUANTITY_NOUNS:
            # a place or owner after a group the actors stage left alone ("Moslem forces in east
            # Bosnia", "workers of the bus company of Tehran"): the group's own sector, its country
            sector = title_sector(tok)
        ref = ActorRef(start=span.start_char, end=span.end_char, text=span.text, actor_id=ref.actor_id,
                       name=ref.name, country=ref.country, sector=sector, confidence=ref.confidence)
    if ref is not None and _person_as_group(tok, ref):
        return None  # "he has been kidnapped" chained to "the military forces": a coreference slip
    if ref is not None and _owner_only(tok, ref):
        # "his own party urged him", "Tsvangirai's lawyers": the owner's country, not the owner
        return ActorRef(start=span.start_char, end=span.end_char, text=span.text, actor_id="c:" + ref.country,
                        name=span.text, country=ref.country, sector=title_sector(tok) or ref.sector,
                        confidence=round(ref.confidence * 0.8, 3))
    return ref if ref is not None else _fallback(span)


def _owner_only(tok: Token, ref: ActorRef) -> bool:
    """The actor found is a person owning the phrase's head ("his own party", "Zelaya's lawyers"),
    not the head itself (found before the head, or a group or body of people around him)."""
    owners = [c for c in tok.children if c.dep_ == "poss" and (c.pos_ == "PRON" or c.ent_type_ == "PERSON")]
    person = (ref.actor_id or "").startswith("p:") or any(c.lower_ in ("his", "her") for c in owners)
    if tok.pos_ != "NOUN" or not ref.country or not person or not owners:
        return False  # "Iran's supreme leader, Ayatollah Ali Khamenei" is him
    return ref.end <= tok.idx or title_sector(tok) is not None or tok.lemma_.lower() in member_nouns()


_PERSONAL = frozenset({"he", "she", "him", "her"})


def _person_as_group(tok: Token, ref: ActorRef) -> bool:
    """A personal pronoun resolved to a plural group ("forces", "troops"), or a "his"/"her" owner
    resolved to an organisation ("His focus" chained to Hamas)."""
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
    if owner is not None and ref.start <= owner.idx < ref.end and (ref.actor_id or "").startswith("o:"):
        return True
    if tok.lower_ not in _PERSONAL:
        return False
    words = (ref.name or ref.text).split()
    return bool(words) and words[-1].lower().endswith("s") and kb_of(tok.doc).title_sector(words[-1]) is not None


def is_actor(doc: Doc, tok: Token) -> bool:
    """Cheap test: is the phrase's head an actor (of the actors stage, or a name), or owned by a named one
    ("Hamas' terms")? A pronoun possessive is not enough ("their homes")."""
    if tok.ent_type_ in ACTOR_LABELS:
        return True
    if actor_at(doc, tok.idx, tok.idx + len(tok)) is not None:
        return True
    if any(c.dep_ in ("poss", "compound", "amod", "nmod") and c.ent_type_ in ACTOR_LABELS for c in tok.children):
        return True
    if tok.ent_type_ not in ("MONEY", "QUANTITY", "PERCENT", "DATE") and any(
            c.dep_ == "appos" and c.ent_type_ in ("PERSON", "ORG") for c in tok.children):
        return True  # "one of the most wanted suspects, Radovan Karadzic" (not "$111 million (U.S.)")
    if tok.pos_ in ("NOUN", "PROPN") and _owns_name(tok):
        ref = resolve(doc, tok)  # a coded group with no name of its own ("the Taliban religious faction")
        if ref is not None and (ref.country or ref.sector in ("IGO", "NGO")):
            return True
    # "scores of Liberian refugees", "dozens of civilians": the counted group
    return any(is_actor(doc, g) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj" and tok.lemma_.lower() in QUANTITY_NOUNS)


def _owns_name(tok: Token) -> bool:
    """A name in ``tok``'s phrase that belongs to it: not the place it is in ("streets in Hong Kong")
    nor inside a clause ("the decision of sending troops to Iraq")."""
    return any(sub.ent_type_ in ACTOR_LABELS and not _blocked(sub, tok) for sub in phrase(tok))


_PLACE_PREPS = frozenset({"in", "from", "on", "near", "along", "at", "across", "inside", "outside", "off"})


def _blocked(sub: Token, head: Token) -> bool:
    """A verb or a place preposition between ``sub`` and its phrase head ``head``."""
    cur = sub.head
    while cur.i != head.i and cur.head.i != cur.i:
        if cur.pos_ in ("VERB", "AUX"):
            return True
        if cur.dep_ == "prep" and cur.lower_ in _PLACE_PREPS and not _is_title(cur.head):
            return True  # "streets in Hong Kong" (but "the peacekeeping force in Lebanon" is Lebanon's)
        cur = cur.head
    return False


def group_noun(tok: Token) -> Token | None:
    """The group noun a phrase names with no name of its own ("protesters", "dozens of
    journalists", "women"): the title/group word (of a counted group, the counted one), else None."""
    if tok.pos_ not in ("NOUN", "PROPN") or any(t.ent_type_ in ACTOR_LABELS for t in phrase(tok)):
        return None
    if tok.lemma_.lower() in QUANTITY_NOUNS:
        inner = counted(tok)
        return group_noun(inner) if inner is not tok else None
    return tok if title_sector(tok) else None


def _owned_group(doc: Doc, tok: Token) -> ActorRef | None:
    """"its jets", "their troops": the owner's country, the group noun's sector (else the owner's);
    not "his captors", "their attackers" (``roles.yaml`` adversary_nouns: the owner's opponents)."""
    if tok.lemma_.lower() in adversary_nouns():
        return None
    owner = pronoun_owner(tok)
    ref = actor_in(doc, owner) if owner is not None else None
    if ref is None or not ref.country:
        return None
    span = phrase(tok)
    sector = title_sector(tok)
    # "his party" is not him (his country, not his name); "his determination to ..." is his
    personal = (ref.actor_id or "").startswith("p:") or any(
        c.dep_ == "poss" and c.lower_ in ("his", "her") for c in tok.children)
    person = personal and (sector is not None or tok.lemma_.lower() in member_nouns())
    return ActorRef(start=span.start_char, end=span.end_char, text=span.text,
                    actor_id="c:" + ref.country if person else ref.actor_id, name=span.text if person else ref.name,
                    country=ref.country, sector=sector or ref.sector, confidence=round(ref.confidence * 0.8, 3))


def actor_in(doc: Doc, tok: Token) -> ActorRef | None:
    """An actor for ``tok``'s phrase, else the first actor named inside it ("Hamas' terms" -> Hamas)."""
    owned = _owned_group(doc, tok)
    if owned is not None:
        return owned
    inner = _of_actor(doc, tok)
    if inner is not None:
        return inner
    ref = resolve(doc, tok)
    if ref is not None and ref.country:
        return ref
    for child in tok.children:  # an apposed name: "the Federal Minister for Interior, Aftab Sherpao"
        if child.dep_ == "appos" and not _after_clause(tok, child):
            named = resolve(doc, child)
            if named is not None and named.country:
                return named
    if ref is not None:
        return _with_place_country(doc, tok, ref)
    adversary = tok.lemma_.lower() in adversary_nouns()
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "nmod", "amod") and child.ent_type_ in ACTOR_LABELS \
                and not (adversary and child.dep_ == "poss"):
            return resolve(doc, child)
        if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):  # "doctors from two American aid groups"
            objs = objects(child)
            if objs and any(t.ent_type_ in ACTOR_LABELS for t in phrase(objs[0])):
                found = resolve(doc, objs[0])
                if found is not None:
                    return found
    return None


def _after_clause(tok: Token, appos: Token) -> bool:
    """A name parsed as an apposition after a relative clause is the clause's object ("he and
    others who back Mr. Yanukovych"), not the phrase's name; a pronoun has no apposed name."""
    return tok.pos_ == "PRON" or any(c.dep_ == "relcl" and tok.i < c.i < appos.i for c in tok.children)


def first_actor(tok: Token) -> Token | None:
    """The first named actor inside ``tok``'s phrase ("the toll from Israel's offensive" -> Israel)."""
    for sub in tok.subtree:
        if sub.ent_type_ in ACTOR_LABELS:
            return sub
    return None


def organisation_of(doc: Doc, person: Token) -> ActorRef | None:
    """The organisation or country named in a person's phrase ("Hamas official Osama Hamdan" -> Hamas),
    from the knowledge base when it is installed; else the person's own country code."""
    span = phrase(person)
    for ent in ents_in(span):
        if ent.label_ in ("ORG", "NORP", "GPE") and not (ent.start <= person.i < ent.end):
            found = _kb_actor(doc, ent)
            if found is not None:
                return found
    ref = resolve(doc, person)
    if ref is None or not ref.country:
        return None
    return ActorRef(start=ref.start, end=ref.end, text=ref.text, country=ref.country, sector=ref.sector,
                    confidence=ref.confidence)


def _kb_actor(doc: Doc, ent: Span) -> ActorRef | None:
    kb = kb_of(doc)
    hits = kb.lookup(ent.text)
    date = doc._.article.date if doc._.article is not None else None
    if hits:
        country, sector = kb.code(hits[0].id, date)
        return ActorRef(start=ent.start_char, end=ent.end_char, text=ent.text, actor_id=hits[0].id,
                        name=hits[0].name, country=country, sector=sector, confidence=0.8)
    country = kb.country_of(ent.text)
    if country:
        return ActorRef(start=ent.start_char, end=ent.end_char, text=ent.text, country=country, confidence=0.6)
    return None


def _with_place_country(doc: Doc, tok: Token, ref: ActorRef) -> ActorRef:
    """A group with no code of its own takes the country of the place in its phrase ("a Christian
    missionary from Calgary" -> CAN); an IGO (sector set, no country) stays as it is."""
    if ref.country or ref.sector in ("IGO", "NGO"):
        return ref
    for ent in ents_in(phrase(tok)):
        if ent.label_ in ("GPE", "LOC"):
            country = country_word(ent)
            if country:
                return ActorRef(start=ref.start, end=ref.end, text=ref.text, actor_id=ref.actor_id,
                                name=ref.name, country=country, sector=ref.sector,
                                confidence=round(ref.confidence * 0.8, 3))
    return ref


def _of_actor(doc: Doc, tok: Token) -> ActorRef | None:
    """The actor of a wrapper noun's "of" complement: "the resignation of President X", "the welfare of
    2,000 Libyans" are about X and the Libyans (a title or group noun is no wrapper: "leader of X")."""
    if tok.pos_ != "NOUN" or tok.ent_type_ or _is_title(tok):
        return None
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in objects(prep):
            if is_actor(doc, obj):
                ref = resolve(doc, obj)
                if ref is not None and (ref.country or ref.sector):
                    return ref
    return None


def title_sector(tok: Token) -> str | None:
    """The sector of a title or group noun ("soldiers" MIL, "protesters" CVL), or of a generic noun
    with its modifier ("opposition parties" OPP, "the opposing party"), else None."""
    kb = kb_of(tok.doc)
    found = kb.title_sector(tok.lemma_) or kb.title_sector(tok.text)
    if found is None and tok.pos_ == "NOUN":
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.i == tok.i - 1]
        found = next((kb.title_sector(f"{m.lower_} {tok.lower_}") for m in mods), None)
    return found


def _is_title(tok: Token) -> bool:
    return bool(title_sector(tok)) or tok.lemma_.lower() in QUANTITY_NOUNS
