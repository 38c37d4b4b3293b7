"""Stage 5: actors — every actor mention resolved to a KB id and a dated PLOVER-style code.

The stage marks three kinds of words in the Doc: names the knowledge base knows (people,
organisations, countries — :mod:`dateline.knowledge.kb`), country words (demonyms, capitals, metonyms
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

Modules: :mod:`dateline.stages.actors.match` finds the marks and groups them into phrases,
:mod:`dateline.stages.actors.resolve` resolves the phrases; this module adds coreference, the
quotes' speakers, the public helpers (:func:`actor_at`, :func:`resolve_phrase`) and the component.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from functools import lru_cache

from spacy.tokens import Doc, Span

from dateline.knowledge import gazetteer as places
from dateline.knowledge.kb import KnowledgeBase, kb_of, normalize
from dateline.knowledge.lexicon import role_words
from dateline.model import ActorRef
from dateline.resources import read_table
from dateline.stages.actors.match import Mark, marks_in
from dateline.stages.actors.resolve import LOCAL, Resolver, in_place, namesake, place_mention, resolve_marks
from dateline.stages.coref import chains_at
from dateline.stages.syntax import QUANTITY_NOUNS, ByOffset, by_offset, counted, doc_text


# -- coreference and quotes ------------------------------------------------------------------
def _chains(doc: Doc) -> list:
    return (doc._.coref_chains or []) if Doc.has_extension("coref_chains") else []


def _overlaps(ref: ActorRef, start: int, end: int) -> bool:
    return ref.start < end and start < ref.end


def apply_coref(doc: Doc, actors: list[ActorRef], kb: KnowledgeBase, date: str | None) -> list[ActorRef]:
    """Carry each chain's resolved identity to its mentions; unresolved people take the chain id."""
    out = list(actors)
    index = ByOffset(out)  # grows with ``out``
    text = doc_text(doc)  # built once per Doc for every stage
    for chain in _chains(doc):
        mentions = sorted(set(chain.mentions))
        members = index.overlapping_any(mentions)
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
            if not index.overlapping_at(start, end) and not _other_kind(kb, text[start:end], best):
                ref = ActorRef(start=start, end=end, text=text[start:end])
                _copy_identity(ref, best, round(best.confidence * 0.8, 3))
                index.add(ref)
    return sorted(out, key=lambda a: (a.start, a.end))


def _other_kind(kb: KnowledgeBase, mention: str, best: ActorRef) -> bool:
    """A group noun of another sector than the chain's identity ("the government" chained with aid
    workers' "Sichuan Province"): a coreference slip, the identity is not copied."""
    words = mention.split()
    sector = kb.title_sector(words[-1]) if words else None
    return sector is not None and best.sector is not None and sector != best.sector


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
    hits = [a for a in kb.lookup(chain.name or "") if a.kind != "country" and not namesake(kb, a, chain.name, date)]
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
            if actor is None or not (ref.name or actor.start <= _head_char(doc, ref.start, ref.end) < actor.end):
                # a speaker the quote stage left unresolved keeps no name found elsewhere in its phrase:
                # "The plan, which came ... from the United States, stipulates" is not the United States
                continue
            if actor.actor_id and not actor.actor_id.startswith(LOCAL) or not ref.actor_id:
                ref.actor_id = actor.actor_id
            ref.name = actor.name or ref.name
            ref.country, ref.sector = actor.country, actor.sector


