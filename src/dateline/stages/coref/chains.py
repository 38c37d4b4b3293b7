"""Stage 3: dateline's own coreference — names, surnames, titles and pronouns into chains.

Rule- and data-driven, linear in the document: NER names are grouped into chains (a surname
joins the nearest chain whose full name ends with it), titles seen beside a name ("Israeli Prime
Minister Benjamin Netanyahu", "Israel's president, Isaac Herzog") are remembered, definite
descriptions ("the prime minister", "the group") join the most recent chain with that title or
type, and third-person pronouns join the most recent compatible mention, subjects first.
The lexicons live in ``dateline/resources/quotes/`` (descriptions.tsv, pronouns.tsv).
Chains are stored on ``doc._.coref_chains``; :func:`chain_at` finds the chain of a span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from dateline import resources
from dateline.model import record_id
from dateline.stages.syntax import ByOffset

RESOURCES = resources.ROOT / "quotes"
NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP")
POSSESSIVE = {"'s", "'", "’s", "’"}
DEFINITE = {"the", "this", "that"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PRONOUN_WINDOW = 2  # sentences before the pronoun's own that may hold its antecedent
DESCRIPTION_WINDOW = 4  # same for untitled descriptions ("the group")



@dataclass(slots=True)
class Chain:
    """One entity in one document and every span that refers to it."""

    id: str  # "local:" + a hash of the article id, label and canonical name
    name: str  # canonical name: the fullest proper name seen ("Benjamin Netanyahu")
    label: str  # PERSON, ORG, GPE, NORP
    mentions: list[tuple[int, int]] = field(default_factory=list)  # char spans, in text order
    kinds: list[str] = field(default_factory=list)  # per mention: name, surname, description, pronoun
    titles: list[str] = field(default_factory=list)  # title heads seen with the name ("prime minister")
    gender: str | None = None  # "m" or "f" when a first name, honorific or pronoun told it

    def kind_at(self, start: int, end: int) -> str | None:
        """The kind of the mention overlapping [start, end), if any."""
        for (ms, me), kind in zip(self.mentions, self.kinds, strict=True):
            if ms < end and start < me:
                return kind
        return None


def read_table(name: str) -> list[list[str]]:
    """Rows of a TSV file in dateline/resources/quotes (comments and blank lines skipped)."""
    return resources.read_table("quotes", name)


@lru_cache(maxsize=1)
def descriptions() -> dict[str, str]:
    """Description head ("prime minister", "group") -> the label it refers to."""
    return {row[0]: row[1] for row in read_table("descriptions.tsv")}


@lru_cache(maxsize=1)
def pronouns() -> dict[str, tuple[frozenset[str], str | None]]:
    """Pronoun -> (the labels of entities it may refer to, its gender or None)."""
    return {r[0]: (frozenset(r[1].split(",")), None if r[2] == "-" else r[2]) for r in read_table("pronouns.tsv")}


@lru_cache(maxsize=1)
def gender_words() -> dict[str, str]:
    """Honorific or first name (lower case) -> "m" or "f"."""
    return {row[0]: row[1] for row in read_table("gender.tsv")}


def _name_gender(span: Span) -> str | None:
    """Gender told by the honorific before a name ("Mrs. Clinton") or its first name."""
    table = gender_words()
    before = span.doc[span.start - 1].lower_ if span.start else ""
    return table.get(before) or (table.get(span[0].lower_) if len(span) > 1 else None)


# --- names -----------------------------------------------------------------------------------


def _trim(ent: Span) -> Span | None:
    """The name proper: no leading "Following"/"the", no trailing possessive."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (
        doc[start].lower_ in DEFINITE
        or doc[start].is_punct
        or (ent.label_ == "PERSON" and doc[start].pos_ != "PROPN")
    ):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


def _words(span: Span) -> tuple[str, ...]:
    return tuple(t.text for t in span if not t.is_punct)


