"""Screenshots of the web explorer on real data, for the README.

Usage: python bench/screenshot.py [--out docs] [--articles examples/articles]

Builds a store in a temporary folder from the shipped example articles (the real pipeline, then
the stories update), serves it with uvicorn on 127.0.0.1, and has headless Debian Chromium
(/usr/bin/chromium, through playwright) save docs/explorer.png (an article with its highlighted
evidence and coded records), docs/explorer-story.png, docs/explorer-events.png, docs/explorer-map.png
(the map with the busiest place's events listed) and docs/explorer-dyads.png (the dyads of the actor
with the most counterparts).
Exits 0 with "skipped: ..." when Chromium is not installed.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]



def build_store(folder: Path, db: Path) -> None:
    from dateline.ingest import read_inputs
    from dateline.pipeline import extract_articles
    from dateline.store import Store
    from dateline.stories import store as story_store

    arts = list(read_inputs([str(folder)]))  # url and outlet from the folder's index.tsv
    store = Store(db)
    store.write(list(extract_articles(arts)))
    story_store.update(store)


def serve(db: Path):
    import uvicorn

    from dateline.api import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def shoot(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        page.goto(url + "/#/stories")
        page.wait_for_selector("a.story-link")
        page.locator("a.story-link", has_text="Burm").first.click()  # a three-outlet story
        page.wait_for_selector("[data-testid=story-timeline] li")
        saved.append(_save(page, out / "explorer-story.png"))
        page.locator("[data-testid=story-timeline] a.article-link").first.click()
        page.wait_for_selector("[data-testid=article-text]")
        saved.append(_save(page, out / "explorer.png"))
        page.goto(url + "/#/events")
        page.wait_for_selector("[data-testid=chart]")
        saved.append(_save(page, out / "explorer-events.png"))
        page.goto(url + "/#/map")
        page.wait_for_selector("[data-testid=map] circle.point")
        page.locator("[data-testid=map] circle.point").first.press("Enter")  # drawn biggest first: the busiest place
        page.wait_for_selector("[data-testid=map-events]")
        saved.append(_save(page, out / "explorer-map.png", full_page=True))
        page.goto(url + "/#/actor/" + quote(busiest_dyad(url), safe=""))
        page.wait_for_selector("[data-testid=dyads]")
        page.locator("[data-testid=dyads]").scroll_into_view_if_needed()
        saved.append(_save(page, out / "explorer-dyads.png"))
        browser.close()
    return saved


def busiest_dyad(url: str, candidates: int = 40) -> str:
    """The id of the actor with the most counterparts (acting on it or acted on by it) among the
    ``candidates`` actors named most often."""
    def get(path: str):
        with urlopen(url + path, timeout=60) as response:  # the local server only
            return json.load(response)

    def counterparts(actor_id: str) -> int:
        d = get("/api/dyads/" + quote(actor_id, safe=""))
        return len(d["acts_on"]) + len(d["acted_on_by"])

    actors = get(f"/api/actors?limit={candidates}")["items"]
    return max(actors, key=lambda a: (counterparts(a["id"]), a["n_events"]))["id"]


def _save(page, path: Path, full_page: bool = False) -> Path:
    page.wait_for_timeout(300)  # let the layout settle
    page.screenshot(path=str(path), full_page=full_page)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs")
    ap.add_argument("--articles", type=Path, default=REPO / "examples" / "articles")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"skipped: {CHROMIUM} not found (apt-get install chromium chromium-driver)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "explorer.duckdb"
        build_store(args.articles, db)
        server, url = serve(db)
        try:
            for path in shoot(url, args.out):
                print(f"wrote {path}")
        finally:
            server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
