"""Modality of an event: asserted, negated, hypothetical, future or historical.

Rules, first match wins (cue words in ``resources/events/modality.yaml``):

* negated — a negation on the event word or its clause ("did not attack", "no talks");
* framed — a speech act performed by saying one wants to ("I want to thank": asserted), a
  readiness ("is ready to travel": future), "about to" / "likely to" (hypothetical);
* hypothetical — a conditional clause ("if ..."), a modal ("would", "could", "must") outside
  reported speech, a governor that has not happened yet above it in the tree (a proposal,
  plan, demand: "a plan ... stipulates that all hostages would be released"; an attempt is no
  such governor, PLOVER codes attempted acts), an infinitive after an existential "there will
  be" ("no more hostages to release"), or a condition put on the event when nothing else made
  it future ("must lift martial law if parliament demands it"); a past-dated act made
  hypothetical only by a governor happened ("wanted for questioning in last month's shooting");
* future — "will", "plans to", "is scheduled to", a "would" back-shifted under a speech verb
  ("said a delegation would travel"), or an event date after the article date;
* historical — an event date whose period's middle lies more than ``historical_days`` (30) before
  the article date ("2014-W08" is that week's Thursday, "2023" July 2: "last year" in an article of
  January is historical, "last week" is not); an undated act repeated since a start over a year
  back ("arrested ... since 1990") or done a counted number of times ("has been arrested a dozen
  times");
* asserted otherwise.

:func:`reported` then codes a THREATEN or REQUEST as asserted whatever condition its words hold (the
speech act was made).
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from dateline.stages.events.lexicon import cues, lemma
from dateline.stages.syntax import by_offset

# Dependency labels that climb from an event to the clause or noun governing it.
# Adverbial and relative clauses are stops: they carry their own modality ("a proposal drawn up
# by X" happened even though the proposal has not).
_CLIMB = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "conj", "nsubj",
          "nsubjpass", "csubj", "attr", "oprd", "appos", "compound", "nmod", "poss"}


def _clause_auxes(tok: Token) -> list[str]:
    return [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]


def _first_conjunct(tok: Token) -> Token:
    """The verb whose subject, auxiliaries and negation a bare coordinated verb shares ("will lower
    tariffs ... and allow freer movement", "did not attack or kill"); ``tok`` itself otherwise."""
    cur = tok
    while cur.dep_ == "conj" and cur.head is not cur and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in cur.children):
        cur = cur.head
    return cur if cur.pos_ in ("VERB", "AUX") and tok.pos_ in ("VERB", "AUX") else tok


def _negated(tok: Token) -> bool:
    c = cues()
    tok = _first_conjunct(tok)
    if tok.dep_ == "acomp" and any(n.dep_ == "neg" for n in tok.head.children):
        return True  # "Israel is not ready to concede": the negation sits on the copula
    if tok.dep_ == "xcomp" and any(a.lower_ == "yet" and a.dep_ == "advmod" for a in tok.head.children):
        return True  # "most victims have yet to receive any aid": not received
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return True
        if child.dep_ == "preconj" and child.lower_ in c["negation"]:
            continue  # "not only" is no negation
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                g.dep_ == "det" and g.lower_ == "no" for g in child.children):
            return True  # "no clashes have been reported", "no rockets were fired", "reported no arrests"
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in _NOBODY:
            return True  # "nobody's been arrested"
    return False


_NOBODY = frozenset({"nobody", "none", "noone"})


def _governors(tok: Token, limit: int = 6) -> list[Token]:
    """The chain of heads above the event word, up to its sentence root (at most ``limit``)."""
    out = []
    cur = tok
    while cur.head is not cur and cur.dep_ in _CLIMB and len(out) < limit:
        cur = cur.head
        out.append(cur)
    return out


def _under_speech(tok: Token) -> bool:
    speech = cues()["speech_lemmas"]
    return any(lemma(g) in speech for g in _governors(tok, limit=3))


def _marks(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ == "mark"}