class _Builder:
    """Accumulates chains for one doc; mentions are added in any order and sorted at the end."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.chains: list[Chain] = []
        self.by_token: dict[int, Chain] = {}  # token index -> chain, for every mention token
        self.sent_of = {t.i: i for i, s in enumerate(doc.sents) for t in s}

    def add(self, chain: Chain, span: Span, kind: str) -> None:
        chain.mentions.append((span.start_char, span.end_char))
        chain.kinds.append(kind)
        for t in span:
            self.by_token[t.i] = chain

    def new(self, name: str, label: str) -> Chain:
        chain = Chain(id="", name=name, label=label)
        self.chains.append(chain)
        return chain


def _add_names(b: _Builder) -> list[tuple[Span, Chain]]:
    """Group NER names into chains; returns each name span with its chain."""
    ents = [(s, e.label_) for e in b.doc.ents if e.label_ in NAME_LABELS if (s := _trim(e)) is not None]
    person_words = {w for s, label in ents if label == "PERSON" for w in _words(s)}
    found: list[tuple[Span, Chain]] = []
    last_seen: dict[int, int] = {}  # id(chain) -> token index of its latest mention
    # Full names first so that a surname seen before its full name still joins it.
    for span, label in sorted(ents, key=lambda x: (-len(_words(x[0])), x[0].start)):
        if label != "PERSON" and len(span) == 1 and span.text in person_words:
            label = "PERSON"  # "Blinken" tagged GPE where "Antony Blinken" is a PERSON
        chain = _match_name(b, span, label, last_seen)
        if chain is None:
            chain = b.new(" ".join(_words(span)), label)
        b.add(chain, span, "name" if " ".join(_words(span)) == chain.name else "surname")
        if label == "PERSON":
            chain.gender = chain.gender or _name_gender(span)
        last_seen[id(chain)] = max(last_seen.get(id(chain), -1), span.start)
        found.append((span, chain))
    _add_bare_surnames(b, last_seen)
    return found


def _add_bare_surnames(b: _Builder, last_seen: dict[int, int]) -> None:
    """Surnames the NER missed ("... Doe said") join the chain of that full name."""
    by_surname: dict[str, list[Chain]] = {}
    for c in b.chains:
        if c.label == "PERSON" and " " in c.name:
            by_surname.setdefault(c.name.split()[-1], []).append(c)
    doc = b.doc
    for tok in doc:
        chains = by_surname.get(tok.text)
        if not chains or tok.i in b.by_token or tok.pos_ not in {"PROPN", "NOUN"} or not tok.is_title:
            continue  # the small model tags a sentence-initial "Trump" as a common noun
        if any(0 <= j < len(doc) and doc[j].pos_ == "PROPN" for j in (tok.i - 1, tok.i + 1)):
            continue  # part of a longer, different name
        chain = max(chains, key=lambda c: (last_seen.get(id(c), -1) < tok.i, last_seen.get(id(c), -1)))
        b.add(chain, doc[tok.i : tok.i + 1], "surname")


def _match_name(b: _Builder, span: Span, label: str, last_seen: dict[int, int]) -> Chain | None:
    words = _words(span)
    key = " ".join(words).lower()
    same = [c for c in b.chains if c.label == label]
    for c in same:
        if c.name.lower() == key:
            return c
    if label != "PERSON":
        return None
    # A surname (or first + last) joins the chain whose full name ends with it; among several
    # ("Bill Clinton", "Hillary Clinton") the one mentioned closest before wins.
    cands = [c for c in same if set(words) <= set(c.name.split()) and c.name.split()[-1] in words]
    if not cands:
        return None
    return max(cands, key=lambda c: (last_seen.get(id(c), -1) < span.start, last_seen.get(id(c), -1)))


# --- titles and descriptions -----------------------------------------------------------------


def _title_at(doc: Doc, i: int) -> str | None:
    """The lexicon title ending at doc[i] (two words before one: "prime minister")."""
    table = descriptions()
    if i > 0:
        pair = f"{doc[i - 1].lower_} {doc[i].lower_}"
        if pair in table:
            return pair
    word = doc[i].lower_
    return word if word in table else None


def _collect_titles(b: _Builder, names: list[tuple[Span, Chain]]) -> None:
    """Remember titles written beside a name: left modifiers and appositions."""
    doc = b.doc
    for span, chain in names:
        if chain.label != "PERSON":
            continue
        cands: list[Token] = []
        i = span.start - 1
        # Walk left over the modifiers; other names ("Hamas official", "Israeli") may sit among
        # them, but another person's name ends the walk.
        while i >= 0 and doc[i].pos_ in {"PROPN", "NOUN", "ADJ", "ADP", "PART"} and not _is_person(b, i):
            cands.append(doc[i])
            i -= 1
        root = span.root
        if root.dep_ == "appos":
            cands.append(root.head)
        cands.extend(c for c in root.children if c.dep_ == "appos")
        for tok in cands:
            title = _title_at(doc, tok.i)
            if title and descriptions()[title] == "PERSON" and title not in chain.titles:
                chain.titles.append(title)


def _is_person(b: _Builder, i: int) -> bool:
    chain = b.by_token.get(i)
    return chain is not None and chain.label == "PERSON"


def _add_descriptions(b: _Builder) -> None:
    """Definite descriptions ("the prime minister", "the group") join an earlier chain."""
    doc, table = b.doc, descriptions()
    heads = {t.split()[-1] for t in table}
    for tok in doc:
        if tok.lower_ not in heads or tok.pos_ not in {"NOUN", "PROPN"} or tok.i in b.by_token:
            continue
        title = _title_at(doc, tok.i)
        det = next((c for c in tok.children if c.dep_ == "det" and c.i < tok.i), None)
        if det is None or det.lower_ not in DEFINITE or title is None:
            continue
        if any(c.dep_ in {"compound", "appos"} and c.i in b.by_token for c in tok.children):
            continue  # "the group Hamas": the name is the mention
        chain = _description_antecedent(b, tok, title, table[title])
        if chain is not None:
            b.add(chain, doc[det.i : tok.i + 1], "description")


def _description_antecedent(b: _Builder, tok: Token, title: str, label: str) -> Chain | None:
    before = [c for c in b.chains if c.label == label and _last_before(b, c, tok.idx) is not None]
    head = title.split()[-1]
    titled = [c for c in before if title in c.titles or head in c.titles or head in c.name.lower().split()]
    if titled:
        return max(titled, key=lambda c: _last_before(b, c, tok.idx))
    if label == "PERSON":
        return None  # an untitled "the president" is too risky to guess
    near = [c for c in before if b.sent_of[tok.i] - _sent_at(b, _last_before(b, c, tok.idx)) <= DESCRIPTION_WINDOW]
    return max(near, key=lambda c: _last_before(b, c, tok.idx)) if near else None


def _last_before(b: _Builder, chain: Chain, char: int) -> int | None:
    starts = [s for s, _ in chain.mentions if s < char]
    return max(starts) if starts else None


def _sent_at(b: _Builder, char: int) -> int:
    tok = b.doc.char_span(char, char + 1, alignment_mode="expand")
    return b.sent_of[tok.start] if tok is not None and len(tok) else 0


# --- pronouns --------------------------------------------------------------------------------


def _add_pronouns(b: _Builder) -> None:
    """Third-person pronouns join the closest compatible mention: same sentence, then earlier ones."""
    doc, table = b.doc, pronouns()
    sents = list(doc.sents)
    for tok in doc:
        entry = table.get(tok.lower_)
        if entry is None or tok.pos_ != "PRON":
            continue
        labels, gender = entry
        sent_i = b.sent_of[tok.i]
        for j in range(sent_i, max(-1, sent_i - PRONOUN_WINDOW - 1), -1):
            chain = _antecedent_in(b, sents[j], tok, labels, gender)
            if chain is not None:
                b.add(chain, doc[tok.i : tok.i + 1], "pronoun")
                chain.gender = chain.gender or gender
                break


def _antecedent_in(b: _Builder, sent: Span, pron: Token, labels: frozenset[str], gender: str | None) -> Chain | None:
    """The best antecedent in one sentence: a subject first, then the closest mention."""
    cands: list[tuple[bool, int, Chain]] = []
    for t in sent:
        if t.i >= pron.i:
            break
        chain = b.by_token.get(t.i)
        if chain is None or chain.label not in labels or t.dep_ == "poss" and t.head.i == pron.i:
            continue
        if gender and chain.gender and chain.gender != gender:
            continue  # "she" never joins a chain known to be a man's
        is_subject = t.dep_ in SUBJECT_DEPS or t.head.dep_ in SUBJECT_DEPS and t.dep_ in {"compound", "appos"}
        cands.append((is_subject, t.i, chain))
    return max(cands, key=lambda c: (c[0], c[1]))[2] if cands else None


# --- the component ---------------------------------------------------------------------------


def build_chains(doc: Doc) -> list[Chain]:
    """All chains of ``doc``, each with sorted mentions, ordered by first mention."""
    b = _Builder(doc)
    names = _add_names(b)
    _collect_titles(b, names)
    _add_descriptions(b)
    _add_pronouns(b)
    article_id = doc._.article.id if doc._.article is not None else ""
    for chain in b.chains:
        pairs = sorted(zip(chain.mentions, chain.kinds, strict=True))
        chain.mentions = [p[0] for p in pairs]
        chain.kinds = [p[1] for p in pairs]
        chain.id = "local:" + record_id(article_id, "chain", chain.label, chain.name)
    return sorted(b.chains, key=lambda c: c.mentions[0])


def chain_at(doc: Doc, start: int, end: int) -> Chain | None:
    """The chain with a mention overlapping [start, end); the one holding the span's head wins."""
    span = doc.char_span(start, end, alignment_mode="expand")
    root = span.root.idx if span is not None and len(span) else None
    best: tuple[tuple[bool, int], Chain] | None = None
    for ms, me, chain in _mentions_overlapping(doc, start, end):
        key = (root is not None and ms <= root < me, min(end, me) - max(start, ms))
        if best is None or key > best[0]:
            best = (key, chain)
    return best[1] if best else None


def chains_at(doc: Doc, start: int, end: int) -> list[Chain]:
    """The chains with a mention overlapping [start, end), in their order on the Doc."""
    out: list[Chain] = []
    for _, _, chain in _mentions_overlapping(doc, start, end):
        if not any(c is chain for c in out):
            out.append(chain)
    return out


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    chain: Chain


def _mentions_overlapping(doc: Doc, start: int, end: int) -> list[tuple[int, int, Chain]]:
    """(start, end, chain) of the mentions overlapping [start, end), chain by chain in the Doc's order
    and in each chain's order: a look-up by offset, as a scan of every chain for each of the quotes
    and phrases that ask made them quadratic in the length of the article."""
    chains = doc._.coref_chains or []
    key = ("dateline.coref", "mentions")
    cached = doc.user_data.get(key)
    if cached is None or cached[0] is not chains or cached[1] != len(chains):
        flat = [_Mention(ms, me, chain) for chain in chains for ms, me in chain.mentions]
        cached = doc.user_data[key] = (chains, len(chains), ByOffset(flat))
    return [(m.start, m.end, m.chain) for m in cached[2].overlapping(start, end)]
