"""The actor knowledge base: loading, dated roles, country words, titles, user files, Wikidata import."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from dateline.knowledge.kb import KnowledgeBase, load_kb, normalize, plover_code
from dateline.knowledge.wikidata import import_wikidata
from dateline.resources import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "kb"
RESOURCES = ROOT / "kb"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_loads_big_enough(kb):
    people = [a for a in kb.actors.values() if a.kind == "person"]
    countries = [a for a in kb.actors.values() if a.kind == "country"]
    assert len(people) >= 300
    assert len(countries) >= 245
    assert {"c:XKX", "c:PSE", "c:USA"} <= set(kb.actors)


def test_people_file_is_well_formed():
    rows = list(csv.DictReader((RESOURCES / "people.tsv").open(encoding="utf-8"), delimiter="\t"))
    countries = {r["iso3"] for r in csv.DictReader((RESOURCES / "countries.tsv").open(encoding="utf-8"),
                                                   delimiter="\t")}
    for row in rows:
        assert row["country"] in countries or (row["country"] == "" and row["sector"] in ("IGO", "REB")), row
        assert row["start"], row
        assert not row["end"] or row["start"] <= row["end"], row


def test_normalize_ignores_case_diacritics_punctuation():
    assert normalize("Erdoğan") == normalize("ERDOGAN") == "erdogan"
    assert normalize("Israel's") == "israel"
    assert normalize("Ben-Gvir") == normalize("Ben Gvir")
    assert normalize("the U.N.") == "un"


def test_lookup_aliases(kb):
    assert [a.id for a in kb.lookup("Blinken")] == ["p:antony_blinken"]
    assert [a.id for a in kb.lookup("Recep Tayyip Erdoğan")] == ["p:recep_tayyip_erdogan"]
    assert [a.id for a in kb.lookup("Hizbollah")] == ["o:hezbollah"]
    assert "c:USA" in [a.id for a in kb.lookup("U.S.")]
    assert kb.lookup("US") and not kb.lookup("us")  # an all-caps alias that is also a word
    assert [a.id for a in kb.lookup("Nato")] == ["o:nato"]


def test_dated_roles_blinken(kb):
    assert kb.code("p:antony_blinken", "2024-02-08") == ("USA", "GOV")
    assert kb.code("p:antony_blinken", "2024-02") == ("USA", "GOV")  # month granularity
    assert kb.code("p:antony_blinken", "2024-02-08T10:30:00+00:00") == ("USA", "GOV")
    assert kb.code("p:antony_blinken", "2026-01-01") == ("USA", None)  # no longer in office
    roles = kb.roles("p:antony_blinken", "2024-02-08")
    assert [r.title for r in roles] == ["secretary of state"]
    assert kb.roles("p:antony_blinken", "2026-01-01") == []


def test_dated_roles_pick_the_office_of_the_day(kb):
    assert kb.role_on("p:vladimir_putin", "2010-06-01").title == "prime minister"
    assert kb.role_on("p:vladimir_putin", "2024-06-01").title == "president"
    assert kb.code("p:benjamin_netanyahu", "2022-01-01") == ("ISR", "OPP")
    assert kb.code("p:benjamin_netanyahu", "2024-02-08") == ("ISR", "GOV")
    assert kb.code("p:isaac_herzog", "2024-02-08") == ("ISR", "GOV")
    assert kb.code("p:osama_hamdan", "2024-02-08") == ("PSE", "REB")
    assert kb.code("p:antonio_guterres", "2024-02-08") == (None, "IGO")


def test_organisation_codes_change_with_the_date(kb):
    assert kb.code("o:hamas", "2024-02-08") == ("PSE", "REB")
    assert kb.code("o:taliban", "2019-01-01") == ("AFG", "REB")
    assert kb.code("o:taliban", "2023-01-01") == ("AFG", "GOV")
    assert kb.code("o:un", None) == (None, "IGO")


def test_country_words(kb):
    assert kb.country_of("Israeli") == "ISR"
    assert kb.country_of("Palestinians") == "PSE"
    assert kb.country_of("Washington") == "USA"
    assert kb.country_of("Moscow") == "RUS"
    assert kb.country_of("Beijing") == "CHN"
    assert kb.country_of("Kremlin") == "RUS"
    assert kb.country_of("Kosovo") == "XKX"
    assert kb.country_of("Ivory Coast") == kb.country_of("Côte d'Ivoire") == "CIV"
    assert kb.country_of("Darfur") == "SDN"
    assert kb.country_of("spaghetti") is None
    assert kb.country_word_kind("Kremlin") == "metonym"
    assert kb.country_word_kind("Cairo") == "capital"
    assert kb.country_word_kind("Egyptian") == "demonym"


def test_organisation_head_words(kb):
    assert kb.org_head_sector("Third World Water Forum") == "NGO"
    assert kb.org_head_sector("Association of African Jurists") == "NGO"
    assert kb.org_head_sector("University of Baghdad") == "EDU"
    assert kb.org_head_sector("Ministry of Defence") is None


def test_historical_country_names(kb):
    assert kb.country_of("Rhodesia") == "ZWE" and kb.country_of("Czechoslovak") == "CZE"


def test_misspelt_country_words(kb):
    assert kb.country_like("Afganistan") == "AFG" and kb.country_like("Pakistn") == "PAK"
    assert kb.country_like("Israel") is None  # spelt right: country_of's job
    assert kb.country_like("Indiana") is None  # one letter more than "Indian", at the end: a US state
    assert kb.country_like("Oman") is None  # too short to guess


def test_title_sectors(kb):
    assert kb.title_sector("Prime Minister") == "GOV"
    assert kb.title_sector("soldier") == "MIL"
    assert kb.title_sector("protesters") == "CVL"
    assert kb.title_sector("rebels") == "REB"
    assert kb.title_sector("lawmaker") == "LEG"
    assert kb.title_sector("judge") == "JUD"
    assert kb.title_sector("banana") is None
    assert kb.title_sector("fundamentalists") == "CVL" and kb.title_sector("military junta") == "GOV"


def test_aliases_iterates_every_actor(kb):
    pairs = set(kb.aliases())
    assert ("Netanyahu", "p:benjamin_netanyahu") in pairs
    assert ("Hamas", "o:hamas") in pairs


def test_plover_code():
    assert plover_code("ISR", "GOV") == "ISR"
    assert plover_code(None, "IGO") == "IGO"
    assert plover_code(None, "REB", "armed_group") == "IMG"


def test_user_csv_extends_the_kb():
    kb = KnowledgeBase.load([FIXTURES / "user.csv"])
    assert [a.id for a in kb.lookup("Quill")] == ["u:mara_quill"]
    assert kb.code("u:mara_quill", "2022-05-01") == ("NOR", "GOV")
    assert kb.code("u:mara_quill", "2025-05-01") == ("NOR", "LEG")
    assert len(kb.all_roles("u:mara_quill")) == 2
    assert kb.code("u:north_star_brigade", "2022-05-01") == ("COL", "REB")
    assert [a.id for a in kb.lookup("NSB")] == ["u:north_star_brigade"]


def test_user_yaml_extends_and_overrides():
    kb = KnowledgeBase.load([FIXTURES / "user.yaml"])
    assert kb.code("u:tomas_vell", "2020-01-01") == ("EST", "MIL")
    assert kb.title_sector("harbour master") == "GOV"
    assert kb.code("p:antony_blinken", "2026-01-01") == ("USA", "GOV")  # the user's roles replace ours
    assert KnowledgeBase.load().code("p:antony_blinken", "2026-01-01") == ("USA", None)


def test_extra_kb_files_are_stage_config_not_environment(monkeypatch):
    from dateline import nlp as nlp_module

    user = str(FIXTURES / "user.csv")
    assert load_kb((user,)).lookup("Mara Quill") and not load_kb().lookup("Mara Quill")
    assert load_kb((user,)) is load_kb((user,))  # loaded once per set of files
    monkeypatch.setenv("DATELINE_KB", user)  # no longer read: the KB is what the config says
    plain = nlp_module.load(stages=("dateline_entities", "dateline_actors"))
    extended = nlp_module.load(stages=("dateline_entities", "dateline_actors"), kb=(user,))
    assert extended.config["components"]["dateline_actors"]["kb"]["extra_files"] == [user]
    assert plain.config["components"]["dateline_actors"]["kb"]["extra_files"] == []
    assert not plain.get_pipe("dateline_actors").kb.lookup("Mara Quill")
    assert extended.get_pipe("dateline_actors").kb.lookup("Mara Quill")


def test_a_missing_kb_file_is_a_clear_error(tmp_path):
    from dateline import nlp as nlp_module

    with pytest.raises(FileNotFoundError, match="actor KB file not found"):
        nlp_module.load(stages=("dateline_entities", "dateline_actors"), kb=(str(tmp_path / "none.csv"),))


def test_import_wikidata_dump(tmp_path):
    out = tmp_path / "wd.tsv"
    assert import_wikidata(FIXTURES / "wikidata_dump.json", out) == 2  # a person and an NGO
    kb = KnowledgeBase.load([out])
    jane = kb.lookup("J. Example")
    assert [a.id for a in jane] == ["wd:Q1000001"]
    role = kb.role_on("wd:Q1000001", "2020-01-01")
    assert role.title == "Minister of Foreign Affairs of Freedonia"
    assert (role.country, role.sector, role.start, role.end) == ("FRD", "GOV", "2019-03-01", "2023-06-15")
    assert kb.code("wd:Q1000200", None) == ("ISR", "NGO")


def test_import_wikidata_line_per_entity(tmp_path):
    lines = (FIXTURES / "wikidata_dump.json").read_text(encoding="utf-8").splitlines()[1:-1]
    src = tmp_path / "dump.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")  # no brackets: not a JSON document
    assert import_wikidata(src, tmp_path / "wd.tsv") == 2


def test_import_wikidata_sparql_to_yaml(tmp_path):
    out = tmp_path / "wd.yaml"
    assert import_wikidata(FIXTURES / "sparql_result.json", out) == 1
    entries = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert entries[0]["name"] == "Pat Sample" and len(entries[0]["roles"]) == 2
    kb = KnowledgeBase.load([out])
    assert [a.id for a in kb.lookup("P. Sample")] == ["wd:Q2000001"]
    assert kb.role_on("wd:Q2000001", "2021-01-01").title == "Minister of National Defence"
    assert kb.code("wd:Q2000001", "2024-01-01") == ("CAN", "GOV")


def test_a_plural_is_a_demonym_not_a_continent():
    from dateline.knowledge.kb import load_kb

    kb = load_kb()
    assert kb.country_of("Israelis") == "ISR" and kb.country_of("Philippines") == "PHL"
    assert kb.country_of("the Americas") is None  # not the United States
