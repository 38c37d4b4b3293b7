"""PLOVER events: the seed article's required events, modality, actors, export."""

from __future__ import annotations

import pickle

import pytest

import dateline
from dateline.model import to_json
from dateline.stages.events.cameo import to_cameo
from dateline.stages.events.coder import plover_type
from dateline.stages.events.lexicon import RESOURCES, nouns, verbs

EVENT_KEYS = {"id", "type", "mode", "context", "modality", "source", "target", "date", "date_resolved",
              "location", "counts", "quote_id", "evidence", "confidence"}


def _find(events, typ, **want):
    """Events of ``typ`` whose attributes (dotted paths allowed) equal ``want``."""
    def get(ev, path):
        for part in path.split("__"):
            ev = None if ev is None else getattr(ev, part)
        return ev
    return [e for e in events if e.type == typ and all(get(e, k) == v for k, v in want.items())]


@pytest.fixture(scope="module")
def seed_events(seed_extraction):
    return seed_extraction.events


def test_netanyahu_rejects_hamas_terms(seed_events):
    found = _find(seed_events, "REJECT", source__country="ISR", source__sector="GOV", target__name="Hamas")
    assert found, "Netanyahu REJECT Hamas' terms"
    ev = found[0]
    assert (ev.date, ev.date_resolved, ev.modality) == ("2024-02-07", True, "asserted")
    assert "rejected" in ev.evidence.text and ev.cameo == "12"


def test_hamas_assault_is_historical_in_southern_israel(seed_events):
    found = [e for e in _find(seed_events, "ASSAULT", date="2023-10-07", modality="historical")
             if e.source is not None and e.source.name == "Hamas"]
    assert found
    located = [e for e in found if e.location is not None]
    assert located and located[0].location.text == "southern Israel"
    assert located[0].location.country == "ISR" and located[0].target.country == "ISR"


def test_blinken_disapproves_of_israel(seed_events):
    found = _find(seed_events, "ACCUSE", mode="disapprove", source__country="USA", source__sector="GOV",
                  target__country="ISR")
    assert found and found[0].date == "2024-02-07" and found[0].date_resolved


def test_hamas_delegation_consults_in_cairo_in_future(seed_events):
    found = _find(seed_events, "CONSULT", modality="future", source__name="Hamas")
    assert found
    ev = found[0]
    assert ev.location.name == "Cairo" and ev.location.country == "EGY"
    assert ev.plover_type == "AGREE"  # PLOVER codes a future meeting as AGREE
    assert ev.quote_id is not None  # Hamdan's indirect quote


def test_hostages_counted(seed_text):
    # on the event the coder builds ("the best way to free the roughly 100 hostages"); an opinion of what
    # would free them, which the acceptance model does not keep at the default threshold
    counts = [c for e in _events(seed_text.split(" ", 3)[3]) for c in e.counts if c.kind == "abducted"]
    assert any(c.value == 100 and c.approximate and c.text == "roughly 100 hostages" for c in counts)


def test_no_event_from_a_proposal_as_if_it_happened(seed_events, seed_text):
    released = [e for e in seed_events if "would be released" in e.evidence.text]
    assert released and all(e.modality == "hypothetical" for e in released)
    start = seed_text.index("The plan, which came")
    end = seed_text.index("Israel has made")
    plan_sentence = [e for e in seed_events if start - 20 <= e.evidence.start < end - 20]
    assert not [e for e in plan_sentence if e.type == "RETREAT" and e.modality == "asserted"]


def test_records_are_sorted_deterministic_picklable_and_json(seed_events, seed_text):
    assert [e.evidence.start for e in seed_events] == sorted(e.evidence.start for e in seed_events)
    again = dateline.extract(seed_text).events
    assert [e.id for e in again] == [e.id for e in seed_events]
    assert len({e.id for e in seed_events}) == len(seed_events)
    assert pickle.loads(pickle.dumps(seed_events)) == seed_events
    for ev in seed_events:
        assert seed_text.split(" ", 3)[3][ev.evidence.start:ev.evidence.end] == ev.evidence.text
        assert 0 <= ev.confidence <= 1
    data = to_json(seed_events[0])
    assert set(data) >= EVENT_KEYS and {"start", "end", "text"} <= set(data["evidence"])


def _events(text, date="2024-02-08", min_probability=0.0):
    """The events the coder builds from ``text``. The tests below pin how the rules and the type model code a
    construction, so they look at every built event; which of them a reader sees at the default
    ``min_probability`` is the acceptance model's call (tested by test_acceptance_*)."""
    from dateline import nlp as nlp_module

    component = nlp_module.load(None, None, ()).get_pipe("dateline_events")  # the pipeline dateline.extract uses
    saved, component.min_probability = component.min_probability, min_probability
    try:
        return dateline.extract(text, date=date).events
    finally:
        component.min_probability = saved


def test_acceptance_drops_the_built_events_under_its_threshold(nlp):
    from dateline.stages.events.acceptance import load_model

    threshold = load_model()[2]
    assert 0 < threshold < 1
    text = ("Israel did not attack the town. The minister said the talks would resume. Police arrested two men "
            "after protests in the capital. The government executed the plan.")
    built = _events(text)
    seen = dateline.extract(text, date="2024-02-08").events
    assert {e.id for e in seen} == {e.id for e in built if e.confidence >= threshold}
    assert all(0 <= e.confidence <= 1 for e in built) and len(seen) < len(built)


def test_acceptance_keeps_the_seed_articles_events_at_the_default(seed_events):
    from dateline.stages.events.acceptance import load_model

    assert seed_events and min(e.confidence for e in seed_events) >= load_model()[2]


def test_modality_negated_future_hypothetical(nlp):
    neg = _events("Israel did not attack the town.")
    assert [(e.type, e.modality) for e in neg] == [("ASSAULT", "negated")]
    fut = _events("Members of the G-7 will meet in Ottawa next month.")
    assert fut[0].type == "CONSULT" and fut[0].modality == "future" and fut[0].plover_type == "AGREE"
    hyp = _events("A plan stipulates that all hostages would be released.")
    assert [(e.type, e.modality) for e in hyp] == [("RETREAT", "hypothetical")]


def test_intent_verbs_absorb_their_complement(nlp):
    evs = _events("Syria says it is willing to withdraw its troops from Lebanon.")
    assert [e.type for e in evs] == ["AGREE"] and evs[0].source.country == "SYR"
    evs = _events("Nigeria threatened to break relations with Russia.")
    assert evs[0].type == "THREATEN" and evs[0].target.country == "RUS"
    evs = _events("Serbia lifted a night curfew in Montenegro.")
    assert [e.type for e in evs] == ["CONCEDE"]


