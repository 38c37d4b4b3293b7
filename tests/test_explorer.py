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

import pytest

from dateline.model import ActorRef, Event, Span

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
FILES = ("007_af462afa998c.txt", "008_1334dae0a64b.txt", "009_f2b5e54c4635.txt", "015_99db571be06e.txt")
HOSTILE = "<img src=x onerror=\"window.__pwned=1\">"  # must show up as text, never run



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


def build_store(path: Path) -> dict:
    from dateline.ingest import read_inputs
    from dateline.pipeline import extract_articles
    from dateline.store import Store
    from dateline.stories import store as story_store

    arts = list(read_inputs([str(EXAMPLES / name) for name in FILES]))  # url and outlet from index.tsv
    arts[-1].title = HOSTILE  # an article title with markup in it
    exs = list(extract_articles(arts))
    first = exs[0]
    sentence = first.article.text.split(".")[0]
    first.events = [*first.events, _test_event(first, "test-event-1", sentence, "PROTEST", "Monks")]
    second = exs[1]
    second.events = [*second.events, _test_event(second, "test-event-2", second.article.text.split(".")[0],
                                                 "ASSAULT", "Soldiers")]
    store = Store(path)
    store.write(exs)
    story_store.update(store)
    return {"extractions": exs, "first": first, "hostile_id": exs[-1].article.id}


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
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
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
    page.wait_for_function("document.querySelectorAll('tr.event-row').length === 1")
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
