"""The ``dateline`` command line (Typer + rich).

Exit codes: 0 everything went in; 1 a fatal error (one line on stderr, nothing half-done);
2 a usage error; 3 some documents were rejected (each reported on stderr and in the store's
errors table) while every other document went in.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from dateline import __version__

app = typer.Typer(
    help="dateline: dated news articles in, evidence-linked event data out.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_FATAL, EXIT_REJECTED = 1, 3
F = TypeVar("F", bound=Callable)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB store file.", envvar="DATELINE_DB")]
DEFAULT_DB = Path("dateline.duckdb")
ModelOption = Annotated[
    str | None, typer.Option("--model", help="spaCy pipeline to use (default: the first installed English one).")
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Date (YYYY-MM-DD) for documents that have none; with extract, overrides.")
]
FieldOption = Annotated[
    list[str] | None,
    typer.Option("--field", help="JSONL/CSV field mapping OURS=THEIRS, e.g. --field text=body (repeatable)."),
]
EncodingOption = Annotated[str | None, typer.Option("--encoding", help="Input encoding (default UTF-8).")]
InputFormatOption = Annotated[
    str, typer.Option("--input-format", help="auto, text, jsonl, csv, html or warc (auto: from the file name).")
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", help="Show at most this many rows.", min=1)]


def clear_errors(func: F) -> F:
    """Turn expected failures into one clear line on stderr and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence
            if os.environ.get("DATELINE_DEBUG"):
                raise
            err.print(f"[red]error:[/red] {exc}", markup=True)
            raise typer.Exit(EXIT_FATAL) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        out.print(f"dateline {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    kb: Annotated[
        list[Path] | None,
        typer.Option("--kb", help="Extra actor KB file (CSV/TSV/YAML), added to the bundled KB (repeatable)."),
    ] = None,
) -> None:
    """dateline turns dated news articles into event data: time expressions, quotes with speakers,
    PLOVER events with actors, places and counts — each backed by the text it came from."""
    if kb:
        missing = [str(p) for p in kb if not p.exists()]
        if missing:
            raise typer.BadParameter(f"no such file: {', '.join(missing)}", param_hint="--kb")
        # An environment variable, so that worker processes load the same KB.
        known = [p for p in os.environ.get("DATELINE_KB", "").split(os.pathsep) if p]
        os.environ["DATELINE_KB"] = os.pathsep.join(known + [str(p) for p in kb])


def _fields(pairs: list[str] | None) -> dict[str, str]:
    mapping = {}
    for pair in pairs or []:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours or not theirs:
            raise typer.BadParameter(f"{pair!r} is not OURS=THEIRS", param_hint="--field")
        mapping[ours.strip()] = theirs.strip()
    return mapping


def _report_rejection(rejection) -> None:
    err.print(f"[yellow]rejected[/yellow] {rejection.source}: {rejection.message}", markup=True)


# --- ingest ------------------------------------------------------------------------------------


