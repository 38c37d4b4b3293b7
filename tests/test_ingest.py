"""Readers: every input format, and every kind of bad input, one clear rejection each."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from dateline.ingest import ReadOptions, read_inputs
from dateline.ingest.common import RejectedDocument, article_id, parse_date
from dateline.ingest.text import article_from_dated_text, split_date_line
from dateline.model import Article, Rejection

BODY = (
    "Israeli Prime Minister Benjamin Netanyahu on Wednesday rejected the terms for a cease-fire, "
    "vowing to continue the war until the group is defeated and all of the hostages are returned home. "
    "The United States said that it would keep working with Egypt and Qatar on the talks."
)


def read(paths, **options) -> tuple[list[Article], list[Rejection]]:
    items = list(read_inputs([str(p) for p in paths], ReadOptions(**options)))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Rejection)]


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- dated text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "date", "granularity"),
    [
        (" date 2024-02-08 ", "2024-02-08", "day"),
        ("date 2024-02-08\n", "2024-02-08", "day"),
        (" date: 2024-02-08\n\n", "2024-02-08", "day"),
        (" date 2024-02 ", "2024-02", "month"),
        (" date 2024-02-08T10:30:00+01:00 ", "2024-02-08T10:30:00+01:00", "time"),
        (" date 2024-02-08T10:30:00Z\n", "2024-02-08T10:30:00+00:00", "time"),
    ],
)
def test_date_line_variants(head, date, granularity):
    article = article_from_dated_text(head + BODY, source="x")
    assert article.date == date
    assert article.date_granularity == granularity
    assert article.text == BODY


def test_seed_article_first_paragraph_on_the_date_line(seed_text):
    article = article_from_dated_text(seed_text, source="seed")
    assert article.date == "2024-02-08"
    assert article.text.startswith("US Secretary of State Antony Blinken says")
    assert article.title is None  # the seed has no title line


def test_title_guessed_from_a_short_first_line():
    article = article_from_dated_text(" date 2006-08-14\nCeasefire Takes Effect in Lebanon\n\n" + BODY, source="x")
    assert article.title == "Ceasefire Takes Effect in Lebanon"
    assert article.text.startswith("Ceasefire Takes Effect")  # stays in the text: offsets are stable


def test_no_date_line_rejected_unless_date_given(tmp_path):
    f = write(tmp_path / "a.txt", BODY)
    articles, rejections = read([f])
    assert not articles and rejections[0].reason == "date" and "--date" in rejections[0].message
    articles, rejections = read([f], date="2024-02-08")
    assert articles[0].date == "2024-02-08" and not rejections


def test_impossible_date_rejected():
    with pytest.raises(RejectedDocument, match="impossible date"):
        parse_date("2024-02-30")
    with pytest.raises(RejectedDocument):
        parse_date("2024-13")


def test_split_date_line_leaves_undated_text_alone():
    assert split_date_line("dated reports say") == (None, "dated reports say")


def test_folder_recursive_sorted_and_only_known_formats(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "b.txt", " date 2024-02-09 " + BODY)
    write(tmp_path / "sub" / "a.txt", " date 2024-02-08 " + BODY)
    write(tmp_path / "index.tsv", "file\tstory\n")
    articles, rejections = read([tmp_path])
    assert [a.date for a in articles] == ["2024-02-09", "2024-02-08"]  # b.txt sorts before sub/a.txt
    assert not rejections


def test_index_tsv_beside_text_files_gives_url_outlet_title_and_a_default_date(tmp_path):
    write(tmp_path / "a.txt", " date 2024-02-08 " + BODY)
    write(tmp_path / "b.txt", BODY)  # no date line: the index's date is its default
    write(tmp_path / "c.txt", " date 2024-02-10 " + BODY + " More.")  # no row: nothing but the text
    write(tmp_path / "index.tsv", "file\turl\toutlet\ttitle\tdate\tlicence\n"
          "a.txt\thttps://x.example/a\tx.example (mirror host)\tCease-fire rejected\t2024-01-01\tCC0\n"
          "b.txt\t\t(a note only)\t\t2024-02-09\t\n")
    articles, rejections = read([tmp_path])
    by_source = {Path(a.source).name: a for a in articles}
    a, b, c = by_source["a.txt"], by_source["b.txt"], by_source["c.txt"]
    assert (a.url, a.outlet, a.title, a.date) == ("https://x.example/a", "x.example", "Cease-fire rejected",
                                                  "2024-02-08")  # the date line wins over the index
    assert (b.url, b.outlet, b.date) == (None, None, "2024-02-09")
    assert (c.url, c.outlet) == (None, None)
    assert not rejections


def test_broken_index_tsv_only_loses_metadata(tmp_path):
    write(tmp_path / "a.txt", " date 2024-02-08 " + BODY)
    write(tmp_path / "index.tsv", b"\xff\xfe\x00garbage")
    articles, rejections = read([tmp_path / "a.txt"])
    assert [a.outlet for a in articles] == [None] and not rejections


def test_stable_id_same_article_same_id(tmp_path):
    a = article_from_dated_text(" date 2024-02-08 " + BODY, source="1")
    b = article_from_dated_text(" date 2024-02-08\n\n" + BODY + "\n", source="2")
    c = article_from_dated_text(" date 2024-02-09 " + BODY, source="3")
    assert a.id == b.id != c.id
    assert a.id == article_id(BODY, "2024-02-08", None)


# --- JSONL / CSV ----------------------------------------------------------------------------


def test_jsonl_news_please_fields_and_line_numbers(tmp_path):
    lines = [
        {
            "title": "T1",
            "maintext": BODY,
            "date_publish": "2024-02-08 10:00:00",
            "url": "https://x.org/1",
            "source_domain": "x.org",
        },
        {"title": "T2", "text": BODY + " More.", "date": "2024-02-09"},
    ]
    f = write(tmp_path / "a.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    articles, rejections = read([f])
    assert not rejections
    assert articles[0].title == "T1" and articles[0].outlet == "x.org" and articles[0].url == "https://x.org/1"
    assert articles[0].date == "2024-02-08T10:00:00" and articles[0].date_granularity == "time"
    assert articles[1].source == f"{f}:2"


def test_jsonl_malformed_line_rejected_others_kept(tmp_path):
    good = json.dumps({"maintext": BODY, "date_publish": "2024-02-08"})
    f = write(tmp_path / "a.jsonl", good + "\n{not json\n" + '["a list"]\n' + good.replace("08", "09") + "\n")
    articles, rejections = read([f])
    assert len(articles) == 2
    assert [(r.source, r.reason) for r in rejections] == [(f"{f}:2", "json"), (f"{f}:3", "json")]
    assert "malformed JSON" in rejections[0].message


def test_jsonl_field_mapping_and_gzip(tmp_path):
    f = tmp_path / "a.jsonl.gz"
    f.write_bytes(gzip.compress(json.dumps({"body": BODY, "published": "2024-02-08"}).encode()))
    articles, rejections = read([f], fields={"text": "body", "date": "published"})
    assert len(articles) == 1 and not rejections


def test_jsonl_rfc_date_string_parsed(tmp_path):
    f = write(tmp_path / "a.jsonl", json.dumps({"text": BODY, "date": "Thu, 08 Feb 2024 10:00:00 GMT"}))
    articles, _ = read([f])
    assert articles[0].date.startswith("2024-02-08T10:00:00")


def test_csv_rows_with_line_numbers_and_bad_row(tmp_path):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["title", "text", "date", "url"])
    w.writerow(["One", BODY, "2024-02-08", "https://x.org/1"])
    w.writerow(["Two", BODY, "2024-02-30", "https://x.org/2"])
    w.writerow(["Three", BODY.replace("\n", " ") + "\nsecond line", "2024-02-10", ""])
    f = write(tmp_path / "a.csv", buf.getvalue())
    articles, rejections = read([f])
    assert [a.title for a in articles] == ["One", "Three"]
    assert rejections[0].source == f"{f}:3" and rejections[0].reason == "date"
    assert articles[1].source == f"{f}:4"


def test_csv_bad_encoding_row_rejected_alone(tmp_path):
    good = f'text,date\n"{BODY}",2024-02-08\n'.encode()
    bad = f'"{BODY} caf'.encode() + b"\xe9" + b'",2024-02-09\n'
    f = write(tmp_path / "a.csv", good + bad)
    articles, rejections = read([f])
    assert len(articles) == 1 and rejections[0].reason == "encoding"


# --- HTML / WARC ------------------------------------------------------------------------------

HTML = f"""<!doctype html><html><head><title>Netanyahu rejects terms</title>
<meta property="article:published_time" content="2024-02-08T09:00:00Z">
<meta property="og:site_name" content="Example News"></head>
<body><nav>Home | World</nav><article><h1>Netanyahu rejects terms</h1>
<p>{BODY}</p><p>{BODY}</p></article><footer>Copyright</footer></body></html>"""


def test_html_text_title_and_date_from_metadata(tmp_path):
    f = write(tmp_path / "page.html", HTML)
    articles, rejections = read([f])
    assert not rejections
    (a,) = articles
    assert a.date.startswith("2024-02-08") and a.title == "Netanyahu rejects terms"
    assert "Benjamin Netanyahu" in a.text and "Copyright" not in a.text


def test_warc_streamed(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    f = tmp_path / "news.warc.gz"
    with f.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i, html in enumerate([HTML, HTML.replace("Wednesday", "Tuesday"), "<html><body></body></html>"]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://example.org/{i}", "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
            writer.write_record(record)
    articles, rejections = read([f])
    assert [a.url for a in articles] == ["https://example.org/0", "https://example.org/1"]
    assert len(rejections) == 1 and rejections[0].reason == "empty"


# --- bad input --------------------------------------------------------------------------------


def test_empty_file(tmp_path):
    _, rejections = read([write(tmp_path / "e.txt", "")])
    assert rejections[0].reason == "empty"


def test_date_line_only(tmp_path):
    _, rejections = read([write(tmp_path / "e.txt", " date 2024-02-08\n\n")])
    assert rejections[0].reason == "empty"


def test_binary_file(tmp_path):
    _, rejections = read([write(tmp_path / "b.txt", bytes(range(256)) * 10)])
    assert rejections[0].reason == "binary"


def test_wrong_encoding_and_explicit_encoding(tmp_path):
    f = write(tmp_path / "l.txt", (" date 2024-02-08 " + BODY + " Café.").encode("latin-1"))
    _, rejections = read([f])
    assert rejections[0].reason == "encoding" and "--encoding" in rejections[0].message
    articles, _ = read([f], encoding="latin-1")
    assert articles[0].text.endswith("Café.")


def test_mixed_encoding(tmp_path):
    data = (" date 2024-02-08 " + BODY + " Café ").encode() + "Zürich".encode("latin-1")
    _, rejections = read([write(tmp_path / "m.txt", data)])
    assert rejections[0].reason == "encoding"


def test_utf16_with_bom(tmp_path):
    f = write(tmp_path / "u.txt", (" date 2024-02-08 " + BODY).encode("utf-16"))
    articles, _ = read([f])
    assert articles[0].text == BODY


def test_huge_file_rejected_without_reading(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as out:
        out.write(b" date 2024-02-08 ")
        chunk = (BODY + "\n").encode() * 1000
        while out.tell() < 50_000_000:
            out.write(chunk)
    _, rejections = read([f])
    assert rejections[0].reason == "too-large" and "limit" in rejections[0].message


def test_non_english(tmp_path):
    german = (
        "Der israelische Ministerpräsident hat am Mittwoch die Bedingungen der Hamas für eine Waffenruhe "
        "abgelehnt und angekündigt, den Krieg bis zum vollständigen Sieg fortzusetzen. Die Vermittler aus "
        "Ägypten und Katar wollen die Gespräche in Kairo dennoch fortsetzen, hieß es aus Diplomatenkreisen."
    )
    _, rejections = read([write(tmp_path / "de.txt", " date 2024-02-08 " + german)])
    assert rejections[0].reason == "language"


def test_missing_file(tmp_path):
    _, rejections = read([tmp_path / "nope.txt"])
    assert rejections[0].reason == "missing"


def test_one_bad_document_does_not_stop_the_rest(tmp_path):
    write(tmp_path / "1.txt", "")
    write(tmp_path / "2.txt", " date 2024-02-08 " + BODY)
    write(tmp_path / "3.txt", b"\x00\x01\x02binary")
    articles, rejections = read([tmp_path])
    assert len(articles) == 1 and len(rejections) == 2
