"""Headlines, article titles and story labels (issue 15): boilerplate is never a title or a label, a story
is named by a real headline or by its main event, an article without a headline by its first sentence."""

from __future__ import annotations

import pytest

from dateline.ingest.headlines import (
    article_label,
    boilerplate_kind,
    first_sentence,
    guess_title,
    headline_score,
    is_headline,
    shorten,
    strip_lead,
)
from dateline.ingest.text import article_from_dated_text
from dateline.model import ActorRef, Article, Event, Extraction, Place, Span
from dateline.stories import cluster
from dateline.stories.labels import headline_of, third_person

BODY = ("Israeli Prime Minister Benjamin Netanyahu on Wednesday rejected the ceasefire terms proposed by Hamas, "
        "calling them delusional. He said the war in Gaza would go on until total victory.\n\n"
        "Hamas had offered a truce in three phases and the release of the hostages it holds.")


@pytest.mark.parametrize(("line", "kind"), [
    ("By Jennifer Hansler, Kylie Atwood and Alex Marquardt, CNN", "byline"),
    ("2024-12-08 09:00:04 - From: The Guardian", "timestamp"),
    ("| Fri, Feb 23, 2024", "timestamp"),
    ("March 26, 2018 16:05", "timestamp"),
    ("Nisan, 10, 5778", "timestamp"),
    ("Privacy Overview", "consent"),
    ("This website uses cookies to improve your experience.", "consent"),
    ("Follow CBSMIAMI.COM: Facebook | Twitter", "navigation"),
    ("Filed Under:Donald Trump, Politics, Russia, United Kingdom", "navigation"),
    ("Home | World | Middle East", "navigation"),
    ("Source: www.ghanaweb.com", "source"),
    ("We apologize, but this video has failed to load.", "media"),
])
def test_boilerplate_lines_are_recognised_by_kind(line, kind):
    assert boilerplate_kind(line) == kind
    assert headline_score(line) == 0.0


@pytest.mark.parametrize("line", [
    "Trump expels 60 Russians, closes Seattle consulate after U.K. chemical attack",
    "Niger soldiers claim to have overthrown President Bazoum",
    "South Korean Standoff: Martial Law Declared and Repealed in a Single Night",
    "By-election called after the minister resigns",  # "By" opens a headline, not a byline here
])
def test_real_headlines_score_as_headlines(line):
    assert boilerplate_kind(line) is None
    assert is_headline(line)


def test_a_sentence_scores_lower_than_a_headline():
    assert headline_score("Netanyahu rejects Hamas terms") > headline_score("Netanyahu rejects Hamas terms;")


def test_title_detection_skips_timestamps_bylines_and_navigation_above_the_headline():
    body = ("March 26 2018\n|\nNisan, 10, 5778\n|\nTrump expels 60 Russians, closes Seattle consulate\n\n"
            "By REUTERS\nMarch 26, 2018 16:05\n\n" + BODY)
    assert guess_title(body) == "Trump expels 60 Russians, closes Seattle consulate"
    article = article_from_dated_text(" date 2018-03-26 " + body, source="t")
    assert article.title == "Trump expels 60 Russians, closes Seattle consulate"
    assert article.text.startswith("March 26 2018")  # the text keeps every line: offsets are stable


def test_title_detection_finds_no_headline_in_boilerplate_alone():
    body = "Filed Under:Donald Trump, Politics\n\nFollow CBSMIAMI.COM: Facebook | Twitter\n\n" + BODY
    assert guess_title(body) is None
    assert guess_title("General News of Wednesday, 26 July 2023\n\nSource: www.ghanaweb.com\n\n" + BODY) is None


def test_a_heading_below_the_first_paragraph_is_not_the_title():
    body = BODY + "\n\nNetanyahu Turns Down Hamas Ceasefire Proposal\n\nMore text follows here."
    assert guess_title(body) is None