def test_compound_actors_split_and_bounded(nlp):
    evs = _events("The United States and France accused Russia of violating the treaty.")
    pairs = {(e.source.country, e.target.country) for e in evs if e.type == "ACCUSE"}
    assert pairs == {("USA", "RUS"), ("FRA", "RUS")}
    evs = _events("Germany, France, Italy, Spain, Poland, Austria, Belgium and Greece met in Brussels.")
    consults = [e for e in evs if e.type == "CONSULT"]
    assert len(consults) == 1 and consults[0].mode == "multilateral"


def test_cameo_and_plover_reductions():
    assert to_cameo("ASSAULT", "firearms") == ("19", -10.0)
    assert to_cameo("REJECT") == ("12", -4.0)
    assert to_cameo("NOT_A_TYPE") == (None, None)
    assert plover_type("SUPPORT", "future") == "AGREE"
    assert plover_type("RETREAT", "future") == "CONCEDE"
    assert plover_type("SANCTION", "future") == "THREATEN"
    assert plover_type("AGREE", "negated") == "REJECT"
    assert plover_type("ASSAULT", "historical") == "ASSAULT"


def test_lexicons_are_well_formed():
    for name, width in (("verbs.tsv", 6), ("nouns.tsv", 6)):
        rows = [ln.split("\t") for ln in (RESOURCES / name).read_text().splitlines()
                if ln.strip() and not ln.startswith("#")]
        assert all(len(r) == width for r in rows), name
    plover = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
              "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert {e.type for e in verbs().values() if e.type} <= plover
    assert {e.type for es in nouns().values() for e in es} <= plover


def test_historical_rule_and_date_fallback(nlp):
    old = _events("Hamas attacked Israel on Oct. 7, 2023.")
    assert [(e.date, e.date_resolved, e.modality) for e in old] == [("2023-10-07", True, "historical")]
    recent = _events("Hamas attacked Israel on Feb. 1, 2024.")
    assert [(e.date, e.modality) for e in recent] == [("2024-02-01", "asserted")]

    from dateline.model import Article
    text = "Hamas attacked Israel on Oct. 7, 2023."
    doc = nlp.make_doc(text)
    doc._.article = Article(id="t", date="2024-02-08", text=text)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    doc._.timexes = None  # as without the time stage: the article date, flagged unresolved
    events = nlp.get_pipe("dateline_events")(doc)._.events
    assert [(e.date, e.date_resolved, e.modality) for e in events] == [("2024-02-08", False, "asserted")]


def test_argument_checks_on_ambiguous_words(nlp):
    evs = _events("Karadzic's arrest by Serbian security forces ended 13 years on the run.")
    arrest = [e for e in evs if e.type == "COERCE"]
    assert arrest and arrest[0].target is not None and "Karadzic" in arrest[0].target.text
    assert arrest[0].source is not None and arrest[0].source.country == "SRB"
    assert not [e for e in _events("The new government has demonstrated its political will.") if e.type == "PROTEST"]
    assert [e.type for e in _events("Thousands of students demonstrated in Jakarta.")] == ["PROTEST"]
    assert not [e for e in _events("Sarkozy called it a crime.") if e.type == "CONSULT"]
    called = _events("Russian President Dmitry Medvedev called French President Nicolas Sarkozy.")
    assert [(e.type, e.mode, e.target.country) for e in called] == [("CONSULT", "phone", "FRA")]


def test_targets_from_embedded_clauses_and_nominal_acts(nlp):
    """Recipients a control or demand verb puts one clause down, and doers of the act complained of."""
    def target(text, typ=None):
        evs = [e for e in _events(text) if typ in (None, e.type)]
        assert evs, text
        best = max(evs, key=lambda e: e.confidence)
        return None if best.target is None else (best.target.country, best.target.sector)

    assert target("Egypt demanded that Hamas release the hostages.") == ("PSE", "REB")
    assert target("Russia threatened to cut off gas supplies to Moldova.")[0] == "MDA"
    assert target("Jordan insisted on its demand that Israel reopen the crossing.")[0] == "ISR"
    assert target("Turkey is investigating alleged abuses by Syrian rebels.") == ("SYR", "REB")
    assert target("Lebanon complained to the United Nations over Israeli air strikes.")[0] == "ISR"
    assert target("Hezbollah threatened to resume attacks in Israel.")[0] == "ISR"
    assert target("The Sudanese government lifted the curfew in Darfur province.")[0] == "SDN"
    assert target("Qatar summoned Iran's ambassador to protest the seizure.") == ("IRN", "GOV")


def test_same_country_groups_are_two_actors(nlp):
    evs = _events("Iraqi soldiers attacked Iraqi civilians.")
    assert [(e.source.sector, e.target.sector) for e in evs if e.type == "ASSAULT"] == [("MIL", "CVL")]


def test_recipients_not_allies_places_or_conditions(nlp):
    """Targets: "with X's help" is an ally; "in defiance of X" a target; an event noun's "of X" its
    participants; a condition clause's subject comes after the event's own nouns."""
    def target(text, typ=None):
        evs = [e for e in _events(text) if typ in (None, e.type)]
        assert evs, text
        best = max(evs, key=lambda e: e.confidence)
        return None if best.target is None else (best.target.country, best.target.sector)

    assert target("Greece will tighten the naval blockade of Turkey with Bulgaria's help.")[0] == "TUR"
    assert target("Thousands of people marched in Nairobi in defiance of Kenyan police.") == ("KEN", "COP")
    assert target("Chile may suspend mediation efforts among Peru's rival factions if the talks collapse, "
                  "a Brazilian minister said.")[0] == "PER"
    assert target("Kenya rejected an invitation to attend a meeting of Somali clan leaders.")[0] == "SOM"
    assert target("A shelter for Sudanese refugees was attacked by Chadian militiamen.") == ("SDN", "REF")
    # the doer of the act prevented, an unnamed university taking the country around it
    # the prevention's target (the rally is a PROTEST of its own, which the model may be surer of)
    assert target("Egyptian police prevented a rally organized by students at Cairo University.",
                  "COERCE") == ("EGY", "EDU")
    # a document's clause is done by its issuer
    evs = _events("The rebel Kurdistan Workers' Party issued a declaration demanding that Turkey free its leader.")
    demand = [e for e in evs if e.type == "REQUEST"]
    assert demand and demand[0].source.country == "TUR" and demand[0].source.sector == "REB"
    # "put under investigation": the subject is who it happens to, not the investigator
    evs = [e for e in _events("A Canadian journalist was placed under investigation in Peru.") if e.type == "ACCUSE"]
    # (the investigator is the authorities of the country it happens in, as the GSR codes "in Italy")
    assert evs and (evs[0].source.country, evs[0].source.sector) == ("PER", "GOV") and evs[0].target.country == "CAN"
    # an unknown facility takes the country of the place of the event
    assert target("The agency sent inspectors to the Bushehr Fuel Plant (BFP) in southern Iran.")[0] == "IRN"
    # a capital attacked stands for its people, a capital accusing for its government
    assert target("French farmers said they would blockade Paris on Monday.") == ("FRA", "CVL")
    assert target("Moscow accused Kyiv of shelling the plant.") == ("UKR", "GOV")
    # a direction word inside a place name: a region of the country
    assert target("Ethiopian troops shelled a village in Western Somalia.") == ("SOM", "CVL")