def grammatical_modality(tok: Token) -> str:
    """Modality from the words around the event (no dates)."""
    c = cues()
    if _negated(tok) or (tok.dep_ == "xcomp" and lemma(tok.head) in c["unwilling_words"]):
        return "negated"  # "did not attack", "has been reluctant to accept assistance"
    framed = _framed(tok)
    if framed is not None:
        return framed
    auxes = _clause_auxes(_first_conjunct(tok))
    if _imperative(tok):
        return "hypothetical"  # "Withdraw emergency martial law!": a demand shouted, not a withdrawal
    chain = [tok, *_governors(tok)]
    if any(_marks(t) & c["conditional_marks"] for t in chain[:3]):
        return "hypothetical"
    if "for" in _marks(tok) and any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children):
        return "hypothetical"  # "called for Georgian and Russian troops to withdraw": wanted, not done
    if any(c.lower_ == "either" and c.dep_ in ("preconj", "advmod", "cc", "det") for c in tok.children):
        return "hypothetical"  # "either accept the vote or risk being deemed illegitimate": a choice
    speech = _under_speech(tok)
    if any(a in c["hypothetical_aux"] for a in auxes) and not (speech and set(auxes) & c["backshift_aux"]):
        return "hypothetical"
    governors = chain[1:]
    top = chain[-1]
    if tok.dep_ == "xcomp" and lemma(tok.head) == "be" and any(c.dep_ == "expl" for c in tok.head.children):
        return "hypothetical"  # "there will be no more hostages to release": what is left to do
    if _infinitive_relative(top):
        return "hypothetical"  # "the best way to free", "a deal to release", "no more hostages to release"
    if _pending(tok) or any(lemma(m) in c["hypothetical_modifiers"] or m.lower_ in c["hypothetical_modifiers"]
                            for m in tok.children if m.dep_ in ("amod", "compound")):
        return "hypothetical"  # "until Yushchenko is recognized", "Hamas's proposed ceasefire"
    if _infinitive_relative(top, "future_governors"):
        return "future"  # "Netanyahu's vow to continue the assault on Gaza"
    if _governed_hypothetical(chain):
        return "hypothetical"
    if set(auxes) & c["future_aux"] or (speech and set(auxes) & c["backshift_aux"]):
        return "future"
    if any(g.pos_ == "NOUN" and lemma(g) in c["future_governors"] for g in governors[:4]):
        return "future"  # "the U.S. commitment to working with the UN to provide assistance"
    if any(lemma(g) in c["future_governors"] for g in governors[:2] if tok.dep_ == "xcomp" or g.dep_ == "xcomp"):
        return "future"
    if any(set(_clause_auxes(g)) & c["future_aux"] or _backshifted(g) for g in governors[:1]
           if tok.dep_ == "xcomp" or tok.dep_ == "ccomp" and not auxes):
        return "future"  # "will help Lebanese troops deploy", "said he would move to lift martial law"
    if conditional(tok) is not None:
        return "hypothetical"  # "must lift martial law if parliament demands it": not done yet
    return "asserted"


def _framed(tok: Token) -> str | None:
    """The modality a word framing the event gives it outright: a speech act performed by saying one wants
    to ("I want to thank the American people": thanked), a readiness ("is ready to travel": future), an
    act about to happen ("was about to be deported"), a likelihood ("was likely to be opposed")."""
    c = cues()
    head = tok.head
    if tok.dep_ != "xcomp" and not (tok.dep_ == "acomp" and lemma(tok) in c["future_governors"]):
        return None
    if tok.dep_ != "xcomp":  # the event word is the readiness itself, now ("were ready to come" is told past)
        present = head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP")
        return "future" if present and any(x.dep_ == "xcomp" for x in tok.children) else None
    if lemma(tok) in c["performative_verbs"] and lemma(head) in ("want", "like", "wish") and any(
            s.dep_ == "nsubj" and s.lower_ in ("i", "we") for s in head.children):
        return "asserted"
    if lemma(head) in ("about", "likely", "unlikely") and head.pos_ in ("ADJ", "ADV", "ADP"):
        return "hypothetical"
    return None


def _own_hypothetical(tok: Token) -> bool:
    """The event's own words make it unreal (a modal or condition on its clause, an order, "proposed"), not
    only a governor above it ("wanted for questioning in last month's shooting death")."""
    c = cues()
    auxes = set(_clause_auxes(_first_conjunct(tok)))
    return bool(auxes & c["hypothetical_aux"] or _marks(tok) & c["conditional_marks"] or _imperative(tok)
                or conditional(tok) is not None or any(
                    lemma(m) in c["hypothetical_modifiers"] for m in tok.children if m.dep_ in ("amod", "compound")))


_SKIP = {"conj"}


