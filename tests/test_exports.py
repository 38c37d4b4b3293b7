"""Flat and GDELT exports of events: column sets, one row per event, values of known events, round trips."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import typing

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import ActorRef, Count, Event, Place, Span
from dateline.resources import ROOT as RESOURCES
from dateline.resources import read_table
from dateline.store import Store
from dateline.store import queries as Q
from dateline.store.flat import COUNT_KINDS, FLAT_COLUMNS, ROLES, flat_events
from dateline.store.gdelt import (
    GDELT_COLUMNS,
    _action_geo,
    _dates,
    event_code,
    gdelt_row,
    global_event_id,
    goldstein_scores,
    quad_class,
)
from dateline.store.schema import TABLES, columns
from tests.conftest import EXAMPLES, ROOT, SEED

runner = CliRunner()
FLAT_NAMES = [name for name, _ in FLAT_COLUMNS]


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory, nlp):
    """The bundled example articles, ingested (stories built) into a fresh store."""
    db = str(tmp_path_factory.mktemp("exports") / "examples.duckdb")
    result = run("ingest", str(EXAMPLES), "--db", db)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def nested(examples_db, tmp_path_factory) -> dict[str, dict]:
    """The nested JSONL export of the events, by id."""
    out = tmp_path_factory.mktemp("nested") / "events.jsonl"
    assert run("export", "events", "--format", "jsonl", "--out", str(out), "--db", examples_db).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r for r in rows}


@pytest.fixture(scope="module")
def flat_csv(examples_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("flat") / "events.csv"
    result = run("export", "events", "--flat", "--format", "csv", "--out", str(out), "--db", examples_db)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def gdelt_lines(examples_db, tmp_path_factory) -> list[list[str]]:
    out = tmp_path_factory.mktemp("gdelt") / "events.tsv"
    result = run("export", "events", "--format", "gdelt", "--out", str(out), "--db", examples_db)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n") and "\r" not in text
    return [line.split("\t") for line in text.splitlines()]


# --- column sets -------------------------------------------------------------------------------------


def _expected_flat_names() -> set[str]:
    """Every field an Event carries, flattened: nested records by prefix, counts by kind."""
    hints = typing.get_type_hints(Event)
    out: set[str] = set()
    for f in dataclasses.fields(Event):
        hint = hints[f.name]
        if f.name in ROLES:
            out |= {f"{f.name}_{g.name}" for g in dataclasses.fields(ActorRef)}
        elif f.name == "location":
            place = {g.name for g in dataclasses.fields(Place)}
            out |= {"lat", "lon", "precision"} | {f"place_{g}" for g in place - {"lat", "lon", "precision"}}
        elif f.name == "evidence":
            out |= {f"evidence_{g.name}" for g in dataclasses.fields(Span)}
        elif f.name == "counts":
            assert typing.get_args(hint) == (Count,)
            out |= set(COUNT_KINDS) | {f"{k}_approximate" for k in COUNT_KINDS}
        else:
            out.add(f.name)
    return out


def test_flat_columns_cover_every_event_field():
    names = set(FLAT_NAMES)
    assert len(names) == len(FLAT_NAMES), "a flat column name repeats"
    missing = _expected_flat_names() - names
    assert not missing, f"Event fields with no flat column: {sorted(missing)}"
    # the columns the issue names, and the article's
    assert {"source_name", "source_country", "source_sector", "target_name", "target_country", "target_sector",
            "place_name", "lat", "lon", "precision", "killed", "injured", "evidence_text", "article_url",
            "outlet", "article_date", "story_id", "merged_event_id"} <= names


def test_count_kinds_are_the_lexicons():
    lexicon = yaml.safe_load((RESOURCES / "events" / "counts.yaml").read_text(encoding="utf-8"))
    assert set(COUNT_KINDS) == set(lexicon["verbs"]) == set(lexicon["nouns"])


def test_gdelt_has_61_columns_in_gdelt_order():
    assert len(GDELT_COLUMNS) == 61 and len(set(GDELT_COLUMNS)) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[51:59] == ("ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
                                    "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long",
                                    "ActionGeo_FeatureID")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_docs_describe_every_column():
    doc = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    assert not [n for n in FLAT_NAMES if f"`{n}`" not in doc and not n.endswith("_approximate")]
    ranges = {"Actor1Geo_", "Actor2Geo_", "Actor2"}  # documented as ranges ("16-25", "37-43", "45-51")
    listed = [c for c in GDELT_COLUMNS if f"`{c}`" in doc]
    unlisted = [c for c in GDELT_COLUMNS if c not in listed]
    assert all(any(c.startswith(p) for p in ranges) for c in unlisted), unlisted
    assert len(listed) >= 30


# --- the flat export ---------------------------------------------------------------------------------


def test_flat_csv_has_one_row_per_event(flat_csv, nested):
    with flat_csv.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == FLAT_NAMES
        rows = list(reader)
    assert len(rows) == len(nested) > 100
    assert sorted(r["id"] for r in rows) == sorted(nested)
    assert not any(cell.startswith(("{", "[")) for r in rows for cell in r.values()), "a JSON cell in the flat CSV"


def _same(flat_value, nested_value) -> bool:
    if nested_value is None:
        return flat_value is None
    if isinstance(nested_value, float):
        return flat_value == pytest.approx(nested_value)
    return flat_value == nested_value


def test_flat_values_are_the_nested_ones(examples_db, nested):
    """Each flat cell holds what the nested record says, for every event of the examples."""
    with Store(examples_db, read_only=True).connect() as con:
        rows = flat_events(con).to_pylist()
    assert len(rows) == len(nested)
    for row in rows:
        ev = nested[row["id"]]
        for role in ROLES:
            actor = ev[role] or {}
            for g in dataclasses.fields(ActorRef):
                assert _same(row[f"{role}_{g.name}"], actor.get(g.name)), (row["id"], role, g.name)
        place = ev["location"] or {}
        for key, column in (("name", "place_name"), ("country", "place_country"), ("lat", "lat"), ("lon", "lon"),
                            ("precision", "precision"), ("text", "place_text"), ("admin1", "place_admin1")):
            assert _same(row[column], place.get(key)), (row["id"], column)
        for key in ("start", "end", "text"):
            assert row[f"evidence_{key}"] == ev["evidence"][key]
        for kind in COUNT_KINDS:
            values = [c["value"] for c in ev["counts"] if c["kind"] == kind and c["value"] is not None]
            assert row[kind] == (max(values) if values else None), (row["id"], kind)
        for key in ("type", "mode", "modality", "date", "cameo", "goldstein", "confidence", "quote_id"):
            assert _same(row[key], ev[key]), (row["id"], key)
        assert row["context"] == (";".join(ev["context"]) or None)


def test_known_event_of_the_seed_article(examples_db):
    """Netanyahu rejecting Hamas's terms, in the seed article: the values an analyst filters on."""
    with Store(examples_db, read_only=True).connect() as con:
        rows = flat_events(con, Q.event_filter(actor="Netanyahu", type="REJECT")).to_pylist()
    assert rows, "the seed article's REJECT by Netanyahu is missing"
    row = rows[0]
    assert row["source_name"] == "Benjamin Netanyahu" and row["source_country"] == "ISR"
    assert row["source_sector"] == "GOV" and row["cameo"] == "12" and row["goldstein"] == -4.0
    assert "reject" in row["evidence_text"].lower() and row["article_date"] == "2024-02-08"
    assert row["day"] == "2024-02-07"  # "that Wednesday", before the article's date
    assert row["article_source"].endswith(SEED.name) and row["story_id"] and row["n_articles"] >= 1
    for r in rows:
        assert r["type"] == "REJECT" or r["plover_type"] == "REJECT"


