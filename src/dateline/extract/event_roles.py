"""Source and target of an event from the dependency tree, resolved to actors.

Verbs: the subject is the source, the object the target; passives swap in the "by" agent and
the passive subject; clauses without a subject inherit it from the clause they hang off
("rejected ..., vowing to continue", "agreed to cooperate"). Nominal events: a possessive,
a demonym adjective or a name compound is the source ("Hamas' rampage", "the Israeli
offensive"), "on/against/into X" the target. With no recipient on the event word itself, the
target is looked for further down, in order: complement clauses ("demanded that Hamas renounce",
"threatened to cut off power to X"; side clauses of time or cause are skipped), "against X" in
the clause, prepositions, possessors and "by" doers inside its nouns ("a suspension of links with
Serbia"), and last the place of an embedded act ("resume attacks in Israel", see
``locative_targets``). An ACCUSE with no one accused directly targets the doer of the act it
is about (``accused_agent``). Phrases resolve through the actors stage
(``dateline.extract.actors.resolve_phrase`` / ``actor_at``) when it is installed, else
through a small fallback (a place name's country).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from dateline.extract.places import lookup
from dateline.model import ActorRef

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
TARGET_PREPS = ("against", "on", "with", "to", "toward", "towards", "into", "at", "from", "over", "upon", "for",
                "between")
_RELATIVE = ("that", "which", "who", "whom")
_QUANTITY_NOUNS = frozenset({"score", "dozen", "hundred", "thousand", "million", "number", "group", "some", "many",
                             "most", "all", "several", "one", "two", "three", "dozens", "hundreds", "thousands"})
RESOURCE = Path(__file__).resolve().parents[1] / "resources" / "events" / "roles.yaml"


@lru_cache(maxsize=1)
def generic_agents() -> frozenset[str]:
    """Group nouns that name no one by themselves ("delegation", "officials")."""
    return frozenset(yaml.safe_load(RESOURCE.read_text(encoding="utf-8"))["generic_agents"])


def _resolver():
    try:
        from dateline.extract import actors
    except ImportError:  # the actors stage is optional: fall back to place names
        return None, None
    return getattr(actors, "resolve_phrase", None), getattr(actors, "actor_at", None)


def phrase(tok: Token) -> Span:
    """The noun phrase headed by ``tok``: its left modifiers plus "of" complements, no clauses."""
    doc = tok.doc
    start = tok.left_edge.i
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == end:
            end = child.right_edge.i + 1
        elif child.dep_ == "prep" and child.lower_ in ("in", "from") and child.i == end and _names_place(child) \
                and not _has_demonym(tok):
            end = child.right_edge.i + 1  # "rebels in the Ivory Coast", "officials from Kenya"
        elif child.dep_ in ("compound", "case") and child.i == end:
            end = child.i + 1
        else:
            break
    while start < tok.i and doc[start].dep_ in ("det", "punct", "cc", "predet") and doc[start].ent_type_ == "":
        start += 1
    return doc[start:end]


def _has_demonym(tok: Token) -> bool:
    """``tok`` carries its own nationality ("Albanian rebels in Macedonia" are Albanian)."""
    return any(c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE") and _country_word(c.text)
               for c in tok.children)  # a religion ("Christian missionary from Calgary") is no nationality


def _names_place(prep: Token) -> bool:
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objs) and objs[0].ent_type_ in ("GPE", "LOC") and objs[0].right_edge.i - prep.i <= 4


def _country_word(text: str) -> str | None:
    """ISO3 of a country name or demonym: the knowledge base when installed, else the gazetteer."""
    try:
        from dateline.kb import get_kb

        found = get_kb().country_of(text)
    except ImportError:
        found = None
    entry = lookup(text) if found is None else None
    return found or (entry.country if entry else None)


def _fallback(span: Span) -> ActorRef | None:
    for ent in span.ents:
        if ent.label_ in ACTOR_LABELS:
            country = _country_word(ent.text)
            return ActorRef(start=span.start_char, end=span.end_char, text=span.text,
                            name=ent.text, country=country, confidence=0.4)
    return None


def resolve(doc: Doc, tok: Token) -> ActorRef | None:
    """The actor for the phrase headed by ``tok`` (None for non-actors like "the plan"); cached per Doc."""
    cache = doc.user_data.setdefault("dateline_events_actors", {})
    if tok.i not in cache:
        cache[tok.i] = _resolve(doc, tok)
    return cache[tok.i]


def _could_be_actor(span: Span) -> bool:
    """Cheap filter before the full resolution: a name, a pronoun or a title/group noun in the phrase."""
    if any(t.ent_type_ or t.pos_ in ("PROPN", "PRON") for t in span):
        return True
    try:
        from dateline.kb import get_kb
    except ImportError:
        return True
    kb = get_kb()
    return any(kb.title_sector(t.lemma_) or kb.title_sector(t.text) for t in span if t.pos_ in ("NOUN", "ADJ"))


def _resolve(doc: Doc, tok: Token) -> ActorRef | None:
    span = phrase(tok)
    resolve_phrase, actor_at = _resolver()
    ref = actor_at(doc, span.start_char, span.end_char) if actor_at is not None else None
    if resolve_phrase is not None and (ref is None or ref.country is None) and _could_be_actor(span):
        ref = resolve_phrase(doc, span) or ref
    elif ref is not None:
        ref = ActorRef(start=span.start_char, end=span.end_char, text=span.text, actor_id=ref.actor_id,
                       name=ref.name, country=ref.country, sector=ref.sector, confidence=ref.confidence)
    return ref if ref is not None else _fallback(span)


def _is_passive(verb: Token) -> bool:
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "Palestinians imprisoned by Israel"
        return True
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _subject_token(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
    return None


def stance_subject(verb: Token) -> Token | None:
    """The passive subject of an adjectival passive with no agent ("Serb forces were engaged in ...")."""
    if not _is_passive(verb) or any(c.dep_ == "agent" for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The source token of a verbal event: subject, "by" agent, or inherited from the governing clause."""
    if _is_passive(verb):
        for child in verb.children:
            if child.dep_ == "agent":
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
        return None
    if verb.dep_ == "acomp":  # "Israel is opposed to ...", "X is prepared to ...": a stance of the subject
        return _subject_token(verb.head)
    subj = _subject_token(verb)
    if subj is not None:
        return subj
    if depth < 3 and verb.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acomp") and verb.head is not verb:
        head = verb.head.head if verb.dep_ == "pcomp" else verb.head
        return subject_of(head, depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ != "VBN":
        return verb.head
    if depth < 3 and verb.dep_ in ("relcl", "acl") and any(c.lower_ == "to" for c in verb.children):
        # "converging for a rally to protest ...": the purpose clause's doer is the main clause's subject
        head = next((a for a in verb.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
        return subject_of(head, depth + 1) if head is not None else None
    return None


def _pobjs(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    out = []
    for child in tok.children:
        if child.dep_ in ("prep", "prt", "dative") and child.lower_ in preps:
            out.extend(g for g in child.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME"))
    return out


def target_candidates(verb: Token) -> list[Token]:
    """Possible targets of a verbal event, best first: objects, passive subject, target prepositions,
    then prepositions on the object ("provide aid to refugees")."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [verb.head]  # the participle's noun is its patient
    children = list(verb.children)
    out = [c for c in children if c.dep_ in ("dative", "iobj")]
    out += [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
    for prt in (c for c in children if c.dep_ == "prt" and c.lower_ == "up"):  # "kidnapped up to 16 advisers"
        out += _pobjs(prt, ("to",))
    out += _pobjs(verb, TARGET_PREPS)
    for obj in [c for c in children if c.dep_ == "dobj"]:
        out += _pobjs(obj, TARGET_PREPS + ("for", "between"))
    return out


def object_of(verb: Token) -> Token | None:
    """The first target candidate of a verbal event (an actor or not)."""
    found = target_candidates(verb)
    return found[0] if found else None


def is_actor(doc: Doc, tok: Token) -> bool:
    """Cheap test: is the phrase's head an actor (of the actors stage, or a name), or owned by a named one
    ("Hamas' terms")? A pronoun possessive is not enough ("their homes")."""
    _, actor_at = _resolver()
    if tok.ent_type_ in ACTOR_LABELS:
        return True
    if actor_at is not None and actor_at(doc, tok.idx, tok.idx + len(tok)) is not None:
        return True
    if any(c.dep_ in ("poss", "compound", "amod", "nmod") and c.ent_type_ in ACTOR_LABELS for c in tok.children):
        return True
    if tok.pos_ in ("NOUN", "PROPN") and any(t.ent_type_ in ACTOR_LABELS for t in phrase(tok)):
        ref = resolve(doc, tok)  # a coded group with no name of its own ("the Taliban religious faction")
        if ref is not None and (ref.country or ref.sector in ("IGO", "NGO")):
            return True
    # "scores of Liberian refugees", "dozens of civilians": the counted group
    return any(is_actor(doc, g) for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj" and tok.lemma_.lower() in _QUANTITY_NOUNS)


def noun_source(noun: Token) -> Token | None:
    """The actor of a nominal event: possessive, demonym/name modifier, or "by" object."""
    for child in noun.children:
        if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her", "our", "my", "your"):
            return child
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ACTOR_LABELS:
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def noun_agent(noun: Token) -> Token | None:
    """The doer of a nominal event whose possessive is its patient: a demonym/name modifier or "by X"."""
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ACTOR_LABELS:
            return child
    found = _pobjs(noun, ("by",))
    return found[0] if found else None


def noun_target(noun: Token, topic: bool = False) -> Token | None:
    """The target of a nominal event: "on/against/into X" (not a date); for an absorbed topic noun
    also "of X" and "from X" ("the removal of President X", "support from the Assembly")."""
    preps = ("on", "against", "into", "with", "toward", "towards", "at", "between", "to", "for")
    found = _pobjs(noun, preps + (("of", "from") if topic else ()))
    return found[0] if found else None


def actor_in(doc: Doc, tok: Token) -> ActorRef | None:
    """An actor for ``tok``'s phrase, else the first actor named inside it ("Hamas' terms" -> Hamas)."""
    inner = _of_actor(doc, tok)
    if inner is not None:
        return inner
    ref = resolve(doc, tok)
    if ref is not None and ref.country:
        return ref
    for child in tok.children:  # an apposed name: "the Federal Minister for Interior, Aftab Sherpao"
        if child.dep_ == "appos":
            named = resolve(doc, child)
            if named is not None and named.country:
                return named
    if ref is not None:
        return _with_place_country(doc, tok, ref)
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "nmod", "amod") and child.ent_type_ in ACTOR_LABELS:
            return resolve(doc, child)
        if child.dep_ == "prep" and child.lower_ in ("of", "by", "from"):  # "doctors from two American aid groups"
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs and any(t.ent_type_ in ACTOR_LABELS for t in phrase(objs[0])):
                found = resolve(doc, objs[0])
                if found is not None:
                    return found
    return None


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens coordinated with it ("the United States and Jordan")."""
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i and c.pos_ in ("NOUN", "PROPN", "PRON")]]


def first_actor(tok: Token) -> Token | None:
    """The first named actor inside ``tok``'s phrase ("the toll from Israel's offensive" -> Israel)."""
    for sub in tok.subtree:
        if sub.ent_type_ in ACTOR_LABELS:
            return sub
    return None


def organisation_of(doc: Doc, person: Token) -> ActorRef | None:
    """The organisation or country named in a person's phrase ("Hamas official Osama Hamdan" -> Hamas),
    from the knowledge base when it is installed; else the person's own country code."""
    span = phrase(person)
    for ent in span.ents:
        if ent.label_ in ("ORG", "NORP", "GPE") and not (ent.start <= person.i < ent.end):
            found = _kb_actor(doc, ent)
            if found is not None:
                return found
    ref = resolve(doc, person)
    if ref is None or not ref.country:
        return None
    return ActorRef(start=ref.start, end=ref.end, text=ref.text, country=ref.country, sector=ref.sector,
                    confidence=ref.confidence)


def _kb_actor(doc: Doc, ent: Span) -> ActorRef | None:
    try:
        from dateline.kb import get_kb
    except ImportError:
        return None
    kb = get_kb()
    hits = kb.lookup(ent.text)
    date = doc._.article.date if doc._.article is not None else None
    if hits:
        country, sector = kb.code(hits[0].id, date)
        return ActorRef(start=ent.start_char, end=ent.end_char, text=ent.text, actor_id=hits[0].id,
                        name=hits[0].name, country=country, sector=sector, confidence=0.8)
    country = kb.country_of(ent.text)
    if country:
        return ActorRef(start=ent.start_char, end=ent.end_char, text=ent.text, country=country, confidence=0.6)
    return None


_CLAUSES = ("xcomp", "ccomp", "advcl", "acl")
# Subordinators of a side clause (time, cause, contrast): its actors are not the event's recipient
# ("expelled inspectors ... after U.S. officials alleged"); "if"/"unless" stay (a threat's condition).
_SIDE_MARKS = frozenset({"as", "while", "after", "before", "since", "when", "because", "although", "though",
                         "whereas", "whilst", "once"})


def clause_targets(verb: Token, depth: int = 0) -> list[Token]:
    """Targets carried by the complement clauses of ``verb`` (and of its object noun), best first: an
    embedded clause's own subject ("demanded that Hamas renounce"), then its objects and target
    prepositions ("threatened to cut off electricity to X"), three levels deep at most ("is willing
    to send material to help defend X")."""
    out: list[Token] = []
    if depth > 2:
        return out
    heads = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "attr")),
             *(g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj")]
    # a coordinated verb shares the subject and often names the recipient ("established ties with
    # and opened an embassy in Tehran")
    every = [c for h in heads for c in h.children if c.dep_ in _CLAUSES + ("conj",) and c.pos_ in ("VERB", "AUX")
             and (c.dep_ != "conj" or h is verb)]
    clauses = [c for c in every if not any(m.dep_ == "mark" and m.lower_ in _SIDE_MARKS for m in c.children)]
    for clause in clauses:
        if clause.dep_ != "conj":  # a coordinated clause's own subject is a second doer, not a recipient
            out += [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _RELATIVE]
        out += target_candidates(clause)
        out += clause_targets(clause, depth + 1)
    out += against_targets(verb)
    out += nested_targets(verb)
    return out


def locative_targets(verb: Token) -> list[Token]:
    """Last resort when no recipient is named: where the embedded act happens, nearest clause first
    ("threatened to resume attacks in Israel", "rejected a call for its forces to be deployed in
    East Timor"); the caller codes the place's country as the target."""
    heads = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "attr"))]
    every = [c for h in heads for c in h.children if c.dep_ in _CLAUSES + ("conj",) and c.pos_ in ("VERB", "AUX")
             and (c.dep_ != "conj" or h is verb)]
    out: list[Token] = []
    for clause in every:
        for head in (clause, *(c for c in clause.children if c.dep_ == "dobj")):
            out += [t for t in _pobjs(head, ("in", "inside")) if t.ent_type_ in ("GPE", "LOC")]
    out += [t for t in verb.subtree if t.dep_ == "pobj" and t.head.lower_ in ("in", "inside")
            and t.ent_type_ in ("GPE", "LOC") and t.i > verb.i]
    return out


