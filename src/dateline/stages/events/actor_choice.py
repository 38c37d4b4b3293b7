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
from itertools import islice, repeat

from spacy.tokens import Doc

from dateline.knowledge.kb import kb_of
from dateline.model import ActorRef, Event, Place, record_id
from dateline.resources import ROOT
from dateline.stages.events.lexicon import noun_entry
from dateline.stages.events.recipients import condemned_attack
from dateline.stages.events.roles import ACTOR_LABELS, joint_talk_words, many_parties
from dateline.stages.quotes import quote_at
from dateline.stages.syntax import by_offset

MODEL_FILE = "actor_model.json"
ROLES = ("source", "target")
LEAD = 600  # characters at the article's start (headline, first sentence) whose mentions count double
IMPLIED_CONFIDENCE = 0.3  # of an actor the sentence does not name
MIN_SENTENCES = 3  # a shorter text is no article: its actors are the rules' own
_STATELESS = frozenset({"IGO"})  # bodies above states: a named one keeps its null country
NAMED_CONFIDENCE = 0.4  # an actor above this the text names (a place's or a group's country is at most this)


@dataclass(slots=True)
class Option:
    """One candidate country for a role: the actor to code for it and the features saying where it comes from."""

    country: str | None
    ref: ActorRef | None  # an actor of the sentence or the quote's speaker with this country
    features: set[str] = field(default_factory=set)
    mention: ActorRef | Place | None = None  # a mention of the country where no actor stands for it
    mentions: list[ActorRef] = field(default_factory=list)  # its actors in the event's sentence


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


def _implied(doc: Doc, country: str, mention: ActorRef | Place | None, at: int) -> ActorRef:
    """A country the sentence does not name as the actor: the country itself, at a mention of it (else
    named, with no characters of its own, at the event's evidence)."""
    name = kb_of(doc).country_names.get(country, country)
    start, end, text = (mention.start, mention.end, mention.text) if mention is not None else (at, at, name)
    return ActorRef(start=start, end=end, text=text, actor_id="c:" + country, name=name, country=country,
                    confidence=IMPLIED_CONFIDENCE)


def _sentence_actors(doc: Doc, ev: Event) -> tuple[list[ActorRef], list[ActorRef]]:
    """The actors of the event's sentence with a country, before and after the evidence's start."""
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    if span is None:
        return [], []
    sent = span.sent
    found = [a for a in by_offset(doc, "actors").starting_in(sent.start_char, sent.end_char)
             if a.country and not _owner_elsewhere(doc, a, span.root)]
    return [a for a in found if a.start < ev.evidence.start], [a for a in found if a.start >= ev.evidence.start]


def _owner_elsewhere(doc: Doc, actor: ActorRef, root) -> bool:
    """A possessive pronoun of another word than the event's ("displaced people from their homes"):
    whose homes, not who acts."""
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span is not None and len(span) == 1 and span.root.pos_ == "PRON" and span.root.dep_ == "poss" \
        and span.root.head.i != root.i


def _add(options: dict, country: str | None, ref: ActorRef | None, feature: str) -> None:
    opt = options.get(country)
    if opt is None:
        opt = options[country] = Option(country, ref)
    elif opt.ref is None and ref is not None:
        opt.ref = ref
    opt.features.add(feature)


def named_doers(events: list[Event]) -> frozenset[tuple[str, str]]:
    """(type, country) of the article's events whose source the text names (not a place's unidentified
    attackers, not a group of the place's country): "Chinese troops" attacking in one sentence make China
    a likely doer of the next killing; embassy bombings no Kenyan is named doing leave Kenya none."""
    return frozenset((ev.type, ev.source.country) for ev in events
                     if ev.source is not None and ev.source.country and ev.source.sector != "UAF"
                     and ev.source.confidence > NAMED_CONFIDENCE)


