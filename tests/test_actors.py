"""The dateline_actors stage: KB people with dated roles, context resolution, coref, quotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from spacy.tokens import Doc

from dateline import nlp as nlp_module
from dateline.model import ActorRef, Article, Quote, Span
from dateline.stages.actors.linking import actor_at, resolve_phrase

SEED = Path(__file__).parents[1] / "examples" / "articles" / "000_2cc213d86c83265d.txt"


@pytest.fixture(scope="module")
def nlp():
    # Only the stages this one needs: the others are tested on their own.
    return nlp_module.load(stages=("dateline_entities", "dateline_actors"))


def seed_text() -> str:
    text = SEED.read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.lstrip().startswith("date") else text


def run(nlp, text: str, date: str | None = "2024-02-08", quotes=None, chains=None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.article = Article(id="t", date=date, text=text) if date else None
    if quotes is not None:
        doc._.quotes = quotes
    if chains is not None:
        if not Doc.has_extension("coref_chains"):
            Doc.set_extension("coref_chains", default=None)
        doc._.coref_chains = chains
    return nlp(doc)


def find(doc: Doc, text: str, nth: int = 0) -> ActorRef:
    hits = [a for a in doc._.actors if a.text == text]
    assert len(hits) > nth, (text, [a.text for a in doc._.actors])
    return hits[nth]


def code(ref: ActorRef | None) -> tuple:
    assert ref is not None
    return ref.country, ref.sector


@pytest.fixture(scope="module")
def seed(nlp) -> Doc:
    return run(nlp, seed_text())


def test_seed_people(seed):
    netanyahu = find(seed, "Israeli Prime Minister Benjamin Netanyahu")
    assert (netanyahu.actor_id, netanyahu.name, code(netanyahu)) == (
        "p:benjamin_netanyahu", "Benjamin Netanyahu", ("ISR", "GOV"))
    assert code(find(seed, "Netanyahu")) == ("ISR", "GOV")
    blinken = find(seed, "U.S. Secretary of State Antony Blinken")
    assert (blinken.actor_id, code(blinken)) == ("p:antony_blinken", ("USA", "GOV"))
    assert find(seed, "Blinken").name == "Antony Blinken"
    herzog = [a for a in seed._.actors if a.text.endswith("Isaac Herzog")][0]
    assert (herzog.actor_id, code(herzog)) == ("p:isaac_herzog", ("ISR", "GOV"))


def test_seed_hamas_and_its_official(seed):
    hamas = find(seed, "Hamas")
    assert (hamas.actor_id, code(hamas)) == ("o:hamas", ("PSE", "REB"))
    hamdan = find(seed, "Hamas official Osama Hamdan")
    assert (hamdan.name, code(hamdan)) == ("Osama Hamdan", ("PSE", "REB"))


def test_seed_groups_and_countries(seed):
    assert code(find(seed, "Israeli officials")) == ("ISR", "GOV")
    assert code(find(seed, "Gaza civilians")) == ("PSE", "CVL")
    assert code(find(seed, "Israel")) == ("ISR", None)  # a state named as an actor: no sector, as in the GSR
    assert code(find(seed, "Palestinians")) == ("PSE", "CVL")
    cairo = find(seed, "Cairo")  # "travel to Cairo": a place, not the Egyptian government
    assert code(cairo) == ("EGY", None)


def test_blinken_after_office(nlp):
    doc = run(nlp, seed_text(), date="2026-06-01")
    blinken = find(doc, "U.S. Secretary of State Antony Blinken")
    assert blinken.actor_id == "p:antony_blinken"
    assert code(blinken) == ("USA", None)


def test_a_namesake_is_not_the_known_person(nlp):
    """The KB's "González" (Edmundo González, VEN) is not Lazaro or Elian Gonzalez; a fuller or shorter form of
    a known person's name still is that person."""
    text = "Lazaro Gonzalez, the boy's great-uncle, refused. Elian Gonzalez stayed in Miami."
    doc = run(nlp, text, date="2000-04-01")
    assert all(a.actor_id != "p:edmundo_gonzalez" and a.country != "VEN" for a in doc._.actors)
    doc = run(nlp, "Hillary Rodham Clinton spoke before González did.", date="2024-08-01")
    assert {a.actor_id for a in doc._.actors} >= {"p:hillary_clinton", "p:edmundo_gonzalez"}


