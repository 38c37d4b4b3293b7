"""Source and target tokens of an event from the dependency tree.

Verbs: the subject is the source, the object the target; passives swap in the "by" agent and
the passive subject; clauses without a subject inherit it from the clause they hang off
("rejected ..., vowing to continue", "agreed to cooperate"). Nominal events: a possessive,
a demonym adjective or a name compound is the source ("Hamas' rampage", "the Israeli
offensive"), "on/against/into X" the target. "with X's help" names an ally, never a target
(:func:`is_ally`); "X issued a declaration demanding" makes X the doer; "its troops" belong to
the nearest noun subject above (:func:`pronoun_owner`). Where a recipient is looked for beyond
the event word's own objects is :mod:`dateline.stages.events.recipients`; this module also holds
the word lists of ``resources/events/roles.yaml`` and the noun-phrase helpers both use.
:mod:`dateline.stages.events.actors` resolves the tokens' phrases to actors.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from dateline.knowledge.gazetteer import cues as place_cues
from dateline.knowledge.gazetteer import lookup
from dateline.knowledge.kb import kb_of
from dateline.knowledge.lexicon import role_words, roles_data  # noqa: F401 - roles_data: the events modules' reader
from dateline.stages.events.lexicon import noun_entry
from dateline.stages.syntax import QUANTITY_NOUNS, counted, objects  # noqa: F401 - shared with the events modules

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
TARGET_PREPS = ("against", "on", "with", "to", "toward", "towards", "into", "at", "from", "over", "upon", "for",
                "between", "among")
RELATIVE_PRONOUNS = ("that", "which", "who", "whom")


def generic_agents() -> frozenset[str]:
    """Group nouns that name no one by themselves ("delegation", "officials")."""
    return role_words("generic_agents")


def protester_nouns() -> frozenset[str]:
    """Protesters, demonstrators, crowds (``roles.yaml``): a state's forces act on their own country's."""
    return role_words("protester_nouns")


def aim_verbs() -> frozenset[str]:
    """Verbs whose event-noun subject has their object as its target (``roles.yaml``)."""
    return role_words("aim_verbs")


def hostage_nouns() -> frozenset[str]:
    """Hostages and captives (``roles.yaml``): held abroad, they take no country from where they are."""
    return role_words("hostage_nouns")


def control_verbs() -> frozenset[str]:
    """Verbs whose object does what their infinitive says ("led many people to defy", ``roles.yaml``)."""
    return role_words("control_verbs")


def victim_nouns() -> frozenset[str]:
    """Hostages, captives, victims (``roles.yaml``): as the subject of a bare participle, its patients."""
    return role_words("victim_nouns")


def member_nouns() -> frozenset[str]:
    """People and bodies around a person ("his party", "her lawyers"): not the person (``roles.yaml``)."""
    return role_words("member_nouns")


def many_parties() -> frozenset[str]:
    """Plurals naming many parties together ("fifteen countries", "the two presidents", ``roles.yaml``)."""
    return role_words("many_parties")


def unnamed_attackers() -> frozenset[str]:
    """Attackers the text does not identify ("terrorist", "gunman", ``roles.yaml``): no borrowed country."""
    return role_words("unnamed_attackers")


def adversary_nouns() -> frozenset[str]:
    """Nouns of someone's opponents: "his captors" are not of his country."""
    return role_words("adversary_nouns")


def ally_nouns() -> frozenset[str]:
    """Nouns of help: "with X's help" names an ally, not a target."""
    return role_words("ally_nouns")


def document_nouns() -> frozenset[str]:
    """Documents an actor issues ("a declaration demanding ...")."""
    return role_words("document_nouns")


def recipient_verbs() -> frozenset[str]:
    """Verbs whose subject is the recipient ("received aid from X")."""
    return role_words("recipient_verbs")


def transfer_verbs() -> frozenset[str]:
    """Verbs of sending: their object is what is sent ("sent troops to X")."""
    return role_words("transfer_verbs")


def reciprocal_words() -> frozenset[str]:
    """Verbs and nouns two coordinated subjects do to each other ("clashed", "agreed", "talks")."""
    return role_words("reciprocal_words")


def joint_talk_words() -> frozenset[str]:
    """Words of a meeting between parties ("spoke with", "met with", ``roles.yaml``): no recipient."""
    return role_words("joint_talk_words")


def stance_nouns() -> frozenset[str]:
    """Nouns of a stance against someone: "in defiance of X"."""
    return role_words("stance_nouns")


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
    return any(c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE") and country_word(c)
               for c in tok.children)  # a religion ("Christian missionary from Calgary") is no nationality


def _names_place(prep: Token) -> bool:
    objs = objects(prep)
    return bool(objs) and objs[0].ent_type_ in ("GPE", "LOC") and objs[0].right_edge.i - prep.i <= 4


