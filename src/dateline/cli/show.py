"""Listings and exports over a store: articles, errors, export, quotes, events, stories.

The listings run the same queries as the REST API (:mod:`dateline.store.queries`), so a filter
means the same thing on the command line and in the explorer. The store is imported inside each
command: duckdb, pandas and pyarrow take ~2 s to import, which ``dateline extract`` must not pay.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.common import (
    DEFAULT_DB,
    DbOption,
    LakeOption,
    LimitOption,
    ListFormat,
    ListFormatOption,
    actor_label,
    app,
    clear_errors,
    open_store,
    print_rows,
)


def _date(value: str | None) -> str | None:
    """A --since/--until value checked as the API checks it (exit 2 with the reason when it is no date)."""
    from dateline.store import queries as Q
    try:
        return Q.check_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


Since = Annotated[str | None, typer.Option(help="On or after this date (YYYY-MM-DD or YYYY-MM).", callback=_date)]
Until = Annotated[str | None, typer.Option(help="On or before this date (YYYY-MM-DD or YYYY-MM).", callback=_date)]


def _query(db: Path, fn, *args, **kwargs):
    with open_store(db).connect() as con:
        return fn(con, *args, **kwargs)


def _text(span: dict | list | None) -> str | None:
    spans = span if isinstance(span, list) else [span] if span else []
    return " … ".join(s.get("text") or "" for s in spans) or None


@app.command()
@clear_errors
def articles(
    db: DbOption = DEFAULT_DB, limit: LimitOption = 50, since: Since = None, until: Until = None,
    fmt: ListFormatOption = ListFormat.table, lake: LakeOption = None,
) -> None:
    """List stored articles, newest first."""
    from dateline.store import queries as Q

    db = lake or db
    page = _query(db, Q.articles, since=since, until=until, limit=limit)
    # A table shows the article's label (its title, else its first sentence, boilerplate skipped, cut at a
    # word); TSV holds the title as stored, whole.
    title = (lambda r: r["title"]) if fmt != ListFormat.table else (lambda r: r["label"])
    print_rows(page["items"], {
        "id": lambda r: r["id"], "date": lambda r: r["date"], "title": title, "outlet": lambda r: r["outlet"],
        "events": lambda r: r["n_events"], "quotes": lambda r: r["n_quotes"],
    }, "articles", fmt)


@app.command()
@clear_errors
def errors(db: DbOption = DEFAULT_DB, limit: LimitOption = 100, fmt: ListFormatOption = ListFormat.table,
           lake: LakeOption = None) -> None:
    """List documents that were rejected, and why."""
    db = lake or db
    frame = open_store(db).sql(
        "SELECT source, reason, message, rejected_at FROM errors ORDER BY rejected_at DESC, source LIMIT ?", [limit]
    )
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    print_rows(rows, {c: (lambda r, c=c: r[c]) for c in frame.columns}, "errors", fmt, whole=("source",))


@app.command()
@clear_errors
def export(
    table: Annotated[str, typer.Argument(help="Table: articles, mentions, timexes, quotes, events, stories, errors.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet; for events also gdelt "
                                     "(GDELT 2.0 event table, tab-separated).")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: standard output).")] = None,
    flat: Annotated[bool, typer.Option(
        "--flat", help="Events only: one column per field (source_name, lat, killed, evidence_text, article_url, "
        "...) instead of nested JSON cells.")] = False,
    header: Annotated[bool, typer.Option("--header", help="gdelt only: a first line of column names (GDELT's "
                                         "files have none).")] = False,
    db: DbOption = DEFAULT_DB,
    lake: LakeOption = None,
) -> None:
    """Export a table as JSONL, CSV or Parquet; events also flat (--flat) or as GDELT 2.0 rows (--format gdelt).

    The nested exports write each table as stored (actors, places and evidence as JSON cells);
    docs/exports.md lists the flat and GDELT columns.
    """
    db = lake or db
    if fmt == "parquet" and output is None:
        raise typer.BadParameter("parquet needs a file: pass --out FILE", param_hint="--out")
    if (flat or fmt == "gdelt") and table != "events":
        raise typer.BadParameter(f"--flat and --format gdelt export events, not {table!r}", param_hint="TABLE")
    if header and fmt != "gdelt":
        raise typer.BadParameter("--header goes with --format gdelt (the CSV exports always have one)",
                                 param_hint="--header")
    store = open_store(db)
    if fmt == "gdelt":
        if flat:
            raise typer.BadParameter("--format gdelt is flat already: drop --flat", param_hint="--flat")
        store.export_gdelt(output or sys.stdout, header=header)
        return
    sys.stdout.flush()
    if flat:
        store.export_flat(fmt, output or "/dev/stdout")
    else:
        store.export(table, fmt, output or "/dev/stdout")


@app.command()
@clear_errors
def quotes(
    speaker: Annotated[
        str | None, typer.Option("--speaker", "-s", help="Speaker: actor id, or part of the name (any case).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = 50,
    fmt: ListFormatOption = ListFormat.table,
    lake: LakeOption = None,
) -> None:
    """List statements with their speakers, dates and articles."""
    from dateline.store import queries as Q

    db = lake or db
    page = _query(db, Q.quotes, speaker=speaker, limit=limit)
    print_rows(page["items"], {
        "date": lambda r: r["date"], "speaker": lambda r: actor_label(r["speaker"]), "kind": lambda r: r["kind"],
        "cue": lambda r: _text(r["cue"]), "content": lambda r: _text(r["content"]),
        "article": lambda r: r["article_id"],
    }, "quotes", fmt)


@app.command()
@clear_errors
def events(
    actor: Annotated[
        str | None, typer.Option("--actor", "-a", help="Source or target: name, id or country code.")
    ] = None,
    type_: Annotated[str | None, typer.Option("--type", "-t", help="PLOVER event type, e.g. ASSAULT.")] = None,
    since: Since = None,
    until: Until = None,
    place: Annotated[str | None, typer.Option("--place", "-p", help="Place name or country code.")] = None,
    modality: Annotated[str | None, typer.Option(help="asserted, negated, hypothetical, future or historical.")] = None,
    min_confidence: Annotated[
        float | None, typer.Option("--min-confidence", min=0.0, max=1.0, help="Only events coded with at least "
                                   "this confidence (0-1).")
    ] = None,
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = 50,
    fmt: ListFormatOption = ListFormat.table,
    lake: LakeOption = None,
) -> None:
    """List coded events: who did what to whom, when and where (newest first)."""
    from dateline.store import queries as Q

    db = lake or db
    where = Q.event_filter(actor=actor, type=type_, modality=modality, since=since, until=until, place=place,
                           min_confidence=min_confidence)
    page = _query(db, Q.events, where, limit, 0)
    print_rows(page["items"], {
        "date": lambda r: r["date"] or r["day"], "type": lambda r: r["type"], "mode": lambda r: r["mode"],
        "source": lambda r: actor_label(r["source"]), "target": lambda r: actor_label(r["target"]),
        "modality": lambda r: r["modality"], "place": lambda r: (r["location"] or {}).get("name"),
        "evidence": lambda r: _text(r["evidence"]),
    }, "events", fmt)


@app.command()
@clear_errors
def stories(
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = 50,
    fmt: ListFormatOption = ListFormat.table,
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, help="Only stories with this many articles.")
    ] = 1,
    lake: LakeOption = None,
) -> None:
    """List stories: one happening across articles and outlets, with its storyline (biggest first)."""
    from dateline.store import queries as Q

    db = lake or db
    page = _query(db, Q.stories, min_articles=min_articles, limit=limit)
    print_rows(page["items"], {
        "id": lambda r: r["id"], "label": lambda r: r["label"], "first": lambda r: r["first_date"],
        "last": lambda r: r["last_date"], "articles": lambda r: r["n_articles"],
        "outlets": lambda r: len(r["outlets"] or []), "events": lambda r: r["n_events"],
        "storyline": lambda r: r["storyline_id"],
    }, "stories", fmt)
