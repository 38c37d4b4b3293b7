"""The quotes stage: ``doc._.quotes``, direct, mixed and indirect quotations with their cue, speaker span
and content; the actors stage codes the speakers."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.stages.coref import build_chains
from dateline.stages.quotes.attribution import find_quotes
from dateline.stages.quotes.boundaries import load_span_model
from dateline.stages.quotes.model import weights


class QuotesComponent:
    """Stores ``doc._.quotes``, sorted by content start."""

    def __call__(self, doc: Doc) -> Doc:
        if doc._.coref_chains is None:  # run without dateline_coref: build the chains speakers need
            doc._.coref_chains = build_chains(doc)
        doc._.quotes = find_quotes(doc)
        return doc


@Language.factory("dateline_quotes", assigns=["doc._.quotes"],
                  requires=["doc._.coref_chains", "token.dep", "token.head", "doc.sents"])
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    """The quotes stage; its trained weights load here, once, not on the first article."""
    weights(), load_span_model()
    return QuotesComponent()
