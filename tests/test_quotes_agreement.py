"""Annotator-vs-annotator agreement (dateline.evaluation.quotes, bench/quotes_agreement.py) on
PolNeAR-shaped files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dateline.evaluation.quotes import add_counts, agreement, multi_annotated

TEXT = "Smith said the plan will fail. Jones disagreed with him."


def _ann(source: tuple[int, int], cue: tuple[int, int], content: tuple[int, int], n: int) -> str:
    """One brat attribution (T lines and the E line linking them)."""
    t = [
        f"T{3 * n + k}\t{role} {a} {b}\t{TEXT[a:b]}"
        for k, (role, (a, b)) in enumerate((("Source", source), ("Cue", cue), ("Content", content)))
    ]
    e = f"E{n}\tAttribution:T{3 * n + 1} Source:T{3 * n} Cue:T{3 * n + 1} Content:T{3 * n + 2}"
    return "\n".join([*t, e]) + "\n"


SMITH = _ann((0, 5), (6, 10), (11, 29), 1)
JONES = _ann((31, 36), (37, 46), (52, 55), 2)
SHORT = _ann((0, 5), (6, 10), (11, 19), 1)


def _split(root: Path, anns: dict[str, str]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "doc_2016-01-01_x.txt").write_text(TEXT)
    (root / "text" / "single_2016-01-01_y.txt").write_text(TEXT)
    (root / "attributions" / "single_2016-01-01_y_aaaa.ann").write_text(SMITH)
    for annotator, ann in anns.items():
        (root / "attributions" / f"doc_2016-01-01_x_{annotator}.ann").write_text(ann)
    return root


def test_only_articles_with_two_annotators_count(tmp_path):
    base = _split(tmp_path / "train", {"aaaa": SMITH + JONES, "bbbb": SMITH + JONES})
    assert list(multi_annotated(base)) == ["doc_2016-01-01_x"]
    counts, n_docs, pairs, n_att = agreement(base)
    assert (n_docs, pairs, n_att) == (1, 1, 2)
    assert counts.score("cue/exact") == (1.0, 1.0, 1.0)


def test_disagreement_lowers_exact_but_not_every_role(tmp_path):
    # the second annotator missed Jones and cut Smith's content short
    base = _split(tmp_path / "train", {"aaaa": SMITH + JONES, "bbbb": SHORT})
    counts, _, _, _ = agreement(base)
    assert counts.score("source/exact") == (1.0, 0.5, 2 / 3)
    assert counts.score("content/exact")[2] == 0.0
    assert counts.score("content/overlap") == (1.0, 0.5, 2 / 3)


def test_three_annotators_give_three_pairs(tmp_path):
    base = _split(tmp_path / "dev", {"aaaa": SMITH, "bbbb": SMITH, "cccc": SHORT})
    assert agreement(base)[2] == 3


def test_pooled_counts_add_up(tmp_path):
    train, _, _, _ = agreement(_split(tmp_path / "train", {"aaaa": SMITH + JONES, "bbbb": SHORT}))
    dev, _, _, _ = agreement(_split(tmp_path / "dev", {"aaaa": SMITH, "bbbb": SMITH}))
    pooled = type(train)()
    add_counts(pooled, train)
    add_counts(pooled, dev)
    # 2 of the 3 gold sources found, both predictions right
    assert pooled.score("source/exact") == pytest.approx((1.0, 2 / 3, 0.8))
    assert (pooled.speaker_ok, pooled.speaker_n) == (2, 2)


def test_skips_clearly_without_the_corpus(tmp_path):
    script = Path(__file__).resolve().parents[1] / "bench" / "quotes_agreement.py"
    done = subprocess.run([sys.executable, str(script), "--shared", str(tmp_path)],
                          capture_output=True, text=True, check=True)
    assert "skipped" in done.stdout
