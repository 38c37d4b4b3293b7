"""The command line: ingest summary and exit codes, the extract JSON contract, queries, exports, stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from tests.conftest import EXAMPLES, SEED

runner = CliRunner()
BODY = (
    "The United Nations Security Council met on Tuesday to discuss the fighting in Sudan, where the army "
    "and the Rapid Support Forces have been at war for months, and diplomats said a vote was expected soon."
)


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture()
def articles_dir(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text())
    (folder / "other.txt").write_text(" date 2023-05-02 " + BODY)
    return folder


def test_help_reads_well():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("ingest", "extract", "articles", "errors", "export"):
        assert command in result.output
    assert "Run every stage on articles" in run("extract", "--help").output


def test_the_cli_imports_no_store_web_or_html_library_until_a_command_needs_it():
    """``dateline extract`` starts without the store (duckdb, pandas, pyarrow: ~2 s of imports), the web
    server, the HTML/WARC readers or dateparser: each is imported by the command or reader that uses it."""
    heavy = ("pandas", "duckdb", "pyarrow", "fastapi", "uvicorn", "trafilatura", "warcio", "dateparser")
    code = ("import sys, dateline.cli, dateline.pipeline, dateline.ingest; "
            f"print([m for m in {heavy!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_ingest_twice_then_query(tmp_path, articles_dir, nlp):
    db = str(tmp_path / "s.duckdb")
    first = run("ingest", str(articles_dir), "--db", db)
    assert first.exit_code == 0, first.output
    assert "2 new, 0 already stored, 0 rejected" in first.output
    second = run("ingest", str(articles_dir), "--db", db)
    assert "0 new, 2 already stored, 0 rejected" in second.output
    listing = run("articles", "--db", db)
    assert listing.exit_code == 0 and "2024-02-08" in listing.output and "2023-05-02" in listing.output
    assert "2023-05-02" not in run("articles", "--db", db, "--since", "2024-01-01").output


def test_ingest_with_bad_documents_exit_code_and_errors_table(tmp_path, articles_dir, nlp):
    (articles_dir / "empty.txt").write_text("")
    (articles_dir / "nodate.txt").write_text(BODY)
    db = str(tmp_path / "s.duckdb")
    result = run("ingest", str(articles_dir), "--db", db)
    assert result.exit_code == 3
    assert "2 new, 0 already stored, 2 rejected" in result.output
    assert "nodate.txt" in result.output and "no date line" in result.output
    errors = run("errors", "--db", db)
    assert "empty.txt" in errors.output and "nodate.txt" in errors.output
    rows = [json.loads(line) for line in run("errors", "--db", db, "-f", "json").stdout.splitlines()]
    assert {Path(r["source"]).name: r["reason"] for r in rows} == {"empty.txt": "empty", "nodate.txt": "date"}


def test_extract_json_contract(nlp):
    result = run("extract", str(SEED))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"article", "entities", "timexes", "quotes", "events"}
    assert set(data["article"]) >= {"id", "date", "title", "url", "source", "text"}
    assert data["article"]["date"] == "2024-02-08" and data["article"]["source"] == str(SEED)
    text = data["article"]["text"]
    assert not text.startswith(" date")
    for entity in data["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"]
        assert 0 <= entity["confidence"] <= 1
    assert any(e["text"] == "Benjamin Netanyahu" and e["label"] == "PERSON" for e in data["entities"])


def test_extract_jsonl_several_articles_and_date_override(articles_dir, nlp):
    result = run("extract", str(articles_dir), "--format", "jsonl", "--date", "2024-03-01")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2 and {x["article"]["date"] for x in lines} == {"2024-03-01"}


def test_extract_table_format(nlp):
    result = run("extract", str(SEED), "--format", "table")
    assert result.exit_code == 0 and "Benjamin Netanyahu" in result.output


def test_extract_from_stdin_in_a_real_process():
    proc = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "extract", "-", "--format", "jsonl"],
        input=" date 2024-02-08 " + BODY,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["article"]["source"] == "<stdin>" and data["article"]["date"] == "2024-02-08"


def test_extract_stdin_jsonl_sniffed(nlp):
    line = json.dumps({"maintext": BODY, "date_publish": "2024-02-08", "url": "https://x.org/a"})
    result = run("extract", "-", "--format", "jsonl", input=line + "\n")
    assert json.loads(result.output)["article"]["url"] == "https://x.org/a"


def test_export_formats(tmp_path, articles_dir, nlp):
    db = str(tmp_path / "s.duckdb")
    run("ingest", str(articles_dir), "--db", db)
    out = tmp_path / "m.csv"
    assert run("export", "mentions", "--format", "csv", "--out", str(out), "--db", db).exit_code == 0
    assert out.read_text().startswith("id,article_id,start,end,text,label,confidence")
    result = run("export", "articles", "--format", "parquet", "--db", db)
    assert result.exit_code == 2 and "--out" in result.output


def test_errors_are_one_clear_line(tmp_path):
    result = run("articles", "--db", str(tmp_path / "missing.duckdb"))
    assert result.exit_code == 1
    assert result.output.strip().startswith("error: no store at") and "Traceback" not in result.output
    bad = run("ingest", str(EXAMPLES), "--db", str(tmp_path / "x.duckdb"), "--field", "nonsense")
    assert bad.exit_code == 2


def test_version():
    assert run("--version").output.startswith("dateline ")


@pytest.mark.slow
def test_workers_give_the_same_records_as_one_process(tmp_path, articles_dir):
    """--workers N spreads batches over processes; the stored records are identical to a serial run."""
    from dateline.store import Store

    for name, workers in (("one", "1"), ("two", "2")):
        result = run("ingest", str(articles_dir), "--db", str(tmp_path / f"{name}.duckdb"), "--workers", workers)
        assert result.exit_code == 0, result.output
    one, two = Store(tmp_path / "one.duckdb", read_only=True), Store(tmp_path / "two.duckdb", read_only=True)
    for table in ("articles", "mentions", "timexes", "quotes", "events"):
        query = f"SELECT * EXCLUDE (ingested_at) FROM {table} ORDER BY id" if table == "articles" else (
            f"SELECT * FROM {table} ORDER BY id")
        assert one.sql(query).equals(two.sql(query)), table


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("seed") / "seed.duckdb")
    result = run("ingest", str(SEED), "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_quotes_by_speaker(seed_db):
    result = runner.invoke(app, ["quotes", "--speaker", "netanyahu", "--db", seed_db], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Surrendering to Hamas' delusional demands" in result.output
    assert "Blinken" not in run("quotes", "--speaker", "Hamdan", "--db", seed_db).output


def test_listings_for_programs_json_and_tsv(seed_db):
    """--format json prints the REST API's rows, one per line; --format tsv the table's cells."""
    lines = run("quotes", "--speaker", "netanyahu", "--format", "json", "--db", seed_db).stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows and all(r["speaker"]["name"] == "Benjamin Netanyahu" for r in rows)
    assert any("Surrendering" in c["text"] for r in rows for c in r["content"])
    tsv = run("events", "--type", "REJECT", "-f", "tsv", "--db", seed_db).stdout.splitlines()
    assert tsv[0].split("\t") == ["date", "type", "mode", "source", "target", "modality", "place", "evidence"]
    assert len(tsv) > 1 and all(len(line.split("\t")) == 8 and "REJECT" in line for line in tsv[1:])
    assert run("stories", "-f", "tsv", "--db", seed_db).stdout.startswith("id\tlabel\t")
    bad = run("articles", "--format", "xml", "--db", seed_db)
    assert bad.exit_code == 2 and "xml" in bad.output


def test_events_filters(seed_db):
    result = runner.invoke(app, ["events", "--type", "reject", "--db", seed_db], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "REJECT" in result.output and "ASSAULT" not in result.output
    historical = runner.invoke(app, ["events", "--modality", "historical", "--db", seed_db], env={"COLUMNS": "200"})
    assert "2023-10-07" in historical.output
    assert "no events" in run("events", "--since", "2030-01-01", "--db", seed_db).output
    month = runner.invoke(app, ["events", "--until", "2024-02", "--actor", "isr", "--db", seed_db],
                          env={"COLUMNS": "200"})
    assert "Netanyahu" in month.output and "(ISR" in month.output  # a month bound takes in the whole month
    assert "no events" in run("events", "--until", "2024-01", "--since", "2024-01-01", "--db", seed_db).output


def test_event_filter_semantics(seed_db):
    """The filters behind `dateline events` and /api/events, on the seed article's events."""
    from dateline.store import Store, queries

    def select(**filters) -> list[dict]:
        with Store(seed_db, read_only=True).connect() as con:
            return queries.events(con, queries.event_filter(**filters), 500, 0)["items"]

    rejects = select(actor="Netanyahu", type="reject")
    assert rejects and all(e["type"] == "REJECT" for e in rejects)
    assert select(actor="ISR", type="REJECT") == select(actor="isr", type="REJECT")
    old = select(until="2023-12-31")
    assert old and all(e["date"] < "2024" for e in old)
    assert not [e for e in select(since="2024-02-01") if e["date"].startswith("2023")]
    cairo = select(place="Egypt")  # a country name matches every place in that country
    assert cairo and cairo == select(place="EGY") and all(e["location"]["name"] == "Cairo" for e in cairo)
    assert select(type="AGREE")  # the PLOVER coding of the future CONSULT
    assert select(actor="nobody-at-all") == []


