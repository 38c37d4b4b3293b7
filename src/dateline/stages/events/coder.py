"""Stage 6: PLOVER events — who did what to whom, when, where, how many, and how sure.

For each sentence, :func:`dateline.stages.events.triggers.triggers_in` finds the events (verbs,
event nouns with an actor, complements absorbed by intent/request/reject verbs). Each event
then gets its source and target actors from the dependency tree (``event_parties``, over
``event_roles``), one event per (source, target) pair of a coordinated phrase, bounded by
``event_parties.MAX_PAIRS`` (a summit of 20 leaders is one multilateral CONSULT); its modality
(``event_modality``); its date from the time stage (``date_of``; ``date_resolved`` is False when
it fell back to the article date); its place (``location.place_for``); the counts of people
affected in its sentence for violent and coercive events (``quantities.counts_in``); the quote
it sits in; and the CAMEO root and Goldstein score of its PLOVER coding.

``Event.type`` is what happens; ``Event.plover_type`` is the single PLOVER category the manual
codes for the report (sections 2.3, 3.1, 3.4, 3.7): a future cooperative action is AGREE
("will visit"), a future retreat CONCEDE, a future hostile action THREATEN, and a negated
cooperative action REJECT ("will not accept").

Coding conventions where the text names no one: with no named recipient, the event's place
stands for it ("lifted a curfew in Montenegro" -> MNE); an ASSAULT with no named doer but a
place gets "unidentified attackers" of that place's country (sector UAF, CAMEO's "unidentified
armed forces"); an event with neither actors,
place nor counts is kept at 0.4 x its confidence; a disaster as subject ("the earthquake
killed ...") codes nothing. Groups named only by their kind ("arrested dozens of protesters"),
things sent, own forces, uncoded entities and capitals hit follow ``event_targets``; "received
aid from X" makes X the source and the receiver the target. A passive with no "by" doer takes
the doer of the event noun it happened in ("killed in an Israeli airstrike", "during a
confrontation with Chinese troops"), never the speaker reporting it ("the ministry says 250
rebels were killed"); a legal or coercive passive placed in a country ("was arrested in Peru")
is done by that country's authorities (GOV, confidence 0.3), as the PLOVER gold codes it.

Text that is no news (headlines in capitals, photo captions, site boilerplate) and accidental
explosions code nothing (``event_filters``); a doer can change what a word codes ("warplanes
raided" is an ASSAULT, "strikes" by a state are attacks, a blockade by soldiers is a COERCE:
``event_retype``); a killing with no doer named takes the doer of the attack reported just
before it on the same victims (``event_context``). An event with nobody, nowhere and no one
counted that is embedded as well is not coded.

Two trained models decide (rules propose, models decide): the type model (``decision.py``) types each
candidate (``candidates.py``: the rule triggers, lexicon words the rules left, patterns of
``patterns.tsv``) and the rules above build an event from each one it keeps; the acceptance model
(``acceptance.py``, applied by the stage's component) then gives each built event the probability that it
is right in type and span, which becomes ``Event.confidence``, and drops those under the stage's
``min_probability``. The rules' own score (``_confidence``: verbal events above nominal ones, resolved
actors up, embedding down) is one of its features. ``Event.provenance`` says what coded the event:
``rule:<role>:<word>`` when the type model kept the rule's coding, ``pattern:<id>``, or
``model:event_model``.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Span, Token

from dateline.model import ActorRef, Event, Place, record_id
from dateline.model import Span as EvSpan
from dateline.stages.events import parties as P
from dateline.stages.events import recipients, roles
from dateline.stages.events import targets as targets_
from dateline.stages.events.acceptance import event_features
from dateline.stages.events.cameo import to_cameo
from dateline.stages.events.candidates import Candidate, candidates_in
from dateline.stages.events.dates import event_date
from dateline.stages.events.decision import MODEL_FILE, Decision, decide
from dateline.stages.events.filters import accident, no_news
from dateline.stages.events.lexicon import COOPERATIVE, HOSTILE, cues, instruments, lemma
from dateline.stages.events.location import place_for
from dateline.stages.events.modality import conditional, modality, reported
from dateline.stages.events.quantities import counts_in
from dateline.stages.events.retype import retyped
from dateline.stages.events.triggers import Trigger, non_agents, threat_mode
from dateline.stages.quotes import quote_at

COUNT_TYPES = frozenset({"ASSAULT", "COERCE", "RETREAT", "AID", "SANCTION", "THREATEN"})
MODEL_NAME = MODEL_FILE.removesuffix(".json")
BARE = 0.4  # salience factor of an event with nobody, nowhere and no one counted


def plover_type(typ: str, modality_value: str, conditional: str | None = None) -> str:
    """The PLOVER manual's single category for an event type reported with this modality.

    A future or hypothetical action made conditional is a THREATEN when it is hostile or when
    the condition is "unless" ("will withdraw its force unless ...", "may halt mediation if ..."),
    a conditional offer stays an offer ("would meet the mediator if ...").
    """
    if conditional and modality_value in ("future", "hypothetical") and (
            conditional == "unless" or typ in HOSTILE or typ in ("SANCTION", "REJECT")):
        return "THREATEN"
    if typ == "RETREAT" and modality_value in ("future", "hypothetical"):
        return "CONCEDE"  # a release or withdrawal announced or offered ("would be released in exchange for")
    if modality_value == "future":
        if typ in ("CONSULT", "SUPPORT", "COOPERATE", "AID"):
            return "AGREE"
        if typ in HOSTILE - {"THREATEN"}:
            return "THREATEN"
    if modality_value == "negated" and typ in COOPERATIVE:
        return "REJECT"
    return typ


def _dct(doc: Doc) -> str | None:
    article = doc._.article
    return article.date if article is not None else None


def _evidence(doc: Doc, trig: Trigger, src: Token | None, tgt: Token | None) -> EvSpan:
    """The clause core: source phrase, auxiliaries and negation, the event word, its object or target."""
    anchor = trig.anchor
    sent = anchor.sent
    idx = [anchor.i, *(c.i for c in anchor.children if c.dep_ in ("aux", "auxpass", "neg"))]
    obj = tgt if tgt is not None else (None if trig.nominal else recipients.object_of(anchor))
    if src is not None and src.dep_ in ("amod", "compound", "nmod", "poss") and src.head.pos_ == "NOUN":
        src = src.head  # "killed in an Israeli airstrike": the whole noun, not its modifier
    for tok in (src, obj, trig.topic):
        if tok is not None and sent.start <= tok.i < sent.end:
            span = roles.phrase(tok)
            idx += [span.start, span.end - 1]
    span = doc[min(idx): max(idx) + 1]
    return EvSpan(span.start_char, span.end_char, span.text)


def embedding(tok: Token) -> int:
    """Clauses between the event and its sentence root, reported speech not counted."""
    speech = cues()["speech_lemmas"]
    return sum(1 for a in tok.ancestors if a.pos_ in ("VERB", "AUX") and lemma(a) not in speech)


def _confidence(trig: Trigger, source: ActorRef | None, target: ActorRef | None) -> float:
    score = 0.55 if trig.nominal else 0.7
    if source is not None and source.country:
        score += 0.1
    if target is not None and target.country:
        score += 0.05
    score -= 0.08 * min(embedding(trig.anchor), 4)
    if trig.anchor.dep_ in ("acl", "relcl"):
        score -= 0.15  # a participle or relative clause is background to the sentence's news
    return round(max(0.05, min(0.95, score)), 3)


# ASSAULT modes a weapon named in the sentence may replace (a verb's default, not a specific method).
_GENERIC_ASSAULT_MODES = {None, "firearms", "heavy-weapons", "aerial", "explosives"}


def _mode(trig: Trigger, coded: str) -> str | None:
    """The event's mode: the weapon named in its sentence for an assault ("killed in a car bomb
    explosion" -> explosives), the threatened action's for a THREATEN reduced from a future one."""
    if coded == "THREATEN" and trig.type != "THREATEN":
        return threat_mode(trig.type, trig.mode)
    if trig.type != "ASSAULT" or trig.mode not in _GENERIC_ASSAULT_MODES:
        return trig.mode
    table = instruments()
    hits = [table[t.lemma_.lower()] for t in trig.anchor.sent if t.lemma_.lower() in table]
    return max(hits, key=lambda h: h[1])[0] if hits else trig.mode


