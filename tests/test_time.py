"""The time stage: recognition, TIMEX3 normalization, news anchoring rules and the date_of API."""

from __future__ import annotations

import pickle

import pytest

from dateline.ingest.text import article_from_dated_text
from dateline.model import Article, to_json

SEED_DCT = "2024-02-08"  # a Thursday


@pytest.fixture(scope="module")
def time_nlp():
    from dateline import nlp as nlp_module

    return nlp_module.load(stages=("dateline_time",))


@pytest.fixture(scope="module")
def run(time_nlp):
    def _run(text: str, dct: str | None = SEED_DCT):
        doc = time_nlp.make_doc(text)
        doc._.article = Article(id="t", date=dct, text=text) if dct is not None else None
        return time_nlp(doc)

    return _run


@pytest.fixture(scope="module")
def timexes(run):
    def _timexes(text: str, dct: str | None = SEED_DCT):
        return run(text, dct)._.timexes

    return _timexes


def one(timexes, text: str, phrase: str, dct: str | None = SEED_DCT):
    """The timex whose text is ``phrase``."""
    found = [t for t in timexes(text, dct) if t.text == phrase]
    assert found, f"{phrase!r} not found in {[t.text for t in timexes(text, dct)]}"
    return found[0]


# ---------------------------------------------------------------- the seed article
@pytest.fixture(scope="module")
def seed_timexes(run, seed_text):
    article = article_from_dated_text(seed_text, source="seed")
    doc = run(article.text, article.date)
    return doc._.timexes


def test_seed_year_less_dates_resolve_against_the_dct(seed_timexes):
    values = {(t.text, t.value) for t in seed_timexes}
    assert ("Wednesday", "2024-02-07") in values
    assert ("Oct. 7", "2023-10-07") in values  # the nearest past Oct. 7, not 2024-10-07
    assert ("later Wednesday", "2024-02-07") in values
    assert ("4 1/2 months", "P4.5M") in values
    assert ("now", "PRESENT_REF") in values
    assert ("daily", "P1D") in values
    assert all(t.value != SEED_DCT for t in seed_timexes)  # nothing silently resolved to the DCT


def test_seed_records_anchor_confidence_and_order(seed_timexes):
    wed = next(t for t in seed_timexes if t.text == "Wednesday")
    assert wed.anchor == SEED_DCT and wed.anchor_id is None and wed.type == "DATE"
    assert all(0.0 <= t.confidence <= 1.0 for t in seed_timexes)
    assert [t.start for t in seed_timexes] == sorted(t.start for t in seed_timexes)
    later = next(t for t in seed_timexes if t.text == "later Wednesday")
    assert later.mod == "END"


# ---------------------------------------------------------------- news conventions
def test_bare_weekday_in_past_reporting_is_the_last_one(timexes):
    t = one(timexes, "Netanyahu on Wednesday rejected Hamas' terms.", "Wednesday")
    assert t.value == "2024-02-07"


def test_bare_weekday_in_future_context_is_the_next_one(timexes):
    assert one(timexes, "The two leaders will meet on Friday.", "Friday").value == "2024-02-09"
    assert one(timexes, "The two leaders will meet on Wednesday.", "Wednesday").value == "2024-02-14"
    assert one(timexes, "The court postponed the hearing until Tuesday.", "Tuesday").value == "2024-02-13"


def test_a_weekday_right_after_a_past_reporting_verb_dates_the_saying(timexes):
    # the parse hangs "on Wednesday" on the reported "would move": its future must not send it a week ahead
    text = "Yoon said on Wednesday he would move to lift the martial law declaration."
    assert one(timexes, text, "Wednesday").value == "2024-02-07"
    assert one(timexes, "Yoon says he would meet them on Wednesday.", "Wednesday").value != "2024-02-07"