def _with_place_country(doc: Doc, tok: Token, ref: ActorRef) -> ActorRef:
    """A group with no code of its own takes the country of the place in its phrase ("a Christian
    missionary from Calgary" -> CAN); an IGO (sector set, no country) stays as it is."""
    if ref.country or ref.sector in ("IGO", "NGO"):
        return ref
    for ent in phrase(tok).ents:
        if ent.label_ in ("GPE", "LOC"):
            country = _country_word(ent.text)
            if country:
                return ActorRef(start=ref.start, end=ref.end, text=ref.text, actor_id=ref.actor_id,
                                name=ref.name, country=country, sector=ref.sector,
                                confidence=round(ref.confidence * 0.8, 3))
    return ref


def against_targets(verb: Token) -> list[Token]:
    """"against X" anywhere in the clause of ``verb`` (not inside another clause): the opponent of a
    nominal act it governs ("mobilized reservists for a possible war against Iraq")."""
    out: list[Token] = []
    stack = [c for c in verb.children if c.dep_ not in _CLAUSES + ("relcl", "conj")]
    while stack:
        tok = stack.pop(0)
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound", "pcomp", "acl"):
            continue  # a gerund or participle stays in the phrase ("capable of launching war against X")
        if tok.dep_ == "prep" and tok.lower_ == "against":
            out += [g for g in tok.children if g.dep_ == "pobj"]
        stack += [c for c in tok.children if c.dep_ not in ("relcl", "acl")]
    return out


