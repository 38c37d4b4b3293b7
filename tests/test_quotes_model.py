"""The trained cue model and the PolNeAR conventions added with it (raising cues, sourceless
"Asked about", "In a poll", headline colons, cue spans that take a governing verb)."""

from __future__ import annotations

import pytest

from dateline.stages.quotes.model import CANDIDATE_POS, cue_probability, features, weights
from tests.conftest import process


@pytest.fixture(scope="module")
def quotes_nlp():
    from dateline.nlp import load

    return load(stages=("dateline_entities", "dateline_coref", "dateline_quotes"))


def run(nlp, text: str):
    return process(nlp, text)._.quotes


def only(quotes):
    assert len(quotes) == 1, [(q.cue.text if q.cue else None, [c.text for c in q.content]) for q in quotes]
    return quotes[0]


def token(doc, word: str):
    return next(t for t in doc if t.text == word)


def test_model_file_loads_with_weights():
    w, b = weights()
    assert len(w) > 1000 and isinstance(b, float)
    assert w["lem=say"] > 0  # the commonest cue of the training data


def test_probability_separates_speech_from_other_verbs(quotes_nlp):
    doc = process(quotes_nlp, "The senator said the bill would fail. The senator ate lunch with his staff.")
    assert cue_probability(token(doc, "said"), False) > 0.9
    assert cue_probability(token(doc, "ate"), False) < 0.5
    assert cue_probability(token(doc, "bill"), False) < 0.5
    assert cue_probability(token(doc, "."), False) == 0.0  # punctuation is never scored


def test_features_are_strings_of_the_token_context(quotes_nlp):
    doc = process(quotes_nlp, "Trump is thanking his supporters for the win.")
    tok = token(doc, "thanking")
    assert tok.pos_ in CANDIDATE_POS
    feats = features(tok, False)
    assert "lem=thank" in feats and "c=dobj" in feats and "quote=False" in feats
    assert features(tok, False) == feats  # deterministic


def test_model_adds_a_cue_no_lexicon_lists(quotes_nlp):
    q = only(run(quotes_nlp, "Trump is thanking his supporters for the win."))
    assert (q.speaker.text, q.cue.text, q.content[0].text) == ("Trump", "is thanking", "his supporters for the win")
    assert q.kind == "indirect" and q.confidence < 0.6  # a model cue is a weaker attribution than "said"


def test_model_cue_takes_no_time_or_place_as_content(quotes_nlp):
    assert run(quotes_nlp, "Donald Trump spoke on Monday in Iowa.") == []


def test_raising_cue_has_no_source_and_keeps_the_subject_in_the_content(quotes_nlp):
    q = only(run(quotes_nlp, "Trump is expected to win the primary."))
    assert q.speaker is None and q.cue.text == "is expected"
    assert [c.text for c in q.content] == ["Trump", "to win the primary"]
    assert q.kind == "indirect"  # not "unmarked": the subject before the cue is no stripped quote


def test_asked_about_is_a_sourceless_attribution(quotes_nlp):
    quotes = run(quotes_nlp, "Asked about the plan, Clinton said it would fail.")
    asked = next(q for q in quotes if q.cue.text == "Asked about")
    assert asked.speaker is None and asked.content[0].text == "the plan"
    said = next(q for q in quotes if q.cue.text == "said")
    assert said.speaker.text == "Clinton" and said.content[0].text == "it would fail"


def test_in_a_poll_is_the_source(quotes_nlp):
    q = only(run(quotes_nlp, "In a new CBS News poll, Clinton leads Sanders by ten points."))
    assert (q.speaker.text, q.cue.text) == ("a new CBS News poll", "In")
    assert q.content[0].text == "Clinton leads Sanders by ten points"


def test_headline_colon_speaker_without_entity_tag(quotes_nlp):
    q = run(quotes_nlp, "Trump: I Am the Worst Thing That Ever Happened to the Establishment.\n\nHe spoke.")[0]
    assert (q.speaker.text, q.cue.text) == ("Trump", ":")
    assert run(quotes_nlp, "Update: The story has been corrected to fix a date.") == []


def test_statement_noun_speaker_resolves_to_its_owner(quotes_nlp):
    text = ("Israeli Prime Minister Benjamin Netanyahu spoke on Sunday. "
            "Netanyahu's remarks signaled that talks could fail.")
    q = only(run(quotes_nlp, text))
    assert (q.speaker.text, q.speaker.name) == ("Netanyahu's remarks", "Benjamin Netanyahu")


def test_cue_span_takes_a_governing_verb_and_a_statement_object(quotes_nlp):
    q = only(run(quotes_nlp, "Sanders went on to say that the system is rigged."))
    assert q.cue.text == "went on to say" and q.content[0].text == "that the system is rigged"
    q = only(run(quotes_nlp, "The campaign issued a statement saying the report was false."))
    assert q.cue.text == "issued a statement saying" and q.content[0].text == "the report was false"


def test_quote_followed_by_any_verb_with_a_subject(quotes_nlp):
    q = only(run(quotes_nlp, "“Stop talking about the polls, you fool,” Oliver barked."))
    assert (q.kind, q.speaker.text, q.cue.text) == ("direct", "Oliver", "barked")


def test_short_or_capitalised_quote_shaped_like_speech(quotes_nlp):
    q = only(run(quotes_nlp, '"Technicals," Bob said.'))
    assert (q.speaker.text, q.content[0].text) == ("Bob", '"Technicals,"')
    q = only(run(quotes_nlp, '"GROWING PARTY," he declared in a tweet after the primaries.'))
    assert (q.cue.text, [c.text for c in q.content]) == ("declared", ['"GROWING PARTY,"'])
    assert run(quotes_nlp, 'The film "Team Trump" opened in May.') == []  # a title, not speech


def test_according_to_at_the_end_takes_the_whole_sentence(quotes_nlp):
    text = "WASHINGTON (AP) — Trump received 37 percent and Bloomberg snagged 13 percent, according to the results."
    q = only(run(quotes_nlp, text))
    assert (q.speaker.text, q.cue.text) == ("the results", "according to")
    assert q.content[0].text == "Trump received 37 percent and Bloomberg snagged 13 percent"


def test_participle_after_a_preposition_takes_the_clause_subject(quotes_nlp):
    text = "After suggesting on Wednesday that he regretted the insults, Mr. Rubio only occasionally disagreed."
    q = next(q for q in run(quotes_nlp, text) if q.cue.text == "suggesting")
    assert (q.speaker.text, q.content[0].text) == ("Mr. Rubio", "that he regretted the insults")
