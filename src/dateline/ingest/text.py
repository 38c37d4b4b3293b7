"""Dated plain text: the seed format.

A document starts with its date line — `` date 2024-02-08`` (leading space optional,
``date:`` accepted, month-only dates and ISO timestamps too) — and the article follows after
a space or a newline. The title is not marked: a short line without end punctuation among the first
lines, above the first paragraph and followed by more text, is taken as the title (and stays in the
text, so offsets are stable); bylines, timestamps, navigation and consent lines are skipped
(:mod:`dateline.ingest.headlines`).
"""

from __future__ import annotations

import re

from dateline.ingest.common import RejectedDocument, make_article, normalize_text
from dateline.ingest.headlines import guess_title
from dateline.model import Article

DATE_LINE = re.compile(
    r"^\s*date\s*:?\s*(?P<date>\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}[^\s]*)?)?)(?:[ \t]+|\n|$)", re.I
)


def split_date_line(text: str) -> tuple[str | None, str]:
    """(date string or None, body) of a dated-text document."""
    m = DATE_LINE.match(text)
    if not m:
        return None, text
    return m["date"], text[m.end() :]


def article_from_dated_text(
    text: str,
    *,
    source: str,
    default_date: str | None = None,
    override_date: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
) -> Article:
    """Build an Article from a dated-text document.

    ``default_date`` is used when the document has no date line; ``override_date`` wins over
    the date line. Without either and without a date line the document is rejected. ``title``
    (e.g. from a folder's index.tsv) wins over the guessed first-line title.
    """
    text = normalize_text(text)
    found, body = split_date_line(text)
    date_value = override_date or found or default_date
    if date_value is None:
        raise RejectedDocument("date", "no date line (the text must start with ' date YYYY-MM-DD'; or pass --date)")
    body = normalize_text(body)
    return make_article(body, date_value, source=source, title=title or guess_title(body), url=url, outlet=outlet)
