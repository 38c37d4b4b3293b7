"""Events as flat rows: one row per event, one column per field (``dateline export events --flat``).

The store keeps an event's actors, place, counts and evidence as nested JSON (the nested exports
and the extract contract stay that way); a spreadsheet, R or Stata user filters on columns. This
module is the one place that flattens an event: :func:`flat_events` returns the flat table for an
event filter (:func:`dateline.store.queries.event_filter`, the filter of the events listing and the
API), so the CLI export, the GDELT export (:mod:`dateline.store.gdelt`) and any download of "what
the explorer shows" (the API's ``/api/events/export.csv``, read a page at a time by
:func:`flat_page`) give the same columns. :data:`FLAT_COLUMNS` names them in order, with their
DuckDB types; docs/exports.md says what each holds.

CSV is the one format a spreadsheet opens by double-click, and a spreadsheet runs a cell that starts
with ``=``, ``+``, ``-`` or ``@`` as a formula (a headline is untrusted text). With ``csv_safe`` the
query itself puts a ``'`` before such a text cell (OWASP's advice on CSV injection), so the CLI's CSV
(DuckDB's COPY) and the API's streamed CSV get the same guard from this one place; Parquet and JSONL
carry types and are read as data, so their cells are kept as they are.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from dateline.store import queries as Q

# The kinds of Count (resources/events/counts.yaml), one pair of columns each; a test keeps them in step.
COUNT_KINDS = ("killed", "injured", "arrested", "abducted", "displaced")
ROLES = ("source", "target")

# A lead: the article's first lines up to and including the first line of 80 characters or more
# (a headline and a dateline are shorter), i.e. the lead paragraph under whatever short lines stand above it.
LEAD = "regexp_extract(a.text, '^(?:[^\\n]{0,79}\\n+)*[^\\n]*')"


def _actor_columns(role: str) -> list[tuple[str, str, str]]:
    j = f"e.{role}"
    return [
        (f"{role}_actor_id", "VARCHAR", f"{j}->>'actor_id'"),
        (f"{role}_name", "VARCHAR", f"{j}->>'name'"),
        (f"{role}_country", "VARCHAR", f"{j}->>'country'"),
        (f"{role}_sector", "VARCHAR", f"{j}->>'sector'"),
        (f"{role}_text", "VARCHAR", f"{j}->>'text'"),
        (f"{role}_start", "BIGINT", f"CAST({j}->>'start' AS BIGINT)"),
        (f"{role}_end", "BIGINT", f"CAST({j}->>'end' AS BIGINT)"),
        (f"{role}_confidence", "DOUBLE", f"CAST({j}->>'confidence' AS DOUBLE)"),
    ]


def _count_columns() -> list[tuple[str, str, str]]:
    out = []
    for kind in COUNT_KINDS:
        out.append((kind, "BIGINT", f"c.{kind}"))
        out.append((f"{kind}_approximate", "BOOLEAN", f"c.{kind}_approximate"))
    out.append(("counts_text", "VARCHAR", "c.counts_text"))
    return out


# (column, DuckDB type, SQL expression over events e, articles a, counts c, merged events m, stories s)
_COLUMNS: list[tuple[str, str, str]] = [
    ("id", "VARCHAR", "e.id"),
    ("article_id", "VARCHAR", "e.article_id"),
    ("type", "VARCHAR", "e.type"),
    ("mode", "VARCHAR", "e.mode"),
    ("plover_type", "VARCHAR", "e.plover_type"),
    ("context", "VARCHAR", "nullif(array_to_string(e.context, ';'), '')"),
    ("modality", "VARCHAR", "e.modality"),
    ("date", "VARCHAR", "e.date"),
    ("date_resolved", "BOOLEAN", "e.date_resolved"),
    ("day", "VARCHAR", Q.EVENT_DAY),
    ("confidence", "DOUBLE", "e.confidence"),
    ("cameo", "VARCHAR", "e.cameo"),
    ("goldstein", "DOUBLE", "e.goldstein"),
    ("provenance", "VARCHAR", "e.provenance"),
    ("salience", "DOUBLE", "e.salience"),
    ("quote_id", "VARCHAR", "e.quote_id"),
    *_actor_columns("source"),
    *_actor_columns("target"),
    ("place_text", "VARCHAR", "e.location->>'text'"),
    ("place_name", "VARCHAR", "e.location->>'name'"),
    ("place_country", "VARCHAR", "e.location->>'country'"),
    ("place_admin1", "VARCHAR", "e.location->>'admin1'"),
    ("lat", "DOUBLE", Q.EVENT_LAT),  # the coordinates the bbox filter and the map read
    ("lon", "DOUBLE", Q.EVENT_LON),
    ("precision", "VARCHAR", "e.location->>'precision'"),
    ("place_start", "BIGINT", "CAST(e.location->>'start' AS BIGINT)"),
    ("place_end", "BIGINT", "CAST(e.location->>'end' AS BIGINT)"),
    *_count_columns(),
    ("evidence_text", "VARCHAR", "e.evidence->>'text'"),
    ("evidence_start", "BIGINT", "CAST(e.evidence->>'start' AS BIGINT)"),
    ("evidence_end", "BIGINT", "CAST(e.evidence->>'end' AS BIGINT)"),
    ("in_lead", "BOOLEAN", f"CAST(e.evidence->>'start' AS BIGINT) < length({LEAD})"),
    ("article_date", "VARCHAR", "a.date"),
    ("article_title", "VARCHAR", "a.title"),
    ("article_url", "VARCHAR", "a.url"),
    ("article_source", "VARCHAR", "a.source"),
    ("outlet", "VARCHAR", "a.outlet"),
    ("ingested_at", "VARCHAR", "strftime(a.ingested_at, '%Y-%m-%dT%H:%M:%S')"),
    ("merged_event_id", "VARCHAR", "m.merged_event_id"),
    ("n_mentions", "BIGINT", "m.n_mentions"),
    ("n_articles", "BIGINT", "m.n_articles"),
    ("n_outlets", "BIGINT", "m.n_outlets"),
    ("story_id", "VARCHAR", "s.story_id"),
    ("storyline_id", "VARCHAR", "s.storyline_id"),
]
FLAT_COLUMNS: tuple[tuple[str, str], ...] = tuple((name, typ) for name, typ, _ in _COLUMNS)


def _counts_cte() -> str:
    """Per event, the largest count of each kind (and whether that count is approximate) and all count texts."""
    pivots = ", ".join(
        f"max(value) FILTER (kind = '{k}') AS {k}, arg_max(approximate, value) FILTER (kind = '{k}') AS {k}_approximate"
        for k in COUNT_KINDS
    )
    return (
        "counted AS (SELECT e.id, x->>'kind' AS kind, CAST(x->>'value' AS BIGINT) AS value, "
        "CAST(x->>'approximate' AS BOOLEAN) AS approximate, x->>'text' AS text, CAST(x->>'start' AS BIGINT) AS start "
        "FROM events e, unnest(json_extract(e.counts, '$[*]')) AS t(x)), "
        f"c AS (SELECT id, {pivots}, string_agg(text, ' | ' ORDER BY start) AS counts_text FROM counted GROUP BY id)"
    )


def _stories_ctes(have_stories: bool) -> str:
    """The merged event each event belongs to and its article's story (none in a store without stories)."""
    if not have_stories:
        return ("m AS (SELECT NULL::VARCHAR AS event_id, NULL::VARCHAR AS merged_event_id, NULL::BIGINT AS n_mentions, "
                "NULL::BIGINT AS n_articles, NULL::BIGINT AS n_outlets WHERE false), "
                "s AS (SELECT NULL::VARCHAR AS article_id, NULL::VARCHAR AS story_id, NULL::VARCHAR AS storyline_id "
                "WHERE false)")
    # min(): an event (an article) stands in one merged event (one story); the aggregate keeps one row if not
    return (
        "mx AS (SELECT unnest(event_ids) AS event_id, id, len(event_ids) AS n_mentions, n_articles, n_outlets "
        "FROM merged_events), "
        "m AS (SELECT event_id, min(id) AS merged_event_id, arg_min(n_mentions, id) AS n_mentions, "
        "arg_min(n_articles, id) AS n_articles, arg_min(n_outlets, id) AS n_outlets FROM mx GROUP BY event_id), "
        "sx AS (SELECT unnest(article_ids) AS article_id, id, storyline_id FROM stories), "
        "s AS (SELECT article_id, min(id) AS story_id, arg_min(storyline_id, id) AS storyline_id FROM sx "
        "GROUP BY article_id)"
    )


