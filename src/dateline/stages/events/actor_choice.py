"""The learned choice of each event's source and target country among candidate actors.

The rules (:mod:`dateline.stages.events.parties`) find the actors the sentence's grammar names. Where they
find none, or the wrong one, the reader of a whole article still knows who acted: the country the
article is about ("martial law was declared across the country" in a story about Ukraine is Ukraine's
doing, to Ukraine), the speaker of the quote the event sits in ("'We condemn any effort to seize power,'
said the US envoy"), another actor of the sentence, the event's place, or the other role's own country
(a president declaring martial law does it to his own country). ANNOTATION.md codes such implied actors.

For each event and role the candidates are countries (None, "nobody", among them), each with binary
features saying where it comes from: the rules' choice, the article's first/second/third most mentioned
country, the quote's speaker, the event's place, the sentence's actors before and after the event word,
the other role's country, crossed with the event type and whether the rules found anyone. A logistic
regression (``python -m dateline.train.actors`` on the train split of ``bench/events_gold``, weights in
``resources/events/actor_model.json``) scores each candidate; the best one is taken, the source first and
then the target (whose candidates know the chosen source). Inference is a sum of a few weights per
candidate: no model, no numpy needed beyond the exponential.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from dateline.knowledge.kb import kb_of
from dateline.model import ActorRef, Event, Place, record_id
from dateline.resources import ROOT
from dateline.stages.quotes import quote_at
from dateline.stages.syntax import by_offset

MODEL_FILE = "actor_model.json"
ROLES = ("source", "target")
LEAD = 600  # characters at the article's start (headline, first sentence) whose mentions count double
IMPLIED_CONFIDENCE = 0.3  # of an actor the sentence does not name


@dataclass(slots=True)
class Option:
    """One candidate country for a role: the actor to code for it and the features saying where it comes from."""

    country: str | None
    ref: ActorRef | None  # an actor of the sentence or the quote's speaker with this country
    features: set[str] = field(default_factory=set)
    mention: ActorRef | Place | None = None  # a mention of the country where no actor stands for it


@lru_cache(maxsize=1)
def load_model() -> dict[str, dict[str, float]]:
    """Role -> feature -> weight (``"__bias__"`` the intercept); empty when no model is shipped."""
    path = ROOT / "events" / MODEL_FILE
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {role: {**data[role]["weights"], "__bias__": data[role]["intercept"]} for role in ROLES if role in data}


def article_countries(doc: Doc) -> list[tuple[str, ActorRef | Place]]:
    """The article's countries, most mentioned first (actors and places; the lead's count double), each
    with its first mention; cached per Doc."""
    cached = doc.user_data.get("dateline_events_article_countries")
    if cached is not None:
        return cached
    counts: Counter[str] = Counter()
    first: dict[str, ActorRef | Place] = {}
    for item in sorted([*(doc._.actors or []), *(doc._.places or [])], key=lambda x: (x.start, x.end)):
        if item.country:
            counts[item.country] += 2 if item.start < LEAD else 1
            first.setdefault(item.country, item)
    ranked = [(c, first[c]) for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    doc.user_data["dateline_events_article_countries"] = ranked
    return ranked


def _implied(doc: Doc, country: str, mention: ActorRef | Place | None) -> ActorRef:
    """A country the sentence does not name as the actor: the country itself, at a mention of it."""
    name = kb_of(doc).country_names.get(country, country)
    start, end, text = (mention.start, mention.end, mention.text) if mention is not None else (0, 0, name)
    return ActorRef(start=start, end=end, text=text, actor_id="c:" + country, name=name, country=country,
                    confidence=IMPLIED_CONFIDENCE)


def _sentence_actors(doc: Doc, ev: Event) -> tuple[list[ActorRef], list[ActorRef]]:
    """The actors of the event's sentence with a country, before and after the evidence's start."""
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    if span is None:
        return [], []
    sent = span.sent
    found = [a for a in by_offset(doc, "actors").starting_in(sent.start_char, sent.end_char) if a.country]
    return [a for a in found if a.start < ev.evidence.start], [a for a in found if a.start >= ev.evidence.start]


def _add(options: dict, country: str | None, ref: ActorRef | None, feature: str) -> None:
    opt = options.get(country)
    if opt is None:
        opt = options[country] = Option(country, ref)
    elif opt.ref is None and ref is not None:
        opt.ref = ref
    opt.features.add(feature)


def options(doc: Doc, ev: Event, role: str, other: ActorRef | None) -> list[Option]:
    """The candidate countries for ``role`` of ``ev`` (``other``: the other role's actor as chosen)."""
    found: dict[str | None, Option] = {}
    rule = getattr(ev, role)
    _add(found, rule.country if rule is not None else None, rule, "rule")
    _add(found, None, None, "none")
    before, after = _sentence_actors(doc, ev)
    if before:
        _add(found, before[-1].country, before[-1], "before_nearest")
        _add(found, before[0].country, before[0], "sentence_first")
    if after:
        _add(found, after[0].country, after[0], "after_nearest")
    quote = quote_at(doc, ev.evidence.start)
    if quote is not None and quote.speaker is not None and quote.speaker.country:
        _add(found, quote.speaker.country, quote.speaker, "speaker")
    if ev.location is not None and ev.location.country:
        _add(found, ev.location.country, None, "place")
        found[ev.location.country].mention = ev.location
    if other is not None and other.country:
        _add(found, other.country, None, "other")
    for rank, (country, mention) in enumerate(article_countries(doc)[:3], start=1):
        _add(found, country, None, f"main{rank}")
        found[country].mention = found[country].mention or mention
    return list(found.values())


def features(ev: Event, opt: Option, rule_found: bool, reciprocal: bool) -> list[str]:
    """An option's features: where it comes from, alone and crossed with the event type, the rules'
    success and whether the event is one of a reciprocal pair."""
    context = [f"type={ev.plover_type or ev.type}", "rule_found" if rule_found else "rule_empty",
               f"modality={ev.modality}"]
    if reciprocal:
        context.append("reciprocal")
    out = []
    for feat in sorted(opt.features):
        out.append(feat)
        out += [f"{feat}|{c}" for c in context]
    out.append(f"sources={len(opt.features)}")
    return out


def score(weights: dict[str, float], feats: list[str]) -> float:
    """The option's probability of being the gold country (logistic)."""
    z = weights.get("__bias__", 0.0) + sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _reciprocal(events: list[Event]) -> set[int]:
    """Positions of the events one word codes both ways ("X and Y met": X->Y and Y->X)."""
    seen = {(ev.evidence.start, ev.type, ev.source.country if ev.source else None,
             ev.target.country if ev.target else None) for ev in events}
    return {i for i, ev in enumerate(events) if ev.source and ev.target and ev.source.country != ev.target.country
            and (ev.evidence.start, ev.type, ev.target.country, ev.source.country) in seen}


def choose(doc: Doc, ev: Event, role: str, other: ActorRef | None, weights: dict[str, float],
           reciprocal: bool) -> ActorRef | None:
    """The role's actor: the best-scored option (ties: the rules' own)."""
    rule = getattr(ev, role)
    opts = options(doc, ev, role, other)
    found = rule is not None
    best = max(opts, key=lambda o: (score(weights, features(ev, o, found, reciprocal)), "rule" in o.features))
    if "rule" in best.features or best.country is None:
        return rule if "rule" in best.features else None
    if rule is not None and rule.country is None:
        # the rules' phrase with no country of its own ("the opposition party"): its sector stays
        return dataclasses.replace(rule, country=best.country, confidence=IMPLIED_CONFIDENCE)
    if best.ref is not None and best.ref.country == best.country:
        return dataclasses.replace(best.ref, confidence=round(min(best.ref.confidence, 0.5), 3))
    return _implied(doc, best.country, best.mention)


def chosen_actors(doc: Doc, events: list[Event]) -> list[Event]:
    """The events with the source and target the model prefers (unchanged when no model is shipped)."""
    model = load_model()
    if not model or not events:
        return events
    reciprocal = _reciprocal(events)
    article_id = doc._.article.id if doc._.article is not None else ""
    out = []
    for i, ev in enumerate(events):
        source = choose(doc, ev, "source", ev.target, model["source"], i in reciprocal)
        target = choose(doc, ev, "target", source, model["target"], i in reciprocal)
        if source is not ev.source or target is not ev.target:
            keys = [(a.actor_id or a.text) if a is not None else None for a in (source, target)]
            ev = dataclasses.replace(ev, source=source, target=target,
                                     id=record_id(article_id, "event", ev.type, ev.evidence.start, *keys))
        out.append(ev)
    return out