def _quote_id(doc: Doc, start: int) -> str | None:
    quote = quote_at(doc, start)  # by offset: a scan of every quote per event was quadratic
    return quote.id if quote is not None else None


def _key(ref: ActorRef | None) -> str | None:
    return None if ref is None else (ref.actor_id or ref.text)


def _names_someone(verb: Token) -> bool:
    """The verb's subject or object is a name or a pronoun ("He is accused of ...")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.pos_ in ("PRON", "PROPN") for c in verb.children)


def _origin(doc: Doc, place: Place) -> bool:
    """The place is where someone comes from ("from Moscow")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ == "from"


_AUTHORITY_TYPES = frozenset({"ACCUSE", "COERCE", "SANCTION"})


def _authorities_act(trig: Trigger, src_tok: Token | None, place: Place | None) -> bool:
    """A legal or coercive act in the passive with no doer, placed in a country (not a region:
    who arrests in the West Bank is not told by the place)."""
    return (src_tok is None and not trig.nominal and trig.type in _AUTHORITY_TYPES and roles.is_passive(trig.anchor)
            and place is not None and bool(place.country) and place.precision == "country")


def _firms_deal(trig: Trigger, sources: list[ActorRef | None]) -> bool:
    """A deal or offer about shares, stakes or businesses (``roles.yaml`` commerce_words) by doers none of
    whom has a country or a sector: firms, not political actors."""
    if any(s is not None and (s.country or s.sector) for s in sources):
        return False
    words = roles.role_words("commerce_words")
    return any(lemma(t) in words or t.lower_ in words for t in trig.anchor.subtree)


