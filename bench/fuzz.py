"""Property-based fuzzing of every reader and of ``dateline.extract``: a crash table, 0 is the target.

    python bench/fuzz.py [--cases 12000] [--extract-cases 300] [--seed 0] [--out out/fuzz-crashes]

Inputs come from hypothesis: random bytes, the example articles (examples/articles) mutated byte by
byte, documents full of odd Unicode (RTL and bidi marks, combining characters, lone surrogates, NULs,
emoji, 10,000-character tokens, lines of a million characters), and well-formed JSONL, CSV, HTML and
WARC built around those texts, then mutated. Each reader target writes its input to a file of its
format and reads it with :func:`dateline.ingest.read_inputs` (``stdin`` feeds it to ``-`` instead).

The contract checked on every case: a reader yields only Articles and Rejections, never raises;
a Rejection has a reason and a one-line message; an Article has text within the size limit, a valid
date and only UTF-8-encodable fields (what the store and the JSON output need). ``dateline.extract``
either returns an Extraction or raises :class:`~dateline.ingest.common.RejectedDocument` (its documented
error for bad input). Anything else is a crash: its input is saved to ``--out`` (``<target>-<n>.bin``,
with the traceback beside it in ``.txt``) and counted in the table.

``tests/test_fuzz.py`` runs the same targets and strategies on a small fixed-seed budget.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import io
import json
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from dateline.ingest import FORMATS, ReadOptions, read_inputs
from dateline.ingest.common import MAX_CHARS, RejectedDocument, parse_date
from dateline.model import Article, Rejection

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
ARTICLES = tuple(p.read_bytes() for p in sorted(EXAMPLES.glob("*.txt")))
MAX_MESSAGE_CHARS = 500  # a rejection's message is one clear line, not a dump of the input

# --- inputs -----------------------------------------------------------------------------------

ODD_PIECES = (
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066\u2069",  # bidi isolates
    "\u0301\u0308\u0327",  # combining marks with nothing to combine with
    "e\u0301",  # decomposed é (NFC composes it)
    "\ud800",  # lone high surrogate
    "\udc80",  # lone low surrogate (what surrogateescape makes of byte 0x80)
    "\x00",
    "\x07\x1b[31m",
    "\ufeff",  # BOM / zero-width no-break space
    "\u2028\u2029",  # line and paragraph separators
    "\x85",  # NEL
    "\r",
    "\r\n",
    "\t",
    "\u00a0",
    "\U0001f600\U0001f4a5\U0001f1fa\U0001f1f8",  # emoji and a flag
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # a ZWJ sequence
    "\u4e2d\u6587\u65b0\u95fb",  # CJK
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # Arabic
    "\uff12\uff10\uff12\uff14",  # full-width digits
    "\u0663 ",  # Arabic-Indic digit
    "\ufffd",
    "\U0010ffff",
    "x" * 10_000,  # a 10k-character token
    "A" + "\u0301" * 5_000,  # a letter with 5,000 combining marks
    "\n" * 3_000,
    " date 2024-02-08 ",
    "date: 2024-02-30\n",
    " date 0000-00-00 ",
    " date 2024-02-08T25:61:00+99:99 ",
    "Wednesday",
    "Oct. 7",
    '"',
    "\u201c",
    "said",
    "<p>",
    "{",
    "[",
    ",",
    "\\",
)
HUGE_PIECES = ("word " * 210_000, "y" * 1_100_000)  # a huge line just over the size limit, with and without spaces

odd_piece = st.sampled_from(ODD_PIECES)
plain_text = st.text(st.characters(codec="utf-8"), max_size=40)
odd_text = st.lists(st.one_of(odd_piece, plain_text), max_size=12).map("".join)
huge_text = st.sampled_from(HUGE_PIECES)
real_text = st.sampled_from(ARTICLES).map(lambda b: b.decode("utf-8"))
ENCODINGS = ("utf-8", "utf-16", "latin-1", "cp1252")


def encode(text: str, how: str) -> bytes:
    """Bytes of ``text`` as a file might hold them: lone surrogates pass through as invalid UTF-8."""
    if how == "utf-8":
        return text.encode("utf-8", "surrogatepass")
    return text.encode(how, "replace")


@st.composite
def mutated(draw, base: st.SearchStrategy[bytes]) -> bytes:
    """``base`` with a few byte-level edits: inserts, deletions, overwrites, truncation, duplication."""
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(("insert", "delete", "flip", "truncate", "duplicate")))
        at = draw(st.integers(0, len(data)))
        if op == "insert":
            data[at:at] = draw(st.one_of(st.binary(max_size=16), odd_piece.map(lambda s: encode(s, "utf-8"))))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[at:]
        elif op == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 256))]
    return bytes(data)


def texts(short: bool = False) -> st.SearchStrategy[str]:
    """Article-like texts: real articles (or their first lines), odd Unicode, a mix of both."""
    real = real_text.map(lambda t: t[:400]) if short else real_text
    mixed = st.tuples(real, odd_text, st.integers(0, 400)).map(lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :])
    return st.one_of(real, odd_text, mixed)


def dated_bytes() -> st.SearchStrategy[bytes]:
    encoded = st.tuples(texts(), st.sampled_from(ENCODINGS)).map(lambda t: encode(*t))
    return st.one_of(
        st.binary(max_size=2000),
        mutated(st.sampled_from(ARTICLES)),
        mutated(encoded),
        huge_text.map(lambda t: b" date 2024-02-08 " + t.encode()),
    )


json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)
DATES = st.one_of(
    st.sampled_from(("2024-02-08", "2024-02", "2024-02-08T10:00:00Z", "Thu, 08 Feb 2024 10:00:00 GMT", "yesterday")),
    odd_text,
    st.text(max_size=30),
)
FIELD_NAMES = ("maintext", "text", "title", "date_publish", "date", "url", "source_domain")


@st.composite
def records(draw) -> dict[str, object]:
    record: dict[str, object] = {"maintext": draw(texts()), "date_publish": draw(DATES), "title": draw(odd_text)}
    for name in draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=3)):
        record[name] = draw(json_value)
    return record


def jsonl_lines(record: dict[str, object], ascii_only: bool) -> bytes:
    line = json.dumps(record, ensure_ascii=ascii_only)
    return line.encode("utf-8", "surrogatepass") + b"\n"


def jsonl_bytes() -> st.SearchStrategy[bytes]:
    lines = st.lists(st.tuples(records(), st.booleans()).map(lambda t: jsonl_lines(*t)), min_size=1, max_size=3)
    nested = st.integers(1, 100_000).map(lambda n: b'{"maintext": ' + b"[" * n + b"]" * n + b"}\n")
    big_number = st.integers(4_000, 20_000).map(lambda n: b'{"maintext": "a", "date": ' + b"9" * n + b"}\n")
    return st.one_of(
        lines.map(b"".join),
        mutated(lines.map(b"".join)),
        st.binary(max_size=2000),
        nested,
        big_number,
        huge_text.map(lambda t: json.dumps({"maintext": t, "date": "2024-02-08"}).encode()),
    )


def csv_text(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["title", "maintext", "date_publish", "url"], extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: v for k, v in row.items() if isinstance(v, str)})
    return out.getvalue()


def csv_bytes() -> st.SearchStrategy[bytes]:
    table = st.lists(records(), min_size=1, max_size=3).map(csv_text)
    encoded = st.tuples(table, st.sampled_from(ENCODINGS)).map(lambda t: encode(*t))
    return st.one_of(encoded, mutated(encoded), st.binary(max_size=2000))


def html_page(title: str, date: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    return (
        f'<!DOCTYPE html><html><head><title>{title}</title><meta property="article:published_time" '
        f'content="{date}"></head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>'
    )


def html_strings() -> st.SearchStrategy[str]:
    return st.builds(html_page, odd_text, DATES, texts())


def html_bytes() -> st.SearchStrategy[bytes]:
    encoded = st.tuples(html_strings(), st.sampled_from(ENCODINGS)).map(lambda t: encode(*t))
    return st.one_of(encoded, mutated(encoded), st.binary(max_size=2000))


def warc_archive(pages: list[tuple[str, str, str]]) -> bytes:
    """A WARC (gzipped per record or not) holding one HTTP response per (url, content type, page)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=len(pages) % 2 == 0)
    for number, (url, content_type, page) in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        payload = io.BytesIO(page.encode("utf-8", "surrogatepass"))
        fixed = {"WARC-Date": "2024-02-08T10:00:00Z", "WARC-Record-ID": f"<urn:uuid:{number:032x}>"}  # deterministic
        record = writer.create_warc_record(url, "response", payload=payload, http_headers=headers,
                                           warc_headers_dict=fixed)
        writer.write_record(record)
    return out.getvalue()


