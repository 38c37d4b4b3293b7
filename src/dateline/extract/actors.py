"""Stage 5: actors — every actor mention resolved to a KB id and a dated PLOVER-style code.

The stage marks three kinds of words in the Doc: names the knowledge base knows (people,
organisations, countries — :mod:`dateline.kb`), country words (demonyms, capitals, metonyms
such as "Kremlin", regions such as "Darfur") and title/group nouns ("prime minister",
"soldiers", "protesters"), plus the NER's PERSON/ORG/GPE/NORP/LOC/FAC entities. Runs of marks
joined only by filler words ("a", "the", "'s", adjectives, "former") form one noun phrase
whose last mark is its head and whose earlier marks are context: "Israeli Prime Minister
Benjamin Netanyahu", "Hamas official Osama Hamdan", "a Russian soldier"; a title also takes
the place after "of"/"in" ("president of Armenia", "rebels in Darfur") and an apposition
("Israel's president, Isaac Herzog"). Resolution, in order of evidence:

* a KB person by name, coded by the role valid on the article's date (Blinken is USA GOV in
  2024); with no valid role, the country of the last role and no sector ("former" -> ELI);
* an unknown person by the phrase's context: an organisation gives its code ("Hamas official
  X" -> PSE REB), a country word the country and the title the sector; a titled person with
  no country in the phrase borrows the nearest country of the sentence (confidence 0.5);
* organisations and countries by the KB; a capital or metonym acting is GOV ("Moscow said"),
  not when it is a place ("travel to Cairo"); a plural demonym is CVL ("Palestinians");
* group nouns by their country word and title ("Palestinian protesters" -> PSE CVL);
  "ethnic Albanians" are a people (the place named after them, if any), and "anti-Hezbollah"
  is a stance, not Hezbollah.

Confidence: 0.95 a KB name in full, 0.85 a KB alias, 0.9 a country, 0.75 a group noun, 0.7 an
unknown name with a country from context, 0.4 an unresolved NER name. Coreference chains from
the quotes stage (``doc._.coref_chains``, when present) carry a resolved identity to their
other mentions ("the prime minister", "he"); without them, a surname repeats an earlier full
name. Quote speakers and addressees get the resolved ids, names and codes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from dateline.kb import KnowledgeBase, fold, get_kb, is_case_sensitive, normalize
from dateline.model import ActorRef, record_id

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# Words that may sit between the marks of one noun phrase without ending it.
FILLERS = {"a", "an", "the", "'s", "’s", "'", "’", "-", "former", "then", "ex", "acting", "interim", "senior",
           "top", "other", "some", "several", "many", "two", "three", "few", "his", "her", "its", "their",
           "of", "deputy", "vice", "chief", "new", "outgoing", "incoming", "elected", "ousted", "exiled"}
# Prepositions that tie a title to the country it belongs to: "president of Armenia", "rebels in Darfur".
WHERE = {"of", "in", "from", "throughout", "across"}
FORMER = {"former", "ex", "ousted", "exiled", "late", "deposed"}
# Priority of mark kinds when spans tie in length: a KB name beats a title beats an NER label.
PRIORITY = {"actor": 3, "country": 2, "title": 1, "ent": 0}
LOCAL = "local:"


@dataclass
class Mark:
    """A stretch of tokens the stage recognised: a KB name, a country word, a title or an entity."""

    start: int  # token indices
    end: int
    kind: str  # actor, country, title, ent
    label: str = ""  # NER label when known
    inner: list[Mark] = field(default_factory=list)  # marks inside an unknown entity


@dataclass
class Context:
    """What the modifiers of a head say: a country, an organisation, a title sector, "former"."""

    country: str | None = None
    org: str | None = None
    person: str | None = None
    sector: str | None = None
    former: bool = False


class Matchers:
    """PhraseMatchers for the KB's aliases, country words and titles, built once per KB and vocab."""

    def __init__(self, kb: KnowledgeBase, nlp: Language) -> None:
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        groups: dict[str, tuple[set[str], set[str]]] = {"actor": (set(), set()), "country": (set(), set()),
                                                        "title": (set(), set())}
        for alias, _ in kb.aliases():
            self._add(groups["actor"], alias)
        for word, _ in kb.country_words():
            self._add(groups["country"], word.lstrip("="))
        for phrase, _ in kb.titles():
            groups["title"][0].add(phrase)
        for kind, (lower, exact) in groups.items():
            self.lower.add(kind, list(nlp.tokenizer.pipe(sorted(lower))))
            self.exact.add(kind, list(nlp.tokenizer.pipe(sorted(exact))))

    @staticmethod
    def _add(group: tuple[set[str], set[str]], alias: str) -> None:
        lower, exact = group
        if is_case_sensitive(alias):
            exact.add(alias)
            return
        lower.add(alias)
        if fold(alias) != alias:
            lower.add(fold(alias))