def _events_for(doc: Doc, trig: Trigger, sent_counts: list) -> list[Event]:
    article_id = doc._.article.id if doc._.article is not None else ""
    src_tok = P.source_token(trig)
    if src_tok is not None and lemma(src_tok) in non_agents():
        return []  # a disaster, not an actor's doing
    if trig.type == "ASSAULT" and accident(trig.anchor, src_tok):
        return []  # "the port explosion killed 190 people": an accident, no attack
    tgt_tok = P.target_token(doc, trig, src_tok)
    value, resolved = event_date(doc, trig)
    mod = modality(trig.anchor, value, resolved, _dct(doc))
    raw_sources = P.sources_of(doc, trig, src_tok)
    trig = retyped(trig, src_tok, raw_sources[0])
    coded = plover_type(trig.type, mod, conditional(trig.anchor))
    if mod == "negated" and lemma(trig.anchor) in roles.recipient_verbs():
        coded = trig.type  # "victims have yet to receive any aid": not given, no one rejected anything
    mode = _mode(trig, coded)
    cameo, goldstein = to_cameo(coded, mode)
    place = place_for(doc, trig.anchor) or (place_for(doc, trig.topic) if trig.topic is not None else None)
    if place is not None and trig.mode == "visit" and _origin(doc, place):
        place = None  # "visiting from Moscow": the visit is not in Moscow
    counts = list(sent_counts) if trig.type in COUNT_TYPES or coded in COUNT_TYPES else []
    if coded == "SANCTION":  # "expelled 23 Russians": diplomats sent home, no one displaced
        counts = [c for c in counts if c.kind != "displaced"]
    targets, tgt_tok = P.targets_of(doc, trig, src_tok, tgt_tok, place, coded)
    evidence = _evidence(doc, trig, src_tok, tgt_tok)
    sources = targets_.group_source(doc, src_tok, raw_sources, place, coded)
    if sources == [None] and trig.type == "ASSAULT" and place is not None and place.country:
        # an attack by nobody named ("a roadside bombing near Samarra killed ..."): unidentified
        # attackers in the place's country, as PLOVER/CAMEO coders code it (UAF: unidentified armed forces)
        sources = [ActorRef(start=place.start, end=place.end, text=place.text, name="unidentified attackers",
                            country=place.country, sector="UAF", confidence=0.3)]
    if sources == [None] and _authorities_act(trig, src_tok, place):
        # "a US national has been put under investigation in Italy": the country's authorities did it
        sources = [ActorRef(start=place.start, end=place.end, text=place.text, name=f"{place.name} authorities",
                            country=place.country, sector="GOV", confidence=0.3)]
    if trig.role == "visit" and (sources == [None] or sources[0].sector in ("CVL", "REF")):
        return []  # "aid continues to arrive", "refugees returned to their villages" are no visits
    if "visit" in (trig.role, trig.mode) and sources[0] is not None and sources[0].country is None \
            and sources[0].sector is None:
        return []  # "his daughter Yulia, who was visiting from Moscow": a private person's trip
    if coded == "AGREE" and _firms_deal(trig, sources):
        return []  # "RJR Nabisco agreed to sell its candy businesses to Nestle": no political actor
    if trig.type == "ACCUSE" and src_tok is None and sources == [None] and targets == [None] \
            and not _names_someone(trig.anchor):
        # "the blast has been blamed on the detonation of ...": blame with no one on either side. A doer the
        # KB does not know is still someone ("opponents of abortion condemned the shooting").
        return []
    # nobody, nowhere, no one counted ("victims were pulled from rubble", "the bombings happened minutes
    # apart"): built at a low salience; whether it stays the acceptance model decides, which sees all that
    bare = src_tok is None and targets == [None] and not counts and place is None
    out = []
    mutual = (tgt_tok is None or P.where_met(tgt_tok)) and P.reciprocal(trig) and \
        sum(s is not None for s in sources) >= 2
    pairs = P.mutual_pairs(sources) if mutual else P.pairs(sources, targets)
    many = len(sources) * (len(sources) - 1) if mutual else len(sources) * len(targets)
    if trig.type == "CONSULT" and many > P.MAX_PAIRS:
        mode = "multilateral"  # a meeting of many is one multilateral CONSULT
    for source, target in pairs:
        out.append(Event(
            id=record_id(article_id, "event", trig.type, evidence.start, _key(source), _key(target)),
            type=trig.type, evidence=evidence, mode=mode, context=list(trig.context),
            modality=reported(mod, trig.type, coded),
            source=source, target=target, date=value, date_resolved=resolved, location=place,
            counts=counts, quote_id=_quote_id(doc, evidence.start),
            confidence=round(_confidence(trig, source, target) * (BARE if bare else 1.0), 3),
            cameo=cameo, goldstein=goldstein,
            plover_type=coded,
        ))
    return out