def _governed_hypothetical(chain: list[Token]) -> bool:
    """A governor above the event that has not happened makes it hypothetical ("plan ... stipulates that
    all hostages would be released"), up to reported speech or an announced intention. A coordinated verb
    or a clause's subject is not governed by its head ("called the murder wrong but urged ...", "the
    protests appeared aimed at ..."): the head of such a link is passed over, not judged."""
    c = cues()
    for below, gov in zip(chain, chain[1:], strict=False):
        if lemma(gov) in c["speech_lemmas"]:
            break  # reported speech: what is inside is what the speaker asserts
        if lemma(gov) in c["future_governors"] and gov.pos_ in ("VERB", "ADJ"):
            break  # "plans to impose": an announced intention, judged below as future
        if below.dep_ in _SKIP:
            continue
        if _backshifted(gov):
            break  # "said he would move to lift": a future told in the past, judged below
        if lemma(gov) in c["hypothetical_governors"] or set(_clause_auxes(gov)) & c["hypothetical_aux"] or (
                gov.pos_ == "NOUN" and lemma(gov) in c["hypothetical_nouns"]):
            return True
    return False


def _backshifted(verb: Token) -> bool:
    """A verb with a back-shifted "would" right under a speech verb ("Yoon said he would move to ..."):
    what the speaker announced, a future, not a condition."""
    c = cues()
    return bool(set(_clause_auxes(verb)) & c["backshift_aux"]) and verb.dep_ == "ccomp" and \
        lemma(verb.head) in c["speech_lemmas"]


def _imperative(tok: Token) -> bool:
    """A bare verb heading its own clause with no subject or auxiliary: an order or a slogan."""
    first = tok.i == tok.sent.start or tok.doc[tok.i - 1].is_punct or tok.doc[tok.i - 1].is_quote
    return (tok.tag_ == "VB" and tok.dep_ in ("ROOT", "ccomp", "parataxis", "xcomp", "advcl") and first
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "expl") for c in tok.children))


