"""Normalizing relative expressions: "last year", "two weeks ago", "that day", "daily", times.

Companion of :mod:`normalize` (absolute dates, weekdays, deictics); same handler signature.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.stages.time import calendar as cal
from dateline.stages.time.lexicon import table
from dateline.stages.time.normalize import (
    Context,
    Norm,
    anchor_day,
    anchor_point,
    dct_or_none,
    duration,
    number,
    unit_code,
    words,
)
from dateline.stages.time.quarters import (
    quarter_comparison,
    quarter_ended,
    quarter_in_focus,
    refocus,
    reporting_quarter,
)

_PAST = {"last", "previous", "the previous", "prior", "the prior", "this past"}
_NEXT = {"next", "coming", "the coming", "following", "the following"}
_ANAPHORIC = {"that": 0, "the same": 0, "the following": 1, "following": 1, "the previous": -1, "the prior": -1,
              "the preceding": -1}
_ENDED = re.compile(r"\s+(?:ended|ending|that\s+ended|which\s+ended)\b", re.I)


def _point(anchor: date, unit: str, shift: int) -> str:
    return cal.at_granularity(cal.add_to_day(anchor, unit, shift), unit)


def h_rel_unit(m: re.Match, ctx: Context) -> Norm | None:
    rel, unit_word = words(m["rel"]), words(m["unit"])
    if unit_word == "quarter":
        return _quarter_point(rel, ctx, m)
    unit = "FY" if unit_word == "fiscal year" else unit_code(unit_word)
    if unit in ("", "H", "MIN", "S"):
        return None
    if rel == "the" and unit in ("Y", "FY"):
        if _ENDED.match(m.string, m.end()) or unit == "FY":
            return Norm("DURATION", "P1Y", confidence=0.7)  # "the year ended Sept. 30"
        day = dct_or_none(ctx)
        return Norm("DATE", str(day.year) if day else "XXXX", anchor="dct", confidence=0.6)
    if rel in ("the past", "past") or (rel == "the last" and unit != "E"):
        return Norm("DURATION", duration(1, unit if unit != "FY" else "Y"), confidence=0.7)
    unit = "Y" if unit == "FY" else unit
    if unit == "Y" and rel == "last" and quarter_comparison(m, ctx):
        ctx.hit = ctx.quarter_index
        return Norm("DATE", cal.shift_quarter(ctx.quarter, -4), anchor="text", confidence=0.7)
    if rel in _ANAPHORIC:  # "the following year", "that month": relative to the story's time
        return _anaphoric(unit, _ANAPHORIC[rel], ctx)
    anchor = dct_or_none(ctx)
    shift = -1 if rel in _PAST else 1 if rel in _NEXT else 0
    if anchor is None:
        return Norm("DATE", cal.UNDERSPECIFIED.get(unit, "XXXX"), confidence=0.4)
    if unit == "WE":
        return _weekend(anchor, rel, ctx)
    if rel == "the last":
        shift = -1
    return Norm("DATE", _point(anchor, unit, shift), anchor="dct", confidence=0.9)


def _weekend(anchor: date, rel: str, ctx: Context) -> Norm:
    """ "the weekend": the one just past in past reporting, the coming one in future context."""
    if rel in _PAST:
        sat = cal.weekday_near(anchor - timedelta(days=2), 6, -1, strict=True)
    elif rel in _NEXT:
        sat = cal.weekday_near(anchor, 6, +1, strict=True)
    else:
        sat = cal.weekday_near(anchor, 6, 1 if ctx.tense > 0 else -1)
        if anchor.isoweekday() == 7 and ctx.tense <= 0:
            sat = anchor - timedelta(days=1)
    return Norm("DATE", cal.week(sat) + "-WE", anchor="dct", confidence=0.75)


def _quarter_point(rel: str, ctx: Context, m: re.Match) -> Norm | None:
    # "the quarter ended July 31" before any quarter is named: the calendar quarter it mostly covers
    q = (ctx.quarter is None and rel == "the" and quarter_ended(m, ctx)) or reporting_quarter(ctx)
    if q is None:
        return Norm("DATE", "XXXX-QX", confidence=0.4)
    if rel in _PAST:
        q = cal.shift_quarter(q, -1)
    elif rel in _NEXT:
        q = cal.shift_quarter(q, 1)
    elif rel in ("current", "the current") and ctx.dct:
        q, ctx.hit = cal.quarter(ctx.dct.day), None  # the quarter under way at the DCT
    refocus(q, ctx)
    return Norm("DATE", q, anchor="text" if ctx.hit is not None else "dct", confidence=0.75)


def _anaphoric(unit: str, shift: int, ctx: Context) -> Norm:
    day, how = anchor_point(ctx, unit)
    if day is None:
        return Norm("DATE", cal.UNDERSPECIFIED.get(unit, "XXXX"), confidence=0.4)
    return Norm("DATE", _point(day, unit, shift), anchor=how, confidence=0.7)


_APPOSITION = re.compile(r",\s*")


def h_anaphor(m: re.Match, ctx: Context) -> Norm | None:
    if m["dir"] and _renames_last_day(m, ctx):  # "after Oct. 12, the day before the plunge": Oct. 12 itself
        return Norm("DATE", ctx.previous[-1][1], anchor="text", confidence=0.7, drop_dir=True)
    if m["dir"]:
        return _anaphoric("D", -1 if words(m["dir"]) == "before" else 1, ctx)
    rel = words(m["rel"])
    shift = 1 if rel in ("the next", "the following") else -1 if rel in ("the previous", "the preceding",
                                                                           "the prior") else 0
    unit = unit_code(m["unit"])
    if shift == 0 and unit == "D":
        within = _day_within_last_month(ctx)
        if within is not None:
            return within
    return _anaphoric(unit, shift, ctx)


def _renames_last_day(m: re.Match, ctx: Context) -> bool:
    """ "the day before X" set off by a comma right after a date is that date, described by the event."""
    if not ctx.previous or ctx.prev_end < 0 or not re.fullmatch(r"\d{4}-\d\d-\d\d", ctx.previous[-1][1]):
        return False
    if _APPOSITION.fullmatch(m.string, ctx.prev_end, m.start()) is None:
        return False
    ctx.hit = len(ctx.previous) - 1
    return True


def _day_within_last_month(ctx: Context) -> Norm | None:
    """ "killed last October ... crossed out that same day": a day of the month just named ("1998-10-XX")."""
    for i in range(len(ctx.previous) - 1, -1, -1):
        start = cal.value_start(ctx.previous[i][1])
        if start is None:
            continue
        if start[1] != "M":
            return None  # the last time named is a day (resolve on it) or coarser than a month
        ctx.hit = i
        return Norm("DATE", ctx.previous[i][1][:7] + "-XX", anchor="text", confidence=0.6)
    return None


def _shifted(unit: str, n: float, ago: bool, ctx: Context) -> Norm | None:
    """ "two weeks ago" (from the DCT), "a year earlier" (from the last timex, quarters kept)."""
    sign = -1 if words(ago) in ("ago", "earlier", "before", "back", "previously", "or so ago") else 1
    if unit in ("H", "MIN", "S") or n != int(n):
        return None
    n = int(n)
    if unit == "Y" and sign < 0 and quarter_in_focus(ctx):  # "up 5% from a year ago" in a quarterly report
        ctx.hit = ctx.quarter_index
        return Norm("DATE", cal.shift_quarter(ctx.quarter, -4 * n), anchor="text", confidence=0.7)
    from_text = words(ago) not in ("ago", "from now", "hence", "back", "or so ago")
    day, how = anchor_day(ctx) if from_text else (dct_or_none(ctx), "dct")
    if day is None:
        return Norm("DATE", cal.UNDERSPECIFIED.get(unit, "XXXX"), confidence=0.4)
    gran = {"E": "Y", "C": "Y", "WE": "W"}.get(unit, unit)
    step_unit, mult = {"E": ("Y", 10), "C": ("Y", 100)}.get(unit, (unit, 1))
    moved = cal.add_to_day(day, step_unit, sign * n * mult)
    return Norm("DATE", cal.at_granularity(moved, gran), anchor=how, confidence=0.8)


def h_n_units(m: re.Match, ctx: Context) -> Norm | None:
    unit = unit_code(m["unit"])
    raw_num = words(m["num"])
    if m["long"] == "-old" or re.match(r"\s*old\b", m.string[m.end():m.end() + 5]):
        return None  # ages are not time expressions in TimeML
    if not unit or (unit in ("S", "Q", "MIN") and raw_num in ("a", "an") and not (m["half"] or m["dir"])):
        return None  # "a second round", "a quarter of", "wait a minute" (but "a minute and a half later")
    if unit == "Q" and words(m["unit"]).endswith("s") and "-" in m.group(0):
        return None  # "three-quarters of its food"
    if raw_num == "one" and unit == "D" and not m["rel"] and not m["dir"] and ctx.tense > 0:
        return Norm("DATE", "FUTURE_REF", confidence=0.6)  # "Islam will one day be ..."
    if raw_num in ("a", "an") and not m["rel"] and not m["dir"] and ctx.prev_tag in ("NNS", "NN", "CD"):
        return Norm("SET", duration(1, unit), confidence=0.7)  # "$2 million a year", "interviews a day"
    n = number(raw_num)
    if m["half"] and n is not None:  # "a minute and a half", "two years and a half"
        n += 0.5
    if n is None and raw_num not in table("numerals.tsv"):
        return None
    if re.fullmatch(r"\d+(\.\d+)?", raw_num) and float(raw_num) > 1000:
        return None
    clock_unit = unit in ("H", "MIN", "S") and words(m["dir"]) in ("later", "earlier")
    if m["dir"] and (words(m["dir"]) in ("after", "before") or clock_unit):
        # anchored on an event, not a time ("three days after the vote", "an hour later": no clock to add to)
        return Norm("DURATION", duration(n, unit), confidence=0.8, drop_dir=True)
    if m["dir"]:
        if n is None:
            return Norm("DATE", "PAST_REF", confidence=0.6)
        return _shifted(unit, n, m["dir"], ctx)
    norm = Norm("DURATION", duration(n, unit), confidence=0.85)
    if words(m["rel"]) in ("the", "a") and m.string[m.end("num"):m.start("unit")] == "-":
        norm.span_from = "num"  # "the [34-day] conflict": the article belongs to the noun
    return norm


def h_few_units(m: re.Match, ctx: Context) -> Norm | None:
    unit = unit_code(m["unit"])
    rel, few = words(m["rel"]), words(m["few"])
    if few == "recent" and unit in ("Y", "E", "C"):  # "in recent years": the recent past, not a length
        return Norm("DATE", "PAST_REF", confidence=0.6)
    if few == "recent":  # "in recent months": a stretch of several months up to now (TimeML: PXM)
        return Norm("DURATION", duration(None, unit), confidence=0.6)
    if m["dir"]:  # "some days ago": an unspecified past time
        return Norm("DATE", "PAST_REF", confidence=0.6)
    if few == "some" and not rel:
        return None
    if few == "coming":  # "in (the) coming months"
        return Norm("DATE", "FUTURE_REF", confidence=0.6)
    return Norm("DURATION", duration(None, unit), confidence=0.7)


def h_bare_units(m: re.Match, ctx: Context) -> Norm | None:
    if m["dir"]:
        return Norm("DATE", "PAST_REF", confidence=0.6)
    return Norm("DURATION", duration(None, unit_code(m["unit"])), confidence=0.7)


def h_nth_day(m: re.Match, ctx: Context) -> Norm | None:
    """ "Today is the eighth day of the blockade", "It's the second day of an offensive": the DCT."""
    day = dct_or_none(ctx)
    if day is None:
        return Norm("DATE", "XXXX-XX-XX", confidence=0.4)
    return Norm("DATE", cal.ymd(day), anchor="dct", confidence=0.7)


def h_unit_long(m: re.Match, ctx: Context) -> Norm | None:
    """ "a day-long meeting" (P1D), "a decades-long battle" (PXY: some decades)."""
    plural = words(m["unit"]).endswith(("s", "centuries"))
    return Norm("DURATION", duration(None if plural else 1, unit_code(m["unit"])), confidence=0.75)


def h_unit_ago(m: re.Match, ctx: Context) -> Norm | None:
    unit = unit_code(words(m["unit"]).split(" ", 1)[1])
    if words(m["dir"]) in ("after", "before"):
        return Norm("DURATION", duration(1, unit), confidence=0.8, drop_dir=True)
    return _shifted(unit, 1, m["dir"], ctx)


def h_units_ago(m: re.Match, ctx: Context) -> Norm | None:
    return Norm("DATE", "PAST_REF" if words(m["dir"]) != "later" else "FUTURE_REF", confidence=0.6)


def h_season(m: re.Match, ctx: Context) -> Norm | None:
    code = table("seasons.tsv")[words(m["season"])]
    rel = words(m["rel"])
    if m["year"]:
        return Norm("DATE", f"{m['year']}-{code}", confidence=0.9)
    if not rel and code in ("FA", "SP"):
        return None  # bare "fall" / "spring" are usually not the season
    day = dct_or_none(ctx)
    if day is None:
        return Norm("DATE", f"XXXX-{code}", confidence=0.5)
    start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    year = day.year
    if rel in ("last", "the past", "this past") and day.month < start + 3:
        year -= 1 if day.month < start or rel == "last" else 0
    elif rel in ("next", "the coming") and day.month >= start:
        year += 1
    mod = {"early": "START", "the early": "START", "late": "END", "the late": "END"}.get(rel)
    return Norm("DATE", f"{year:04d}-{code}", mod=mod, anchor="dct", confidence=0.75)


# ---------------------------------------------------------------- clock times and sets
_TZ = {"EST": "-05", "EDT": "-04", "CST": "-06", "CDT": "-05", "MST": "-07", "MDT": "-06", "PST": "-08",
       "PDT": "-07", "GMT": "Z", "UTC": "Z", "Z": "Z"}


def _time_day(ctx: Context) -> tuple[str, str | None]:
    day, how = anchor_day(ctx)
    return (cal.ymd(day), how) if day else ("XXXX-XX-XX", None)


def h_time(m: re.Match, ctx: Context) -> Norm | None:
    hour, minute = int(m["h"]), int(m["mi"] or 0)
    ampm = words(m.groupdict().get("ampm")).replace(".", "")
    if hour > 12 and ampm in ("am", "pm") or hour > 23:
        return None
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    day, how = _time_day(ctx)
    tz = _TZ.get(words(m["tz"]).split(" ")[-1].upper(), "")
    return Norm("TIME", f"{day}T{hour:02d}:{minute:02d}{tz}", anchor=how, confidence=0.85)


def h_noon(m: re.Match, ctx: Context) -> Norm | None:
    day, how = _time_day(ctx)
    hhmm = "12:00" if words(m["noon"]) in ("noon", "midday") else "24:00"
    return Norm("TIME", f"{day}T{hhmm}", anchor=how, confidence=0.8)


def h_set(m: re.Match, ctx: Context) -> Norm | None:
    if m.groupdict().get("setw"):
        return Norm("SET", table("set_words.tsv")[words(m["setw"])], confidence=0.8)
    groups = m.groupdict()
    pod = table("parts_of_day.tsv")[words(groups["pod"])] if groups.get("pod") else None
    if groups.get("wd"):  # "every Tuesday", "on Tuesdays", "Tuesday nights"
        value = f"XXXX-WXX-{table('weekdays.tsv')[words(m['wd']).rstrip('.')]}"
        return Norm("SET", value + (f"T{pod}" if pod else ""), confidence=0.8)
    if groups.get("month"):  # "each July"
        return Norm("SET", f"XXXX-{int(table('months.tsv')[words(m['month']).rstrip('.')]):02d}", confidence=0.8)
    if pod:
        return Norm("SET", f"XXXX-XX-XXT{pod}", confidence=0.7)
    unit = unit_code(m["unit"])
    if not unit:
        return None
    n = number(m["num"]) if m.groupdict().get("num") else 1
    return Norm("SET", duration(n or 1, unit), confidence=0.8)


def _full_year(digits: str) -> int:
    year = int(digits)
    return year if year >= 100 else year + (1900 if year >= 50 else 2000)


def h_fy(m: re.Match, ctx: Context) -> Norm | None:
    """ "FY2023", "FY '24", "fiscal year 2023": the fiscal year, named by the year it ends in."""
    if m["fy"] == "fy":  # lower-case "fy" is not the abbreviation
        return None
    return Norm("DATE", f"{_full_year(m['fyy']):04d}", confidence=0.85)


def h_qn(m: re.Match, ctx: Context) -> Norm | None:
    """ "Q3 2023", "H1 '24"."""
    code = m["qq"] or m["nh"]
    return Norm("DATE", f"{_full_year(m['qny']):04d}-{code.upper()}", confidence=0.9)
