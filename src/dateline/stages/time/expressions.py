"""Stage 2: time expressions normalized to TIMEX3, anchored on the article's date (the DCT).

Recognition is dateline's own regex rules (:mod:`dateline.stages.time.patterns`, word lists
in resources/time/); normalization resolves each expression the way a careful news reader
does: a bare weekday or "Oct. 7" is the nearest one before the DCT in past-tense reporting
and the next one in future-tense context; "the next day", "a year earlier" are anchored on an
earlier time in the text. Each :class:`~dateline.model.Timex` records its anchor.

:func:`date_of` is the API for later stages: the date governing a clause or sentence, with a
flag that says whether it came from the text or fell back to the DCT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Doc, Span, Token

from dateline.model import Timex, record_id
from dateline.stages.syntax import by_offset, doc_text
from dateline.stages.time import calendar as cal
from dateline.stages.time import normalize as nz
from dateline.stages.time import quarters as qr
from dateline.stages.time import relative as rel
from dateline.stages.time.lexicon import rows, table
from dateline.stages.time.patterns import Candidate, candidates, part_of_title, with_modifiers

HANDLERS = {
    "date_mdy": nz.h_date_mdy, "date_dmy": nz.h_date_mdy, "month_year": nz.h_month_year, "month": nz.h_month,
    "iso_date": nz.h_iso_date, "slash_date": nz.h_slash_date, "year": nz.h_year, "decade": nz.h_decade,
    "century": nz.h_century, "weekday": nz.h_weekday, "pod": nz.h_pod, "deictic_pod": nz.h_deictic_pod,
    "pod_deictic": nz.h_deictic_pod,
    "deictic": nz.h_deictic, "holiday": nz.h_holiday, "rel_unit": rel.h_rel_unit, "rel_season": rel.h_season,
    "n_units": rel.h_n_units, "few_units": rel.h_few_units, "bare_units": rel.h_bare_units,
    "units_ago": rel.h_units_ago, "unit_long": rel.h_unit_long, "nth_day": rel.h_nth_day,
    "unit_ago": rel.h_unit_ago, "anaphor": rel.h_anaphor,
    "quarter": qr.h_quarter, "year_adj": qr.h_year_adj,
    "time": rel.h_time, "clock": rel.h_time, "mil_time": rel.h_time,
    "noon": rel.h_noon, "set": rel.h_set, "set_every": rel.h_set, "set_every_pod": rel.h_set,
    "set_plural": rel.h_set, "set_times": rel.h_set, "set_per": rel.h_set,
    "spelled_year": nz.h_spelled_year, "decade_word": nz.h_decade_word, "fy": rel.h_fy, "qn": rel.h_qn,
    "week_of": nz.h_week_of, "month_rel_year": nz.h_month_rel_year,
}
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "gon", "would", "may", "might"}  # "would" in reported speech
_PAST_TAGS = {"VBD"}
_PERFECT_AUX = {"have", "has", "had", "'ve"}
_DEADLINE_RULES = {"weekday", "date_mdy", "month"}  # rules whose value depends on "until"/"by" before them
_COUNT_BEFORE = re.compile(r"[$£€#]\s*$")
_SPACE = re.compile(r"\s")  # what _COUNT_BEFORE's \s matches, char by char
_COUNT_AFTER = re.compile(r"^\s*(?:%|percent|per\s+cent)", re.I)


@dataclass(slots=True)
class SentenceDate:
    """The date of a clause: the governing timex's value, or the DCT with ``resolved=False``."""

    value: str
    resolved: bool
    timex: Timex | None = None


def _governing_verb(tok: Token) -> Token | None:
    """The nearest verb above ``tok`` in the dependency tree (itself included)."""
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


@cache
def verb_classes(word: str) -> frozenset[str]:
    """The classes of a verb in resources/time/verb_classes.tsv (plan, not_scheduled, same_past...)."""
    return frozenset(r[1] for r in rows("verb_classes.tsv") if r[0] == word.lower())


def _scheduled_present(verb: Token) -> bool:
    """A simple present that schedules ("meets Monday"), not one that reports ("says") or is a past in disguise."""
    if verb.tag_ not in ("VBP", "VBZ") or "not_scheduled" in verb_classes(verb.lemma_):
        return False
    return verb.tag_ == "VBZ" or "same_past" not in verb_classes(verb.lower_)


