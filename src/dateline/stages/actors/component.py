"""The actors stage: ``doc._.actors``, every actor mention coded with the knowledge base (country, sector,
dated roles), through coreference; it also codes the quotes' speakers and addressees."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.knowledge.kb import KnowledgeBase, kb_config
from dateline.stages.actors.linking import apply_coref, fill_quotes
from dateline.stages.actors.match import find_marks, matchers_for
from dateline.stages.actors.resolve import Resolver, resolve_marks


class ActorsComponent:
    """Stores ``doc._.actors`` and fills the quotes' speakers and addressees."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        matchers_for(self.kb, nlp)  # build the matchers once, at pipeline load

    def __call__(self, doc: Doc) -> Doc:
        doc._.knowledge = self.kb
        resolver = Resolver(doc, self.kb)
        marks = find_marks(doc, self.kb)
        actors = resolve_marks(doc, marks, self.kb, resolver)
        doc._.actors = apply_coref(doc, actors, self.kb, resolver.date)
        doc._.actor_marks = marks  # resolve_phrase reads the marks of its phrase from here
        fill_quotes(doc)
        return doc


@Language.factory("dateline_actors", default_config={"kb": kb_config()},
                  assigns=["doc._.actors", "doc._.actor_marks", "doc._.knowledge"],
                  requires=["doc.ents", "token.dep", "doc._.coref_chains", "doc._.quotes"])
def make_actors(nlp: Language, name: str, kb: KnowledgeBase) -> ActorsComponent:
    """``kb``: the actor knowledge base (``dateline.kb.v1``: the bundled files plus ``extra_files``)."""
    return ActorsComponent(nlp, kb)