def test_stories_listed_and_exported(seed_db, tmp_path):
    assert run("stories", "--db", seed_db).exit_code == 0
    out = tmp_path / "stories.jsonl"
    assert run("export", "stories", "--format", "jsonl", "--out", str(out), "--db", seed_db).exit_code == 0
    story = json.loads(out.read_text().splitlines()[0])
    assert {"id", "label", "storyline_id", "article_ids", "event_ids"} <= set(story)


def test_kb_import_wikidata_command(tmp_path):
    fixture = EXAMPLES.parents[1] / "tests" / "fixtures" / "kb" / "sparql_result.json"
    out = tmp_path / "kb.tsv"
    result = run("kb", "import-wikidata", str(fixture), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("id\t")
    assert run("--kb", str(tmp_path / "missing.tsv"), "errors").exit_code == 2


def test_blank_lines_end_sentences(nlp):
    """A headline and the paragraphs after it are separate sentences for every stage."""
    doc = nlp("Ceasefire Takes Effect, Some Israeli Troops Withdraw\n\nA U.N.-mediated ceasefire began.\n\nNo clashes.")
    assert [s.text.strip() for s in doc.sents] == [
        "Ceasefire Takes Effect, Some Israeli Troops Withdraw",
        "A U.N.-mediated ceasefire began.",
        "No clashes.",
    ]


@pytest.mark.parametrize("how", ["--kb", "DATELINE_KB"])
def test_extra_kb_files_reach_the_stages(tmp_path, monkeypatch, how):
    """--kb (or $DATELINE_KB, as `dateline kb import-wikidata` suggests) adds actors to extract and ingest."""
    user = Path(__file__).parent / "fixtures" / "kb" / "user.csv"
    doc = tmp_path / "quill.txt"
    doc.write_text(" date 2024-03-05 Mara Quill criticized the government of Colombia on Monday, officials said.")
    monkeypatch.delenv("DATELINE_KB", raising=False)
    if how == "DATELINE_KB":
        monkeypatch.setenv("DATELINE_KB", str(user))
    options = ["--kb", str(user)] if how == "--kb" else []

    def actor_ids(extraction: dict) -> set[str]:
        return {(e.get("source") or {}).get("actor_id") for e in extraction["events"]}

    plain = json.loads(runner.invoke(app, ["extract", str(doc)], env={"DATELINE_KB": ""}).output)
    extended = json.loads(run(*options, "extract", str(doc)).output)
    assert "u:mara_quill" in actor_ids(extended) and "u:mara_quill" not in actor_ids(plain)
    assert run(*options, "ingest", str(doc), "--db", str(tmp_path / "s.duckdb")).exit_code == 0
    stored = run("events", "--db", str(tmp_path / "s.duckdb"), "--format", "json").output
    assert "u:mara_quill" in stored


@pytest.mark.parametrize(("command", "option", "value", "why"), [
    ("events", "--since", "notadate", "use YYYY-MM-DD or YYYY-MM"),
    ("events", "--until", "2024-13-01", "month must be in 1..12"),
    ("events", "--since", "2024-02-30", "day is out of range for month"),
    ("articles", "--since", "2024/02/01", "use YYYY-MM-DD or YYYY-MM"),
    ("articles", "--until", "2024-00", "month must be in 1..12"),
])
def test_dates_in_filters_are_validated(tmp_path, command, option, value, why):
    """The same check as the API's (queries.check_date): a usage error (2) saying why, not 'no events'."""
    result = runner.invoke(app, [command, option, value, "--db", str(tmp_path / "none.duckdb")],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    assert f"'{value}' is not a date" in result.output and why in result.output
    assert "no events" not in result.output


def test_ingest_of_a_missing_path_fails_before_making_a_store(tmp_path):
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", "/nonexistent/path", str(SEED), "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    assert "no such file or folder: /nonexistent/path" in result.output
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_events_by_min_confidence(seed_db):
    every = [json.loads(line) for line in run("events", "--db", seed_db, "-f", "json", "-n", "500").stdout.splitlines()]
    levels = sorted({e["confidence"] for e in every})
    assert len(levels) > 1, levels  # the seed's events are coded with differing confidences
    cut = levels[len(levels) // 2]
    kept = [json.loads(line) for line in
            run("events", "--db", seed_db, "-f", "json", "-n", "500", "--min-confidence", str(cut)).stdout.splitlines()]
    assert kept and {e["id"] for e in kept} == {e["id"] for e in every if e["confidence"] >= cut}
    assert len(kept) < len(every)
    assert run("events", "--db", seed_db, "--min-confidence", "1.5").exit_code == 2


def test_piped_tables_never_wrap_ids_and_tsv_never_cuts(seed_db, tmp_path):
    """Standard output is not a terminal under CliRunner: a narrow COLUMNS must not fold ids or cells."""
    narrow = {"COLUMNS": "40"}
    stored = json.loads(runner.invoke(app, ["articles", "--db", seed_db, "-f", "json"]).stdout)
    listing = runner.invoke(app, ["articles", "--db", seed_db], env=narrow).stdout
    assert stored["id"] in listing  # whole, on one line
    row = next(line for line in listing.splitlines() if stored["id"] in line)
    assert stored["date"] in row
    stories = [json.loads(line) for line in runner.invoke(app, ["stories", "--db", seed_db, "-f", "json"]).stdout
               .splitlines()]
    table = runner.invoke(app, ["stories", "--db", seed_db], env=narrow).stdout
    assert stories and all(s["id"] in table and (s["storyline_id"] or "") in table for s in stories)
    events = runner.invoke(app, ["events", "--db", seed_db, "-n", "3"], env=narrow).stdout
    lines = [line for line in events.splitlines() if line.startswith("│")]
    assert len(lines) == 3  # one line per row when piped: grep finds whole rows
    # An untitled article: the table shows its first words; TSV the title as stored (none), never a cut text.
    doc = tmp_path / "long.txt"
    long_title = "A very long headline " * 8
    doc.write_text(json.dumps({"title": long_title.strip(), "text": BODY, "date": "2024-03-01"}) + "\n")
    db = str(tmp_path / "t.duckdb")
    assert run("ingest", str(doc), "--input-format", "jsonl", "--db", db).exit_code == 0
    untitled = tmp_path / "untitled.txt"
    untitled.write_text(" date 2023-05-02 " + BODY)
    assert run("ingest", str(untitled), "--db", db).exit_code == 0
    tsv = runner.invoke(app, ["articles", "--db", db, "-f", "tsv"], env=narrow).stdout
    assert "…" not in tsv
    titles = {line.split("\t")[1]: line.split("\t")[2] for line in tsv.splitlines()[1:]}
    assert titles == {"2024-03-01": long_title.strip(), "2023-05-02": ""}


def test_serve_passes_its_body_limit_and_host(seed_db, monkeypatch):
    import dateline.api

    served = {}
    monkeypatch.setattr(dateline.api, "serve", lambda db, **options: served.update(db=str(db), **options))
    result = run("serve", "--db", seed_db, "--max-body-mb", "2.5")
    assert result.exit_code == 0, result.output
    assert served["db"] == seed_db and served["max_body_mb"] == 2.5 and served["host"] == "127.0.0.1"
    assert run("serve", "--db", seed_db, "--max-body-mb", "0").exit_code == 2