def _of_actor(doc: Doc, tok: Token) -> ActorRef | None:
    """The actor of a wrapper noun's "of" complement: "the resignation of President X", "the welfare of
    2,000 Libyans" are about X and the Libyans (a title or group noun is no wrapper: "leader of X")."""
    if tok.pos_ != "NOUN" or tok.ent_type_ or _is_title(tok):
        return None
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            if is_actor(doc, obj):
                ref = resolve(doc, obj)
                if ref is not None and (ref.country or ref.sector):
                    return ref
    return None


def _is_title(tok: Token) -> bool:
    try:
        from dateline.kb import get_kb
    except ImportError:
        return False
    kb = get_kb()
    return bool(kb.title_sector(tok.lemma_) or kb.title_sector(tok.text)) or tok.lemma_.lower() in _QUANTITY_NOUNS


_NESTED_PREPS = ("with", "on", "to", "toward", "towards", "into", "from", "at")


def nested_targets(verb: Token) -> list[Token]:
    """Recipients inside the nouns of ``verb``'s own clause, nearest first: a preposition on a nominal
    act ("a suspension of air links with Serbia", "demands from UNITA"), then a named possessor
    ("in protest of the Russian government's refusal"), then a "by" doer ("violations by Algerian
    security forces"). Other clauses are not entered."""
    found: dict[str, list[Token]] = {"prep": [], "poss": [], "by": []}
    queue = [c for c in verb.children if c.dep_ not in _CLAUSES + ("relcl", "conj", "nsubj", "nsubjpass")]
    while queue:
        tok = queue.pop(0)
        if tok.pos_ in ("VERB", "AUX") and not (tok.dep_ == "acl" and tok.tag_ == "VBN"):
            continue  # a participle stays in its noun's phrase ("a bill signed by the minister")
        if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
            found["by"].append(tok)
        if tok.dep_ == "poss" and tok.pos_ != "PRON":
            found["poss"].append(tok)
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            prep = tok.head.lower_
            if prep in _NESTED_PREPS and tok.head.head is not verb and tok.ent_type_ not in ("DATE", "TIME"):
                found["prep"].append(tok)
            elif prep == "by" and tok.head.head.pos_ == "NOUN":
                found["by"].append(tok)
        queue += [c for c in tok.children if c.dep_ != "relcl" and (c.dep_ != "acl" or c.tag_ == "VBN")]
    return found["prep"] + found["poss"] + found["by"]


_ACT_PREPS = ("over", "about", "for", "of", "into", "against", "on")


def accused_agent(verb: Token) -> Token | None:
    """The doer of the act an ACCUSE event is about: "investigating crimes by Croatian extremists",
    "an investigation into crimes committed by Croat forces", "complained ... over Israeli air raids"."""
    queue = [c for c in verb.children if c.dep_ in ("dobj", "prep")]
    while queue:
        tok = queue.pop(0)
        if tok.dep_ in ("agent", "prep") and tok.lower_ == "by":
            objs = [g for g in tok.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
        if tok.pos_ == "NOUN" and (tok.dep_ == "dobj" or tok.head.lower_ in _ACT_PREPS):
            named = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in ACTOR_LABELS]
            if named and tok.lemma_.lower() not in _QUANTITY_NOUNS:
                return named[0]
        if tok.pos_ in ("VERB", "AUX") and not (tok.dep_ == "acl" and tok.tag_ == "VBN"):
            continue
        queue += [c for c in tok.children if c.dep_ in ("prep", "pobj", "agent", "acl", "dobj")]
    return None