def test_attack_by_nobody_named_is_unidentified_armed_forces(nlp):
    evs = [e for e in _events("A roadside bombing near the town of Kirkuk killed three soldiers on Sunday.")
           if e.type == "ASSAULT"]
    assert evs and (evs[0].source.name, evs[0].source.country, evs[0].source.sector) == (
        "unidentified attackers", "IRQ", "UAF")


def test_pronoun_possessives_and_bare_groups(nlp):
    """"its fighters" belong to the speaker; the doer's own troops are no recipient; a group named
    only by its kind is a target with its sector and the place's (or the doer's) country."""
    def best(text):
        return max(_events(text), key=lambda e: e.confidence)

    fighters = best("Hamas said its fighters attacked an Israeli convoy.")
    assert (fighters.source.country, fighters.source.sector, fighters.target.country) == ("PSE", "REB", "ISR")
    withdraw = best("Syria says it is willing to withdraw its troops from Lebanon.")
    assert withdraw.source.country == "SYR" and withdraw.target.country == "LBN"
    arrest = best("Police in Nairobi arrested dozens of protesters on Monday.")
    assert (arrest.target.text, arrest.target.country, arrest.target.sector) == ("protesters", "KEN", "CVL")
    ban = best("The Taliban banned women from attending universities.")
    assert (ban.target.country, ban.target.sector) == ("AFG", "CVL")


def test_receiving_and_sending(nlp):
    """"received aid from X": X gives, the subject receives; what a verb of sending sends is no
    recipient, the "to" object is."""
    aid = [e for e in _events("Israel received $3 billion in military aid from the United States.") if e.type == "AID"]
    assert aid and (aid[0].source.country, aid[0].target.country) == ("USA", "ISR")
    sent = [e for e in _events("Egypt sent 200 soldiers to Somalia.") if e.type == "AID"]
    assert sent and sent[0].target.country == "SOM"
    armed = [e for e in _events("The United States provided Iraq with weapons.") if e.type == "AID"]
    assert armed and armed[0].target.country == "IRQ"


def test_groups_fought_suspended_released_and_own_forces(nlp):
    def best(text):
        return max(_events(text), key=lambda e: e.confidence)

    clash = best("Protesters in Tbilisi clashed with riot police outside parliament.")
    assert (clash.target.text, clash.target.country, clash.target.sector) == ("riot police", "GEO", "COP")
    suspended = best("The African Union suspended Niger after the military coup.")
    assert (suspended.type, suspended.target.country) == ("SANCTION", "NER")
    released = best("Hamas released 24 hostages on Friday.")
    assert released.target.sector == "CVL" and released.target.country is None  # nobody says whose
    withdrawn = best("Syria withdrew 2,000 Syrian troops from Lebanon.")
    assert (withdrawn.type, withdrawn.target.country) == ("RETREAT", "LBN")  # its own troops are no target


def test_coordinated_subjects_of_a_reciprocal_act(nlp):
    clash = {(e.source.country, e.target.country) for e in _events("India and China clashed along the border.")
             if e.type == "ASSAULT"}
    assert clash == {("IND", "CHN"), ("CHN", "IND")}
    fired = [e for e in _events("Hamas and Islamic Jihad fired rockets.") if e.type == "ASSAULT"]
    assert fired and all(e.target is None for e in fired)  # allies firing together: no mutual attack


def test_retaliation_threat_and_regional_place(nlp):
    threat = [e for e in _events("Iran's foreign minister said Tehran would retaliate against any Israeli attack.")
              if e.plover_type == "THREATEN"]
    assert threat and (threat[0].source.country, threat[0].target.country) == ("IRN", "ISR")
    raid = max(_events("The army said it killed 30 militants in an operation in Borno state."),
               key=lambda e: e.confidence)
    assert raid.location.country == "NGA" and raid.target.country == "NGA"  # Borno, Nigeria: not Borna


def test_group_sector_from_its_modifier_and_no_place_nationality(nlp):
    killed = max(_events("Government troops killed the rebel leader in Borno state."), key=lambda e: e.confidence)
    assert (killed.target.text, killed.target.country, killed.target.sector) == ("rebel leader", "NGA", "REB")
    held = max(_events("The blogger Karim Haddad was detained by police in Dubai."), key=lambda e: e.confidence)
    assert held.target.country != "ARE"  # where a person is detained is not their nationality


def test_doer_named_by_its_kind_takes_the_place(nlp):
    text = "Hundreds of thousands of people blocked streets in Hong Kong in defiance of Chinese authorities."
    ev = max(_events(text), key=lambda e: e.confidence)
    assert (ev.source.country, ev.source.sector, ev.target.country) == ("HKG", "CVL", "CHN")


def test_group_before_its_place_or_owner_keeps_its_sector(nlp):
    ev = max(_events("Iranian authorities pressured workers of the United Bus Company of Tehran to cancel the strike."),
             key=lambda e: e.confidence)
    assert (ev.target.country, ev.target.sector) == ("IRN", "LAB")  # workers, not the company (BUS)



# --- audit of real articles (issue 5): general causes of wrong events, on made-up sentences ---


def _best(text):
    return max(_events(text), key=lambda e: e.confidence)


def test_passive_in_reported_speech_has_no_speaker_as_doer(nlp):
    killed = _best("The ministry says that 250 rebels were killed during the fighting on Monday.")
    assert killed.type == "ASSAULT" and killed.source is None  # the ministry reported it, did not do it
    hurt = _best("12 Kenyan soldiers who were injured in the ambush says the army statement.")
    assert hurt.source is None and hurt.target.text == "12 Kenyan soldiers"  # the relative's noun suffered it
    accused = [e for e in _events("He is accused of ordering the killing of 300 villagers.") if e.type == "ACCUSE"]
    assert accused and accused[0].source is None  # the accused is no accuser
    committed = _best("The minister said Chile is committed to opening up its economy.")
    assert committed.source.country == "CHL"  # a stance passive: the subject holds it


def test_passive_legal_act_in_a_country_is_its_authorities(nlp):
    held = _best("A Dutch tourist was arrested in Peru for smuggling.")
    assert (held.source.country, held.source.sector, held.target.country) == ("PER", "GOV", "NLD")


def test_an_order_carries_out_its_object_noun(nlp):
    expel = _best("The president on Monday ordered the expulsion of 20 Ruritanian diplomats from Canada.")
    assert (expel.type, expel.mode) == ("SANCTION", "expel")
    told = _best("A judge ordered the former minister to appear in court.")
    assert told.type == "REQUEST"  # someone told to act: a demand