def _head_char(doc: Doc, start: int, end: int) -> int:
    """The character offset of the syntactic head of the text at [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root.idx if span is not None and len(span) else start


# -- public helpers --------------------------------------------------------------------------
def actor_at(doc: Doc, start: int, end: int) -> ActorRef | None:
    """The best resolved actor for a char span: the one covering the span's head, else the
    longest resolved one inside it; None when no actor overlaps the span."""
    actors = by_offset(doc, "actors").overlapping(start, end)
    if not actors:
        return None
    root = _head_char(doc, start, end)

    def score(a: ActorRef) -> tuple:
        # with none at the head, the first coded one: "The Red Cross operating in Iraq" is the Red Cross
        return (a.start <= root < a.end, a.country is not None or a.sector is not None,
                (a.start, a.end) == (start, end), -a.start, a.end - a.start)
    return max(actors, key=score)


def resolve_phrase(doc: Doc, span: Span) -> ActorRef | None:
    """Resolve any noun phrase ("the Israeli army", "Palestinian protesters", "the militant group")
    with the KB, titles, demonyms and coreference; offsets are the phrase's own."""
    def here(ref: ActorRef) -> ActorRef:
        return dataclasses.replace(ref, start=span.start_char, end=span.end_char, text=span.text)

    if not len(span):
        return None
    home = _the_country(doc, span)
    if home is not None:
        return here(home)
    root = span.root.idx
    found = actor_at(doc, span.start_char, span.end_char)
    if found is not None and found.start <= root < found.end and (found.country or found.sector):
        return here(found)
    kb = kb_of(doc)
    marks = marks_in(doc, kb, span.start, span.end)
    refs = [r for r in (resolve_marks(doc, marks, kb) if marks else []) if r.country or r.sector]
    if refs:  # the actor holding the head, else the first one: "the Red Cross operating in Iraq"
        best = max(refs, key=lambda r: (r.start <= root < r.end, -r.start, r.country is not None))
        if best.start <= root < best.end or best.country:
            return here(best)
    chain = _chain_at(doc, span.start_char, span.end_char)
    if chain is not None:
        members = by_offset(doc, "actors").overlapping_any(chain.mentions)
        best_chain = _chain_identity(members, chain, kb, Resolver(doc, kb).date)
        if best_chain is not None and not _other_kind(kb, span.root.text, best_chain):
            return here(best_chain)
    if refs:
        return here(refs[0])
    if found is not None:
        return here(found)
    return _bare_group(doc, span, marks, kb)


_COUNTRY_NOUNS = frozenset({"country", "nation"})


def _the_country(doc: Doc, span: Span) -> ActorRef | None:
    """"the country" / "the country's" names the country the article has named most often so far
    ("closed the country's borders" in an article on Niger -> NER), at a low confidence."""
    words = [t.lower_ for t in span if t.dep_ not in ("case", "punct")]
    if words not in (["the", "country"], ["the", "nation"]) and not (
            len(words) == 1 and words[0] in _COUNTRY_NOUNS and span.root.dep_ == "poss"):
        return None
    best = _countries_named(doc).most_named_before(span.start_char)
    if best is None:
        return None
    return ActorRef(start=span.start_char, end=span.end_char, text=span.text, actor_id="c:" + best,
                    name=kb_of(doc).country_names.get(best, best), country=best, sector=None, confidence=0.35)


class _CountriesNamed:
    """The country the article has named most often (as a country) before any offset, ties to the
    first code in alphabetical order: built once per Doc, as counting every actor for each "the
    country" was quadratic in article length."""

    def __init__(self, actors: list[ActorRef]) -> None:
        self.actors, self.size = actors, len(actors)
        named = sorted((a for a in actors if a.country and (a.actor_id or "").startswith("c:")), key=lambda a: a.start)
        self.starts = [a.start for a in named]
        self.best: list[str] = []  # best[k]: the pick among named[:k + 1]
        counts: dict[str, int] = {}
        top: str | None = None
        for a in named:
            counts[a.country] = counts.get(a.country, 0) + 1
            if top is None or counts[a.country] > counts[top] or (counts[a.country] == counts[top] and a.country < top):
                top = a.country
            self.best.append(top)

    def most_named_before(self, offset: int) -> str | None:
        k = bisect_left(self.starts, offset)  # the actors starting before ``offset``
        return self.best[k - 1] if k else None


def _per_doc(doc: Doc, key: str, build):
    """``build(actors)`` over the Doc's actors, kept on the Doc until its actors change."""
    actors = doc._.actors or []
    cached = doc.user_data.get(("dateline.actors", key))
    if cached is None or cached.actors is not actors or cached.size != len(actors):
        cached = doc.user_data[("dateline.actors", key)] = build(actors)
    return cached


def _countries_named(doc: Doc) -> _CountriesNamed:
    return _per_doc(doc, "countries", _CountriesNamed)


@lru_cache(maxsize=1)
def _stateless_words() -> frozenset[str]:
    """Modifiers of a group of no single country (``resources/kb/stateless_words.txt``)."""
    return frozenset(row[0].strip() for row in read_table("kb", "stateless_words.txt"))


