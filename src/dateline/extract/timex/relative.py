"""Normalizing relative expressions: "last year", "two weeks ago", "the quarter", "daily", times.

Companion of :mod:`normalize` (absolute dates, weekdays, deictics); same handler signature.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.extract.timex import calendar as cal
from dateline.extract.timex.lexicon import table
from dateline.extract.timex.normalize import (
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

_PAST = {"last", "previous", "the previous", "prior", "the prior", "this past"}
_NEXT = {"next", "coming", "the coming", "following", "the following"}
_ANAPHORIC = {"that": 0, "the same": 0, "the following": 1, "following": 1, "the previous": -1, "the prior": -1,
              "the preceding": -1}
_ENDED = re.compile(r"\s+(?:ended|ending|that\s+ended|which\s+ended)\b", re.I)
_ENDED_ON = re.compile(r"\s+(?:ended|ending)\s+(?P<month>[A-Z][a-z]+)\.?\s+\d", re.I)


def _point(anchor: date, unit: str, shift: int) -> str:
    return cal.at_granularity(cal.add_to_day(anchor, unit, shift), unit)


def reporting_quarter(ctx: Context) -> str | None:
    """The quarter the text is talking about: the last quarter named, else the last one ended by the DCT."""
    if ctx.quarter:
        ctx.hit = ctx.quarter_index
        return ctx.quarter
    day = dct_or_none(ctx)
    return cal.shift_quarter(cal.quarter(day), -1) if day else None


_LONGER_PERIOD = re.compile(r"^P(?:[69]M|1Y)$")  # "for the nine months", "the six months", "the year ended"


def quarter_in_focus(ctx: Context) -> bool:
    """True when the report's quarter is the period under discussion: one was named, and no longer
    period ("For the nine months, ... a year earlier") has been named since."""
    if not ctx.quarter or ctx.quarter_index is None:
        return False
    return not any(k == "DURATION" and _LONGER_PERIOD.match(v) for k, v in ctx.previous[ctx.quarter_index:])


def _refocus(value: str, ctx: Context) -> None:
    """ "In the quarter, ...": the report's quarter is back in focus (see :func:`quarter_in_focus`)."""
    if value == ctx.quarter:
        ctx.quarter_index = len(ctx.previous)


def h_rel_unit(m: re.Match, ctx: Context) -> Norm | None:
    rel, unit_word = words(m["rel"]), words(m["unit"])
    if unit_word == "quarter":
        return _quarter_point(rel, ctx)
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


def _quarter_point(rel: str, ctx: Context) -> Norm | None:
    q = reporting_quarter(ctx)
    if q is None:
        return Norm("DATE", "XXXX-QX", confidence=0.4)
    if rel in _PAST:
        q = cal.shift_quarter(q, -1)
    elif rel in _NEXT:
        q = cal.shift_quarter(q, 1)
    elif rel in ("current", "the current") and ctx.dct:
        q, ctx.hit = cal.quarter(ctx.dct.day), None  # the quarter under way at the DCT
    _refocus(q, ctx)
    return Norm("DATE", q, anchor="text" if ctx.hit is not None else "dct", confidence=0.75)


def _anaphoric(unit: str, shift: int, ctx: Context) -> Norm:
    day, how = anchor_point(ctx, unit)
    if day is None:
        return Norm("DATE", cal.UNDERSPECIFIED.get(unit, "XXXX"), confidence=0.4)
    return Norm("DATE", _point(day, unit, shift), anchor=how, confidence=0.7)


def h_anaphor(m: re.Match, ctx: Context) -> Norm | None:
    if m["dir"]:
        return _anaphoric("D", -1 if words(m["dir"]) == "before" else 1, ctx)
    rel = words(m["rel"])
    shift = 1 if rel in ("the next", "the following") else -1 if rel in ("the previous", "the preceding",
                                                                           "the prior") else 0
    return _anaphoric(unit_code(m["unit"]), shift, ctx)


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
    if not unit or (unit in ("S", "Q", "MIN") and raw_num in ("a", "an")):
        return None  # "a second round", "a quarter of"
    if unit == "Q" and words(m["unit"]).endswith("s") and "-" in m.group(0):
        return None  # "three-quarters of its food"
    if raw_num == "one" and unit == "D" and not m["rel"] and not m["dir"] and ctx.tense > 0:
        return Norm("DATE", "FUTURE_REF", confidence=0.6)  # "Islam will one day be ..."
    if raw_num in ("a", "an") and not m["rel"] and not m["dir"] and ctx.prev_tag in ("NNS", "NN", "CD"):
        return Norm("SET", duration(1, unit), confidence=0.7)  # "$2 million a year", "interviews a day"
    n = number(raw_num)
    if n is None and raw_num not in table("numerals.tsv"):
        return None
    if re.fullmatch(r"\d+(\.\d+)?", raw_num) and float(raw_num) > 1000:
        return None
    if m["dir"] and words(m["dir"]) in ("after", "before"):  # anchored on an event, not a time
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


def h_unit_ago(m: re.Match, ctx: Context) -> Norm | None:
    unit = unit_code(words(m["unit"]).split(" ", 1)[1])
    if words(m["dir"]) in ("after", "before"):
        return Norm("DURATION", duration(1, unit), confidence=0.8, drop_dir=True)
    return _shifted(unit, 1, m["dir"], ctx)


