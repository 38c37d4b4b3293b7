"""dateline's data files: one folder per area (time, quotes, events, kb, places, stories), each with a README."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def read_table(area: str, name: str) -> list[list[str]]:
    """The rows of the TSV file ``<area>/<name>``, split on tabs; ``#`` comment lines and blank lines skipped."""
    lines = (ROOT / area / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
