"""Shared fixtures: the example articles and a loaded pipeline (loaded once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SEED = EXAMPLES / "000_2cc213d86c83265d.txt"


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
