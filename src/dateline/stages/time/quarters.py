"""Normalizing quarters and fiscal periods, the way quarterly earnings reports use them.

"the third quarter", "the year-earlier period", "the 1988 quarter", "a year ago" in a report:
the report's quarter (the latest completed quarter it names) is kept in :class:`Context` and
the comparisons are resolved against it. Same handler signature as :mod:`normalize`.
"""

from __future__ import annotations

import re

from dateline.stages.time import calendar as cal
from dateline.stages.time.lexicon import table
from dateline.stages.time.normalize import Context, Norm, dct_or_none, words

# "compared with a loss of $3 million last year", "up from last year's $1.55 billion"
_COMPARED = re.compile(r"(?:compared\s+with|from|versus|against)\s+(?:[^;]*[\d$#%][^;]*)?$", re.I)
_YEAR_WORD = re.compile(r"\byears?\b", re.I)
_ENDED_ON = re.compile(r"\s+(?:ended|ending)\s+(?P<month>[A-Z][a-z]+)\.?\s+\d", re.I)


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


def refocus(value: str, ctx: Context) -> None:
    """ "In the quarter, ...": the report's quarter is back in focus (see :func:`quarter_in_focus`)."""
    if value == ctx.quarter:
        ctx.quarter_index = len(ctx.previous)



def quarter_comparison(m: re.Match, ctx: Context) -> bool:
    """ "earnings rose, compared with $3 million last year" in a quarterly report: last year's quarter.

    Not when the sentence itself speaks of whole years ("for this year, up from last year's").
    """
    if not quarter_in_focus(ctx):
        return False
    sentence = m.string[max(0, m.start() - 80):m.start()].rsplit(".", 1)[-1]
    return _COMPARED.search(sentence) is not None and _YEAR_WORD.search(sentence) is None



def h_quarter(m: re.Match, ctx: Context) -> Norm | None:
    q, ordq, det, pre = words(m["q"]), words(m["ordq"]), words(m["det"]), words(m["qpre"])
    if q in ("nine months", "six months"):  # "the year-earlier nine months": the same stretch a year back
        return Norm("DURATION", "P9M" if q.startswith("nine") else "P6M", confidence=0.8) if det or pre else None
    ordinal = int(table("ordinals.tsv").get(ordq, 0))
    if ordinal == -1 and (m["qyear"] or m["qrel"]):  # "the last half of 1989": that year's last one
        ordinal = 2 if q == "half" else 4
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
        report = reporting_quarter(ctx) if q == "quarter" else None
        if report:  # "the 1988 quarter": that year's instance of the quarter being reported on
            return Norm("DATE", f"{pre}-{report[5:]}", anchor="text" if ctx.hit is not None else "dct",
                        confidence=0.7)
        return Norm("DATE", pre, confidence=0.8)
    if not det and not ordq and not pre and not m["fiscal"]:
        return None
    base = quarter_ended(m, ctx) or reporting_quarter(ctx)
    if base is None:
        return Norm("DATE", "XXXX-QX", confidence=0.4)
    if ordq == "current" and ctx.dct:
        base, ctx.hit = cal.quarter(ctx.dct.day), None
    if pre or det == "last year's":
        base = cal.shift_quarter(base, -4)
    elif ordq == "previous" or det == "last":
        base = cal.shift_quarter(base, -1)
    refocus(base, ctx)
    return Norm("DATE", base, anchor="text" if ctx.hit is not None else "dct", confidence=0.7)


def quarter_ended(m: re.Match, ctx: Context) -> str | None:
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
    # An earlier quarter named after the reported one is a comparison ("After a flat second quarter, ..."),
    # not a change of subject.
    if letter == "Q" and not pre and current and reported and (ctx.quarter is None or value >= ctx.quarter):
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