def test_a_surname_decades_before_the_kb_roles_is_a_namesake(nlp):
    """"Gonzalez" alone in 2000 (Elian's family) is not Edmundo González, whose KB roles start in 2024; in 2024
    it is him, and a surname near or after the roles still names its person ("Biden" in 1998)."""
    doc = run(nlp, "Gonzalez said the boy would stay in Miami.", date="2000-04-01")
    assert all(a.actor_id != "p:edmundo_gonzalez" and a.country != "VEN" for a in doc._.actors)
    doc = run(nlp, "Gonzalez said the vote was stolen.", date="2024-08-01")
    assert "p:edmundo_gonzalez" in {a.actor_id for a in doc._.actors}
    doc = run(nlp, "Biden said the treaty should be ratified.", date="1998-03-01")
    assert "p:joe_biden" in {a.actor_id for a in doc._.actors}


@pytest.mark.parametrize(("text", "phrase", "expected"), [
    ("A Russian soldier was wounded near the border.", "Russian soldier", ("RUS", "MIL")),
    ("Palestinian protesters marched in Ramallah on Friday.", "Palestinian protesters", ("PSE", "CVL")),
    ("The Israeli military said it struck a launch site.", "Israeli military", ("ISR", "MIL")),
    ("Moscow denied the report on Tuesday.", "Moscow", ("RUS", "GOV")),
    ("The Kremlin rejected the proposal.", "Kremlin", ("RUS", "GOV")),
    ("Senior Hungarian and Romanian officials met on Wednesday.", "Hungarian", ("HUN", "GOV")),
    ("Rebels in the Ivory Coast seized the town.", "Rebels in the Ivory Coast", ("CIV", "REB")),
])
def test_title_and_demonym_phrases(nlp, text, phrase, expected):
    assert code(find(run(nlp, text), phrase)) == expected


def test_unknown_person_from_context(nlp):
    text = ("Israeli Prime Minister Zev Marlowe met the envoy. Hamas official Kareem Zayyad rejected the plan. "
            "Later, Marlowe said talks would continue.")
    doc = run(nlp, text)
    marlowe = find(doc, "Israeli Prime Minister Zev Marlowe")
    assert code(marlowe) == ("ISR", "GOV")
    assert marlowe.actor_id.startswith("local:") and marlowe.name == "Zev Marlowe"
    zayyad = find(doc, "Hamas official Kareem Zayyad")
    assert code(zayyad) == ("PSE", "REB")
    again = find(doc, "Marlowe")
    assert (again.actor_id, code(again)) == (marlowe.actor_id, ("ISR", "GOV"))


def test_former_office_holder(nlp):
    doc = run(nlp, "Former Israeli Prime Minister Naftali Bennett criticised the deal.")
    bennett = [a for a in doc._.actors if a.actor_id == "p:naftali_bennett"][0]
    assert code(bennett) == ("ISR", "ELI")


def test_resolve_phrase_and_actor_at(nlp):
    text = "The Israeli army said Hamas fighters attacked a post. The militant group denied it."
    doc = run(nlp, text)
    army = doc.char_span(0, len("The Israeli army"))
    assert code(resolve_phrase(doc, army)) == ("ISR", "MIL")
    ref = resolve_phrase(doc, army)
    assert (ref.start, ref.end, ref.text) == (0, 16, "The Israeli army")
    start = text.index("Hamas fighters")
    assert actor_at(doc, start, start + len("Hamas fighters")).actor_id == "o:hamas"
    assert actor_at(doc, text.index("post"), text.index("post") + 4) is None


def test_coref_chain_carries_identity(nlp):
    @dataclass
    class Chain:
        id: str
        name: str
        label: str
        mentions: list = field(default_factory=list)

    text = "Netanyahu spoke on Wednesday. The prime minister said he would not yield."
    pm = text.index("The prime minister")
    he = text.index(" he ") + 1
    chain = Chain("local:abc", "Netanyahu", "PERSON", [(0, 9), (pm, pm + 18), (he, he + 2)])
    doc = run(nlp, text, chains=[chain])
    for start in (pm, he):
        ref = [a for a in doc._.actors if a.start == start][0]
        assert (ref.actor_id, code(ref)) == ("p:benjamin_netanyahu", ("ISR", "GOV"))