def test_month_day_without_year(timexes):
    assert one(timexes, "Hamas attacked Israel on Oct. 7.", "Oct. 7").value == "2023-10-07"
    assert one(timexes, "The talks will resume on Oct. 7.", "Oct. 7").value == "2024-10-07"
    assert one(timexes, "He was born on Feb. 2.", "Feb. 2").value == "2024-02-02"
    # a weekday written next to the date picks the year, and is one timex with it (TimeBank spans both)
    assert one(timexes, "The editorial ran on Saturday, Feb. 11.", "Saturday, Feb. 11").value == "2023-02-11"
    assert one(timexes, "$14 million seeped out Friday Oct. 13 alone.", "Friday Oct. 13", "1989-10-27").value \
        == "1989-10-13"


@pytest.mark.parametrize(
    ("sentence", "phrase", "type_", "value", "mod"),
    [
        ("Sales fell last year.", "last year", "DATE", "2023", None),
        ("He left two weeks ago.", "two weeks ago", "DATE", "2024-W04", None),
        ("Prices rose this month.", "this month", "DATE", "2024-02", None),
        ("The deal closed in early 2023.", "early 2023", "DATE", "2023", "START"),
        ("Crime fell in the 1990s.", "the 1990s", "DATE", "199", None),
        ("The drought began last summer.", "last summer", "DATE", "2023-SU", None),
        ("Profit rose in the third quarter.", "the third quarter", "DATE", "2023-Q3", None),
        ("Revenue grew in fiscal 2023.", "fiscal 2023", "DATE", "2023", None),
        ("Revenue grew in FY2023.", "FY2023", "DATE", "2023", None),
        ("Revenue grew in fiscal year 2022.", "fiscal year 2022", "DATE", "2022", None),
        ("Margins fell in Q3 2023.", "Q3 2023", "DATE", "2023-Q3", None),
        ("Profit doubled in the first half of 2022.", "the first half of 2022", "DATE", "2022-H1", None),
        ("He spoke Wednesday evening.", "Wednesday evening", "TIME", "2024-02-07TEV", None),
        ("The convoy arrives every week.", "every week", "SET", "P1W", None),
        ("The plan would unfold over 4 1/2 months.", "4 1/2 months", "DURATION", "P4.5M", None),
        ("Output doubled over the past decade.", "the past decade", "DURATION", "P10Y", None),
        ("The talks lasted more than two weeks.", "more than two weeks", "DURATION", "P2W", "MORE_THAN"),
        ("The vote starts at 3 p.m. EST.", "3 p.m. EST", "TIME", "2024-02-08T15:00-05", None),
        ("It ended at 10 p.m. Wednesday.", "10 p.m. Wednesday", "TIME", "2024-02-07T22:00", None),
        ("Officials met yesterday.", "yesterday", "DATE", "2024-02-07", None),
        ("Troops will leave tomorrow.", "tomorrow", "DATE", "2024-02-09", None),
        ("Officials met this morning.", "this morning", "TIME", "2024-02-08TMO", None),
        ("The market is calm now.", "now", "DATE", "PRESENT_REF", None),
        ("Crime fell in 1994.", "1994", "DATE", "1994", None),
        ("The rally happened on Dec. 25, 2021.", "Dec. 25, 2021", "DATE", "2021-12-25", None),
        ("Stores close on Christmas.", "Christmas", "DATE", "2023-12-25", None),
        ("A hearing is set for the week of March 6.", "the week of March 6", "DATE", "2024-W10", None),
        ("Pol Pot was arrested in July last year.", "July last year", "DATE", "2023-07", None),
        ("Families gathered on Thanksgiving.", "Thanksgiving", "DATE", "2023-11-23", None),
        ("Voters will decide on Election Day.", "Election Day", "DATE", "2024-11-05", None),
        ("Protests grew this summer.", "this summer", "DATE", "2024-SU", None),
        ("He was released in nineteen ninety-six.", "nineteen ninety-six", "DATE", "1996", None),
    ],
)
def test_normalization(timexes, sentence, phrase, type_, value, mod):
    t = one(timexes, sentence, phrase)
    assert (t.type, t.value, t.mod) == (type_, value, mod)


def test_ranges_give_both_ends(timexes):
    found = timexes("He led the party from 2019 to 2021.")
    assert [(t.text, t.value) for t in found] == [("2019", "2019"), ("2021", "2021")]


