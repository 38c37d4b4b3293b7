"""Actor marking: the words of a Doc the actors stage recognises, and the phrases they form.

:func:`find_marks` finds names the knowledge base knows (people, organisations, countries),
country words (demonyms, capitals, metonyms, regions), title/group nouns and the NER's
PERSON/ORG/GPE/NORP/LOC/FAC entities, with PhraseMatchers built once per KB and vocab.
:func:`group_phrases` joins runs of marks separated only by filler words into noun phrases
("Israeli Prime Minister Benjamin Netanyahu"), titles with their place ("rebels in Darfur")
and appositions ("Israel's president, Isaac Herzog"). Resolution is in
:mod:`dateline.stages.actors.resolve`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from dateline.knowledge.kb import KnowledgeBase, fold, is_case_sensitive, normalize
from dateline.stages.syntax import ByOffset

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# Words that may sit between the marks of one noun phrase without ending it ("Vietnamese-led
# forces" are Vietnamese; "-backed" is left out on purpose: US-backed rebels are not American).
FILLERS = {"a", "an", "the", "'s", "’s", "'", "’", "-", "former", "then", "ex", "acting", "interim", "senior",
           "top", "other", "some", "several", "many", "two", "three", "few", "his", "her", "its", "their",
           "of", "deputy", "vice", "chief", "new", "outgoing", "incoming", "elected", "ousted", "exiled", "led"}
# Prepositions that tie a title to the country it belongs to: "president of Armenia", "rebels in Darfur".
WHERE = {"of", "in", "from", "throughout", "across"}
FORMER = {"former", "ex", "ousted", "exiled", "late", "deposed"}
# Priority of mark kinds when spans tie in length: a KB name beats a title beats an NER label.
PRIORITY = {"actor": 3, "country": 2, "title": 1, "ent": 0}


@dataclass
class Mark:
    """A stretch of tokens the stage recognised: a KB name, a country word, a title or an entity."""

    start: int  # token indices
    end: int
    kind: str  # actor, country, title, ent
    label: str = ""  # NER label when known
    inner: list[Mark] = field(default_factory=list)  # marks inside an unknown entity
    person: bool = False  # a KB name of a person


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


# "US-backed rebels", "Iranian-funded militias": the sponsor is not the group's country; nor is the
# occupier the place's ("the Israeli-occupied West Bank", "Russian-held Crimea").
SPONSORED = {"backed", "supported", "sponsored", "funded", "armed", "trained", "allied", "aligned", "inspired",
             "occupied", "controlled", "held", "annexed", "administered"}


def _sponsor(doc: Doc, end: int) -> bool:
    """The name is the sponsor of what follows ("US-backed"), not its owner."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in SPONSORED


def find_marks(doc: Doc, kb: KnowledgeBase) -> list[Mark]:
    """The non-overlapping marks of ``doc`` (longest first; KB names win ties)."""
    matchers = matchers_for(kb, doc)
    raw: list[Mark] = []
    for matcher in (matchers.lower, matchers.exact):
        for match_id, start, end in matcher(doc):
            kind = doc.vocab.strings[match_id]
            if kind == "title" or _capitalized(doc[start:end]):
                raw.append(Mark(start, end, kind))
    raw = [m for m in raw if not (_negated(doc, m.start) or m.kind != "title" and _sponsor(doc, m.end))]
    people = [m for m in raw if m.kind == "actor" and _names_person(kb, doc[m.start:m.end])]
    for mark in people:
        mark.person = True
    people_at = ByOffset(people)  # a scan of every mark for each entity was quadratic
    for ent in doc.ents:
        # an entity swallowing a known person's name ("Following Netanyahu's") is an NER slip
        negated = _negated(doc, ent.start) or _negated(doc, ent.start + 2) or _sponsor(doc, ent.end)
        if ent.label_ in ENTITY_LABELS and not negated and not any(
                p.end <= ent.end and (p.end - p.start) < len(ent)
                and not _other_person(doc, kb, ent.start, ent.label_, p)
                for p in people_at.starting_in(ent.start, ent.end)):
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
    _label_from_entities(doc, kb, kept, raw)
    return sorted(kept, key=lambda m: m.start)


def _other_person(doc: Doc, kb: KnowledgeBase, start: int, label: str, mark: Mark) -> bool:
    """A person entity whose known name is only its last part, after given names no name of that KB person
    holds ("Lazaro Gonzalez" holding the alias "Gonzalez" of Edmundo González): someone else of that name,
    not an NER slip ("Following Netanyahu's") nor a fuller name ("Hillary Rodham Clinton")."""
    before = doc[start: mark.start]
    if label != "PERSON" or not mark.person or not len(before) or not all(
            t.pos_ == "PROPN" and t.is_alpha and t.is_title for t in before):
        return False
    names = {normalize(w) for a in kb.lookup(doc[mark.start: mark.end].text) if a.kind == "person"
             for n in (a.name, *a.aliases) for w in n.split()}
    return not any(normalize(t.text) in names for t in before)