def test_a_hard_wrapped_first_line_is_not_a_title():
    body = ("British Prime Minister Gordon Brown says the G20 leaders have agreed on\n"
            "a program intended to lift the world out of recession.\nMore follows.")
    assert guess_title(body) is None
    assert first_sentence(body) == ("British Prime Minister Gordon Brown says the G20 leaders have agreed on a "
                                    "program intended to lift the world out of recession.")


def test_leads_are_cut_from_a_first_sentence():
    assert strip_lead("WASHINGTON, D.C. (CNN) — President Trump orders the expulsion") == \
        "President Trump orders the expulsion"
    assert strip_lead("STORY: Niger's President has been removed.") == "Niger's President has been removed."
    assert strip_lead("New Delhi, June 16: An Indian Army officer was killed.") == "An Indian Army officer was killed."
    assert strip_lead("SINGAPORE -- Fifteen countries signed the pact.") == "Fifteen countries signed the pact."
    assert strip_lead("Israel and Hamas agree") == "Israel and Hamas agree"  # nothing to cut


def test_shorten_never_cuts_mid_word():
    text = "word " * 20 + "Supercalifragilistic ending here and more words after the limit"
    short = shorten(text, 110)
    assert len(short) <= 110 and short.endswith("…")
    kept = short[:-1].split()
    assert all(w in text.split() for w in kept)  # every word shown is a whole word of the text


def test_article_label_is_the_headline_else_the_first_sentence():
    assert article_label("Netanyahu rejects Hamas terms", BODY) == "Netanyahu rejects Hamas terms"
    label = article_label(None, "Follow us: Facebook | Twitter\n\nBy Jane Doe, Reuters\n\n" + BODY)
    assert label.startswith("Israeli Prime Minister Benjamin Netanyahu on Wednesday rejected")
    assert "Follow" not in label and "Jane Doe" not in label
    assert article_label("By Jane Doe and John Roe, CNN", BODY).startswith("Israeli Prime Minister")


# --- story labels ----------------------------------------------------------------------------------


def _ref(name: str, confidence: float = 0.9) -> ActorRef:
    return ActorRef(0, len(name), name, actor_id=name, name=name, confidence=confidence)


def _extraction(aid: str, text: str, title: str | None, events: list[Event]) -> Extraction:
    return Extraction(article=Article(id=aid, date="2024-02-08", text=text, title=title, outlet=f"{aid}.example"),
                      events=events)


def _reject(eid: str, text: str) -> Event:
    return Event(id=eid, type="REJECT", evidence=Span(0, len(text), text), source=_ref("Benjamin Netanyahu"),
                 target=_ref("Hamas"), date="2024-02-07", provenance="rule:event:reject")


def test_story_label_is_a_real_headline_of_its_articles_not_boilerplate():
    exs = [_extraction("a", BODY, "By Jane Doe, Tom Roe and Ann Poe, CNN", []),
           _extraction("b", BODY + " More.", "Netanyahu rejects Hamas ceasefire terms", [])]
    (story,) = cluster(exs).stories
    assert story.label == "Netanyahu rejects Hamas ceasefire terms"


def test_story_without_headlines_is_labelled_from_its_main_event():
    text = "Netanyahu rejected the Hamas proposal"
    exs = [_extraction("a", BODY, None, [_reject("e1", text)]),
           _extraction("b", BODY + " More.", "| Fri, Feb 23, 2024", [_reject("e2", text)])]
    rec = cluster(exs)
    (story,) = rec.stories
    assert story.label == "Benjamin Netanyahu rejects Hamas"
    assert rec.storylines[0].label == story.label


def test_story_without_headline_or_event_takes_a_first_sentence_cut_at_a_word():
    long_body = "WASHINGTON (CNN) — " + " ".join(["Officials"] + ["discussed"] * 40) + " today.\n\nMore."
    (story,) = cluster([_extraction("a", long_body, None, [])]).stories
    assert not story.label.startswith("WASHINGTON")
    assert story.label.endswith("…") and story.label[:-1].split()[-1] == "discussed"