def test_anaphoric_expressions_anchor_on_an_earlier_timex(timexes):
    text = "The attack happened on March 3, 2023. The next day, troops moved in. Two days later, they left."
    found = timexes(text)
    first = found[0]
    nxt = next(t for t in found if t.text == "The next day")
    later = next(t for t in found if t.text == "Two days later")
    assert first.value == "2023-03-03"
    assert (nxt.value, nxt.anchor, nxt.anchor_id) == ("2023-03-04", "2023-03-03", first.id)
    assert later.value == "2023-03-06" and later.anchor == "2023-03-04"
    assert one(timexes, "He was elected in 1995 and the following year he resigned.", "the following year").value \
        == "1996"


def test_counts_and_ages_are_not_years_or_durations(timexes):
    texts = [t.text for t in timexes("The 6-year-old boy sold 1990 shares for $2000. He may march today.")]
    assert texts == ["today"]


def test_quarterly_report_conventions(timexes):
    text = "Net income rose 5% in the third quarter from a year earlier. Sales rose in the quarter."
    found = {t.text: t.value for t in timexes(text, "1989-10-27")}
    assert found == {"the third quarter": "1989-Q3", "a year earlier": "1988-Q3", "the quarter": "1989-Q3"}


def test_money_per_unit_is_a_set(timexes):
    assert one(timexes, "It will save $2 million a year.", "a year").type == "SET"
    assert one(timexes, "He was jailed for a year.", "a year").type == "DURATION"


# ---------------------------------------------------------------- the DCT in other shapes
def test_unknown_dct_leaves_relative_values_underspecified(timexes):
    found = {t.text: t.value for t in timexes("He resigned on Friday and left yesterday; in 1994 he won.", None)}
    assert found == {"Friday": "XXXX-WXX-5", "yesterday": "XXXX-XX-XX", "1994": "1994"}
    assert all(t.anchor is None for t in timexes("He resigned on Friday.", None))


def test_month_and_timestamp_dcts(timexes):
    assert one(timexes, "Prices rose last month.", "last month", "2024-02").value == "2024-01"
    # a month-granularity DCT cannot say which day "yesterday" was: the day stays unspecified
    assert one(timexes, "Officials met yesterday.", "yesterday", "2024-02").value == "2024-02-XX"
    assert one(timexes, "Officials met last week.", "last week", "2024-02").value == "2024-WXX"
    t = one(timexes, "Officials met yesterday.", "yesterday", "2024-02-08T10:30:00+00:00")
    assert t.value == "2024-02-07" and t.anchor == "2024-02-08T10:30:00+00:00"


# ---------------------------------------------------------------- API for later stages, records
def test_date_of_uses_the_clause_timex_else_flags_the_dct_fallback(run):
    doc = run("Netanyahu on Wednesday rejected the terms. Hamas will respond.")
    rejected = next(tok for tok in doc if tok.text == "rejected")
    respond = next(tok for tok in doc if tok.text == "respond")
    from dateline.stages.time.expressions import date_of

    d = date_of(doc, rejected)
    assert (d.value, d.resolved, d.timex.text) == ("2024-02-07", True, "Wednesday")
    fallback = date_of(doc, respond)
    assert (fallback.value, fallback.resolved, fallback.timex) == (SEED_DCT, False, None)
    assert date_of(doc, doc[0:3]).resolved is True  # a span works too


def test_date_of_prefers_the_timex_of_the_same_clause(run):
    from dateline.stages.time.expressions import date_of

    doc = run("He said on Monday that the troops had left on Jan. 5.")
    left = next(tok for tok in doc if tok.text == "left")
    said = next(tok for tok in doc if tok.text == "said")
    assert date_of(doc, left).value == "2024-01-05"
    assert date_of(doc, said).value == "2024-02-05"


def test_records_are_deterministic_json_ready_and_pickle(timexes):
    text = "Netanyahu on Wednesday rejected the plan, which would unfold over 4 1/2 months."
    first, second = timexes(text), timexes(text)
    assert [t.id for t in first] == [t.id for t in second] and len(first) == 2
    assert pickle.loads(pickle.dumps(first)) == first
    data = to_json(first[0])
    assert {"start", "end", "text", "type", "value", "mod", "anchor", "confidence"} <= set(data)
    assert text[data["start"]:data["end"]] == data["text"]