def options(doc: Doc, ev: Event, role: str, other: ActorRef | None,
            doers: frozenset[tuple[str, str]] = frozenset()) -> list[Option]:
    """The candidate countries for ``role`` of ``ev`` (``other``: the other role's actor as chosen;
    ``doers``: :func:`named_doers` of the article)."""
    found: dict[str | None, Option] = {}
    rule = getattr(ev, role)
    _add(found, rule.country if rule is not None else None, rule, "rule")
    _add(found, None, None, "none")
    before, after = _sentence_actors(doc, ev)
    for actor in before + after:
        _add(found, actor.country, actor, "in_sentence")
        found[actor.country].mentions.append(actor)
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
    if role == "source":  # who the article names doing things tells who acts, not who is acted on (CV)
        _mark_doers(found.values(), ev.type, doers)
    return list(found.values())


def _mark_doers(opts, typ: str, doers: frozenset[tuple[str, str]]) -> None:
    for opt in opts:
        if (typ, opt.country) in doers:
            opt.features.add("doer_same_type")
        elif any(country == opt.country for _, country in doers):
            opt.features.add("doer_other_type")


def _passive(doc: Doc, ev: Event) -> bool:
    """The evidence's head verb is passive ("was detained", "were killed")."""
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    return span is not None and any(c.dep_ in ("auxpass", "nsubjpass") for c in span.root.children)


def context(doc: Doc, ev: Event, role: str, reciprocal: bool, other: ActorRef | None = None) -> list[str]:
    """What is known of the event and of the rules' actor for ``role``, whatever the candidate, and
    whether the other role (``other``) has a country: crossed with "place", it tells a bombing of a
    foreign embassy (no doer named: none) from one of the place's own (its country's)."""
    rule = getattr(ev, role)
    out = [f"type={ev.plover_type or ev.type}", f"mode={ev.mode}", f"modality={ev.modality}",
           "rule_found" if rule else "rule_empty", "other_known" if other is not None and other.country
           else "other_unknown"]
    if rule is not None:
        words = rule.text.lower().split()
        out += [f"rule_sector={rule.sector}", f"rule_country={rule.country is not None}"]
        if rule.sector == "UAF":  # a place's unidentified attackers: of its country when their victims are
            out.append("uaf_" + ("alone" if other is None or not other.country
                                 else "domestic" if other.country == rule.country else "foreign"))
        if " and " in rule.text or "both" in words or "sides" in words:
            out.append("rule_compound")
    if reciprocal:
        out.append("reciprocal")
    if _passive(doc, ev):
        out.append("passive")
    if quote_at(doc, ev.evidence.start) is not None:
        out.append("in_quote")
    return out


def where(doc: Doc, ev: Event, opt: Option) -> list[str]:
    """The :func:`grammar` of every mention of the option in the event's sentence (else of its actor or
    mention elsewhere)."""
    items = opt.mentions or [opt.ref or opt.mention]
    return sorted({feat for item in items for feat in grammar(doc, ev, item)})


def grammar(doc: Doc, ev: Event, item: ActorRef | Place | None) -> list[str]:
    """Where a mention stands to the event's word (the head of its evidence): its dependency, the preposition
    it hangs from, whether an event noun stands between them ("condemned the bombing of the U.S. embassy":
    the embassy is the bombing's, not the condemnation's) and whether it is outside the event's clause."""
    if item is None or item.end <= item.start:
        return []
    # the same mention is weighed for the source and for the target, and for the events of one word:
    # what only offsets decide is worked out once per Doc
    key = (ev.evidence.start, ev.evidence.end, item.start, item.end)
    cache = doc.user_data.setdefault("dateline_events_actor_grammar", {})
    if key not in cache:
        cache[key] = _grammar(doc, *key)
    return list(cache[key])


def _grammar(doc: Doc, ev_start: int, ev_end: int, start: int, end: int) -> list[str]:
    evidence = doc.char_span(ev_start, ev_end, alignment_mode="expand")
    span = doc.char_span(start, end, alignment_mode="expand")
    if evidence is None or span is None:
        return []
    tok, root = span.root, evidence.root
    out = [f"dep={tok.dep_}"]
    if tok.dep_ == "pobj":
        out.append(f"prep={tok.head.lower_}")
    if tok.sent != root.sent:
        return [*out, "other_sentence"]
    heads = []
    for head in tok.ancestors:
        if head.i == root.i:
            break
        heads.append(head)
    else:
        return [*out, "outside_clause"]
    if any(h.pos_ == "NOUN" and noun_entry(h) is not None for h in heads):
        out.append("via_event_noun")
    out.append(f"depth={min(len(heads), 3)}")
    return out


