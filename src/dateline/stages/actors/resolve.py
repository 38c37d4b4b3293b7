"""Actor resolution: the KB id and dated PLOVER-style code of each phrase of marks.

A :class:`Resolver` reads a phrase's head (its last mark) in the context of its other marks,
on the article's date: a KB person by the role valid that day, an unknown person by the
organisation, country word and title around the name, organisations and countries by the KB,
group nouns by their country word and title; :func:`resolve_marks` resolves every phrase of a
Doc and lends titled people with no country the nearest country of their sentence. The rules
and confidences are documented in :mod:`dateline.stages.actors.linking`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from dateline.knowledge import gazetteer as places
from dateline.knowledge.kb import KnowledgeBase, normalize
from dateline.model import ActorRef, record_id
from dateline.stages.actors.match import (
    FORMER,
    WHERE,
    Mark,
    coordinated,
    ethnic,
    group_phrases,
    title_of_first,
)

LOCAL = "local:"
# A KB person named by one word (a surname alias) in an article this many years before the first role
# the KB knows for them is someone else of that name.
NAMESAKE_YEARS = 20


def namesake(kb: KnowledgeBase, actor, text: str, date: str | None) -> bool:
    """``text`` is a one-word alias of the KB person ``actor`` ("González") in an article dated more than
    :data:`NAMESAKE_YEARS` before the KB's first role for them: another person of that surname (Elián
    González's family in 2000 are not Edmundo González, a Venezuelan candidate in 2024). A full name, or
    a date near or after their roles, still names them ("Biden" in 1998 is the senator)."""
    if actor.kind != "person" or not date or len(text.split()) != 1 or normalize(text) == normalize(actor.name):
        return False
    starts = [r.start for r in kb.all_roles(actor.id) if r.start]
    return bool(starts) and date[:4].isdigit() and int(date[:4]) < int(min(starts)[:4]) - NAMESAKE_YEARS


@dataclass
class Context:
    """What the modifiers of a head say: a country, an organisation, a title sector, "former"."""

    country: str | None = None
    org: str | None = None
    person: str | None = None
    sector: str | None = None
    former: bool = False


class Resolver:
    """Resolves phrases of one Doc against the KB on the article's date."""

    def __init__(self, doc: Doc, kb: KnowledgeBase) -> None:
        self.doc, self.kb = doc, kb  # no doc.text: it joins every token, and a Resolver is made per phrase
        article = doc._.article if Doc.has_extension("article") else None
        self.date = article.date if article is not None else None
        self.article_id = article.id if article is not None else ""
        self.surnames: dict[str, ActorRef] = {}  # unknown people's surnames seen so far
        # unknown titled people (and ethnic groups) with no country in their phrase, and a country
        # they cannot be borrowing (the ethnic group's namesake)
        self.stateless: list[tuple[ActorRef, str | None]] = []

    def candidates(self, text: str, label: str) -> list:
        actors = [a for a in self.kb.lookup(text) if not namesake(self.kb, a, text, self.date)]
        if label == "PERSON":
            people = [a for a in actors if a.kind == "person"]
            actors = people or actors
        return actors

    def pick(self, actors: list, ctx: Context):
        """The KB actor meant: one with a role on the date, matching the context's country."""
        def score(actor) -> tuple:
            country, sector = self.kb.code(actor.id, self.date)
            valid = bool(self.kb.roles(actor.id, self.date)) or not self.kb.all_roles(actor.id)
            ends = [r.end or "9999" for r in self.kb.all_roles(actor.id)]
            return (valid, ctx.country is not None and country == ctx.country, max(ends, default=""), actor.id)
        return max(actors, key=score) if actors else None

    def context(self, marks: list[Mark]) -> Context:
        """What the modifier marks say (nearest to the head wins for the title)."""
        ctx = Context()
        first_start = min((m.start for m in marks), default=0)
        for mark in marks:
            if mark.start - 1 > first_start and self.doc[mark.start - 1].lower_ == "to":
                continue  # "U.S. Ambassador to Thailand Eric John": Thailand is where he serves
                # (a "to" before the whole phrase is not its own: "aid to Albanian rebels")
            self._apply(mark, ctx)
        first = self.doc[marks[0].start] if marks else None
        if first is not None and first.i > 0 and self.doc[first.i - 1].lower_ in FORMER:
            ctx.former = True
        ctx.former = ctx.former or any(t.lower_ in FORMER for m in marks for t in self.doc[m.start:m.end])
        return ctx

    def _apply(self, mark: Mark, ctx: Context) -> None:
        span = self.doc[mark.start:mark.end]
        if mark.kind == "title":
            ctx.sector = self.kb.title_sector(span.text) or ctx.sector
            return
        if mark.kind == "country" or mark.label in ("GPE", "NORP"):
            ctx.country = ctx.country or self.city_country(span)
            if mark.kind == "country" or ctx.country:
                return
        if mark.kind == "ent" and mark.label in ("GPE", "LOC", "NORP") and not self.kb.lookup(span.text):
            ctx.country = ctx.country or self.place_country(span.text)  # "governor of the Tyumen region"
            if ctx.country:
                return
        actors = self.candidates(span.text, mark.label) if mark.kind in ("actor", "ent") else []
        actor = self.pick(actors, ctx)
        if actor is None:
            for inner in mark.inner:
                self._apply(inner, ctx)
            return
        country, sector = self.kb.code(actor.id, self.date)
        if actor.kind == "country":
            # a nationality before the title wins over where the group is: "Albanian rebels in Macedonia"
            before = [t for t in self.doc[max(0, mark.start - 2):mark.start] if t.lower_ != "the"]
            after_where = bool(before) and before[-1].lower_ in WHERE
            ctx.country = ctx.country if after_where and ctx.country else actor.country
        elif actor.kind == "person":
            ctx.person, ctx.country = actor.id, country or ctx.country
        else:
            ctx.org, ctx.country, ctx.sector = actor.id, country, sector

    def place_country(self, text: str) -> str | None:
        """The country of a place name the KB does not know: the gazetteer ("Tyumen" -> RUS), else a
        misspelt country word ("Afganistan")."""
        entry = places.lookup(text)
        words = text.split()
        if entry is None and len(words) > 1 and words[-1].lower() in places.cues()["designators"]:
            entry = places.lookup(" ".join(words[:-1]))  # "Sichuan Province"
        return (entry.country if entry is not None else None) or self.kb.country_like(text)

    def resolve(self, group: list[Mark]) -> ActorRef | None:
        """The actor of a phrase: its head (last mark) read in the context of the others."""
        group = title_of_first(self.doc, group)
        head, mods = group[-1], group[:-1]
        ctx = self.context(mods)
        first, last = min(m.start for m in group), max(m.end for m in group)
        words = self.doc[first:last]
        ref = ActorRef(start=words.start_char, end=words.end_char, text=words.text)
        span = self.doc[head.start:head.end]
        if head.kind == "title":
            return self._group_noun(ref, span, ctx)
        if ethnic(self.doc, head):  # where they live, if the phrase says so
            ref.country, ref.sector, ref.name, ref.confidence = ctx.country, "CVL", ref.text, 0.6
            local = LOCAL + record_id(self.article_id, normalize(ref.text))
            ref.actor_id = "c:" + ctx.country if ctx.country else local
            if ctx.country is None:
                self.stateless.append((ref, self.kb.country_of(span.text)))
            return ref
        if head.kind == "country" or (head.kind == "ent" and head.label in ("GPE", "NORP", "LOC")
                                      and self.kb.country_of(span.text)):
            return self._country(ref, span, ctx)
        actors = self.candidates(span.text, head.label)
        actor = self.pick(actors, ctx)
        if actor is not None and actor.kind == "country":
            return self._country(ref, span, ctx)
        if actor is not None:
            return self._known(ref, actor, ctx, exact=normalize(span.text) == normalize(actor.name))
        if head.kind == "ent" and head.label in ("LOC", "FAC"):
            return None  # a place, not an actor, unless it names a country
        if head.kind == "ent" and any(t.pos_ in ("VERB", "AUX") for t in span):
            return None  # a headline or clause the NER took for a name
        return self._unknown(ref, head, span, ctx)

    def _known(self, ref: ActorRef, actor, ctx: Context, exact: bool) -> ActorRef:
        country, sector = self.kb.code(actor.id, self.date)
        if actor.kind == "person" and not self.kb.roles(actor.id, self.date):
            if ctx.org:  # "Hamas official X" when the KB has no role for X on that date
                country, sector = self.kb.code(ctx.org, self.date)
            elif ctx.sector and self._before_roles(actor.id):
                # the KB knows no office yet: trust the text's title ("General X" before he was minister);
                # after the last role the KB wins, even over a stale title
                country, sector = ctx.country or country, ctx.sector
        if actor.kind == "person" and ctx.former:
            sector = "ELI"
        ref.actor_id, ref.name, ref.country, ref.sector = actor.id, actor.name, country, sector
        ref.confidence = 0.95 if exact else 0.85
        return ref

    def _before_roles(self, actor_id: str) -> bool:
        starts = [r.start for r in self.kb.all_roles(actor_id) if r.start]
        return bool(self.date) and bool(starts) and self.date[:10] < min(starts)

    def _unknown(self, ref: ActorRef, head: Mark, span: Span, ctx: Context) -> ActorRef | None:
        inner = Context()
        for mark in head.inner:
            self._apply(mark, inner)
        known = self.surnames.get(span.text) if head.label == "PERSON" and len(span) == 1 else None
        if known is not None:
            ref.actor_id, ref.name, ref.country, ref.sector = known.actor_id, known.name, known.country, known.sector
            ref.confidence = 0.7
            return ref
        if ctx.org:  # "Hamas official X": the organisation's code
            ref.country, ref.sector = self.kb.code(ctx.org, self.date)
        else:
            ref.country = ctx.country or inner.country
            if ref.country is None and head.label == "GPE":  # a town the KB does not know ("Samarra")
                ref.country = self.place_country(span.text)
            elif ref.country is None and head.label == "NORP":
                ref.country = self.kb.country_like(span.text)  # "Afganistan" tagged NORP
            ref.sector = "ELI" if ctx.former and head.label == "PERSON" else ctx.sector or inner.sector
            if head.label == "NORP" and span[-1].tag_ in ("NNS", "NNPS") and ref.sector is None:
                ref.sector = "CVL"  # "Iraqi Kurds": a people
            if ref.sector is None and head.label == "ORG":  # "Third World Water Forum": an NGO
                ref.sector = self.kb.org_head_sector(span.text)
        if head.label == "ORG" and inner.org and not ctx.org and head.inner and head.inner[0].start == head.start:
            ref.country, ref.sector = self.kb.code(inner.org, self.date)  # "Hamas-run health ministry"
        ref.name = span.text
        ref.actor_id = LOCAL + record_id(self.article_id, normalize(span.text))
        ref.confidence = 0.7 if ref.country else 0.4
        if head.label == "PERSON" and len(span) > 1:
            self.surnames[span[-1].text] = ref
        # "Vice-President Moody Awori" tagged ORG; an unknown institution named by its kind
        # ("Cumhuriyet University", "Baghdad Police Academy") is of the country around it too
        titled = (ctx.sector is not None or inner.sector is not None) and head.label == "ORG" \
            and ref.sector not in ("IGO", "NGO")  # an international body has no country to borrow
        if (head.label == "PERSON" or titled) and ref.country is None and ref.sector:
            self.stateless.append((ref, None))
        return ref

    def borrow_countries(self, actors: list[ActorRef]) -> None:
        """"President X" with no nationality in the phrase: the nearest country in the sentence."""
        for ref, namesake in self.stateless:
            sent = self.doc.char_span(ref.start, ref.end, alignment_mode="expand").sent
            near = [a for a in actors if a.country and a.country != namesake and a is not ref
                    and sent.start_char <= a.start < sent.end_char]
            # a place they leave is not who they are ("Israeli officials say some troops pulled out
            # of southern Lebanon"): other actors of the sentence first
            near = [a for a in near if not place_mention(self.doc, a)] or near
            if near:
                best = min(near, key=lambda a: abs(a.start - ref.start))
                ref.country, ref.confidence = best.country, 0.5

    def city_country(self, span: Span) -> str | None:
        """The country a country word names; a capital's name shared by a city of another country
        the sentence names is that city ("militias in Tripoli ... the north Lebanese port" -> LBN)."""
        iso3 = self.kb.country_of(span.text)
        if iso3 is not None and self.kb.country_word_kind(span.text) in ("capital", "region"):
            return places.homonym_country(span, iso3) or iso3
        return iso3

    def _country(self, ref: ActorRef, span: Span, ctx: Context) -> ActorRef | None:
        iso3 = self.kb.country_of(span.text)
        homonym = places.homonym_country(span, iso3) if self.kb.country_word_kind(span.text) == "capital" else None
        iso3 = homonym or iso3
        actors = [a for a in self.kb.lookup(span.text) if a.kind == "country"]
        iso3 = iso3 or (actors[0].country if actors else None)
        word = self.kb.country_word_kind(span.text)
        if ctx.country and word == "demonym":
            iso3 = ctx.country  # "Bosnian Serbs": the first country word says where they are
        if iso3 is None:
            return None
        plural = word == "demonym" and span[-1].tag_ in ("NNS", "NNPS") or span.text.endswith("ians")
        ref.actor_id, ref.country = "c:" + iso3, iso3
        ref.name = self.kb.country_names.get(iso3, span.text)
        metonymy = word in ("capital", "metonym") and not _locative(span) and homonym is None
        ref.sector = "GOV" if metonymy else "CVL" if plural else None
        ref.confidence = 0.9
        return ref

    def _group_noun(self, ref: ActorRef, span: Span, ctx: Context) -> ActorRef | None:
        sector = self.kb.title_sector(span.text)
        if ctx.org:
            org = self.kb.actors[ctx.org]
            ref.country, org_sector = self.kb.code(ctx.org, self.date)
            ref.sector = org_sector if org.kind != "country" else sector
            ref.actor_id, ref.name = org.id, org.name
        elif ctx.person:
            ref.country, ref.sector = self.kb.code(ctx.person, self.date)[0], sector
            ref.actor_id = "c:" + ref.country if ref.country else None
            ref.name = ref.text
        elif ctx.country:
            ref.country, ref.sector = ctx.country, "ELI" if ctx.former and sector == "GOV" else sector
            ref.actor_id, ref.name = "c:" + ctx.country, ref.text
        else:
            return None
        ref.confidence = 0.75
        return ref


