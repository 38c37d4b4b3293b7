"""JSONL and CSV article records, as news-please and Common Crawl News tools write them.

Each line (JSONL) or row (CSV) is one article. Field names default to news-please's
(``title``, ``maintext``/``text``, ``date_publish``/``date``, ``url``, ``source_domain``);
``--field text=body`` maps other names. Every row is decoded on its own, so one bad line is
one rejected document and the rest of the file still goes in.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO

from dateline.ingest.common import (
    MAX_CHARS,
    MAX_DATE_CHARS,
    RejectedDocument,
    decode,
    make_article,
    parse_date,
    rejection,
)
from dateline.model import Article, Rejection

# Our field -> the input field names tried in order.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "text": ("maintext", "text", "body", "content"),
    "date": ("date_publish", "date", "published", "date_published", "pubdate"),
    "url": ("url", "link"),
    "outlet": ("source_domain", "outlet", "source", "domain"),
}
# A JSONL line holds one article (at most MAX_CHARS characters of text) and its metadata, JSON-escaped.
MAX_LINE_BYTES = 8 * MAX_CHARS
_TOO_LONG = b"\0too long"  # stands for a skipped line; compared by identity, so no real line can be taken for it


def field_map(overrides: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """Default field names with the user's ``--field ours=theirs`` overrides taking precedence."""
    fields = dict(DEFAULT_FIELDS)
    for ours, theirs in (overrides or {}).items():
        if ours not in fields:
            raise ValueError(f"unknown field {ours!r} in --field; known: {', '.join(fields)}")
        fields[ours] = (theirs,)
    return fields


def _get(record: Mapping[str, object], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` with a value, as text; a list or object there is not a value we can use."""
    for name in names:
        value = record.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, (list, dict)):
            raise RejectedDocument("field", f"field {name!r} holds a JSON {type(value).__name__}, not text")
        return str(value)
    return None


def normalize_date(value: str) -> str:
    """ISO dates pass through; other date strings ("Thu, 08 Feb 2024 10:00:00 GMT") via dateparser."""
    try:
        parse_date(value)
        return value.strip()
    except RejectedDocument:
        if len(value) > MAX_DATE_CHARS:
            raise
        import dateparser  # here, not at import: it costs ~0.5 s, and ISO dates (the usual case) skip it

        try:
            parsed = dateparser.parse(value, languages=["en"], settings={"STRICT_PARSING": True})
        except (ValueError, OverflowError, TypeError):  # dateparser's own errors on odd strings
            parsed = None
        if isinstance(parsed, datetime):
            return parsed.isoformat()
        raise


def article_from_record(
    record: Mapping[str, object],
    *,
    source: str,
    fields: dict[str, tuple[str, ...]],
    default_date: str | None,
) -> Article:
    text = _get(record, fields["text"])
    if text is None:
        raise RejectedDocument("empty", f"no text field (looked for {', '.join(fields['text'])})")
    date_value = _get(record, fields["date"]) or default_date
    if date_value is None:
        raise RejectedDocument("date", f"no date field (looked for {', '.join(fields['date'])}; or pass --date)")
    return make_article(
        text,
        normalize_date(date_value),
        source=source,
        title=_get(record, fields["title"]),
        url=_get(record, fields["url"]),
        outlet=_get(record, fields["outlet"]),
    )


def read_jsonl(
    stream: IO[bytes], name: str, *, fields: dict[str, tuple[str, ...]], default_date: str | None, encoding: str | None,
    first_line: int = 1,
) -> Iterator[Article | Rejection]:
    """The articles of a JSONL stream; ``first_line`` numbers its first line (a shard of a larger file)."""
    for number, raw in enumerate(_lines(stream), start=first_line):
        if not raw.strip():
            continue
        source = f"{name}:{number}"
        try:
            if raw is _TOO_LONG:
                raise RejectedDocument("too-large", f"line is over {MAX_LINE_BYTES:,} bytes; skipped unread")
            yield article_from_record(
                _json_object(decode(raw, encoding)), source=source, fields=fields, default_date=default_date
            )
        except RejectedDocument as exc:
            yield rejection(source, exc.reason, exc.message)


def _lines(stream: IO[bytes]) -> Iterator[bytes]:
    """The lines of ``stream``; a line over MAX_LINE_BYTES is skipped without being held and comes out as _TOO_LONG."""
    while line := stream.readline(MAX_LINE_BYTES + 1):
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
            pass
        yield _TOO_LONG


def _json_object(line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RejectedDocument("json", f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise RejectedDocument("json", "malformed JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise RejectedDocument("json", f"malformed JSON: {exc}") from None
    if not isinstance(record, dict):
        raise RejectedDocument("json", f"a JSON line must be an object, not {type(record).__name__}")
    return record


def read_csv(
    stream: IO[bytes], name: str, *, fields: dict[str, tuple[str, ...]], default_date: str | None, encoding: str | None
) -> Iterator[Article | Rejection]:
    try:
        codecs.lookup(encoding or "utf-8-sig")
    except LookupError:
        raise RejectedDocument("encoding", f"unknown encoding {encoding!r}") from None
    # surrogateescape keeps undecodable bytes visible per row instead of failing the whole file
    text = io.TextIOWrapper(stream, encoding=encoding or "utf-8-sig", errors="surrogateescape", newline="")
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(text)
    row_start = 2  # line 1 is the header
    while True:
        source = f"{name}:{row_start}"
        try:
            row = next(reader, None)
        except (csv.Error, UnicodeError) as exc:  # e.g. UTF-16 without a BOM: nothing after this point is readable
            yield rejection(source, "csv", f"unreadable CSV from this row on; the rest is skipped ({exc})")
            return
        if row is None:
            return
        row_start = reader.line_num + 1
        try:
            if any(isinstance(v, str) and _has_surrogates(v) for v in row.values()):
                raise RejectedDocument("encoding", f"not valid {encoding or 'UTF-8'} text (pass --encoding)")
            if None in row:
                raise RejectedDocument("csv", "row has more fields than the header")
            yield article_from_record(row, source=source, fields=fields, default_date=default_date)
        except RejectedDocument as exc:
            yield rejection(source, exc.reason, exc.message)


def _has_surrogates(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for streaming, transparently gunzipping ``.gz``."""
    if path.suffix == ".gz":
        import gzip

        return gzip.open(path, "rb")
    return path.open("rb")