def _label_from_entities(doc: Doc, kb: KnowledgeBase, kept: list[Mark], raw: list[Mark]) -> None:
    """Give KB marks the NER label of the entity they coincide with; keep the marks inside entities."""
    ents = {(m.start, m.end): m.label for m in raw if m.kind == "ent"}
    others = ByOffset([m for m in raw if m.kind != "ent"])  # in raw's order, which the inner lists keep
    for mark in kept:
        if mark.kind != "ent":
            mark.label = ents.get((mark.start, mark.end), "")
            continue
        mark.inner = [m for m in others.starting_in(mark.start, mark.end) if m.end <= mark.end
                      and not (m.end == mark.end and _other_person(doc, kb, mark.start, mark.label, m))]


def marks_in(doc: Doc, kb: KnowledgeBase, start: int, end: int) -> list[Mark]:
    """The marks overlapping the tokens [start, end): from the actors stage's ``doc._.actor_marks``
    (found once per Doc: finding them afresh for every phrase made later stages quadratic), else
    found now."""
    marks = doc._.actor_marks if Doc.has_extension("actor_marks") else None
    if marks is None or (doc._.knowledge if Doc.has_extension("knowledge") else None) is not kb:
        marks = find_marks(doc, kb)
    return marks_within(marks, start, end)


def marks_within(marks: list[Mark], start: int, end: int) -> list[Mark]:
    """The marks of a Doc (sorted and non-overlapping, as :func:`find_marks` returns them) that
    overlap the tokens [start, end): their ends rise with their starts, so one bisection finds the first."""
    i = bisect_right(marks, start, key=lambda m: m.end)
    out = []
    while i < len(marks) and marks[i].start < end:
        out.append(marks[i])
        i += 1
    return out


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
        headlike = prev is not None and (prev.kind == "title" or ethnic(doc, prev) or people_of(doc, prev))
        if joined and any(t.lower_ in WHERE for t in gap) and not (headlike and _places(mark)):
            joined = False  # "Palestinians in Israel" is two phrases; "rebels in Darfur" one
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
            if prev[-1].kind == "title" and _is_person(group[-1]) and not any(_is_name(m) for m in prev):
                merged[-1] = prev + group  # "Israel's ceremonial president, Isaac Herzog"
                continue
            if _is_name(prev[-1]) and group[-1].kind == "title":
                merged[-1] = group + prev  # "Isaac Herzog, Israel's president": the name stays the head
                continue
        merged.append(group)
    return merged


def ethnic(doc: Doc, mark: Mark) -> bool:
    """ "ethnic Albanians": a people, not the state of Albania."""
    return mark.kind == "country" and mark.start > 0 and doc[mark.start - 1].lower_ == "ethnic"


def people_of(doc: Doc, mark: Mark) -> bool:
    """ "Albanians of southern Serbia", "Kurds of northern Iraq": a people belonging to the place
    after "of" (the GSR codes them with that place's country; "Americans in Iraq" stay American)."""
    return (mark.kind == "country" and doc[mark.end - 1].tag_ in ("NNS", "NNPS") and mark.end < len(doc)
            and doc[mark.end].lower_ == "of")


def _places(mark: Mark) -> bool:
    return mark.kind in ("country", "actor") or mark.label in ("GPE", "NORP")


def _comma_between(doc: Doc, left: Mark, right: Mark) -> bool:
    gap = doc[left.end:right.start]
    return 1 <= len(gap) <= 3 and gap[0].text == "," and all(t.text == "," or _is_filler(t) for t in gap)


def _is_person(mark: Mark) -> bool:
    """A person's name: "the refugees, the UN refugee agency" is no apposition of a person."""
    return mark.label == "PERSON" or (mark.kind == "actor" and mark.label == "" and mark.person)


def _is_name(mark: Mark) -> bool:
    return mark.label == "PERSON" or (mark.kind == "actor" and mark.label in ("", "PERSON"))


def title_of_first(doc: Doc, group: list[Mark]) -> list[Mark]:
    """ "president of Armenia", "rebels in Darfur": the title before the preposition is the head."""
    for i, mark in enumerate(group[:-1]):
        has_of = any(t.lower_ in WHERE for t in doc[mark.end:group[i + 1].start])
        headlike = mark.kind == "title" or ethnic(doc, mark) or people_of(doc, mark)
        if headlike and has_of and not any(_is_name(m) for m in group[i + 1:]):
            return group[:i] + group[i + 1:] + [mark]
    return group


def coordinated(doc: Doc, group: list[Mark], following: list[Mark]) -> bool:
    """A lone country word coordinated with a "country word + title" phrase."""
    if len(group) != 1 or group[0].kind != "country" or len(following) < 2 or following[-1].kind != "title":
        return False
    gap = doc[group[0].end:following[0].start]
    return 1 <= len(gap) <= 2 and all(t.lower_ in ("and", "or", ",") for t in gap) and following[0].kind == "country"
