"""End-to-end ingest throughput beside a bare spaCy parse of the same texts, measured in one run.

    python bench/throughput.py [--min-articles 500] [--workers 1] [--repeat 2] [--model NAME]

The example articles (examples/articles) are repeated with shifted dates until there are at
least --min-articles distinct articles. Printed: articles/s, tokens/s and peak RSS of
(1) the bare spaCy parse, (2) the spine (entity stage only) and (3) every stage, each as
extract (no store) and ingest (JSONL in, DuckDB store out), and each one's ratio to the bare parse.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dateline.ingest import read_inputs
from dateline.model import Article
from dateline.throughput import REPORT_COLUMNS, measure, replicate, report

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-articles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--model", default=None)
    parser.add_argument("--full-only", action="store_true", help="skip the spine-only rows")
    parser.add_argument("--repeat", type=int, default=2, help="interleaved runs per mode; the fastest is kept")
    args = parser.parse_args()

    base = [a for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article)]
    articles = replicate(base, args.min_articles)
    stage_sets = [None] if args.full_only else [("dateline_entities",), None]
    rows = measure(articles, model=args.model, stage_sets=stage_sets, workers=args.workers, repeat=args.repeat)
    title = f"throughput: {len(articles)} articles ({len(base)} examples repeated), workers={args.workers}"
    table = Table(title=title + f", best of {args.repeat}")
    for col in REPORT_COLUMNS:
        table.add_column(col, justify="left" if col in ("mode", "stages") else "right")
    for row in report(rows):
        table.add_row(*row)
    Console(width=140).print(table)


if __name__ == "__main__":
    main()
