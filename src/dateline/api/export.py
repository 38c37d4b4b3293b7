""""Export what you see": the events under the explorer's current filters, streamed as CSV or JSONL.

The rows are read in batches of :data:`BATCH` (each batch one query under the app's lock, so a long
download never holds the store from other requests) in the events list's order. CSV rows are the
flat rows of ``dateline export events --flat`` (:mod:`dateline.store.flat`, the one flattening of an
event: the same columns, the same cells, the same guard against spreadsheet formulas); JSONL lines
are the events as ``GET /api/events`` returns them (nested ``source``, ``target``, ``location``,
``evidence``) plus ``article_url`` and ``article_date``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from dateline.store import flat
from dateline.store import queries as Q

BATCH = 2000
Fetch = Callable[[int, int], list[dict]]


def _batches(fetch: Fetch) -> Iterator[list[dict]]:
    offset = 0
    while True:
        batch = fetch(BATCH, offset)
        if batch:
            yield batch
        if len(batch) < BATCH:
            return
        offset += BATCH


def _cell(value: Any) -> Any:
    """A value as DuckDB's CSV writer (the CLI's flat CSV) writes it: booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_lines(fetch: Fetch) -> Iterator[str]:
    """The header, then the flat rows of each batch ``fetch(limit, offset)`` returns, as CSV text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(name for name, _typ in flat.FLAT_COLUMNS)
    yield buf.getvalue()
    for batch in _batches(fetch):
        buf.seek(0)
        buf.truncate()
        writer.writerows([_cell(v) for v in row.values()] for row in batch)
        yield buf.getvalue()


def jsonl_lines(fetch: Fetch) -> Iterator[str]:
    """One JSON object per event, as the events API returns it (nested records kept)."""
    for batch in _batches(fetch):
        yield "".join(json.dumps(e, ensure_ascii=False, default=str) + "\n" for e in batch)


def stream(run: Callable[..., Any], w: Q.Where, fmt: str) -> tuple[Iterator[str], str, str]:
    """(the lines, the media type, the file name) of the filtered events in ``fmt`` ("csv" or "jsonl");
    ``run(fn, *args)`` runs a query on the store (the app's :class:`~dateline.api.app.Db`.run)."""
    if fmt == "csv":
        lines = csv_lines(lambda limit, offset: run(flat.flat_page, w, limit, offset, csv_safe=True))
        return lines, "text/csv; charset=utf-8", "dateline-events.csv"
    lines = jsonl_lines(lambda limit, offset: run(Q.events_export, w, limit, offset))
    return lines, "application/x-ndjson", "dateline-events.jsonl"
