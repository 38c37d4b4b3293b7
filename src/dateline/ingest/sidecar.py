"""Per-folder metadata for dated-text files: an ``index.tsv`` beside them.

A dated-text file carries only its date and text. When its folder holds an ``index.tsv`` (tab-separated,
header row, a ``file`` column naming files in that folder), the row for the file supplies what the text
cannot: ``url``, ``outlet``, ``title`` and ``date`` (used only when the file has no date line). Other
columns (licence, story ids...) are ignored. An outlet cell's parenthesised note is dropped:
"voanews.com (VOA CMS preview host)" -> "voanews.com"; a cell that is only a note gives no outlet.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

INDEX_NAME = "index.tsv"


@dataclass(frozen=True)
class FileMeta:
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: str | None = None


def outlet_name(cell: str) -> str | None:
    """The outlet named in a cell, without its parenthesised note."""
    name = cell.split(" (")[0].strip()
    return None if not name or name.startswith("(") else name


def meta_for(path: Path) -> FileMeta:
    """The index.tsv row for ``path`` (empty metadata when there is no index or no row)."""
    return _index(path.parent.resolve()).get(path.name, FileMeta())


@lru_cache(maxsize=64)
def _index(folder: Path) -> dict[str, FileMeta]:
    index = folder / INDEX_NAME
    if not index.is_file():
        return {}
    try:
        with open(index, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}  # a broken index is only missing metadata; the articles still go in
    return {row["file"]: _meta(row) for row in rows if (row.get("file") or "").strip()}


def _meta(row: dict[str, str | None]) -> FileMeta:
    def cell(name: str) -> str | None:
        return (row.get(name) or "").strip() or None

    return FileMeta(url=cell("url"), outlet=outlet_name(cell("outlet") or ""), title=cell("title"), date=cell("date"))