def warc_bytes() -> st.SearchStrategy[bytes]:
    content_type = st.sampled_from(("text/html", "text/html; charset=utf-8", "text/html; charset=nope", "text/plain"))
    url = st.one_of(st.just("https://example.org/news/1"), st.text(st.characters(codec="ascii"), max_size=30))
    pages = st.lists(st.tuples(url, content_type, html_strings()), min_size=1, max_size=3).map(warc_archive)
    return st.one_of(pages, mutated(pages), st.binary(max_size=2000))


def gzipped(strategy: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """Gzip streams of ``strategy``'s bytes, sometimes truncated or corrupted."""
    compressed = strategy.map(lambda data: gzip.compress(data, mtime=0))  # mtime 0: the same bytes every run
    return st.one_of(compressed, mutated(compressed))


# --- targets ----------------------------------------------------------------------------------


def check_items(items: Iterable[Article | Rejection]) -> list[Article | Rejection]:
    """The reader contract (raises AssertionError on a violation); the items checked."""
    items = list(items)
    for item in items:
        assert isinstance(item, (Article, Rejection)), f"reader yielded {type(item).__name__}"
        if isinstance(item, Rejection):
            check_rejection(item)
        else:
            check_article(item)
    return items


def check_rejection(item: Rejection) -> None:
    assert item.reason and item.message, f"rejection without a reason or message: {item!r:.200}"
    assert "\n" not in item.message and len(item.message) <= MAX_MESSAGE_CHARS, f"unclear message {item.message!r:.300}"
    for value in (item.source, item.reason, item.message):
        value.encode("utf-8")  # the store and stderr need UTF-8


def check_article(item: Article) -> None:
    assert item.text.strip() and len(item.text) <= MAX_CHARS, f"article text of {len(item.text)} characters"
    assert parse_date(item.date)[0] == item.date, f"article date {item.date!r}"
    for value in (item.id, item.text, item.title, item.url, item.source, item.outlet):
        if value is not None:
            value.encode("utf-8")


def read_file(suffix: str) -> Callable[[tuple[bytes, ReadOptions]], list[Article | Rejection]]:
    def run(case: tuple[bytes, ReadOptions]) -> list[Article | Rejection]:
        data, options = case
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"doc{suffix}"
            path.write_bytes(data)
            return check_items(read_inputs([str(path)], options))

    return run


def read_stdin(case: tuple[bytes, ReadOptions]) -> list[Article | Rejection]:
    data, options = case
    stdin = io.TextIOWrapper(io.BytesIO(data))
    with mock.patch.object(sys, "stdin", stdin):
        return check_items(read_inputs(["-"], options))


# Mostly the defaults; sometimes what a user may pass: --date, --encoding, --format (the wrong one too).
read_options = st.one_of(
    st.just(ReadOptions()),
    st.builds(
        ReadOptions,
        date=st.one_of(st.none(), DATES),
        encoding=st.sampled_from((None, "utf-8", "latin-1", "utf-16", "cp1252", "ascii", "no-such-codec")),
        input_format=st.sampled_from(FORMATS),
    ),
)


def with_options(data: st.SearchStrategy[bytes]) -> st.SearchStrategy[tuple[bytes, ReadOptions]]:
    return st.tuples(data, read_options)


def run_extract(case: tuple[str, str | None]) -> list[Article | Rejection]:
    """dateline.extract on (text, date): its article, or the rejection it raised."""
    import dateline

    text, date = case
    try:
        result = dateline.extract(text, date=date)
    except RejectedDocument as exc:
        assert exc.reason and exc.message and "\n" not in exc.message, f"unclear rejection {exc.message!r:.300}"
        return [Rejection(id="", source="<python>", reason=exc.reason, message=exc.message)]
    check_article(result.article)
    json.dumps(dateline.model.to_json(result)).encode("utf-8")
    return [result.article]


def extract_cases() -> st.SearchStrategy[tuple[str, str | None]]:
    dated = texts(short=True).map(lambda t: " date 2024-02-08 " + t)
    text = st.one_of(dated, texts(short=True), odd_text, huge_text)
    date = st.one_of(st.none(), st.just("2024-02-08"), DATES)
    return st.tuples(text, date)


@dataclass
class Target:
    name: str
    strategy: st.SearchStrategy
    run: Callable
    weight: int = 10  # share of the case budget


TARGETS = (
    Target("text", with_options(dated_bytes()), read_file(".txt")),
    Target("text.gz", with_options(gzipped(dated_bytes())), read_file(".txt.gz"), 4),
    Target("jsonl", with_options(jsonl_bytes()), read_file(".jsonl")),
    Target("jsonl.gz", with_options(gzipped(jsonl_bytes())), read_file(".jsonl.gz"), 4),
    Target("csv", with_options(csv_bytes()), read_file(".csv")),
    Target("csv.gz", with_options(gzipped(csv_bytes())), read_file(".csv.gz"), 4),
    Target("html", with_options(html_bytes()), read_file(".html"), 8),
    Target("warc", with_options(warc_bytes()), read_file(".warc"), 8),
    Target("warc.gz", with_options(gzipped(warc_bytes())), read_file(".warc.gz"), 4),
    Target("stdin", with_options(st.one_of(dated_bytes(), jsonl_bytes(), html_bytes())), read_stdin, 8),
)
EXTRACT = Target("extract", extract_cases(), run_extract)
FUZZ_SETTINGS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}