def _infinitive_relative(top: Token, governors: str = "hypothetical_governors") -> bool:
    """An infinitive on a plan-like noun says what is to be done: "the best way to free", "a deal to
    release", "the powers to block" (not any noun: a purpose clause is often parsed onto one, "landed
    on the grounds to deploy"); with ``future_governors``, an announced intention ("a vow to continue")."""
    words = cues()[governors] | (cues()["hypothetical_nouns"] if governors == "hypothetical_governors" else set())
    return (top.dep_ in ("relcl", "acl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in top.children)
            and top.head.pos_ == "NOUN" and lemma(top.head) in words)


def _pending(tok: Token) -> bool:
    """In a clause awaited, in the present tense: "until Yushchenko is recognized", "until the
    president lifts the order"."""
    if tok.dep_ != "advcl" or not _marks(tok) & cues()["pending_marks"]:
        return False
    verbs = [tok, *(c for c in tok.children if c.dep_ in ("aux", "auxpass"))]
    return any(v.tag_ in ("VBZ", "VBP") for v in verbs)


def parse_date(value: str | None) -> date | None:
    """The first day of a TIMEX3 date value ("2024-02-07", "2023-10", "2023"), else None."""
    if not value or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
        day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


_SEASON_END = {"SP": (5, 31), "SU": (8, 31), "FA": (11, 30), "AU": (11, 30), "WI": (12, 31)}


def period_end(value: str | None) -> date | None:
    """The last day of a TIMEX3 date value's period: "2023" -> 2023-12-31, "2024-W08" -> that
    Sunday, "2023-Q2" -> 2023-06-30, "198" (the 1980s) -> 1989-12-31; None when unreadable."""
    if not value:
        return None
    head = value[:10]
    if len(head) == 3 and head.isdigit():
        return date(int(head) * 10 + 9, 12, 31)
    if len(head) < 4 or not head[:4].isdigit():
        return None
    year = int(head[:4])
    part = head[5:]
    try:
        if not part:
            return date(year, 12, 31)
        if part[:1] == "W" and part[1:3].isdigit():
            return date.fromisocalendar(year, int(part[1:3]), 7)
        if part[:1] == "Q" and part[1:2].isdigit():
            quarter_end = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}[int(part[1:2])]
            return date(year, *quarter_end)
        if part[:2] in _SEASON_END:
            return date(year, *_SEASON_END[part[:2]])
        if len(part) == 2 and part.isdigit():
            nxt = date(year + int(part) // 12, int(part) % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return parse_date(value)
    except (ValueError, KeyError):
        return None


def modality(tok: Token, event_date: str | None, resolved: bool, dct: str | None) -> str:
    """The event's modality: grammar first, then the event date against the article date (DCT)."""
    grammatical = grammatical_modality(tok)
    if grammatical == "asserted" and not resolved and (_since_long_ago(tok, parse_date(dct)) or _repeated(tok)):
        return "historical"
    if grammatical == "hypothetical" and not _own_hypothetical(tok) and (
            (resolved and _over_before(event_date, dct)) or tok.pos_ in ("NOUN", "PROPN")):
        grammatical = "asserted"  # a dated past act under a wish or plan ("wanted for questioning in last
        # month's shooting death"): the shooting happened; so did an act named by a noun under one ("need
        # to respond to the Paris attacks", "a major goal of Kuchma's state visit")
    if grammatical != "asserted" or not resolved:
        return grammatical
    return dated_modality(grammatical, event_date, dct)


def _over_before(event_date: str | None, dct: str | None) -> bool:
    """The event's dated period ended before the article's day."""
    end, ref = period_end(event_date), parse_date(dct)
    return end is not None and ref is not None and end < ref


def _repeated(tok: Token) -> bool:
    """An act done a counted number of times ("has been arrested more than a dozen times", "was found guilty
    at least twice"): a record, the background of the news."""
    verb = _first_conjunct(tok)
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ != "VBN" or not _clause_auxes(verb):
        return False  # "met with military chiefs twice" today is news, not a record
    return any((c.dep_ == "advmod" and c.lower_ in ("twice", "thrice")) or (
        c.dep_ == "npadvmod" and c.lower_ == "times" and any(n.dep_ == "nummod" for n in c.children))
        for c in verb.children)


SERIES_DAYS = 365  # a series that began longer ago than this is background ("arrested ... since 1990")


def _since_long_ago(tok: Token, ref: date | None) -> bool:
    """Acts repeated since a start years back ("Kopp had been arrested in several states since 1990", "Since
    1993, three doctors have been murdered"): the background of the news, historical; a series begun weeks
    ago ("attacks since October 7 have brought the toll to 28,000") is not."""
    if ref is None:
        return False
    verb = _first_conjunct(tok)
    # the reason of such acts shares their time: "arrested in several states since 1990 for protesting"
    verbs = [verb, verb.head.head] if verb.dep_ == "pcomp" and verb.head.lower_ == "for" else [verb]
    for prep in (c for v in verbs for c in v.children if c.dep_ == "prep" and c.lower_ == "since"):
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        timex = next(iter(by_offset(tok.doc, "timexes").overlapping(obj.idx, obj.idx + len(obj))), None) \
            if obj is not None else None
        end = period_end(timex.value) if timex is not None and timex.type == "DATE" else None
        if end is not None and (ref - end).days > SERIES_DAYS:
            return True
    return False


def dated_modality(grammatical: str, event_date: str | None, dct: str | None) -> str:
    """An asserted event's modality once its date is known: future when after the article date,
    historical when long before it; any other modality stays."""
    when, ref = parse_date(event_date), parse_date(dct)
    if grammatical != "asserted" or when is None or ref is None:
        return grammatical
    if when > ref and len(event_date or "") >= 10:
        return "future"
    # the middle of the period stands for when it happened: "last week" is not historical, "last year" (an
    # article of January) and "earlier this year" (one of October) are, as annotators read them
    end = period_end(event_date)
    middle = date.fromordinal((when.toordinal() + end.toordinal()) // 2) if end is not None else None
    if middle is not None and (ref - middle).days > cues()["historical_days"]:
        return "historical"
    return grammatical


def reported(value: str, typ: str, coded: str) -> str:
    """The modality of the event as coded: a THREATEN or REJECT the manual's reduction made of a future
    hostile act or a negated cooperative one ("said the war would continue", "will not accept") is a
    speech act that happened: asserted (ANNOTATION.md: "explicit vows, threats ... are themselves
    asserted speech events")."""
    if coded != typ and coded in ("THREATEN", "REJECT") and value in ("future", "hypothetical", "negated"):
        return "asserted"
    if coded in _SPOKEN and value == "hypothetical":
        return "asserted"  # "had threatened to revoke his parole if ...", "warning Iraq of military strikes"
    return value


# Speech acts that are made by being said: a condition in their words does not make the act itself
# hypothetical (the gold of bench/events_gold codes none of these hypothetical; SUPPORT is left out: a
# hypothetical SUPPORT is an act such as "would normalize relations")
_SPOKEN = frozenset({"THREATEN", "REQUEST"})


def conditional(tok: Token) -> str | None:
    """The subordinator of a condition put on the event ("unless" in "will withdraw ... unless ..."), or None."""
    marks = cues()["conditional_marks"]
    for child in tok.children:
        found = _marks(child) & marks if child.dep_ == "advcl" else set()
        if found:
            return "unless" if "unless" in found else sorted(found)[0]
    return None
