"""The places stage: ``doc._.places``, the place mentions of the article resolved in the gazetteer."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.knowledge.gazetteer import gazetteer, homonyms
from dateline.knowledge.kb import KnowledgeBase, kb_config
from dateline.stages.places.mentions import find_places


class PlacesComponent:
    """Stores ``doc._.places``: one :class:`~dateline.model.Place` per NER place name the gazetteer knows."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def __call__(self, doc: Doc) -> Doc:
        doc._.knowledge = self.kb  # a city name several countries share is read with the KB's country words
        doc._.places = find_places(doc)
        return doc


@Language.factory(
    "dateline_places",
    default_config={"kb": kb_config()},
    assigns=["doc._.places", "doc._.knowledge"],
    requires=["doc.ents", "token.dep"],
)
def make_places(nlp: Language, name: str, kb: KnowledgeBase) -> PlacesComponent:
    """The places stage; the gazetteer loads here, once, not on the first article."""
    gazetteer(), homonyms()
    return PlacesComponent(kb)
