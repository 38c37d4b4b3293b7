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


def test_month_day_without_year(timexes):
    assert one(timexes, "Hamas attacked Israel on Oct. 7.", "Oct. 7").value == "2023-10-07"
    assert one(timexes, "The talks will resume on Oct. 7.", "Oct. 7").value == "2024-10-07"
    assert one(timexes, "He was born on Feb. 2.", "Feb. 2").value == "2024-02-02"
    # a weekday written next to the date picks the year
    assert one(timexes, "The editorial ran on Saturday, Feb. 11.", "Feb. 11").value == "2023-02-11"


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
    from dateline.extract.time import date_of

    d = date_of(doc, rejected)
    assert (d.value, d.resolved, d.timex.text) == ("2024-02-07", True, "Wednesday")
    fallback = date_of(doc, respond)
    assert (fallback.value, fallback.resolved, fallback.timex) == (SEED_DCT, False, None)
    assert date_of(doc, doc[0:3]).resolved is True  # a span works too


def test_date_of_prefers_the_timex_of_the_same_clause(run):
    from dateline.extract.time import date_of

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