_MATCHERS: dict[tuple[int, int], Matchers] = {}


def matchers_for(kb: KnowledgeBase, nlp_or_doc) -> Matchers:
    """The Matchers of ``kb`` for this vocab (built on first use)."""
    vocab = nlp_or_doc.vocab
    key = (id(kb), id(vocab))
    if key not in _MATCHERS:
        nlp = nlp_or_doc if isinstance(nlp_or_doc, Language) else _TokenizerShim(nlp_or_doc)
        _MATCHERS[key] = Matchers(kb, nlp)
    return _MATCHERS[key]


class _TokenizerShim:
    """Enough of a Language for :class:`Matchers` when only a Doc is at hand (tests, helpers)."""

    def __init__(self, doc: Doc) -> None:
        from spacy.lang.en import English

        self.vocab = doc.vocab
        self.tokenizer = English(vocab=doc.vocab).tokenizer


# -- marking ---------------------------------------------------------------------------------
def _capitalized(span: Span) -> bool:
    text = span.text
    return text[:1].isupper() or text.lower().startswith(("al-", "al ", "el-", "ad-", "bin "))


def _names_person(kb: KnowledgeBase, span: Span) -> bool:
    return any(a.kind == "person" for a in kb.lookup(span.text))


def _negated(doc: Doc, start: int) -> bool:
    """ "anti-Hezbollah", "pro-Iranian": the name stands for a stance, not the actor."""
    if start < 2 or start > len(doc):
        return False
    return doc[start - 1].text == "-" and doc[start - 2].lower_ in ("anti", "pro", "non")


def find_marks(doc: Doc, kb: KnowledgeBase) -> list[Mark]:
    """The non-overlapping marks of ``doc`` (longest first; KB names win ties)."""
    matchers = matchers_for(kb, doc)
    raw: list[Mark] = []
    for matcher in (matchers.lower, matchers.exact):
        for match_id, start, end in matcher(doc):
            kind = doc.vocab.strings[match_id]
            if kind == "title" or _capitalized(doc[start:end]):
                raw.append(Mark(start, end, kind))
    raw = [m for m in raw if not _negated(doc, m.start)]
    people = [m for m in raw if m.kind == "actor" and _names_person(kb, doc[m.start:m.end])]
    for ent in doc.ents:
        # an entity swallowing a known person's name ("Following Netanyahu's") is an NER slip
        negated = _negated(doc, ent.start) or _negated(doc, ent.start + 2)
        if ent.label_ in ENTITY_LABELS and not negated and not any(
                ent.start <= p.start and p.end <= ent.end and (p.end - p.start) < len(ent) for p in people):
            raw.append(Mark(ent.start, ent.end, "ent", ent.label_))
    raw.sort(key=lambda m: (-(m.end - m.start), -PRIORITY[m.kind], m.start))
    taken = [False] * len(doc)
    kept: list[Mark] = []
    for mark in raw:
        if any(taken[mark.start:mark.end]):
            continue
        for i in range(mark.start, mark.end):
            taken[i] = True
        kept.append(mark)
    _label_from_entities(doc, kept, raw)
    return sorted(kept, key=lambda m: m.start)


def _label_from_entities(doc: Doc, kept: list[Mark], raw: list[Mark]) -> None:
    """Give KB marks the NER label of the entity they coincide with; keep the marks inside entities."""
    ents = {(m.start, m.end): m.label for m in raw if m.kind == "ent"}
    for mark in kept:
        if mark.kind != "ent":
            mark.label = ents.get((mark.start, mark.end), "")
            continue
        mark.inner = [m for m in raw if m.kind != "ent" and mark.start <= m.start and m.end <= mark.end]


