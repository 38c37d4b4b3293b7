"""The quote holding a character offset, for later stages (the events stage's ``quote_id``)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from dateline.model import Quote
from dateline.stages.syntax import ByOffset


@dataclass(frozen=True, slots=True)
class _Part:
    start: int
    end: int
    quote: int  # position in doc._.quotes


def quote_at(doc: Doc, offset: int) -> Quote | None:
    """The first quote (in ``doc._.quotes``' order) with a content span holding ``offset``: found by
    offset, as a scan of every quote for each event was quadratic in the length of the article."""
    quotes = (doc._.quotes or []) if Doc.has_extension("quotes") else []
    cached = doc.user_data.get(("dateline.quotes", "parts"))
    if cached is None or cached[0] is not quotes or cached[1] != len(quotes):
        parts = ByOffset([_Part(c.start, c.end, n) for n, q in enumerate(quotes) for c in q.content])
        cached = doc.user_data[("dateline.quotes", "parts")] = (quotes, len(quotes), parts)
    holding = [p.quote for p in cached[2].overlapping(offset, offset + 1)]
    return quotes[min(holding)] if holding else None
