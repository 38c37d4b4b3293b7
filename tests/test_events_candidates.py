"""The learned event coder: candidates (rules, lexicons, patterns), the shipped model, and its trainer."""

from __future__ import annotations

import json

import pytest

from dateline.evaluation import DEFAULT_SHARED
from dateline.resources import ROOT
from dateline.stages.events.candidates import candidates_in, pattern_at, patterns
from dateline.stages.events.decision import MODEL_FILE, NONE, features, load_model, probabilities
from dateline.train import events as train_events
from tests.conftest import retrain_twice

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def process(nlp, text: str):
    """``text`` through the whole pipeline as an article of 2024-02-08."""
    from dateline.model import Article

    doc = nlp.make_doc(text)
    doc._.article = Article(id="t", date="2024-02-08", text=text)
    return nlp(doc)


def _candidates(doc):
    return [c for sent in doc.sents for c in candidates_in(sent)]


def test_every_pattern_fires_on_its_example(nlp):
    rows = [row for rows in patterns().values() for row in rows]
    assert rows and len({r.id for r in rows}) == len(rows), "pattern ids are unique"
    for row in rows:
        assert row.type in PLOVER, row.id
        doc = nlp(row.example)
        assert any(pattern_at(tok) == row for tok in doc), f"{row.id} does not fire on {row.example!r}"


def test_candidates_keep_the_rule_triggers_and_add_what_the_rules_drop(nlp):
    doc = process(nlp, "Hamas rejected the proposal. The bombing of the embassy killed 12 people.")
    cands = _candidates(doc)
    by_word = {c.trigger.anchor.text: c for c in cands}
    assert by_word["rejected"].origin == "rule" and by_word["rejected"].trigger.type == "REJECT"
    # a noun with no actor attached: no rule trigger, a lexicon candidate for the model to judge
    assert by_word["bombing"].origin == "lexicon" and by_word["bombing"].trigger.type == "ASSAULT"
    doc = process(nlp, "The FBI offered a reward for information leading to the arrest of the bombers.")
    offered = next(c for c in _candidates(doc) if c.trigger.anchor.text == "offered")
    assert offered.pattern is not None and offered.pattern.id == "offer_reward"


def test_the_model_gives_a_distribution_over_the_types(nlp):
    classes, intercepts, weights = load_model()
    assert set(classes) == PLOVER | {NONE} and len(intercepts) == len(classes) and weights
    doc = process(nlp, "Russia accused Ukraine of shelling the plant.")
    cand = next(c for c in _candidates(doc) if c.trigger.anchor.text == "accused")
    feats = features(doc, cand)
    assert "rule=ACCUSE" in feats and "lemma=accuse" in feats
    probs = probabilities(feats)
    assert abs(sum(probs.values()) - 1) < 1e-9 and max(probs, key=probs.get) == "ACCUSE"


def test_events_carry_the_models_probability_and_their_provenance(nlp):
    doc = process(nlp, "Russia accused Ukraine of shelling the plant. Six suspects are in custody.")
    accused = [e for e in doc._.events if e.type == "ACCUSE"]
    assert accused and all(0 < e.confidence <= 1 for e in accused)
    assert accused[0].provenance.startswith("rule:") and accused[0].provenance.endswith(":accuse")
    again = process(nlp, "Russia accused Ukraine of shelling the plant. Six suspects are in custody.")
    assert [(e.id, e.confidence) for e in again._.events] == [(e.id, e.confidence) for e in doc._.events]


def test_the_shipped_model_file_is_sorted_and_small():
    path = ROOT / "events" / MODEL_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data["weights"]) == sorted(data["weights"])
    assert path.stat().st_size < 1_000_000


class _Cand:
    """A candidate as the labeller sees it (its trigger's word and proposed type)."""

    def __init__(self, tok, typ):
        self.trigger = type("T", (), {"anchor": tok, "type": typ})()