def _retyped(cand: Candidate, typ: str) -> Trigger:
    """The candidate's trigger coding the type the model chose, with the mode of the source that proposed
    that type (none when no source did)."""
    trig = cand.trigger
    if typ == trig.type:
        return trig
    proposals = [(e.type, e.mode) for e in (cand.pattern, cand.lexicon) if e is not None]
    mode = next((m for t, m in proposals if t == typ), None)
    return dataclasses.replace(trig, type=typ, mode=mode)


def _provenance(cand: Candidate, trig: Trigger) -> str:
    """What produced the event: the rule when the model kept its coding, else the pattern or the model."""
    if cand.origin == "rule" and trig is cand.trigger:
        return f"rule:{trig.role}:{lemma(trig.anchor)}"
    if cand.pattern is not None and trig.type == cand.pattern.type:
        return f"pattern:{cand.pattern.id}"
    return f"model:{MODEL_NAME}"


def _decided(doc: Doc, sent: Span) -> list[tuple[Candidate, Decision]]:
    """The sentence's candidates the model keeps, with its decision on each."""
    out = []
    for cand in candidates_in(sent):
        decision = decide(doc, cand)
        if decision is not None:
            out.append((cand, decision))
    return out


def _built(doc: Doc, cand: Candidate, decision: Decision, counts: list) -> tuple[Trigger, list[Event]]:
    """The events of a kept candidate. A rule trigger is built as the rules code it first: when that
    already gives the model's type, or gives it once the manual reduces it (a future ASSAULT is the
    THREATEN the model saw), the rules' coding (its mode, its retyping by the doer) stands."""
    trig = cand.trigger
    if cand.origin == "rule":
        events = _events_for(doc, trig, counts)
        if decision.type == trig.type or any(decision.type in (ev.type, ev.plover_type) for ev in events):
            return trig, events
    trig = _retyped(cand, decision.type)
    return trig, _events_for(doc, trig, counts)