def test_event_headline_takes_actor_verb_target_and_place():
    ev = Event(id="e", type="ASSAULT", evidence=Span(0, 30, "Israeli planes bombed the city"),
               source=_ref("Israel"), target=None, provenance="rule:event:bomb",
               location=Place(0, 5, "Rafah", name="Rafah", country="PSE"))
    assert headline_of(ev) == "Israel bombs in Rafah"
    coup = Event(id="c", type="COERCE", evidence=Span(0, 20, "the coup in Niamey"), source=_ref("Soldiers"),
                 target=_ref("Mohamed Bazoum"), provenance="pattern:coup")
    assert headline_of(coup) == "Soldiers crack down on Mohamed Bazoum"  # a noun trigger: its type's verb
    future = Event(id="f", type="RETREAT", evidence=Span(0, 30, "Prime Minister David Cameron will resign"),
                   source=_ref("David Cameron"), modality="future", provenance="rule:event:resign")
    assert headline_of(future) == "David Cameron to resign"


def test_third_person_of_verbs_and_phrasal_verbs():
    assert [third_person(v) for v in ("reject", "crack down on", "push", "deny", "say")] == \
        ["rejects", "cracks down on", "pushes", "denies", "says"]


def test_store_shows_an_untitled_article_by_its_first_sentence_and_labels_stories_like_memory(tmp_path):
    from dateline.store import Store, queries
    from dateline.stories import store as story_store

    text = "Netanyahu rejected the Hamas proposal"
    untitled = _extraction("art-untitled", "By Jane Doe, Reuters\n\n" + BODY, None, [_reject("e1", text)])
    boiler = _extraction("art-boiler", BODY + " More.", "| Fri, Feb 23, 2024", [_reject("e2", text)])
    store = Store(tmp_path / "s.duckdb")
    store.write([untitled, boiler])
    story_store.update(store)
    with store.connect() as con:
        listed = {a["id"]: a for a in queries.articles(con)["items"]}
        detail = queries.article(con, "art-untitled")
        stories = queries.stories(con)["items"]
        story = queries.story(con, stories[0]["id"])
    assert listed["art-untitled"]["title"] is None  # no headline is made up in the record
    assert listed["art-untitled"]["label"].startswith("Israeli Prime Minister Benjamin Netanyahu")
    assert detail["label"] == listed["art-untitled"]["label"]
    assert "_head" not in listed["art-untitled"]
    assert all(a["label"] and "art-" not in a["label"] for a in story["articles"])  # never the id
    assert [s["label"] for s in stories] == [s.label for s in cluster([untitled, boiler]).stories]
    assert stories[0]["label"] == "Benjamin Netanyahu rejects Hamas"


def test_an_event_that_names_no_one_acted_on_does_not_label_a_story():
    text = "Blinken and Abbas discussed"
    bare = Event(id="c1", type="CONSULT", evidence=Span(0, len(text), text), source=_ref("Antony Blinken"),
                 target=_ref("President", confidence=0.4), provenance="rule:event:discuss")
    title_only = Event(id="c2", type="CONSULT", evidence=Span(0, len(text), text),
                       source=_ref("President", confidence=0.4), target=_ref("Antony Blinken"),
                       provenance="rule:event:discuss")  # a bare title, no one found behind it
    (story,) = cluster([_extraction("a", BODY, None, [bare, title_only])]).stories
    assert story.label.startswith("Israeli Prime Minister Benjamin Netanyahu")  # the first sentence instead
    strong = Event(id="c3", type="CONSULT", evidence=Span(0, len(text), text), source=_ref("Army", confidence=0.4),
                   target=_ref("Antony Blinken"), provenance="rule:event:discuss")
    assert cluster([_extraction("a", BODY, None, [strong])]).stories[0].label == "Army discusses Antony Blinken"
    resign = Event(id="r1", type="RETREAT", evidence=Span(0, 24, "Cameron will resign soon"),
                   source=_ref("David Cameron"), modality="future", provenance="rule:event:resign")
    (story,) = cluster([_extraction("a", BODY, None, [bare, resign])]).stories
    assert story.label == "David Cameron to resign"  # a type that stands alone needs no target