def _plans(verb: Token) -> bool:
    """True for a verb whose complement lies ahead of it: "scheduled to close", "set for Friday", "going to".

    "set" or "agree" without a complement ("the record set on Aug. 6") are plain past verbs.
    """
    kids = {c.dep_ for c in verb.children} | {c.lower_ for c in verb.children}
    if verb.lower_ == "going":
        return "to" in kids
    classes = verb_classes(verb.lemma_)
    if "plan_needs_complement" in classes:
        return bool(kids & {"xcomp", "for", "ccomp"})
    return "plan" in classes


def _verb_tense(verb: Token) -> int | None:
    """-1/+1/0 from a verb's own form and auxiliaries; None for an infinitive (ask its governor)."""
    auxes = {a.lower_: a for a in verb.children if a.dep_ in ("aux", "auxpass")}
    if _plans(verb):
        past = verb.tag_ in _PAST_TAGS or any(a.tag_ in _PAST_TAGS for a in auxes.values())
        bare_participle = verb.tag_ == "VBN" and not auxes  # "the service planned for Saturday was ..."
        return 0 if past or bare_participle else 1  # "was scheduled to meet Friday": either side of the DCT
    if auxes.keys() & _PERFECT_AUX and not auxes.keys() & {"will", "'ll"}:
        return -1  # a perfect, even under a modal: "may have been responsible Wednesday"
    if auxes.keys() & _FUTURE_AUX:
        return 1
    if verb.tag_ in _PAST_TAGS or any(a.tag_ in _PAST_TAGS for a in auxes.values()):
        return -1
    if "to" in auxes and verb.dep_ == "acl":
        return 0  # a noun's infinitive is prospective: "an agreement to acquire the bank in January"
    if "to" in auxes and verb.head is not verb:
        return None
    if verb.tag_ == "VBN" and not auxes:
        return -1  # a bare participle: "shares bought Thursday"
    if _scheduled_present(verb) and not auxes:
        return 1  # a scheduled present: "he meets Arafat Monday"
    return 0


