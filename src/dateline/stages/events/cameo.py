"""PLOVER -> CAMEO root code and Goldstein score, for GDELT users (export only).

The table ``resources/events/cameo.tsv`` follows CAMEO2PLOVER-2021 (which CAMEO roots each
PLOVER type came from) with the public Goldstein (1992) score of each CAMEO root. A row for
a (type, mode) pair wins over the type's default row ("ASSAULT" with mode "firearms" is CAMEO
19 FIGHT).
"""

from __future__ import annotations

from functools import lru_cache

from dateline.resources import ROOT

RESOURCE = ROOT / "events" / "cameo.tsv"


@lru_cache(maxsize=1)
def table() -> dict[tuple[str, str], tuple[str, float]]:
    """(PLOVER type, mode or "-") -> (CAMEO root code, Goldstein score)."""
    out: dict[tuple[str, str], tuple[str, float]] = {}
    for line in RESOURCE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        plover, mode, root, goldstein, _name = line.split("\t")
        out[(plover, mode)] = (root, float(goldstein))
    return out


def to_cameo(plover_type: str, mode: str | None = None) -> tuple[str | None, float | None]:
    """(CAMEO root, Goldstein) for a PLOVER type and mode; (None, None) where PLOVER has no CAMEO root."""
    rows = table()
    hit = rows.get((plover_type, mode or "-")) or rows.get((plover_type, "-"))
    return hit if hit else (None, None)
