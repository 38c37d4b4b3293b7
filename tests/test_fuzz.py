"""Fuzzing the readers and dateline.extract: every bad input is a Rejection (or RejectedDocument), never a traceback.

The property tests run bench/fuzz.py's targets and strategies on a small fixed-seed budget (derandomized,
no deadline); ``python bench/fuzz.py`` runs over 10,000 cases. The tests after them pin each crash the
fuzzer found, and the emoji-only document that used to be stored as an English article.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys

import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

from dateline.ingest import ReadOptions, RejectedDocument, read_inputs
from dateline.ingest.common import MAX_CHARS, make_article, rejection
from dateline.model import Article, Rejection
from tests.conftest import ROOT, SEED

_spec = importlib.util.spec_from_file_location("dateline_bench_fuzz", ROOT / "bench" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = fuzz  # dataclasses look their module up while the module runs
_spec.loader.exec_module(fuzz)

# hypothesis warns when it builds the repr of a strategy holding the huge-line constants; that is expected here
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
READER_EXAMPLES = 30  # per reader target: 10 targets, 300 cases, a few seconds
EXTRACT_EXAMPLES = 12  # extract runs the whole pipeline: short texts, few cases
FIXED = settings(max_examples=READER_EXAMPLES, derandomize=True, **fuzz.FUZZ_SETTINGS)
BODY = (
    "Israeli Prime Minister Benjamin Netanyahu on Wednesday rejected the terms for a cease-fire, "
    "vowing to continue the war until the group is defeated and all of the hostages are returned home."
)

PAGE = fuzz.html_page("Blinken in Israel", "2024-02-08", SEED.read_text("utf-8").split(" ", 3)[3])


def read(path, **options) -> list[Article | Rejection]:
    return list(read_inputs([str(path)], ReadOptions(**options)))


# --- properties -------------------------------------------------------------------------------


@pytest.mark.parametrize("target", fuzz.TARGETS, ids=lambda t: t.name)
def test_reader_never_raises(target):
    @FIXED
    @given(target.strategy)
    def check(case):
        target.run(case)  # raises on any exception or broken contract

    check()


@pytest.mark.slow
def test_extract_returns_or_rejects(nlp):
    @settings(FIXED, max_examples=EXTRACT_EXAMPLES)
    @given(fuzz.EXTRACT.strategy)
    def check(case):
        fuzz.run_extract(case)

    check()


def test_the_checks_catch_a_broken_contract():
    """The property tests can fail: the checks reject what the readers must never produce."""
    with pytest.raises(AssertionError):
        fuzz.check_items([Rejection(id="x", source="a", reason="date", message="line one\nline two")])
    with pytest.raises(RejectedDocument):
        fuzz.check_items([Article(id="x", date="2024-02-30", text=BODY)])
    with pytest.raises(UnicodeEncodeError):
        fuzz.check_items([Article(id="x", date="2024-02-08", text=BODY + "\ud800")])
    with pytest.raises(AssertionError):
        fuzz.check_items(["not an article"])


def test_bench_saves_crashing_inputs(tmp_path):
    def crash(case):
        raise ValueError("boom")

    target = fuzz.Target("broken", fuzz.with_options(fuzz.st.binary(max_size=8)), crash)
    tally = fuzz.fuzz(target, 5, 0, tmp_path)
    assert tally.cases == 5 and len(tally.crashes) == 5
    assert all(sig.startswith("ValueError at test_fuzz.py:") for sig in tally.crashes)
    assert len(list(tmp_path.glob("broken-*.bin"))) == 5
    assert "ValueError: boom" in (tmp_path / "broken-1.txt").read_text()


# --- what the fuzzer found ----------------------------------------------------------------------


def test_emoji_only_document_is_rejected_not_stored(tmp_path):
    path = tmp_path / "emoji.txt"
    path.write_text(" date 2024-02-08 \U0001f600\U0001f4a5 \U0001f1fa\U0001f1f8 \U0001f44d\n\U0001f525 !!", "utf-8")
    [item] = read(path)
    assert isinstance(item, Rejection) and item.reason == "language"
    assert "not English" in item.message and "emoji" in item.message


def test_emoji_only_document_exits_3_with_a_clear_line(tmp_path):
    from dateline.cli import app

    path = tmp_path / "emoji.txt"
    path.write_text(" date 2024-02-08 \U0001f600 \U0001f600 \U0001f4a5\U0001f4a5\U0001f4a5", "utf-8")
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(tmp_path / "d.duckdb")])
    assert result.exit_code == 3, result.output
    assert "not English" in result.output


@pytest.mark.parametrize(
    "text",
    [
        "\u200f\u202e \u0301\u0301 ... 1234 !!",
        "\u4eca\u5929\u7684\u4e2d\u6587\u65b0\u95fb\u62a5\u9053\u8bf4 Reuters",
        "\u0627\u0644\u0639\u0631\u0628\u064a\u0629 AP",
    ],
    ids=["marks-and-digits", "chinese", "arabic"],
)
def test_short_text_without_english_letters_rejected(text):
    with pytest.raises(RejectedDocument) as caught:
        make_article(text, "2024-02-08", source="x")
    assert caught.value.reason == "language"


def test_english_with_a_few_foreign_names_and_emoji_is_kept():
    text = BODY + " The Arabic name \u0627\u0644\u0639\u0631\u0628\u064a\u0629 was also used. \U0001f600"
    assert make_article(text, "2024-02-08", source="x").text == text


def test_lone_surrogate_from_a_json_escape_is_rejected(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"maintext": BODY + "\ud800", "date": "2024-02-08"}) + "\n")
    path.write_text(path.read_text() + json.dumps({"maintext": BODY, "title": "\udc80", "date": "2024-02-08"}) + "\n")
    items = read(path)
    assert [(i.reason, "surrogate" in i.message) for i in items] == [("encoding", True), ("encoding", True)]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'{"maintext": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
        (b'{"maintext": "a", "date": ' + b"9" * 5000 + b"}", "malformed JSON"),
        (b'{"maintext": ["a", "list"], "date": "2024-02-08"}', "not text"),
    ],
    ids=["deep-nesting", "huge-integer", "list-text"],
)
def test_jsonl_lines_json_cannot_read_are_rejected(tmp_path, line, message):
    path = tmp_path / "a.jsonl"
    path.write_bytes(line + b"\n" + json.dumps({"maintext": BODY, "date": "2024-02-08"}).encode() + b"\n")
    bad, good = read(path)
    assert isinstance(bad, Rejection) and message in bad.message
    assert isinstance(good, Article)


def test_huge_jsonl_line_skipped_unread(tmp_path, monkeypatch):
    from dateline.ingest import records

    monkeypatch.setattr(records, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "a.jsonl"
    huge = json.dumps({"maintext": BODY * 20, "date": "2024-02-08"})
    path.write_text(huge + "\n" + json.dumps({"maintext": BODY, "date": "2024-02-08"}) + "\n" + huge)
    first, second, last = read(path)
    assert (first.reason, first.source) == ("too-large", f"{path}:1")
    assert isinstance(second, Article) and second.source == f"{path}:2"
    assert (last.reason, last.source) == ("too-large", f"{path}:3")


def test_long_garbage_date_gives_a_short_message(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"maintext": BODY, "date": "9" * 100_000}) + "\n")
    [item] = read(path)
    assert item.reason == "date" and len(item.message) < 120 and "…" in item.message


def test_rejection_is_one_storable_line():
    item = rejection("a\ud800.txt", "date", "bad\ndate " + "x" * 1000)
    assert "\n" not in item.message and len(item.message) <= 300
    assert item.source.encode("utf-8") == b"a\\ud800.txt"


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".csv.gz", ".txt.gz", ".warc.gz"])
def test_truncated_gzip_is_a_rejection_after_the_good_documents(tmp_path, suffix):
    if suffix == ".jsonl.gz":
        data = b"".join(json.dumps({"maintext": BODY, "date": f"2024-02-{d:02d}"}).encode() + b"\n" for d in (1, 2))
    elif suffix == ".csv.gz":
        data = b"".join(f'"{BODY}",2024-02-{d:02d}\n'.encode() for d in (1, 2))
    else:
        data = SEED.read_bytes() if suffix == ".txt.gz" else fuzz.warc_archive([("https://x.org/a", "text/html", PAGE)])
    head = b"maintext,date\n" if suffix == ".csv.gz" else b""
    path = tmp_path / f"a{suffix}"
    path.write_bytes(gzip.compress(head + data * (20 if suffix == ".warc.gz" else 200), mtime=0)[:-40])
    items = read(path)
    assert isinstance(items[-1], Rejection) and items[-1].reason in ("gzip", "warc"), items[-1]
    assert all(isinstance(i, Article) for i in items[:-1])


def test_gzipped_dated_text_is_decompressed(tmp_path):
    path = tmp_path / "seed.txt.gz"
    path.write_bytes(gzip.compress(SEED.read_bytes()))
    [article] = read(path)
    assert isinstance(article, Article) and article.date == "2024-02-08"
    assert article.text.startswith("US Secretary of State Antony Blinken says")


def test_gzipped_dated_text_over_the_limit_refused(tmp_path):
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress(b" date 2024-02-08 " + b"word " * (MAX_CHARS + 1)))
    [item] = read(path)
    assert item.reason == "too-large"


@pytest.mark.parametrize(
    "data",
    [
        b"not a warc at all\r\n\r\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9\r\n\r\nHTTP/1.1 \r\n\r\n",
    ],
    ids=["not-warc", "response-without-target-uri"],
)
def test_malformed_warc_is_a_rejection(tmp_path, data):
    path = tmp_path / "a.warc"
    path.write_bytes(fuzz.warc_archive([("https://x.org/a", "text/html", PAGE)]) + data)
    *good, bad = read(path, date="2024-02-08")
    assert bad.reason == "warc" and "after 1 good records" in bad.message
    assert len(good) == 1 and isinstance(good[0], Article)
