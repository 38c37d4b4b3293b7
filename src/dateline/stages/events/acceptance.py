"""The acceptance model: the probability that a built event is right in type and span, and which events stay.

The coder builds an event from every candidate the type model (``decision.py``) keeps, rule triggers
included. Which of them a reader should see is asked here of the whole event, as the scorer of
``bench/events_gold`` asks it: is there a gold event of this type whose evidence overlaps this one's,
not already claimed by another event? A binary logistic regression over the candidate's features
(its word, grammar and sources, ``decision.features``) and the event's own (its type and PLOVER
category, modality, what produced it, whether it has a source, a target, a place or counts, the type
model's probabilities, the rules' score, how many events its word codes) answers with a probability.

That probability is ``Event.confidence``: the model is fitted on exactly this label, so it is calibrated
on the articles it learned from, and ``bench/events_articles_eval.py`` prints its reliability on
others. Events under the stage's ``min_probability`` are not coded. The weights are trained by
``python -m dateline.train.event_acceptance`` on the train split and shipped in
``resources/events/event_acceptance.json``; inference is a sparse dot product in numpy.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from itertools import repeat

from dateline.model import Event
from dateline.resources import ROOT
from dateline.stages.events.decision import Decision

MODEL_FILE = "event_acceptance.json"


@lru_cache(maxsize=1)
def load_model() -> tuple[float, dict[str, float], float]:
    """(intercept, feature -> weight, threshold) of the shipped model; the threshold, the stage's default
    ``min_probability``, is the one that gave the best F1 on the train split's held-out folds."""
    data = json.loads((ROOT / "events" / MODEL_FILE).read_text(encoding="utf-8"))
    return float(data["intercept"]), {k: float(v) for k, v in data["weights"].items()}, float(data["threshold"])


def _bin(x: float, width: float = 0.1) -> str:
    return f"{min(int(x / width), int(1 / width) - 1) * width:.1f}"


def _party(name: str, ref) -> list[str]:
    if ref is None:
        return [f"{name}=none"]
    return [f"{name}_sector={ref.sector}", f"{name}_country={ref.country is not None}",
            f"{name}_kb={ref.actor_id is not None}"]


def event_features(ev: Event, decision: Decision, rule_score: float, n_word: int) -> list[str]:
    """The event's own features, added to its candidate's (``decision.features``)."""
    kind = (ev.provenance or "").split(":")[0]
    p_type = decision.type_probability(ev.type, ev.plover_type)
    probabilities = decision.probabilities
    out = [f"ev_type={ev.type}", f"ev_plover={ev.plover_type}", f"ev_modality={ev.modality}",
           f"ev_provenance={kind}", f"ev_provenance_type={kind}:{ev.type}", f"ev_mode={ev.mode}",
           f"p_type={_bin(p_type)}", f"p_none={_bin(probabilities.get('NONE', 0.0))}",
           f"rule_score={_bin(rule_score)}", f"word_events={min(n_word, 3)}",
           f"ev_counts={bool(ev.counts)}", f"ev_place={ev.location is not None}",
           f"ev_quote={ev.quote_id is not None}", f"ev_date_resolved={ev.date_resolved}",
           f"ev_length={min(len(ev.evidence.text) // 50, 4)}"]
    return out + _party("ev_source", ev.source) + _party("ev_target", ev.target)


def probability(feats: list[str], model: tuple | None = None) -> float:
    """The probability that the event of these features is right in type and span."""
    intercept, weights, _ = model or load_model()
    score = intercept + sum(map(weights.get, sorted(set(feats)), repeat(0.0)))  # sorted: the same sum every run
    return 1.0 / (1.0 + math.exp(-score))