def test_quote_speakers_are_filled(nlp):
    text = "Hamas official Osama Hamdan said a delegation would travel to Cairo."
    end = text.index(" said")
    speaker = ActorRef(start=0, end=end, text=text[:end], actor_id="local:chain1", name="Osama Hamdan")
    content = text.index("a delegation")
    quote = Quote(id="q1", kind="indirect", speaker=speaker, cue=Span(end + 1, end + 5, "said"),
                  content=[Span(content, len(text) - 1, text[content:-1])])
    doc = run(nlp, text, quotes=[quote])
    filled = doc._.quotes[0].speaker
    assert (filled.actor_id, filled.name, filled.country, filled.sector) == (
        "p:osama_hamdan", "Osama Hamdan", "PSE", "REB")


def test_no_article_and_determinism(nlp):
    text = seed_text()
    first, second = run(nlp, text), run(nlp, text)
    assert first._.actors == second._.actors
    bare = run(nlp, "Antony Blinken met Benjamin Netanyahu.", date=None)
    assert [a.actor_id for a in bare._.actors] == ["p:antony_blinken", "p:benjamin_netanyahu"]


def test_month_granularity_date(nlp):
    doc = run(nlp, "Secretary of State Antony Blinken arrived in Cairo.", date="2024-02")
    assert code(find(doc, "Secretary of State Antony Blinken")) == ("USA", "GOV")


def test_stances_and_ethnic_groups_are_not_states(nlp):
    doc = run(nlp, "Ethnic Albanians in southern Serbia protested against anti-Hezbollah groups.")
    albanians = [a for a in doc._.actors if a.text.startswith("Albanians")][0]
    assert code(albanians) == ("SRB", "CVL")
    assert not [a for a in doc._.actors if a.actor_id == "o:hezbollah"]


def test_dated_organisation_code(nlp):
    text = "The Taliban seized the district."
    assert code(find(run(nlp, text, date="2019-05-01"), "Taliban")) == ("AFG", "REB")
    assert code(find(run(nlp, text, date="2023-05-01"), "Taliban")) == ("AFG", "GOV")


def test_bare_group_noun_borrows_the_sentence_country(nlp):
    text = "Police fired tear gas at crowds in Diyarbakir on Sunday."
    doc = run(nlp, text)
    ref = resolve_phrase(doc, doc[0:1])
    assert code(ref) == ("TUR", "COP") and ref.confidence < 0.5
    alone = run(nlp, "Police fired tear gas.")
    assert code(resolve_phrase(alone, alone[0:1])) == (None, "COP")


def test_nationality_wins_over_location_and_no_false_apposition(nlp):
    doc = run(nlp, "Washington cut all aid to Albanian rebels in Macedonia.")
    assert code(find(doc, "Albanian rebels in Macedonia")) == ("ALB", "REB")  # "to" before the phrase is not its own
    doc = run(nlp, "Gunmen killed 20 people, the UN refugee agency said.")
    agency = [a for a in doc._.actors if "refugee agency" in a.text]
    assert [a.text for a in agency] == ["UN refugee agency"]  # "people, the UN refugee agency" is no apposition
    doc = run(nlp, "Turkish police detained students from Bilkent University on Monday.")
    assert code(find(doc, "Bilkent University")) == ("TUR", "EDU")  # the country around it


def test_place_and_misspelt_country_context(nlp):
    doc = run(nlp, "The governor of the Kemerovo region, Ivan Petrov, resigned on Friday.")
    governor = [a for a in doc._.actors if a.text.startswith("governor")][0]
    assert code(governor) == ("RUS", "GOV")  # a town or region the KB does not know: the gazetteer's country
    doc = run(nlp, "Pakistan rejected a fresh offer from Afganistan on Monday.")
    assert find(doc, "Afganistan").country == "AFG"


def test_led_and_backed_groups(nlp):
    assert code(find(run(nlp, "Saudi-led forces shelled a village."), "Saudi-led forces")) == ("SAU", "MIL")
    doc = run(nlp, "US-backed rebels attacked a town in Syria.")
    assert not [a for a in doc._.actors if a.country == "USA"]  # the sponsor is not the rebels' country


def test_capital_shared_with_a_city_of_the_named_country(nlp):
    doc = run(nlp, "Syrian officers met rival militias in Tripoli, the north Lebanese port.")
    militias = [a for a in doc._.actors if a.text.startswith("militias")]
    assert militias and code(militias[0]) == ("LBN", "REB")


