"""Place mentions: the NER GPE/LOC/FAC spans of a Doc found in the gazetteer, and the word that makes
each a location (its preposition or motion verb)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dateline.knowledge.gazetteer import Entry, cues, homonym_country, homonyms, lookup
from dateline.model import Place


def _direction(span: Span) -> Token | None:
    """A direction word modifying the place ("southern Israel"), kept in the place's text."""
    first = span[0]
    prev = span.doc[first.i - 1] if first.i > 0 else None
    if prev is not None and prev.lower_ in cues()["direction_words"] and prev.head.i in range(span.start, span.end):
        return prev
    return None


def _place(span: Span) -> Place | None:
    tokens = [t for t in span if t.lower_ != "the" and t.dep_ != "case"]
    if not tokens:
        return None
    core = span.doc[tokens[0].i: tokens[-1].i + 1]
    entry, designated = _trimmed_lookup(tokens)
    if entry is None:
        return None
    if entry.precision == "city":  # "Tripoli ... the north Lebanese port": Lebanon's Tripoli
        entry = homonyms().get(entry.name.lower(), {}).get(homonym_country(core, entry.country) or "", entry)
    direction = _direction(core)
    start_tok = direction if direction is not None else core[0]
    region = direction is not None or designated
    precision = "region" if region and entry.precision == "country" else entry.precision
    text_span = span.doc[start_tok.i: core.end]
    return Place(start=text_span.start_char, end=text_span.end_char, text=text_span.text, name=entry.name,
                 country=entry.country, admin1=entry.admin1, lat=entry.lat, lon=entry.lon, precision=precision)


def _trimmed_lookup(tokens: list[Token]) -> tuple[Entry | None, bool]:
    """The entry of a name, else of the name without its designator ("Montenegro province") and/or
    its leading direction word inside the entity ("Western Cambodia", "West Darfur State"); the
    flag says something was trimmed (the place is then a region of the entry)."""
    doc, first, last = tokens[0].doc, tokens[0].i, tokens[-1].i + 1
    designator = len(tokens) > 1 and tokens[-1].lower_ in cues()["designators"]
    direction = len(tokens) > 1 and tokens[0].lower_ in cues()["direction_words"]
    forms = [(first + lead, last - tail) for lead, tail in ((0, 0), (0, designator), (direction, 0),
                                                              (direction, designator))]
    for n, (start, end) in enumerate(dict.fromkeys(forms)):
        entry = lookup(doc[start:end].text) if end > start else None
        if entry is not None and (start == first or entry.precision != "city"):  # "West Africa" is no town
            return entry, n > 0
    return None, False


def find_places(doc: Doc) -> list[Place]:
    """Every resolved place mention of the Doc, in text order. A weak label (FAC, ...) is a place only
    where a preposition or motion verb makes it one."""
    c = cues()
    found = [_place(ent) for ent in doc.ents if ent.label_ in c["labels"] | c["weak_labels"]]
    weak = {ent.start_char for ent in doc.ents if ent.label_ in c["weak_labels"]}
    return [p for p in found if p is not None and (p.start not in weak or role_of(doc, p) is not None)]


def role_of(doc: Doc, place: Place) -> Token | None:
    """The word that makes the place a location: its preposition or motion verb, or the noun a town
    or region modifies ("the Salisbury attack": a location only for that noun's event), else None."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    c = cues()
    if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.lemma_.lower() not in c["place_nouns"]:
        # "the Salisbury attack": where the noun's event happened, if it is one ("U.S. aid" is the
        # doer's: a country modifying a noun names no place)
        return root.head if place.precision != "country" else None
    if root.dep_ in ("appos", "compound") and root.head.dep_ == "pobj":
        root = root.head  # "in the capital Kabul"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.dep_ == "pobj":
        root = root.head.head  # "near the town of Samarra", "outside the city of Basra"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in c["locative_preps"]:
        return root.head.head  # "outside of the city of Basra"
    if root.dep_ == "pobj" and root.head.lower_ in c["locative_preps"]:
        return root.head
    if root.dep_ == "pobj" and root.head.lower_ in c["motion_preps"] and root.head.head.lemma_ in c["motion_verbs"]:
        return root.head
    if root.dep_ == "dobj" and root.head.lemma_ in c["motion_verbs"]:
        return root.head
    return None
