"""``dateline ingest --cluster local:N`` beside ``--workers 1`` on the same articles, in one run.

    python bench/cluster.py [--articles 96] [--n-workers 2] [--repeat 1] [PATHS...]

The articles (default: the bundled examples) are repeated with dates shifted by whole days up to
--articles, written to one JSONL file and ingested into a fresh DuckDB store both ways (see
dateline.scale.bench). Prints start-up, ingest seconds, articles/s and the ratio to --workers 1, the CPU
seconds of the stages' processes and of the client, the articles per CPU-second of the stages (what a
dedicated core gives), the machine's load average, and the speed-up on dedicated cores derived from the
CPU seconds (on a machine shared by several sessions the wall-clock ratio says little: see
dateline.scale.bench.dedicated_ratio).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dateline.ingest import read_inputs
from dateline.model import Article
from dateline.scale.bench import COLUMNS, cluster_vs_workers, dedicated_ratio, machine, report
from dateline.throughput import replicate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(EXAMPLES)])
    parser.add_argument("--articles", type=int, default=96)
    parser.add_argument("--n-workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    base = [a for a in read_inputs(args.paths) if isinstance(a, Article)]
    articles = replicate(base, args.articles)[: args.articles]
    chars = sum(len(a.text) for a in articles) / len(articles)
    before = machine()
    runs = cluster_vs_workers(articles, n_workers=args.n_workers, repeat=args.repeat)
    table = Table(title=f"{len(articles)} articles of {chars:,.0f} characters on average; machine: {before} "
                        f"before, {machine()} after")
    for column in COLUMNS:
        table.add_column(column)
    for row in report(runs):
        table.add_row(*row)
    console = Console(width=160)  # whole rows in a file or a pipe too
    console.print(table)
    cores = os.cpu_count() or 1
    console.print(f"--cluster local:{args.n_workers} over --workers 1 from the CPU seconds above, on {cores} dedicated "
                  f"cores: {dedicated_ratio(runs):.2f}×; with a core for each worker and one for the client: "
                  f"{dedicated_ratio(runs, args.n_workers + 1):.2f}×")


if __name__ == "__main__":
    main()