def test_bare_group_takes_the_articles_country(nlp):
    text = ("Burma's junta imposed a curfew in Rangoon. Burmese troops patrolled the streets. "
            "A U.S. diplomat said police beat monks near a pagoda in Rangoon.")
    doc = run(nlp, text)
    start = text.index("police")
    ref = resolve_phrase(doc, doc.char_span(start, start + len("police")))
    assert code(ref) == ("MMR", "COP")  # of the sentence's countries the article's, not the nearer American


def test_people_of_a_place_and_occupied_places(nlp):
    doc = run(nlp, "The Albanians of southern Serbia demanded autonomy.")
    assert code(find(doc, "Albanians of southern Serbia")) == ("SRB", "CVL")  # the GSR's convention
    doc = run(nlp, "Americans in Iraq were attacked.")
    assert find(doc, "Americans").country == "USA"  # foreigners somewhere keep their nationality
    doc = run(nlp, "Palestinians of the Israeli-occupied West Bank went on strike.")
    assert code(find(doc, "Palestinians")) == ("PSE", "CVL")  # the occupier is not the place's country
    assert not [a for a in doc._.actors if a.country == "ISR"]


def test_unknown_organisation_sector_from_its_head_word(nlp):
    doc = run(nlp, "The Asian Water Forum said on Monday that Chile must act.")
    forum = [a for a in doc._.actors if a.text.endswith("Forum")]
    assert forum and code(forum[0]) == (None, "NGO")  # an NGO borrows no country from the sentence


def test_the_country_is_the_country_named_most_so_far(nlp):
    doc = run(nlp, "Niger's army seized power. Soldiers in Niger closed the borders. The country is calm.")
    start = doc.text.index("The country")
    span = doc.char_span(start, start + len("The country"))
    assert code(resolve_phrase(doc, span))[0] == "NER"


def test_bare_group_takes_the_article_country_when_its_sentence_names_none(nlp):
    doc = run(nlp, "South Korea's president declared martial law. Hours later, police and soldiers withdrew.")
    start = doc.text.index("police")
    span = doc.char_span(start, start + len("police"))
    assert code(resolve_phrase(doc, span)) == ("KOR", "COP")


def test_unresolved_speaker_phrase_does_not_take_a_name_from_inside_it(seed_text):
    import dateline

    seed_extraction = dateline.extract(seed_text)
    # "The plan, which came as a response to a proposal ... from the United States, ... stipulates that":
    # the speaker is the plan, not the United States named inside its relative clause.
    plan = [q for q in seed_extraction.quotes if q.cue and q.cue.text == "stipulates"]
    assert len(plan) == 1 and plan[0].speaker.text.startswith("The plan")
    assert plan[0].speaker.name is None and plan[0].speaker.country is None
    blinken = [q for q in seed_extraction.quotes if q.speaker and q.speaker.text == "he"]
    assert blinken and all(q.speaker.name == "Antony Blinken" and q.speaker.country == "USA" for q in blinken)


def test_a_group_noun_of_another_sector_takes_no_chain_identity():
    from dateline.knowledge.kb import load_kb
    from dateline.model import ActorRef
    from dateline.stages.actors.linking import _other_kind

    aid = ActorRef(start=0, end=5, text="aid workers", country="CHN", sector="MED")
    assert _other_kind(load_kb(), "the government", aid)  # GOV is no MED
    assert not _other_kind(load_kb(), "the group", aid)  # no sector of its own


def test_a_person_placed_in_another_country_is_abroad():
    from dateline.model import ActorRef
    from dateline.stages.actors.linking import _abroad

    assert _abroad(ActorRef(start=0, end=1, text="French diplomat in Rangoon", country="FRA", sector="GOV"))
    assert not _abroad(ActorRef(start=0, end=1, text="police in Kabul", country="AFG", sector="COP"))


def test_a_counted_group_is_resolved_by_what_it_counts(nlp):
    import dateline

    text = "Troops fired on crowds in Burma. Thousands of protesters, led by monks, are defying the ban."
    defy = [e for e in dateline.extract(text, date="2007-09-27").events if e.type == "REJECT"]
    assert defy and defy[0].source is not None and (defy[0].source.country, defy[0].source.sector) == ("MMR", "CVL")
