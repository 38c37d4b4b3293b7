"""Places: the offline gazetteer and the location of an event."""

from __future__ import annotations

import pytest

from dateline.knowledge.gazetteer import RESOURCES, gazetteer, lookup
from dateline.stages.events.location import place_for


def test_geonames_city_and_country():
    cairo = lookup("Cairo")
    assert (cairo.country, cairo.precision) == ("EGY", "city")
    assert cairo.lat == pytest.approx(30.06, abs=0.1)
    israel = lookup("Israel")
    assert (israel.country, israel.precision) == ("ISR", "country")
    assert israel.lat is not None and 29 < israel.lat < 34  # population-weighted centroid


def test_bundled_additions_win_and_aliases():
    strip = lookup("the Gaza Strip")
    assert (strip.name, strip.country, strip.precision) == ("Gaza Strip", "PSE", "region")
    assert lookup("Khan Yunis").name == "Khan Younis"
    assert lookup("Donbas").country == "UKR"
    assert lookup("U.S.").country == "USA"
    assert lookup("Atlantis-on-Sea") is None


def test_bundled_file_is_well_formed():
    rows = [ln.split("\t") for ln in (RESOURCES / "gazetteer.tsv").read_text().splitlines()
            if ln.strip() and not ln.startswith("#")]
    assert rows and all(len(r) == 7 for r in rows)
    assert {r[6] for r in rows} <= {"country", "region", "city"}
    assert "rafah" in gazetteer()


def test_place_for_destination_and_direction(nlp):
    doc = nlp("Hamas official Osama Hamdan said a delegation would travel to Cairo for more talks.")
    travel = next(t for t in doc if t.lemma_ == "travel")
    place = place_for(doc, travel)
    assert place is not None and (place.text, place.country, place.precision) == ("Cairo", "EGY", "city")

    doc = nlp("The hostages were taken after Hamas' cross-border rampage into southern Israel on Oct. 7.")
    rampage = next(t for t in doc if t.lower_ == "rampage")
    place = place_for(doc, rampage)
    assert (place.text, place.name, place.country, place.precision) == ("southern Israel", "Israel", "ISR", "region")
    assert doc.text[place.start:place.end] == place.text


def test_actor_country_is_no_location(nlp):
    doc = nlp("Israel rejected the proposal.")
    assert [p.text for p in doc._.places] == ["Israel"]
    assert place_for(doc, doc[1]) is None  # a subject is an actor, not where it happened


def test_place_of_the_event_not_of_the_report(nlp):
    doc = nlp("Rebels exploded bombs in the capital Kabul, diplomatic sources in neighboring Pakistan said.")
    exploded = next(t for t in doc if t.lemma_ == "explode")
    assert place_for(doc, exploded).name == "Kabul"
    doc = nlp("Diplomatic sources in Pakistan said rebels kidnapped two advisers.")
    kidnapped = next(t for t in doc if t.lemma_ == "kidnap")
    assert place_for(doc, kidnapped) is None


def test_designator_words_are_dropped_when_the_name_is_unknown(nlp):
    doc = nlp("Serbia eased emergency measures on Wednesday in Montenegro province.")
    found = [(p.name, p.country, p.precision) for p in doc._.places if p.country == "MNE"]
    assert found == [("Montenegro", "MNE", "region")]


def test_direction_words_inside_unknown_names_are_dropped(nlp):
    doc = nlp("Troops shelled villages in Western Somalia and in West Darfur State on Monday.")
    found = {(p.text, p.country, p.precision) for p in doc._.places}
    assert ("Western Somalia", "SOM", "region") in found and ("West Darfur State", "SDN", "region") in found
    # a trimmed name never reaches a town, and world regions have no country
    doc = nlp("Aid workers arrived in West Africa and in Northern Ireland.")
    assert {(p.name, p.country) for p in doc._.places} == {("West Africa", None), ("Northern Ireland", "GBR")}
    assert lookup("Asia").country is None and lookup("East Timor").country == "TLS"


def test_shared_city_names_follow_the_sentence(nlp):
    doc = nlp("Militias clashed in Tripoli as shells hit the north Lebanese port.")
    assert [(p.name, p.country) for p in doc._.places if p.name == "Tripoli"] == [("Tripoli", "LBN")]
    doc = nlp("Militias clashed in Tripoli on Monday.")
    assert [p.country for p in doc._.places if p.name == "Tripoli"] == ["LBY"]  # the capital by default


def test_knowledge_base_regions_beat_foreign_alternate_names():
    assert (lookup("Borno").country, lookup("Borno").precision) == ("NGA", "region")  # not Borna, Germany
    assert lookup("Kherson").country == "UKR" and lookup("Kherson").precision == "city"  # geonames kept


def test_first_level_subdivisions_are_regions_of_their_country():
    from dateline.knowledge.gazetteer import lookup

    for name, iso3 in (("Sichuan", "CHN"), ("Helmand", "AFG"), ("Texas", "USA"), ("Ladakh", "IND")):
        entry = lookup(name)
        assert entry is not None and (entry.country, entry.precision) == (iso3, "region"), name
    assert lookup("Georgia").country == "GEO"  # the country, not the US state
    assert lookup("Kabul").precision == "city"  # the city, not the province


def test_the_place_of_another_event_noun_is_not_the_events(nlp):
    import dateline

    def located(text):
        events = dateline.extract(text, date="2018-03-27").events
        return [e.location.name if e.location else None for e in events if e.type == "SANCTION"]

    assert located("Britain expelled 23 diplomats over the attack in Salisbury.") == [None]
    text = "Three people were killed in an Israeli airstrike in Gaza."
    assert [e.location is not None for e in dateline.extract(text, date="2024-02-08").events] == [True]
    text = "A US national has been put under investigation in Italy for her role in rioting in Genoa."
    assert dateline.extract(text, date="2001-08-20").events[0].location.name == "Italy"


def test_a_town_modifying_an_event_noun_is_its_place_a_country_its_doer():
    import dateline

    attack = [e for e in dateline.extract("Britain blamed Russia for the Salisbury attack.", date="2018-03-27").events]
    assert not [e for e in attack if e.type == "ACCUSE" and e.location is not None]  # the attack's place
    aid = dateline.extract("Rice promised more U.S. assistance to Pakistan.", date="2005-10-12").events
    assert aid and all(e.location is None or e.location.country != "USA" for e in aid)
    texts = ("Trump ordered the expulsion of 60 Russians in the wake of the UK nerve agent attack.",
             "Trump ordered the expulsion of 60 Russians after the UK attack.")
    for text in texts:
        expel = [e for e in dateline.extract(text, date="2018-03-27").events if e.type == "SANCTION"]
        assert expel and expel[0].location is None, text


def test_a_subdivision_wins_over_a_small_towns_alternate_name_not_a_big_citys():
    from dateline.knowledge.gazetteer import lookup

    assert (lookup("Chiapas").country, lookup("Chiapas").precision) == ("MEX", "region")
    assert lookup("New York").precision == "city"  # New York City, not the state