# --- the run ----------------------------------------------------------------------------------


@dataclass
class Tally:
    cases: int = 0
    articles: int = 0
    rejections: int = 0
    crashes: list[str] = field(default_factory=list)  # one signature per crash
    seconds: float = 0.0


def save_crash(out: Path, target: str, number: int, case: object, error: BaseException) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if isinstance(case[0], str):  # extract: (text, date)
        data, note = case[0].encode("utf-8", "surrogatepass"), f"date={case[1]!r}\n"
    else:  # a reader: (bytes, ReadOptions)
        data, note = case[0], f"{case[1]!r}\n"
    (out / f"{target}-{number}.bin").write_bytes(data)
    tb = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    (out / f"{target}-{number}.txt").write_text(note + tb, encoding="utf-8", errors="backslashreplace")


def signature(error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f"{type(error).__name__} at {Path(frame.filename).name}:{frame.lineno}"


def fuzz(target: Target, cases: int, seed_value: int, out: Path) -> Tally:
    tally = Tally()

    @seed(seed_value)
    @settings(max_examples=cases, phases=[Phase.generate], **FUZZ_SETTINGS)
    @given(target.strategy)
    def one(case):
        tally.cases += 1
        try:
            with contextlib.redirect_stderr(io.StringIO()):  # warcio prints warnings on malformed records
                items = target.run(case)
            tally.articles += sum(isinstance(i, Article) for i in items)
            tally.rejections += sum(isinstance(i, Rejection) for i in items)
        except Exception as exc:  # noqa: BLE001 - every exception is a finding to record, not to stop on
            tally.crashes.append(signature(exc))
            save_crash(out, target.name, len(tally.crashes), case, exc)

    started = time.perf_counter()
    one()
    tally.seconds = time.perf_counter() - started
    return tally


def add_row(table, name: str, tally: Tally) -> None:
    counts = (tally.cases, tally.articles, tally.rejections, len(tally.crashes), len(set(tally.crashes)))
    table.add_row(name, *(f"{n:,}" for n in counts), f"{tally.seconds:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=12_000, help="cases over all the readers")
    parser.add_argument("--extract-cases", type=int, default=300, help="cases for dateline.extract (slow)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("out/fuzz-crashes"), help="folder for crashing inputs")
    parser.add_argument("--only", nargs="*", help="target names to run (default: all)")
    args = parser.parse_args()

    from rich.console import Console
    from rich.table import Table

    total_weight = sum(t.weight for t in TARGETS)
    plan = [(t, max(1, args.cases * t.weight // total_weight)) for t in TARGETS] + [(EXTRACT, args.extract_cases)]
    plan = [(t, n) for t, n in plan if n > 0 and (not args.only or t.name in args.only)]
    table = Table(title=f"fuzz: seed {args.seed}; crashing inputs in {args.out}/")
    for column in ("target", "cases", "articles", "rejections", "crashes", "distinct", "seconds"):
        table.add_column(column, justify="left" if column == "target" else "right")
    totals = Tally()
    for target, budget in plan:
        tally = fuzz(target, budget, args.seed, args.out)
        print(f"{target.name}: {tally.cases} cases, {len(tally.crashes)} crashes", file=sys.stderr)
        for sig in sorted(set(tally.crashes)):
            print(f"  {tally.crashes.count(sig)} x {sig}", file=sys.stderr)
        add_row(table, target.name, tally)
        totals.cases += tally.cases
        totals.articles += tally.articles
        totals.rejections += tally.rejections
        totals.crashes += tally.crashes
        totals.seconds += tally.seconds
    add_row(table, "all", totals)
    Console().print(table)
    sys.exit(1 if totals.crashes else 0)


if __name__ == "__main__":
    main()
