"""Counts of people affected: kind, value, approximate flag, span."""

from __future__ import annotations

from dateline.stages.events.quantities import counts_in


def _counts(nlp, text):
    doc = nlp(text)
    return [(c.kind, c.value, c.approximate, c.text) for c in counts_in(doc, doc[:])]


def test_seed_counts(nlp):
    assert _counts(nlp, "Netanyahu said military pressure was the best way to free the roughly 100 hostages.") == [
        ("abducted", 100, True, "roughly 100 hostages")]
    got = _counts(nlp, "Thousands of civilians have been killed in the fighting, and the offensive has "
                       "displaced hundreds of thousands of people from their homes.")
    assert got == [("killed", 1000, True, "Thousands of civilians"),
                   ("displaced", 100000, True, "hundreds of thousands of people")]


def test_exact_and_hedged_numbers(nlp):
    got = _counts(nlp, "At least 20 people were killed and 15 wounded in the blast.")
    assert ("killed", 20, True, "At least 20 people") in got
    assert any(c[0] == "injured" and c[1] == 15 and not c[2] for c in got)
    got = _counts(nlp, "Police arrested 1,200 protesters on Sunday.")
    assert got == [("arrested", 1200, False, "1,200 protesters")]
    assert _counts(nlp, "Two hundred soldiers were captured.")[0][1:3] == (200, False)
    assert _counts(nlp, "About 1.5 million people have fled their homes.")[0][:3] == ("displaced", 1500000, True)


def test_numbers_that_count_no_victims(nlp):
    assert _counts(nlp, "The plan would unfold over 4 1/2 months in three phases.") == []
    assert _counts(nlp, "The company sold 300 cars in 2023.") == []


def test_up_to_hedge_parsed_as_preposition(nlp):
    got = _counts(nlp, "Afghan rebels have kidnapped up to 16 Russian civilian advisers from a bazaar.")
    assert got == [("abducted", 16, True, "up to 16 Russian civilian advisers")]


def test_expelled_diplomats_are_not_displaced_and_relative_victims_count(nlp):
    assert _counts(nlp, "The government expelled 35 diplomats on Friday.") == []
    assert _counts(nlp, "The army expelled 3,000 villagers from the valley.")[0][:2] == ("displaced", 3000)
    got = _counts(nlp, "17 soldiers who were injured in the clash says the army statement.")
    assert got == [("injured", 17, False, "17 soldiers")]


def test_coordinated_counted_groups_share_the_verb(nlp):
    got = _counts(nlp, "Gunmen killed five policemen and three civilians.")
    assert [(k, v) for k, v, _, _ in got] == [("killed", 5), ("killed", 3)]


def test_hyphenated_number_words(nlp):
    assert _counts(nlp, "Twenty-three South Koreans were abducted.") == [
        ("abducted", 23, False, "Twenty-three South Koreans")]
