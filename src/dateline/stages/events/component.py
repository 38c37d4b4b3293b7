"""The events stage: ``doc._.events``, PLOVER events with their actors, date, place, counts and evidence."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.knowledge.gazetteer import gazetteer, homonyms
from dateline.knowledge.kb import KnowledgeBase, kb_config
from dateline.stages.events.actor_choice import chosen_actors
from dateline.stages.events.actor_choice import load_model as load_actor_model
from dateline.stages.events.cameo import to_cameo
from dateline.stages.events.candidates import patterns
from dateline.stages.events.coder import events_in
from dateline.stages.events.context import inherit_doers
from dateline.stages.events.decision import load_model
from dateline.stages.events.filters import boilerplate, repeated_headlines
from dateline.stages.events.lexicon import cues, instruments, nouns, verbs
from dateline.stages.events.quantities import lexicon


class EventsComponent:
    """Stores ``doc._.events``: PLOVER events sorted by evidence start."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.choose_actors = True  # False: the rules' actors only (what dateline.train.actors learns from)

    def __call__(self, doc: Doc) -> Doc:
        doc._.knowledge = self.kb
        events = inherit_doers(doc, [ev for sent in doc.sents for ev in events_in(doc, sent)])
        if self.choose_actors:
            events = chosen_actors(doc, events)
        events = repeated_headlines(doc, events)
        seen: set[str] = set()
        unique = [ev for ev in events if not (ev.id in seen or seen.add(ev.id))]
        doc._.events = sorted(unique, key=lambda e: (e.evidence.start, e.evidence.end, e.type, e.id))
        return doc


@Language.factory("dateline_events", default_config={"kb": kb_config()},
                  assigns=["doc._.events", "doc._.knowledge"],
                  requires=["doc._.timexes", "doc._.quotes", "doc._.actors", "doc._.places", "token.dep", "doc.sents"])
def make_events(nlp: Language, name: str, kb: KnowledgeBase) -> EventsComponent:
    """The events stage; lexicons and the gazetteer load here, once, not on the first article."""
    verbs(), nouns(), cues(), instruments(), gazetteer(), homonyms(), lexicon(), to_cameo("AGREE"), boilerplate()
    patterns(), load_model(), load_actor_model()
    return EventsComponent(kb)