@app.command()
@clear_errors
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for standard input.")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes running the NLP stages.")] = 1,
    date: DateOption = None,
    field: FieldOption = None,
    encoding: EncodingOption = None,
    input_format: InputFormatOption = "auto",
    model: ModelOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per write transaction.")] = 64,
) -> None:
    """Read articles, run every stage, and store the records in the DuckDB store.

    Articles already stored are skipped; bad documents are reported and recorded in the
    errors table while the rest go in. Exit code 3 when anything was rejected.
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from dateline.ingest import FORMATS, ReadOptions
    from dateline.jobs import ingest as run_ingest
    from dateline.store import Store

    if input_format not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--input-format")
    store = Store(db)
    options = ReadOptions(date=date, fields=_fields(field), encoding=encoding, input_format=input_format)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed:,} articles"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    with progress:
        task = progress.add_task("ingest", total=None, rate="")

        def advance(_extraction) -> None:
            progress.advance(task)
            elapsed = progress.tasks[0].elapsed or 0
            if elapsed > 0:
                progress.update(task, rate=f"{progress.tasks[0].completed / elapsed:.1f} articles/s")

        summary = run_ingest(
            paths,
            store,
            options=options,
            model=model,
            workers=workers,
            batch_size=batch_size,
            on_article=advance,
            on_rejection=_report_rejection,  # err is the progress bar's console: lines print above the bar
        )
    err.print(
        f"{summary.new:,} new, {summary.already_stored:,} already stored, {summary.rejected:,} rejected"
        f" → {db}" + (f"  (details: dateline errors --db {db})" if summary.rejected else "")
    )
    if summary.rejected:
        raise typer.Exit(EXIT_REJECTED)


# --- extract -----------------------------------------------------------------------------------


@app.command()
@clear_errors
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or - for standard input.")],
    date: DateOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, jsonl or table.")] = "json",
    field: FieldOption = None,
    encoding: EncodingOption = None,
    input_format: InputFormatOption = "auto",
    model: ModelOption = None,
) -> None:
    """Run every stage on articles and print the records, without a store.

    JSON: {"article": {...}, "entities": [...], "timexes": [...], "quotes": [...], "events": [...]};
    spans are {"start", "end", "text"} character offsets into article.text. With several
    articles, json prints a list and jsonl one object per line.
    """
    from dateline.extract import extract_articles
    from dateline.ingest import ReadOptions, read_inputs
    from dateline.model import Rejection, to_json

    if fmt not in ("json", "jsonl", "table"):
        raise typer.BadParameter("use json, jsonl or table", param_hint="--format")
    options = ReadOptions(date=date, fields=_fields(field), encoding=encoding, input_format=input_format)
    rejected = 0

    def articles():
        nonlocal rejected
        for item in read_inputs(paths, options):
            if isinstance(item, Rejection):
                rejected += 1
                _report_rejection(item)
            else:
                if date:
                    item = _with_date(item, date)
                yield item

    results = [to_json(ex) for ex in extract_articles(articles(), model=model)] if fmt == "json" else None
    if fmt == "json":
        payload = results[0] if len(results) == 1 else results
        out.print(json.dumps(payload, ensure_ascii=False, indent=2), markup=False)
    else:
        for ex in extract_articles(articles(), model=model):
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(to_json(ex), ensure_ascii=False) + "\n")
            else:
                _print_extraction(ex)
    if rejected:
        raise typer.Exit(EXIT_REJECTED)


def _with_date(article, date: str):
    """The article re-dated to ``date`` (--date wins over the document's own date in extract).

    Only the date and the id (which hashes the date) change; the text was already checked.
    """
    from dataclasses import replace

    from dateline.ingest.common import article_id, parse_date

    iso, granularity = parse_date(date)
    return replace(article, id=article_id(article.text, iso, article.url), date=iso, date_granularity=granularity)


def _print_extraction(ex) -> None:
    a = ex.article
    out.print(f"[bold]{a.title or a.source}[/bold]  {a.date}  id {a.id}", markup=True)
    _table(
        "entities",
        ["text", "label", "start", "conf"],
        [[m.text, m.label, m.start, f"{m.confidence:.2f}"] for m in ex.entities],
    )
    _table(
        "timexes",
        ["text", "type", "value", "mod", "conf"],
        [[t.text, t.type, t.value, t.mod or "", f"{t.confidence:.2f}"] for t in ex.timexes],
    )
    _table(
        "quotes",
        ["speaker", "kind", "cue", "content"],
        [
            [
                q.speaker.name or q.speaker.text if q.speaker else "?",
                q.kind,
                q.cue.text if q.cue else "",
                " … ".join(c.text for c in q.content),
            ]
            for q in ex.quotes
        ],
    )
    _table(
        "events",
        ["type", "source", "target", "date", "modality", "evidence"],
        [[e.type, _actor(e.source), _actor(e.target), e.date or "", e.modality, e.evidence.text] for e in ex.events],
    )


def _actor(ref) -> str:
    if ref is None:
        return ""
    code = " ".join(x for x in (ref.country, ref.sector) if x)
    return f"{ref.name or ref.text}" + (f" ({code})" if code else "")


def _table(title: str, headers: list[str], rows: list[list]) -> None:
    if not rows:
        return
    table = Table(title=title, title_justify="left", show_lines=False)
    for h in headers:
        table.add_column(h, overflow="fold")
    for row in rows:
        table.add_row(*(str(c) for c in row))
    out.print(table)


# --- queries -----------------------------------------------------------------------------------


def _open(db: Path):
    from dateline.store import Store

    return Store(db, read_only=True)


def _print_frame(frame, title: str) -> None:
    if frame.empty:
        err.print(f"no {title}")
        return
    _table(title, list(frame.columns), frame.astype(object).where(frame.notna(), "").astype(str).values.tolist())


@app.command()
@clear_errors
def articles(
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = 50,
    since: Annotated[str | None, typer.Option(help="Only articles dated on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Only articles dated on or before YYYY-MM-DD.")] = None,
) -> None:
    """List stored articles, newest first."""
    query = """SELECT a.id, a.date, coalesce(a.title, left(a.text, 60) || '…') AS title, a.outlet,
                      (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events
               FROM articles a WHERE (? IS NULL OR a.date >= ?) AND (? IS NULL OR a.date <= ?)
               ORDER BY a.date DESC, a.id LIMIT ?"""
    _print_frame(_open(db).sql(query, [since, since, until, until + "\uffff" if until else None, limit]), "articles")


@app.command()
@clear_errors
def errors(db: DbOption = DEFAULT_DB, limit: LimitOption = 100) -> None:
    """List documents that were rejected, and why."""
    frame = _open(db).sql(
        "SELECT source, reason, message, rejected_at FROM errors ORDER BY rejected_at DESC, source LIMIT ?", [limit]
    )
    _print_frame(frame, "errors")


@app.command()
@clear_errors
def export(
    table: Annotated[str, typer.Argument(help="Table: articles, mentions, timexes, quotes, events, stories, errors.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: standard output).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export a table as JSONL, CSV or Parquet."""
    if fmt == "parquet" and output is None:
        raise typer.BadParameter("parquet needs a file: pass --out FILE", param_hint="--out")
    sys.stdout.flush()
    _open(db).export(table, fmt, output or "/dev/stdout")


@app.command()
@clear_errors
def quotes(
    speaker: Annotated[str | None, typer.Option("--speaker", "-s", help="Speaker name (part of it, any case).")] = None,
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = 50,
) -> None:
    """List statements with their speakers, dates and articles."""
    query = """SELECT a.date, coalesce(q.speaker->>'name', q.speaker->>'text') AS speaker, q.kind,
                      q.cue->>'text' AS cue,
                      (SELECT string_agg(c->>'text', ' … ') FROM unnest(CAST(q.content AS JSON[])) AS t(c)) AS content,
                      a.id AS article
               FROM quotes q JOIN articles a ON a.id = q.article_id
               WHERE ? IS NULL OR q.speaker->>'name' ILIKE ? OR q.speaker->>'text' ILIKE ?
               ORDER BY a.date DESC, q.article_id, CAST(q.cue->>'start' AS INTEGER) LIMIT ?"""
    pattern = f"%{speaker}%" if speaker else None
    _print_frame(_open(db).sql(query, [speaker, pattern, pattern, limit]), "quotes")


@app.command()
@clear_errors
def events(
    actor: Annotated[
        str | None, typer.Option("--actor", "-a", help="Source or target: name, id or country code.")
    ] = None,
    type_: Annotated[str | None, typer.Option("--type", "-t", help="PLOVER event type, e.g. ASSAULT.")] = None,
    since: Annotated[str | None, typer.Option(help="Events dated on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events dated on or before YYYY-MM-DD.")] = None,
    place: Annotated[str | None, typer.Option("--place", "-p", help="Place name or country code.")] = None,
    modality: Annotated[str | None, typer.Option(help="asserted, negated, hypothetical, future or historical.")] = None,
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = 50,
) -> None:
    """List coded events: who did what to whom, when and where."""
    where, params = ["TRUE"], []
    if actor:
        fields = [f"e.{side}->>'{key}'" for side in ("source", "target") for key in ("name", "text", "actor_id")]
        where.append(
            "("
            + " OR ".join(f"{f} ILIKE ?" for f in fields)
            + " OR e.source->>'country' = upper(?) OR e.target->>'country' = upper(?))"
        )
        params += [f"%{actor}%"] * len(fields) + [actor, actor]
    if type_:
        where.append("(e.type = upper(?) OR e.plover_type = upper(?))")
        params += [type_, type_]
    if since:
        where.append("e.date >= ?")
        params.append(since)
    if until:
        where.append("e.date <= ?")
        params.append(until + "\uffff")
    if place:
        where.append(
            "(e.location->>'name' ILIKE ? OR e.location->>'text' ILIKE ? OR e.location->>'country' = upper(?))"
        )
        params += [f"%{place}%", f"%{place}%", place]
    if modality:
        where.append("e.modality = lower(?)")
        params.append(modality)
    actor_label = "coalesce({0}->>'name', {0}->>'text') || coalesce(' (' || ({0}->>'country') || ')', '')"
    query = f"""SELECT e.date, e.type, e.mode, {actor_label.format("e.source")} AS source,
                       {actor_label.format("e.target")} AS target,
                       e.modality, e.location->>'name' AS place, e.evidence->>'text' AS evidence
                FROM events e WHERE {" AND ".join(where)}
                ORDER BY e.date DESC NULLS LAST, e.article_id, CAST(e.evidence->>'start' AS INTEGER) LIMIT ?"""
    _print_frame(_open(db).sql(query, params + [limit]), "events")


@app.command()
@clear_errors
def stories(
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = 50,
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, help="Only stories with this many articles.")
    ] = 1,
) -> None:
    """List stories: one happening across articles and outlets, with its storyline."""
    from dateline.stories.store import list_stories

    _print_frame(list_stories(_open(db), limit=limit, min_articles=min_articles), "stories")


