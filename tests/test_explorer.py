"""The web explorer driven in real headless Chromium (Debian's chromium through Python playwright).

A small store is built from examples/articles through the real pipeline; two hand-made events
(evidence spans taken from the article text) are added so that the events table, the chart and
the event highlighting have something to show whatever the events stage extracts.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote as urlquote

import pytest
from playwright.sync_api import expect

from dateline.api.guards import LOOPBACK_HOSTS
from dateline.model import ActorRef, Article, Event, Place, Span

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
FILES = ("007_af462afa998c.txt", "008_1334dae0a64b.txt", "009_f2b5e54c4635.txt", "015_99db571be06e.txt")
HOSTILE = "<img src=x onerror=\"window.__pwned=1\">"  # must show up as text, never run
# Stored articles as a hostile feed could send them (read through the JSONL reader): script URLs,
# markup in titles, text and outlet. Each payload would set window.__pwned or open a dialog if it ran.
HOSTILE_SCRIPT = "<script>window.__pwned=3;alert(3)</script>"
HOSTILE_ARTICLES = [
    {"url": "javascript:window.__pwned=2;alert(5)", "title": "<img src=x onerror=\"window.__pwned=4;alert(4)\">",
     "outlet": "<b onmouseover=alert(7)>outlet</b>", "date": "2024-03-04",
     "text": f"Police arrested protesters in Yangon on Monday. {HOSTILE_SCRIPT} Officials said the "
             "crackdown <img src=x onerror=window.__pwned=5> would go on."},
    {"url": "data:text/html,<script>alert(6)</script>", "title": HOSTILE_SCRIPT, "date": "2024-03-05",
     "text": "Soldiers fired on protesters in Yangon on Tuesday, witnesses said. <svg onload=alert(8)></svg>"},
    {"url": " JaVaScRiPt:window.__pwned=9", "title": "<iframe src=javascript:alert(9)>", "date": "2024-03-06",
     "text": "Monks led a march in Mandalay on Wednesday, residents said. <a href=javascript:alert(10)>x</a>"},
]
HOSTILE_ACTOR = "<img src=x onerror=window.__pwned=11>"
MANDALAY, YANGON = ("Mandalay", 21.9747, 96.0836), ("Yangon", 16.8053, 96.1561)



def _need_browser() -> None:
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: install the Debian packages chromium and chromium-driver")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium chromium-driver); runs in CI")


def _test_event(ex, eid: str, needle: str, typ: str, actor: str) -> Event:
    start = ex.article.text.index(needle)
    return Event(id=eid, type=typ, evidence=Span(start, start + len(needle), needle), modality="asserted",
                 source=ActorRef(0, 0, actor, actor_id="TEST-" + actor.upper(), name=actor),
                 date=ex.article.date[:10])


def _located(ex, eid: str, needle: str, typ: str, actor: str, target: str, place: tuple[str, float, float]) -> Event:
    """A hand-made event with a target and coordinates (``place``: name, lat, lon in Myanmar), for the map and dyads."""
    event = _test_event(ex, eid, needle, typ, actor)
    event.target = ActorRef(0, 0, target, actor_id="TEST-" + target.upper(), name=target)
    name, lat, lon = place
    event.location = Place(0, 0, name, name=name, country="MMR", lat=lat, lon=lon, precision="city")
    return event


def build_store(path: Path) -> dict:
    import json

    from dateline.ingest import read_inputs
    from dateline.pipeline import extract_articles
    from dateline.store import Store
    from dateline.stories import store as story_store

    feed = path.with_name("hostile.jsonl")
    feed.write_text("".join(json.dumps(a) + "\n" for a in HOSTILE_ARTICLES), encoding="utf-8")
    arts = list(read_inputs([str(EXAMPLES / name) for name in FILES]))  # url and outlet from index.tsv
    arts[-1].title = HOSTILE  # an article title with markup in it
    hostile = list(read_inputs([str(feed)]))
    # The reader stores these URLs as they came: the explorer is what must not turn them into links.
    assert all(isinstance(a, Article) and a.url and not a.url.startswith("http") for a in hostile), hostile
    exs = list(extract_articles(arts + hostile))
    first = exs[0]
    sentence = first.article.text.split(".")[0]
    first.events = [*first.events, _test_event(first, "test-event-1", sentence, "PROTEST", "Monks")]
    second = exs[1]
    low = _test_event(second, "test-event-2", second.article.text.split(".")[0], "ASSAULT", "Soldiers")
    low.confidence = 0.2  # for the confidence filter
    second.events = [*second.events, low]
    third = exs[2]  # the junta and the students: one dyad each way, in Mandalay and Yangon
    sentences = [s.strip() for s in third.article.text.split(".") if len(s.strip()) > 20]
    third.events = [*third.events,
                    _located(third, "test-event-3", sentences[0], "ASSAULT", "Junta", "Students", MANDALAY),
                    _located(third, "test-event-4", sentences[1], "PROTEST", "Students", "Junta", YANGON)]
    bad = exs[len(arts)]  # the first hostile article: an event whose evidence and actor are markup
    bad_event = _test_event(bad, "test-event-hostile", HOSTILE_SCRIPT, "ASSAULT", "x")
    bad_event.source = ActorRef(0, 0, HOSTILE_ACTOR, actor_id="HOSTILE-" + HOSTILE_ACTOR, name=HOSTILE_ACTOR)
    bad_event.target = ActorRef(0, 0, HOSTILE_ACTOR, actor_id="HOSTILE-T", name=HOSTILE_ACTOR)  # a dyad of markup
    bad_event.location = Place(0, 0, HOSTILE_ACTOR, name=HOSTILE_ACTOR, country="MMR", lat=20.0, lon=95.0)
    bad.events = [*bad.events, bad_event]
    store = Store(path)
    store.write(exs)
    story_store.update(store)
    return {"extractions": exs, "first": first, "hostile_id": exs[len(arts) - 1].article.id,
            "hostile_ids": [ex.article.id for ex in exs[len(arts):]]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_browser()
    import uvicorn

    from dateline.api import create_app

    db = tmp_path_factory.mktemp("explorer") / "store.duckdb"
    data = build_store(db)
    port = _free_port()
    app = create_app(db, allowed_hosts=LOOPBACK_HOSTS)  # as `dateline serve` makes it on 127.0.0.1
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", data
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    p = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    yield p
    p.close()
    assert not errors, errors


def test_events_page_loads_with_chart_and_filters(page, server):
    url, _ = server
    page.goto(url + "/")
    page.wait_for_selector("tr.event-row")
    assert page.locator("tr.event-row").count() >= 2
    assert page.locator("[data-testid=chart] rect.bar").count() >= 2
    page.fill("form.filters input[name=actor]", "TEST-MONKS")
    page.click("form.filters button[type=submit]")
    expect(page.locator("tr.event-row")).to_have_count(1)  # (wait_for_function would need the CSP's eval)
    row = page.locator("tr.event-row").first
    assert "PROTEST" in row.inner_text()
    assert "actor=TEST-MONKS" in page.url
    assert page.locator("[data-testid=chart] rect.bar").count() == 1
    page.select_option("form.filters select[name=type]", "ASSAULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("text=nothing found")
    assert page.locator("tr.event-row").count() == 0


def test_story_page_shows_timeline_and_opens_an_article(page, server):
    url, data = server
    page.goto(url + "/#/stories")
    page.wait_for_selector("tr.story-row")
    burma = page.locator("a.story-link", has_text="Burm").first
    burma.click()
    page.wait_for_selector("[data-testid=story-timeline] li")
    assert page.locator("[data-testid=story-timeline] li").count() == 3  # three reports of the crackdown
    page.locator("[data-testid=story-timeline] a.article-link").first.click()
    page.wait_for_selector("[data-testid=article-text]")
    assert "#/article/" in page.url


def test_article_page_highlights_the_evidence(page, server):
    url, data = server
    first = data["first"]
    page.goto(f"{url}/#/article/{first.article.id}")
    page.wait_for_selector("[data-testid=article-text]")
    text = page.locator("[data-testid=article-text]").inner_text()
    assert text == first.article.text  # the whole text, unchanged by the highlighting
    evidence = first.events[-1].evidence.text
    joined = "".join(page.locator(".hl.event").all_inner_texts())
    assert evidence in joined
    for quote in first.quotes[:3]:
        ids = page.locator(f".hl.quote[data-ids~='{quote.id}']").all_inner_texts()
        assert "".join(ids).strip() in " ".join(c.text for c in quote.content)
        assert ids
    for timex in first.timexes[:3]:
        assert "".join(page.locator(f".hl.timex[data-ids~='{timex.id}']").all_inner_texts()) == timex.text
    page.locator(".record.event[data-id='test-event-1']").click()
    focused = page.locator(".hl.focus")
    assert focused.count() >= 1
    assert all("test-event-1" in (n.get_attribute("data-ids") or "").split() for n in focused.all())


def test_article_text_is_escaped(page, server):
    url, data = server
    page.goto(f"{url}/#/article/{data['hostile_id']}")
    page.wait_for_selector("[data-testid=article-title]")
    assert page.locator("[data-testid=article-title]").inner_text() == HOSTILE
    assert page.locator("main img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_actor_page_shows_who_did_what(page, server):
    url, _ = server
    page.goto(f"{url}/#/actor/TEST-MONKS")
    page.wait_for_selector("[data-testid=actor-name]")
    assert page.locator("[data-testid=actor-name]").inner_text() == "Monks"
    assert "PROTEST" in page.locator("main").inner_text()


def test_events_filter_by_confidence(page, server):
    url, _ = server
    page.goto(url + "/#/events?actor=TEST-SOLDIERS")
    page.wait_for_selector("tr.event-row")
    assert page.locator("tr.event-row td.confidence").first.inner_text() == "0.20"
    page.fill("form.filters input[name=min_confidence]", "0.5")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("text=nothing found")
    assert "min_confidence=0.5" in page.url and page.locator("tr.event-row").count() == 0
    page.fill("form.filters input[name=min_confidence]", "0.1")
    page.click("form.filters button[type=submit]")
    expect(page.locator("tr.event-row")).to_have_count(1)
    assert "ASSAULT" in page.locator("tr.event-row").first.inner_text()
    page.goto(url + "/#/events?min_confidence=0.5")  # the whole store: the low-confidence event is gone
    expect(page.locator("form.filters input[name=min_confidence]")).to_have_value("0.5")
    expect(page.locator("form.filters input[name=actor]")).to_have_value("")
    page.wait_for_selector("tr.event-row")
    assert all(float(c) >= 0.5 for c in page.locator("tr.event-row td.confidence").all_inner_texts())


def test_map_plots_filtered_events_and_lists_a_points_events(page, server):
    url, _ = server
    page.goto(url + "/#/map")
    page.wait_for_selector("[data-testid=map] circle.point")
    assert page.locator("[data-testid=map] path.country").count() > 150  # the vendored world, decoded in the page
    myanmar = page.locator("[data-testid=map] path.country[data-numeric='104']")
    assert "has-events" in myanmar.get_attribute("class")  # shaded: MMR's events are counted
    assert page.locator("[data-testid=map-countries]").inner_text().count("MMR") == 1
    page.fill("form.filters input[name=actor]", "TEST-STUDENTS")
    page.select_option("form.filters select[name=type]", "PROTEST")
    page.click("form.filters button[type=submit]")
    expect(page.locator("[data-testid=map] circle.point")).to_have_count(1)  # the same filters as the events table
    assert "#/map?" in page.url and "actor=TEST-STUDENTS" in page.url
    point = page.locator("[data-testid=map] circle.point")
    assert (point.get_attribute("data-lat"), point.get_attribute("data-lon")) == ("16.81", "96.16")  # Yangon
    point.click()
    expect(page.locator("[data-testid=map-events] tr.event-row")).to_have_count(1)
    assert "Yangon" in page.locator("[data-testid=map-place]").inner_text()
    assert "PROTEST" in page.locator("[data-testid=map-events]").inner_text()
    page.click("[data-testid=map-open-events]")
    expect(page.locator("[data-testid=events] tr.event-row")).to_have_count(1)
    assert "bbox=" in page.url
    expect(page.locator("form.filters input[name=bbox]")).to_have_value("96.1550,16.8050,96.1650,16.8150")
    page.goto(url + "/#/map?actor=TEST-NOBODY")
    expect(page.locator("[data-testid=map-count]")).to_have_text(
        "0 events with coordinates, at 0 places, of 0 matching")
    assert page.locator("[data-testid=map] circle.point").count() == 0


def test_actor_page_shows_its_dyads(page, server):
    url, _ = server
    page.goto(url + "/#/actor/TEST-JUNTA")
    page.wait_for_selector("[data-testid=dyads]")
    acts_on = page.locator("[data-testid=dyads-acts-on] tr.dyad-row")
    expect(acts_on).to_have_count(1)
    assert acts_on.get_attribute("data-id") == "TEST-STUDENTS"
    assert "ASSAULT 1" in acts_on.inner_text()
    assert acts_on.locator("rect.bar[data-type=ASSAULT]").count() == 1  # its count over time
    by = page.locator("[data-testid=dyads-acted-on-by] tr.dyad-row")
    expect(by).to_have_count(1)
    assert "PROTEST 1" in by.inner_text()
    by.locator("a.actor").click()
    page.wait_for_selector("[data-testid=actor-name]")
    expect(page.locator("[data-testid=actor-name]")).to_have_text("Students")
    expect(page.locator("[data-testid=dyads-acts-on] tr.dyad-row")).to_have_count(1)
    assert "PROTEST 1" in page.locator("[data-testid=dyads-acts-on]").inner_text()
    page.goto(url + "/#/actor/TEST-MONKS")  # acts on no named actor (a hash change: the page is not reloaded)
    expect(page.locator("[data-testid=actor-name]")).to_have_text("Monks")
    expect(page.locator("[data-testid=dyads]")).to_contain_text("No event names another actor")


def test_events_page_downloads_what_it_shows(page, server):
    import csv
    import io
    import json

    url, _ = server
    page.goto(url + "/#/events?actor=TEST-STUDENTS")
    expect(page.locator("[data-testid=events] tr.event-row")).to_have_count(2)
    words = " ".join  # the page shows a line break in the evidence as a space
    shown = sorted(words(t.split()) for t in page.locator("[data-testid=events] tr.event-row td:nth-child(7)")
                   .all_inner_texts())
    csv_link = page.locator("[data-testid=export-csv]")
    assert "actor=TEST-STUDENTS" in csv_link.get_attribute("href")
    with page.expect_download() as info:
        csv_link.click()
    download = info.value
    assert download.suggested_filename == "dateline-events.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert sorted(words(r["evidence_text"].split()) for r in rows) == shown
    assert {r["place_name"] for r in rows} == {"Mandalay", "Yangon"}
    page.select_option("form.filters select[name=type]", "ASSAULT")
    page.click("form.filters button[type=submit]")
    expect(page.locator("[data-testid=events] tr.event-row")).to_have_count(1)
    href = page.locator("[data-testid=export-jsonl]").get_attribute("href")
    assert "type=ASSAULT" in href
    lines = page.request.get(url + href).text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["test-event-3"]


WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


def _no_script_ran(page, dialogs: list[str], where: str) -> None:
    state = page.evaluate("""() => ({pwned: window.__pwned === undefined ? null : window.__pwned,
        violations: window.__violations,
        risky: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href"))
                 .filter((h) => !/^(#|\\/|https?:)/i.test(h)),
        markup: document.querySelectorAll("main img, main script, main iframe, main svg a, main b").length})""")
    assert state == {"pwned": None, "violations": [], "risky": [], "markup": 0}, where
    assert dialogs == [], where


def test_stored_urls_titles_and_texts_cannot_run_script(browser, server):
    """javascript:/data: URLs and markup in titles, texts, outlets and actor names, clicked through every
    page of the explorer: nothing runs (no __pwned flag, no dialog), no such link exists, and the
    Content-Security-Policy is never violated by the explorer itself (no inline script or style)."""
    url, data = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH)
    try:
        response = page.goto(url + "/")
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"]
        page.wait_for_selector("tr.event-row")
        _no_script_ran(page, dialogs, "events")
        page.goto(url + "/#/events?actor=" + urlquote("HOSTILE-" + HOSTILE_ACTOR))
        expect(page.locator("tr.event-row")).to_have_count(1)
        assert HOSTILE_ACTOR in page.locator("tr.event-row").first.inner_text()
        page.locator("tr.event-row a.actor").first.click()
        page.wait_for_selector("[data-testid=actor-name]")
        assert page.locator("[data-testid=actor-name]").inner_text() == HOSTILE_ACTOR
        _no_script_ran(page, dialogs, "actor")
        page.goto(url + "/#/actor/HOSTILE-T")  # its dyad names the hostile actor
        page.wait_for_selector("[data-testid=dyads-acted-on-by] tr.dyad-row")
        assert HOSTILE_ACTOR in page.locator("[data-testid=dyads-acted-on-by]").inner_text()
        _no_script_ran(page, dialogs, "dyads")
        for nav, shown in (("map", "[data-testid=map] circle.point"), ("stories", "tr.story-row"),
                           ("actors", "[data-testid=actors] tbody tr"),
                           ("articles", "a.article-link"), ("events", "tr.event-row")):
            page.click(f"nav a[data-nav={nav}]")
            page.wait_for_selector(shown)
            _no_script_ran(page, dialogs, nav)
        page.goto(url + "/#/stories")
        page.wait_for_selector("tr.story-row")
        for i in range(page.locator("a.story-link").count()):
            page.goto(url + "/#/stories")
            page.wait_for_selector("tr.story-row")
            page.locator("a.story-link").nth(i).click()
            page.wait_for_selector("[data-testid=story-timeline]")
            _no_script_ran(page, dialogs, f"story {i}")
        for n, (article_id, sent) in enumerate(zip(data["hostile_ids"], HOSTILE_ARTICLES, strict=True)):
            page.goto(url + "/#/articles")
            page.wait_for_selector("a.article-link")
            page.locator(f"a.article-link[href='#/article/{article_id}']").click()
            page.wait_for_selector("[data-testid=article-text]")
            assert page.locator("[data-testid=article-title]").inner_text() == sent["title"]
            assert "<" in page.locator("[data-testid=article-text]").inner_text()  # the markup, shown as text
            source = page.locator("[data-testid=source]")
            assert source.evaluate("n => n.tagName") == "SPAN" and sent["url"].strip() in source.inner_text()
            source.click()
            page.locator("[data-testid=article-text]").click()
            for record in page.locator(".record .kind").all():  # a record's head: its body may hold actor links
                record.click()
            page.wait_for_timeout(200)
            _no_script_ran(page, dialogs, f"hostile article {n}")
        web = next(ex.article for ex in data["extractions"] if (ex.article.url or "").startswith("http"))
        page.goto(f"{url}/#/article/{web.id}")
        page.wait_for_selector("[data-testid=source]")
        assert page.locator("a[data-testid=source]").get_attribute("href") == web.url  # http(s) stays a link
        _no_script_ran(page, dialogs, "web article")
    finally:
        page.close()
