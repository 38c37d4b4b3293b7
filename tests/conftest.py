"""Shared fixtures: the example articles and a loaded pipeline (loaded once per test session)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SEED = EXAMPLES / "000_2cc213d86c83265d.txt"


def process(nlp, text: str, article_id: str = "t", date: str = "2024-02-08"):
    """Run ``nlp`` on ``text`` as an article of ``date`` (what the extract engine does for one article)."""
    from dateline.model import Article

    return process_article(nlp, Article(id=article_id, date=date, text=text))


def process_article(nlp, article):
    doc = nlp.make_doc(article.text)
    doc._.article = article
    return nlp(doc)


def process_seed(nlp):
    """The seed article, parsed from its dated-text file, through ``nlp``."""
    from dateline.ingest.text import article_from_dated_text

    return process_article(nlp, article_from_dated_text(SEED.read_text(encoding="utf-8"), source=str(SEED)))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp():
    from dateline import nlp as nlp_module

    return nlp_module.load()


@pytest.fixture(scope="session")
def seed_extraction(nlp, seed_text):
    import dateline

    return dateline.extract(seed_text)


@contextlib.contextmanager
def running_server(app, log_level: str = "warning"):
    """``app`` served by uvicorn on a free 127.0.0.1 port in a thread; yields the port, stops it after."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield port
    finally:
        srv.should_exit = True
        thread.join(timeout=10)



def retrain_twice(module: str, limit: int, tmp_path: Path) -> tuple[bytes, bytes]:
    """The bytes two runs of ``python -m dateline.train.<module> --limit N`` write (each run must succeed)."""
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        done = subprocess.run([sys.executable, "-m", f"dateline.train.{module}", "--limit", str(limit),
                               "--out", str(out)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    return outs[0].read_bytes(), outs[1].read_bytes()