def test_month_names_that_are_names_or_verbs_are_skipped(timexes):
    text = "Theresa May said the talks may end in May."
    found = timexes(text, "2018-03-28")
    assert [(t.start, t.value) for t in found] == [(text.rindex("May"), "2018-05")]


def test_clock_times_take_the_day_and_zone(timexes):
    text = "The ceasefire took effect Monday at 8 a.m. local time, or 0500 UTC."
    found = {t.text: t.value for t in timexes(text, "2006-08-14")}
    assert found["Monday"] == "2006-08-14"
    assert found["8 a.m. local time"] == "2006-08-14T08:00"
    assert found["0500 UTC"] == "2006-08-14T05:00Z"


def test_quarter_comparisons_name_the_quarter_they_anchor_on(timexes):
    found = timexes("Net income rose 5% in the third quarter from a year earlier.", "1989-10-27")
    quarter, earlier = found
    assert (earlier.value, earlier.anchor, earlier.anchor_id) == ("1988-Q3", "1989-Q3", quarter.id)


def test_anchor_ids_point_at_emitted_timexes(timexes):
    found = timexes("The strike began at 10 p.m. Wednesday. The next day, talks resumed.")
    ids = {t.id for t in found}
    assert [t.text for t in found] == ["10 p.m. Wednesday", "The next day"]
    assert found[1].value == "2024-02-08" and found[1].anchor_id in ids


def test_possessive_weekday_is_the_noun_date_not_the_verb_tense(timexes):
    # DCT Friday 2000-01-07: "would look for ways around Wednesday's ruling" is this week's ruling
    text = "The relatives said they would look for ways to get around Wednesday's ruling."
    assert one(timexes, text, "Wednesday", "2000-01-07").value == "2000-01-05"
    # ...but the verb still dates its subject: DCT Sunday 2008-06-22, the run-off is ahead
    text = "Officials are also suggesting Friday's run-off may go ahead as planned."
    assert one(timexes, text, "Friday", "2008-06-22").value == "2008-06-27"


def test_plan_verbs_need_a_plan(timexes):
    # "set" without a complement is a plain past verb, not "set for Friday"
    text = "The index ended within 70 points of its record high set on Aug. 6."
    assert one(timexes, text, "Aug. 6", "1998-02-06").value == "1997-08-06"
    assert one(timexes, "The vote is set for Friday.", "Friday").value == "2024-02-09"


def test_scheduled_present_tense_looks_ahead(timexes):
    # DCT Friday 1998-05-01: "meet separately Monday" is the coming Monday; "says Monday" is reporting
    assert one(timexes, "He and Arafat meet separately Monday with Albright.", "Monday", "1998-05-01").value \
        == "1998-05-04"


def test_next_month_in_past_tense_is_the_coming_one(timexes):
    # DCT Aug. 16: a cutback "in September" told in past tense is next month, not 11 months back
    text = "The company informed Japanese refiners of a cutback in its oil supply in September."
    assert one(timexes, text, "September", "1990-08-16").value == "1990-09"
    assert one(timexes, "Sales fell in March.", "March", "1990-08-16").value == "1990-03"


def test_month_or_season_joins_a_spelled_year(timexes):
    found = {t.text: t.value for t in timexes("We saw that level in the winter of nineteen ninety-four. "
                                              "January nineteen ninety-seven. Atlanta again.", "1998-02-23")}
    assert found == {"the winter of nineteen ninety-four": "1994-WI", "January nineteen ninety-seven": "1997-01"}


def test_part_of_day_before_a_deictic(timexes):
    t = one(timexes, "In London at mid-afternoon yesterday, shares were up.", "mid-afternoon yesterday")
    assert (t.type, t.value) == ("TIME", "2024-02-07TAF")