@app.command()
@clear_errors
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="DATELINE_TOKEN", help="Bearer token that enables POST /api/ingest (off without one)."),
    ] = None,
) -> None:
    """Serve the REST API (/api, OpenAPI at /openapi.json) and the web explorer over a store."""
    from dateline.api import serve as run_server

    _open(db)  # a clear error now if there is no store
    err.print(f"dateline explorer on http://{host}:{port}/  (Ctrl+C to stop)")
    run_server(db, host=host, port=port, token=token)


kb_app = typer.Typer(help="The actor knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


@kb_app.command("import-wikidata")
@clear_errors
def kb_import_wikidata(
    source: Annotated[Path, typer.Argument(help="Wikidata JSON dump (entities) or SPARQL JSON results file.")],
    output: Annotated[Path, typer.Option("--out", "-o", help="KB file to write (.tsv or .yaml).")] = Path(
        "kb-wikidata.tsv"
    ),
) -> None:
    """Build actor KB entries from Wikidata; use them with DATELINE_KB=FILE."""
    from dateline.kb import import_wikidata

    if not source.exists():
        raise FileNotFoundError(f"no such file: {source}")
    written = import_wikidata(source, output)
    err.print(f"{written:,} entries → {output}  (use them with: export DATELINE_KB={output})")


@app.command()
@clear_errors
def bench(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Articles to measure on (default: the bundled examples).")
    ] = None,
    min_articles: Annotated[int, typer.Option(help="Repeat the articles (shifted dates) up to this many.")] = 200,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1)] = 1,
    model: ModelOption = None,
) -> None:
    """Measure ingest throughput on your machine beside a bare spaCy parse of the same texts."""
    from dateline.ingest import read_inputs
    from dateline.model import Article
    from dateline.throughput import measure, replicate

    sources = paths or [str(Path(__file__).resolve().parents[2] / "examples" / "articles")]
    base = [a for a in read_inputs(sources) if isinstance(a, Article)]
    if not base:
        raise ValueError("no readable articles to measure")
    rows = measure(replicate(base, min_articles), model=model, workers=workers)
    bare = rows[0]
    _table(
        f"throughput over {rows[0].articles} articles",
        ["mode", "articles/s", "tokens/s", "peak RSS MB", "× bare"],
        [
            [
                r.mode,
                f"{r.articles_per_s:.1f}",
                f"{r.tokens_per_s:,.0f}",
                f"{r.peak_rss_mb:.0f}",
                f"{r.articles_per_s / bare.articles_per_s:.2f}",
            ]
            for r in rows
        ],
    )


if __name__ == "__main__":  # pragma: no cover
    app()
