"""What every reader shares: article ids, decoding, date parsing and document checks."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from spacy.lang.en.stop_words import STOP_WORDS

from dateline.model import Article, Rejection, record_id

# spaCy's default max_length; longer texts need too much memory to parse in one piece.
MAX_CHARS = 1_000_000
ENGLISH_MIN_STOPWORD_RATIO = 0.15  # English news prose runs at 0.35-0.50; other languages near 0
LANGUAGE_CHECK_MIN_WORDS = 25
ENGLISH_MIN_LATIN_SHARE = 0.5  # of a document's letters; names in other scripts stay well below half
MAX_DATE_CHARS = 64  # the longest date string worth parsing; longer is not a date
MAX_MESSAGE_CHARS = 300


class RejectedDocument(Exception):
    """Raised by readers for one bad document; becomes a :class:`Rejection`."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def rejection(source: str, reason: str, message: str) -> Rejection:
    """A Rejection the store and stderr can take: UTF-8 fields, a short one-line message."""
    source, message = storable(source), one_line(message, MAX_MESSAGE_CHARS)
    return Rejection(id=record_id(source, reason, message), source=source, reason=reason, message=message)


def storable(value: str) -> str:
    """``value`` with lone surrogates (e.g. from a file name or a WARC header) escaped: UTF-8 cannot hold them."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def one_line(value: str, limit: int) -> str:
    """``value`` on one line of at most ``limit`` characters, storable."""
    value = " ".join(storable(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def quoted(value: str, limit: int = 40) -> str:
    """A short quotation of an input value for a message: its repr, cut to ``limit`` characters."""
    text = repr(value[: limit + 1])
    return text if len(value) <= limit else text[:-1] + "…" + text[-1]


def normalize_text(text: str) -> str:
    """NFC, unified newlines, no trailing spaces on lines, no surrounding blank lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def article_id(text: str, date_value: str, url: str | None) -> str:
    """Stable id: hash of whitespace-normalized text + date + url."""
    return record_id(" ".join(text.split()), date_value, url or "")


_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE_RE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2})(?P<time>[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?)?$"
)


def parse_date(value: str) -> tuple[str, str]:
    """Validate an article date; return (ISO value, granularity).

    Accepts ``YYYY-MM-DD``, ``YYYY-MM`` (month granularity) and ISO timestamps.
    Raises :class:`RejectedDocument` for anything else or an impossible date.
    """
    value = value.strip()
    m = _DATE_RE.match(value) if len(value) <= MAX_DATE_CHARS else None
    if not m:
        raise RejectedDocument(
            "date", f"unreadable date {quoted(value)} (expected YYYY-MM-DD, YYYY-MM or an ISO timestamp)"
        )
    year, month = int(m["y"]), int(m["m"])
    try:
        if m["d"] is None:
            date(year, month, 1)
            return f"{year:04d}-{month:02d}", "month"
        if m["time"] is None:
            return date(year, month, int(m["d"])).isoformat(), "day"
        stamp = datetime.fromisoformat(value.replace(" ", "T", 1).replace("Z", "+00:00"))
        return stamp.isoformat(), "time"
    except ValueError as exc:
        raise RejectedDocument("date", f"impossible date {quoted(value)}: {exc}") from None


def decode(data: bytes, encoding: str | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or an explicit ``encoding``.

    Binary data and text that is not valid in the encoding are rejected, never guessed.
    """
    if not data.strip():
        raise RejectedDocument("empty", "empty document")
    if encoding is None and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    if encoding is None and b"\x00" in data[:8192]:
        raise RejectedDocument("binary", "binary file (NUL bytes), not text")
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RejectedDocument(
            "encoding",
            f"not valid {encoding or 'UTF-8'} at byte {exc.start} (mixed or wrong encoding; pass --encoding)",
        ) from None
    except LookupError:
        raise RejectedDocument("encoding", f"unknown encoding {encoding!r}") from None
    controls = sum(1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise RejectedDocument("binary", "binary file (control characters), not text")
    return text


def check_text(text: str) -> None:
    """Reject documents the pipeline cannot use: empty, too large, not English."""
    if not text.strip():
        raise RejectedDocument("empty", "no article text")
    if len(text) > MAX_CHARS:
        raise RejectedDocument("too-large", f"article has {len(text):,} characters; the limit is {MAX_CHARS:,}")
    check_script(text[:20000])
    words = re.findall(r"\w+", text[:20000].lower())
    if len(words) >= LANGUAGE_CHECK_MIN_WORDS:
        ratio = sum(w in STOP_WORDS for w in words) / len(words)
        if ratio < ENGLISH_MIN_STOPWORD_RATIO:
            raise RejectedDocument("language", f"not English (English function words are {ratio:.0%} of its words)")


def check_script(sample: str) -> None:
    """Reject text with no letters (emoji, symbols, digits) or whose letters are mostly not Latin script.

    The stop-word ratio needs a few dozen words; this catches the short non-English documents too.
    """
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        raise RejectedDocument("language", "not English: no words, only emoji, symbols, digits or punctuation")
    latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
    if latin < ENGLISH_MIN_LATIN_SHARE * len(letters):
        raise RejectedDocument("language", f"not English (only {latin / len(letters):.0%} of its letters are Latin)")


def check_unicode(**fields: str | None) -> None:
    """Reject lone surrogates (e.g. a JSON ``\\ud800`` escape): not text, and the store cannot hold them."""
    for name, value in fields.items():
        found = _SURROGATE.search(value or "")
        if found:
            raise RejectedDocument(
                "encoding", f"the {name} holds a lone surrogate {quoted(found[0])} at character {found.start()}"
            )


def make_article(
    text: str,
    date_value: str,
    *,
    source: str,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Article:
    """Validate and build an Article; raises :class:`RejectedDocument`."""
    check_unicode(text=text, title=title, url=url, outlet=outlet)
    text = normalize_text(text)
    check_text(text)
    iso, granularity = parse_date(date_value)
    return Article(
        id=article_id(text, iso, url),
        date=iso,
        text=text,
        title=(title or "").strip() or None,
        url=url or None,
        source=source,
        outlet=outlet or None,
        date_granularity=granularity,
    )
