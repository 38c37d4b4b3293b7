"""Readers: files, folders and standard input in, Articles (or Rejections) out.

:func:`read_inputs` turns each path into a stream of :class:`~dateline.model.Article` and
:class:`~dateline.model.Rejection` records, never stopping at a bad document. The format comes
from the file name (``.txt`` dated text, ``.jsonl``/``.ndjson``, ``.csv``, ``.html``/``.htm``,
``.warc``/``.warc.gz``, any of them ``.gz``-compressed except HTML) or from ``input_format``;
standard input (``-``) is sniffed: JSON lines, HTML, or dated text. A dated-text file's url, outlet
and title come from an ``index.tsv`` beside it when there is one (:mod:`dateline.ingest.sidecar`).

:class:`RejectedDocument` is what a reader raises for one bad document (and what ``dateline.extract``
raises for text it cannot use); :func:`read_inputs` turns it into a Rejection.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dateline.ingest.common import MAX_CHARS, RejectedDocument, decode, rejection
from dateline.ingest.html import read_html, read_warc
from dateline.ingest.records import field_map, open_binary, read_csv, read_jsonl
from dateline.ingest.sidecar import meta_for
from dateline.ingest.text import article_from_dated_text
from dateline.model import Article, Rejection

__all__ = ["FORMATS", "ReadOptions", "RejectedDocument", "expand", "format_of", "read_inputs"]

FORMATS = ("auto", "text", "jsonl", "csv", "html", "warc")
_SUFFIXES = {
    ".txt": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
}
# A dated-text file is read whole; 4 bytes per character is UTF-8's worst case.
MAX_TEXT_BYTES = 4 * MAX_CHARS


@dataclass
class ReadOptions:
    date: str | None = None  # used when a document has no date (``--date``)
    fields: Mapping[str, str] = field(default_factory=dict)  # ``--field ours=theirs`` for JSONL/CSV
    encoding: str | None = None  # default: UTF-8 (BOM-aware)
    input_format: str = "auto"


def format_of(path: Path) -> str | None:
    """The input format a file name implies, or None for files a folder scan skips."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-2:] == [".warc", ".gz"]:
        return "warc"
    if suffixes and suffixes[-1] == ".gz" and len(suffixes) >= 2:
        return _SUFFIXES.get(suffixes[-2]) if suffixes[-2] in (".jsonl", ".ndjson", ".csv", ".txt") else None
    return _SUFFIXES.get(suffixes[-1]) if suffixes else None


def expand(paths: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """(input format, path) for each file; folders recursively in sorted order; ``-`` is stdin (path None)."""
    for raw in paths:
        if raw == "-":
            yield "stdin", None
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                fmt = format_of(child)
                if fmt is not None:
                    yield fmt, child
        else:
            yield format_of(path) or "text", path


def read_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Article | Rejection]:
    """Every article and every rejected document found in ``paths``, in order."""
    options = options or ReadOptions()
    fields = field_map(options.fields)
    for fmt, path in expand(paths):
        if options.input_format != "auto":
            fmt = options.input_format
        source = "<stdin>" if path is None else str(path)
        try:
            if path is not None and not path.exists():
                raise RejectedDocument("missing", "no such file or folder")
            yield from _read_one(fmt, path, source, options, fields)
        except RejectedDocument as exc:
            yield rejection(source, exc.reason, exc.message)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:  # raised mid-stream: the documents before it are in
            yield rejection(source, "gzip", f"corrupt or truncated gzip data; the rest of the file is skipped ({exc})")
        except OSError as exc:
            yield rejection(source, "io", f"cannot read: {exc.strerror or exc}")


def _read_one(fmt, path, source, options, fields) -> Iterator[Article | Rejection]:
    if path is None:
        yield from _read_stdin(fmt, options, fields)  # fmt is "stdin" (sniff) or the one asked for
        return
    if fmt in ("jsonl", "csv", "warc"):
        reader = {"jsonl": read_jsonl, "csv": read_csv}.get(fmt)
        with open_binary(path) as stream:
            if fmt == "warc":
                yield from read_warc(stream, source, default_date=options.date)
            else:
                yield from reader(stream, source, fields=fields, default_date=options.date, encoding=options.encoding)
        return
    data = _read_limited(path, MAX_TEXT_BYTES if fmt == "text" else 8 * MAX_CHARS)
    if fmt == "html":
        yield read_html(data, source, default_date=options.date, encoding=options.encoding)
    else:
        meta = meta_for(path)
        yield article_from_dated_text(decode(data, options.encoding), source=source,
                                      default_date=options.date or meta.date, url=meta.url, outlet=meta.outlet,
                                      title=meta.title)


def _read_limited(path: Path, limit: int) -> bytes:
    """Read a whole file, refusing (without reading it) one larger than ``limit`` bytes."""
    if path.suffix.lower() != ".gz":
        size = path.stat().st_size
        if size > limit:
            raise RejectedDocument(
                "too-large", f"file has {size:,} bytes; the limit is {limit:,} (about {MAX_CHARS:,} characters)"
            )
        return path.read_bytes()
    with open_binary(path) as stream:  # the compressed size says nothing: read one byte past the limit
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise RejectedDocument(
            "too-large", f"uncompressed, the file is over {limit:,} bytes (about {MAX_CHARS:,} characters)"
        )
    return data


def _read_stdin(fmt, options, fields) -> Iterator[Article | Rejection]:
    stream = sys.stdin.buffer
    if not hasattr(stream, "peek"):  # e.g. a BytesIO standing in for stdin
        stream = io.BufferedReader(stream)
    head = stream.peek(64)[:64]
    start = head.lstrip()[:1]
    if fmt == "jsonl" or (fmt == "stdin" and start in (b"{", b"[")):
        yield from read_jsonl(stream, "<stdin>", fields=fields, default_date=options.date, encoding=options.encoding)
    elif fmt == "csv":
        yield from read_csv(stream, "<stdin>", fields=fields, default_date=options.date, encoding=options.encoding)
    elif fmt == "warc":
        yield from read_warc(stream, "<stdin>", default_date=options.date)
    else:
        data = stream.read(MAX_TEXT_BYTES + 1)
        if len(data) > MAX_TEXT_BYTES:
            raise RejectedDocument("too-large", f"standard input is over {MAX_TEXT_BYTES:,} bytes")
        if fmt == "html" or (fmt == "stdin" and start == b"<"):
            yield read_html(data, "<stdin>", default_date=options.date, encoding=options.encoding)
        else:
            yield article_from_dated_text(decode(data, options.encoding), source="<stdin>", default_date=options.date)