def _is_filler(token) -> bool:
    if token.lower_ in FILLERS or (token.pos_ == "ADJ" and token.text[:1].islower()):
        return True
    return token.dep_ == "compound" and token.pos_ == "NOUN" and token.text.islower()  # "paper workers"


def group_phrases(doc: Doc, marks: list[Mark]) -> list[list[Mark]]:
    """Runs of marks joined by filler words, then appositions ("Israel's president, Isaac Herzog")."""
    groups: list[list[Mark]] = []
    for mark in marks:
        prev = groups[-1][-1] if groups else None
        gap = doc[prev.end:mark.start] if prev is not None else []
        joined = prev is not None and len(gap) <= 3 and all(_is_filler(t) or t.lower_ in WHERE | {"to"} for t in gap)
        if joined and any(t.lower_ == "to" for t in gap) and prev.kind != "title":
            joined = False  # only "ambassador to Thailand" joins over "to"
        headlike = prev is not None and (prev.kind == "title" or _ethnic(doc, prev))
        if joined and any(t.lower_ in WHERE for t in gap) and not (headlike and _places(mark)):
            joined = False  # "Palestinians of the West Bank" is two phrases; "rebels in Darfur" one
        if joined:
            groups[-1].append(mark)
        else:
            groups.append([mark])
    return _merge_appositions(doc, groups)


def _merge_appositions(doc: Doc, groups: list[list[Mark]]) -> list[list[Mark]]:
    merged: list[list[Mark]] = []
    for group in groups:
        prev = merged[-1] if merged else None
        if prev is not None and _comma_between(doc, prev[-1], group[0]):
            if prev[-1].kind == "title" and _is_name(group[-1]) and not any(_is_name(m) for m in prev):
                merged[-1] = prev + group  # "Israel's ceremonial president, Isaac Herzog"
                continue
            if _is_name(prev[-1]) and group[-1].kind == "title":
                merged[-1] = group + prev  # "Isaac Herzog, Israel's president": the name stays the head
                continue
        merged.append(group)
    return merged


def _ethnic(doc: Doc, mark: Mark) -> bool:
    """ "ethnic Albanians": a people, not the state of Albania."""
    return mark.kind == "country" and mark.start > 0 and doc[mark.start - 1].lower_ == "ethnic"


def _places(mark: Mark) -> bool:
    return mark.kind in ("country", "actor") or mark.label in ("GPE", "NORP")


def _comma_between(doc: Doc, left: Mark, right: Mark) -> bool:
    gap = doc[left.end:right.start]
    return 1 <= len(gap) <= 3 and gap[0].text == "," and all(t.text == "," or _is_filler(t) for t in gap)


def _is_name(mark: Mark) -> bool:
    return mark.label == "PERSON" or (mark.kind == "actor" and mark.label in ("", "PERSON"))


