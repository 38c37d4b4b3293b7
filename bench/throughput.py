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
from dateline.throughput import measure, replicate

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
    bare = next(r for r in rows if r.mode == "bare")

    title = f"throughput: {len(articles)} articles ({len(base)} examples repeated), workers={args.workers}"
    table = Table(title=title + f", best of {args.repeat}")
    for col in ("mode", "stages", "articles", "seconds", "articles/s", "tokens/s", "peak RSS MB", "× bare"):
        table.add_column(col, justify="left" if col in ("mode", "stages") else "right")
    for r in rows:
        table.add_row(
            r.mode,
            r.stages,
            f"{r.articles}",
            f"{r.seconds:.1f}",
            f"{r.articles_per_s:.1f}",
            f"{r.tokens_per_s:,.0f}",
            f"{r.peak_rss_mb:.0f}",
            f"{r.articles_per_s / bare.articles_per_s:.2f}",
        )
    Console(width=140).print(table)


if __name__ == "__main__":
    main()
