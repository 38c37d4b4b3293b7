"""TimeML reader and TempEval-3 Task A scorer (dateline's own code, importable by tests).

:func:`read_tml` turns a ``.tml`` file into a :class:`TmlDoc`: the TEXT element's text with
tags stripped, the document creation time (DCT) and the gold TIMEX3s with offsets into that
text. :func:`score` compares system timexes with gold the TempEval-3 way:

* strict match: identical offsets; relaxed match: any overlap (one-to-one, in text order);
* P/R/F1 over TIMEX3s (the DCT is not in TEXT, so it never counts);
* type and value accuracy over relaxed-matched pairs;
* value F1 = relaxed F1 x value accuracy.

Values are compared after :func:`canonical_value`, which only erases notational variants of the
SAME value, never a difference of meaning or granularity: ISO week numbers with or without zero
padding ("2000-W7" = "2000-W07"), a decade or century written with or without its trailing X
("199" = "199X", "19" = "19XX"; TIMEX2 vs TIMEX3 habit), and an hour written without its minutes
("T17" = "T17:00", "T24" = "T24:00"), and a one-unit duration written in another unit by an exact
conversion (quarters, decades, centuries, millennia as months/years: "P3Q" = "P9M", "P1E" = "P10Y",
"P2L" = "P2000Y"; a fraction as the next smaller unit: "P2.5Y" = "P2Y6M", "PT5.5H" = "PT5H30M").
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A TIMEX3 (gold or system) as the scorer sees it."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(slots=True)
class TmlDoc:
    """One TimeML document: TEXT content, its DCT and its TIMEX3s."""

    id: str
    dct: str
    text: str
    timexes: list[GoldTimex]


def _walk(elem: ET.Element, parts: list[str], pos: int, out: list[GoldTimex]) -> int:
    """Append ``elem``'s text content to ``parts``, recording TIMEX3 offsets; return the new position."""
    start = pos
    if elem.text:
        parts.append(elem.text)
        pos += len(elem.text)
    for child in elem:
        pos = _walk(child, parts, pos, out)
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    if elem.tag == "TIMEX3" and pos > start:
        text = "".join(parts)[start:pos]
        out.append(GoldTimex(start, pos, text, elem.get("type", ""), elem.get("value", ""), elem.get("mod")))
    return pos


def read_tml(path: str | Path) -> TmlDoc:
    """Parse a TimeML file (TimeBank / AQUAINT layout)."""
    root = ET.parse(path).getroot()
    dct = ""
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value", "")
            break
    text_elem = root.find("TEXT")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    if text_elem is not None:
        _walk(text_elem, parts, 0, timexes)
    timexes.sort(key=lambda t: (t.start, t.end))
    doc_id = root.findtext("DOCID") or Path(path).stem
    return TmlDoc(doc_id.strip(), dct, "".join(parts), timexes)


