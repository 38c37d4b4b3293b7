"""Recognition: the regex rules that find temporal expressions in text.

Each :class:`Rule` is a compiled pattern with named groups that the normalizer reads; the
word classes (months, weekdays, numerals, units, ...) come from the lexicons, so extending
the vocabulary means editing resources/time/*.tsv, not this file. :func:`candidates` runs
every rule and keeps the longest non-overlapping matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dateline.stages.time.lexicon import alternation, modifiers, rows, table

_L = r"(?<![\w'])"  # left edge: not inside a word ("mid-November" is found at "November")
_R = r"(?![\w])"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern


@dataclass(slots=True)
class Candidate:
    """A rule match: the span of the expression and the match that explains it."""

    start: int
    end: int
    rule: str
    match: re.Match
    mod: str | None = None


@lru_cache(maxsize=1)
def word_classes() -> dict[str, str]:
    """Regex fragments for the lexicon word classes."""
    nums = [w for w in table("numerals.tsv")]
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    ones = "one|two|three|four|five|six|seven|eight|nine"
    digits = r"\d+(?:[.,]\d+)?(?:(?:\s+|-)\d/\d|\s+and\s+(?:a\s+)?half)?"
    return {
        "MONTH": _abbreviable("month", table("months.tsv")),
        "WD": _abbreviable("wd", table("weekdays.tsv")),
        "WDFULL": rf"(?P<wd>{alternation(n for n in table('weekdays.tsv') if n.endswith('day'))})",
        "NUM": rf"(?P<num>(?:{tens})[- ](?:{ones})|{digits}|(?:{alternation(nums)})(?:\s+and\s+a\s+half)?)",
        "UNIT": rf"(?P<unit>{alternation(table('units.tsv'))})",
        "SEASON": rf"(?P<season>{alternation(table('seasons.tsv'))})",
        "POD": rf"(?P<pod>{alternation(table('parts_of_day.tsv'))})",
        "YEAR": r"(?P<year>(?:1[6-9]|20)\d\d)",
        "DAY": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?",
        "QORD": alternation(w for w, v in table("ordinals.tsv").items() if 1 <= int(v) <= 4),
        "ORD": alternation(w for w, v in table("ordinals.tsv").items() if int(v) >= 1 and w.isalpha()),
        "DEICTIC": rf"(?P<deictic>{alternation(table('deictic.tsv'))})",
        "SETW": rf"(?P<setw>{alternation(table('set_words.tsv'))})",
        "TENS": "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
                "thirty|forty|fifty|sixty|seventy|eighty|ninety",
        "TENS_S": "twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties",
        "ONES": ones,
        "HOLIDAY": rf"(?P<holiday>{alternation(r[0] for r in rows('holidays.tsv'))})",
    }


def _abbreviable(group: str, names: dict[str, str]) -> str:
    """Full names, or abbreviations with an optional period ("Oct.", "Wed.") - never a full name's period."""
    full = [n for n in names if len(n) > 4 or n in ("may", "june", "july")]
    short = [n for n in names if n not in full]
    return rf"(?P<{group}>{alternation(full)}|(?:{alternation(short)})(?:\.(?!\w))?)"


_REL_POINT = r"the\s+past|past|the\s+last|last|this|next|the\s+coming|coming|the\s+previous|previous|" \
    r"the\s+following|following|the\s+current|current|the\s+latest|latest|the\s+same|the\s+prior|prior|that|the\s+full|the|this\s+past"
_REL_SPAN = r"the\s+past|past|the\s+last|the\s+next|next|the\s+coming|coming|the\s+first|first|" \
    r"the\s+previous|the\s+following|the\s+final|the|recent|the\s+recent|the\s+latest|each\s+of\s+the\s+past|" \
    r"the\s+remaining|another|an\s+additional|the\s+first|the\s+last"