def test_raids_vows_and_blocked_media(nlp):
    assert (_best("Police raided two newspaper offices in Lagos.").type, "seize") == ("COERCE", "seize")
    vow = _best("The general vowed to eradicate the rebels in the north.")
    assert vow.plover_type == "THREATEN"
    # a vow to hunt someone down or bring them to justice is a threat (ANNOTATION.md: "vowed to retaliate"),
    # a promise to do good an AGREE
    for text in ("President Clinton vowed to hunt down and bring to justice those responsible for the bombings.",
                 "The minister promised to track down the perpetrators.",
                 "Together, we promise to bring to justice the murderers of our friends."):
        types = {e.plover_type for e in _events(text)}
        assert "THREATEN" in types and "AGREE" not in types, text
    assert _best("The minister promised to build new schools.").plover_type == "AGREE"
    blocked = _best("The government blocked access to the messaging app on Friday.")
    assert (blocked.type, blocked.mode) == ("COERCE", "censor")
    road = _best("Farmers blocked a highway near the capital.")
    assert (road.type, road.mode) == ("PROTEST", "obstruct")


def test_idioms_and_names_are_no_events(nlp):
    for text in ("The vote sends a strong signal to the region.",
                 "Some information for this report was provided by wire agencies.",
                 "News is exchanged in a series of tweets by users worldwide.",
                 "Secretary-General Ban Ki-moon said the council acted."):
        assert not [e for e in _events(text) if e.type in ("AID", "COOPERATE", "COERCE")], text


def test_unmet_conditions_and_things_left_to_do_are_hypothetical(nlp):
    lift = [e for e in _events("The president must lift the curfew if parliament demands it.") if e.type == "CONCEDE"]
    assert lift and lift[0].modality == "hypothetical"
    left = [e for e in _events("She said there will be no more hostages to release.") if e.type == "RETREAT"]
    assert left and left[0].modality == "hypothetical"
    first = [e for e in _events("He was the first leader to visit Kyiv.") if e.type == "CONSULT"]
    assert first and first[0].modality == "asserted"
    resign = [e for e in _events("The prime minister said he\u2019ll resign.") if e.type == "RETREAT"]
    assert resign and resign[0].modality == "future"  # a typographic apostrophe is still "will"


def test_since_is_no_event_date_and_last_week_is_recent(nlp):
    vote = [e for e in _events("It was the worst crisis since the 1980s as lawmakers rejected the decree.")
            if e.type == "REJECT"]
    assert vote and (vote[0].date_resolved, vote[0].modality) == (False, "asserted")
    signed = [e for e in _events("The bill was approved last week after the president signed it.")
              if e.type == "SUPPORT"]
    assert signed and all(e.modality != "historical" for e in signed)


def test_passive_takes_the_doer_of_the_event_noun_it_happened_in(nlp):
    text = "Three civilians were killed in an Israeli airstrike in Rafah."
    strike = [e for e in _events(text) if e.type == "ASSAULT"]
    assert len(strike) == 1  # one event, not the verb and its noun twice
    assert (strike[0].source.country, strike[0].target.country, strike[0].target.sector) == ("ISR", "PSE", "CVL")
    clash = _best("Two soldiers were killed during a violent confrontation with Ruritanian and Chinese troops.")
    assert clash.source is not None and clash.source.country == "CHN"


def test_raised_subjects_and_ones_told_to_act(nlp):
    meet = _best("Kenya's President William Ruto is expected to hold talks with the rebels on Friday.")
    assert (meet.plover_type, meet.source.country) == ("AGREE", "KEN")
    held = [e for e in _events("Bazoum appears to have been detained.") if e.type == "COERCE"]
    assert held and held[0].target is not None and held[0].target.text == "Bazoum"
    told = _best("Syrian troops were ordered to withdraw from Lebanon.")
    assert told.type == "REQUEST" and told.source is None and told.target.country == "SYR"


def test_domestic_groups_counterparts_captors_and_places_left(nlp):
    accused = _best("Yoon accused opposition parties of crippling the government.")
    assert (accused.target.country, accused.target.sector) == ("KOR", "OPP")
    agreed = {(e.source.country, e.target.country) for e in _events(
        "Russian President Dmitry Medvedev and his French counterpart say they have agreed on a plan.")
        if e.type == "AGREE" and e.target is not None}
    assert ("RUS", "FRA") in agreed
    shot = _best("The German engineer was shot to death by his captors.")
    assert shot.source is None or shot.source.country != "DEU"  # his captors are not German
    pulled = _best("Israeli military officials say some troops pulled out of southern Lebanon.")
    assert pulled.source.country == "ISR"  # the place they leave is not theirs


def test_a_person_sent_and_a_conflict_prevented_are_no_aid_nor_coercion(nlp):
    sent = _events("Officials say Radovan Karadzic could be sent to the Netherlands.")
    assert not [e for e in sent if e.type == "AID"]
    assert not [e for e in _events("Diplomats tried to prevent conflict from reaching Rafah.") if e.type == "COERCE"]
    assert [e for e in _events("Police prevented a rally in the capital.") if e.type == "COERCE"]


def test_coordinated_verbs_share_auxiliaries_and_negation(nlp):
    lower = [e for e in _events("The pact will lower tariffs and boost trade and allow freer movement of goods.")
             if e.type == "CONCEDE"]
    assert lower and all(e.modality == "future" for e in lower)
    bombed = [e for e in _events("The army did not attack or bomb the town.") if e.type == "ASSAULT"]
    assert bombed and all(e.modality == "negated" for e in bombed)


def test_people_are_no_event_of_a_light_verb_and_igos_have_no_country(nlp):
    text = "The army said troops from both sides are engaged in a process to calm the border."
    assert not [e for e in _events(text) if e.type == "MOBILIZE"]
    pledge = _best("The international community is pledging emergency aid for Burma.")
    assert pledge.source is None or pledge.source.country is None  # not Burmese


def test_a_clash_between_persons_is_a_dispute(nlp):
    dispute = _best("The party leader, John Smith, who has clashed with the president, criticized the decree.")
    assert not [e for e in _events("The party leader, John Smith, who has clashed with the president, left.")
                if e.type == "ASSAULT"]
    assert dispute.type == "ACCUSE"
    assert [e for e in _events("Protesters clashed with police in the capital.") if e.type == "ASSAULT"]
    assert not _events("The weekly report offers an international snapshot of challenges.")


def test_warnings_of_danger_headlines_in_capitals_and_supporters(nlp):
    assert not _events("Health officials warn that disease could spread among survivors.")
    assert _best("The police chief warned that police will no longer tolerate rallies.").plover_type == "THREATEN"
    assert not _events("WHO HAS SIGNED THE DEAL")  # on-screen text, not the health agency
    condemn = _best("Supporters of the ousted president have been quick to condemn the coup in Niger.")
    assert condemn.source.sector == "CVL"  # the supporters, not the president