def country_word(name: Span | Token) -> str | None:
    """ISO3 of a country name or demonym: the knowledge base, else the gazetteer."""
    text = name.text
    found = kb_of(name.doc).country_of(text)
    entry = lookup(text) if found is None else None
    words = text.split()
    if found is None and entry is None and len(words) > 1 and words[-1].lower() in place_cues()["designators"]:
        entry = lookup(" ".join(words[:-1]))  # "Sichuan Province"
    return found or (entry.country if entry else None)


def is_passive(verb: Token) -> bool:
    """A passive verb or participle ("were killed", "Palestinians imprisoned by Israel", the
    headline "Radovan Karadzic Arrested")."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "Palestinians imprisoned by Israel"
        return True
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head is not verb and not any(
            c.dep_ in ("nsubj", "aux") for c in verb.children) and is_passive(verb.head):
        return True  # "people killed or injured", "were arrested and beaten"
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or headline_passive(verb)


def headline_passive(verb: Token) -> bool:
    """A participle with no auxiliary whose subject is who it happened to: a headline's
    ("Ex-Bosnian-Serb Leader Radovan Karadzic Arrested"), or one read as a verb after hostages or
    victims ("released 12 of 19 hostages abducted six weeks ago", ``roles.yaml`` victim_nouns)."""
    children = list(verb.children)
    if not any(c.dep_ == "nsubj" for c in children) or any(c.dep_ in ("aux", "auxpass", "dobj") for c in children):
        return False
    if verb.tag_ == "VBN" and verb.dep_ == "ROOT" and verb.text[:1].isupper():
        return True
    return verb.tag_ in ("VBD", "VBN") and verb.dep_ in ("advcl", "acl", "relcl") and any(
        counted(c).lemma_.lower() in victim_nouns() for c in children if c.dep_ == "nsubj")


_DASHES = frozenset({"—", "--", "–", "-"})


def _dateline(tok: Token) -> bool:
    """A dateline's place in capitals ("SINGAPORE --", "WASHINGTON, D.C. (CNN) —") read as a subject."""
    sent = tok.sent
    return (tok.is_upper and tok.is_alpha and len(tok) > 2 and tok.i - sent.start <= 3
            and any(t.text in _DASHES and tok.doc[t.i - 1].whitespace_  # a free-standing dash before the verb
                    for t in tok.doc[tok.i + 1: min(tok.i + 9, sent.end, tok.head.i)]))


def _subject_token(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj") and not _dateline(child):
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return child
    return None


def stance_subject(verb: Token) -> Token | None:
    """The passive subject of an adjectival passive with no agent ("Serb forces were engaged in ...");
    not of a verb putting someone "under" something ("was put under investigation", "placed under
    arrest": the subject is who it happens to)."""
    if not is_passive(verb) or any(c.dep_ == "agent" or c.lower_ == "under" for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def _raised_subject(verb: Token) -> Token | None:
    """The passive subject of the clause an infinitive completes: the one expected, said, ordered
    or forced to act does it ("Talon is expected to hold meetings", "X was ordered to withdraw")."""
    head = verb.head
    if verb.dep_ == "xcomp" and not is_passive(head):
        # object control: "anger led many people to defy security forces" (those led do it; not
        # "continues preparations to file an appeal")
        if head.lemma_.lower() not in control_verbs():
            return None  # "summoned Niger's ambassador to complain": the summoner complains
        return next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i and someone(c)), None)
    if verb.dep_ != "xcomp" or not is_passive(head) or any(c.dep_ == "agent" for c in head.children):
        return None
    return next((c for c in head.children if c.dep_ == "nsubjpass"), None)


def someone(tok: Token) -> bool:
    """A person or group: a name, a pronoun, a title or group noun, a counted one ("many people")."""
    if tok.ent_type_ in ACTOR_LABELS or tok.pos_ == "PRON":
        return True
    kb = kb_of(tok.doc)
    return bool(kb.title_sector(tok.lemma_) or kb.title_sector(tok.lower_)) or tok.lemma_.lower() in QUANTITY_NOUNS \
        or tok.lemma_.lower() in victim_nouns() | member_nouns()


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The source token of a verbal event: subject, "by" agent, or inherited from the governing clause."""
    if is_passive(verb):
        for child in verb.children:
            if child.dep_ == "agent":
                objs = objects(child)
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
        raised = _raised_subject(verb)
        return raised if raised is not None else subject_of(head, depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.tag_ != "VBN":
        doc_noun = verb.head
        if depth < 3 and doc_noun.lemma_.lower() in document_nouns() and doc_noun.dep_ == "dobj":
            return subject_of(doc_noun.head, depth + 1)  # "X issued a declaration demanding ...": X
        if depth < 3 and doc_noun.dep_ == "dobj" and any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children):
            return subject_of(doc_noun.head, depth + 1)  # "it has the political will to make the arrests": it
        return doc_noun
    if depth < 3 and verb.dep_ in ("relcl", "acl") and any(c.lower_ == "to" for c in verb.children):
        # "converging for a rally to protest ...": the purpose clause's doer is the main clause's subject
        head = next((a for a in verb.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
        return subject_of(head, depth + 1) if head is not None else None
    return None


# Prepositions naming the event a passive happened in or through ("killed in an Israeli airstrike").
MEANS_PREPS = ("in", "during", "by", "from", "under")


def means_event(verb: Token) -> Token | None:
    """The event noun a passive verb happened in ("were killed in an Israeli airstrike",
    "died during a confrontation with Chinese troops"), or None."""
    kids = [c for v in (verb, *verb.conjuncts) for c in v.children]  # "killed or injured in clashes with X"
    for child in kids:
        if child.dep_ in ("prep", "agent") and child.lower_ in MEANS_PREPS:
            for obj in objects(child):
                if noun_entry(obj) is not None:
                    return obj
    return None


def means_agent(verb: Token) -> Token | None:
    """The doer of the event noun a passive verb happened in: its own doer ("an Israeli airstrike"),
    else the other side of a clash ("a confrontation with Chinese troops")."""
    noun = means_event(verb)
    if noun is None:
        return None
    found = noun_source(noun)
    if found is not None:
        return found
    with_objs = pobjs(noun, ("with",))
    return with_objs[0] if with_objs and noun_entry(noun).type == "ASSAULT" else None


def pobjs(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    """The objects of ``tok``'s prepositions ``preps`` (not dates, not "with X's help")."""
    out = []
    for child in tok.children:
        if child.dep_ in ("prep", "prt", "dative") and child.lower_ in preps:
            out.extend(g for g in child.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")
                       and not is_ally(g))
    return out