def features(opt: Option, known: list[str], where: list[str] = ()) -> list[str]:
    """An option's features: where it comes from (alone and in pairs) crossed with what is known of the
    event (:func:`context`), and where its mentions stand to the event's word (:func:`grammar`) crossed
    with the event type and the rules' actor. (Crossing the grammar with every context, or dropping the
    pairs, scored no better in a 5-fold cross-validation by happening over train and dev.)"""
    flags = sorted(opt.features)
    if opt.ref is not None and opt.ref.sector:
        flags.append(f"sector={opt.ref.sector}")
    flags += [f"{a}+{b}" for i, a in enumerate(flags) for b in flags[i + 1:] if "=" not in a + b]
    out = [f"sources={len(opt.features)}"]
    for flag in flags:
        out.append(flag)
        out += [f"{flag}|{c}" for c in known]
    for flag in (f"at:{w}" for w in where):
        out.append(flag)
        out += [f"{flag}|{c}" for c in known if c.startswith(("type=", "rule_"))]
    return out


def score(weights: dict[str, float], feats: list[str]) -> float:
    """The option's probability of being the gold country (logistic)."""
    z = weights.get("__bias__", 0.0) + sum(map(weights.get, feats, repeat(0.0)))  # the same sum, no generator
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _reciprocal(events: list[Event]) -> set[int]:
    """Positions of the events one word codes both ways ("X and Y met": X->Y and Y->X)."""
    seen = {(ev.evidence.start, ev.type, ev.source.country if ev.source else None,
             ev.target.country if ev.target else None) for ev in events}
    return {i for i, ev in enumerate(events) if ev.source and ev.target and ev.source.country != ev.target.country
            and (ev.evidence.start, ev.type, ev.target.country, ev.source.country) in seen}


def choose(doc: Doc, ev: Event, role: str, other: ActorRef | None, weights: dict[str, float],
           reciprocal: bool, doers: frozenset[tuple[str, str]] = frozenset()) -> ActorRef | None:
    """The role's actor: the best-scored option (ties: the rules' own)."""
    rule = getattr(ev, role)
    if rule is not None and rule.country and _agent(doc, rule):
        return rule  # "Palestinians imprisoned by Israel": the text names the doer, no model overrules it
    if role == "source" and rule is not None and rule.country and rule.end <= _sentence_start(doc, ev):
        return rule  # the doer of the attack just reported (context.inherit_doers), named before this sentence
    if rule is not None and rule.sector in _STATELESS and rule.country is None:
        return rule  # "the UN", "the EU", "NATO": of no country (ANNOTATION.md), whatever the article's
    if rule is not None and _many(doc, rule) and not _named(doc, rule):
        # "fifteen countries signed", "the two presidents": many parties, of no one country (not even the
        # one a coreference or the sentence lent them); "Palestinian leaders" keep theirs
        return dataclasses.replace(rule, country=None, actor_id=None) if rule.country else rule
    if role == "target" and _condemns_attack(doc, ev):
        return rule  # "condemned the bombing of U.S. embassies": the bomber named, else no one
    known = context(doc, ev, role, reciprocal, other)
    best = max(options(doc, ev, role, other, doers),
               key=lambda o: (score(weights, features(o, known, where(doc, ev, o))), "rule" in o.features))
    if "rule" in best.features or best.country is None:
        return rule if "rule" in best.features else None
    if _swaps_for_other(rule, best.country, other):
        return rule
    if rule is not None and rule.country is None and (rule.sector is not None or _named(doc, rule)):
        # the rules' actor with no country of its own ("the opposition party", a person the KB does not
        # know): it stays, with the country (not "martial law", a phrase the rules took for a doer)
        return dataclasses.replace(rule, country=best.country, confidence=IMPLIED_CONFIDENCE)
    ref = best.ref
    if ref is not None and ref.country == best.country and not _same_mention(ref, other):
        return dataclasses.replace(ref, confidence=round(min(ref.confidence, 0.5), 3))
    # the country itself: a president declaring martial law does it to his country, not to himself
    mention = next((m for m in (best.mention, ref) if m is not None and not _same_mention(m, other)), None)
    return _implied(doc, best.country, mention, ev.evidence.start)


