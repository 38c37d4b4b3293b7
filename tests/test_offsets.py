"""The look-ups by offset that keep the stages linear in article length answer exactly what the scans
they replaced answered (same records, same order), on random records and on a real Doc."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from dateline.model import ActorRef
from dateline.stages.actors.linking import _CountriesNamed, _KnownActors
from dateline.stages.actors.match import Mark, find_marks, marks_within
from dateline.stages.paragraphs import paragraphs_component
from dateline.stages.quotes import quote_at
from dateline.stages.quotes.attribution import RunParts
from dateline.stages.quotes.marks import Run
from dateline.stages.syntax import ByOffset, ents_in
from tests.conftest import SEED, process_seed


@dataclass
class Rec:
    start: int
    end: int


def _random_records(rng: random.Random, n: int) -> list[Rec]:
    out = []
    for _ in range(n):
        start = rng.randrange(0, 500)
        out.append(Rec(start, start + rng.choice([0, 1, 2, 5, 30, 120])))
    return out


@pytest.mark.parametrize("seed", range(5))
def test_by_offset_matches_a_scan(seed):
    rng = random.Random(seed)
    items = _random_records(rng, 200)
    index = ByOffset(items)
    for _ in range(300):
        start = rng.randrange(-10, 520)
        end = start + rng.choice([0, 1, 3, 40])
        assert index.overlapping(start, end) == [x for x in items if x.start < end and start < x.end]
        assert index.starting_in(start, end) == [x for x in items if start <= x.start < end]
    spans = [(s, s + 4) for s in rng.sample(range(500), 5)]
    assert index.overlapping_any(spans) == [x for x in items if any(x.start < e and s < x.end for s, e in spans)]


def test_by_offset_grows_with_its_list():
    rng = random.Random(7)
    items: list[Rec] = []
    index = ByOffset(items)
    for rec in _random_records(rng, 100):
        index.add(rec)
        assert index.describes(items)
        assert index.overlapping(rec.start, rec.end + 1) == [x for x in items if x.start < rec.end + 1
                                                              and rec.start < x.end]


@pytest.mark.parametrize("seed", range(5))
def test_run_parts_match_a_scan(seed):
    rng = random.Random(seed)
    runs = [Run(parts=[(s, s + rng.randrange(1, 60)) for s in sorted(rng.sample(range(1000), 3))]) for _ in range(20)]
    parts = RunParts(runs)
    for idx in range(-5, 1100, 3):
        assert parts.holds(idx) == any(s <= idx < e for r in runs for s, e in r.parts)
        assert parts.closes_at(idx) == any(s < idx <= e + 2 for r in runs for s, e in r.parts)


@pytest.mark.parametrize("seed", range(5))
def test_known_actors_pick_what_the_scan_picked(seed):
    rng = random.Random(seed)
    actors = []
    for _ in range(150):
        start = rng.randrange(0, 2000)
        actors.append(ActorRef(start=start, end=start + rng.randrange(1, 20), text="x",
                               country=rng.choice([None, "ISR", "PSE", "USA", "EGY"]),
                               sector=rng.choice([None, "GOV", "JRN", "BUS", "MIL"])))
    known = _KnownActors(actors)
    lends = [a for a in actors if a.country and a.sector not in ("JRN", "BUS")]
    counts: dict[str, int] = {}
    for a in lends:
        counts[a.country] = counts.get(a.country, 0) + 1
    assert known.counts == counts
    for offset in range(0, 2100, 7):
        before = [a for a in lends if a.end <= offset]
        expected = min(before, key=lambda a: (-counts.get(a.country, 0), abs(a.start - offset))) if before else None
        assert known.best_before(offset) is expected


def test_marks_entities_and_quotes_by_offset_on_a_real_doc(nlp):
    doc = process_seed(nlp)
    for offset in range(0, len(doc.text), 5):
        scan = next((q for q in doc._.quotes if any(c.start <= offset < c.end for c in q.content)), None)
        assert quote_at(doc, offset) is scan
    marks = find_marks(doc, doc._.knowledge)
    assert marks == doc._.actor_marks
    for start in range(0, len(doc), 7):
        for end in (start, start + 1, start + 5, start + 40):
            expected: list[Mark] = [m for m in marks if m.start < end and start < m.end]
            assert marks_within(marks, start, end) == expected
            span = doc[start:min(end, len(doc))]
            expected_ents = [(e.start, e.end, e.label_) for e in span.ents]
            assert [(e.start, e.end, e.label_) for e in ents_in(span)] == expected_ents


def test_paragraph_breaks_set_the_sentence_starts_the_token_setter_did(nlp):
    text = SEED.read_text(encoding="utf-8") * 3
    by_token, at_once = nlp.make_doc(text), nlp.make_doc(text)
    for token in by_token[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            by_token[token.i + 1].is_sent_start = True
    paragraphs_component(at_once)
    assert [t.is_sent_start for t in at_once] == [t.is_sent_start for t in by_token]
    assert sum(1 for t in at_once if t.is_sent_start) > 3


@pytest.mark.parametrize("seed", range(5))
def test_the_country_counts_what_the_scan_counted(seed):
    rng = random.Random(seed)
    actors = []
    for _ in range(150):
        start = rng.randrange(0, 2000)
        country = rng.choice([None, "ISR", "PSE", "USA", "EGY"])
        actors.append(ActorRef(start=start, end=start + 5, text="x", country=country,
                               actor_id=rng.choice(["c:", "p:x", None]) if country else None))
    named = _CountriesNamed(actors)
    for offset in range(0, 2100, 7):
        counts: dict[str, int] = {}
        for a in actors:
            if a.country and a.start < offset and (a.actor_id or "").startswith("c:"):
                counts[a.country] = counts.get(a.country, 0) + 1
        expected = max(sorted(counts), key=lambda c: counts[c]) if counts else None
        assert named.most_named_before(offset) == expected
