"""The app, its shared options, error handling and table printing."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.measure import Measurement
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
LakeOption = Annotated[
    Path | None, typer.Option("--lake", help="Read the Parquet lake in this folder (written by dateline ingest "
                              "--lake) instead of the --db store.")
]
DEFAULT_MAX_SECONDS = 120.0
MaxSecondsOption = Annotated[
    float,
    typer.Option("--max-seconds", min=0, help="Per-document time budget: an article whose extraction runs longer "
                 "is rejected (reason time-budget) and the rest goes on; the stages then run in worker "
                 "processes that can be stopped. 0: no budget."),
]
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


class ListFormat(str, Enum):
    """How a listing prints: a table for people, JSON lines or TSV for programs."""

    table = "table"
    json = "json"
    tsv = "tsv"


ListFormatOption = Annotated[
    ListFormat,
    typer.Option(
        "--format", "-f",
        help="table; json: one object per line, as the REST API returns it; tsv: the table's columns, tab-separated.",
    ),
]


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


KB_ENV = "DATELINE_KB"  # actor KB files (os.pathsep-separated) used as if given with --kb


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    kb: Annotated[
        list[Path] | None,
        typer.Option("--kb", help="Extra actor KB file (CSV/TSV/YAML), added to the bundled KB (repeatable; "
                                  "the files in $DATELINE_KB come first)."),
    ] = None,
) -> None:
    """dateline turns dated news articles into event data: time expressions, quotes with speakers,
    PLOVER events with actors, places and counts — each backed by the text it came from."""
    missing = [str(p) for p in kb or [] if not p.exists()]
    if missing:
        raise typer.BadParameter(f"no such file: {', '.join(missing)}", param_hint="--kb")
    from_env = [p for p in os.environ.get(KB_ENV, "").split(os.pathsep) if p.strip()]
    ctx.obj = {"kb": tuple(from_env + [str(p) for p in kb or []])}


def kb_files(ctx: typer.Context) -> tuple[str, ...]:
    """The extra actor KB files of this run ($DATELINE_KB, then --kb), for the stages that use the KB."""
    return (ctx.obj or {}).get("kb", ())


def parse_fields(pairs: list[str] | None) -> dict[str, str]:
    mapping = {}
    for pair in pairs or []:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours or not theirs:
            raise typer.BadParameter(f"{pair!r} is not OURS=THEIRS", param_hint="--field")
        mapping[ours.strip()] = theirs.strip()
    return mapping


def report_rejection(rejection) -> None:
    err.print(f"[yellow]rejected[/yellow] {rejection.source}: {rejection.message}", markup=True)


def actor_label(ref) -> str | None:
    """ "Benjamin Netanyahu (ISR GOV)" for an actor reference: an ActorRef, or its JSON from the store."""
    if not ref:
        return None
    get = ref.get if isinstance(ref, dict) else lambda key: getattr(ref, key)
    code = " ".join(x for x in (get("country"), get("sector")) if x)
    return (get("name") or get("text") or "") + (f" ({code})" if code else "")


ID_COLUMNS = ("id", "article", "storyline")  # columns whose cells are copied whole into other commands


def table(title: str, headers: list[str], rows: list[list], whole: tuple[str, ...] = ID_COLUMNS) -> None:
    """Print a table; the ``whole`` columns (ids) never wrap. To a file or a pipe, no cell wraps at all:
    each row is one line, whatever the terminal's width."""
    if not rows:
        return
    grid = Table(title=title, title_justify="left", show_lines=False)
    cells = [[str(c) for c in row] for row in rows]
    for i, h in enumerate(headers):
        if h in whole:
            grid.add_column(h, no_wrap=True, min_width=max(len(h), *(len(r[i]) for r in cells)))
        else:
            grid.add_column(h, overflow="fold")
    for row in cells:
        grid.add_row(*row)
    (out if out.is_terminal else _wide_console(grid)).print(grid)


def _wide_console(grid: Table) -> Console:
    """A console on standard output as wide as ``grid`` laid out with no wrapping."""
    natural = Measurement.get(out, out.options.update_width(1_000_000), grid).maximum
    return Console(file=out.file, width=max(natural, out.width), highlight=False, soft_wrap=True)


def open_store(db: Path):
    """The store to read: the DuckDB file ``db``, or a Parquet lake when ``db`` is a folder."""
    from dateline.lake import open_store as open_any

    return open_any(db, read_only=True)


def print_rows(
    rows: list[dict], columns: dict[str, Callable[[dict], object]], title: str, fmt: ListFormat = ListFormat.table,
    whole: tuple[str, ...] = ID_COLUMNS,
) -> None:
    """``rows`` (query results) as a table with one column per header, its cell from the row; or as JSON
    lines (the whole rows) or TSV (the table's cells, never shortened) for programs. The ``whole`` columns
    of a table never wrap."""
    if not rows:
        err.print(f"no {title}")
        return
    if fmt == ListFormat.json:
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows)
        return
    cells = [["" if (v := cell(row)) is None else v for cell in columns.values()] for row in rows]
    if fmt == ListFormat.tsv:
        lines = [list(columns), *cells]
        sys.stdout.writelines("\t".join(_tsv_cell(c) for c in line) + "\n" for line in lines)
        return
    table(title, list(columns), cells, whole)


def _tsv_cell(value: object) -> str:
    """One TSV cell: tabs and line breaks inside the text become spaces."""
    return " ".join(str(value).split("\t")).replace("\r", " ").replace("\n", " ")