def test_weapons_fired_are_no_target(nlp):
    fired = _best("North Korea fired missiles into the sea.")
    assert fired.type == "ASSAULT" and fired.target is None


def test_datelines_have_not_yet_and_police_raids(nlp):
    signed = _best("OSLO -- Fifteen countries spanning the region on Sunday signed the agreement.")
    assert signed.source is None or signed.source.text != "OSLO"  # a dateline is no signatory
    nato = [e for e in _events("NATO said it will deploy troops to Latvia - a move Russia criticized.")
            if e.type == "MOBILIZE"]
    assert nato and nato[0].source is not None and nato[0].source.sector == "IGO"
    aid = [e for e in _events("Most victims have yet to receive any aid.") if e.type == "AID"]
    assert aid and aid[0].modality == "negated"
    raid = _best("Witnesses say Thursday's police raids targeted monasteries.")
    assert (raid.type, raid.mode) == ("COERCE", "seize")
    air = [e for e in _events("Lebanon complained to the United Nations over two Israeli air raids.")]
    assert air and air[0].type == "ACCUSE"


def test_author_of_what_is_rejected_and_pleas(nlp):
    text = "The conditions laid out by Hamas have been swiftly dismissed by Israeli authorities."
    dismissed = _best(text)
    assert (dismissed.type, dismissed.source.country, dismissed.target.name) == ("REJECT", "ISR", "Hamas")
    plea = [e for e in _events("Former hostages pleaded with Netanyahu to secure a deal.") if e.type == "REQUEST"]
    assert plea and plea[0].target.country == "ISR"


def test_counts_stay_with_their_clause_slogans_and_private_trips(nlp):
    text = "Planes bombed homes in Rafah, killing 11, while Israeli tanks shelled targets in Khan Younis."
    evs = [e for e in _events(text) if e.type == "ASSAULT"]
    by_word = {e.evidence.text.split()[1]: e for e in evs}
    assert [c.value for c in by_word["bombed"].counts] == [11] and by_word["tanks"].counts == []
    slogan = [e for e in _events('Crowds gathered, some of them shouting: "Withdraw the troops!"')
              if e.type == "RETREAT"]
    assert slogan and slogan[0].modality == "hypothetical"  # a demand, not a withdrawal
    trip = _events("Sergei Skripal and his daughter, 33-year-old Yulia, who was visiting from Moscow, were poisoned.")
    assert not [e for e in trip if e.type == "CONSULT"]
    came = _events("His daughter Yulia, who was visiting from Moscow, was poisoned in Salisbury.")
    assert not [e for e in came if e.type == "CONSULT" and e.target is not None
                and e.target.country == "RUS"]  # Moscow is where she came from, no host
    assert not _events("The minister shared a video of the meeting.")


def test_blame_with_no_one_and_pushing_back(nlp):
    assert not _events("The blast has been blamed on the detonation of badly stored fertilizer.")
    back = _best("The administration moved to push back on Moscow.")
    assert (back.type, back.target.country) == ("REJECT", "RUS")


def test_backing_off_is_no_support(nlp):
    assert not _events("They are shouting at people to back off.")
    assert _best("Iran backed the rebels.").type == "SUPPORT"


def test_rivals_are_not_their_rival_and_forces_strike_abroad(nlp):
    accused = _best("Mr. Ahmadinejad's rivals have accused him of mismanaging the economy.")
    assert accused.source is None or accused.source.name != "Mahmoud Ahmadinejad"
    assert accused.target is not None and accused.target.name == "Mahmoud Ahmadinejad"
    text = "Israeli planes bombed homes in Rafah on Thursday, while tanks shelled targets in eastern Rafah."
    tanks = [e for e in _events(text) if e.evidence.text.startswith("tanks")]
    assert tanks and tanks[0].source.country == "ISR"  # not Palestinian tanks


def test_captions_and_site_boilerplate_are_no_events(nlp):
    assert not _events("This image taken from video shows relief supplies dropped from a US plane over Haiti.")
    assert not _events("Protest against censorship. Istanbul, May 2011. Photo by Jane Doe via Wikimedia Commons.")
    assert not _events("To view our epaper please click here, and visit our site for the latest news.")
    assert _events("The image of the army suffered when troops shelled the town.")  # no caption


def test_accidental_explosions_are_no_assault(nlp):
    assert not _events("A massive explosion at the port killed 150 people on Tuesday.")
    assert not [e for e in _events("In addition to killing 190 people, the explosion damaged thousands of buildings.")
                if e.type == "ASSAULT"]
    assert [e for e in _events("A car bomb explosion killed 12 people in Baghdad.") if e.type == "ASSAULT"]
    assert [e for e in _events("A minefield explosion near Samarra killed two Iraqi youths.") if e.type == "ASSAULT"]


def test_we_in_a_quote_is_the_speakers_side(nlp):
    text = ('"This is our answer," Russian Defence Minister Sergei Shoigu said on Monday. '
            '"We will deploy more troops to the border."')
    sent = [e for e in _events(text) if e.type == "MOBILIZE"]
    assert sent and sent[0].source is not None and sent[0].source.country == "RUS"
    us = [e for e in _events("The PRC demanded that the US cancel plans to sell weapons to Taiwan.")
          if e.type == "REQUEST"]
    assert us and us[0].target is not None and us[0].target.country == "USA"  # "US" is no "us"


def test_awaited_proposed_and_vowed_events_are_not_asserted(nlp):
    text = "Protesters vowed to keep up their protests until Yushchenko is recognized as president."
    until = [e for e in _events(text) if e.type == "SUPPORT"]
    assert until and until[0].modality == "hypothetical"
    vow = [e for e in _events("Despite Netanyahu's vow to continue the assault on Gaza, talks go on.")
           if e.type == "ASSAULT"]
    # the vowed assault is coded as the vow, a THREATEN, and a vow made is asserted (ANNOTATION.md: "explicit
    # vows, threats and promises are themselves asserted speech events")
    assert vow and vow[0].plover_type == "THREATEN" and vow[0].modality == "asserted"
    powers = [e for e in _events("The law gives the government new powers to block content.") if e.type == "COERCE"]
    assert powers and powers[0].modality == "hypothetical"
    deploy = [e for e in _events("The U.N. force will help Lebanese troops deploy to the south.")
              if e.type == "MOBILIZE"]
    # read as future, the deployment is coded as the manual's THREATEN, a statement made: asserted
    assert deploy and (deploy[0].plover_type, deploy[0].modality) == ("THREATEN", "asserted")
    proposed = [e for e in _events("Hamas's proposed ceasefire would free all hostages.") if e.type == "RETREAT"
                and e.evidence.text.startswith("Hamas")]
    assert all(e.modality != "asserted" for e in proposed)