def test_python_api_gives_the_flat_frame(examples_db):
    import dateline

    frame = dateline.open(examples_db).flat(Q.event_filter(modality="asserted"))
    assert list(frame.columns) == FLAT_NAMES and len(frame) and (frame["modality"] == "asserted").all()


def test_a_filter_selects_rows_of_the_full_export(examples_db):
    with Store(examples_db, read_only=True).connect() as con:
        everything = {r["id"]: r for r in flat_events(con).to_pylist()}
        assaults = flat_events(con, Q.event_filter(type="ASSAULT")).to_pylist()
    assert assaults and len(assaults) < len(everything)
    assert all(everything[r["id"]] == r for r in assaults)
    days = [r["day"] for r in everything.values()]
    assert days == sorted(days)


def test_flat_round_trips_through_pandas_and_duckdb(flat_csv, examples_db, tmp_path):
    frame = pd.read_csv(flat_csv)
    assert list(frame.columns) == FLAT_NAMES and frame["id"].is_unique
    assert frame["lat"].dtype.kind == "f" and frame["evidence_start"].dtype.kind == "i"
    assert frame["killed"].notna().any()  # the examples count dead
    assert frame["killed"].dropna().apply(float.is_integer).all()
    read = duckdb.sql(f"SELECT * FROM read_csv('{flat_csv}', header=true)")
    assert read.columns == FLAT_NAMES and len(read.fetchall()) == len(frame)
    assert duckdb.sql(f"SELECT count(*) FROM read_csv('{flat_csv}') WHERE source_country = 'ISR'").fetchall()[0][0] > 0

    parquet = tmp_path / "events.parquet"
    result = run("export", "events", "--flat", "--format", "parquet", "--out", str(parquet), "--db", examples_db)
    assert result.exit_code == 0, result.output
    table = pq.read_table(parquet)
    assert table.schema.names == FLAT_NAMES and table.num_rows == len(frame)
    types = {f.name: str(f.type) for f in table.schema}
    arrow = {"VARCHAR": "string", "BIGINT": "int64", "DOUBLE": "double", "BOOLEAN": "bool"}
    assert types == {name: arrow[typ] for name, typ in FLAT_COLUMNS}
    from_parquet = table.to_pandas().set_index("id").sort_index()
    from_csv = frame.set_index("id").sort_index()
    assert from_parquet["evidence_text"].equals(from_csv["evidence_text"])
    assert from_parquet["lat"].equals(from_csv["lat"])


