"""Span choice of the quotes stage: the learned span edges (quote_boundaries) and content frames."""

from __future__ import annotations

import json

import pytest

from dateline.nlp import load
from dateline.resources import ROOT
from dateline.stages.quotes import boundaries as B
from tests.conftest import process

STAGES = ("dateline_entities", "dateline_coref", "dateline_quotes")


@pytest.fixture(scope="module")
def nlp():
    return load(stages=STAGES)


@pytest.fixture
def toy_model(monkeypatch):
    """A hand-made span model: cut conjuncts and relative clauses, move objects down to their preposition."""
    model = {
        "edge": {"intercept": 5.0, "weights": {"rd=content|R|conj": -10.0, "rd=source|R|relcl": -10.0}},
        "descend": {"intercept": -5.0, "weights": {"td=prep/pobj": 10.0}},
    }
    monkeypatch.setattr(B, "load_span_model", lambda: model)
    return model


def quotes(nlp, text):
    return [(q.speaker.text if q.speaker else None, q.cue.text if q.cue else None, [c.text for c in q.content])
            for q in process(nlp, text)._.quotes]


def test_shipped_model_is_weights_only():
    path = ROOT / "quotes" / B.MODEL_FILE
    assert path.stat().st_size < 5_000_000
    data = json.loads(path.read_text(encoding="utf-8"))
    for part in ("edge", "descend"):
        weights = data[part]["weights"]
        assert weights and all(isinstance(v, float) for v in weights.values())
        assert max(len(k) for k in weights) < 120  # feature names, never sentences of the corpus


def test_edge_model_cuts_a_conjunct_and_its_conjunction(nlp, toy_model):
    doc = nlp("Officials said the fire began in the kitchen and the firefighters arrived late.")
    began = next(t for t in doc if t.text == "began")
    toks = [t for t in began.subtree]
    kept = B.trim(toks, began, "content", "say")
    assert " ".join(t.text for t in kept) == "the fire began in the kitchen"  # no dangling "and"


def test_edge_model_keeps_half_of_a_content(nlp, toy_model):
    doc = nlp("He said taxes rose and the deficit grew and prices climbed sharply across the whole country.")
    rose = next(t for t in doc if t.text == "rose")
    toks = list(rose.subtree)
    assert B.trim(toks, rose, "content", "say") == toks  # a cut this deep would lose most of the content


def test_edge_model_trims_a_source_relative_clause(nlp, toy_model):
    assert quotes(nlp, "Mr. Kirk, who spoke at the rally, said he would vote no.")[0][0] == "Mr. Kirk"


def test_descend_moves_content_under_a_cue_object(nlp, toy_model):
    doc = nlp("The mayor dismissed questions about his record.")
    verb, obj = doc[2], doc[3]
    assert B.descend(verb, obj).text == "record"


def test_as_clause_frames_the_main_clause(nlp):
    speaker, cue, content = quotes(nlp, "As The Atlantic recently noted, trust in government is collapsing.")[0]
    assert speaker == "The Atlantic" and "noted" in cue
    assert content == ["trust in government is collapsing"]


def test_date_after_said_is_not_content(nlp):
    _, _, content = quotes(nlp, "Officials said Tuesday the fire began in the kitchen.")[0]
    assert content == ["the fire began in the kitchen"]


def test_subject_taken_for_an_adverbial_stays_in_the_content(nlp):
    _, _, content = quotes(nlp, "Hemsley said the days when the nation had a unifying story are gone.")[0]
    assert content == ["the days when the nation had a unifying story are gone"]


def test_opening_conjunction_is_no_content_piece(nlp):
    found = quotes(nlp, "But, he said, the voters will give Sanders a second look if he starts winning.")
    assert found and all(c != "But" for _, _, contents in found for c in contents)


def test_numeric_subject_is_the_source(nlp):
    text = "About 4 in 10 say they want the next president to have more liberal policies."
    speaker, _, content = quotes(nlp, text)[0]
    assert speaker == "About 4 in 10"
    assert content == ["they want the next president to have more liberal policies"]


def test_name_and_verb_taken_for_a_compound_noun(nlp):
    found = quotes(nlp, "Trump predicts that many of their supporters will switch to his side.")
    assert found[0][0] == "Trump" and found[0][1] == "predicts"


def test_named_asker_is_the_source_of_asked(nlp):
    found = quotes(nlp, "Asked by Stephanopoulos to respond to the criticism, Carson said the remarks were unfair.")
    assert ("Stephanopoulos", "Asked", ["to respond to the criticism"]) in found
    assert ("Carson", "said", ["the remarks were unfair"]) in found


def test_closing_report_verb_takes_the_clause_before(nlp):
    text = "More than 40 percent of that money arrived in February alone, new fundraising reports show."
    speaker, _, content = quotes(nlp, text)[0]
    assert speaker == "new fundraising reports"
    assert content == ["More than 40 percent of that money arrived in February alone"]


def test_according_to_mid_clause_splits_the_content(nlp):
    text = "About 10:03 p.m., according to a congressional timeline, the contractors left for the compound."
    speaker, cue, content = quotes(nlp, text)[0]
    assert (speaker, cue) == ("a congressional timeline", "according to")
    assert content == ["About 10:03 p.m.", "the contractors left for the compound"]


def test_cue_inside_a_relative_clause_content_is_cut_out(nlp):
    found = quotes(nlp, "He touted his donor list, which the campaign says includes 2.7 million contributors.")
    assert ("the campaign", "says", ["which", "includes 2.7 million contributors"]) in found
    split = process(nlp, "He touted his donor list, which the campaign says includes 2.7 million contributors.")
    assert [q.kind for q in split._.quotes if q.cue.text == "says"] == ["indirect"]  # not stripped speech