# (rule name, pattern). Names are what the normalizer dispatches on.
RULE_SOURCES: list[tuple[str, str]] = [
    ("date_mdy", r"(?:(?P<rel>last|this|next)\s+)?{MONTH}\s+{DAY}(?:(?:,\s*|\s+){YEAR})?(?![\d:.]\d)"),
    ("date_dmy", r"{DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?"),
    ("month_year", r"{MONTH},?\s+(?:of\s+)?{YEAR}"),
    ("week_of", r"the\s+week\s+of\s+{MONTH}\s+{DAY}(?:,?\s+{YEAR})?(?![\d:.]\d)"),
    ("month_rel_year", r"{MONTH}\s+(?:of\s+)?(?P<ry>last|this|next)\s+year"),
    ("month", r"(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+coming)\s+)?{MONTH}"),
    ("iso_date", r"(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)"),
    ("slash_date", r"(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<c>(?:19|20)?\d\d)"),
    ("year", r"(?:(?P<fiscal>fiscal(?:\s+year)?|the\s+year|calendar|the\s+fiscal\s+year)\s+)?"
             r"(?:{YEAR}|(?<=fiscal\s)'(?P<yy>\d\d))(?![\d,.]\d|\s*%|-\w)"),
    ("decade", r"(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?(?P<dec>(?:1[6-9]|20)\d0|')(?P<dd>\d0)?'?s"),
    ("century", r"(?:the\s+)?(?P<cent>\d\d?)(?:st|nd|rd|th)\s+century"),
    ("weekday", r"(?:(?P<rel>last|this|next|this\s+coming|this\s+past|coming|that|the\s+following|the\s+previous)\s+)?"
                r"{WD}(?:\s+{POD})?"),
    ("pod", r"(?P<rel>this|last|tomorrow|yesterday|that|the\s+next|the\s+following|the\s+previous)\s+{POD}"),
    ("deictic_pod", r"(?P<deic>yesterday|today|tomorrow)\s+{POD}"),
    ("pod_deictic", r"{POD}\s+(?P<deic>yesterday|today|tomorrow)"),  # "at mid-afternoon yesterday"
    ("deictic", r"{DEICTIC}"),
    ("rel_unit", r"(?P<rel>" + _REL_POINT + r")\s+(?P<unit>year|month|week|quarter|weekend|decade|century|"
                 r"fiscal\s+year)(?!-\w)"),
    ("rel_season", r"(?:(?P<rel>last|this|next|this\s+past|the\s+past|the\s+coming|the|early|late|the\s+early|"
                   r"the\s+late)\s+)?{SEASON}(?:\s+(?:of\s+)?{YEAR})?"),
    # before n_units: on a tie "the 1988 quarter" is a quarter, not 1988 quarters
    ("quarter", r"(?:(?P<det>the|this\s+year's|last\s+year's|next\s+year's|its|their|a|this|last|next)\s+)?"
                r"(?P<qbody>(?P<fiscal>fiscal\s+)?(?:(?P<qpre>year-earlier|year-ago|prior-year|(?:19|20)\d\d)[\s-]+)?"
                r"(?:(?P<ordq>{QORD}|latest|current|final|last|previous|same)[\s-]+)?"
                r"(?P<fiscal2>fiscal[\s-]+)?(?P<q>quarter|half|period|(?:(?<=earlier\s)|(?<=ago\s))(?:nine|six)\s+months))(?![\w-])"
                r"(?:\s+of\s+(?:(?P<qrel>this|next|last)\s+year|(?:fiscal\s+)?(?P<qyear>(?:19|20)\d\d)))?"),
    ("n_units", r"(?:(?P<rel>" + _REL_SPAN + r")\s+)?{NUM}(?:\s+to\s+(?P<num2>\d+|[a-z]+))?"
                r"(?:\s+more)?[\s-]+{UNIT}(?P<long>-long|-old)?(?P<half>\s+and\s+a\s+half)?"
                r"(?:\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back|previously|or\s+so\s+ago))?"),
    ("few_units", r"(?:(?P<rel>" + _REL_SPAN + r")\s+)?(?P<few>several|few|a\s+few|many|some|coming|recent)\s+"
                  r"(?P<unit>years|months|weeks|days|hours|minutes|decades|quarters|centuries)"
                  r"(?:\s+(?P<dir>ago|earlier|later))?"),
    ("bare_units", r"(?:(?<=for\s)|(?<=over\s)|(?<=within\s))(?P<unit>years|months|weeks|days|hours|minutes|decades)"
                   r"(?:\s+(?P<dir>ago))?"),
    ("nth_day", r"(?<=\bis\s|'s\s)the\s+(?P<nth>{ORD})\s+day(?=\s+of\s)"),  # "today is the eighth day of"
    ("unit_long", r"(?P<unit>years|months|weeks|days|hours|decades|centuries|year|month|week|day|hour)-long"),
    ("units_ago", r"(?P<unit>years|months|weeks|days|decades)\s+(?P<dir>ago|earlier|later)"),
    ("unit_ago", r"(?P<unit>a\s+year|a\s+month|a\s+week|a\s+day|a\s+decade)\s+(?:or\s+so\s+)?"
                 r"(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back)"),
    ("anaphor", r"(?P<rel>the\s+next|the\s+following|the\s+previous|the\s+preceding|the\s+same|that\s+same|that|"
                r"the\s+prior)\s+"
                r"(?P<unit>day|week|month|year)|the\s+day\s+(?P<dir>before|after)"),
    ("year_adj", r"(?:the\s+)?(?P<yadj>year-earlier|year-ago|year[-\s]end|year's\s+end|year-to-date|prior-year|"
                 r"year-before)"),
    ("spelled_year", r"(?:the\s+year\s+)?(?P<sy>(?:nineteen|twenty)[\s-]+(?P<tens>{TENS})(?:[\s-](?P<ones>{ONES}))?|"
                     r"two\s+thousand(?:\s+and\s+(?P<ones2>{ONES}))?)"),
    ("decade_word", r"the\s+(?:(?P<mod>early|mid|late)[\s-]+)?(?:nineteen[\s-]+)?(?P<tens>{TENS_S})"),
    ("time", r"(?P<h>[0-2]?\d)(?::(?P<mi>[0-5]\d))?\s*"
             r"(?P<ampm>a\.?m\.?|p\.?m\.?|o'clock)(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|ET|local\s+time))?"),
    ("clock", r"(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|ET|local\s+time))"),
    ("fy", r"(?P<fy>FY|fiscal\s+year)\s*'?(?P<fyy>(?:19|20)?\d\d)(?![\d,.]\d)"),
    ("qn", r"(?:(?P<qq>Q[1-4])|(?P<nh>H[12]))(?:\s+|\s*')(?P<qny>(?:19|20)?\d\d)(?!\d)"),
    ("mil_time", r"(?P<h>[0-2]\d)(?P<mi>[0-5]\d)\s+(?P<tz>GMT|UTC|Z|hours\s+GMT)"),
    ("noon", r"(?P<noon>noon|midnight|midday)"),
    ("set", r"{SETW}"),
    ("set_every", r"(?P<every>every|each)\s+(?:other\s+)?(?:{NUM}\s+)?(?:{UNIT}|{WD}(?:\s+{POD})?|{MONTH})"),
    ("set_every_pod", r"(?P<every>every|each)\s+{POD}"),
    ("set_plural", r"{WDFULL}(?:s|\s+{POD}s)"),  # "on Tuesdays", "on Tuesday nights"
    ("set_times", r"(?P<times>once|twice|three\s+times)\s+(?:a|per|each)\s+{UNIT}"),
    ("set_per", r"(?P<per>per)\s+{UNIT}"),
    ("holiday", r"{HOLIDAY}(?:\s+{YEAR})?"),
]

