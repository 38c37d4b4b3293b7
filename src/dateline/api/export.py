""""Export what you see": the events under the explorer's current filters, streamed as CSV or JSONL.

The rows are read in batches of :data:`BATCH` (each batch one query under the app's lock, so a long
download never holds the store from other requests) in the events list's order. JSONL lines are the
events as ``GET /api/events`` returns them (nested ``source``, ``target``, ``location``, ``evidence``)
plus ``article_url`` and ``article_date``; CSV rows are flat, one plain column per field
(:data:`FLAT_COLUMNS`), so a spreadsheet, R or Stata can filter on them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from dateline.store import queries as Q

BATCH = 2000
ACTOR_FIELDS = ("actor_id", "name", "text", "country", "sector")
PLACE_FIELDS = (("place_name", "name"), ("place_text", "text"), ("place_country", "country"), ("lat", "lat"),
                ("lon", "lon"), ("precision", "precision"))
EVENT_FIELDS = ("id", "article_id", "day", "date", "date_resolved", "type", "plover_type", "mode", "modality",
                "cameo", "goldstein", "confidence")
ARTICLE_FIELDS = ("article_date", "article_title", "article_url", "outlet")
# A text cell that a spreadsheet would read as a formula gets a leading apostrophe (OWASP's CSV injection advice).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@lru_cache(maxsize=1)
def count_kinds() -> tuple[str, ...]:
    """The kinds of people counted on events (killed, injured, ...), from the counts lexicon: one column each."""
    from dateline.stages.events.quantities import lexicon

    return tuple(lexicon()["verbs"])


def flat_columns() -> list[str]:
    actors = [f"{side}_{f}" for side in ("source", "target") for f in ACTOR_FIELDS]
    return [*EVENT_FIELDS, *actors, *(name for name, _ in PLACE_FIELDS), *count_kinds(),
            "evidence_text", "evidence_start", "evidence_end", "context", "quote_id", *ARTICLE_FIELDS]


def flat_row(event: dict) -> dict[str, Any]:
    """One event (a row of the events query, JSON columns parsed) as plain values, one per flat column."""
    out = {k: event.get(k) for k in (*EVENT_FIELDS, *ARTICLE_FIELDS, "quote_id")}
    for side in ("source", "target"):
        ref = event.get(side) or {}
        out.update({f"{side}_{f}": ref.get(f) for f in ACTOR_FIELDS})
    place = event.get("location") or {}
    out.update({name: place.get(key) for name, key in PLACE_FIELDS})
    for kind in count_kinds():  # the largest figure given for a kind ("at least 20 ... 20 dead" is one figure)
        values = [c.get("value") for c in event.get("counts") or [] if c.get("kind") == kind]
        out[kind] = max((v for v in values if v is not None), default=None)
    evidence = event.get("evidence") or {}
    out.update(evidence_text=evidence.get("text"), evidence_start=evidence.get("start"),
               evidence_end=evidence.get("end"), context=";".join(event.get("context") or []))
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _batches(fetch: Callable[[int, int], list[dict]]) -> Iterator[list[dict]]:
    offset = 0
    while True:
        batch = fetch(BATCH, offset)
        if batch:
            yield batch
        if len(batch) < BATCH:
            return
        offset += BATCH


def csv_lines(fetch: Callable[[int, int], list[dict]]) -> Iterator[str]:
    """The header, then the flat rows of each batch ``fetch(limit, offset)`` returns, as CSV text."""
    columns = flat_columns()
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    yield buf.getvalue()
    for batch in _batches(fetch):
        buf.seek(0)
        buf.truncate()
        writer.writerows({k: _cell(v) for k, v in flat_row(e).items()} for e in batch)
        yield buf.getvalue()


def jsonl_lines(fetch: Callable[[int, int], list[dict]]) -> Iterator[str]:
    """One JSON object per event, as the events API returns it (nested records kept)."""
    for batch in _batches(fetch):
        yield "".join(json.dumps(e, ensure_ascii=False, default=str) + "\n" for e in batch)


FORMATS = {"csv": (csv_lines, "text/csv; charset=utf-8"), "jsonl": (jsonl_lines, "application/x-ndjson")}


def stream(run: Callable[..., Any], w: Q.Where, fmt: str) -> tuple[Iterator[str], str, str]:
    """(the lines, the media type, the file name) of the filtered events in ``fmt`` ("csv" or "jsonl");
    ``run(fn, *args)`` runs a query on the store (the app's :class:`~dateline.api.app.Db`.run)."""
    lines, media = FORMATS[fmt]
    return lines(lambda limit, offset: run(Q.events_export, w, limit, offset)), media, f"dateline-events.{fmt}"