def test_nested_export_is_unchanged(examples_db, tmp_path):
    """The nested CSV keeps the stored columns, JSON cells and all (the export contract)."""
    out = tmp_path / "events.csv"
    assert run("export", "events", "--format", "csv", "--out", str(out), "--db", examples_db).exit_code == 0
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == [n for n, _ in columns(TABLES["events"])]
        first = next(reader)
    assert json.loads(first["evidence"])["text"]


def test_export_usage_errors(examples_db, tmp_path):
    assert run("export", "quotes", "--flat", "--db", examples_db).exit_code == 2
    assert run("export", "quotes", "--format", "gdelt", "--db", examples_db).exit_code == 2
    assert run("export", "events", "--format", "gdelt", "--flat", "--db", examples_db).exit_code == 2
    assert run("export", "events", "--flat", "--header", "--db", examples_db).exit_code == 2
    assert run("export", "events", "--flat", "--format", "parquet", "--db", examples_db).exit_code == 2
    bad = run("export", "events", "--flat", "--format", "xml", "--out", str(tmp_path / "x"), "--db", examples_db)
    assert bad.exit_code == 1 and "unknown export format" in bad.output


# --- the GDELT export --------------------------------------------------------------------------------


def test_gdelt_lines_have_61_fields(gdelt_lines, nested):
    assert len(gdelt_lines) == len(nested)
    assert {len(fields) for fields in gdelt_lines} == {61}
    ids = [int(fields[0]) for fields in gdelt_lines]
    assert len(set(ids)) == len(ids) and max(ids) < 2**63
    assert {global_event_id(i) for i in nested} == set(ids)


def test_gdelt_reads_back_with_pandas(gdelt_lines, examples_db, tmp_path):
    out = tmp_path / "g.tsv"
    result = run("export", "events", "--format", "gdelt", "--header", "--out", str(out), "--db", examples_db)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(GDELT_COLUMNS) and len(frame) == len(gdelt_lines)
    assert frame["QuadClass"].isin(["1", "2", "3", "4"]).all()
    assert (frame["EventRootCode"].str.len() == 2).all()
    assert frame.apply(lambda r: r["EventCode"].startswith(r["EventRootCode"]), axis=1).all()
    assert frame["SQLDATE"].str.fullmatch(r"\d{8}").all() and frame["DATEADDED"].str.fullmatch(r"\d{14}").all()
    assert frame["SOURCEURL"].str.len().gt(0).all()
    placed = frame[frame["ActionGeo_Type"] != "0"]
    assert len(placed) and placed["ActionGeo_Lat"].astype(float).between(-90, 90).all()
    assert (frame["Actor1Geo_Type"] == "0").all() and (frame["AvgTone"] == "").all()


def test_gdelt_row_of_the_seed_rejection(examples_db):
    with Store(examples_db, read_only=True).connect() as con:
        row = flat_events(con, Q.event_filter(actor="Netanyahu", type="REJECT")).to_pylist()[0]
    g = dict(zip(GDELT_COLUMNS, gdelt_row(row), strict=True))
    assert g["Actor1Code"] == "ISRGOV" and g["Actor1Name"] == "BENJAMIN NETANYAHU" and g["Actor1CountryCode"] == "ISR"
    assert g["Actor1Type1Code"] == "GOV"
    assert g["EventRootCode"] == "12" and g["EventCode"].startswith("12") and g["QuadClass"] == "3"
    assert float(g["GoldsteinScale"]) == goldstein_scores()[g["EventCode"]] < 0
    assert g["SQLDATE"] == row["day"].replace("-", "") and g["Year"] == "2024" and g["MonthYear"] == "202402"
    assert g["IsRootEvent"] == ("1" if row["in_lead"] else "0")
    assert g["NumArticles"] == str(row["n_articles"])