def _swaps_for_other(rule: ActorRef | None, country: str | None, other: ActorRef | None) -> bool:
    """The model would replace the rules' actor, of a country, by the other role's own country ("Israel
    struck Gaza" -> Israel to itself): the grammar's actor stays (the rules were right 5 times of 7, the
    model once, out of fold)."""
    return rule is not None and bool(rule.country) and other is not None and country == other.country


def _no_recipient(ev: Event, source: ActorRef | None, target: ActorRef | None) -> bool:
    """A meeting of many (a summit: not its host city) or, no visit and no call, of people of one country
    ("the president met with Sununu"): a reciprocal event, coded with no recipient (ANNOTATION.md)."""
    if ev.type != "CONSULT" or target is None:
        return False
    return ev.mode == "multilateral" or ev.mode is None and source is not None and source.country is not None \
        and source.country == target.country


def _talks_between(doc: Doc, ev: Event, source: ActorRef | None, target: ActorRef | None) -> bool:
    """A meeting, call or negotiation (no visit: the host is its recipient) between parties of two
    countries ("Blinken spoke with Abbas", "meeting with Kenya's trade minister"): one reciprocal event of
    both, with no recipient and no common country (ANNOTATION.md, manual 2.4.2); not an announced meeting
    (AGREE, future), not telling or briefing someone."""
    if (ev.plover_type or ev.type) != "CONSULT" or ev.mode in ("visit", "multilateral") or source is None \
            or target is None or not source.country or not target.country or source.country == target.country:
        return False
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    words = joint_talk_words()
    return span is not None and any(t.lemma_.lower() in words or t.lower_ in words for t in span)


def _sentence_start(doc: Doc, ev: Event) -> int:
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    return span.sent.start_char if span is not None else ev.evidence.start


def _condemns_attack(doc: Doc, ev: Event) -> bool:
    """An ACCUSE whose object is an attack: the rules (:func:`recipients.condemned_attack`) name its doer
    or no one, and the country the article is about is not who is accused of it."""
    if ev.type != "ACCUSE":
        return False
    span = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
    return span is not None and condemned_attack(span.root) is not None


def _agent(doc: Doc, ref: ActorRef) -> bool:
    """The actor is the "by" phrase of a passive ("imprisoned by Israel", "was attacked by rebels")."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "pobj" and span.root.head.dep_ == "agent"


def _many(doc: Doc, ref: ActorRef) -> bool:
    """The phrase's head is a plural of many parties ("Fifteen countries spanning the region", "the two
    presidents", ``roles.yaml`` many_parties)."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span is not None and span.root.lower_ in many_parties()