def test_a_year_earlier_follows_the_period_in_focus(timexes):
    text = ("Net rose in the third quarter from a year earlier. For the nine months, net rose to $5 million "
            "from $4 million a year earlier. In the quarter, sales rose from a year ago.")
    found = [(t.text, t.value) for t in timexes(text, "1989-10-27")]
    assert found == [("the third quarter", "1989-Q3"), ("a year earlier", "1988-Q3"), ("the nine months", "P9M"),
                     ("a year earlier", "1988"), ("the quarter", "1989-Q3"), ("a year ago", "1988-Q3")]


def test_quarter_reported_in_past_tense_is_in_focus(timexes):
    # Nov. 2: "fourth-quarter earnings" reported in the past tense is a fiscal quarter just ended
    text = ("Ralston reported a 47% decline in fourth-quarter earnings. It earned $45 million, compared "
            "with $84 million a year earlier. Sales in the latest period rose.")
    found = {t.text: t.value for t in timexes(text, "1989-11-02")}
    assert found["a year earlier"] == "1988-Q4" and found["the latest period"] == "1989-Q4"


def test_fiscal_quarter_and_year_period_in_a_quarterly_report(timexes):
    text = ("Sun earned $5.2 million in the fiscal first quarter. In the 1988 period, the company earned "
            "$20.6 million. Sun shipped 28,000 systems in the quarter.")
    found = {t.text: t.value for t in timexes(text, "1989-10-26")}
    assert found == {"the fiscal first quarter": "1989-Q1", "the 1988 period": "1988-Q1", "the quarter": "1989-Q1"}


def test_prospective_infinitives_and_effective_dates(timexes):
    # Nov. 2 / Oct. 26: the acquisition and the reorganization lie ahead of the past-tense announcement
    text = "First of America announced an agreement to acquire the bank holding company in January."
    assert one(timexes, text, "January", "1989-11-02").value == "1990-01"
    text = "U.S. Trust also created a four-member office of the chairman, effective Feb. 1."
    assert one(timexes, text, "Feb. 1", "1989-10-26").value == "1990-02-01"


def test_the_quarter_a_year_ago_is_one_period(timexes):
    found = timexes("Columbia lost money in the third quarter. For the quarter a year ago, it earned $16 million.",
                    "1989-10-26")
    assert [(t.text, t.value) for t in found][-1] == ("the quarter a year ago", "1988-Q3")


def test_plural_weekdays_and_each_month_are_sets(timexes):
    found = {t.text: (t.type, t.value) for t in timexes(
        "Flights leave on Tuesday nights and on Sundays; Orangemen march each July. Thus we wait.")}
    assert found == {"Tuesday nights": ("SET", "XXXX-WXX-2TNI"), "Sundays": ("SET", "XXXX-WXX-7"),
                     "each July": ("SET", "XXXX-07")}


def test_values_that_lean_on_the_next_timex(timexes):
    found = timexes("The day before last Tuesday's hearing, Manuel went to Miami.", "2000-02-24")
    assert [(t.text, t.value) for t in found] == [("The day before", "2000-02-21"), ("last Tuesday", "2000-02-22")]
    found = {t.text: (t.type, t.value) for t in timexes("Flights leave on Monday and Tuesday nights.")}
    assert found["Monday"] == ("SET", "XXXX-WXX-1TNI")


# ---------------------------------------------------------------- session 2: value F1 on TimeBank/AQUAINT
def test_until_looks_back_in_a_past_perfect_or_not_until_clause(timexes):
    # DCT Friday 1999-05-07: "until Thursday" is yesterday when the clause is past perfect
    text = "Until Thursday, they had not called Kopp a suspect."
    assert one(timexes, text, "Thursday", "1999-05-07").value == "1999-05-06"
    text = "But it was not until Tuesday that Castro revealed the plan."
    assert one(timexes, text, "Tuesday", "2000-03-30").value == "2000-03-28"
    # a deadline given in a present perfect or simple past still lies ahead
    text = "The service has given the relatives until 9 a.m. Tuesday to sign."
    assert one(timexes, text, "9 a.m. Tuesday", "2000-04-03").value == "2000-04-04T09:00"