def test_congratulations_world_leaders_and_side_accusations(nlp):
    text = "President Joe Biden and other world leaders have offered messages of congratulations to Brazil."
    evs = _events(text)
    assert evs and all(e.type == "SUPPORT" for e in evs)
    others = [e for e in evs if e.source is not None and e.source.text == "other world leaders"]
    assert others and others[0].source.country is None  # not Biden's country
    text = "President Yoon declared martial law on Tuesday, accusing the opposition of sympathizing with North Korea."
    law = [e for e in _events(text) if e.type == "COERCE"]
    assert law and (law[0].target is None or law[0].target.country != "PRK")


def test_headlines_receptions_and_people_sent_or_pulled_out(nlp):
    arrested = _best("Ex-Bosnian-Serb Leader and War Crimes Suspect Radovan Karadzic Arrested")
    assert arrested.type == "COERCE" and arrested.source is None and "Karadzic" in arrested.target.text
    assert not _events("Opposition leader Yushchenko was met with a loud cheer.")
    met = _best("Blinken was met by Palestinian protesters.")
    assert (met.type, met.source.country, met.target.country) == ("PROTEST", "PSE", "USA")
    assert _best("Blinken was met by Israeli President Isaac Herzog.").type == "CONSULT"
    assert not [e for e in _events("Troops removed him from his home and sent him to Costa Rica.") if e.type == "AID"]
    assert not _events("As help arrived, some victims were being pulled out alive.")
    assert not _events("UK voters sent a massive shock through the political system.")
    vow = [e for e in _events('Yoon emphasized his determination to "eradicate" the enemy forces.')
           if e.type == "ASSAULT"]
    assert vow and (vow[0].plover_type, vow[0].modality) == ("THREATEN", "asserted")  # the vow is made


def test_hyphenated_pairs_are_source_and_target(nlp):
    truce = _best("The Israel-Hezbollah ceasefire took effect on Monday.")
    assert (truce.type, truce.source.country, truce.target.name) == ("RETREAT", "ISR", "Hezbollah")
    talks = _best("The US-China talks ended in Geneva.")
    assert (talks.source.country, talks.target.country) == ("USA", "CHN")


def test_clash_partners_and_series_since_a_date(nlp):
    killed = _best("Twenty Indian soldiers were killed in a violent face-off on Monday night with Chinese troops.")
    assert (killed.source.country, killed.source.sector, killed.target.country) == ("CHN", "MIL", "IND")
    since = [e for e in _events("Officials say Israeli attacks since October 7 have brought the toll to 28,000.")
             if e.type == "ASSAULT"]
    assert since and since[0].modality != "historical"  # a series still going on


def test_things_that_threaten_and_names_after_relative_clauses(nlp):
    assert not _events("The crisis threatens to engulf the whole region.")
    assert not _events("The framework promises to help speed up growth.")
    assert _best("Iran threatened to close the Strait of Hormuz.").type == "THREATEN"
    backers = [e for e in _events("He said he and others who back Mr. Yanukovych came out into the streets.")
               if e.source is not None]
    assert not [e for e in backers if e.source.name == "Viktor Yanukovych"]  # the backed, not the backers


def test_forces_fire_on_their_own_countrys_demonstrators(nlp):
    fired = _best("Burmese police opened fire on demonstrators.")
    assert fired.type == "ASSAULT" and (fired.target.country, fired.target.sector) == ("MMR", "CVL")


def test_plans_qualities_apologies_and_armed_doers_of_nouns(nlp):
    assert not _events("The six-point plan allows aid workers to have access to the region.")
    assert not [e for e in _events("The center may censor information it deems threatening to security.")
                if e.type == "THREATEN"]
    assert not _events("We apologize, but this video has failed to load.")
    assert not [e for e in _events("The countries signed the pact, creating a framework that promises growth.")
                if e.type == "AGREE"]
    rebels = [e for e in _events("Rebel attacks on the town continued.") if e.type == "ASSAULT"]
    assert rebels and rebels[0].source is not None and rebels[0].source.sector == "REB"
    arrests = [e for e in _events("There is no political will to make the arrests.") if e.type == "COERCE"]
    assert all(e.modality == "hypothetical" for e in arrests)


def test_a_foreign_speaker_lends_no_side_to_security_forces(nlp):
    text = "A French diplomat said security forces fired at demonstrators in Rangoon."
    fired = [e for e in _events(text) if e.type == "ASSAULT"]
    assert fired and fired[0].source is not None and fired[0].source.country != "FRA"
    pulled = _best("The Israeli military said troops pulled out of southern Lebanon.")
    assert pulled.source.country == "ISR"


def test_no_as_determiner_of_the_subject_or_object_negates(nlp):
    assert _best("No clashes have been reported since the ceasefire took effect.").modality == "negated"
    assert _best("Police reported no arrests.").modality == "negated"
    assert _best("Police reported two arrests.").modality == "asserted"


def test_reluctance_negates(nlp):
    accept = _best("Burma's military has been reluctant to accept assistance for disasters.")
    # the refusal the negated acceptance codes happened (ANNOTATION.md; the gold codes it asserted)
    assert (accept.modality, accept.plover_type) == ("asserted", "REJECT")


def test_a_personal_pronoun_is_no_group(nlp):
    from dateline.model import ActorRef
    from dateline.stages.events.actors import _person_as_group

    nlp_doc = nlp("He has been kidnapped.")
    forces = ActorRef(start=0, end=2, text="the forces", name="Honduran military forces", country="HND", sector="MIL")
    assert _person_as_group(nlp_doc[0], forces)
    assert not _person_as_group(nlp_doc[0], ActorRef(start=0, end=2, text="he", name="Manuel Zelaya"))


def test_talks_over_an_act_and_offices_of_the_articles_country(nlp):
    quit_ = [e for e in _events("The UK faces a lengthy period of negotiations over quitting the EU.")
             if e.type == "RETREAT"]
    assert quit_ and quit_[0].modality == "hypothetical"
    voted = [e for e in _events("Parliament voted to lift the order, with lawmakers vowing to stay.")
             if e.type == "AGREE"]
    assert all(e.modality != "hypothetical" for e in voted)  # "voted" is no vote still to be held
    text = "Soldiers appeared on Niger's national television after the president was detained."
    held = [e for e in _events(text) if e.type == "COERCE"]
    assert held and held[0].target.country == "NER"


def test_an_unnamed_killer_is_the_attacker_just_reported(nlp):
    text = ("Twenty Indian soldiers were killed in a clash with Chinese troops on Monday. "
            "Seventeen Indian troops who were critically injured died later.")
    later = [e for e in _events(text) if e.evidence.text.startswith("Seventeen")]
    assert later and later[0].source is not None and later[0].source.country == "CHN"
    other_side = [e for e in _events("Israeli strikes killed 20 people in Gaza. Two Israeli soldiers were killed.")
                  if e.evidence.text.startswith("Two")]
    assert other_side and other_side[0].source is None  # not killed by Israel