# -- resolution ------------------------------------------------------------------------------
class Resolver:
    """Resolves phrases of one Doc against the KB on the article's date."""

    def __init__(self, doc: Doc, kb: KnowledgeBase) -> None:
        self.doc, self.kb = doc, kb
        self.text = doc.text  # Doc.text joins every token: build it once
        article = doc._.article if Doc.has_extension("article") else None
        self.date = article.date if article is not None else None
        self.article_id = article.id if article is not None else ""
        self.surnames: dict[str, ActorRef] = {}  # unknown people's surnames seen so far
        # unknown titled people (and ethnic groups) with no country in their phrase, and a country
        # they cannot be borrowing (the ethnic group's namesake)
        self.stateless: list[tuple[ActorRef, str | None]] = []

    def candidates(self, text: str, label: str) -> list:
        actors = self.kb.lookup(text)
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
        for mark in marks:
            if mark.start > 0 and self.doc[mark.start - 1].lower_ == "to":
                continue  # "U.S. Ambassador to Thailand Eric John": Thailand is where he serves
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
            ctx.country = ctx.country or self.kb.country_of(span.text)
            if mark.kind == "country" or ctx.country:
                return
        actors = self.candidates(span.text, mark.label) if mark.kind in ("actor", "ent") else []
        actor = self.pick(actors, ctx)
        if actor is None:
            for inner in mark.inner:
                self._apply(inner, ctx)
            return
        country, sector = self.kb.code(actor.id, self.date)
        if actor.kind == "country":
            ctx.country = actor.country
        elif actor.kind == "person":
            ctx.person, ctx.country = actor.id, country or ctx.country
        else:
            ctx.org, ctx.country, ctx.sector = actor.id, country, sector

    def resolve(self, group: list[Mark]) -> ActorRef | None:
        """The actor of a phrase: its head (last mark) read in the context of the others."""
        group = _title_of_first(self.doc, group)
        head, mods = group[-1], group[:-1]
        ctx = self.context(mods)
        last = self.doc[max(m.end for m in group) - 1]
        start, end = self.doc[min(m.start for m in group)].idx, last.idx + len(last)
        ref = ActorRef(start=start, end=end, text=self.text[start:end])
        span = self.doc[head.start:head.end]
        if head.kind == "title":
            return self._group_noun(ref, span, ctx)
        if _ethnic(self.doc, head):  # where they live, if the phrase says so
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
            ref.sector = "ELI" if ctx.former and head.label == "PERSON" else ctx.sector or inner.sector
            if head.label == "NORP" and span[-1].tag_ in ("NNS", "NNPS") and ref.sector is None:
                ref.sector = "CVL"  # "Iraqi Kurds": a people
        if head.label == "ORG" and inner.org and not ctx.org and head.inner and head.inner[0].start == head.start:
            ref.country, ref.sector = self.kb.code(inner.org, self.date)  # "Hamas-run health ministry"
        ref.name = span.text
        ref.actor_id = LOCAL + record_id(self.article_id, normalize(span.text))
        ref.confidence = 0.7 if ref.country else 0.4
        if head.label == "PERSON" and len(span) > 1:
            self.surnames[span[-1].text] = ref
        titled = ctx.sector is not None and head.label == "ORG"  # "Vice-President Moody Awori" tagged ORG
        if (head.label == "PERSON" or titled) and ref.country is None and ref.sector:
            self.stateless.append((ref, None))
        return ref

    def borrow_countries(self, actors: list[ActorRef]) -> None:
        """"President X" with no nationality in the phrase: the nearest country in the sentence."""
        for ref, namesake in self.stateless:
            sent = self.doc.char_span(ref.start, ref.end, alignment_mode="expand").sent
            near = [a for a in actors if a.country and a.country != namesake and a is not ref
                    and sent.start_char <= a.start < sent.end_char]
            if near:
                best = min(near, key=lambda a: abs(a.start - ref.start))
                ref.country, ref.confidence = best.country, 0.5

    def _country(self, ref: ActorRef, span: Span, ctx: Context) -> ActorRef | None:
        iso3 = self.kb.country_of(span.text)
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
        metonymy = word in ("capital", "metonym") and not _locative(span)
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


def _title_of_first(doc: Doc, group: list[Mark]) -> list[Mark]:
    """ "president of Armenia", "rebels in Darfur": the title before the preposition is the head."""
    for i, mark in enumerate(group[:-1]):
        has_of = any(t.lower_ in WHERE for t in doc[mark.end:group[i + 1].start])
        if (mark.kind == "title" or _ethnic(doc, mark)) and has_of and not any(_is_name(m) for m in group[i + 1:]):
            return group[:i] + group[i + 1:] + [mark]
    return group


def _coordinated(doc: Doc, group: list[Mark], following: list[Mark]) -> bool:
    """A lone country word coordinated with a "country word + title" phrase."""
    if len(group) != 1 or group[0].kind != "country" or len(following) < 2 or following[-1].kind != "title":
        return False
    gap = doc[group[0].end:following[0].start]
    return 1 <= len(gap) <= 2 and all(t.lower_ in ("and", "or", ",") for t in gap) and following[0].kind == "country"


