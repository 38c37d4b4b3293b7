"""HTML pages and WARC / CC-NEWS archives, via trafilatura (text, title, date from page metadata).

WARC files are streamed record by record with warcio (gzip or not); a page is read only up
to the size limit, so a huge archive never sits in memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO
from urllib.parse import urlparse

from dateline.ingest.common import MAX_CHARS, RejectedDocument, decode, make_article, rejection
from dateline.ingest.records import normalize_date
from dateline.model import Article, Rejection

MAX_PAGE_BYTES = 8 * MAX_CHARS  # markup is several times the size of its text


def article_from_html(
    html: str, *, source: str, url: str | None = None, default_date: str | None = None, fallback_date: str | None = None
) -> Article:
    """Main text, title and publication date of a page.

    The date is the page's own metadata; else ``default_date`` (``--date``); else
    ``fallback_date`` (a WARC record's crawl date).
    """
    import trafilatura  # here, not at import: it costs ~0.5 s that reading dated text must not pay

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is not None and not isinstance(doc, dict):  # trafilatura >= 1.9 returns a Document
        doc = doc.as_dict()
    if not doc or not (doc.get("text") or "").strip():
        raise RejectedDocument("empty", "no article text found in the page")
    date_value = doc.get("date") or default_date or fallback_date
    if not date_value:
        raise RejectedDocument("date", "no publication date in the page metadata (pass --date)")
    page_url = url or doc.get("url")
    return make_article(
        doc["text"],
        normalize_date(date_value),
        source=source,
        title=doc.get("title"),
        url=page_url,
        outlet=doc.get("sitename") or (urlparse(page_url).hostname if page_url else None),
    )


def read_html(data: bytes, source: str, *, default_date: str | None, encoding: str | None) -> Article:
    if len(data) > MAX_PAGE_BYTES:
        raise RejectedDocument("too-large", f"page has {len(data):,} bytes; the limit is {MAX_PAGE_BYTES:,}")
    return article_from_html(decode(data, encoding), source=source, default_date=default_date)


def read_warc(stream: IO[bytes], name: str, *, default_date: str | None) -> Iterator[Article | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import ChunkedDataException

    for record in _records(ArchiveIterator(stream), name):
        if isinstance(record, Rejection):
            yield record
            return
        if record.rec_type != "response":
            continue
        content_type = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
        if "html" not in content_type.lower():
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        source = f"{name}@{record.rec_headers.get_header('WARC-Record-ID') or url}"
        try:
            payload = record.content_stream().read(MAX_PAGE_BYTES + 1)
            if len(payload) > MAX_PAGE_BYTES:
                raise RejectedDocument("too-large", f"page is over {MAX_PAGE_BYTES:,} bytes")
            html = decode(payload, _charset(content_type))
            crawl_date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            yield article_from_html(html, source=source, url=url, default_date=default_date, fallback_date=crawl_date)
        except RejectedDocument as exc:
            yield rejection(source, exc.reason, exc.message)
        except (ChunkedDataException, zlib.error) as exc:  # a bad chunked or compressed HTTP body: this page only
            yield rejection(source, "warc", f"unreadable HTTP payload ({exc})")


def _records(archive: Iterator, name: str) -> Iterator:
    """The archive's records, then a Rejection if a malformed one stops it (warcio cannot resume past it)."""
    from warcio.bufferedreaders import ChunkedDataException
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    while True:
        try:
            record = next(archive)
        except StopIteration:
            return
        except (ArchiveLoadFailed, ChunkedDataException, ValueError, AttributeError, TypeError) as exc:
            # warcio's parser fails on malformed records with its own errors and with attribute and type
            # errors (a response record without WARC-Target-URI); nothing after that point can be read.
            after = f"after {count:,} good records" if count else "at its start"
            yield rejection(name, "warc", f"malformed WARC archive {after}; the rest is skipped ({exc})")
            return
        count += 1
        yield record


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None
