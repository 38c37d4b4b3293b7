"""The start-up cache: tables derived from installed packages, kept between runs (dateline.knowledge.cache)."""

from __future__ import annotations

import json

import pytest

from dateline.knowledge import cache
from dateline.knowledge import gazetteer as gaz


@pytest.fixture
def fresh_tables(monkeypatch, tmp_path):
    """The geonames tables' in-process cache emptied, the disk cache in ``tmp_path``; restored after."""
    monkeypatch.setenv("DATELINE_CACHE", str(tmp_path))
    gaz._from_geonames.cache_clear()
    yield tmp_path
    gaz._from_geonames.cache_clear()


def test_cached_geonames_tables_equal_the_built_ones(fresh_tables):
    built = gaz._build_from_geonames()
    assert gaz._from_geonames() == built  # first run: built, then written
    files = list(fresh_tables.glob("gazetteer-*.json"))
    assert len(files) == 1
    gaz._from_geonames.cache_clear()
    read_back = gaz._from_geonames()  # second run: read from the file
    assert read_back == built
    names, _, homonyms = read_back
    assert names["cairo"].country == "EGY" and set(homonyms["tripoli"]) >= {"LBY", "LBN"}


def test_a_damaged_cache_file_is_built_again_and_replaced(fresh_tables):
    gaz._from_geonames()
    [path] = fresh_tables.glob("gazetteer-*.json")
    path.write_text(json.dumps({"entries": [["x"]], "names": {"cairo": 7}}), encoding="utf-8")
    gaz._from_geonames.cache_clear()
    assert gaz._from_geonames()[0]["cairo"].country == "EGY"
    assert json.loads(path.read_text(encoding="utf-8"))["names"]["cairo"] != 7
    path.write_text("{not json", encoding="utf-8")
    gaz._from_geonames.cache_clear()
    assert gaz._from_geonames()[0]["cairo"].country == "EGY"


def test_off_writes_nothing_and_keys_follow_their_inputs(monkeypatch, tmp_path):
    monkeypatch.setenv("DATELINE_CACHE", cache.OFF)
    cache.write("t.json", {"a": 1})
    assert cache.read("t.json") is None and not list(tmp_path.iterdir())
    monkeypatch.setenv("DATELINE_CACHE", str(tmp_path / "sub"))
    cache.write("t.json", {"a": 1})
    assert cache.read("t.json") == {"a": 1}
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["t.json"]  # no temporary file left
    assert cache.key("g", "1.0", b"src") == cache.key("g", "1.0", b"src")
    assert cache.key("g", "1.0", b"src") != cache.key("g", "1.1", b"src")
    assert cache.key("g", "1.0", b"src") != cache.key("g", "1.0s", b"rc")  # parts are delimited