def h_units_ago(m: re.Match, ctx: Context) -> Norm | None:
    return Norm("DATE", "PAST_REF" if words(m["dir"]) != "later" else "FUTURE_REF", confidence=0.6)


def h_quarter(m: re.Match, ctx: Context) -> Norm | None:
    q, ordq, det, pre = words(m["q"]), words(m["ordq"]), words(m["det"]), words(m["qpre"])
    if q in ("nine months", "six months"):
        return Norm("DURATION", "P9M" if q.startswith("nine") else "P6M", confidence=0.8) if det or pre else None
    ordinal = int(table("ordinals.tsv").get(ordq, 0))
    if 1 <= ordinal <= 4:
        norm = _numbered_quarter(m, q, ordinal, ctx)
        if norm is not None and (det in ("a", "its", "their") or (det and "-" in m["qbody"])):
            norm.span_from = "qbody"  # TimeBank: "a [third-quarter] loss", "its [fourth quarter]"
        return norm
    if q == "half" or (q == "period" and not (ordq or pre)) or (det == "a" and not pre):
        return None
    if pre.isdigit():
        if q == "period" and quarter_in_focus(ctx):  # "the 1988 period" in a quarterly report
            ctx.hit = ctx.quarter_index
            return Norm("DATE", f"{pre}-{ctx.quarter[5:]}", anchor="text", confidence=0.7)
        return Norm("DATE", pre, confidence=0.8)
    if not det and not ordq and not pre and not m["fiscal"]:
        return None
    base = _quarter_ended(m, ctx) or reporting_quarter(ctx)
    if base is None:
        return Norm("DATE", "XXXX-QX", confidence=0.4)
    if ordq == "current" and ctx.dct:
        base, ctx.hit = cal.quarter(ctx.dct.day), None
    if pre or det == "last year's":
        base = cal.shift_quarter(base, -4)
    elif ordq == "previous" or det == "last":
        base = cal.shift_quarter(base, -1)
    _refocus(base, ctx)
    return Norm("DATE", base, anchor="text" if ctx.hit is not None else "dct", confidence=0.7)


def _quarter_ended(m: re.Match, ctx: Context) -> str | None:
    """ "the quarter ended Sept. 30": the calendar quarter covering most of the three months."""
    e = _ENDED_ON.match(m.string, m.end())
    month = table("months.tsv").get(e["month"].lower()) if e else None
    day = dct_or_none(ctx)
    if month is None or day is None:
        return None
    mid = (int(month) - 2) % 12 + 1
    year = cal.month_near(day, mid, -1)
    return f"{year:04d}-Q{(mid - 1) // 3 + 1}"


def _numbered_quarter(m: re.Match, q: str, n: int, ctx: Context) -> Norm | None:
    """ "the third quarter", "third-quarter", "the 1988 second quarter", "the first half"."""
    if q == "period":
        return None
    pre = words(m["qpre"])
    letter = "H" if q == "half" else "Q"
    year = int(pre) if pre.isdigit() else _quarter_year(m, ctx, n, letter)
    if year is None:
        return Norm("DATE", f"XXXX-{letter}{n}", confidence=0.5)
    if pre in ("year-earlier", "year-ago", "prior-year"):
        year -= 1
    value = f"{year:04d}-{letter}{min(n, 2) if letter == 'H' else n}"
    current = cal.quarter(ctx.dct.day) if ctx.dct else ""
    # A completed quarter is the one reported on; so is the current one when its results are told in the
    # past tense ("reported a decline in fourth-quarter earnings" on Nov. 2: a fiscal quarter just ended).
    reported = value < current or (value == current and ctx.tense < 0)
    if letter == "Q" and not pre and current and reported:
        ctx.quarter, ctx.quarter_index = value, len(ctx.previous)
    return Norm("DATE", value, anchor=None if pre.isdigit() else "dct", confidence=0.85)


def _quarter_year(m: re.Match, ctx: Context, n: int = 0, letter: str = "Q") -> int | None:
    """The year of a numbered quarter/half: explicit, "last year's", else the DCT's year - or the
    year before when past-tense reporting names a quarter that has not started yet."""
    if m["qyear"]:
        return int(m["qyear"])
    day = dct_or_none(ctx)
    if day is None:
        return None
    rel = words(m["qrel"]) or words(m["det"]).replace(" year's", "")
    if rel in ("last", "next"):
        return day.year + (1 if rel == "next" else -1)
    current = (day.month - 1) // 3 + 1 if letter == "Q" else (day.month - 1) // 6 + 1
    return day.year - 1 if ctx.tense < 0 and n > current else day.year


def h_year_adj(m: re.Match, ctx: Context) -> Norm | None:
    adj = words(m["yadj"])
    day = dct_or_none(ctx)
    if adj in ("year-earlier", "year-ago", "prior-year", "year-before"):
        if quarter_in_focus(ctx):
            ctx.hit = ctx.quarter_index
            return Norm("DATE", cal.shift_quarter(ctx.quarter, -4), anchor="text", confidence=0.7)
        return Norm("DATE", str(day.year - 1) if day else "XXXX", anchor="dct", confidence=0.6)
    if adj in ("year-end", "year end", "year's end"):
        return Norm("DATE", str(day.year) if day else "XXXX", mod="END", anchor="dct", confidence=0.6)
    return None


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
