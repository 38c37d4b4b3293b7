"""The map, dyad and download endpoints over a store of hand-made records (tests.test_api's three articles
and a fourth with located events, counts and a text cell a spreadsheet would read as a formula)."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import pytest

from dateline.model import ActorRef, Article, Count, Event, Extraction, Place
from tests.test_api import ex_a, ex_b, ex_c, ref, span

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TEXT_D = ("Israeli troops killed 12 people and wounded 30 in Khan Younis on Monday. Israeli aircraft struck Rafah "
          "again. =HYPERLINK(\"http://x.example\") Hamas fighters attacked Israeli troops near Rafah. "
          "Fiji police arrested 3 in Suva.")


def place(text: str, needle: str, country: str, lat: float, lon: float, precision: str = "city") -> Place:
    s = span(text, needle)
    return Place(s.start, s.end, s.text, name=needle, country=country, lat=lat, lon=lon, precision=precision)


def ex_d() -> Extraction:
    art = Article(id="art-d", date="2024-02-12", text=TEXT_D, title="Strikes in Gaza", url="https://d.example/1",
                  outlet="d.example")
    israel = ref(TEXT_D, "Israeli", "ISR", "Israel")
    hamas = ref(TEXT_D, "Hamas", "Q38799", "Hamas")
    killed = span(TEXT_D, "killed 12")
    wounded = span(TEXT_D, "wounded 30")
    return Extraction(article=art, events=[
        Event("d1", "ASSAULT", span(TEXT_D, "Israeli troops killed 12 people and wounded 30 in Khan Younis"),
              source=israel, date="2024-02-12", location=place(TEXT_D, "Khan Younis", "PSE", 31.3462, 34.3063),
              counts=[Count("killed", 12, False, killed.start, killed.end, killed.text),
                      Count("injured", 30, False, wounded.start, wounded.end, wounded.text)],
              cameo="19", goldstein=-10),
        Event("d2", "ASSAULT", span(TEXT_D, "=HYPERLINK(\"http://x.example\")"), source=israel, target=hamas,
              date="2024-02-12", location=place(TEXT_D, "Rafah", "PSE", 31.2969, 34.2458)),
        Event("d3", "ASSAULT", span(TEXT_D, "Hamas fighters attacked Israeli troops near Rafah"), source=hamas,
              target=ActorRef(0, 7, "Israeli", actor_id="ISR", name="Israel"), date="2024-03-01",
              location=place(TEXT_D, "Rafah", "PSE", 31.2971, 34.2461)),
        Event("d4", "COERCE", span(TEXT_D, "Fiji police arrested 3 in Suva"), source=ref(TEXT_D, "Fiji police",
              "FJI-POL", "Fiji police"), date="2024-02-12", location=place(TEXT_D, "Suva", "FJI", -18.1416, 178.4419)),
    ])


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    from dateline.store import Store

    path: Path = tmp_path_factory.mktemp("map") / "store.duckdb"
    Store(path).write([ex_a(), ex_b(), ex_c(), ex_d()])
    return path


@pytest.fixture(scope="module")
def client(store_path) -> TestClient:
    from dateline.api import create_app

    return TestClient(create_app(store_path))


def test_points_group_events_by_their_coordinates(client):
    points = client.get("/api/events/points").json()
    by_name = {p["name"]: p for p in points}
    assert sorted(by_name) == ["Khan Younis", "Rafah", "Suva"]  # e2's Rafah in art-a has no coordinates
    assert by_name["Rafah"]["n"] == 2  # 31.2969/31.2971 and 34.2458/34.2461 round to one point
    assert (by_name["Rafah"]["lat"], by_name["Rafah"]["lon"]) == (31.3, 34.25)
    assert by_name["Suva"]["types"] == ["COERCE"] and by_name["Suva"]["country"] == "FJI"
    filtered = client.get("/api/events/points", params={"actor": "Q38799"}).json()  # the events table's filters
    assert [(p["name"], p["n"]) for p in filtered] == [("Rafah", 2)]


def test_countries_carry_the_numeric_code_the_world_map_uses(client):
    countries = {c["country"]: c for c in client.get("/api/events/countries").json()}
    assert countries["PSE"]["n"] == 4 and countries["PSE"]["numeric"] == "275"  # the located three and art-a's Rafah
    assert countries["FJI"] == {"country": "FJI", "n": 1, "numeric": "242", "name": "Fiji"}
    world = json.loads((Path(__file__).resolve().parents[1] / "src/dateline/api/static/world/countries-110m.json")
                       .read_text(encoding="utf-8"))
    ids = {g.get("id") for g in world["objects"]["countries"]["geometries"]}
    assert {"275", "242"} <= ids
    assert client.get("/api/events/countries", params={"since": "2024-03-01"}).json()[0]["n"] == 1


@pytest.mark.parametrize(("bbox", "expected"), [
    ("34.2,31.2,34.4,31.4", ["d1", "d2", "d3"]),
    ("34.245,31.29,34.255,31.30", ["d2", "d3"]),
    ("178,-19,-179,-18", ["d4"]),  # west > east: the box crosses the antimeridian
    ("-10,-10,10,10", []),
])
def test_bbox_filter(client, bbox, expected):
    items = client.get("/api/events", params={"bbox": bbox, "limit": 50}).json()["items"]
    assert sorted(e["id"] for e in items) == expected


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "0,10,1,5", "0,0,200,1", "nan,0,1,1"])
def test_bad_bbox_is_a_422_saying_why(client, bbox):
    response = client.get("/api/events", params={"bbox": bbox})
    assert response.status_code == 422
    assert "is not a box" in response.text


def test_dyads_count_counterparts_by_type_and_period(client):
    d = client.get("/api/dyads/ISR").json()
    assert d["name"] == "Israel" and d["unit"] == "month"
    assert [(c["id"], c["n"], c["types"]) for c in d["acts_on"]] == [("Q38799", 1, {"ASSAULT": 1})]
    assert d["acts_on_unknown"] == 2  # art-a's strike on Rafah and d1 name no target
    assert [(c["id"], c["periods"]) for c in d["acted_on_by"]] == [
        ("Q38799", [{"period": "2024-03", "type": "ASSAULT", "n": 1}])]
    assert d["periods"] == ["2024-02", "2024-03"]
    netanyahu = client.get("/api/dyads/Q43723", params={"unit": "day"}).json()
    assert netanyahu["acts_on"][0]["periods"] == [{"period": "2024-02-07", "type": "REJECT", "n": 1}]
    assert netanyahu["acts_on_unknown"] == 1  # e3 has no target
    assert client.get("/api/dyads/ISR", params={"since": "2024-03-01"}).json()["acts_on"] == []  # the filters apply
    assert client.get("/api/dyads/nobody").status_code == 404
    assert client.get("/api/dyads/ISR", params={"unit": "week"}).status_code == 422


def test_csv_download_is_flat_and_follows_the_filters(client):
    response = client.get("/api/events/export.csv", params={"place": "PSE"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="dateline-events.csv"' in response.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(response.text)))
    listed = client.get("/api/events", params={"place": "PSE"}).json()["items"]
    assert [r["id"] for r in table] == [e["id"] for e in listed]  # the events table's rows, in its order
    d1 = next(r for r in table if r["id"] == "d1")
    assert (d1["source_name"], d1["source_country"], d1["place_name"], d1["lat"], d1["lon"]) == (
        "Israel", "", "Khan Younis", "31.3462", "34.3063")
    assert (d1["killed"], d1["injured"], d1["arrested"]) == ("12", "30", "")
    assert (d1["cameo"], d1["goldstein"]) == ("19", "-10.0")
    assert d1["article_url"] == "https://d.example/1" and d1["outlet"] == "d.example"
    assert d1["evidence_text"].startswith("Israeli troops killed 12")
    assert not any(v.startswith("{") for r in table for v in r.values())  # no nested JSON in a cell
    d2 = next(r for r in table if r["id"] == "d2")
    assert d2["evidence_text"] == "'=HYPERLINK(\"http://x.example\")"  # a formula is never a formula
    assert (d2["target_actor_id"], d2["target_name"]) == ("Q38799", "Hamas")
    assert d1["goldstein"] == "-10.0"  # a negative number is a number, not a formula: no quote mark


def test_csv_download_is_the_cli_flat_export(client, store_path, tmp_path):
    """One flattening: the download's header and cells are those of ``dateline export events --flat``
    (dateline.store.flat), in the events table's order instead of the oldest first; the bbox filter too."""
    from dateline.store import Store
    from dateline.store.flat import FLAT_COLUMNS

    out = tmp_path / "flat.csv"
    Store(store_path, read_only=True).export_flat("csv", out)
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == [name for name, _ in FLAT_COLUMNS]
        cli = {r["id"]: r for r in reader}
    download = list(csv.DictReader(io.StringIO(client.get("/api/events/export.csv").text)))
    assert len(download) == len(cli) == 9
    for row in download:
        assert row == cli[row["id"]], row["id"]
    assert cli["d2"]["evidence_text"].startswith("'=")  # the CLI's CSV has the same guard ...
    kept = Store(store_path, read_only=True).flat().set_index("id")
    assert kept.loc["d2", "evidence_text"].startswith("=")  # ... which typed data (DataFrame, Parquet) has not
    boxed = client.get("/api/events/export.csv", params={"bbox": "178,-19,179,-18"}).text
    assert [r["place_name"] for r in csv.DictReader(io.StringIO(boxed))] == ["Suva"]


def test_jsonl_download_keeps_the_records(client):
    response = client.get("/api/events/export.jsonl", params={"type": "ASSAULT", "bbox": "34,31,35,32"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert sorted(e["id"] for e in lines) == ["d1", "d2", "d3"]
    d2 = next(e for e in lines if e["id"] == "d2")
    assert d2["evidence"]["text"] == "=HYPERLINK(\"http://x.example\")"  # JSON is data: kept as it is
    assert d2["location"]["lat"] == 31.2969 and d2["article_url"] == "https://d.example/1"
    assert client.get("/api/events/export.jsonl", params={"actor": "nobody"}).text == ""


def test_downloads_stream_in_batches(client, monkeypatch):
    from dateline.api import export

    monkeypatch.setattr(export, "BATCH", 2)  # 9 events: five batches, the last one short
    every = [json.loads(line)["id"] for line in client.get("/api/events/export.jsonl").text.splitlines()]
    listed = [e["id"] for e in client.get("/api/events", params={"limit": 50}).json()["items"]]
    assert every == listed and len(every) == 9
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events/export.csv").text)))
    assert [r["id"] for r in rows] == listed
