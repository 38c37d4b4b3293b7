#!/usr/bin/env bash
# Set up dateline on a fresh machine, ingest the bundled example articles into ./dateline.duckdb,
# and print what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/dateline ingest examples/articles --db dateline.duckdb
.venv/bin/dateline articles --db dateline.duckdb --limit 10
.venv/bin/dateline events --db dateline.duckdb --limit 25
.venv/bin/dateline quotes --db dateline.duckdb --limit 15