def _bare_group(doc: Doc, span: Span, marks: list[Mark], kb: KnowledgeBase) -> ActorRef | None:
    """ "police", "demonstrators" with no country word: the title's sector and, at low confidence,
    a country of the sentence (else, of the article before it): the one the article names most
    often (an article about Burma quoting a U.S. diplomat: Burma's security forces), the nearest
    on ties."""
    head = span.root
    if head.lemma_.lower() in QUANTITY_NOUNS:  # "thousands of protesters": the counted group
        head = counted(head)
    titles = [m for m in marks if m.kind == "title" and m.start <= head.i < m.end]
    if not titles:
        return None
    sector = kb.title_sector(doc[titles[0].start:titles[0].end].text)
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    # a news outlet and its reporters ("VOA's correspondent", "they") or a company ("Facebook videos
    # show thousands of opposition supporters marching") only when nothing else is named
    known = _known_actors(doc)
    in_sent = by_offset(doc, "actors").starting_in(sent.start_char, sent.end_char)
    near = [a for a in in_sent if _lends_country(a) and not _overlaps(a, span.start_char, span.end_char)] or [
        a for a in in_sent if a.country and not _overlaps(a, span.start_char, span.end_char)
        and sector in ("JRN", "GOV", None)]
    near = [a for a in near if not place_mention(doc, a)] or near  # "troops pulled out of Lebanon" are not Lebanese
    near = [a for a in near if not _abroad(a)]  # "a French diplomat in Rangoon said security forces fired"
    if sector in ("MIL", "COP"):  # who reports the forces' act is not their side, when another is named
        near = [a for a in near if not _reporter(doc, a)] or near
    if sector == "MIL" or head.lemma_.lower() in role_words("hostage_nouns"):
        # forces strike abroad ("Israeli planes bombed ..., while tanks shelled Rafah"), hostages are
        # held abroad ("released hostages pleaded with Netanyahu to free the captives in Gaza")
        near = [a for a in near if not in_place(doc, a)] or near
    if not near:  # "military and police forces withdrew": the country the article has named so far
        # (its people count: "South Korea President Yoon" makes an article South Korea's, not North Korea's)
        before = known.best_before(span.start_char)
        near = [before] if before is not None else []
    ref = ActorRef(start=span.start_char, end=span.end_char, text=span.text, name=span.text, sector=sector,
                   confidence=0.3)
    if any(t.lower_ in _stateless_words() for t in span):
        near = []  # "other world leaders", "foreign diplomats": of no one country
    if near and sector not in ("IGO", "NGO"):  # "the international community" is of no country
        counts = known.counts
        best = min(near, key=lambda a: (-counts.get(a.country, 0), abs(a.start - span.start_char))).country
        ref.country, ref.actor_id, ref.confidence = best, "c:" + best, 0.4
    return ref


def _lends_country(actor: ActorRef) -> bool:
    """A coded actor that is not a news outlet or a company: a bare group may take its country."""
    return bool(actor.country) and actor.sector not in ("JRN", "BUS")


class _KnownActors:
    """The actors of a Doc that lend their country (:func:`_lends_country`), how often the article
    names each country, and for any offset the one a bare group with no actor in its sentence takes:
    the most named country's, the nearest ending before the offset. Built once per Doc: a scan of
    every actor for each bare group was quadratic in article length."""

    def __init__(self, actors: list[ActorRef]) -> None:
        self.actors, self.size = actors, len(actors)
        known = [(n, a) for n, a in enumerate(actors) if _lends_country(a)]
        self.counts: dict[str, int] = {}
        for _, a in known:
            self.counts[a.country] = self.counts.get(a.country, 0) + 1
        by_end = sorted(known, key=lambda pair: pair[1].end)
        self.ends = [a.end for _, a in by_end]
        self.best: list[ActorRef] = []  # best[k]: the pick among by_end[:k + 1]
        top: tuple[tuple[int, int, int], ActorRef] | None = None
        for n, a in by_end:
            # most named, then nearest (latest start), then first in the list: min()'s order in _bare_group
            key = (self.counts[a.country], a.start, -n)
            if top is None or key > top[0]:
                top = (key, a)
            self.best.append(top[1])

    def best_before(self, offset: int) -> ActorRef | None:
        """The pick among the actors ending at or before ``offset``."""
        k = bisect_right(self.ends, offset)
        return self.best[k - 1] if k else None


def _known_actors(doc: Doc) -> _KnownActors:
    return _per_doc(doc, "known", _KnownActors)


def _reporter(doc: Doc, ref: ActorRef) -> bool:
    """The subject of a reporting verb ("a French diplomat said ...")."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "nsubj" and \
        span.root.head.lemma_.lower() in places.cues()["reporting_verbs"]


def _abroad(ref: ActorRef) -> bool:
    """A person placed in another country ("a French diplomat in Rangoon"): a foreign observer,
    whose nationality the groups of the sentence do not share."""
    head, sep, where = ref.text.rpartition(" in ")
    if not sep or not head:
        return False
    entry = places.lookup(where)
    return entry is not None and entry.country is not None and entry.country != ref.country


def _chain_at(doc: Doc, start: int, end: int):
    """The first chain with a mention overlapping [start, end)."""
    if not Doc.has_extension("coref_chains"):
        return None
    found = chains_at(doc, start, end)
    return found[0] if found else None