# A text cell starting with =, +, -, @ is a formula to a spreadsheet, and one starting with a tab or a
# carriage return too (some spreadsheets drop them and read on). RE2 reads \t and \r in the class.
_FORMULA = r"^[-=+@\t\r]"


def _csv_safe(expr: str) -> str:
    """``expr`` (a text column) with a ``'`` before a value a spreadsheet would run as a formula."""
    return f"CASE WHEN regexp_matches({expr}, '{_FORMULA}') THEN concat('''', {expr}) ELSE {expr} END"


def flat_sql(con: duckdb.DuckDBPyConnection, where: Q.Where | None = None, *, newest_first: bool = False,
             csv_safe: bool = False) -> tuple[str, list]:
    """The flat events query (and its parameters) under ``where``, in the events' order: by day (the
    oldest first, or with ``newest_first`` the events list's order), then article, then position in the
    article, then id (a total order, so pages never overlap). ``csv_safe``: text cells guarded for a
    spreadsheet (see the module's note)."""
    where = where or Q.Where()
    have_stories = {"merged_events", "stories"} <= Q.tables(con)
    select = ", ".join(f"{_csv_safe(expr) if csv_safe and typ == 'VARCHAR' else expr} AS \"{name}\""
                       for name, typ, expr in _COLUMNS)
    sql = (
        f"WITH {_counts_cte()}, {_stories_ctes(have_stories)} "
        f"SELECT {select} FROM events e JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN c ON c.id = e.id LEFT JOIN m ON m.event_id = e.id LEFT JOIN s ON s.article_id = e.article_id"
        f"{where.sql()} ORDER BY {Q.EVENT_DAY} {'DESC' if newest_first else 'ASC'}, e.article_id, "
        "CAST(e.evidence->>'start' AS BIGINT), e.id"
    )
    return sql, list(where.params)


def _arrow(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> pa.Table:
    relation = con.sql(sql, params=params or None)
    return relation.to_arrow_table() if hasattr(relation, "to_arrow_table") else relation.arrow()  # DuckDB 2 / 1


def flat_events(con: duckdb.DuckDBPyConnection, where: Q.Where | None = None, *, csv_safe: bool = False) -> pa.Table:
    """The events under ``where`` (all of them by default) as an Arrow table of :data:`FLAT_COLUMNS`;
    ``csv_safe`` for a CSV file (see the module's note)."""
    return _arrow(con, *flat_sql(con, where, csv_safe=csv_safe))


def flat_page(con: duckdb.DuckDBPyConnection, where: Q.Where | None, limit: int, offset: int, *,
              newest_first: bool = True, csv_safe: bool = False) -> list[dict]:
    """``limit`` flat rows from ``offset`` on, as dicts, newest first by default (the events list's
    order): a download read a page at a time, each page one short query."""
    sql, params = flat_sql(con, where, newest_first=newest_first, csv_safe=csv_safe)
    return _arrow(con, f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset]).to_pylist()