def resolve_marks(doc: Doc, marks: list[Mark], kb: KnowledgeBase, resolver: Resolver | None = None) -> list[ActorRef]:
    """The actors of the phrases the marks form."""
    resolver = resolver or Resolver(doc, kb)
    actors = []
    groups = group_phrases(doc, marks)
    for i, group in enumerate(groups):
        own = group
        if i + 1 < len(groups) and _coordinated(doc, group, groups[i + 1]):
            group = group + [groups[i + 1][-1]]  # "Hungarian and Romanian officials": both are officials
        ref = resolver.resolve(group)
        if ref is not None and own is not group:
            ref.start, ref.end = doc[own[0].start].idx, doc[own[-1].end - 1].idx + len(doc[own[-1].end - 1])
            ref.text = ref.name = resolver.text[ref.start:ref.end]
        if ref is not None:
            actors.append(ref)
    if doc.has_annotation("SENT_START"):
        resolver.borrow_countries(actors)
    return actors


# -- coreference and quotes ------------------------------------------------------------------
def _chains(doc: Doc) -> list:
    return (doc._.coref_chains or []) if Doc.has_extension("coref_chains") else []


def _overlaps(ref: ActorRef, start: int, end: int) -> bool:
    return ref.start < end and start < ref.end


def apply_coref(doc: Doc, actors: list[ActorRef], kb: KnowledgeBase, date: str | None) -> list[ActorRef]:
    """Carry each chain's resolved identity to its mentions; unresolved people take the chain id."""
    out = list(actors)
    text = doc.text
    for chain in _chains(doc):
        mentions = sorted(set(chain.mentions))
        members = [a for a in out if any(_overlaps(a, s, e) for s, e in mentions)]
        best = _chain_identity(members, chain, kb, date)
        for ref in members:
            unresolved = (ref.actor_id or "").startswith(LOCAL) or (ref.country is None and ref.sector is None)
            if best is not None and unresolved:
                _copy_identity(ref, best, ref.confidence)
            elif (ref.actor_id or "").startswith(LOCAL):
                ref.actor_id, ref.name = chain.id, chain.name or ref.name
        if best is None:
            continue
        for start, end in mentions:
            if not any(_overlaps(a, start, end) for a in out):
                ref = ActorRef(start=start, end=end, text=text[start:end])
                _copy_identity(ref, best, round(best.confidence * 0.8, 3))
                out.append(ref)
    return sorted(out, key=lambda a: (a.start, a.end))


def _chain_identity(members: list[ActorRef], chain, kb: KnowledgeBase, date: str | None) -> ActorRef | None:
    """The identity of a chain: its known member named like the chain, else its most frequent one."""
    known = [a for a in members if a.actor_id and not a.actor_id.startswith(LOCAL) and (a.country or a.sector)]
    if known:
        counts: dict[str, int] = {}
        for a in known:
            counts[a.actor_id] = counts.get(a.actor_id, 0) + 1
        wanted = normalize(chain.name or "")

        def score(a: ActorRef) -> tuple:
            named = bool(wanted) and wanted in (normalize(a.name or ""), normalize(a.text))
            return (named, counts[a.actor_id], a.confidence, a.end - a.start, -a.start)
        return max(known, key=score)
    hits = [a for a in kb.lookup(chain.name or "") if a.kind != "country"]
    if hits:
        country, sector = kb.code(hits[0].id, date)
        return ActorRef(0, 0, "", hits[0].id, hits[0].name, country, sector, 0.8)
    located = [a for a in members if a.country]
    if located:
        best = max(located, key=lambda a: (a.confidence, a.end - a.start))
        return dataclasses.replace(best, actor_id=chain.id, name=chain.name or best.name)
    return None


def _copy_identity(ref: ActorRef, src: ActorRef, confidence: float) -> None:
    ref.actor_id, ref.name, ref.country, ref.sector = src.actor_id, src.name, src.country, src.sector
    ref.confidence = confidence


def fill_quotes(doc: Doc) -> None:
    """Set the resolved actor's id, name and code on each quote's speaker and addressee."""
    if not Doc.has_extension("quotes"):
        return
    for quote in doc._.quotes or []:
        for ref in (quote.speaker, quote.addressee):
            if ref is None:
                continue
            actor = actor_at(doc, ref.start, ref.end)
            if actor is None:
                continue
            if actor.actor_id and not actor.actor_id.startswith(LOCAL) or not ref.actor_id:
                ref.actor_id = actor.actor_id
            ref.name = actor.name or ref.name
            ref.country, ref.sector = actor.country, actor.sector


