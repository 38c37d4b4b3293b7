"""How much of the extracted data the explorer's map, dyads and downloads can show.

Usage: python bench/explorer_coverage.py [FOLDER ...]   (default: examples/articles and ../shared/corpus/dev)

Builds a store from the folders (the real pipeline, then the stories update, as bench/screenshot.py does)
and asks the API, as the explorer does: events in all, events with coordinates (the map's dots) and
places, events with a country (the map's shading) and countries the world map cannot name, the rows of
the CSV and JSONL downloads and any CSV cell that still holds JSON, actors with at least one dyad.
A default folder that is absent is skipped with a message.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "corpus" / "dev"
sys.path.insert(0, str(REPO / "bench"))


def measure(db: Path) -> list[tuple[str, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from urllib.parse import quote

    from dateline.api import create_app

    client = TestClient(create_app(db))
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    points = client.get("/api/events/points").json()
    countries = client.get("/api/events/countries").json()
    table = list(csv.DictReader(io.StringIO(client.get("/api/events/export.csv").text)))
    lines = client.get("/api/events/export.jsonl").text.splitlines()
    nested = sum(1 for row in table for v in row.values() if v and v[0] in "{[")
    actors = client.get("/api/actors", params={"limit": 500}).json()["items"]
    dyads = [client.get("/api/dyads/" + quote(a["id"], safe="")).json() for a in actors]
    located = sum(p["n"] for p in points)
    return [
        ("events", f"{total}"),
        ("events with coordinates (map dots)", f"{located} ({located / max(total, 1):.0%}) at {len(points)} places"),
        ("events with a country (map shading)", f"{sum(c['n'] for c in countries)} in {len(countries)} countries"),
        ("countries the world map cannot name", f"{sum(1 for c in countries if not c['numeric'])}"),
        ("CSV download", f"{len(table)} rows x {len(table[0]) if table else 0} columns, {nested} cells holding JSON"),
        ("JSONL download", f"{len(lines)} lines"),
        ("actors with at least one dyad", f"{sum(1 for d in dyads if d['acts_on'] or d['acted_on_by'])} "
                                          f"of {len(actors)}"),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    args = ap.parse_args(argv)
    folders = args.folders or [REPO / "examples" / "articles", DEV]
    present = [f for f in folders if f.is_dir()]
    for missing in set(folders) - set(present):
        print(f"skipped: {missing} not found")
    if not present:
        return 0
    from screenshot import build_store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "coverage.duckdb"
        for folder in present:
            build_store(folder, db)
        rows = measure(db)
    print(f"explorer coverage on {', '.join(str(f) for f in present)}")
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
