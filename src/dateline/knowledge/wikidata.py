"""Build a user knowledge-base file from Wikidata (a JSON dump or a SPARQL result).

:func:`import_wikidata` turns Wikidata entities into rows of the user KB format documented in
``dateline/resources/kb/README.md`` (``dateline kb import-wikidata FILE --out kb.tsv``); the rows
are then loaded like any user file by :meth:`dateline.knowledge.kb.KnowledgeBase.load`.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from dateline.knowledge.kb import RESOURCES, read_tsv, split_cell

# Wikidata classes (P31 "instance of") -> KB kind; anything else is a generic organization.
WIKIDATA_KINDS = {
    "Q5": "person", "Q6256": "country", "Q3624078": "country", "Q484652": "igo", "Q245065": "igo",
    "Q79913": "ngo", "Q163740": "ngo", "Q7278": "party", "Q7210356": "party", "Q17127659": "armed_group",
    "Q2001305": "armed_group", "Q1335818": "armed_group", "Q11032": "media", "Q1193236": "media",
    "Q4830453": "company", "Q783794": "company", "Q891723": "company", "Q1530022": "religious",
}
KIND_SECTORS = {"igo": "IGO", "ngo": "NGO", "armed_group": "REB", "party": "POL", "media": "JRN",
                "company": "BUS", "religious": "REL"}
USER_COLUMNS = ("id", "name", "aliases", "kind", "country", "sector", "title", "start", "end", "org")


def _wd_time(snak_value: dict | None) -> str | None:
    """A Wikidata time value ("+2012-05-07T00:00:00Z", precision 9/10/11) as YYYY-MM-DD."""
    if not snak_value:
        return None
    match = re.match(r"[+-]?(\d{4})-(\d{2})-(\d{2})", snak_value.get("time", ""))
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}-{month if month != '00' else '01'}-{day if day != '00' else '01'}"


def _wd_values(claims: dict, prop: str) -> list[tuple[object, dict]]:
    """(value, qualifiers) of the statements of ``prop`` (entity ids as "Q..." strings)."""
    out = []
    for statement in claims.get(prop, []):
        value = statement.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and "id" in value:
            value = value["id"]
        if value is not None and statement.get("rank") != "deprecated":
            out.append((value, statement.get("qualifiers", {})))
    return out


def _qualifier(qualifiers: dict, prop: str) -> dict | None:
    for snak in qualifiers.get(prop, []):
        value = snak.get("datavalue", {}).get("value")
        if value:
            return value
    return None


def _read_entities(text: str, data: object) -> list[dict]:
    """Entities of a Wikidata dump: a JSON array, ``{"entities": {...}}`` (Special:EntityData),
    or one entity per line between "[" and "]" (the layout of the full dumps)."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return list(data.get("entities", {}).values()) if "entities" in data else [data]
    lines = (line.strip().rstrip(",") for line in text.splitlines())
    return [json.loads(line) for line in lines if line not in ("", "[", "]")]


def _bundled_qids() -> dict[str, str]:
    return {row["qid"]: row["iso3"] for row in read_tsv(RESOURCES / "wikidata_countries.tsv")}


def _label(entity: dict) -> str | None:
    return (entity.get("labels", {}).get("en") or {}).get("value")


def _entities_to_rows(entities: list[dict]) -> list[dict]:
    qids = _bundled_qids()
    labels = {e.get("id"): _label(e) for e in entities}
    for entity in entities:  # countries in the dump extend the QID -> ISO3 table
        for iso3, _ in _wd_values(entity.get("claims", {}), "P298"):
            qids[entity["id"]] = str(iso3)
    offices = {str(v) for e in entities for v, _ in _wd_values(e.get("claims", {}), "P39")}
    rows = []
    for entity in entities:
        claims, name = entity.get("claims", {}), _label(entity)
        classes = [str(v) for v, _ in _wd_values(claims, "P31")]
        kind = next((WIKIDATA_KINDS[c] for c in classes if c in WIKIDATA_KINDS), "organization")
        if not name or not classes or kind == "country" or entity.get("id") in offices:
            continue  # unclassified items, countries and the offices people hold are not actors
        aliases = "|".join(a["value"] for a in entity.get("aliases", {}).get("en", []))
        home = next((qids[str(v)] for prop in ("P27", "P17") for v, _ in _wd_values(claims, prop)
                     if str(v) in qids), "")
        base = {"id": "wd:" + entity["id"], "name": name, "aliases": aliases, "kind": kind, "country": home,
                "sector": KIND_SECTORS.get(kind, "")}
        positions = _wd_values(claims, "P39")
        if not positions:
            rows.append(base)
        for position, quals in positions:
            rows.append({**base, "sector": "GOV", "title": labels.get(position) or str(position),
                         "start": _wd_time(_qualifier(quals, "P580")), "end": _wd_time(_qualifier(quals, "P582"))})
    return rows


