"""Cue spans and cue-finding conventions of the quote stage (PolNeAR's): the introducing
preposition, short objects, colon-closed cues, verb groups after quotes, side-clause cues
nested in another content, and quotes that borrow a speaker but no cue."""

from __future__ import annotations

import pytest

from dateline.stages.quotes.cues import cue_words
from tests.conftest import process


@pytest.fixture(scope="module")
def quotes_nlp():
    from dateline.nlp import load

    return load(stages=("dateline_entities", "dateline_coref", "dateline_quotes"))


def quotes(nlp, text: str):
    return process(nlp, text)._.quotes


def by_cue(qs, cue: str):
    found = [q for q in qs if q.cue is not None and q.cue.text == cue]
    assert found, [(q.cue.text if q.cue else None, [c.text for c in q.content]) for q in qs]
    return found[0]


def test_for_before_an_infinitive_clause_belongs_to_the_cue(quotes_nlp):
    qs = quotes(quotes_nlp, "Hillary Clinton is calling for the United States to step up military efforts.")
    q = by_cue(qs, "is calling for")
    assert q.content[0].text == "the United States to step up military efforts"
    assert q.speaker.text == "Hillary Clinton"


def test_a_named_or_long_object_is_not_part_of_the_cue(quotes_nlp):
    doc = process(quotes_nlp, "Clinton blasted her Republican rival Donald Trump on Monday.")
    verb = next(t for t in doc if t.text == "blasted")
    group = [t for t in doc if verb.i <= t.i <= verb.i + 5]  # "blasted her Republican rival Donald Trump"
    assert [t.text for t in cue_words(group)] == ["blasted"]
    doc = process(quotes_nlp, "The senator issued a statement saying the bill would fail.")
    issued = [t for t in doc if t.text in {"issued", "a", "statement"}]
    assert [t.text for t in cue_words(issued)] == ["issued", "a", "statement"]  # a short object stays


def test_a_cue_closing_its_paragraph_with_a_colon_introduces_the_next_one(quotes_nlp):
    text = "Conservative columnist Hugh Hewitt writes:\n\nThe race is over for Jeb Bush, and everyone in Iowa knows it."
    q = by_cue(quotes(quotes_nlp, text), "writes")
    assert q.speaker.text == "Conservative columnist Hugh Hewitt"
    assert q.content[0].text == "The race is over for Jeb Bush, and everyone in Iowa knows it."


def test_the_cue_after_a_quote_keeps_its_auxiliary(quotes_nlp):
    q = by_cue(quotes(quotes_nlp, "“We will win this state and then the whole country,” Trump has said."), "has said")
    assert q.kind == "direct" and q.speaker.text == "Trump"


def test_a_quote_continuing_a_speaker_borrows_no_cue(quotes_nlp):
    text = ("“We will win this state and then the whole country,” Trump said on Monday.\n\n"
            "“Nobody has ever seen crowds like these before in this great state.”")
    qs = quotes(quotes_nlp, text)
    assert len(qs) == 2
    assert qs[0].cue.text == "said"
    assert qs[1].cue is None  # its evidence is the previous quote's, not a cue of its own
    assert qs[1].speaker is not None and qs[1].speaker.name == qs[0].speaker.name


def test_a_side_clause_cue_inside_another_content_is_its_own_attribution(quotes_nlp):
    text = ("Rubio suggested that someone who does not answer questions cannot be president, "
            "while Cruz said that the stakes in this election are too high.")
    qs = quotes(quotes_nlp, text)
    rubio, cruz = by_cue(qs, "suggested"), by_cue(qs, "said")
    assert rubio.content[0].text.endswith("cannot be president")  # stops before the other attribution
    assert cruz.speaker.text == "Cruz" and "the stakes" in cruz.content[0].text


def test_a_typo_opening_mark_after_a_word_closes_the_quote():
    from dateline.stages.quotes.marks import quote_runs

    text = "“Apparently not,“ he said. “A leopard doesn’t change its spots.”"
    runs, _ = quote_runs(text)
    assert [text[r.start : r.end] for r in runs] == ["“Apparently not,“", "“A leopard doesn’t change its spots.”"]


def test_the_speaker_after_a_question_may_open_a_new_parse_sentence(quotes_nlp):
    qs = quotes(quotes_nlp, "“Why are you still endorsing him?” Obama asked Republican leaders on Tuesday.")
    q = by_cue(qs, "asked")
    assert q.speaker.text == "Obama" and q.content[0].text == "“Why are you still endorsing him?”"


def test_an_inverted_speaker_between_two_quoted_parts(quotes_nlp):
    text = ('"The risk," said Edward Leamer, an economist who is the director of the UCLA Anderson Forecast, '
            '"is that we are going to be attracting workers and repelling jobs."')
    q = by_cue(quotes(quotes_nlp, text), "said")
    assert q.speaker.text.startswith("Edward Leamer")
    second = '"is that we are going to be attracting workers and repelling jobs."'
    assert [c.text for c in q.content] == ['"The risk,"', second]


def test_a_multiword_cue_keeps_its_auxiliary(quotes_nlp):
    q = by_cue(quotes(quotes_nlp, "Several senators are expressing concern about the deal with Iran."),
               "are expressing concern about")
    assert q.speaker.text == "Several senators" and q.content[0].text == "the deal with Iran"
