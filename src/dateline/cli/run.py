"""Commands that read articles: ingest, extract, bench, serve, kb."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.common import (
    DEFAULT_DB,
    DEFAULT_MAX_SECONDS,
    EXIT_REJECTED,
    DateOption,
    DbOption,
    EncodingOption,
    FieldOption,
    InputFormatOption,
    LakeOption,
    MaxSecondsOption,
    ModelOption,
    actor_label,
    app,
    clear_errors,
    err,
    kb_files,
    open_store,
    out,
    parse_fields,
    report_rejection,
    table,
)

# --- ingest ------------------------------------------------------------------------------------


@app.command()
@clear_errors
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or - for standard input.")],
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes running the NLP stages.")] = 1,
    date: DateOption = None,
    field: FieldOption = None,
    encoding: EncodingOption = None,
    input_format: InputFormatOption = "auto",
    model: ModelOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per write transaction.")] = 64,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    cluster: Annotated[str | None, typer.Option(
        "--cluster", help="Run the stages on a Dask LocalCluster of N worker processes: local:N (dask extra).",
    )] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Run the stages on a running Dask cluster: tcp://HOST:PORT (see docs/scale.md).",
    )] = None,
    lake: Annotated[Path | None, typer.Option(
        "--lake", help="Write a Parquet lake in this folder (workers write it; needs --cluster or --scheduler) "
                       "instead of the DuckDB store.",
    )] = None,
) -> None:
    """Read articles, run every stage, and store the records in the DuckDB store.

    Articles already stored are skipped; bad documents are reported and recorded in the
    errors table while the rest go in. Exit code 3 when anything was rejected. With --cluster or
    --scheduler the stages run on Dask workers (each in a process it can stop, under the same
    --max-seconds budget); with --lake the records go to hive-partitioned Parquet (docs/scale.md).
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from dateline.ingest import FORMATS, ReadOptions
    from dateline.jobs import ingest as run_ingest
    from dateline.store import Store

    if input_format not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--input-format")
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:  # before the store is created: a typo makes no empty store
        raise typer.BadParameter(f"no such file or folder: {', '.join(missing)}", param_hint="PATHS")
    if cluster and scheduler:
        raise typer.BadParameter("give --cluster or --scheduler, not both", param_hint="--cluster")
    if lake is not None and not (cluster or scheduler):
        raise typer.BadParameter("the lake is written by Dask workers: add --cluster local:N or --scheduler",
                                 param_hint="--lake")
    store = Store(db) if lake is None else None
    options = ReadOptions(date=date, fields=parse_fields(field), encoding=encoding, input_format=input_format)
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

        # err is the progress bar's console: rejection lines print above the bar
        if cluster or scheduler:
            summary = _ingest_on_dask(paths, store, lake, cluster=cluster, scheduler=scheduler, options=options,
                                      spec=(model, None, kb_files(ctx)), batch_size=batch_size, on_article=advance,
                                      max_seconds=max_seconds or None)
        else:
            summary = run_ingest(paths, store, options=options, model=model, kb=kb_files(ctx), workers=workers,
                                 batch_size=batch_size, max_seconds=max_seconds or None, on_article=advance,
                                 on_rejection=report_rejection)
    target = f"--lake {lake}" if lake is not None else f"--db {db}"
    err.print(
        f"{summary.new:,} new, {summary.already_stored:,} already stored, {summary.rejected:,} rejected"
        f" → {lake or db}" + (f"  (details: dateline errors {target})" if summary.rejected else "")
    )
    if summary.rejected:
        raise typer.Exit(EXIT_REJECTED)


def _ingest_on_dask(paths, store, lake, *, cluster, scheduler, options, spec, batch_size, on_article, max_seconds):
    """``dateline ingest --cluster/--scheduler``: into the DuckDB store, or into the lake with --lake."""
    from dateline.scale import ingest_to_lake, ingest_to_store

    where = {"cluster": cluster, "scheduler": scheduler, "options": options, "spec": spec,
             "max_seconds": max_seconds}
    if lake is not None:
        return ingest_to_lake(paths, lake, **where, on_article=on_article, on_rejection=report_rejection)
    return ingest_to_store(paths, store, **where, batch_size=batch_size, on_article=on_article,
                           on_rejection=report_rejection)


# --- extract -----------------------------------------------------------------------------------