# Rules whose span may take a modifier word in front ("early 2023", "about two years").
_MOD_PREFIX_RULES = {
    "date_mdy", "month", "month_year", "year", "weekday", "rel_unit", "n_units", "unit_ago", "deictic",
    "rel_season", "decade", "pod", "deictic_pod", "pod_deictic", "few_units", "time", "noon", "quarter", "anaphor",
}


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    classes = word_classes()
    out = []
    for name, src in RULE_SOURCES:
        body = "(?:" + src.format(**classes) + ")"
        out.append(Rule(name, re.compile(_L + _first_char(body) + body + _R, re.IGNORECASE)))
    return tuple(out)


# Every rule is tried at every character of an article: the left-edge lookbehind keeps the regex engine
# from skipping ahead, and at each word start it tries every alternative of the rule (a dozen month names
# ...). A lookahead for the characters a match can start with (found from the parsed rule, compiled with
# the same flags, so it admits whatever the rule's first element admits) rejects most words at once: the
# same matches, a quarter less time. A rule whose first element is not a plain character set, or that can
# match nothing, gets none.
_CATEGORY_CLASSES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


def _first_char(body: str) -> str:
    """A lookahead for the first character of a match of ``body``, or "" when it cannot be told."""
    try:
        from re import _constants as sre_constants  # Python 3.11+
        from re import _parser as sre_parse
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants
        import sre_parse
    try:
        first = _first_of(list(sre_parse.parse(body, re.IGNORECASE)), sre_constants)
    except Exception:  # noqa: BLE001 - the lookahead is only a speed-up: without it the rule is the same
        return ""
    if first is None or first[1]:
        return ""
    return "(?=[" + "".join(sorted(first[0])) + "])"


