"""Small questions about a dependency parse, and about the records on a Doc by their offsets, that
several stages ask the same way."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token


def objects(prep: Token) -> list[Token]:
    """The objects of a preposition or agent phrase: "by Israel" → [Israel], "to Cairo" → [Cairo]."""
    return [g for g in prep.children if g.dep_ == "pobj"]


# Quantity words whose "of" object is what they count ("thousands of protesters").
QUANTITY_NOUNS = frozenset({"score", "dozen", "hundred", "thousand", "million", "number", "group", "some", "many",
                             "most", "all", "several", "one", "two", "three", "dozens", "hundreds", "thousands"})


def counted(tok: Token) -> Token:
    """The noun a quantity counts ("12 of 19 hostages" -> hostages), else the token."""
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
        objs = objects(prep)
        if objs:
            return objs[0]
    return tok


class ByOffset:
    """A Doc's records with character offsets (``start``, ``end``: actors, timexes, places) found by
    position with bisections, in the order of their list. Later stages ask "which records fall in
    this sentence / overlap this phrase" once per phrase; a scan of every record for each made them
    quadratic in the length of the article."""

    def __init__(self, items: list) -> None:
        self.items, self.size = items, len(items)
        self.order = sorted(range(len(items)), key=lambda i: items[i].start)
        self.starts = [items[i].start for i in self.order]
        self.longest = max((x.end - x.start for x in items), default=0)

    def describes(self, items: list | None) -> bool:
        """Whether the index is still that of ``items`` (the same list, nothing added since)."""
        return items is self.items and len(items) == self.size

    def add(self, item) -> None:
        """Append ``item`` to the indexed list and to the index."""
        pos = bisect_right(self.starts, item.start)
        self.starts.insert(pos, item.start)
        self.order.insert(pos, len(self.items))
        self.items.append(item)
        self.size += 1
        self.longest = max(self.longest, item.end - item.start)

    def starting_in(self, start: int, end: int) -> list:
        """The records starting in the characters [start, end)."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [self.items[i] for i in sorted(self.order[lo:hi])]

    def overlapping_at(self, start: int, end: int) -> list[int]:
        """The list positions of the records overlapping the characters [start, end), ascending."""
        lo = bisect_left(self.starts, start - self.longest)  # nothing starting earlier reaches ``start``
        hi = bisect_left(self.starts, end)
        return sorted(i for i in self.order[lo:hi] if self.items[i].end > start)

    def overlapping(self, start: int, end: int) -> list:
        """The records overlapping the characters [start, end)."""
        return [self.items[i] for i in self.overlapping_at(start, end)]

    def overlapping_any(self, spans) -> list:
        """The records overlapping any of the character spans ``(start, end)``."""
        hits = sorted({i for start, end in spans for i in self.overlapping_at(start, end)})
        return [self.items[i] for i in hits]


def by_offset(doc: Doc, name: str) -> ByOffset:
    """The index of ``doc._.<name>`` (kept in ``doc.user_data``, rebuilt when the list changed)."""
    items = getattr(doc._, name) if Doc.has_extension(name) else None
    key = ("dateline.by_offset", name)
    index = doc.user_data.get(key)
    if index is None or not index.describes(items):
        index = doc.user_data[key] = ByOffset(items if items is not None else [])
    return index


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and kept in ``doc.user_data``: spaCy joins every token's text on each
    access, and the time, quotes, actors and events stages each read it (four walks of a long article)."""
    text = doc.user_data.get("dateline_text")
    if text is None:
        text = doc.user_data["dateline_text"] = doc.text
    return text


def ents_in(span: Span) -> list[Span]:
    """``span.ents`` (the entities wholly inside ``span``) without spaCy's walk over every entity of the
    Doc, which made a look-up per phrase quadratic in the length of the article. The Doc's entities are
    listed once and kept in ``doc.user_data``: no stage changes them after the NER."""
    doc = span.doc
    cached = doc.user_data.get(("dateline.ents",))
    if cached is None:
        ents = list(doc.ents)
        cached = doc.user_data[("dateline.ents",)] = (ents, [e.start for e in ents])
    ents, starts = cached
    i, out = bisect_left(starts, span.start), []
    while i < len(ents) and ents[i].end <= span.end:
        out.append(ents[i])
        i += 1
    return out
