"""The events stage: ``doc._.events``, PLOVER events with their actors, date, place, counts and evidence."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.knowledge.gazetteer import gazetteer, homonyms
from dateline.knowledge.kb import KnowledgeBase, kb_config
from dateline.model import Event
from dateline.stages.events import acceptance
from dateline.stages.events.actor_choice import chosen_actors
from dateline.stages.events.actor_choice import load_model as load_actor_model
from dateline.stages.events.cameo import to_cameo
from dateline.stages.events.candidates import patterns
from dateline.stages.events.coder import events_in
from dateline.stages.events.context import inherit_doers
from dateline.stages.events.dates import same_happening_dates
from dateline.stages.events.decision import load_model
from dateline.stages.events.filters import boilerplate, repeated_headlines
from dateline.stages.events.lexicon import cues, instruments, nouns, verbs
from dateline.stages.events.quantities import lexicon


class EventsComponent:
    """Stores ``doc._.events``: PLOVER events sorted by evidence start, each with the acceptance model's
    probability as its confidence; events under ``min_probability`` (None: the model's fitted threshold)
    are not coded."""

    def __init__(self, kb: KnowledgeBase, min_probability: float | None = None) -> None:
        self.kb = kb
        self.min_probability = acceptance.load_model()[2] if min_probability is None else min_probability
        self.choose_actors = True  # False: the rules' actors only (what dateline.train.actors learns from)

    def scored(self, doc: Doc) -> list[tuple[Event, list[str]]]:
        """Every event the coder builds, after the article-level filters, with its acceptance features."""
        doc._.knowledge = self.kb
        pairs = [pair for sent in doc.sents for pair in events_in(doc, sent)]
        events = inherit_doers(doc, [ev for ev, _ in pairs])  # same order and length, some doers filled in
        events = same_happening_dates(doc, events)  # same order and length, some dates filled in
        kept = {ev.id for ev in repeated_headlines(doc, events)}
        seen: set[str] = set()
        return [(ev, feats) for ev, (_, feats) in zip(events, pairs, strict=True)
                if ev.id in kept and not (ev.id in seen or seen.add(ev.id))]

    def __call__(self, doc: Doc) -> Doc:
        out = []
        for ev, feats in self.scored(doc):
            ev.confidence = round(acceptance.probability(feats), 3)
            if ev.confidence >= self.min_probability:
                out.append(ev)
        if self.choose_actors:  # who did it to whom, now that the article's events are known
            seen: set[str] = set()
            out = [ev for ev in chosen_actors(doc, out) if not (ev.id in seen or seen.add(ev.id))]
        doc._.events = sorted(out, key=lambda e: (e.evidence.start, e.evidence.end, e.type, e.id))
        return doc


@Language.factory("dateline_events", default_config={"kb": kb_config(), "min_probability": None},
                  assigns=["doc._.events", "doc._.knowledge"],
                  requires=["doc._.timexes", "doc._.quotes", "doc._.actors", "doc._.places", "token.dep", "doc.sents"])
def make_events(nlp: Language, name: str, kb: KnowledgeBase, min_probability: float | None) -> EventsComponent:
    """The events stage; lexicons, the gazetteer and both models load here, once, not on the first article."""
    verbs(), nouns(), cues(), instruments(), gazetteer(), homonyms(), lexicon(), to_cameo("AGREE"), boilerplate()
    patterns(), load_model(), load_actor_model()
    return EventsComponent(kb, min_probability)
