"""The date of an event, from the time stage's timexes.

A verbal event takes the time stage's date of its clause (``date_of``) unless that timex
belongs to another noun ("the attack on Oct. 7" does not date the sentence's other events) or to
a clause under the event's verb ("subpoenaed Elian to testify on Feb. 10"); a time word on a
happening noun that is its subject dates it ("the Aug. 7 blasts killed 257"), a "when" clause
takes the time word it follows ("in 1979 when the Soviet Union invaded"), and a relative clause
of an event noun takes the noun's date ("the Dec. 21, 1988, bombing ... that killed 259"). A
nominal event takes a timex inside its own phrase ("Hamas' rampage ... on Oct. 7"), one written
against it ("the Dec. 21, 1988, bombing"), or its verb's when the verb performs it ("staged a coup
on Wednesday", "the bombs went off on Aug. 7"), never a stance verb's ("condemned the bombing on
Saturday"). A statement coded as an event (a demand, a criticism) whose sentence has no date takes
the date given for it in the next or previous sentence naming the same speaker ("Blinken made the
comments Wednesday"). Otherwise the story's day, flagged ``resolved=False``: the article date for the
present tense, the day the previous sentence gives for a past act, else the article's most frequent
recent day. After the coder, :func:`same_happening_dates` gives an undated mention of a happening the
date of a dated mention of the same happening in the article.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date

from spacy.tokens import Doc, Span, Token

from dateline.model import Event, Timex
from dateline.stages.events import roles
from dateline.stages.events.lexicon import cues, lemma, noun_entry, verb_entry
from dateline.stages.events.modality import dated_modality, parse_date, period_end
from dateline.stages.events.triggers import Trigger
from dateline.stages.syntax import by_offset, ents_in
from dateline.stages.time import date_of


def _dct(doc: Doc) -> str | None:
    article = doc._.article
    return article.date if article is not None else None


def _timex_tokens(doc: Doc, start: int = 0, end: int | None = None) -> list[tuple[Token, str]]:
    """(root token, value) of each calendar timex of the time stage; with ``end``, of those overlapping the
    characters [start, end) (found by offset: all of them for every event was quadratic)."""
    out = []
    for t in (doc._.timexes or []) if end is None else by_offset(doc, "timexes").overlapping(start, end):
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None and t.type in ("DATE", "TIME") and t.value[:1].isdigit():
            out.append((span.root, t.value))
    return out


def _same_time(noun: Token, anchor: Token) -> bool:
    """A noun whose date is the event's: a light noun of the act ("in an unprecedented move late Tuesday,
    ... declared"), the event noun the event happened in or was done by ("the bombings on Aug. 7
    killed 259", "killed in Monday's attack"), or a plain noun of a phrase on the event's verb that the
    parse hung the time word on ("was shot in the back on Friday night")."""
    if lemma(noun) in cues()["same_time_nouns"]:
        return True
    if noun.dep_ == "pobj" and noun.head.head == anchor:
        return noun_entry(noun) is None or noun.head.lower_ in ("in", "during", "at")
    return noun.head == anchor and noun.dep_ in ("nsubj", "nsubjpass") and (
        noun_entry(noun) is not None or lemma(noun) in cues()["happening_nouns"])  # "the Aug. 7 blasts killed"


def _noun_attached(timex: Token, anchor: Token, stop: Token | None = None) -> bool:
    """True when the timex modifies a noun that is not above the event ("the attack on Oct. 7")."""
    above = {a.i for a in anchor.ancestors} | {anchor.i}
    for tok in timex.ancestors:
        if tok.i in above or tok == stop:
            return False
        if tok.pos_ in ("NOUN", "PROPN") and _same_time(tok, anchor):
            continue
        if tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("relcl", "acl"):
            return True
        if tok.pos_ == "VERB" and tok.tag_ in ("VBN", "VBD") and tok.dep_ == "advcl":
            return True  # "released 12 hostages abducted six weeks ago": the abduction's date
    return False


def event_date(doc: Doc, trig: Trigger) -> tuple[str | None, bool]:
    """The event's date (see the module doc) and whether a time word of the text gave it; a week is
    given as its month (what annotators and most consumers code: "earlier this week" -> 2000-02)."""
    value, resolved = _event_date(doc, trig)
    return _week_month(value) if resolved else value, resolved


def _event_date(doc: Doc, trig: Trigger) -> tuple[str | None, bool]:
    anchor = trig.anchor
    fallback = _story_date(doc, anchor), False
    if doc._.timexes is None:
        return fallback
    if trig.nominal:
        return _noun_date(doc, anchor) or _told_period(doc, anchor) or fallback
    found = _verb_date(doc, trig) or _when_date(doc, anchor)
    if found is None and anchor.dep_ in ("relcl", "acl") and _happening(anchor.head):
        found = _noun_date(doc, anchor.head)  # "the Dec. 21, 1988, bombing of Pan Am Flight 103 that killed 259"
    return found or _told_period(doc, anchor) or fallback


def _happening(noun: Token) -> bool:
    return noun.pos_ == "NOUN" and (lemma(noun) in cues()["happening_nouns"] or noun_entry(noun) is not None)


def _verb_date(doc: Doc, trig: Trigger) -> tuple[str, bool] | None:
    """The date of a verb's clause (the time stage's ``date_of``) unless that time word is another noun's."""
    anchor = trig.anchor
    found = date_of(doc, anchor)
    if not found.resolved or found.timex is None:
        return _adjacent_date(doc, trig)
    if _far_clock(doc, found.timex, anchor.sent):
        return None
    span = doc.char_span(found.timex.start, found.timex.end, alignment_mode="expand")
    if span is None:
        return found.value, True
    if _since(span) or (_noun_attached(span.root, anchor, stop=trig.topic) and not _clause_prep(span, anchor)):
        return None
    # a time word opening the sentence ("In the 1960s, ... she gave critical support") scopes over all of it
    opening = span.start - span.sent.start <= 1
    if (_below(span.root, anchor) and not opening) or _perfect_long_before(anchor, found.value, _dct(doc)):
        return None
    return found.value, True