# -- public helpers --------------------------------------------------------------------------
def actor_at(doc: Doc, start: int, end: int) -> ActorRef | None:
    """The best resolved actor for a char span: the one covering the span's head, else the
    longest resolved one inside it; None when no actor overlaps the span."""
    actors = [a for a in (doc._.actors or []) if _overlaps(a, start, end)] if Doc.has_extension("actors") else []
    if not actors:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    root = span.root.idx if span is not None and len(span) else start

    def score(a: ActorRef) -> tuple:
        return (a.start <= root < a.end, a.country is not None, (a.start, a.end) == (start, end), a.end - a.start,
                -a.start)
    return max(actors, key=score)


def resolve_phrase(doc: Doc, span: Span) -> ActorRef | None:
    """Resolve any noun phrase ("the Israeli army", "Palestinian protesters", "the militant group")
    with the KB, titles, demonyms and coreference; offsets are the phrase's own."""
    def here(ref: ActorRef) -> ActorRef:
        return dataclasses.replace(ref, start=span.start_char, end=span.end_char, text=span.text)

    if not len(span):
        return None
    root = span.root.idx
    found = actor_at(doc, span.start_char, span.end_char)
    if found is not None and found.start <= root < found.end and (found.country or found.sector):
        return here(found)
    kb = get_kb()
    marks = [m for m in find_marks(doc, kb) if m.start < span.end and span.start < m.end]
    refs = [r for r in (resolve_marks(doc, marks, kb) if marks else []) if r.country or r.sector]
    if refs:  # the actor holding the head, else the first one: "the Red Cross operating in Iraq"
        best = max(refs, key=lambda r: (r.start <= root < r.end, -r.start, r.country is not None))
        if best.start <= root < best.end or best.country:
            return here(best)
    chain = _chain_at(doc, span.start_char, span.end_char)
    if chain is not None:
        members = [a for a in (doc._.actors or []) if any(_overlaps(a, s, e) for s, e in chain.mentions)]
        best_chain = _chain_identity(members, chain, kb, Resolver(doc, kb).date)
        if best_chain is not None:
            return here(best_chain)
    if refs:
        return here(refs[0])
    if found is not None:
        return here(found)
    return _bare_group(doc, span, marks, kb)


def _bare_group(doc: Doc, span: Span, marks: list[Mark], kb: KnowledgeBase) -> ActorRef | None:
    """ "police", "demonstrators" with no country word: the title's sector and, at low confidence,
    the nearest country named in the sentence."""
    titles = [m for m in marks if m.kind == "title" and m.start <= span.root.i < m.end]
    if not titles:
        return None
    sector = kb.title_sector(doc[titles[0].start:titles[0].end].text)
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    near = [a for a in (doc._.actors or []) if a.country and sent.start_char <= a.start < sent.end_char
            and not _overlaps(a, span.start_char, span.end_char)]
    ref = ActorRef(start=span.start_char, end=span.end_char, text=span.text, name=span.text, sector=sector,
                   confidence=0.3)
    if near:
        best = min(near, key=lambda a: abs(a.start - span.start_char))
        ref.country, ref.actor_id, ref.confidence = best.country, "c:" + best.country, 0.4
    return ref


def _chain_at(doc: Doc, start: int, end: int):
    for chain in _chains(doc):
        if any(s < end and start < e for s, e in chain.mentions):
            return chain
    return None


# -- the component ---------------------------------------------------------------------------
if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)


class ActorsComponent:
    """Stores ``doc._.actors`` and fills the quotes' speakers and addressees."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.kb = get_kb()
        matchers_for(self.kb, nlp)  # build the matchers once, at pipeline load

    def __call__(self, doc: Doc) -> Doc:
        resolver = Resolver(doc, self.kb)
        actors = resolve_marks(doc, find_marks(doc, self.kb), self.kb, resolver)
        doc._.actors = apply_coref(doc, actors, self.kb, resolver.date)
        fill_quotes(doc)
        return doc


@Language.factory("dateline_actors")
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent(nlp, name)