def is_ally(pobj: Token) -> bool:
    """"with Albania's help", "with the support of X": a helper of the doer, never a target."""
    return pobj.head.lower_ == "with" and pobj.lemma_.lower() in ally_nouns()


def noun_source(noun: Token) -> Token | None:
    """The actor of a nominal event: possessive, demonym/name modifier, or "by" object."""
    for child in noun.children:
        if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her", "our", "my", "your") \
                and child.ent_type_ not in ("DATE", "TIME"):  # "Thursday morning's raids" are no one's
            return child
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ACTOR_LABELS and not _town(child):
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            objs = objects(child)
            if objs:
                return objs[0]
    for child in noun.children:  # "a police raid", "rebel attacks", "government violence"
        if child.dep_ in ("amod", "compound") and child.i < noun.i and _armed_or_state(child) \
                and noun_entry(noun) is not None:
            return child
    for child in noun.children:  # "the conditions laid out by Hamas", "a plan drawn up by Egypt"
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agents = [g for a in child.children if a.dep_ == "agent" for g in objects(a)]
            if agents:
                return agents[0]
    return None


def _town(tok: Token) -> bool:
    """A place below a country before an event noun ("the Oklahoma City bombing", "the Alabama clinic
    bombing"): where it happened, not who did it (ANNOTATION.md: null when it cannot be told; the gold codes
    five such doers null, two the country); a country, capital or demonym may be ("U.S. strikes", "the
    Israeli offensive")."""
    if tok.ent_type_ not in ("GPE", "LOC", "FAC"):
        return False
    kb = kb_of(tok.doc)
    return kb.country_of(tok.text) is None and kb.country_of(phrase(tok).text) is None


_DOER_SECTORS = frozenset({"GOV", "MIL", "COP", "REB", "SPY"})


def _armed_or_state(tok: Token) -> bool:
    """A title word of a state or armed body ("police", "rebel", "army", "government")."""
    kb = kb_of(tok.doc)
    return (kb.title_sector(tok.lemma_) or kb.title_sector(tok.lower_)) in _DOER_SECTORS


def noun_agent(noun: Token) -> Token | None:
    """The doer of a nominal event whose possessive is its patient: a demonym/name modifier or "by X"."""
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ACTOR_LABELS:
            return child
    found = pobjs(noun, ("by",))
    return found[0] if found else None


def noun_target(noun: Token, topic: bool = False) -> Token | None:
    """The target of a nominal event: "on/against/into X" (not a date); for an absorbed topic noun
    also "of X" and "from X" ("the removal of President X", "support from the Assembly")."""
    preps = ("on", "against", "into", "with", "toward", "towards", "at", "between", "to", "for")
    found = pobjs(noun, preps + (("of", "from") if topic else ()))
    return found[0] if found else None


_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our"})


def pronoun_owner(tok: Token) -> Token | None:
    """Who a pronoun possessive refers to, for a phrase naming no one else: the nearest noun subject
    of an enclosing clause ("the Israeli military said its jets struck ..." -> the military; "Syria
    says it is willing to withdraw its troops" -> Syria, climbing past the pronoun "it")."""
    if not any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in tok.children):
        return None
    if any(t.ent_type_ in ACTOR_LABELS for t in phrase(tok)):
        return None
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.pos_ not in ("VERB", "AUX"):
            continue
        subj = subject_of(cur)
        if subj is None or subj.pos_ == "PRON" or subj.left_edge.i <= tok.i <= subj.right_edge.i:
            continue
        return subj
    return None


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the tokens coordinated with it ("the United States and Jordan")."""
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i and c.pos_ in ("NOUN", "PROPN", "PRON")]]