@pytest.mark.parametrize(
    ("sentence", "phrase", "type_", "value"),
    [
        ("As the yen soared in recent years, Sansui struggled.", "recent years", "DATE", "PAST_REF"),
        ("Funds lost money in recent months.", "recent months", "DURATION", "PXM"),
        ("We don't minimize the challenges of the near term.", "the near term", "DATE", "FUTURE_REF"),
        ("It will placate holders in the short term.", "the short term", "DATE", "FUTURE_REF"),
        ("It will sell bonds at a later date.", "a later date", "DATE", "FUTURE_REF"),
        ("There were sell programs in past years, too.", "past years", "DATE", "PAST_REF"),
        ("Holders may buy at the then current market price.", "then current", "DATE", "PAST_REF"),
        ("Funds must sell junk in the weeks ahead.", "the weeks ahead", "DURATION", "PXW"),
        ("Earnings will be lower for the last half of 1989.", "the last half of 1989", "DATE", "1989-H2"),
        ("Net for the year-earlier nine months included a gain.", "the year-earlier nine months", "DURATION",
         "P9M"),
        ("Just over an hour later, he was declared dead.", "an hour", "DURATION", "PT1H"),
        ("But a minute and a half later, a pilot calls in.", "a minute and a half", "DURATION", "PT1.5M"),
        ("He served a year and a half in prison.", "a year and a half", "DURATION", "P1.5Y"),
        ("They left their third day-long meeting.", "day-long", "DURATION", "P1D"),
        ("It is the government's decades-long battle.", "decades-long", "DURATION", "PXY"),
        ("Rates will fall in the long term.", "the long term", "DATE", "FUTURE_REF"),
        ("In the years that followed, the guerrillas fought.", "the years", "DURATION", "PXY"),
        ("They will have to live without it for a while.", "a while", "DURATION", "PXX"),
        ("He left a while ago.", "a while ago", "DATE", "PAST_REF"),
        ("He was arrested in December for drunken driving.", "December", "DATE", "1988-12"),
        ("Sales were slightly above fiscal 1989 sales of $155 million.", "fiscal 1989", "DATE", "1989"),
    ],
)
def test_news_expressions_of_the_timeml_corpora(timexes, sentence, phrase, type_, value):
    t = one(timexes, sentence, phrase, "1989-03-15")
    assert (t.type, t.value) == (type_, value)


def test_the_year_named_before_a_quarter_keeps_the_reported_quarter(timexes):
    text = "Kirschner posted a third-quarter loss. It earned $376,000 in the 1988 quarter."
    assert one(timexes, text, "the 1988 quarter", "1989-10-30").value == "1988-Q3"


def test_last_year_in_a_quarterly_comparison_is_last_years_quarter(timexes):
    text = ("Aetna's third-quarter net fell 5%. The unit posted earnings of $24 million, compared with a loss "
            "of $3 million last year. Earnings for this year will be up from last year's $3.27 a share.")
    values = [t.value for t in timexes(text, "1989-11-02") if t.text == "last year"]
    assert values == ["1988-Q3", "1988"]  # a whole year is compared with a whole year


def test_relative_words_inside_names_are_not_times(timexes):
    text = ('Baker, speaking on ABC News\' "This Week," said so. This is VOA Today. Cooper starred in '
            "the film ``High Noon.'' Today, I am here. He left last week.")
    assert [t.text for t in timexes(text)] == ["Today", "last week"]
    # a Title Case headline capitalizes every word, all capitals mark no name: still times
    assert [t.text for t in timexes("What's Going On Around The World Today? Britain voted.")] == ["Today"]
    assert [t.text for t in timexes("LAST WEEK, the board met.")] == ["LAST WEEK"]


def test_the_future_of_something_is_a_fate_not_a_time(timexes):
    assert [t.text for t in timexes("That is very important to the future of our peoples.")] == []
    assert one(timexes, "Air strikes could continue well into the future.", "the future").value == "FUTURE_REF"


def test_idioms_made_of_time_words_are_not_times(timexes):
    text = ("For the people of Poland, high noon comes today. Guards watch the clinic 24 hours a day. "
            "Once in a while it rains.")
    assert [(t.text, t.value) for t in timexes(text, "1999-03-12")] == [("today", "1999-03-12")]


