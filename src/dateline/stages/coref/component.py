"""The coreference stage: ``doc._.coref_chains``, names, surnames, pronouns and descriptions that refer to
one entity."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.stages.coref.chains import build_chains


class CorefComponent:
    """Stores ``doc._.coref_chains``: one :class:`~dateline.stages.coref.chains.Chain` per entity."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.coref_chains = build_chains(doc)
        return doc


@Language.factory("dateline_coref", assigns=["doc._.coref_chains"], requires=["doc.ents", "token.dep", "doc.sents"])
def make_coref(nlp: Language, name: str) -> CorefComponent:
    return CorefComponent()
