"""README.md's Python code runs as written (so it cannot rot), on an example where a quote has no speaker."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
EXAMPLE_PATH = re.compile(r"examples/articles/[\w.-]+\.txt")


def python_blocks() -> list[str]:
    return PYTHON_BLOCK.findall(README.read_text(encoding="utf-8"))


def test_readme_has_python_code_on_an_example_article():
    blocks = python_blocks()
    assert blocks, "README.md has no ```python block"
    assert any(EXAMPLE_PATH.search(code) for code in blocks), "the Python example should read a bundled article"


@pytest.mark.slow
def test_readme_python_code_runs(nlp, tmp_path, monkeypatch, capsys):
    import dateline
    from dateline.jobs import ingest
    from dateline.store import Store

    code = "\n".join(python_blocks())
    examples = sorted(set(EXAMPLE_PATH.findall(code)))
    # the example must exercise the case that once raised AttributeError: a quote with no speaker
    assert any(
        q.speaker is None for path in examples for q in dateline.extract((ROOT / path).read_text("utf-8")).quotes
    ), f"none of {examples} has a quote without a speaker"

    (tmp_path / "examples").symlink_to(ROOT / "examples")
    store = Store(tmp_path / "dateline.duckdb")  # the store the README's code opens, as `dateline ingest` makes it
    ingest([str(ROOT / path) for path in examples], store)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(README), "exec"), {"__name__": "__readme__"})  # noqa: S102 - running the docs is the test

    printed = capsys.readouterr().out
    assert "rejected: language" in printed  # the emoji-only text the README passes is refused, not extracted
    assert printed.count("\n") > 1