def _far_clock(doc: Doc, timex: Timex, sent: Span) -> bool:
    """A clock time whose day the time stage took from a time word before the previous sentence ("was shot to
    death at 10 p.m." paragraphs after "at 6 a.m. on April 8"): the hour is told, not the day."""
    if timex.type != "TIME" or timex.anchor_id is None:
        return False
    prev = _prev_sent(doc, sent)
    start = prev.start_char if prev is not None else sent.start_char
    return any(t.id == timex.anchor_id and t.start < start for t in doc._.timexes or [])


def _perfect_long_before(anchor: Token, value: str, dct: str | None) -> bool:
    """A present perfect takes no time word of long ago ("Another man has been arrested in connection with
    the bombings of U.S. embassies in Kenya and Tanzania last year": the bombings' year, the parse hung
    on the arrest)."""
    verb = next((t for t in (anchor, *anchor.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or not any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children):
        return False
    end, ref = period_end(value), parse_date(dct)
    return end is not None and ref is not None and (ref - end).days > cues()["historical_days"]


def _below(timex: Token, anchor: Token) -> bool:
    """The time word is another verb's in a clause under the event's, the sentence's nearest one picked for
    want of one on the event's verb ("heads a team investigating the bombings which killed 224 people on Aug.
    7, 1998", "sent a team to recover the remains of an expert kidnapped two years ago")."""
    verb = next((t for t in (timex, *timex.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    own = next((t for t in (anchor, *anchor.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or own is None or verb == own or own not in verb.ancestors:
        return False
    cur = verb
    while cur != own:  # an infinitive of the event's verb is part of it ("agreed to meet on Friday")
        if cur.dep_ not in ("xcomp", "conj") and cur.pos_ in ("VERB", "AUX"):
            return True
        cur = cur.head
    return False


def _clause_prep(span: Span, anchor: Token) -> bool:
    """The time word follows a preposition of the event's clause, whatever the parse hung its words on ("In
    nineteen ninety-one Charles Keating was convicted": the spelled year parsed as a modifier of the name)."""
    if span.start == 0:
        return False
    prep = span.doc[span.start - 1]
    return prep.dep_ == "prep" and (prep.head == anchor or prep.head in anchor.ancestors) and prep.head.pos_ in (
        "VERB", "AUX")


def _when_date(doc: Doc, anchor: Token) -> tuple[str, bool] | None:
    """The time word a "when" clause of the event follows: "in nineteen seventy-nine when the Soviet Union
    invaded Afghanistan", "the demonstrations of early December, when hundreds of thousands rallied"."""
    when = next((c for c in anchor.children if c.lower_ == "when" and c.dep_ == "advmod"), None)
    if when is None or when.i != anchor.left_edge.i or when.i == anchor.sent.start:
        return None
    j = when.i - 1
    if doc[j].text == "," and j > anchor.sent.start:
        j -= 1
    timex = _calendar_timex_at(doc, doc[j])
    return (timex.value, True) if timex is not None and timex.end <= doc[j].idx + len(doc[j]) else None


def _noun_date(doc: Doc, anchor: Token) -> tuple[str, bool] | None:
    """An event noun's date: a time word in its phrase, written against it, on the verb it is the object
    of, or given to the same noun elsewhere in the article."""
    # "Israeli attacks since October 7": a series still going on, not an event of that day
    last = anchor.right_edge  # a timex under the anchor lies within its subtree's characters
    inside = [v for root, v in _timex_tokens(doc, anchor.left_edge.idx, last.idx + len(last))
              if anchor.i in {a.i for a in root.ancestors} and not _noun_attached(root, anchor, stop=anchor)
              and root.head.lower_ != "since"]
    if inside:
        return inside[0], True
    beside = _beside_noun(doc, anchor)
    if beside is not None:
        return beside, True
    clause = _clause_date(doc, anchor)
    return clause if clause[1] else _named_date(doc, anchor)


_DEFINITE = frozenset({"the", "that", "those", "these", "this"})


def _calendar_timex_at(doc: Doc, tok: Token) -> Timex | None:
    """The calendar timex (DATE or TIME with a digit value) covering ``tok``, or None."""
    for t in by_offset(doc, "timexes").overlapping(tok.idx, tok.idx + len(tok)):
        if t.type in ("DATE", "TIME") and t.value[:1].isdigit():
            return t
    return None


def _beside_noun(doc: Doc, anchor: Token) -> str | None:
    """A time word written against an event noun the parse did not hang it on: just before its phrase
    ("charged in the Dec. 21, 1988, bombing of Pan Am Flight 103"), or just after an object whose verb
    has a time word of its own ("condemned Saturday two bomb attacks in Kenya Friday": the attacks' day)."""
    j = anchor.left_edge.i - 1
    while j >= anchor.sent.start and doc[j].is_punct and doc[j].text == ",":
        j -= 1
    before = _calendar_timex_at(doc, doc[j]) if j >= anchor.sent.start else None
    if before is not None and before.end <= doc[j].idx + len(doc[j]):
        span = doc.char_span(before.start, before.end, alignment_mode="expand")
        # not a verb's own time word ("said Friday attacks would go on") nor the start of a period
        if span is not None and span.root.head.pos_ not in ("VERB", "AUX") and not _since(span):
            return before.value
    k = anchor.right_edge.i + 1
    if anchor.dep_ not in ("dobj", "pobj") or k >= anchor.sent.end:
        return None
    after = _calendar_timex_at(doc, doc[k])
    verb = anchor.head if anchor.dep_ == "dobj" else anchor.head.head
    if after is None or doc[k].head != verb:
        return None
    others = [t for t in _timex_tokens(doc, verb.sent.start_char, verb.sent.end_char)
              if t[0].head == verb and t[0].i != doc[k].i and t[1] != after.value]
    return after.value if others else None


def _named_date(doc: Doc, anchor: Token) -> tuple[str, bool] | None:
    """The date an event noun referring back ("the bombings", "the killing of Dr. Slepian") was given where
    the article dated the same noun ("the Aug. 7 bombings", "the bombings on Aug. 7")."""
    if not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in anchor.children):
        return None
    value = _noun_dates(doc).get(lemma(anchor))
    return (value, True) if value else None


def _noun_dates(doc: Doc) -> dict[str, str]:
    """Event-noun lemma -> the first date a timex gives it in the article (computed once per article)."""
    cache = doc.user_data.setdefault("dateline_events_noun_dates", {})
    if "nouns" not in cache:
        out: dict[str, str] = {}
        for root, value in _timex_tokens(doc):
            noun = next((a for a in root.ancestors if a.pos_ in ("NOUN", "PROPN", "VERB", "AUX")), None)
            if noun is not None and noun.pos_ == "NOUN" and root.head.lower_ != "since" and noun_entry(noun):
                out.setdefault(lemma(noun), value)
        cache["nouns"] = out
    return cache["nouns"]


# An event noun in these places is what its clause's verb does or reports: "soldiers announced the coup on
# national TV on Wednesday", "declared a state of emergency on Sunday".
_CLAUSE_NOUN_DEPS = frozenset({"dobj", "nsubjpass"})
_CLAUSE_PREPS = frozenset({"at", "during", "in"})  # "In July 1997, at a summit in Madrid, NATO announced"
# verb lexicon roles of a stance taken on an act already done or yet to be done ("condemned the bombing",
# "welcomed the release", "demanded a ceasefire", "lifted the curfew"): the act's date is not the verb's
_REACTION_ROLES = frozenset({"accuse", "support", "reject", "request", "reverse", "threaten", "order"})


def _clause_verb(anchor: Token) -> Token | None:
    """The verb an event noun is the object, passive subject or scene of ("staged a coup d'etat")."""
    noun = anchor.head if anchor.dep_ == "compound" else anchor
    if noun.dep_ in _CLAUSE_NOUN_DEPS:
        entry = verb_entry(noun.head)
        if entry is not None and entry.role in _REACTION_ROLES:
            return None  # "Iran Saturday condemned the bombing": the bombing was before the condemnation
        return noun.head
    if noun.dep_ == "nsubj" and lemma(noun.head) in cues()["happening_verbs"]:
        return noun.head  # "the bombs went off on Aug. 7", "the blast killed 12 on Friday"
    if noun.dep_ == "pobj" and noun.head.lower_ in _CLAUSE_PREPS and noun.head.head.pos_ in ("VERB", "AUX"):
        return noun.head.head
    return None


def _clause_date(doc: Doc, anchor: Token) -> tuple[str | None, bool]:
    """The date of the verb an event noun belongs to (``_clause_verb``), when a timex is on that verb itself."""
    fallback = _story_date(doc, anchor), False
    verb = _clause_verb(anchor)
    found = date_of(doc, anchor) if verb is not None else None
    if found is None or not found.resolved or found.timex is None:
        return fallback
    span = doc.char_span(found.timex.start, found.timex.end, alignment_mode="expand")
    if span is None or verb not in (span.root.head, span.root.head.head) or _since(span):
        return fallback
    return found.value, True


STORY_DAYS = 3  # the story's day is at most this many days before the article's


_PRESENT = {"VBZ", "VBP"}


def _present(anchor: Token) -> bool:
    """The event's clause is in the present tense ("We call for his release", "is fighting to keep"): it
    happens on the article's date, not on its story's."""
    verb = next((t for t in (anchor, *anchor.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    # a present perfect reports a past act ("have been killed"): only its "has"/"have" is no present
    tags = {verb.tag_, *(c.tag_ for c in verb.children
                         if c.dep_ in ("aux", "auxpass") and c.lower_ not in ("has", "have"))}
    return bool(_PRESENT & tags)


def _story_date(doc: Doc, anchor: Token) -> str | None:
    """The date of an event no time word dates: the day the article's news happened ("Soldiers announced
    the coup on Wednesday" + "the president was detained" in an article of Thursday: Wednesday; ANNOTATION.md:
    "usually on the article's date or the day before"), else the article's date."""
    dct = _dct(doc)
    if not dct:
        return None
    if _present(anchor):
        return dct[:10]
    told = _told_day(doc, anchor, dct[:10])
    if told is not None:
        return told
    cache = doc.user_data.setdefault("dateline_events_story_date", {})
    if "day" not in cache:
        cache["day"] = _news_day(doc, dct[:10])
    return cache["day"]


def _past(anchor: Token) -> bool:
    """The event's clause is in the simple past ("lawmakers rejected the decree", "was detained")."""
    verb = next((t for t in (anchor, *anchor.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return (verb.tag_ == "VBD" and not auxes) or any(a.tag_ == "VBD" and a.lower_ in ("was", "were", "did")
                                                    for a in auxes)


def _told_day(doc: Doc, anchor: Token, dct: str) -> str | None:
    """A past act right after a sentence that dates the story's day takes that day, as a reader does
    ("Yoon declared martial law on Tuesday ..." + "But outraged lawmakers rejected the decree."); only a
    day within ``STORY_DAYS`` of the article's, and only when that sentence gives one day."""
    prev = _prev_sent(doc, anchor.sent)
    if prev is None or not _past(anchor):
        return None
    days = {day for _, day, _ in _story_days(doc, dct, prev.start_char, prev.end_char)}
    return days.pop() if len(days) == 1 else None


def _told_period(doc: Doc, anchor: Token) -> tuple[str, bool] | None:
    """A past act told with no time word right after a sentence set in one period before the story's days
    (``STORY_DAYS``: those are :func:`_told_day`'s) takes that period, as a reader does ("In July last year
    ... Hun Sen staged a successful coup d'etat." + "Ranariddh's loyalists ... fled the capital.": July 1997,
    historical; "On Aug. 7, Bushnell ... had just ended a news conference." + "They were talking when the bomb
    went off": Aug. 7)."""
    sent = anchor.sent
    prev = _prev_sent(doc, sent)
    dct = parse_date(_dct(doc))
    if prev is None or dct is None or not (_past(anchor) or _past_perfect(anchor)):
        return None
    if any(True for _ in by_offset(doc, "timexes").overlapping(sent.start_char, sent.end_char)):
        return None  # the sentence has its own time words: not the previous sentence's time
    if any(_first_named(doc, place) >= sent.start_char for place in _places(sent) - _places(prev)):
        # a place the article names here first: another story ("... killed Slepian in Amherst on Oct. 23.
        # Rebels shot three soldiers in Lagos."); one named before is the story's ("Castro ... Cuba")
        return None
    told = [t for t in by_offset(doc, "timexes").overlapping(prev.start_char, prev.end_char)
            if t.type in ("DATE", "TIME") and t.value[:1].isdigit()]
    spans = [doc.char_span(t.start, t.end, alignment_mode="expand") for t in told]
    # the time of the sentence's own act, not of a noun in it ("the Hamas attack on Oct. 7")
    if len({t.value for t in told}) != 1 or any(
            span is None or (_noun_attached(span.root, prev.root) and not _clause_prep(span, prev.root))
            for span in spans):
        return None
    value = told[0].value
    end = period_end(value)
    if end is None or (dct - end).days <= STORY_DAYS:
        return None
    return value, True


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _places(span: Span) -> set[str]:
    return {e.text for e in ents_in(span) if e.label_ in _PLACE_LABELS}


def _first_named(doc: Doc, place: str) -> int:
    """Where the article first names ``place`` (listed once per article)."""
    cache = doc.user_data.setdefault("dateline_events_first_places", {})
    if "first" not in cache:
        first: dict[str, int] = {}
        for e in doc.ents:
            if e.label_ in _PLACE_LABELS:
                first.setdefault(e.text, e.start_char)
        cache["first"] = first
    return cache["first"].get(place, len(doc.text))


def _past_perfect(anchor: Token) -> bool:
    """The event's clause is in the past perfect ("had been killed", "had fled")."""
    verb = next((t for t in (anchor, *anchor.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def _news_day(doc: Doc, dct: str) -> str:
    """The most frequent day in the article's time words within ``STORY_DAYS`` before its date (the
    article's date itself counts, and wins ties). (The first such day of the article's lead was tried as
    the news day instead: 2 more wrong dates on the train split.)"""
    # whole-day DATE values only: a part of a day ("yesterday morning") counted here moved more events to
    # the wrong day on the train split than it moved to the right one
    days = Counter(day for _, day, whole in _story_days(doc, dct) if whole)
    if not days:
        return dct
    best = max(days.values())
    return dct if days[dct] == best else min(d for d, n in days.items() if n == best)


def _story_days(doc: Doc, dct: str, start: int = 0, end: int | None = None) -> list[tuple[int, str, bool]]:
    """(offset, day, whether a whole-day DATE) of each time word of the article (or of its characters
    [start, end)) naming a day within ``STORY_DAYS`` before the article's date, in the order of the text
    ("2023-07-26TMO", yesterday morning, names that day)."""
    try:
        ref = date.fromisoformat(dct)
    except ValueError:
        return []
    timexes = (doc._.timexes or []) if end is None else by_offset(doc, "timexes").starting_in(start, end)
    out = []
    for t in timexes:
        day = t.value[:10]
        if t.type not in ("DATE", "TIME") or len(t.value) < 10 or t.value[10:11] not in ("", "T"):
            continue
        try:
            delta = (ref - date.fromisoformat(day)).days
        except ValueError:
            continue
        if 0 <= delta <= STORY_DAYS:
            out.append((t.start, day, t.type == "DATE" and len(t.value) == 10))
    return sorted(out)


def _week_month(value: str | None) -> str | None:
    """"2000-W06" -> "2000-02" (the month of the week's Thursday, which holds most of its days)."""
    if not value or len(value) < 8 or value[4:6] != "-W" or not (value[:4] + value[6:8]).isdigit():
        return value
    try:
        thursday = date.fromisocalendar(int(value[:4]), int(value[6:8]), 4)
    except ValueError:
        return value
    return f"{thursday.year:04d}-{thursday.month:02d}"


def _since(span: Span) -> bool:
    """"since the 1980s", "the first clash since 1975": the start of a span of comparison, not when."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    return span.root.head.lower_ == "since" or span[0].lower_ == "since" or (
        before is not None and before.lower_ == "since")


def _adjacent_date(doc: Doc, trig: Trigger) -> tuple[str, bool] | None:
    """A statement's date given in the next or previous sentence by the same speaker
    ("Blinken said ... ." + "Blinken made the comments Wednesday."), for speech-coded events."""
    if not trig.speech_request:
        return None
    speaker = roles.subject_of(trig.anchor)
    if speaker is None or speaker.ent_type_ != "PERSON":
        return None
    sent = trig.anchor.sent
    name = speaker.text
    for other in (_next_sent(doc, sent), _prev_sent(doc, sent)):
        if other is None or not any(t.text == name and t.ent_type_ == "PERSON" for t in other):
            continue
        for root, value in _timex_tokens(doc, other.start_char, other.end_char):
            if other.start <= root.i < other.end and lemma(root.head) not in cues()["speech_lemmas"] | {"make"}:
                continue
            if other.start <= root.i < other.end:
                return value, True
    return None


def _next_sent(doc: Doc, sent: Span) -> Span | None:
    return doc[sent.end].sent if sent.end < len(doc) else None


def _prev_sent(doc: Doc, sent: Span) -> Span | None:
    return doc[sent.start - 1].sent if sent.start > 0 else None


# Entity labels whose names tie two mentions of one happening together ("Slepian", "Nairobi", "Kenya")
_KEY_LABELS = _PLACE_LABELS | {"PERSON"}


def _happening_keys(doc: Doc, ev: Event) -> set[str]:
    """What ties an event's mention to another of the same happening: its target's name and the place and
    person names written in its evidence (the source is left out: one doer does many things)."""
    keys = {ev.target.name or ev.target.text} if ev.target is not None else set()
    if ev.location is not None:
        keys.add(ev.location.country or ev.location.name or ev.location.text)
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    if span is not None:
        skip = (ev.source.start, ev.source.end) if ev.source is not None else (-1, -1)
        keys |= {e[-1].text for e in ents_in(span) if e.label_ in _KEY_LABELS
                 and not (skip[0] <= e.start_char < skip[1])}
    return {k.replace(".", "").lower() for k in keys if k}  # "U.S." and "U.S" are one name


def same_happening_dates(doc: Doc, events: list[Event]) -> list[Event]:
    """:func:`_same_happening_pass` twice: a mention dated by the first pass ("the October slaying" given
    the day of "he was shot last Oct. 23") gives its day to one that shares its name ("Slepian ... was shot
    to death at 10 p.m.", which the first pass could date by its month only)."""
    return _same_happening_pass(doc, _same_happening_pass(doc, events))


def _same_happening_pass(doc: Doc, events: list[Event]) -> list[Event]:
    """The events, one no time word dates taking the earlier date of a dated mention of the same
    happening in the article (same type, one of ``_HAPPENINGS``, and a shared target, place or name: "the
    bombings of the U.S. embassies in Kenya and Tanzania" after "the Aug. 7 bombings in Nairobi"), one
    dated by its month or year only the day such a mention gives ("the bombings last week"); a date more
    than ``historical_days`` back makes an asserted event historical."""
    dated = [(ev, _happening_keys(doc, ev)) for ev in events if ev.type in _HAPPENINGS
             and ev.date_resolved and ev.date and len(ev.date) >= 7 and ev.modality in ("asserted", "historical")]
    if not dated:
        return events
    dct = _dct(doc)
    out = []
    for ev in events:
        if ev.type in _HAPPENINGS and ev.modality in ("asserted", "historical") and ev.date and (
                not ev.date_resolved or _coarse(ev.date)):
            keys = _happening_keys(doc, ev)
            fits = [(d, k) for d, k in dated if d.type == ev.type and _earlier_or_finer(d.date, ev)]
            # the most precise of the mentions sharing a name ("the October slaying", "last Oct. 23")
            donor = max((d for d, k in fits if keys & k), key=lambda d: len(d.date or ""), default=None) \
                or _only_earlier(doc, ev, fits, dct)
            if donor is not None:
                # a month that made the mention historical ("last month's shooting" in the middle of the
                # next month) is judged again on its day
                was = "asserted" if ev.modality == "historical" and ev.date_resolved else ev.modality
                ev = dataclasses.replace(ev, date=donor.date, date_resolved=True,
                                         modality=dated_modality(was, donor.date, dct))
        out.append(ev)
    return out


# Types whose mentions retell one happening ("the bombings", "the Oct. 23 slaying"); a speech act told
# twice is most often said twice ("asked his relatives to end their court battle" again, months later)
_HAPPENINGS = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})


def _coarse(value: str) -> bool:
    """A month or a year ("last week" given as its month, "last year"): a day of it may be known."""
    return len(value) in (4, 7) and value[:4].isdigit()


def _earlier_or_finer(donor: str, ev: Event) -> bool:
    """The donor's date is a day of the event's coarse date, or, for an undated event, before its day."""
    if ev.date_resolved:
        return len(donor) >= 10 and donor.startswith(ev.date or "-")
    return donor < (ev.date or "")


def _only_earlier(doc: Doc, ev: Event, fits: list[tuple[Event, set[str]]], dct: str | None) -> Event | None:
    """The donor of an undated (or month- or year-dated) mention that shares nothing with it when the
    article dates that kind of happening to one earlier day, and only to it ("Slepian, 52, was shot with
    a rifle." in a story of the manhunt that dated "the Oct. 23 slaying"); not for a present perfect, which
    tells what is still going on ("Mugabe's supporters have attacked the opposition") unless it counts the
    dead (``_toll``), nor across countries (``_countries_differ``)."""
    if not fits or not dct:
        return None
    # one period, told at one or more precisions ("October", "Oct. 23", "10 p.m." that day): its finest
    donor = max((d for d, _ in fits), key=lambda d: len((d.date or "")[:10]))
    finest = (donor.date or "")[:10]
    if any(not finest.startswith((d.date or "-")[:10]) for d, _ in fits) or not finest < dct[:10]:
        return None
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    if span is None or (any(t.dep_ == "aux" and t.lower_ in ("has", "have", "'ve", "'s") for t in span)
                        and not _toll(ev)):
        return None
    return None if _countries_differ(ev, donor) else donor


def _toll(ev: Event) -> bool:
    """A count of the dead or wounded ("the bombings have killed more than 200 people"): the happening's
    toll told again, however it is told, dated when the happening was."""
    return any(c.kind in ("killed", "injured") for c in ev.counts)


def _countries_differ(ev: Event, other: Event) -> bool:
    """Two mentions whose doers, targets or places are of different known countries: two happenings
    ("Israeli strikes killed 20 people in Rafah" is not "the Hamas attack on Oct. 7")."""
    def countries(e: Event) -> tuple:
        return (e.source.country if e.source else None, e.target.country if e.target else None,
                e.location.country if e.location else None)
    return any(a and b and a != b for a, b in zip(countries(ev), countries(other), strict=True))
