"""The PolNeAR reader and scorer (dateline.evaluation.polnear) on hand-made gold, and
bench/quotes_eval.py run on a PolNeAR-shaped fixture."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dateline.evaluation.polnear import Attribution, Counts, parse_ann, read_split, score_doc, words

QUOTES_EVAL = Path(__file__).resolve().parents[1] / "bench" / "quotes_eval.py"

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "quotes" / "shared"
TEXT = "Smith said the plan “will fail badly.” Jones disagreed."


def test_parse_ann_reads_discontinuous_spans_and_skips_other_lines():
    ann = "\n".join([
        "T1\tSource 0 5\tSmith",
        "T2\tCue 6 10\tsaid",
        "T3\tContent 11 20;25 30\tthe plan badly",
        "T4\tAttribution 6 10\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        "T5\tCue 40 49\tdisagreed",
        "T6\tContent 50 52\tx",
        "E2\tAttribution-no-source:T5 Cue:T5 Content:T6",
        "#1\tAnnotatorNotes T1\tcomment",
    ])
    atts = parse_ann(ann)
    assert atts[0] == Attribution(source=[(0, 5)], cue=[(6, 10)], content=[(11, 20), (25, 30)])
    assert atts[1].source == [] and atts[1].cue == [(40, 49)]


def test_words_ignore_punctuation_and_quotation_marks():
    plain = TEXT.index("will")
    assert words(TEXT, [(plain - 1, TEXT.index(".”") + 2)]) == words(TEXT, [(plain, TEXT.index(".”"))])


def span(s: str) -> list[tuple[int, int]]:
    i = TEXT.index(s)
    return [(i, i + len(s))]


def test_exact_and_overlap_scores():
    gold = [Attribution(source=span("Smith"), cue=span("said"), content=span("the plan “will fail badly.”"))]
    pred = [Attribution(source=span("Smith"), cue=span("said"), content=span("“will fail badly.”"))]
    counts = Counts()
    score_doc(TEXT, gold, pred, counts)
    assert counts.score("source/exact") == (1.0, 1.0, 1.0)
    assert counts.score("content/exact") == (0.0, 0.0, 0.0)  # "the plan" is missing
    assert counts.score("content/overlap") == (1.0, 1.0, 1.0)  # 3 of 5 gold words
    assert (counts.speaker_ok, counts.speaker_n) == (1, 1)


def test_overlap_needs_half_of_the_gold_words_and_matches_one_to_one():
    gold = [Attribution(content=span("the plan “will fail badly.”"))]
    pred = [Attribution(content=span("fail badly")), Attribution(content=span("the plan “will fail badly.”"))]
    counts = Counts()
    score_doc(TEXT, gold, pred, counts)
    p, r, _ = counts.score("content/overlap")
    assert (p, r) == (0.5, 1.0)  # the gold span matches one prediction only
    counts = Counts()
    score_doc(TEXT, gold, [Attribution(content=span("badly"))], counts)
    assert counts.score("content/overlap") == (0.0, 0.0, 0.0)


def test_wrong_speaker_lowers_speaker_accuracy_only():
    gold = [Attribution(source=span("Smith"), cue=span("said"), content=span("the plan"))]
    pred = [Attribution(source=span("Jones"), cue=span("said"), content=span("the plan"))]
    counts = Counts()
    score_doc(TEXT, gold, pred, counts)
    assert counts.score("content/exact")[2] == 1.0
    assert (counts.speaker_ok, counts.speaker_n) == (0, 1)


def test_read_split_refuses_the_test_split():
    with pytest.raises(ValueError):
        read_split(FIXTURE / "data" / "polnear", "test")


def test_read_split_fixture():
    docs = read_split(FIXTURE / "data" / "polnear", "dev")
    assert [d.name for d in docs] == ["usa-today_2016-10-03_fixture"]
    assert docs[0].date == "2016-10-03"
    first = docs[0].attributions[0]
    assert len(first.content) == 3 and docs[0].text[slice(*first.source[0])] == "Doe"


def _run_eval(*args: str) -> str:
    """bench/quotes_eval.py run as its users run it; its standard output."""
    done = subprocess.run([sys.executable, str(QUOTES_EVAL), *args], capture_output=True, text=True, check=True)
    return done.stdout


def test_eval_script_scores_the_fixture():
    out = _run_eval("--shared", str(FIXTURE), "--split", "dev", "--no-baseline")
    assert "PolNeAR dev: 1 documents, 2 gold attributions" in out
    row = next(line for line in out.splitlines() if line.startswith("content/overlap"))
    assert row.split()[1:] == ["100.0", "100.0", "100.0"]
    assert "bare spaCy parse" in out


def test_eval_script_skips_without_data(tmp_path):
    assert _run_eval("--shared", str(tmp_path)).startswith("skipped:")