def test_an_earlier_quarter_named_later_does_not_change_the_reported_quarter(timexes):
    text = ("Kimberly-Clark's third-quarter net rose 7%. After a flat second quarter, sales grew. "
            "Charges were taken in the year-earlier period.")
    found = {t.text: t.value for t in timexes(text, "1989-11-01")}
    assert found["the year-earlier period"] == "1988-Q3"


def test_last_years_figure_in_a_quarterly_report(timexes):
    text = ("Ralston reported a 47% decline in fourth-quarter earnings. Sales in the latest period were "
            "$1.76 billion, a 13% increase from last year's $1.55 billion.")
    assert one(timexes, text, "last year", "1989-11-02").value == "1988-Q4"


def test_that_same_day_after_a_month_is_a_day_of_that_month(timexes):
    found = timexes("Slepian was killed last October. His name was crossed out that same day.", "1999-02-06")
    assert [(t.text, t.value) for t in found] == [("last October", "1998-10"), ("that same day", "1998-10-XX")]
    found = timexes("He came on Oct. 3. That day he left.", "1999-02-06")
    assert [(t.text, t.value) for t in found] == [("Oct. 3", "1998-10-03"), ("That day", "1998-10-03")]


def test_the_quarter_ended_on_a_date_is_the_calendar_quarter_it_mostly_covers(timexes):
    text = "Jayark prints ads for retailers. In the quarter ended July 31, Jayark had 5.6 million shares."
    assert one(timexes, text, "the quarter", "1989-10-30").value == "1989-Q2"


def test_the_day_before_an_event_in_apposition_to_a_date_is_that_date(timexes):
    found = timexes("Eight trading days after Oct. 12, the day before the stock market plunge, the index fell.",
                    "1989-10-30")
    assert [(t.text, t.value) for t in found][-2:] == [("Oct. 12", "1989-10-12"), ("the day", "1989-10-12")]
    found = timexes("He left Oct. 3. The day after, she came.", "1989-10-30")
    assert [(t.text, t.value) for t in found] == [("Oct. 3", "1989-10-03"), ("The day after", "1989-10-04")]


def test_the_nth_day_of_something_said_in_the_present_is_the_dct(timexes):
    assert one(timexes, "It's the second day of an offensive.", "the second day", "1998-03-06").value == "1998-03-06"
    assert timexes("It was the third day of the strike.", "1998-03-06") == []  # no day it could be told from



def test_a_second_day_after_a_month_day_is_a_date_of_that_month(timexes):
    pairs = lambda text: [(t.text, t.value) for t in timexes(text)]  # noqa: E731
    assert pairs("Talks were held on April 24 and 25 in Cairo.") == [("April 24", "2024-04-24"), ("25", "2024-04-25")]
    assert pairs("The summit is set for Jan. 30-31.")[-1] == ("31", "2024-01-31")
    assert pairs("Talks run from May 3 to 5, officials said.")[-1] == ("5", "2024-05-05")


def test_a_number_after_a_date_that_is_no_day_stays_out(timexes):
    texts = {t.text for t in timexes("On April 24 and 25 people were killed; on May 5 and 4 more; June 3 and 9%.")}
    assert texts == {"April 24", "May 5", "June 3"}
    assert [t.value for t in timexes("It began April 24 and 25 minutes later it ended.")] == ["2024-04-24", "PT25M"]


def test_easter_and_the_feasts_that_move_with_it(timexes):
    from dateline.stages.time.calendar import easter

    years = (2008, 2011, 2024, 2038)
    assert [str(easter(y)) for y in years] == ["2008-03-23", "2011-04-24", "2024-03-31", "2038-04-25"]
    assert [t.value for t in timexes("Pilgrims will gather on Good Friday.")] == ["2024-03-29"]
    assert [t.value for t in timexes("The accord was signed on Good Friday 1998.")] == ["1998-04-10"]
    assert [t.value for t in timexes("Fighting paused over Easter.")] == ["2023-04-09"]
    # "Easter week" is the ISO week ending on Easter Sunday; said as it begins, the coming one
    assert [t.value for t in timexes("Protesters prayed as Easter week began.", "2000-04-17")] == ["2000-W16"]
