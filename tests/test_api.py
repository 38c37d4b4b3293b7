"""The REST API over a store of hand-made records: filters, pagination, validation, the ingest token."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from dateline.model import ActorRef, Article, Event, Extraction, Mention, Place, Quote, Span, Timex

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SEED = Path(__file__).resolve().parents[1] / "examples" / "articles" / "000_2cc213d86c83265d.txt"

TEXT_A = ('On Wednesday Netanyahu rejected the Hamas proposal. "It is delusional," Netanyahu said. '
          "Israeli aircraft struck Rafah.")
TEXT_B = "Netanyahu turned down the Hamas truce plan on Wednesday, calling it delusional. Hamas criticized him."
TEXT_C = "Monsoon floods displaced thousands of people in Assam on Friday, officials in Guwahati reported."


def span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle), needle)


def ref(text: str, needle: str, actor_id: str, name: str) -> ActorRef:
    s = span(text, needle)
    return ActorRef(s.start, s.end, s.text, actor_id=actor_id, name=name)


def ex_a() -> Extraction:
    art = Article(id="art-a", date="2024-02-07", text=TEXT_A, title="Netanyahu rejects Hamas terms", outlet="a.example")
    netanyahu = ref(TEXT_A, "Netanyahu", "Q43723", "Benjamin Netanyahu")
    hamas = ref(TEXT_A, "Hamas", "Q38799", "Hamas")
    return Extraction(
        article=art,
        entities=[Mention("m1", netanyahu.start, netanyahu.end, "Netanyahu", "PERSON", 0.9),
                  Mention("m2", hamas.start, hamas.end, "Hamas", "ORG", 0.9)],
        timexes=[Timex("t1", 3, 12, "Wednesday", "DATE", "2024-02-07")],
        quotes=[Quote("q1", "direct", ref(TEXT_A, 'Netanyahu said', "Q43723", "Benjamin Netanyahu"),
                      span(TEXT_A, "said"), [span(TEXT_A, "It is delusional,")])],
        events=[
            Event("e1", "REJECT", span(TEXT_A, "Netanyahu rejected the Hamas proposal"), source=netanyahu,
                  target=hamas, date="2024-02-07"),
            Event("e2", "ASSAULT", span(TEXT_A, "Israeli aircraft struck Rafah"), date="2024-02-08",
                  source=ref(TEXT_A, "Israeli", "ISR", "Israel"),
                  location=Place(TEXT_A.index("Rafah"), TEXT_A.index("Rafah") + 5, "Rafah", name="Rafah",
                                 country="PSE")),
        ],
    )


def ex_b() -> Extraction:
    art = Article(id="art-b", date="2024-02-08", text=TEXT_B, title="Israel turns down truce plan", outlet="b.example")
    return Extraction(
        article=art,
        events=[Event("e3", "REJECT", span(TEXT_B, "Netanyahu turned down the Hamas truce plan"),
                      source=ref(TEXT_B, "Netanyahu", "Q43723", "Benjamin Netanyahu"), date="2024-02-07"),
                Event("e4", "DISAPPROVE", span(TEXT_B, "Hamas criticized him"), modality="asserted",
                      source=ref(TEXT_B, "Hamas", "Q38799", "Hamas"), date="2024-02-08", confidence=0.4)],
    )


def ex_c() -> Extraction:
    art = Article(id="art-c", date="2024-07-05", text=TEXT_C, title="<b>Floods</b> in Assam", outlet="c.example")
    return Extraction(article=art, events=[Event("e5", "COERCE", span(TEXT_C, "Monsoon floods displaced"),
                                                 modality="negated", date="XXXX-WXX-5")])


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from dateline.store import Store
    from dateline.stories import store as story_store

    path = tmp_path_factory.mktemp("api") / "store.duckdb"
    store = Store(path)
    store.write([ex_a(), ex_b(), ex_c()])
    story_store.update(store)
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    from dateline.api import create_app

    return TestClient(create_app(db))


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(item["id"] for item in response.json()["items"])


def test_articles_list_and_detail(client):
    assert ids(client.get("/api/articles")) == ["art-a", "art-b", "art-c"]
    assert ids(client.get("/api/articles", params={"q": "floods"})) == ["art-c"]
    assert ids(client.get("/api/articles", params={"since": "2024-02-08", "until": "2024-03-01"})) == ["art-b"]
    detail = client.get("/api/articles/art-a").json()
    assert detail["text"] == TEXT_A
    assert [e["id"] for e in detail["events"]] == ["e1", "e2"]
    assert detail["quotes"][0]["content"][0]["text"] == "It is delusional,"
    assert detail["timexes"][0]["value"] == "2024-02-07"
    assert len(detail["stories"]) == 1
    assert client.get("/api/articles/nope").status_code == 404


@pytest.mark.parametrize(("params", "expected"), [
    ({"type": "REJECT"}, ["e1", "e3"]),
    ({"type": "reject", "since": "2024-02-08"}, []),  # both rejections happened on the 7th
    ({"actor": "Q43723"}, ["e1", "e3"]),
    ({"actor": "hamas"}, ["e1", "e4"]),  # by name, as source or target
    ({"modality": "negated"}, ["e5"]),
    ({"place": "rafah"}, ["e2"]),
    ({"place": "PSE"}, ["e2"]),
    ({"q": "truce"}, ["e3"]),
    ({"until": "2024-02-07"}, ["e1", "e3"]),
    ({"since": "2024-07-01"}, ["e5"]),  # an unresolved event date falls back to the article's
    ({"q": "100%_"}, []),  # pattern characters are matched literally
    ({"min_confidence": 0.5}, ["e1", "e2", "e3", "e5"]),  # e4 was coded with 0.4
    ({"min_confidence": 0.4, "type": "DISAPPROVE"}, ["e4"]),
    ({"min_confidence": 1}, ["e1", "e2", "e3", "e5"]),
    ({"since": "2024-02", "until": "2024-02"}, ["e1", "e2", "e3", "e4"]),  # months are dates too
])
def test_event_filters(client, params, expected):
    assert ids(client.get("/api/events", params=params)) == expected


def test_events_per_day_and_types(client):
    days = client.get("/api/events/per-day", params={"type": "REJECT"}).json()
    assert days == [{"day": "2024-02-07", "type": "REJECT", "n": 2}]
    confident = client.get("/api/events/per-day", params={"min_confidence": 0.5}).json()
    assert "DISAPPROVE" not in {d["type"] for d in confident}  # the chart follows the confidence filter
    assert client.get("/api/events/types").json() == ["ASSAULT", "COERCE", "DISAPPROVE", "REJECT"]


def test_pagination_bounds_and_totals(client):
    first = client.get("/api/events", params={"limit": 2, "offset": 0}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == 5
    assert len(first["items"]) == 2 and len(second["items"]) == 2
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"since": "07/02/2024"}, {"limit": "ten"},
                {"min_confidence": 1.5}, {"min_confidence": -0.1}, {"min_confidence": "high"}):
        response = client.get("/api/events", params=bad)
        assert response.status_code == 422, bad
        assert response.json()["detail"][0]["loc"][0] == "query"


@pytest.mark.parametrize(("path", "param", "value", "why"), [
    ("/api/events", "since", "2024-13-01", "month must be in 1..12"),
    ("/api/events", "until", "2024-02-30", "day is out of range for month"),
    ("/api/events/per-day", "since", "2024-00", "month must be in 1..12"),
    ("/api/articles", "since", "2023-02-29", "day is out of range for month"),
    ("/api/stories", "until", "0000-01-01", "year 0 is out of range"),
])
def test_impossible_dates_are_a_clear_422(client, path, param, value, why):
    response = client.get(path, params={param: value})
    assert response.status_code == 422, response.text
    error = response.json()["detail"][0]
    assert error["loc"] == ["query", param]
    assert f"{value!r} is not a date" in error["msg"] and why in error["msg"]


def test_quotes_by_speaker_and_actor_page(client):
    quotes = client.get("/api/quotes", params={"speaker": "netanyahu"}).json()
    assert [q["id"] for q in quotes["items"]] == ["q1"]
    assert quotes["items"][0]["first_text"] == "It is delusional,"
    assert client.get("/api/quotes", params={"speaker": "Hamas"}).json()["total"] == 0
    actors = {a["id"]: a for a in client.get("/api/actors").json()["items"]}
    assert actors["Q43723"]["n_events"] == 2 and actors["Q43723"]["n_quotes"] == 1
    actor = client.get("/api/actors/Q43723").json()
    assert actor["name"] == "Benjamin Netanyahu"
    assert [e["id"] for e in actor["did"]] == ["e1", "e3"]
    assert [q["id"] for q in actor["quotes"]] == ["q1"]
    assert [e["id"] for e in client.get("/api/actors/Q38799").json()["done_to"]] == ["e1"]
    assert client.get("/api/actors/nobody").status_code == 404


def test_stories_and_timeline(client):
    stories = client.get("/api/stories").json()["items"]
    assert len(stories) == 2
    gaza = next(s for s in stories if s["n_articles"] == 2)
    story = client.get(f"/api/stories/{gaza['id']}").json()
    assert [a["id"] for a in story["articles"]] == ["art-a", "art-b"]  # the timeline, in date order
    assert story["outlets"] == ["a.example", "b.example"]
    merged = {m["type"]: m for m in story["merged_events"]}
    assert merged["REJECT"]["event_ids"] == ["e1", "e3"]  # two reports of one rejection
    assert merged["REJECT"]["n_outlets"] == 2
    assert [q["id"] for q in story["quotes"]] == ["q1"]
    assert story["storyline"]["stories"][0]["id"] == gaza["id"]
    assert client.get("/api/stories/nope").status_code == 404
    events = client.get("/api/events", params={"story": gaza["id"]}).json()
    assert events["total"] == 4


def test_openapi_schema_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/events", "/api/quotes", "/api/actors", "/api/stories",
                 "/api/stories/{story_id}", "/api/ingest"):
        assert path in paths
    assert "post" in paths["/api/ingest"]
    assert client.get("/").status_code == 200
    assert "app.js" in client.get("/").text


def test_ingest_is_off_without_a_token(client):
    response = client.post("/api/ingest", json={"articles": [{"text": "x", "date": "2024-02-08"}]})
    assert response.status_code == 403


@pytest.fixture()
def writable(tmp_path) -> TestClient:
    from dateline.api import create_app

    return TestClient(create_app(tmp_path / "w.duckdb", token="s3cret"))


def test_ingest_requires_the_token(writable):
    body = {"articles": [{"text": "Some text.", "date": "2024-02-08"}]}
    assert writable.post("/api/ingest", json=body).status_code == 401
    bad = writable.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 403


@pytest.mark.parametrize("body", [
    {},
    {"articles": []},
    {"articles": [{"text": "", "date": "2024-02-08"}]},
    {"articles": [{"text": "Some text.", "date": "8 Feb 2024"}]},
    {"articles": [{"text": "Some text."}]},
    {"articles": [{"text": "x", "date": "2024-02-08"}] * 101},
])
def test_ingest_rejects_bad_input_with_422(writable, body):
    response = writable.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 422


def test_ingest_stores_articles_and_updates_stories(writable):
    from dateline.ingest.text import split_date_line

    date, body = split_date_line(SEED.read_text("utf-8"))
    auth = {"Authorization": "Bearer s3cret"}
    payload = {"articles": [{"text": body, "date": date, "outlet": "seed.example"},
                            {"text": body, "date": "2024-02-31"}]}
    response = writable.post("/api/ingest", json=payload, headers=auth)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["new"] == 1 and result["stories_updated"] == 1
    assert [r["reason"] for r in result["rejected"]] == ["date"]
    again = writable.post("/api/ingest", json=payload, headers=auth).json()
    assert again["new"] == 0 and again["already_stored"] == 1
    listed = writable.get("/api/stories").json()
    assert listed["total"] == 1 and listed["items"][0]["outlets"] == ["seed.example"]
    article = writable.get(f"/api/articles/{result['article_ids'][0]}").json()
    assert article["text"] == body.strip()


def test_a_missing_store_is_a_clear_error(tmp_path):
    from dateline.api import create_app
    from dateline.store import StoreError

    with pytest.raises(StoreError, match="no store at"):
        create_app(tmp_path / "absent.duckdb")


def test_reads_are_answered_while_an_ingest_extracts(writable, monkeypatch):
    """The ingest holds the store lock only to write: a read made while its NLP runs answers at once."""
    import threading

    import dateline.jobs

    extracting, release, outcome = threading.Event(), threading.Event(), []

    def slow_extraction(articles, **_options):
        for article in articles:
            extracting.set()
            # Never released in time when the read waits for the ingest: the outcome then says so.
            outcome.append("released" if release.wait(timeout=60) else "timed out")
            yield Extraction(article=article)

    monkeypatch.setattr(dateline.jobs, "extract_articles", slow_extraction)
    auth = {"Authorization": "Bearer s3cret"}
    posted = {}
    body = {"articles": [{"text": TEXT_C, "date": "2024-07-05"}]}
    poster = threading.Thread(target=lambda: posted.update(
        response=writable.post("/api/ingest", json=body, headers=auth)))
    poster.start()
    try:
        assert extracting.wait(timeout=60), "the ingest never reached its extraction"
        listed = writable.get("/api/articles")  # made while the extraction waits on `release`
        release_was_set = release.is_set()
    finally:
        release.set()
        poster.join()
    assert listed.status_code == 200 and listed.json()["total"] == 0
    assert not release_was_set and outcome == ["released"]
    assert posted["response"].status_code == 200 and posted["response"].json()["new"] == 1
    assert writable.get("/api/articles").json()["total"] == 1