def perfect_at(doc: Doc, start: int, end: int) -> bool:
    """True when the verb governing the characters [start, end) is a past perfect ("had not called")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    verb = _governing_verb(span.root) if span is not None else None
    return verb is not None and any(a.lower_ == "had" for a in verb.children if a.dep_ == "aux")


# reporting verbs: a time word written right after one in the past dates the saying
_REPORTING = frozenset({"say", "tell", "announce", "state", "add", "confirm", "declare"})


def _after_reporting_verb(doc: Doc, span) -> bool:
    """"Yoon said on Wednesday he would move to ...", "officials said Friday the talks will ...": the time word
    right after a past reporting verb is the saying's, whatever verb of the reported clause the parse hung
    it on (that clause's "would" or "will" would send a weekday a week ahead)."""
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "on":
        i -= 1
    return i >= 0 and doc[i].tag_ == "VBD" and doc[i].lemma_ in _REPORTING and span.root.head != doc[i] and \
        (span.root.head.head != doc[i] or span.root.head.lower_ != "on")


def tense_at(doc: Doc, start: int, end: int) -> int:
    """-1 past, +1 future, 0 unknown: the tense of the verb governing the characters [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0
    if span.end < len(doc) and doc[span.end].tag_ == "POS" and span.root.head.dep_ not in ("nsubj", "nsubjpass"):
        # "ways around Wednesday's ruling": a noun's date, not its sentence's verb's ("would look");
        # but the verb does date its subject: "Friday's run-off may go ahead"
        return 0
    if _after_reporting_verb(doc, span):
        return -1
    verb = _governing_verb(span.root)
    for _ in range(3):  # an infinitive ("expected to close Monday") takes its governor's tense
        if verb is None:
            return 0
        tense = _verb_tense(verb)
        if tense is not None:
            return tense
        head = _governing_verb(verb.head)
        if head is not None and head.lemma_ == "be":  # "is to resume Tuesday", "had been due to expire"
            return 0 if _verb_tense(head) == -1 else 1
        verb = head
    return 0


def _not_a_date_word(doc: Doc, text: str, cand: Candidate) -> bool:
    """True when the matched word is a modal/verb ("may", "march") or a year-like count ("1990 people")."""
    tok = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if tok is None:
        return False
    if cand.rule == "month":
        first = next((t for t in tok if t.idx >= cand.match.start("month")), tok[0])
        prev = doc[first.i - 1] if first.i > 0 else None
        name = prev is not None and prev.tag_ == "NNP" and prev.text[:1].isupper() and prev.ent_type_ != "DATE"
        return first.tag_ in ("MD", "VB", "VBP", "VBZ", "VBD") or first.ent_type_ in ("PERSON", "ORG") or name
    if cand.rule == "year" and not cand.match["fiscal"]:  # "fiscal 1989 sales" is a year, never a count
        if _count_before(text, cand.start) or _COUNT_AFTER.match(text[cand.end:cand.end + 10]):
            return True
        last = tok[-1]  # "sold 1990 shares" counts; "the 1992 protests" is a year
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        before = doc[tok.start - 1] if tok.start > 0 else None
        return (nxt is not None and nxt.tag_ == "NNS" and last.dep_ == "nummod"
                and (before is None or before.tag_ not in ("DT", "PRP$", "POS")))
    return False


def _count_before(text: str, end: int) -> bool:
    """A currency or number sign, then only spaces, right before ``end`` ("$ 1990"). The search starts
    where those spaces do: one from the start of the text for every year made the stage quadratic."""
    start = end
    while start > 0 and _SPACE.match(text, start - 1):
        start -= 1
    return _COUNT_BEFORE.search(text, max(0, start - 1), end) is not None


def _prev_tag(doc: Doc, start: int) -> str:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return doc[span.start - 1].tag_ if span is not None and span.start > 0 else ""


def _dct(doc: Doc) -> tuple[str | None, cal.Ref | None]:
    article = doc._.article
    raw = article.date if article is not None else None
    return raw, cal.parse_dct(raw)


def find_timexes(doc: Doc) -> list[Timex]:
    """All timexes of ``doc`` in text order."""
    raw_dct, dct = _dct(doc)
    article_id = doc._.article.id if doc._.article is not None else ""
    text = doc_text(doc)  # built once per Doc for every stage
    ctx = nz.Context(dct=dct)
    out: list[Timex] = []
    for cand in with_modifiers(text, candidates(text)):
        if part_of_title(text, cand):
            continue
        ctx.tense = tense_at(doc, cand.start, cand.end)
        ctx.perfect = ctx.tense < 0 and cand.rule in _DEADLINE_RULES and perfect_at(doc, cand.start, cand.end)
        ctx.not_a_date = cand.rule in ("month", "year") and _not_a_date_word(doc, text, cand)
        ctx.prev_tag = _prev_tag(doc, cand.start)
        ctx.hit = None
        norm = HANDLERS[cand.rule](cand.match, ctx)
        if norm is None:
            continue
        end = cand.end
        if norm.span_from and cand.match.start(norm.span_from) >= 0:
            cand.start = cand.match.start(norm.span_from)
        if norm.drop_dir:
            end = cand.match.start("dir")
            while end > cand.start and text[end - 1].isspace():
                end -= 1
        if norm.anchor == "dct" and dct is not None and dct.granularity != "day":
            _blur_to_dct_granularity(norm, dct.granularity)
        anchor, anchor_id = _anchor_of(norm, ctx, out, raw_dct)
        out.append(Timex(
            id=record_id(article_id, "timex", cand.start, end),
            start=cand.start, end=end, text=text[cand.start:end], type=norm.type, value=norm.value,
            mod=norm.mod or cand.mod, anchor=anchor, anchor_id=anchor_id, confidence=round(norm.confidence, 3),
        ))
        ctx.previous.append((norm.type, norm.value))
        ctx.prev_end = end
    return merge_time_and_day(text, _conjoined_days(text, _relate_neighbours(text, out), article_id), article_id)


_TIME_DAY_GAP = re.compile(r"^(?:,\s*|\s+)(?:on\s+)?$")
_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")
_WEEKDAY_WORD = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day$", re.I)


_MONTH_OR_SEASON = re.compile(r"^(?:\d{4}|XXXX)-(?:\d\d|SP|SU|FA|WI)$")
_YEAR_GAP = re.compile(r"^,?\s+(?:of\s+)?$")


def _joins_year(text: str, t: Timex, nxt: Timex) -> bool:
    """A month or season resolved from the DCT, directly followed by the year it belongs to."""
    return (bool(_MONTH_OR_SEASON.match(t.value)) and re.fullmatch(r"\d{4}", nxt.value) is not None
            and _YEAR_GAP.match(text[t.end:nxt.start]) is not None)


def _year_ago_period(text: str, t: Timex, nxt: Timex) -> bool:
    """ "the quarter | a year ago": one period, the quarter a year back (the second timex's value)."""
    return (re.fullmatch(r"\d{4}-Q\d", t.value) is not None and re.fullmatch(r"\d{4}-Q\d", nxt.value) is not None
            and re.fullmatch(r"(?i)an?\s+year\s+(?:ago|earlier)", nxt.text) is not None
            and re.fullmatch(r"\s+", text[t.end:nxt.start]) is not None)


_DAY_BEFORE = re.compile(r"(?i)the\s+day\s+(?P<dir>before|after)$")
_SET_DAY_POD = re.compile(r"^XXXX-WXX-\d(T\w\w)$")


def _relate_neighbours(text: str, timexes: list[Timex]) -> list[Timex]:
    """Values that depend on the next timex: "the day before [last Tuesday]'s hearing" is that day -/+ 1;
    "Monday [and Tuesday nights]" is a SET like its partner."""
    for t, nxt in zip(timexes, timexes[1:], strict=False):
        gap = text[t.end:nxt.start]
        m = _DAY_BEFORE.match(t.text)
        if m and gap.strip() == "" and _DAY_VALUE.match(nxt.value):
            shift = -1 if m["dir"].lower() == "before" else 1
            t.value = cal.ymd(date.fromisoformat(nxt.value) + timedelta(days=shift))
            t.anchor, t.anchor_id = nxt.value, nxt.id
        pod = _SET_DAY_POD.match(nxt.value) if nxt.type == "SET" else None
        if pod and _WEEKDAY_WORD.match(t.text) and re.fullmatch(r"\s+(?:and|or)\s+", gap):
            t.type, t.value = "SET", f"XXXX-WXX-{table('weekdays.tsv')[t.text.lower()]}{pod[1]}"
            t.anchor = t.anchor_id = None
    return timexes


# "April 24 and 25", "Jan. 30-31", "May 3 to 5": a second day of the same month, written as a bare
# number. Not a count ("April 24 and 25 people"), a time ("25 minutes"), a decimal or a month-first date.
_NEXT_DAY = re.compile(r"(?P<gap>\s*(?:and|or|to|through|-|–|—)\s*)(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
                       r"(?![\w%]|[.,:/]\d|\s*%)", re.I)
_MONTH_DAY_TEXT = re.compile(r"\d(?:st|nd|rd|th)?$")
_NEXT_DAY_END = re.compile(r"(?:[.,;:!?)\"'”’]|\s+(?:in|at|on|and|of|when|while|as|after|before|with|for|to|"
                           r"from|[12]\d{3})\b)", re.I)


def _conjoined_days(text: str, timexes: list[Timex], article_id: str) -> list[Timex]:
    """The bare day after a month-day date ("April 24 and 25"): a DATE of its own in the same month,
    as TimeBank codes it ("25" = 1999-04-25)."""
    out: list[Timex] = []
    for i, t in enumerate(timexes):
        out.append(t)
        if t.type != "DATE" or not _DAY_VALUE.match(t.value) or not _MONTH_DAY_TEXT.search(t.text):
            continue
        m = _NEXT_DAY.match(text, t.end)
        nxt = timexes[i + 1] if i + 1 < len(timexes) else None
        if m is None or (nxt is not None and nxt.start < m.end()) or not _NEXT_DAY_END.match(text, m.end()) \
                and m.end() < len(text):
            continue
        first = date.fromisoformat(t.value)
        try:
            day = first.replace(day=int(m["day"]))
        except ValueError:
            continue
        if day <= first:
            continue
        start = m.start("day")
        out.append(Timex(id=record_id(article_id, "timex", start, m.end()), start=start, end=m.end(),
                         text=text[start:m.end()], type="DATE", value=cal.ymd(day), mod=None, anchor=t.anchor,
                         anchor_id=t.anchor_id, confidence=round(t.confidence * 0.9, 3)))
    return out


def merge_time_and_day(text: str, timexes: list[Timex], article_id: str) -> list[Timex]:
    """ "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST, Nov. 6": one TIME on that day."""
    out: list[Timex] = []
    renamed: dict[str, str] = {}  # ids merged away -> the merged timex's id
    i = 0
    while i < len(timexes):
        t = timexes[i]
        nxt = timexes[i + 1] if i + 1 < len(timexes) else None
        if (t.type == "DATE" and nxt is not None and _DAY_VALUE.match(nxt.value) and _WEEKDAY_WORD.match(t.text)
                and re.fullmatch(r",?[ \t]+", text[t.end:nxt.start])):
            # "Saturday, April 25", "Friday Oct. 13": one date (TimeBank spans both), the written date's value
            merged_id = record_id(article_id, "timex", t.start, nxt.end)
            renamed[t.id] = renamed[nxt.id] = merged_id
            out.append(Timex(id=merged_id, start=t.start, end=nxt.end, text=text[t.start:nxt.end], type="DATE",
                             value=nxt.value, mod=t.mod or nxt.mod, anchor=nxt.anchor, anchor_id=nxt.anchor_id,
                             confidence=max(t.confidence, nxt.confidence)))
            i += 2
            continue
        if t.type == "DATE" and nxt is not None and (_joins_year(text, t, nxt) or _year_ago_period(text, t, nxt)):
            # "January nineteen ninety-seven" (the year's value + "-01"); "the quarter a year ago" (1988-Q3)
            value = nxt.value + t.value[4:] if _joins_year(text, t, nxt) else nxt.value
            merged_id = record_id(article_id, "timex", t.start, nxt.end)
            renamed[t.id] = renamed[nxt.id] = merged_id
            out.append(Timex(id=merged_id, start=t.start, end=nxt.end, text=text[t.start:nxt.end], type="DATE",
                             value=value, mod=t.mod, anchor=None, anchor_id=None,
                             confidence=min(t.confidence, nxt.confidence)))
            i += 2
            continue
        if (t.type == "TIME" and "T" in t.value and nxt is not None and _DAY_VALUE.match(nxt.value)
                and _TIME_DAY_GAP.match(text[t.end:nxt.start])):
            value = nxt.value + t.value[t.value.index("T"):]
            merged_id = record_id(article_id, "timex", t.start, nxt.end)
            renamed[t.id] = renamed[nxt.id] = merged_id
            out.append(Timex(
                id=merged_id, start=t.start, end=nxt.end,
                text=text[t.start:nxt.end], type="TIME", value=value, mod=t.mod, anchor=nxt.anchor,
                anchor_id=nxt.anchor_id, confidence=min(t.confidence, nxt.confidence),
            ))
            i += 2
            continue
        out.append(t)
        i += 1
    for t in out:  # keep anchors pointing at records that exist
        t.anchor_id = renamed.get(t.anchor_id, t.anchor_id)
    return out


_DAY_PART = re.compile(r"^(\d{4})-(\d\d)-\d\d")
_WEEK_PART = re.compile(r"^(\d{4})-W\d\d")


def _blur_to_dct_granularity(norm: nz.Norm, granularity: str) -> None:
    """A DCT known only to the month cannot place "yesterday" on a day: keep what is known."""
    keep = r"\1-\2-XX" if granularity == "month" else r"\1-XX-XX"
    value = _DAY_PART.sub(keep, norm.value)
    value = _WEEK_PART.sub(r"\1-WXX", value)
    if value != norm.value:
        norm.value, norm.confidence = value, norm.confidence * 0.6


def _anchor_of(norm: nz.Norm, ctx: nz.Context, out: list[Timex], raw_dct: str | None):
    if norm.anchor == "text" and ctx.hit is not None:
        return out[ctx.hit].value, out[ctx.hit].id
    if norm.anchor in ("dct", "text"):
        return raw_dct, None
    return None, None


def _calendar_value(t: Timex) -> bool:
    return t.type in ("DATE", "TIME") and t.value[:1].isdigit()


def date_of(doc: Doc, target: Span | Token) -> SentenceDate:
    """The date governing ``target``'s clause: a timex under the same verb, else the nearest one in
    the sentence, else the DCT (``resolved=False``, never a silent fallback)."""
    span = target if isinstance(target, Span) else doc[target.i:target.i + 1]
    sent = span.sent
    timexes = [t for t in by_offset(doc, "timexes").starting_in(sent.start_char, sent.end_char) if _calendar_value(t)]
    if timexes:
        verb = _governing_verb(span.root)
        for t in timexes:
            tspan = doc.char_span(t.start, t.end, alignment_mode="expand")
            if verb is not None and tspan is not None and _governing_verb(tspan.root) == verb:
                return SentenceDate(t.value, True, t)
        nearest = min(timexes, key=lambda t: min(abs(t.start - span.end_char), abs(span.start_char - t.end)))
        return SentenceDate(nearest.value, True, nearest)
    raw, dct = _dct(doc)
    value = raw[:10] if dct and dct.granularity == "day" else raw[:7] if dct and dct.granularity == "month" else None
    return SentenceDate(value or "XXXX-XX-XX", False, None)
