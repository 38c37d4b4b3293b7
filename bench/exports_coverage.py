"""Export coverage: how much of the flat and GDELT exports dateline fills, on real articles.

Usage: python bench/exports_coverage.py [PATH...] [--db FILE]

Ingests PATH... (default: examples/articles and, when present, ../shared/corpus/dev) into a fresh
store (or reads the store --db names), exports the events flat and as GDELT rows, and prints:
- events, flat columns, GDELT fields per line (61 expected on every line);
- per GDELT column, the share of rows it fills (columns dateline never fills show 0%: docs/exports.md
  says why);
- the share of EventCodes more specific than their root's "not specified below" code;
- the time of the flat and GDELT exports as a ratio of the nested CSV export's, measured in one run.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED
from dateline.jobs import ingest
from dateline.store import Store
from dateline.store.flat import FLAT_COLUMNS, flat_events
from dateline.store.gdelt import GDELT_COLUMNS, write_gdelt

REPO = Path(__file__).resolve().parents[1]


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--db")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dateline-exports-"))
    if args.db:
        store = Store(args.db, read_only=True)
    else:
        paths = args.paths or [str(REPO / "examples" / "articles")]
        dev = Path(DEFAULT_SHARED) / "corpus" / "dev"
        if not args.paths and dev.exists():
            paths.append(str(dev))
        store = Store(tmp / "store.duckdb")
        ingest(paths, store)
        print("ingested:", ", ".join(paths))
    with store.connect() as con:
        rows = flat_events(con).to_pylist()
    buffer = io.StringIO()
    write_gdelt(rows, buffer)
    lines = [line.split("\t") for line in buffer.getvalue().splitlines()]
    print(f"events: {len(rows)}; flat columns: {len(FLAT_COLUMNS)}; GDELT fields per line: "
          f"{sorted({len(f) for f in lines})}")
    print(f"{'GDELT column':<24} filled")
    for i, name in enumerate(GDELT_COLUMNS):
        filled = sum(1 for f in lines if f[i] not in ("", "0") or name == "IsRootEvent")
        print(f"{name:<24} {filled / max(len(lines), 1):6.1%}")
    codes = [f[GDELT_COLUMNS.index("EventCode")] for f in lines]
    specific = sum(1 for c in codes if c and not (len(c) == 3 and c.endswith("0")))
    print(f"EventCode more specific than root+0: {specific}/{len(codes)} ({specific / max(len(codes), 1):.1%})")
    nested = _timed(lambda: store.export("events", "csv", tmp / "nested.csv"))
    flat = _timed(lambda: store.export_flat("csv", tmp / "flat.csv"))
    gdelt = _timed(lambda: store.export_gdelt(tmp / "gdelt.tsv"))
    print(f"export time / nested CSV export time: flat CSV {flat / nested:.2f}, GDELT {gdelt / nested:.2f}")


if __name__ == "__main__":
    main()