@dataclass(slots=True)
class Score:
    """Counts accumulated over documents; the metrics are properties."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    value_errors: Counter = field(default_factory=Counter)
    missed: Counter = field(default_factory=Counter)
    spurious: Counter = field(default_factory=Counter)

    def add(self, other: Score) -> None:
        for name in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.value_errors.update(other.value_errors)
        self.missed.update(other.missed)
        self.spurious.update(other.spurious)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def prf(self, matched: int) -> tuple[float, float, float]:
        p = matched / self.system if self.system else 0.0
        r = matched / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    @property
    def type_accuracy(self) -> float:
        return self.type_ok / self.relaxed if self.relaxed else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_ok / self.relaxed if self.relaxed else 0.0

    @property
    def value_f1(self) -> float:
        return self.prf(self.relaxed)[2] * self.value_accuracy


_WEEK = re.compile(r"-W(\d)(?=$|\D)")
_DECADE_X = re.compile(r"^(\d{3})X$|^(\d{2})XX$")
_BARE_HOUR = re.compile(r"(T\d\d)(?=$|[-+Z])")


_ONE_UNIT = re.compile(r"^P(T?)(\d+(?:\.\d+)?)([A-Z])$")
_EXACT = {("", "Q"): (3, "M"), ("", "E"): (10, "Y"), ("", "C"): (100, "Y"), ("", "L"): (1000, "Y")}
_SMALLER = {("", "Y"): (12, "", "M"), ("", "D"): (24, "T", "H"), ("T", "H"): (60, "", "M"), ("T", "M"): (60, "", "S")}


def _canonical_duration(value: str) -> str:
    """A one-unit duration in whole years/months, or as whole units plus the next smaller unit."""
    m = _ONE_UNIT.match(value)
    if not m:
        return value
    t, amount, unit = m[1], float(m[2]), m[3]
    if (t, unit) in _EXACT:
        factor, unit = _EXACT[t, unit]
        amount *= factor
    whole, frac = int(amount), amount - int(amount)
    if frac and (t, unit) in _SMALLER:
        factor, t2, small = _SMALLER[t, unit]
        rest = frac * factor
        if rest == int(rest):
            return f"P{t}{whole}{unit}{t2}{int(rest)}{small}" if whole else f"P{t or t2}{int(rest)}{small}"
    return f"P{t}{whole}{unit}" if not frac else value


def canonical_value(value: str) -> str:
    """``value`` with notational variants of the same TIMEX3 value unified (see the module docstring)."""
    value = _canonical_duration(value)
    value = _WEEK.sub(r"-W0\1", value)
    value = _DECADE_X.sub(lambda m: m[1] or m[2], value)
    return _BARE_HOUR.sub(r"\1:00", value)


def _match(gold: list[GoldTimex], system: list[GoldTimex]) -> list[tuple[GoldTimex, GoldTimex]]:
    """One-to-one relaxed matching in text order: exact-offset pairs first, then any overlap."""
    pairs: list[tuple[GoldTimex, GoldTimex]] = []
    used: set[int] = set()
    unmatched: list[GoldTimex] = []
    by_span = {(s.start, s.end): i for i, s in enumerate(system)}
    for g in gold:
        i = by_span.get((g.start, g.end))
        if i is not None and i not in used:
            used.add(i)
            pairs.append((g, system[i]))
        else:
            unmatched.append(g)
    for g in unmatched:
        for i, s in enumerate(system):
            if i not in used and s.start < g.end and g.start < s.end:
                used.add(i)
                pairs.append((g, s))
                break
    return pairs


def score_doc(gold: list[GoldTimex], system: list[GoldTimex]) -> Score:
    """TempEval-3 counts for one document."""
    sc = Score(gold=len(gold), system=len(system))
    pairs = _match(gold, system)
    sc.relaxed = len(pairs)
    matched_gold = {id(g) for g, _ in pairs}
    matched_sys = {id(s) for _, s in pairs}
    for g, s in pairs:
        sc.strict += (g.start, g.end) == (s.start, s.end)
        sc.type_ok += g.type == s.type
        if canonical_value(g.value) == canonical_value(s.value):
            sc.value_ok += 1
        else:
            sc.value_errors[(g.text.lower(), g.value, s.value)] += 1
    sc.missed.update(g.text.lower() for g in gold if id(g) not in matched_gold)
    sc.spurious.update(s.text.lower() for s in system if id(s) not in matched_sys)
    return sc


def doc_errors(text: str, gold: list[GoldTimex], system: list[GoldTimex], width: int = 60) -> list[str]:
    """Every disagreement in one document, in text order, one line each with its context.

    Kinds: MISS (gold only), SPUR (system only), VALUE / SPAN / TYPE for a relaxed pair (combined
    with "+", e.g. "VALUE+SPAN"). Lines read ``kind | gold | system | ...context...``.
    """
    pairs = _match(gold, system)
    matched_gold = {id(g) for g, _ in pairs}
    matched_sys = {id(s) for _, s in pairs}
    found: list[tuple[int, str, GoldTimex | None, GoldTimex | None]] = []
    for g, s in pairs:
        kinds = [name for name, bad in (("VALUE", canonical_value(g.value) != canonical_value(s.value)),
                                        ("SPAN", (g.start, g.end) != (s.start, s.end)), ("TYPE", g.type != s.type))
                 if bad]
        if kinds:
            found.append((g.start, "+".join(kinds), g, s))
    found += [(g.start, "MISS", g, None) for g in gold if id(g) not in matched_gold]
    found += [(s.start, "SPUR", None, s) for s in system if id(s) not in matched_sys]

    def show(t: GoldTimex | None) -> str:
        return f"{t.text!r} {t.type} {t.value}" + (f" {t.mod}" if t.mod else "") if t else "-"

    lines = []
    for pos, kind, g, s in sorted(found, key=lambda f: (f[0], f[1])):
        context = text[max(0, pos - width):pos + width].replace("\n", " ")
        lines.append(f"{kind} | {show(g)} | {show(s)} | ...{context}...")
    return lines