def test_labels_come_from_the_gold_trigger_or_the_evidence_head(nlp):
    doc = nlp("Clinton vowed to hunt down the bombers. Albright will visit Kenya.")
    vowed, hunt, visit = doc[1], doc[3], doc[10]
    text = doc.text
    gold = [
        {"type": "THREATEN", "trigger": "vowed", "modality": "asserted",
         "evidence": {"start": 0, "end": text.index(".") + 1}},
        # a future visit is AGREE in the gold, CONSULT as Event.type codes it (coder.plover_type reduces it)
        {"type": "AGREE", "trigger": "no such words", "modality": "future",
         "evidence": {"start": text.index("Albright"), "end": len(text)}},
    ]
    cands = [_Cand(vowed, "AGREE"), _Cand(hunt, "COERCE"), _Cand(visit, "CONSULT")]
    assert train_events.labels(doc, cands, gold) == ["THREATEN", "NONE", "CONSULT"]


def test_fit_is_deterministic():
    pytest.importorskip("sklearn", reason="the train extra is not installed")
    rows = [([f"lemma={w}", f"rule={t}"], t, "k", i)
            for i, (w, t) in enumerate([("attack", "ASSAULT"), ("meet", "CONSULT"), ("say", "NONE")] * 4)]
    first, second = train_events.fit(rows), train_events.fit(rows)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["classes"] == ["ASSAULT", "CONSULT", "NONE"]


@pytest.mark.skipif(not (DEFAULT_SHARED / "corpus").is_dir(), reason=f"no shared data at {DEFAULT_SHARED}")
def test_a_small_retrain_is_byte_identical(tmp_path):
    pytest.importorskip("sklearn", reason="the train extra is not installed")
    first, second = retrain_twice("events", 4, tmp_path)
    assert first == second


def test_a_clause_of_its_own_inside_a_rules_complement_is_a_candidate(nlp):
    """"declared martial law, accusing the opposition of ...": the participle is an act of its own, while a
    verb the rule absorbed ("vowed to hunt down the bombers") stays the rule's."""
    doc = process(nlp, "South Korean President Yoon Suk Yeol declared an emergency martial law on Tuesday, accusing "
                       "the opposition of controlling the parliament.")
    by_word = {c.trigger.anchor.text: c for c in _candidates(doc)}
    assert by_word["accusing"].trigger.type == "ACCUSE" and by_word["accusing"].absorbed_by is None
    doc = process(nlp, "The president vowed to hunt down the bombers.")
    assert "hunt" not in {c.trigger.anchor.text for c in _candidates(doc)}


@pytest.mark.parametrize(("text", "word", "typ"), [
    ("Clinton said Friday the INS did the right thing.", "said", "SUPPORT"),
    ("Blinken said the Israeli offensive is fully justified.", "said", "SUPPORT"),
    ("Holder said that the agency acted appropriately.", "said", "SUPPORT"),
    ("He said the decision was a disgrace.", "said", "ACCUSE"),
])
def test_a_statement_that_judges_is_praise_or_criticism(nlp, text, word, typ):
    doc = process(nlp, text)
    cand = next(c for c in _candidates(doc) if c.trigger.anchor.text == word)
    assert cand.origin == "rule" and cand.trigger.type == typ


def test_a_doer_the_kb_does_not_know_still_condemns(nlp):
    """An unknown subject is someone: its condemnation is built (the blame filter drops blame by no one)."""
    from dateline.stages.events.coder import _events_for

    doc = process(nlp, "Most other opponents of abortion, however, condemned the shooting.")
    cand = next(c for c in _candidates(doc) if c.trigger.anchor.text == "condemned")
    assert [e.type for e in _events_for(doc, cand.trigger, [])] == ["ACCUSE"]
    doc = process(nlp, "The blast has been blamed on the detonation of a gas cylinder.")
    cand = next(c for c in _candidates(doc) if c.trigger.anchor.text == "blamed")
    assert _events_for(doc, cand.trigger, []) == []