@app.command()
@clear_errors
def extract(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files, folders or - for standard input.")],
    date: DateOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, jsonl or table.")] = "json",
    field: FieldOption = None,
    encoding: EncodingOption = None,
    input_format: InputFormatOption = "auto",
    model: ModelOption = None,
    max_seconds: MaxSecondsOption = 0,
) -> None:
    """Run every stage on articles and print the records, without a store.

    JSON: {"article": {...}, "entities": [...], "timexes": [...], "quotes": [...], "events": [...]};
    spans are {"start", "end", "text"} character offsets into article.text. With several
    articles, json prints a list and jsonl one object per line.
    """
    from dateline.ingest import ReadOptions, read_inputs
    from dateline.model import Rejection, to_json
    from dateline.pipeline import extract_articles

    if fmt not in ("json", "jsonl", "table"):
        raise typer.BadParameter("use json, jsonl or table", param_hint="--format")
    options = ReadOptions(date=date, fields=parse_fields(field), encoding=encoding, input_format=input_format)
    rejected = 0

    def articles():
        nonlocal rejected
        for item in read_inputs(paths, options):
            if isinstance(item, Rejection):
                rejected += 1
                report_rejection(item)
            else:
                if date:
                    item = _with_date(item, date)
                yield item

    def extracted():
        nonlocal rejected
        for ex in extract_articles(articles(), model=model, kb=kb_files(ctx), max_seconds=max_seconds or None):
            if isinstance(ex, Rejection):  # over the time budget
                rejected += 1
                report_rejection(ex)
            else:
                yield ex

    if fmt == "json":
        results = [to_json(ex) for ex in extracted()]
        payload = results[0] if len(results) == 1 else results
        out.print(json.dumps(payload, ensure_ascii=False, indent=2), markup=False)
    else:
        for ex in extracted():
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
    table(
        "entities",
        ["text", "label", "start", "conf"],
        [[m.text, m.label, m.start, f"{m.confidence:.2f}"] for m in ex.entities],
    )
    table(
        "timexes",
        ["text", "type", "value", "mod", "conf"],
        [[t.text, t.type, t.value, t.mod or "", f"{t.confidence:.2f}"] for t in ex.timexes],
    )
    table(
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
    table(
        "events",
        ["type", "source", "target", "date", "modality", "evidence"],
        [[e.type, actor_label(e.source) or "", actor_label(e.target) or "", e.date or "", e.modality, e.evidence.text]
         for e in ex.events],
    )


@app.command()
@clear_errors
def serve(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(envvar="DATELINE_TOKEN", help="Bearer token that enables POST /api/ingest (off without one)."),
    ] = None,
    max_body_mb: Annotated[
        float, typer.Option("--max-body-mb", min=0.001, help="Largest request body accepted, in MB (413 beyond).")
    ] = 10.0,
    lake: LakeOption = None,
) -> None:
    """Serve the REST API (/api, OpenAPI at /openapi.json) and the web explorer over a store.

    On a loopback address (the default) the server answers only requests addressed to a local
    name, so a web page on another domain that resolves to 127.0.0.1 cannot reach it.
    """
    from dateline.api import serve as run_server

    if lake is not None and token is not None:
        raise typer.BadParameter("a lake is read-only here: add articles with dateline ingest --lake",
                                 param_hint="--token")
    db = lake or db
    open_store(db)  # a clear error now if there is no store
    err.print(f"dateline explorer on http://{host}:{port}/  (Ctrl+C to stop)")
    run_server(db, host=host, port=port, token=token, kb=kb_files(ctx), max_body_mb=max_body_mb)


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
    from dateline.knowledge.wikidata import import_wikidata

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
    from dateline.throughput import REPORT_COLUMNS, measure, replicate, report

    examples = Path(__file__).resolve().parents[3] / "examples" / "articles"  # in a source checkout
    if not paths and not examples.is_dir():
        raise typer.BadParameter("the bundled examples come with a source checkout; pass articles to measure on")
    base = [a for a in read_inputs(paths or [str(examples)]) if isinstance(a, Article)]
    if not base:
        raise ValueError("no readable articles to measure")
    rows = measure(replicate(base, min_articles), model=model, workers=workers)
    table(f"throughput over {rows[0].articles} articles", REPORT_COLUMNS, report(rows))


