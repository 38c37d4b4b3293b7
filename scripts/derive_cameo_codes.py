"""Derive resources/exports/cameo_codes.tsv — (PLOVER type, mode) -> the CAMEO event code a GDELT
export writes — from CAMEO2PLOVER-2021 (../shared/data/plover, Schrodt 2021) and resources/events/cameo.tsv.

Rule: the CAMEO codes CAMEO2PLOVER files under the (type, mode) pair, kept to the CAMEO root that
cameo.tsv gives the pair; a single code is taken as it is ("RETREAT release": 0841); codes that all
share one three-digit base code give that code ("PROTEST demo": 141, 1411-1414 -> 141); else the
root's "not specified below" code (root + "0": "ASSAULT assassinate": 185 and 186 -> 180). A pair
with no CAMEO2PLOVER code gets no row (the export falls back to root + "0"). Run from the project
root: .venv/bin/python scripts/derive_cameo_codes.py > src/dateline/resources/exports/cameo_codes.tsv
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from dateline.stages.events.cameo import to_cameo

SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "plover" / "CAMEO2PLOVER-2021.txt"
LINE = re.compile(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,#]*?)\s*(?:,|#|$)")


def pairs(text: str) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for line in text.splitlines():
        found = LINE.match(line.strip())
        if found:
            code, plover, mode = found.groups()
            out[(plover, mode.strip() or "-")].append(code)
    return out


def choose(root: str, codes: list[str]) -> str:
    mine = sorted({c for c in codes if c.startswith(root)})
    if len(mine) == 1:
        return mine[0]
    bases = {c[:3] for c in mine}
    return bases.pop() if len(bases) == 1 else root + "0"


def main() -> None:
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} is absent: this script needs ../shared/data/plover")
    print("# plover_type\tmode\tcameo_code")
    print("# Derived by scripts/derive_cameo_codes.py from CAMEO2PLOVER-2021 (Schrodt, 2021) and events/cameo.tsv;")
    print("# see README.md.")
    for (plover, mode), codes in sorted(pairs(SOURCE.read_text(encoding="utf-8")).items()):
        root, _ = to_cameo(plover, None if mode == "-" else mode)
        if root is not None and any(c.startswith(root) for c in codes):
            print(f"{plover}\t{mode}\t{choose(root, codes)}")


if __name__ == "__main__":
    main()