def _named(doc: Doc, ref: ActorRef) -> bool:
    """The phrase holds a name (a person, an organisation, a people, a place)."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ in ACTOR_LABELS for t in span)


def _same_mention(ref: ActorRef | Place, other: ActorRef | None) -> bool:
    return other is not None and ref.start < other.end and other.start < ref.end


def _article(doc: Doc) -> bool:
    """An article, not a sentence or two: only an article tells what country it is about, and what its
    other sentences say is what the model learned from (a lone sentence keeps the rules' actors)."""
    return len(list(islice(doc.sents, MIN_SENTENCES))) >= MIN_SENTENCES


def _key(ref: ActorRef) -> str:
    return ref.actor_id or f"{ref.start}:{ref.text}"


def mirrors(events: list[Event]) -> dict[int, int]:
    """The second event of each pair one word codes both ways ("X and Y met": X->Y and Y->X), by
    position, mapped to the first's position."""
    first: dict[tuple, int] = {}
    out: dict[int, int] = {}
    for i, ev in enumerate(events):
        if ev.source is None or ev.target is None:
            continue
        mirror = (ev.evidence.start, ev.type, _key(ev.target), _key(ev.source))
        if mirror in first:
            out[i] = first[mirror]
        else:
            first.setdefault((ev.evidence.start, ev.type, _key(ev.source), _key(ev.target)), i)
    return out


def _joint(doc: Doc, parties: list[ActorRef], ev: Event) -> Event:
    """The one event of a reciprocal act (ANNOTATION.md, manual 2.4.2): all parties are its source, of
    their common country (none when they differ), and there is no recipient."""
    parties = sorted(parties, key=lambda r: (r.start, r.end))
    start, end = parties[0].start, max(r.end for r in parties)
    countries = {r.country for r in parties}
    country = next(iter(countries)) if len(countries) == 1 else None
    ids = {r.actor_id for r in parties}
    source = ActorRef(start=start, end=end, text=doc.text[start:end],
                      name=" and ".join(dict.fromkeys(r.name or r.text for r in parties)),
                      actor_id=next(iter(ids)) if len(ids) == 1 else ("c:" + country if country else None),
                      country=country, sector=parties[0].sector if len({r.sector for r in parties}) == 1 else None,
                      confidence=round(min(r.confidence for r in parties), 3))
    return _recoded(doc, ev, source, None)


def _recoded(doc: Doc, ev: Event, source: ActorRef | None, target: ActorRef | None) -> Event:
    """The event with these actors and the id they give it."""
    if source is ev.source and target is ev.target:
        return ev
    article_id = doc._.article.id if doc._.article is not None else ""
    keys = [(a.actor_id or a.text) if a is not None else None for a in (source, target)]
    return dataclasses.replace(ev, source=source, target=target,
                               id=record_id(article_id, "event", ev.type, ev.evidence.start, *keys))


def _first(refs) -> ActorRef | None:
    found = sorted((r for r in refs if r is not None), key=lambda r: (r.start, r.end))
    return found[0] if found else None


def one_per_word(doc: Doc, events: list[Event]) -> list[tuple[Event, bool]]:
    """The events, one per event word and type (ANNOTATION.md: a compound actor is one event), each with
    whether its actors are settled: the pairs a reciprocal word codes both ways ("X and Y met") are one
    joint event (:func:`_joint`, settled); the events of coordinated parties ("Yeltsin and Kuchma called
    for", "accused Bin Laden and Kopp") one event of the first-named source and target."""
    pairs = mirrors(events)
    groups: dict[tuple, list[int]] = {}
    for i, ev in enumerate(events):
        groups.setdefault((ev.evidence.start, ev.evidence.end, ev.type), []).append(i)
    out = []
    for idx in groups.values():
        group = [events[i] for i in idx]
        if any(i in pairs for i in idx):
            parties = {_key(r): r for ev in group for r in (ev.source, ev.target) if r is not None}
            out.append((_joint(doc, list(parties.values()), group[0]), True))
        elif len(group) == 1:
            out.append((group[0], False))
        else:
            source = _first(ev.source for ev in group)
            target = _first(t for t in (ev.target for ev in group) if t is not None and not _same_mention(t, source))
            out.append((_recoded(doc, group[0], source, target), False))
    return out


def chosen_actors(doc: Doc, events: list[Event], model: dict[str, dict[str, float]] | None = None) -> list[Event]:
    """The events, one per event word (:func:`one_per_word`), with the source and target the model
    (default: the shipped one) prefers (unchanged when no model is shipped)."""
    model = load_model() if model is None else model
    if not model or not events or not _article(doc):
        return events
    merged = one_per_word(doc, events)
    events = [ev for ev, _ in merged]
    reciprocal = _reciprocal(events)
    doers = named_doers(events)
    out = []
    for i, (ev, settled) in enumerate(merged):
        if settled:
            out.append(ev)
            continue
        source = choose(doc, ev, "source", ev.target, model["source"], i in reciprocal, doers)
        target = choose(doc, ev, "target", source, model["target"], i in reciprocal, doers)
        if _talks_between(doc, ev, source, target):
            out.append(_joint(doc, [source, target], ev))
            continue
        if _no_recipient(ev, source, target):
            target = None
        out.append(_recoded(doc, ev, source, target))
    return out