# --- the lookups -------------------------------------------------------------------------------------


def test_event_codes_follow_the_mode_under_the_root():
    assert event_code("PROTEST", "demo", "14") == "141"
    assert event_code("COERCE", "arrest", "17") == "173"
    assert event_code("ASSAULT", "firearms", "19") == "193"
    assert event_code("ASSAULT", "aerial", "19") == "190"  # a mode CAMEO2PLOVER does not name: the root's code
    assert event_code("REJECT", None, "12") == "120"
    assert event_code("NOT_A_TYPE", None, None) is None


def test_code_tables_agree():
    scores = goldstein_scores()
    roots = {(t, m): (root, float(g)) for t, m, root, g, _ in read_table("events", "cameo.tsv")}
    for (plover, mode), (root, score) in roots.items():
        assert scores[root] == score, (plover, mode)  # the root scores of events/cameo.tsv are GDELT's
    for plover, mode, code in read_table("exports", "cameo_codes.tsv"):
        root = (roots.get((plover, mode)) or roots[(plover, "-")])[0]
        assert code.startswith(root) and code in scores, (plover, mode, code)
    assert all(len(c) in (2, 3, 4) and -10 <= s <= 10 for c, s in scores.items())


def test_quad_classes_and_dates():
    assert [quad_class(r) for r in ("01", "05", "06", "08", "09", "13", "14", "20")] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert quad_class(None) is None
    # GDELT's own rows: 2016-07-01 -> 2016.4959, 2007-07-04 -> 2007.5041, 2017-06-01 -> 2017.4137
    assert _dates("2016-07-01") == ["20160701", "201607", 2016, "2016.4959"]
    assert _dates("2007-07-04")[3] == "2007.5041" and _dates("2017-06-01")[3] == "2017.4137"
    assert _dates(None) == ["", "", "", ""]


def test_action_geography_in_gdelt_codes():
    city = {"precision": "city", "place_country": "IRN", "place_admin1": "IR.26", "place_name": "Tehran",
            "lat": 35.69, "lon": 51.42}
    assert _action_geo(city) == [4, "Tehran, Iran", "IR", "IR26", "", 35.69, 51.42, ""]
    us_city = {**city, "place_country": "USA", "place_admin1": "US.NY", "place_name": "New York City"}
    assert _action_geo(us_city)[:4] == [3, "New York City, United States", "US", "USNY"]
    country = {"precision": "country", "place_country": "ISR", "place_name": "Israel", "lat": 31.5, "lon": 34.9}
    assert _action_geo(country) == [1, "Israel", "IS", "IS", "", 31.5, 34.9, "IS"]
    region = {"precision": "region", "place_country": "CHN", "place_admin1": "Sichuan Sheng", "place_name": "Sichuan",
              "lat": 30.0, "lon": 103.0}
    assert _action_geo(region)[:5] == [5, "Sichuan, China", "CH", "", ""]
    assert _action_geo({"precision": None, "lat": None})[0] == 0


def test_gdelt_fields_never_hold_a_tab_or_line_break():
    row = {"id": "0123456789abcdef", "day": "2024-02-08", "source_name": "A\tB\nC", "type": "CONSULT",
           "cameo": "04", "article_url": "https://x.org/a"}
    fields = gdelt_row(row)
    assert len(fields) == 61 and fields[6] == "A B C"
    assert not any(ch in f for f in fields for ch in "\t\n\r")
    buffer = io.StringIO()
    from dateline.store.gdelt import write_gdelt

    assert write_gdelt([row, row], buffer, header=True) == 2
    assert [len(line.split("\t")) for line in buffer.getvalue().splitlines()] == [61, 61, 61]


def test_empty_store_exports_headers_only(tmp_path):
    store = Store(tmp_path / "empty.duckdb")
    assert store.export_flat("csv", tmp_path / "flat.csv") == 0
    assert (tmp_path / "flat.csv").read_text(encoding="utf-8").strip() == ",".join(FLAT_NAMES)
    buffer = io.StringIO()
    assert store.export_gdelt(buffer, header=True) == 0
    assert buffer.getvalue() == "\t".join(GDELT_COLUMNS) + "\n"
