"""dateline_coref: names, surnames, titles, descriptions and pronouns in chains."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from dateline.nlp import load
from dateline.stages.coref.chains import Chain, chain_at
from tests.conftest import process, process_seed

SEED = Path(__file__).resolve().parents[1] / "examples" / "articles" / "000_2cc213d86c83265d.txt"


@pytest.fixture(scope="module")
def nlp():
    return load(stages=("dateline_entities", "dateline_coref"))


run = process  # (nlp, text, article_id="t"): one article dated 2024-02-08


@pytest.fixture(scope="module")
def seed(nlp):
    return process_seed(nlp)


def chain_named(doc, name: str) -> Chain:
    return next(c for c in doc._.coref_chains if c.name == name)


def texts(doc, chain: Chain) -> list[str]:
    return [doc.text[s:e] for s, e in chain.mentions]


def test_seed_netanyahu_chain_has_surname_title_and_pronoun(seed):
    chain = chain_named(seed, "Benjamin Netanyahu")
    assert chain.label == "PERSON"
    mentions = texts(seed, chain)
    assert "Netanyahu" in mentions
    assert "The prime minister" in mentions
    assert "he" in mentions and "his" in mentions
    assert "prime minister" in chain.titles


def test_seed_pronoun_after_blinken_sentence_resolves_to_blinken(seed):
    start = seed.text.index("But he expressed") + len("But ")
    chain = chain_at(seed, start, start + 2)
    assert chain is not None and chain.name == "Antony Blinken"


def test_surname_mistagged_as_place_joins_the_person(seed):
    # en_core_web_sm tags one "Blinken" as GPE; it must still join Antony Blinken's chain.
    blinken = chain_named(seed, "Antony Blinken")
    assert texts(seed, blinken).count("Blinken") >= 5
    assert all(c.name != "Blinken" for c in seed._.coref_chains)


def test_description_the_group_refers_to_hamas(seed):
    start = seed.text.index("the militant group")
    chain = chain_at(seed, start, start + len("the militant group"))
    assert chain is not None and chain.name == "Hamas"


def test_chain_at_prefers_the_mention_holding_the_head(seed):
    start = seed.text.index("Hamas official Osama Hamdan")
    chain = chain_at(seed, start, start + len("Hamas official Osama Hamdan"))
    assert chain is not None and chain.name == "Osama Hamdan" and chain.label == "PERSON"


def test_chain_ids_are_deterministic_and_local(nlp):
    text = "Angela Merkel arrived in Paris. She said the talks would continue."
    a = run(nlp, text, "doc-1")._.coref_chains
    b = run(nlp, text, "doc-1")._.coref_chains
    assert [c.id for c in a] == [c.id for c in b]
    assert all(c.id.startswith("local:") for c in a)
    assert run(nlp, text, "doc-2")._.coref_chains[0].id != a[0].id


def test_ambiguous_surname_takes_the_closest_previous_full_name(nlp):
    doc = run(nlp, "Hillary Clinton met voters in Iowa. Bill Clinton stayed in New York. Clinton said no.")
    start = doc.text.rindex("Clinton said")
    assert chain_at(doc, start, start + len("Clinton")).name == "Bill Clinton"


def test_surname_missed_by_ner_joins_its_chain(nlp):
    doc = run(nlp, "The mayor, Jane Doe, spoke on Monday. The city will rebuild, Doe said.")
    start = doc.text.index("Doe said")
    chain = chain_at(doc, start, start + 3)
    assert chain is not None and chain.name == "Jane Doe"


def test_untitled_person_description_stays_unresolved(nlp):
    doc = run(nlp, "Angela Merkel arrived in Paris. The president said nothing.")
    start = doc.text.index("The president")
    assert chain_at(doc, start, start + len("The president")) is None


def test_chains_pickle(seed):
    chains = seed._.coref_chains
    assert pickle.loads(pickle.dumps(chains)) == chains


def test_she_skips_a_man_even_when_he_is_the_closer_subject(nlp):
    doc = run(nlp, "Hillary Clinton met Donald Trump in the debate. Trump attacked her record. She said no.")
    start = doc.text.index("She said")
    assert chain_at(doc, start, start + 3).name == "Hillary Clinton"
    trump = chain_at(doc, doc.text.index("Trump attacked"), doc.text.index("Trump attacked") + 5)
    assert trump is not None and trump.name == "Donald Trump" and trump.gender == "m"


def test_honorific_sets_gender(nlp):
    doc = run(nlp, "Mrs. Clinton met Mr. Trump on Monday. Mr. Trump spoke first. She said no.")
    start = doc.text.index("She said")
    assert chain_at(doc, start, start + 3).name == "Clinton"
