"""Normalization: a recognized expression -> TIMEX3 type, value and mod, anchored like a news reader.

Every handler takes the rule's match and a :class:`Context` (the DCT, the tense around the
expression, the timexes already resolved in the text) and returns a :class:`Norm` or None
(not a time expression after all). Relative expressions record what they were anchored on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from dateline.stages.time import calendar as cal
from dateline.stages.time.lexicon import alternation, rows, table

TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}
UNIT_PERIOD = {"E": ("Y", 10), "C": ("Y", 100), "L": ("Y", 1000), "WE": ("D", 2)}
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Norm:
    """A normalized value; ``anchor`` is "dct", "text" (a previous timex) or None (absolute)."""

    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None
    confidence: float = 0.9
    drop_dir: bool = False  # the span ends before the rule's "dir" word ("three days | after the vote")
    span_from: str | None = None  # the span starts at this group ("a | third-quarter loss")


@dataclass(slots=True)
class Context:
    """What a handler may look at: the DCT, the tense at the expression, earlier timexes."""

    dct: cal.Ref | None
    tense: int = 0  # -1 past, +1 future, 0 unknown
    previous: list[tuple[str, str]] = field(default_factory=list)  # (type, value) resolved so far
    not_a_date: bool = False  # a verb/modal or name ("may", "Theresa May") or a count ("1990 shares")
    prev_tag: str = ""  # fine-grained POS of the word before the expression ("NNS": "$5 million a year")
    quarter: str | None = None  # the fiscal quarter the text reports on, once one is named
    quarter_index: int | None = None  # its index in ``previous``
    hit: int | None = None  # index in ``previous`` of the timex the last lookup anchored on
    perfect: bool = False  # the governing verb is a past perfect ("had not called ... until Thursday")
    prev_end: int = -1  # where the last timex found ends in the text

    def last_value(self, pattern: str) -> str | None:
        """The most recent earlier timex value matching ``pattern`` (a regex)."""
        rx = re.compile(pattern)
        for i in range(len(self.previous) - 1, -1, -1):
            if rx.match(self.previous[i][1]):
                self.hit = i
                return self.previous[i][1]
        return None


def words(text: str | None) -> str:
    return _WS.sub(" ", (text or "").lower()).strip()


def number(text: str | None) -> float | None:
    """A numeral as a number; None for an unspecified amount ("several")."""
    t = words(text).replace(",", "")
    half = 0.5 if t.endswith("and a half") or t.endswith("and half") else 0.0
    t = re.sub(r"\s+and\s+(a\s+)?half$", "", t)
    frac = re.match(r"^(\d+)[\s-]+(\d)/(\d)$", t)
    if frac:
        return int(frac[1]) + int(frac[2]) / int(frac[3])
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return float(t) + half
    nums = table("numerals.tsv")
    if t in nums:
        return None if nums[t] == "X" else float(nums[t]) + half
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in nums and parts[1] in nums:
        return float(nums[parts[0]]) + float(nums[parts[1]])
    return None


def fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def unit_code(unit: str | None) -> str:
    u = words(unit)
    return table("units.tsv").get(u) or table("units.tsv").get(u.rstrip("s"), "")


def duration(n: float | None, unit: str) -> str:
    """TIMEX3 duration: P2W, P4.5M, PT3H, PXY."""
    if unit in UNIT_PERIOD:
        base, mult = UNIT_PERIOD[unit]
        return "P" + (fmt(n * mult) if n is not None else "X") + base
    amount = fmt(n) if n is not None else "X"
    if unit in TIME_UNITS:
        return f"PT{amount}{TIME_UNITS[unit]}"
    return f"P{amount}{unit}"


def dct_or_none(ctx: Context) -> date | None:
    return ctx.dct.day if ctx.dct else None


# ---------------------------------------------------------------- absolute and calendar dates
def _year_of(m: re.Match) -> int | None:
    return int(m["year"]) if m.groupdict().get("year") else None


def h_date_mdy(m: re.Match, ctx: Context) -> Norm | None:
    month = int(table("months.tsv")[words(m["month"]).rstrip(".")])
    day = int(m["day"])
    if not 1 <= day <= 31 or (words(m["month"]) in ("may", "march") and not m["month"][0].isupper()):
        return None
    year = _year_of(m)
    if year:
        return Norm("DATE", f"{year:04d}-{month:02d}-{day:02d}", confidence=0.95)
    anchor = dct_or_none(ctx)
    if anchor is None:
        return Norm("DATE", f"XXXX-{month:02d}-{day:02d}", confidence=0.5)
    weekday = weekday_before(m.string, m.start())
    rel = words(m.groupdict().get("rel"))
    tense = -1 if rel == "last" else 1 if rel == "next" else _deadline_tense(m, ctx)
    found = cal.day_near(anchor, month, day, tense, weekday)
    if found is None:
        return None
    return Norm("DATE", cal.ymd(found), anchor="dct", confidence=0.85 if ctx.tense else 0.8)


@lru_cache(maxsize=1)
def _weekday_before_pattern() -> re.Pattern:
    return re.compile(rf"(?<![\w])({alternation(table('weekdays.tsv'))})\.?,?\s+$", re.I)


def weekday_before(text: str, pos: int) -> int | None:
    """The weekday written just before a date ("Saturday, April 25"): it picks the year."""
    m = _weekday_before_pattern().search(text, max(0, pos - 14), pos)
    return int(table("weekdays.tsv")[m[1].lower()]) if m else None


def h_spelled_year(m: re.Match, ctx: Context) -> Norm | None:
    """ "nineteen ninety-four", "the year two thousand" (broadcast transcripts)."""
    nums = table("numerals.tsv")
    if words(m["sy"]).startswith("two thousand"):
        return Norm("DATE", str(2000 + int(nums.get(words(m["ones2"]), 0))), confidence=0.85)
    century = 19 if words(m["sy"]).startswith("nineteen") else 20
    tens = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
            "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}.get(words(m["tens"]))
    value = tens if tens is not None else int(nums[words(m["tens"])])
    value += int(nums.get(words(m["ones"]), 0)) if m["ones"] else 0
    return Norm("DATE", f"{century}{value:02d}", confidence=0.8)


def h_decade_word(m: re.Match, ctx: Context) -> Norm | None:
    tens = words(m["tens"])[:-3] + "y"  # "nineties" -> "ninety"
    value = int(table("numerals.tsv").get(tens, 0))
    mod = {"early": "START", "mid": "MID", "late": "END"}.get(words(m["mod"]))
    return Norm("DATE", f"19{value // 10}", mod=mod, confidence=0.8) if value else None


def h_month_year(m: re.Match, ctx: Context) -> Norm | None:
    month = int(table("months.tsv")[words(m["month"]).rstrip(".")])
    return Norm("DATE", cal.ym(int(m["year"]), month), confidence=0.95)


def h_week_of(m: re.Match, ctx: Context) -> Norm | None:
    """ "the week of March 6": the ISO week containing that day."""
    norm = h_date_mdy(m, ctx)
    if norm is None or not norm.value[:1].isdigit():
        return norm
    norm.value = cal.week(date.fromisoformat(norm.value))
    return norm


def h_month_rel_year(m: re.Match, ctx: Context) -> Norm | None:
    """ "July last year", "March of next year"."""
    anchor = dct_or_none(ctx)
    month = int(table("months.tsv")[words(m["month"]).rstrip(".")])
    if anchor is None:
        return Norm("DATE", f"XXXX-{month:02d}", confidence=0.5)
    year = anchor.year + {"last": -1, "next": 1}.get(words(m["ry"]), 0)
    return Norm("DATE", cal.ym(year, month), anchor="dct", confidence=0.9)


def h_month(m: re.Match, ctx: Context) -> Norm | None:
    raw = m["month"]
    if not raw[0].isupper() or ctx.not_a_date:
        return None
    if len(raw) <= 3 and words(raw) not in ("may",) and not m.group(0).endswith("."):
        return None  # "Jan" without its period is more often a name
    if re.match(r"\s+(?:for\s+[A-Z]|of\s+the|of\s+[A-Z])", m.string[m.end():m.end() + 8]):
        return None  # "the March for Life", "March of the Mothers" (but "arrested in December for driving")
    month = int(table("months.tsv")[words(raw).rstrip(".")])
    anchor = dct_or_none(ctx)
    if anchor is None:
        return Norm("DATE", f"XXXX-{month:02d}", confidence=0.5)
    rel = words(m["rel"])
    if rel in ("last", "this past"):
        year = cal.month_near(anchor, month, -1, strict=True)
    elif rel in ("next", "this coming", "the coming"):
        year = cal.month_near(anchor, month, +1, strict=True)
    elif rel == "this":
        year = anchor.year
    else:
        year = cal.month_near(anchor, month, _deadline_tense(m, ctx))
    return Norm("DATE", cal.ym(year, month), anchor="dct", confidence=0.8)


def h_iso_date(m: re.Match, ctx: Context) -> Norm | None:
    try:
        d = date(int(m["iy"]), int(m["im"]), int(m["id"]))
    except ValueError:
        return None
    return Norm("DATE", cal.ymd(d), confidence=0.95)


def h_slash_date(m: re.Match, ctx: Context) -> Norm | None:
    year = int(m["c"])
    if year < 100:
        year += 1900 if year >= 50 else 2000
    try:
        d = date(year, int(m["a"]), int(m["b"]))
    except ValueError:
        return None
    return Norm("DATE", cal.ymd(d), confidence=0.85)


def h_year(m: re.Match, ctx: Context) -> Norm | None:
    if m["yy"]:
        yy = int(m["yy"])
        return Norm("DATE", str(1900 + yy if yy >= 50 else 2000 + yy), confidence=0.9)
    if ctx.not_a_date:  # the number counts things ("sold 1990 shares", "$2000")
        return None
    return Norm("DATE", m["year"], confidence=0.9)


def h_decade(m: re.Match, ctx: Context) -> Norm | None:
    if m["dec"] == "'":
        if not m["dd"]:
            return None
        century = "19" if int(m["dd"]) >= 30 else "20"
        value = century + m["dd"][0]
    else:
        value = m["dec"][:3]
    mod = {"early": "START", "mid": "MID", "late": "END"}.get(words(m["mod"]))
    return Norm("DATE", value, mod=mod, confidence=0.9)


def h_century(m: re.Match, ctx: Context) -> Norm | None:
    return Norm("DATE", f"{int(m['cent']) - 1:02d}", confidence=0.9)


def h_holiday(m: re.Match, ctx: Context) -> Norm | None:
    name = words(m["holiday"])
    spec = next((r for r in rows("holidays.tsv") if r[0] == name), None)
    if spec is None or not m["holiday"][0].isupper():
        return None

    def on(year: int) -> date:
        if spec[1] == "easter":  # a movable feast: days after Easter Sunday ("good friday  easter  -2")
            return cal.easter(year) + timedelta(days=int(spec[2]))
        month = int(spec[1])
        if ":" in spec[2]:  # "1:1+1": the day after the first Monday (U.S. Election Day)
            nth, wd, plus = re.fullmatch(r"(-?\d+):(\d)(?:\+(\d+))?", spec[2]).groups()
            return cal.nth_weekday(year, month, int(nth), int(wd)) + timedelta(days=int(plus or 0))
        return date(year, month, int(spec[2]))

    value = cal.week if name.endswith(" week") else cal.ymd  # "Easter week": the ISO week of the feast
    if m["year"]:
        return Norm("DATE", value(on(int(m["year"]))), confidence=0.9)
    anchor = dct_or_none(ctx)
    if anchor is None:
        return Norm("DATE", "XXXX-WXX" if name.endswith(" week") else "XXXX-" + on(2000).strftime("%m-%d"),
                    confidence=0.5)
    cands = [on(y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    d = ctx.tense
    pool = [c for c in cands if (d < 0 and c <= anchor) or (d > 0 and c >= anchor) or d == 0]
    best = min(pool, key=lambda c: (abs((c - anchor).days), c > anchor))
    return Norm("DATE", value(best), anchor="dct", confidence=0.8)


# ---------------------------------------------------------------- weekdays and parts of day
def _pod(m: re.Match) -> str | None:
    p = m.groupdict().get("pod")
    return table("parts_of_day.tsv").get(words(p)) if p else None


def _with_pod(day_value: str, pod: str | None, conf: float, anchor: str | None, mod=None) -> Norm:
    if pod:
        return Norm("TIME", f"{day_value}T{pod}", mod=mod, anchor=anchor, confidence=conf)
    return Norm("DATE", day_value, mod=mod, anchor=anchor, confidence=conf)


_MOD_WORD = r"(?:(?:early|mid|late|the\s+end\s+of)[\s-]+)?"
_CLOCK = r"(?:(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?|noon|midnight)(?:\s+[A-Z]{2,3})?,?\s+)?"  # "until 9 a.m. Tuesday"
_FUTURE_PREP = re.compile(
    r"(?:until|till|as\s+soon\s+as|as\s+early\s+as|no\s+later\s+than)\s+" + _CLOCK + _MOD_WORD + "$", re.I)
_DEADLINE_PREP = re.compile(r"(?<!\w)(?:by|through|effective)\s+" + _MOD_WORD + "$", re.I)
_NOT_UNTIL = re.compile(r"(?<!\w)(?:not|n't)\s+(?:\w+\s+)?(?:until|till)\s+" + _MOD_WORD + "$", re.I)


def _deadline_tense(m: re.Match, ctx: Context) -> int:
    """+1 after "until", "as soon as"; at least neutral after "by", "through", "effective"; else the tense.

    "until" looks back, not ahead, when the clause is past perfect ("Until Thursday, they had not
    called him a suspect") or a past "not until" ("it was not until Tuesday that ...").
    """
    before = m.string[max(0, m.start() - 40):m.start()]
    if _FUTURE_PREP.search(before):
        if ctx.tense < 0 and (ctx.perfect or _NOT_UNTIL.search(before)):
            return -1
        return 1
    if _DEADLINE_PREP.search(before):  # "extended through January": not necessarily past
        return max(ctx.tense, 0)
    return ctx.tense


def h_weekday(m: re.Match, ctx: Context) -> Norm | None:
    raw = m["wd"]
    full = words(raw).rstrip(".")
    if not raw[0].isupper() or (len(full) <= 4 and not m.group(0).rstrip().endswith(".")):
        return None
    wd = int(table("weekdays.tsv")[full])
    anchor = dct_or_none(ctx)
    if anchor is None:
        return _with_pod(f"XXXX-WXX-{wd}", _pod(m), 0.5, None)
    rel = words(m["rel"])
    if rel in ("the previous", "the following"):  # relative to the day the story is at
        base, how = anchor_point(ctx, "D")
        if base is not None:
            day = cal.weekday_near(base, wd, -1 if rel == "the previous" else 1, strict=True)
            return _with_pod(cal.ymd(day), _pod(m), 0.7, how)
    if rel in ("last", "this past", "the previous"):
        day = cal.weekday_near(anchor, wd, -1, strict=True)
    elif rel in ("next", "this coming", "coming", "the following"):
        day = cal.weekday_near(anchor, wd, +1, strict=True)
    elif rel == "this":
        day = cal.weekday_near(anchor, wd, ctx.tense if ctx.tense else +1)
    else:
        day = cal.weekday_near(anchor, wd, _deadline_tense(m, ctx))  # "until Tuesday": the next one
    conf = 0.9 if ctx.tense or rel else 0.75
    return _with_pod(cal.ymd(day), _pod(m), conf, "dct")


def anchor_day(ctx: Context) -> tuple[date | None, str | None]:
    """The day an anaphoric expression refers back to: the last day-level timex, else the DCT."""
    v = ctx.last_value(r"^\d{4}-\d\d-\d\d")
    if v:
        return date.fromisoformat(v[:10]), "text"
    return dct_or_none(ctx), "dct"


_GRAN_ORDER = {"D": 0, "M": 1, "Q": 2, "Y": 3}


def anchor_point(ctx: Context, unit: str) -> tuple[date | None, str | None]:
    """The day "the following year" / "that month" refers back to: the last timex precise enough
    for ``unit``, else the DCT."""
    need = {"D": 0, "W": 0, "WE": 0, "M": 1, "Q": 2}.get(unit, 3)
    for i in range(len(ctx.previous) - 1, -1, -1):
        start = cal.value_start(ctx.previous[i][1])
        if start and _GRAN_ORDER[start[1]] <= need:
            ctx.hit = i
            return start[0], "text"
    return dct_or_none(ctx), "dct"


def h_pod(m: re.Match, ctx: Context) -> Norm | None:
    rel, pod = words(m["rel"]), _pod(m)
    if rel in ("that", "the next", "the following", "the previous"):
        day, how = anchor_day(ctx)
        shift = {"the next": 1, "the following": 1, "the previous": -1}.get(rel, 0)
    else:
        day, how = dct_or_none(ctx), "dct"
        shift = {"yesterday": -1, "tomorrow": 1}.get(rel, 0)
        if rel == "last" and pod == "NI":
            shift = -1
        elif rel == "last":
            return None
    if day is None:
        return Norm("TIME", f"XXXX-XX-XXT{pod}", confidence=0.5)
    return Norm("TIME", f"{cal.ymd(day + timedelta(days=shift))}T{pod}", anchor=how, confidence=0.85)


def h_deictic_pod(m: re.Match, ctx: Context) -> Norm | None:
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[words(m["deic"])]
    day = dct_or_none(ctx)
    if day is None:
        return Norm("TIME", f"XXXX-XX-XXT{_pod(m)}", confidence=0.5)
    return Norm("TIME", f"{cal.ymd(day + timedelta(days=shift))}T{_pod(m)}", anchor="dct", confidence=0.9)


def h_deictic(m: re.Match, ctx: Context) -> Norm | None:
    kind, value = next((r[1], r[2]) for r in rows("deictic.tsv") if r[0] == words(m["deictic"]))
    off = re.match(r"^([+-]\d+)(T\w+)?$", value)
    if value == "FUTURE_REF" and re.match(r"\s+of\s", m.string[m.end():m.end() + 4]):
        return None  # "the future of our peoples": a fate, not a time
    if not off:
        return Norm(kind, value, confidence=0.8)
    day = dct_or_none(ctx)
    if day is None:
        return Norm(kind, "XXXX-XX-XX" + (off[2] or ""), confidence=0.5)
    return Norm(kind, cal.ymd(day + timedelta(days=int(off[1]))) + (off[2] or ""), anchor="dct", confidence=0.95)
