#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them (ruff, then pytest).
# Extra arguments go to pytest, e.g.: bash scripts/test.sh -k ingest
set -euo pipefail
cd "$(dirname "$0")/.."

# Headless Chromium drives the web explorer's tests (Debian packages; never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium chromium-driver' (browser tests are skipped without it)" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,bench,train,dask]"
.venv/bin/ruff check src tests bench
.venv/bin/python -m pytest "$@"