def _first_of(items: list, c) -> tuple[set[str], bool] | None:
    """The class items (escaped characters, categories) a match of the parsed sequence ``items`` can start
    with, and whether it can match nothing; None when that cannot be told."""
    out: set[str] = set()
    for op, av in items:
        found = _first_of_item(op, av, c)
        if found is None:
            return None
        out |= found[0]
        if not found[1]:
            return out, False
    return out, True


def _first_of_item(op, av, c) -> tuple[set[str], bool] | None:
    if op is c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is c.IN:
        chars = [re.escape(chr(a)) if o is c.LITERAL else _CATEGORY_CLASSES.get(str(a)) if o is c.CATEGORY
                 else f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}" if o is c.RANGE else None for o, a in av]
        return (set(chars), False) if None not in chars else None
    if op is c.SUBPATTERN:
        return _first_of(list(av[3]), c) if not (av[1] or av[2]) else None  # no inline flags
    if op is c.BRANCH:
        alternatives = [_first_of(list(alt), c) for alt in av[1]]
        if any(a is None for a in alternatives):
            return None
        return set().union(*(a[0] for a in alternatives)), any(a[1] for a in alternatives)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        found = _first_of(list(av[2]), c)
        return None if found is None else (found[0], found[1] or av[0] == 0)
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return set(), True  # consumes nothing: what follows starts the match
    return None


@lru_cache(maxsize=1)
def _prefix_pattern() -> re.Pattern:
    words = alternation(modifiers())
    return re.compile(rf"(?<![\w-])(?P<mod>{words})(?:\s+|-)$", re.IGNORECASE)


_SUFFIX = re.compile(r"^\s+(?P<suf>or\s+so|or\s+later|or\s+earlier|and\s+beyond|or\s+more|or\s+less)(?!\w)", re.I)
_SUFFIX_MOD = {"or so": "APPROX", "or later": "ON_OR_AFTER", "or earlier": "ON_OR_BEFORE",
               "and beyond": "ON_OR_AFTER", "or more": "EQUAL_OR_MORE", "or less": "EQUAL_OR_LESS"}


def _extend_modifier(text: str, cand: Candidate) -> None:
    """Take a modifier word before the span ("early", "about", "more than") or after it ("or so")."""
    if cand.rule in _MOD_PREFIX_RULES:
        m = _prefix_pattern().search(text, max(0, cand.start - 20), cand.start)
        if m:
            mod, applies = modifiers()[re.sub(r"\s+", " ", m["mod"].lower())]
            is_duration = cand.rule in ("n_units", "few_units")
            numeric = cand.rule in ("n_units", "unit_ago", "time", "clock", "noon", "few_units")
            fits = {"any": True, "num": numeric, "dur": is_duration, "point": not is_duration and not numeric}
            if fits.get(applies, False):
                cand.start, cand.mod = m.start(), mod
    m = _SUFFIX.match(text, cand.end)
    if m and cand.rule in ("year", "n_units", "unit_ago"):
        cand.end, cand.mod = m.end(), _SUFFIX_MOD[re.sub(r"\s+", " ", m["suf"].lower())]