def test_sharing_a_statement_is_no_cooperation(nlp):
    assert not _events('President Bazoum, through his Twitter account, shared, "Gains will be preserved."')
    assert _best("Jordan shared intelligence with Israel.").type == "COOPERATE"
    aid = _best("The Chinese government has sent 130,000 troops and aid workers to Sichuan Province.")
    assert aid.target is not None and aid.target.country == "CHN" and aid.location.country == "CHN"


def test_a_blockade_by_state_forces_is_coercion(nlp):
    blocked = _best("The main entrance to the parliament in Seoul was blocked by soldiers.")
    assert (blocked.type, blocked.mode) == ("COERCE", "restrict")
    assert _best("Protesters blocked the main road to the airport.").type == "PROTEST"


def test_an_owners_party_is_not_the_owner(nlp):
    from dateline.model import ActorRef
    from dateline.stages.events.actors import _owner_only

    doc = nlp("His own party urged him to resign.")
    yoon = ActorRef(start=0, end=3, text="His", actor_id="p:yoon_suk_yeol", name="Yoon Suk Yeol", country="KOR")
    assert _owner_only(doc[2], yoon)
    iran = nlp("Iran's supreme leader welcomed the results.")
    khamenei = ActorRef(start=0, end=20, text="Iran's supreme leader", actor_id="p:ali_khamenei", country="IRN")
    assert not _owner_only(iran[3], khamenei)  # the leader is him: Iran owns the title, not a person


def test_executions_and_the_counts_of_a_coordinated_act(nlp):
    text = "The militants released two female hostages this month and executed three male hostages."
    evs = _events(text)
    freed = [e for e in evs if e.type == "RETREAT"]
    shot = [e for e in evs if e.type == "ASSAULT"]
    assert freed and [c.value for c in freed[0].counts] == [2]  # not the three executed
    assert shot and shot[0].mode == "targeted"
    assert not _events("The government executed the plan.")


def test_a_place_protested_in_stands_for_its_government(nlp):
    marched = _best("About 200 supporters of the opposition blocked roads in the capital city of Algiers.")
    assert marched.type == "PROTEST" and (marched.target.country, marched.target.sector) == ("DZA", "GOV")


def test_flights_of_supplies_raids_by_warplanes_closures_and_what_was_not_received(nlp):
    flown = _best("More than 40 helicopters are flying relief supplies to the affected areas.")
    assert flown.type == "AID"
    raid = _best("Israeli warplanes raided Hezbollah targets in eastern Lebanon.")
    assert (raid.type, raid.mode) == ("ASSAULT", "aerial")
    assert _best("Police raided the monastery.").type == "COERCE"
    closed = _best("All institutions have been halted, and the country's borders have been blocked.")
    assert (closed.type, closed.mode) == ("COERCE", "restrict")
    aid = _best("Most victims have yet to receive any aid.")
    assert (aid.modality, aid.plover_type) == ("negated", "AID")  # no one rejected anything
    backed = _best("Bolsonaro received support from former U.S. President Donald Trump.")
    assert backed.source is not None and backed.source.name == "Donald Trump"


def test_hostages_abducted_and_videos_posted(nlp):
    text = "Taleban militants have released 12 of 19 South Korean hostages abducted nearly six weeks ago."
    taken = [e for e in _events(text, date="2007-08-30") if e.type == "ASSAULT"]
    assert taken and (taken[0].source is None or taken[0].source.country != "KOR")
    assert taken[0].target is not None and taken[0].target.country == "KOR"
    text = "Government critic Gustavo Maldonado posted a YouTube video accusing local officials of corruption."
    accused = [e for e in _events(text) if e.type == "ACCUSE"]
    assert accused and accused[0].source is not None and accused[0].source.name == "Gustavo Maldonado"


def test_strikes_by_states_are_attacks_and_topics_are_no_places(nlp):
    strikes = _best("Israel launched strikes on targets in Gaza.")
    assert strikes.type == "ASSAULT" and strikes.target.country == "PSE"
    assert _best("Workers launched a strike in Lagos.").type == "PROTEST"
    met = _best("Defence Minister Rajnath Singh held two review meetings over the developments in Eastern Ladakh.")
    assert met.location is None  # what the meetings were about, not where
    will = [e for e in _events("The new government has the political will to make the arrests.") if e.type == "COERCE"]
    assert will and will[0].source is not None and will[0].source.sector == "GOV"


def test_what_everyone_should_know_is_no_demand_and_dated_possessors_are_no_doers(nlp):
    assert not _events("Vladimir says everyone should know that there will be tough opposition.")
    assert _best("Iran said Israel must withdraw its troops.").type == "REQUEST"
    strikes = _best("Monday's Israeli strikes killed 20 people.")
    assert strikes.source is not None and strikes.source.country == "ISR"


def test_control_calls_for_casualties_appeals_and_meetings(nlp):
    defy = _best("The woman says that anger led many people to defy security forces in Burma.")
    assert defy.source is not None and defy.source.text == "many people"
    summoned = [e for e in _events("Nigerian junior foreign minister Dubem Oniya summoned Niger's ambassador "
                                   "to complain of inaction over the gangs.") if e.type == "ACCUSE"]
    assert summoned and summoned[0].source.country == "NGA"  # the summoner complains, not the ambassador
    called = [e for e in _events("Medvedev called for Georgian and Russian troops to withdraw to their positions.")
              if e.type == "RETREAT"]
    assert called and called[0].modality == "hypothetical"
    assert not _events("The staff have been overwhelmed by large numbers of injured.")
    appeal = _best("In Islamabad, U.N. resident coordinator Jan Vandemoortele issued an appeal for more aid.")
    assert appeal.type == "REQUEST" and appeal.target is None  # not Pakistan: appealed to donors
    met = _events("Russian President Vladimir Putin and his Turkish counterpart, Recep Tayyip Erdogan, met "
                  "for six hours of negotiations at the Kremlin.")
    assert {(e.source.country, e.target.country) for e in met if e.type == "CONSULT"} == {("RUS", "TUR"),
                                                                                          ("TUR", "RUS")}
    hostages = [e for e in _events("Released hostages pleaded with Netanyahu to free the remaining captives in Gaza.")
                if e.type == "REQUEST"]
    assert hostages and hostages[0].source.country != "PSE"  # held in Gaza, not from Gaza