LOCATIVE = {"in", "to", "from", "at", "into", "near", "toward", "towards", "across", "inside", "outside",
             "around", "via", "through", "within", "between", "on"}


def _locative(span: Span) -> bool:
    """True when a place name is the object of a locative preposition ("travel to Cairo")."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE


def place_mention(doc: Doc, ref: ActorRef) -> bool:
    """A country named as the place left ("pulled out of southern Lebanon"): it lends no nationality
    to a group of the sentence (a place someone is in does: "prisoners rioted at a jail in Dili")."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None or ref.sector is not None:
        return False
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ == "out"


def in_place(doc: Doc, ref: ActorRef) -> bool:
    """A country or place with no sector named after a locative preposition ("in eastern Rafah")."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span is not None and ref.sector is None and _locative(span)


def resolve_marks(doc: Doc, marks: list[Mark], kb: KnowledgeBase, resolver: Resolver | None = None) -> list[ActorRef]:
    """The actors of the phrases the marks form."""
    resolver = resolver or Resolver(doc, kb)
    actors = []
    groups = group_phrases(doc, marks)
    for i, group in enumerate(groups):
        own = group
        if i + 1 < len(groups) and coordinated(doc, group, groups[i + 1]):
            group = group + [groups[i + 1][-1]]  # "Hungarian and Romanian officials": both are officials
        ref = resolver.resolve(group)
        if ref is not None and own is not group:
            words = doc[own[0].start:own[-1].end]
            ref.start, ref.end = words.start_char, words.end_char
            ref.text = ref.name = words.text
        if ref is not None:
            actors.append(ref)
    if doc.has_annotation("SENT_START"):
        resolver.borrow_countries(actors)
    return actors
