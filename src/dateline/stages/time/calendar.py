"""Calendar arithmetic on TIMEX3 values: the DCT, shifting by units, weekdays, weeks, quarters.

Values are TIMEX3 strings ("2024-02-07", "2024-02", "2024", "2024-W06", "2024-Q1", "2024-SU");
the anchor of a relative expression is a :class:`Ref`: a day plus the granularity it is known to.
"""

from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass
from datetime import date, timedelta

_DCT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
UNDERSPECIFIED = {"D": "XXXX-XX-XX", "M": "XXXX-XX", "Y": "XXXX", "W": "XXXX-WXX", "Q": "XXXX-QX"}


@dataclass(frozen=True, slots=True)
class Ref:
    """An anchor day and how precisely it is known ("day", "month" or "year")."""

    day: date
    granularity: str = "day"


def parse_dct(value: str | None) -> Ref | None:
    """The DCT as a Ref: "YYYY-MM-DD", "YYYY-MM" (month granularity) or an ISO timestamp."""
    m = _DCT.match(value or "")
    if not m:
        return None
    # A month- or year-only DCT is anchored at its middle, the least wrong day to count from.
    year, month, day = int(m[1]), int(m[2] or 7), int(m[3] or (15 if m[2] else 1))
    gran = "day" if m[3] else "month" if m[2] else "year"
    try:
        return Ref(date(year, month, day), gran)
    except ValueError:
        return None


def ymd(d: date) -> str:
    return d.isoformat()


def ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) shifted by ``n`` months."""
    total = year * 12 + (month - 1) + n
    return total // 12, total % 12 + 1


def add_to_day(d: date, unit: str, n: int) -> date:
    """A day shifted by ``n`` units (D, W, M, Y, E, C); month shifts clamp the day."""
    if unit == "D":
        return d + timedelta(days=n)
    if unit in ("W", "WE"):
        return d + timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "Y": 12, "E": 120, "C": 1200}.get(unit)
    if months is None:
        return d
    y, m = add_months(d.year, d.month, n * months)
    return date(y, m, min(d.day, _cal.monthrange(y, m)[1]))


def week(d: date) -> str:
    """ISO week value: "2024-W06"."""
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def quarter(d: date) -> str:
    return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"


def shift_quarter(value: str, n: int) -> str:
    """"1989-Q3" shifted by ``n`` quarters."""
    y, q = int(value[:4]), int(value[-1])
    total = y * 4 + (q - 1) + n
    return f"{total // 4:04d}-Q{total % 4 + 1}"


def at_granularity(d: date, unit: str) -> str:
    """The value naming the ``unit`` (D, W, M, Q, Y, E, C) that contains day ``d``."""
    if unit == "D":
        return ymd(d)
    if unit in ("W", "WE"):
        return week(d) + ("-WE" if unit == "WE" else "")
    if unit == "M":
        return ym(d.year, d.month)
    if unit == "Q":
        return quarter(d)
    if unit == "E":
        return f"{d.year // 10:03d}"
    if unit == "C":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def weekday_near(anchor: date, weekday: int, direction: int, strict: bool = False) -> date:
    """The ``weekday`` (1 = Monday) nearest ``anchor`` in ``direction``.

    direction -1: on or before (strictly before if ``strict``); +1: on or after (strictly
    after if ``strict``); 0: the closest either way, the past winning unless the future one is
    at least two days closer.
    """
    back = (anchor.isoweekday() - weekday) % 7
    fwd = (weekday - anchor.isoweekday()) % 7
    if strict:
        back, fwd = back or 7, fwd or 7
    if direction < 0 or (direction == 0 and back <= fwd + 1):  # unknown tense: news leans past
        return anchor - timedelta(days=back)
    return anchor + timedelta(days=fwd)


# How much farther a candidate on the "wrong" side of the anchor may be and still win, by tense:
# past reporting strongly prefers the past, future context the future, and news leans past.
_DAY_PENALTY = {-1: (200, 0), 0: (30, 0), 1: (0, 200)}  # tense -> (future penalty, past penalty), days
_MONTH_PENALTY = {-1: (270, 0), 0: (90, 0), 1: (0, 330)}


def _cost(distance: int, tense: int, scale: int = 1) -> int:
    future_penalty, past_penalty = (_DAY_PENALTY if scale == 1 else _MONTH_PENALTY)[tense]
    if distance > 0:
        return distance * scale + future_penalty
    return -distance * scale + (past_penalty if distance < 0 else 0)


def month_near(anchor: date, month: int, direction: int, strict: bool = False) -> int:
    """The year of the ``month`` nearest the anchor.

    With ``strict`` the month is the one strictly before (direction -1) or after (+1) the
    anchor's month ("last March", "next March"); otherwise the nearest, weighed by tense.
    """
    here = anchor.year * 12 + anchor.month - 1
    cands = [y * 12 + month - 1 for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if strict:
        cands = [c for c in cands if (c < here if direction < 0 else c > here)]
        best = max(cands) if direction < 0 else min(cands)
    else:
        best = min(cands, key=lambda c: _cost(c - here, direction, scale=30))
    return best // 12


def day_near(anchor: date, month: int, day: int, tense: int, weekday: int | None = None) -> date | None:
    """The ``month``-``day`` nearest the anchor, weighed by tense; a given weekday picks the year."""
    cands = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cands.append(date(y, month, day))
        except ValueError:
            continue
    if weekday is not None and any(c.isoweekday() == weekday for c in cands):
        cands = [c for c in cands if c.isoweekday() == weekday]
    if not cands:
        return None
    return min(cands, key=lambda c: _cost((c - anchor).days, tense))


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> date:
    """The ``nth`` ISO ``weekday`` of a month (``nth`` = -1: the last one)."""
    if nth < 0:
        last = date(year, month, _cal.monthrange(year, month)[1])
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


def easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday of ``year``: the anonymous Gregorian computus."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def value_start(value: str) -> tuple[date, str] | None:
    """The first day of a calendar value and its granularity (D, M, Q, Y); None for others."""
    m = re.match(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?|-Q(\d))?", value)
    if not m:
        return None
    if m[4]:
        return date(int(m[1]), 3 * int(m[4]) - 2, 1), "Q"
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1)), "D" if m[3] else "M" if m[2] else "Y"
    except ValueError:
        return None
