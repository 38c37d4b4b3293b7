"""Inputs cut into shards: the tasks a cluster runs, each read where it runs.

A shard is a group of small files (dated text, HTML), a range of lines of a JSONL file, a range of
records of a WARC file, or a whole file that cannot be cut (CSV, whose quoted fields span lines;
gzip-compressed JSONL). Standard input is read by the client and its articles travel in the shard.

A shard reads to exactly the documents, sources and line numbers that :func:`dateline.ingest.read_inputs`
gives for the same file, so records keep their ids whether a file was read whole or in shards. A
shard's ``id`` hashes what it covers: running the same shard again (a retried task, a re-run backfill)
names the same output files.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dateline.ingest import ReadOptions, expand, read_inputs
from dateline.ingest.common import rejection
from dateline.ingest.html import read_warc
from dateline.ingest.records import field_map, read_jsonl
from dateline.model import Article, Rejection, record_id

FILES_PER_SHARD = 16  # dated-text / HTML files per task: a few seconds of NLP each
LINES_PER_SHARD = 32  # JSONL lines per task (~10 s of NLP for short news)
RECORDS_PER_SHARD = 64  # WARC records per task (responses, requests and metadata alike)
STDIN_PER_SHARD = 64  # articles read from standard input per task


@dataclass(frozen=True)
class Shard:
    """One task's input. ``kind``: "files" (``paths`` read whole), "jsonl" or "warc" (the bytes
    ``start``..``end`` of ``paths[0]``, whose first line is ``first_line``), or "inline" (``items``)."""

    kind: str
    paths: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    first_line: int = 1
    items: tuple[Article | Rejection, ...] = field(default=(), repr=False)

    @property
    def id(self) -> str:
        inline = [i.id for i in self.items]
        return record_id("shard", self.kind, *(str(Path(p).resolve()) for p in self.paths), self.start, self.end,
                         *inline)


def plan(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Shard]:
    """The shards of ``paths``, in input order (a folder's files sorted, as ``read_inputs`` reads them)."""
    options = options or ReadOptions()
    group: list[str] = []
    for fmt, path in expand(paths):
        fmt = fmt if options.input_format == "auto" else options.input_format
        cut = _cuttable(fmt, path)
        if fmt in ("text", "html") and path is not None and cut:
            group.append(str(path))
            if len(group) >= FILES_PER_SHARD:
                yield Shard("files", tuple(group))
                group = []
            continue
        if group:
            yield Shard("files", tuple(group))
            group = []
        if path is None:
            yield from _stdin_shards(options)
        elif cut and fmt == "jsonl":
            yield from _jsonl_shards(path)
        elif cut and fmt == "warc":
            yield from _warc_shards(path)
        else:
            yield Shard("files", (str(path),))
    if group:
        yield Shard("files", tuple(group))


def _cuttable(fmt: str, path: Path | None) -> bool:
    """Whether the file can be read in parts (an existing regular file; JSONL not gzip-compressed)."""
    if path is None or not path.is_file():
        return False
    return not (fmt == "jsonl" and path.suffix.lower() == ".gz")


def _stdin_shards(options: ReadOptions) -> Iterator[Shard]:
    batch: list[Article | Rejection] = []
    for item in read_inputs(["-"], options):
        batch.append(item)
        if len(batch) >= STDIN_PER_SHARD:
            yield Shard("inline", items=tuple(batch))
            batch = []
    if batch:
        yield Shard("inline", items=tuple(batch))


def _jsonl_shards(path: Path) -> Iterator[Shard]:
    """Ranges of LINES_PER_SHARD lines, found by one pass over the bytes (no JSON parsed)."""
    start = offset = lines = 0
    first = 1
    with path.open("rb") as stream:
        for line in stream:
            offset += len(line)
            lines += 1
            if lines == LINES_PER_SHARD:
                yield Shard("jsonl", (str(path),), start, offset, first)
                start, first, lines = offset, first + lines, 0
    if offset > start:
        yield Shard("jsonl", (str(path),), start, offset, first)


def _warc_shards(path: Path) -> Iterator[Shard]:
    """Ranges of RECORDS_PER_SHARD records, found by one pass of warcio over the archive (payloads
    unread). An archive warcio cannot walk to its end is one shard: read whole, it gives the rejection."""
    from warcio.archiveiterator import ArchiveIterator

    offsets: list[int] = []
    try:
        with path.open("rb") as stream:
            archive = ArchiveIterator(stream)
            for _record in archive:
                offsets.append(archive.get_record_offset())
    except Exception:  # noqa: BLE001 - any malformed archive: the whole-file reader reports it
        yield Shard("files", (str(path),))
        return
    size = path.stat().st_size
    starts = offsets[::RECORDS_PER_SHARD] or [0]
    for i, begin in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else size
        yield Shard("warc", (str(path),), begin, end)


def read(shard: Shard, options: ReadOptions | None = None) -> Iterator[Article | Rejection]:
    """The shard's articles and rejected documents, as ``read_inputs`` gives them for the same input."""
    options = options or ReadOptions()
    if shard.kind == "inline":
        yield from shard.items
    elif shard.kind == "files":
        yield from read_inputs(list(shard.paths), options)
    else:
        source = shard.paths[0]
        try:
            with open(source, "rb") as stream:
                stream.seek(shard.start)
                data = io.BytesIO(stream.read(shard.end - shard.start))
        except OSError as exc:
            yield rejection(source, "io", f"cannot read: {exc.strerror or exc}")
            return
        if shard.kind == "jsonl":
            yield from read_jsonl(data, source, fields=field_map(options.fields), default_date=options.date,
                                  encoding=options.encoding, first_line=shard.first_line)
        else:
            yield from read_warc(data, source, default_date=options.date)