def _clause_heads(tok: Token) -> list[Token]:
    """The word's heads up to the verb of its clause ("airstrike" -> in -> killed; "bomb" -> attacks)."""
    out = []
    for head in tok.ancestors:
        out.append(head)
        if head.pos_ in ("VERB", "AUX"):
            break
    return out


def _repeats(trig: Trigger, rule: bool, kept: list[tuple[Trigger, bool]]) -> bool:
    """A word no rule coded that repeats a kept event of its type in its clause: the noun a coded verb
    happened in ("killed in an airstrike", "met for six hours of negotiations"), a modifier of the event
    noun ("bomb attacks"). One mention is one event; the rule's word, else the head, stays."""
    if rule:
        return False
    heads = _clause_heads(trig.anchor)
    for other, other_rule in kept:
        if other is trig or other.type != trig.type:
            continue
        if other.anchor in heads or (other_rule and trig.anchor in _clause_heads(other.anchor)):
            return True
    return False


def events_in(doc: Doc, sent: Span) -> list[tuple[Event, list[str]]]:
    """The events of one sentence, each with its features for the acceptance model: every candidate the
    type model keeps, built by the rules above (``acceptance.py`` decides which stay and how sure)."""
    if no_news(doc, sent):
        return []
    decided = _decided(doc, sent)
    if not decided:
        return []
    triggers = [c.trigger for c, _ in decided]
    sent_counts = counts_in(doc, sent)
    clauses = {id(t): {tok.i for tok in t.anchor.subtree} for t in triggers} if sent_counts else {}
    built = []
    for cand, decision in decided:
        counts = _own_counts(doc, cand.trigger, triggers, sent_counts, clauses)
        trig, events = _built(doc, cand, decision, counts)
        if events:
            built.append((cand, trig, decision, events))
    kept = [(trig, cand.origin == "rule") for cand, trig, _, _ in built]
    out = []
    for cand, trig, decision, events in built:
        if _repeats(trig, cand.origin == "rule", kept):
            continue
        provenance = _provenance(cand, trig)
        for ev in events:
            ev.provenance, ev.salience = provenance, ev.confidence
            feats = list(decision.features) + event_features(ev, decision, ev.confidence, len(events))
            out.append((ev, feats))
    return out


def _own_counts(doc: Doc, trig: Trigger, triggers: list[Trigger], counts: list,
                clauses: dict[int, set[int]] | None = None) -> list:
    """The sentence's counts that belong to this event: those in its own clause but not in a
    coordinated act's ("bombed ..., killing 11, while tanks shelled ..." gives the shelling none;
    "released two hostages and executed two others" the release two), and those in no event's clause."""
    if not counts:
        return []

    def clause(t: Trigger) -> set[int]:  # precomputed by the caller for a sentence's many triggers
        return set(clauses[id(t)]) if clauses and id(t) in clauses else {tok.i for tok in t.anchor.subtree}

    def token(count) -> int | None:
        span = doc.char_span(count.start, count.end, alignment_mode="expand")
        return span.root.i if span is not None else None

    own, others = clause(trig), [clause(t) for t in triggers if t is not trig and not t.nominal]
    # a coordinated act's own counts ("released two hostages and executed two others"), not this one's
    own -= {i for t in triggers if t is not trig and t.anchor.dep_ == "conj" and t.anchor.i in own
            and t.anchor.i != trig.anchor.i for i in clause(t)}
    out = []
    for count in counts:
        i = token(count)
        if i is None or i in own or not any(i in other for other in others):
            out.append(count)
    return out