def test_releases_of_things_retaliations_welcomed_arrests_and_weak_bare_events(nlp):
    assert not _events("A Brexit would invigorate the economy by freeing business from EU bureaucracy.")
    handed = _best("Swiss doctors handed over 700 kg of medicine to the Red Crescent.")
    assert handed.type == "AID"
    assert _best("Israel released 39 Palestinian prisoners.").type == "RETREAT"
    text = "Moscow retaliated against Britain's move to expel 23 Russians by ordering out 23 Britons."
    evs = _events(text)
    assert not [e for e in evs if e.type == "ASSAULT"]  # the expulsion is the retaliation
    assert all(c.kind != "displaced" for e in evs for c in e.counts)  # diplomats sent home
    welcomed = _best("The U.N. Chief Prosecutor Serge Brammertz welcomed the arrest of Karadzic.")
    assert welcomed.type == "SUPPORT" and (welcomed.target is None or "Karadzic" not in welcomed.target.text)
    # an event with nobody, nowhere and no one counted is built; embedded this deep, the acceptance model
    # drops it: what a reader sees at the default threshold is the expulsion at most
    text = ("The expulsion came on the day he had chosen for a referendum on whether to change the constitution "
            "to allow him to run for a second term.")
    assert [e for e in _events(text) if e.evidence.text == "to allow"]
    assert all(e.evidence.text.startswith("The expulsion") for e in dateline.extract(text, date="2024-02-08").events)


def test_site_furniture_lines_and_no_doer_for_the_other_side(nlp):
    assert not _events("(To view our epaper please click here. For the latest news updates, visit Free Press "
                       "Journal. Also, follow us on Twitter.)")
    text = ("Twenty Indian soldiers were killed in a clash with Chinese troops on Monday. "
            "More than 43 Chinese soldiers have been killed or seriously injured.")
    later = [e for e in _events(text) if e.evidence.start > text.index("More")]
    assert later and all(e.source is None or e.source.country != "CHN" for e in later)


def test_apposed_names_choices_pending_ratifications_idioms_and_lawyers(nlp):
    held = _best("Israel says it has arrested one of the most wanted militants, Hamas official Osama Hamdan.")
    assert held.target is not None and held.target.name == "Osama Hamdan"
    money = _best("Mister Singh announced $111 million (U.S.) in assistance.")
    assert money.target is None or money.target.country != "USA"  # a currency, no recipient
    choice = [e for e in _events("The President faces a decision - either accept the vote or risk being "
                                 "deemed illegitimate.") if e.type == "AGREE"]
    assert all(e.modality == "hypothetical" for e in choice)
    ratify = [e for e in _events("RCEP will come into effect once the participants ratify the pact.")
              if e.type == "SUPPORT"]
    assert ratify and ratify[0].modality == "hypothetical"
    assert not [e for e in _events("President Abdullah Gul defied expectations of a veto.") if e.type == "REJECT"]
    lawyers = [e for e in _events("Former Bosnian Serb leader Radovan Karadzic was arrested in Belgrade. "
                                  "His lawyers have appealed to stop the move.") if e.type == "REQUEST"]
    assert lawyers and lawyers[0].source is not None and "Karadzic" not in (lawyers[0].source.name or "")


def test_not_ready_to_concede_and_an_articles_people_count(nlp):
    ready = _best("Netanyahu's standpoint suggests that Israel is not ready to concede to terms.")
    assert (ready.modality, ready.plover_type) == ("asserted", "REJECT")  # a refusal stated
    text = ("South Korea President Yoon Suk Yeol declared martial law, accusing the opposition of sympathising "
            "with North Korea. Yoon called them North Korean spies. The parliament convened, and "
            "Yoon summoned the army. However, political aides intervened, preventing the military from "
            "entering the premises.")  # South Korea's president is named more often than North Korea
    stopped = [e for e in _events(text) if e.evidence.text.startswith("political aides")]
    assert stopped and stopped[0].source.country == "KOR"  # not North Korea, named in passing


def test_a_headline_that_repeats_the_body_codes_no_second_event():
    """ANNOTATION.md: code the body sentence, and a headline only when it reports what the body does not."""
    import dateline

    body = "\n\nNetanyahu on Wednesday rejected Hamas's ceasefire proposal, calling its demands delusional."
    repeated = dateline.extract(" date 2024-02-07 Netanyahu rejects Hamas ceasefire proposal" + body).events
    assert [(e.type, e.evidence.text[:9]) for e in repeated] == [("REJECT", "Netanyahu")]
    assert repeated[0].evidence.start > 0  # the body's event, not the headline's
    other = dateline.extract(" date 2024-02-07 Israeli troops raid Jenin refugee camp" + body).events
    assert [e.type for e in other] == ["COERCE", "REJECT"]  # the headline reports what the body does not
    lede = dateline.extract(" date 2024-02-07 Netanyahu rejects Hamas ceasefire proposal." + body).events
    assert [e.type for e in lede] == ["REJECT", "REJECT"]  # a sentence with its full stop is no headline


def test_a_story_told_the_day_before_dates_its_undated_past_events():
    text = ("Soldiers announced a coup on national television on Wednesday. The president was detained by his "
            "guards. We call for his immediate release, the U.S. said.")
    events = dateline.extract(text, date="2023-07-27").events
    coup = [e for e in events if e.type == "COERCE" and "coup" in e.evidence.text]
    assert coup and coup[0].date == "2023-07-26"  # the noun the dated verb announced
    detained = [e for e in events if "detained" in e.evidence.text]
    assert detained and detained[0].date == "2023-07-26" and not detained[0].date_resolved
    call = [e for e in events if e.type == "REQUEST"]
    assert call and call[0].date == "2023-07-27"  # in the present tense: the article's day


def test_a_week_is_dated_by_its_month_and_a_light_noun_passes_its_date_on():
    met = [e for e in dateline.extract("Reno met the family's lawyers earlier this week.", date="2000-02-10").events
           if e.type == "CONSULT"]
    assert met and met[0].date == "2000-02" and met[0].date_resolved
    text = "In an unprecedented move late Tuesday, President Yoon declared martial law."
    law = [e for e in dateline.extract(text, date="2024-12-04").events if e.type == "COERCE"]
    assert law and law[0].date == "2024-12-03"


def test_firms_deals_are_no_events_and_rewards_ask_for_help(nlp):
    # ANNOTATION.md codes political actors only: a deal between firms is no AGREE, a state's purchase is
    for text in ("RJR Nabisco Inc. said it agreed to sell its Baby Ruth candy businesses to Nestle Foods.",
                 "Dow Jones extended its tender offer of $18 a share."):
        assert not [e for e in _events(text) if e.plover_type == "AGREE"], text
    assert [e for e in _events("Turkey agreed to buy Russian S-400 missiles.") if e.plover_type == "AGREE"]
    reward = _events("The U.S. government is offering a reward of up to $5 million for information that leads "
                     "to the arrest of Bin Laden.")
    assert [e.plover_type for e in reward if e.evidence.text.startswith("U.S. government")] == ["REQUEST"]