def test_news_dateline_parsed_as_the_subject_is_not_the_speaker(nlp):
    text = "CLEVELAND, July 19 (UPI) — Former Attorney General Michael Mukasey said Tuesday that Clinton erred."
    assert quotes(nlp, text)[0][0] == "Former Attorney General Michael Mukasey"


def test_statement_participle_object_is_the_content(nlp):
    found = quotes(nlp, "Both leaders issued statements condemning the coordinated attacks.")
    assert found == [("Both leaders", "issued statements condemning", ["the coordinated attacks"])]


def test_complement_after_the_verb_wins_over_one_before_a_semicolon(nlp):
    found = quotes(nlp, "The story never ran; my editor at Politico argued the piece made Obama look too good.")
    assert found[0][2] == ["the piece made Obama look too good"]


def test_call_with_two_predicates_takes_both(nlp):
    assert ("Ryan", "called", ["Trump a racist"]) in quotes(nlp, "Ryan called Trump a racist.")


def test_governing_verb_with_a_plain_infinitive_is_the_cue(nlp):
    found = quotes(nlp, "Trump has sought to assure Jews and other Israel supporters.")
    assert ("Trump", "has sought", ["to assure Jews and other Israel supporters"]) in found


def test_raising_verb_with_a_predicate_adjective(nlp):
    found = quotes(nlp, "Others appeared ready to abandon him.")
    assert (None, "appeared", ["Others", "ready to abandon him"]) in found


def test_closing_said_reports_the_whole_sentence_before_it(nlp):
    text = ("As Trump prepared to speak in Wisconsin on Tuesday, a girl outside the venue was pepper-sprayed "
            "by another bystander, police said.")
    speaker, cue, content = quotes(nlp, text)[0]
    assert (speaker, cue) == ("police", "said")
    assert content == [text[: text.index(", police")]]


def test_cue_noun_with_an_infinitive(nlp):
    found = quotes(nlp, "Mr. Trump's decision to seize on immigration surprised the party.")
    assert ("Mr. Trump's", "decision", ["to seize on immigration"]) in found


def test_copula_with_a_role_noun_frames_a_stance(nlp):
    from dateline.stages.quotes.frames import model_candidate

    doc = nlp("Mr. Bannon has been a supporter of Mr. Trump's pugilistic instincts.")
    cand = model_candidate(next(t for t in doc if t.text == "been"), 0.9)
    assert cand.speaker.text == "Mr. Bannon"
    assert [t.text for t in cand.cue] == ["has", "been", "a", "supporter", "of"]
    assert [doc.text[s:e] for s, e in cand.content] == ["Mr. Trump's pugilistic instincts"]


def test_participle_after_a_reported_clause_goes_with_the_reporter(nlp):
    text = "Carson said he plans to preview a strategy for Libya, insisting that U.S. leaders are too cautious."
    found = quotes(nlp, text)
    assert any(speaker == "Carson" and cue == "insisting" for speaker, cue, _ in found)


def test_object_controls_the_infinitive_cue(nlp):
    from dateline.stages.quotes.spans import cue_subject

    doc = nlp("The decisive victory led Priebus to declare him the presumptive nominee.")
    assert cue_subject(next(t for t in doc if t.text == "declare")).text == "Priebus"
    doc = nlp("Ramos used his acceptance speech to call for the resignation of the president.")
    assert cue_subject(next(t for t in doc if t.text == "call")).text == "Ramos"


def test_name_taken_for_a_modal(nlp):
    from dateline.stages.quotes.spans import cue_subject

    doc = nlp("Instead, Will called for Republicans to throw their support behind Chris Christie.")
    assert cue_subject(doc[3]).text == "Will"
    doc = nlp("Instead, Trump will call for a recount.")
    assert cue_subject(next(t for t in doc if t.text == "call")).text == "Trump"


def test_passive_participle_on_a_noun(nlp):
    from dateline.stages.quotes.special import passive_candidate

    doc = nlp("The discussion will focus on an option seen by organizers as a lifeboat for conservatives.")
    cand = passive_candidate(next(t for t in doc if t.text == "seen"))
    assert cand.speaker.text == "organizers"
    assert [doc.text[s:e] for s, e in cand.content] == ["an option", "as a lifeboat for conservatives"]


def test_relative_pronoun_object_is_the_content(nlp):
    from dateline.stages.quotes.frames import model_candidate

    doc = nlp("Mr. Trump faces allegations that he assaulted Ivana Trump, which he has denied.")
    cand = model_candidate(next(t for t in doc if t.text == "denied"), 0.9)
    assert cand.speaker.text == "he" and [doc.text[s:e] for s, e in cand.content] == ["which"]


def test_governing_verb_cue_takes_the_inner_verbs_clause(nlp):
    from dateline.stages.quotes.frames import model_candidate

    doc = nlp("Hillary Clinton is continuing to insist she will release the transcripts.")
    cand = model_candidate(next(t for t in doc if t.text == "continuing"), 0.9)
    assert [t.text for t in cand.cue] == ["is", "continuing", "to", "insist"]
    assert [doc.text[s:e] for s, e in cand.content] == ["she will release the transcripts"]


def test_speaker_hung_as_an_apposition(nlp):
    from dateline.stages.quotes.spans import cue_subject

    doc = nlp("Speaking in Harlem, Clinton, without naming him, also accused Sanders of being late.")
    assert cue_subject(next(t for t in doc if t.text == "accused")).text == "Clinton"


def test_sentence_initial_name_set_off_by_commas(nlp):
    from dateline.stages.quotes.spans import cue_subject

    doc = nlp("Trump, speaking later at a rally in Charleston, West Virginia, did not mention Ryan directly.")
    assert cue_subject(next(t for t in doc if t.text == "mention")).text == "Trump"