@lru_cache(maxsize=1)
def _idiom_pattern() -> re.Pattern:
    """Fixed phrases made of time words that are not time expressions (resources/time/idioms.tsv)."""
    return re.compile(_L + "(?:" + alternation(r[0] for r in rows("idioms.tsv")) + ")" + _R, re.IGNORECASE)


def candidates(text: str) -> list[Candidate]:
    """Longest non-overlapping rule matches over ``text``, in text order (none inside an idiom)."""
    found: list[Candidate] = []
    for rule in rules():
        for m in rule.pattern.finditer(text):
            found.append(Candidate(m.start(), m.end(), rule.name, m))
    order = {r.name: i for i, r in enumerate(rules())}
    found.sort(key=lambda c: (-(c.end - c.start), order[c.rule], c.start))
    taken: list[Candidate] = []
    occupied = bytearray(len(text) + 1)
    for m in _idiom_pattern().finditer(text):  # "high noon", "24 hours a day": claimed, never a timex
        occupied[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for c in found:
        if any(occupied[c.start:c.end]):
            continue
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


def with_modifiers(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Extend each candidate over a neighbouring modifier unless that would overlap its neighbour."""
    prev_end = 0
    for i, c in enumerate(cands):
        start, end = c.start, c.end
        _extend_modifier(text, c)
        next_start = cands[i + 1].start if i + 1 < len(cands) else len(text)
        if c.start < prev_end or c.end > next_start:
            c.start, c.end, c.mod = start, end, None
        prev_end = c.end
    return cands


_NAME_RULES = {"deictic", "rel_unit", "noon", "pod", "deictic_pod", "pod_deictic"}
_CAP_WORD = re.compile(r"[A-Z][\w'.-]*")
_TITLE_WORD = re.compile(r"[A-Z][a-z][\w'.-]*")  # "Week", not "WEEK": all capitals mark no name


def _in_headline(before: str) -> bool:
    """True when the words leading up to a position, back to the line or sentence start, are all
    capitalized (three or more of them): a Title Case headline, where capitals mark no name."""
    line = re.split(r"[\n.!?]", before)[-1]
    lead = [w.strip("\"'`(") for w in line.split()]
    lead = [w for w in lead if w[:1].isalpha()]
    return len(lead) >= 3 and all(w[0].isupper() for w in lead)


def part_of_title(text: str, cand: Candidate) -> bool:
    """A relative word inside a name or title is not a time: ABC's "This Week", "VOA Today", "High Noon".

    Title Case over two or more words ("This Week"; a sentence would write "This week"), or one
    capitalized word right after a capitalized word that does not start its sentence.
    """
    if cand.rule not in _NAME_RULES:
        return False
    words = text[cand.start:cand.end].split()
    if not all(_TITLE_WORD.fullmatch(w) for w in words):
        return False
    before = text[max(0, cand.start - 60):cand.start]
    if _in_headline(before):
        return False  # "What's Going On Around The World Today?": a headline capitalizes every word
    if len(words) >= 2:
        return True
    if not before.endswith(" ") or before.endswith("  "):
        return False  # at a line start, or after punctuation/quotes: a sentence may start here
    prev = before.split()
    word = prev[-1].lstrip("\"'`") if prev else ""
    if not _CAP_WORD.fullmatch(word) or word.rstrip("\"'`").endswith((".", ",", ":", ";", "!", "?")):
        return False
    opens_title = word != prev[-1]  # ``High Noon'': the quote opens the name
    return opens_title or (len(prev) >= 2 and not prev[-2].endswith((".", "!", "?", '"', "'", "`", ":")))
