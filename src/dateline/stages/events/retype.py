"""Events whose word says one type and whose doer another.

A verb or noun's lexicon row gives a type; who does it sometimes changes what it is (PLOVER
manual 3.16 and 3.12): a "raid" by warplanes is an air strike (ASSAULT), not a police search
(COERCE seize); "strikes" by a state or an armed group, or "on" a target, are attacks, not a
walkout (PROTEST strike); a blockade by soldiers or police, or of what only a state closes
("the country's borders have been blocked", ``roles.yaml`` closure_objects), is a COERCE
restrict, not a protesters' obstruction.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from dateline.model import ActorRef
from dateline.stages.events.lexicon import instruments, lemma
from dateline.stages.events.roles import pobjs
from dateline.stages.events.triggers import Trigger, closure_objects

STATE_FORCES = frozenset({"MIL", "COP"})
# weapons whose "raid" is an attack ("warplanes raided"), not a search (instruments.tsv modes)
WAR_MODES = frozenset({"aerial", "drone", "heavy-weapons"})


def _military_strike(trig: Trigger, source: ActorRef | None) -> bool:
    """A "strike" by a state or an armed group, or "on" a target, is an attack, not a walkout."""
    if source is not None and (source.sector in ("MIL", "REB", "GOV") or (
            source.sector is None and (source.actor_id or "").startswith("c:"))):
        return True
    return bool(pobjs(trig.anchor, ("on", "upon")))  # not a date: "shunned work on Monday"


def _closes(trig: Trigger) -> bool:
    """A blocking of what only a state closes ("the borders have been blocked")."""
    return any(c.dep_ in ("dobj", "nsubjpass") and lemma(c) in closure_objects() for c in trig.anchor.children)


def retyped(trig: Trigger, src_tok: Token | None, source: ActorRef | None) -> Trigger:
    """The trigger with the type its doer makes of it (unchanged when nothing applies)."""
    if trig.type == "COERCE" and trig.mode == "seize" and src_tok is not None and \
            instruments().get(lemma(src_tok), ("", 0))[0] in WAR_MODES:
        return dataclasses.replace(trig, type="ASSAULT", mode=instruments()[lemma(src_tok)][0])
    if trig.type == "PROTEST" and trig.mode == "strike" and _military_strike(trig, source):
        return dataclasses.replace(trig, type="ASSAULT", mode=None, context=["military"])
    if trig.type == "PROTEST" and trig.mode == "obstruct" and (
            source is not None and source.sector in STATE_FORCES or source is None and _closes(trig)):
        return dataclasses.replace(trig, type="COERCE", mode="restrict")
    return trig
