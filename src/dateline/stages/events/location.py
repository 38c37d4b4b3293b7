"""Where an event happened: the place mention of its clause governed by a locative preposition ("in
Gaza", "into southern Israel") or the destination of a motion verb ("travel to Cairo"), nearest the
event in the dependency tree. The places come from the places stage (``doc._.places``)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dateline.knowledge.gazetteer import cues
from dateline.knowledge.kb import kb_of
from dateline.model import Place
from dateline.stages.places import role_of
from dateline.stages.syntax import by_offset


def _distance(a: Token, b: Token) -> int:
    """Steps from a up to the lowest common ancestor and down to b (tree distance)."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, tok in enumerate(up_a):
        if tok.i in index_b:
            return n + index_b[tok.i]
    return len(up_a) + len(up_b)


def _same_clause(role: Token, head: Token) -> bool:
    """True when the place's preposition hangs in the event's clause or on a clause above it,
    not inside another clause below it ("rejected ..., dismissing any deal that leaves Hamas in Gaza")."""
    if role.i == head.i:
        return True  # "the UK nerve agent attack" is in the UK
    if role.pos_ == "NOUN" and (role.dep_ != "pobj" or _other_event(role, head)):
        return False  # a place modifying a noun: only that noun's own event is there
    above = {a.i for a in head.ancestors}
    cur = role.head
    while cur.i != head.i:
        if cur.i in above:  # a place of an enclosing clause covers the events under it, unless
            return cur.lemma_ not in cues()["reporting_verbs"]  # it is where a statement was made
        if cur.pos_ in ("VERB", "AUX") or cur.head is cur or _other_event(cur, head):
            return False
        if cur.dep_ == "prep" and cur.lower_ in cues()["topic_preps"]:
            return False  # "meetings over the developments in Ladakh": what they are about, not where
        cur = cur.head
    return True


def _other_event(noun: Token, head: Token) -> bool:
    """An event noun the event refers to, not happens in ("expelled diplomats in response to the
    poisoning in the United Kingdom", "her role in rioting during a summit in Genoa": the place is
    the other event's); its subject or object, or one it happens in or under, is its own ("a
    bombing near Samarra killed", "killed in an airstrike in Gaza", "put under investigation in Italy")."""
    from dateline.stages.events.lexicon import noun_entry  # the events stage's lexicon, loaded once

    if noun.pos_ != "NOUN" or noun.head.i == head.i or noun.head in head.ancestors:
        return False  # "a roadside bombing near Samarra killed ...", "forces in Pakokku beat and arrested"
    if noun.dep_ == "pobj" and noun.head.lower_ in cues()["where_preps"] and noun.head.head.i == head.i:
        return False
    if kb_of(noun.doc).title_sector(noun.lemma_):
        return False  # a group ("troops at Galwan Valley in Ladakh"), not an event
    entry = noun_entry(noun)
    # a meeting is where things are done ("was signed at the end of a summit in Hanoi")
    return entry is not None and entry.type not in (None, "CONSULT")


def place_for(doc: Doc, anchor: Span | Token) -> Place | None:
    """The location of the event at ``anchor``: the nearest locative place of its clause."""
    head = anchor.root if isinstance(anchor, Span) else anchor
    sent = head.sent
    best: tuple[int, int, Place] | None = None
    for place in by_offset(doc, "places").starting_in(sent.start_char, sent.end_char):  # not every place's
        if not (sent.start_char <= place.start < sent.end_char):
            continue
        role = role_of(doc, place)
        if role is None or not _same_clause(role, head):
            continue
        key = (_distance(head, role), place.start)
        if best is None or key < best[:2]:
            best = (*key, place)
    return best[2] if best else None