# SPARQL variable names accepted for each column (case-insensitive), first match wins.
SPARQL_VARS = {
    "id": ("item", "person", "org", "actor", "entity", "id"),
    "name": ("itemlabel", "personlabel", "orglabel", "actorlabel", "name", "label"),
    "aliases": ("aliases", "altlabel", "itemaltlabel", "personaltlabel", "orgaltlabel"),
    "country": ("iso3", "country_iso3", "countryiso3", "countrycode", "countryiso", "country"),
    "kind": ("kind", "type"),
    "sector": ("sector",),
    "title": ("positionlabel", "title", "role", "position"),
    "start": ("start", "startdate", "start_time", "starttime", "from"),
    "end": ("end", "enddate", "end_time", "endtime", "to"),
}


def _sparql_to_rows(data: dict) -> list[dict]:
    qids = _bundled_qids()
    rows = []
    for binding in data.get("results", {}).get("bindings", []):
        values = {k.lower(): v.get("value", "") for k, v in binding.items()}
        row = {col: next((values[v] for v in names if values.get(v)), "") for col, names in SPARQL_VARS.items()}
        if not row["id"] or not row["name"]:
            continue
        row["id"] = "wd:" + row["id"].rsplit("/", 1)[-1]
        country = row["country"].rsplit("/", 1)[-1]
        row["country"] = qids.get(country, country if re.fullmatch(r"[A-Z]{3}", country) else "")
        row["aliases"] = "|".join(a.strip() for a in re.split(r"[|,]", row["aliases"]) if a.strip())
        row["kind"] = WIKIDATA_KINDS.get(row["kind"].rsplit("/", 1)[-1], row["kind"]) or (
            "person" if row["title"] else "organization")
        row["title"] = row["title"].rsplit("/", 1)[-1] if row["title"].startswith("http") else row["title"]
        row["sector"] = row["sector"] or ("GOV" if row["title"] else KIND_SECTORS.get(row["kind"], ""))
        for col in ("start", "end"):
            row[col] = row[col][:10] if re.match(r"\d{4}-\d{2}-\d{2}", row[col]) else ""
        rows.append(row)
    return rows


def _write_user_file(rows: list[dict], out: Path) -> int:
    """Write rows (one per role) as a user KB file; returns the number of distinct actors."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() in (".yaml", ".yml"):
        import yaml

        entries: dict[str, dict] = {}
        for row in rows:
            entry = entries.setdefault(row["id"], {
                "id": row["id"], "name": row["name"], "aliases": split_cell(row.get("aliases")),
                "kind": row.get("kind") or "person", "country": row.get("country") or None,
                "sector": row.get("sector") or None, "roles": []})
            if row.get("title") or row.get("start"):
                entry["roles"].append({k: row.get(k) or None for k in ("country", "sector", "title", "start", "end")})
        out.write_text(yaml.safe_dump(list(entries.values()), allow_unicode=True, sort_keys=False), encoding="utf-8")
        return len(entries)
    delimiter = "," if out.suffix.lower() == ".csv" else "\t"
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, USER_COLUMNS, delimiter=delimiter, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k) or "" for k in USER_COLUMNS})
    return len({row["id"] for row in rows})


def import_wikidata(src: Path, out: Path) -> int:
    """Build a user KB file from Wikidata; returns the number of actors written.

    ``src`` is a Wikidata JSON dump (entities as a JSON array or one per line, as in
    ``latest-all.json``) or a SPARQL query result in JSON (``head``/``results``/``bindings``).
    ``out`` is written as YAML (``.yaml``/``.yml``), CSV (``.csv``) or TSV (anything else).
    People get one role per "position held" (P39) with its start/end qualifiers; countries
    come from P27/P17 through ISO3 codes (P298) of countries in the dump or a bundled table.
    """
    text = Path(src).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None  # one entity per line
    if isinstance(data, dict) and "results" in data:
        return _write_user_file(_sparql_to_rows(data), Path(out))
    return _write_user_file(_entities_to_rows(_read_entities(text, data)), Path(out))
