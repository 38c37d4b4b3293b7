"""Stories: clustering articles into stories and storylines, event merging, the store tables."""

from __future__ import annotations

import csv
import itertools
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from dateline.model import ActorRef, Article, Event, Extraction, Mention, Span
from dateline.store import queries
from dateline.stories import Clusterer, cluster
from dateline.stories.clusterer import story_id
from dateline.stories.features import day_ordinal, vectorize

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

GAZA = ("Netanyahu rejected the Hamas ceasefire proposal for Gaza, calling the hostage release terms "
        "delusional. Hamas had offered a truce in three phases and the release of hostages. ")
GAZA_2 = ("Israeli Prime Minister Netanyahu dismissed the Hamas truce plan for Gaza as delusional and vowed "
          "total victory; the hostage release terms were rejected. ")
QUAKE = ("A powerful earthquake struck Sichuan province, collapsing schools and killing thousands. Rescue "
         "teams dug through rubble in Wenchuan as aftershocks shook the region. ")
CAIRO = ("A Hamas delegation travelled to Cairo for ceasefire talks on Gaza and the release of hostages, "
         "after Netanyahu rejected the truce proposal. ")

NAMES = {"Netanyahu": "PERSON", "Hamas": "ORG", "Gaza": "GPE", "Sichuan": "GPE", "Wenchuan": "GPE", "Cairo": "GPE"}



def make(text: str, day: str, outlet: str = "a.example", events: list[Event] | None = None) -> Extraction:
    """An extraction built by hand: entity mentions for the known names, optional events."""
    art = Article(id=f"{outlet}-{day}-{len(text)}", date=day, text=text, outlet=outlet)
    mentions = []
    for name, label in NAMES.items():
        start = text.find(name)
        while start >= 0:
            mentions.append(Mention(f"m{start}", start, start + len(name), name, label, 0.9))
            start = text.find(name, start + 1)
    return Extraction(article=art, entities=mentions, events=events or [])


def event(eid: str, typ: str, day: str, source: str | None, target: str | None, text: str,
          modality: str = "asserted") -> Event:
    def ref(actor):
        return ActorRef(0, 1, actor, actor_id=actor) if actor else None

    return Event(id=eid, type=typ, evidence=Span(0, len(text), text), modality=modality,
                 source=ref(source), target=ref(target), date=day)


@pytest.fixture()
def corpus() -> list[Extraction]:
    return [
        make(GAZA * 3, "2024-02-07", "bnn.example"),
        make(GAZA_2 * 3, "2024-02-08", "voa.example"),
        make(QUAKE * 3, "2024-02-08", "cgtn.example"),
        make(CAIRO * 3, "2024-02-20", "ap.example"),
    ]


def test_same_happening_is_one_story_and_others_are_not(corpus):
    rec = cluster(corpus)
    groups = sorted(sorted(a for a in s.article_ids) for s in rec.stories)
    gaza = sorted([corpus[0].article.id, corpus[1].article.id])
    assert gaza in groups
    assert [corpus[2].article.id] in groups
    assert [corpus[3].article.id] in groups
    gaza_story = next(s for s in rec.stories if len(s.article_ids) == 2)
    assert gaza_story.first_date == "2024-02-07" and gaza_story.last_date == "2024-02-08"
    assert gaza_story.outlets == ["bnn.example", "voa.example"]


def test_storyline_chains_related_stories_over_weeks(corpus):
    rec = cluster(corpus)
    line_of = {a: s.storyline_id for s in rec.stories for a in s.article_ids}
    assert line_of[corpus[0].article.id] == line_of[corpus[3].article.id]  # talks follow the rejection
    assert line_of[corpus[2].article.id] != line_of[corpus[0].article.id]  # the quake is not part of it
    gaza_line = next(line for line in rec.storylines if len(line.story_ids) == 2)
    assert gaza_line.first_date == "2024-02-07" and gaza_line.last_date == "2024-02-20"


def test_dates_too_far_apart_split_a_story():
    rec = cluster([make(GAZA * 3, "2024-02-07"), make(GAZA * 3, "2024-03-30", "b.example")])
    assert len(rec.stories) == 2 and len(rec.storylines) == 2


def test_result_and_ids_do_not_depend_on_ingestion_order(corpus):
    reference = cluster(corpus)
    for perm in itertools.permutations(corpus):
        assert cluster(perm) == reference
    first = min(reference.stories[0].article_ids, key=lambda a: a)
    assert reference.stories[0].id == story_id(day_ordinal("2024-02-07"), first)


def test_incremental_add_matches_batch(corpus):
    c = Clusterer()
    for ex in reversed(corpus):
        c.add(ex)
        c.records()  # reading in between changes nothing
    assert c.records() == cluster(corpus)


def test_cost_per_article_depends_on_the_window_not_the_store():
    c = Clusterer()
    for year in range(1990, 2020):  # 30 years of the same story, far apart
        c.add(make(GAZA * 3, f"{year}-02-07", f"o{year}.example"))
    before = c.index.comparisons
    c.add(make(GAZA_2 * 3, "2019-02-08", "new.example"))
    assert c.index.comparisons - before == 1  # only the article of the same week is compared


def test_events_merge_across_articles_by_type_actor_and_date():
    e1 = event("e1", "REJECT", "2024-02-07", "ISR", "HAMAS", "Netanyahu rejected the Hamas proposal")
    e2 = event("e2", "REJECT", "2024-02-08", "ISR", None, "Israel turned down the offer")
    e3 = event("e3", "REJECT", "2024-02-07", "ISR", "HAMAS", "did not reject", modality="negated")
    e4 = event("e4", "ASSAULT", "2024-02-08", "ISR", "HAMAS", "strikes on Rafah")
    exs = [make(GAZA * 3, "2024-02-07", "a.example", [e1, e3]),
           make(GAZA_2 * 3, "2024-02-08", "b.example", [e2, e4])]
    rec = cluster(exs)
    rejects = [m for m in rec.events if m.type == "REJECT" and len(m.event_ids) > 1]
    assert len(rejects) == 1
    merged = rejects[0]
    assert merged.event_ids == ["e1", "e2"]
    assert (merged.n_articles, merged.n_outlets) == (2, 2)
    assert (merged.first_seen, merged.last_seen) == ("2024-02-07", "2024-02-08")
    assert len(rec.events) == 3  # merged REJECT, negated REJECT, ASSAULT
    story = rec.stories[0]
    assert sorted(story.event_ids) == sorted(m.id for m in rec.events)


def test_evidence_similarity_merges_events_without_actors():
    e1 = event("x1", "PROTEST", "2024-02-07", None, None, "thousands of monks marched in Rangoon")
    e2 = event("x2", "PROTEST", "2024-02-08", None, None, "monks marched through Rangoon again")
    e3 = event("x3", "PROTEST", "2024-02-08", None, None, "farmers blocked highways in Punjab")
    rec = cluster([make(GAZA * 3, "2024-02-07", "a.example", [e1]),
                   make(GAZA_2 * 3, "2024-02-08", "b.example", [e2, e3])])
    assert sorted(len(m.event_ids) for m in rec.events) == [1, 2]


# --- on real articles, through the pipeline and the store ----------------------------------------


@pytest.fixture(scope="module")
def examples():
    from dateline.ingest import read_inputs
    from dateline.pipeline import extract_articles

    with open(EXAMPLES / "index.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))[:14]
    arts, gold = [], {}
    for row in rows:
        art = next(read_inputs([str(EXAMPLES / row["file"])]))  # its outlet from index.tsv
        arts.append(art)
        gold[art.id] = row["story_id"]
    return list(extract_articles(arts)), gold


def test_example_articles_cluster_like_the_gold_stories(examples):
    exs, gold = examples
    rec = cluster(exs)
    pred = {a: s.id for s in rec.stories for a in s.article_ids}
    by_gold: dict[str, set[str]] = {}
    for a, g in gold.items():
        by_gold.setdefault(g, set()).add(pred[a])
    assert len(by_gold["o02"]) == 1  # three reports of the Kashmir quake relief: one story
    assert len(by_gold["o05"]) == 1  # three reports of the Burma crackdown: one story
    assert len(set(pred.values())) >= len(by_gold) - 1  # distinct happenings stay apart (o01 spans 2 months)
    for s in rec.stories:
        assert len({gold[a] for a in s.article_ids}) == 1  # no story mixes two happenings


def test_store_update_is_incremental_and_order_independent(examples, tmp_path):
    from dateline.store import Store
    from dateline.stories import store as story_store

    exs, _ = examples
    expected = cluster(exs)
    tables = {}
    for seed in (1, 2):
        shuffled = list(exs)
        random.Random(seed).shuffle(shuffled)
        st = Store(tmp_path / f"s{seed}.duckdb")
        for i in range(0, len(shuffled), 4):
            st.write(shuffled[i:i + 4])
            story_store.update(st, batch=3)
        assert story_store.update(st).clustered == 0  # nothing left to do
        tables[seed] = st.sql("SELECT * FROM stories ORDER BY id")
        assert sorted(tables[seed]["id"]) == sorted(s.id for s in expected.stories)
        lines = st.sql("SELECT id FROM storylines ORDER BY id")["id"].tolist()
        assert lines == sorted(line.id for line in expected.storylines)
    assert tables[1].equals(tables[2])
    with st.connect() as con:
        listed = [s["n_articles"] for s in queries.stories(con, limit=500)["items"]]
    assert sum(listed) == len(exs) and listed[0] == max(listed)
    out = tmp_path / "stories.jsonl"
    st.export("stories", "jsonl", out)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == len(expected.stories)
    assert {"id", "label", "storyline_id", "article_ids", "event_ids"} <= set(lines[0])


def test_vectors_ignore_genre_words():
    vec = vectorize(make("Officials said on Monday that the government reported it. Netanyahu spoke.",
                         "2024-02-07"))
    assert "said" not in vec.weights and "official" not in vec.weights
    assert "@netanyahu" in vec.weights


def _stored(st) -> tuple[list, list, list]:
    """The stories, storylines and merged events a store holds, as records sorted by id."""
    from dateline.model import MergedEvent, Story, Storyline

    with st.connect() as con:
        return tuple(sorted((cls.from_row(r) for r in queries.rows(con, f"SELECT * FROM {table}")), key=lambda r: r.id)
                     for cls, table in ((Story, "stories"), (Storyline, "storylines"), (MergedEvent, "merged_events")))


@pytest.mark.parametrize("handed", [False, True], ids=["read back", "handed over"])
def test_store_records_equal_the_clusterers_whatever_the_order(corpus, tmp_path, handed):
    """Stories rebuilt one article at a time (only the stories a new article joins are rebuilt; the others of its
    storyline only change storyline id, when an earlier article renames it) equal the batch result, whether the
    update reads the articles back or the ingest hands their extractions over."""
    from dataclasses import replace

    from dateline.store import Store
    from dateline.stories import store as story_store

    gaza = [event("e1", "REJECT", "2024-02-07", "ISR", "HAMAS", "Netanyahu rejected the Hamas ceasefire proposal")]
    talks = [event("e2", "REJECT", "2024-02-08", "ISR", None, "Netanyahu dismissed the Hamas truce plan")]
    corpus[0].events, corpus[1].events = gaza, talks
    for ex in corpus:  # record ids are unique per article, as extracted ones are
        ex.entities = [replace(m, id=f"{ex.article.id}-{m.id}") for m in ex.entities]
        ex.events = [replace(e, id=f"{ex.article.id}-{e.id}") for e in ex.events]
    expected = cluster(corpus)
    want = tuple(sorted(records, key=lambda r: r.id) for records in (expected.stories, expected.storylines,
                                                                      expected.events))
    assert len(expected.storylines) < len(expected.stories) and expected.events
    for n, order in enumerate(itertools.permutations(corpus)):
        if n % 3:
            continue  # 8 of the 24 orders: the earliest article first, last and in between
        st = Store(tmp_path / f"{n}.duckdb")
        for ex in order:
            st.write([ex])
            story_store.update(st, [ex.article.id], extractions=[ex] if handed else ())
        assert _stored(st) == want, [ex.article.date for ex in order]


def test_store_update_reads_no_whole_storyline_yet_equals_a_rebuild(tmp_path):
    """Long storylines (chains of stories a few days apart over a year), fed in random batches so that
    batches merge storylines and arrive before a storyline's first article: the stories the store keeps
    (the update reads only the batch's links, the stories it joins and each old storyline's earliest
    article) equal those of a from-scratch rebuild, and every article knows its story and storyline."""
    from datetime import date, timedelta

    from dateline.store import Store
    from dateline.stories import store as story_store

    start, texts = date(2024, 1, 1), (GAZA, GAZA_2, CAIRO, QUAKE)
    corpus = []
    for k in range(60):
        day = (start + timedelta(days=5 * k + (k % 3))).isoformat()
        ex = make(texts[k % 4] * 2 + texts[(k // 4) % 4], day, f"o{k % 5}.example")
        ex.events = [event(f"{ex.article.id}-e", "REJECT", day, "ISR", "HAMAS" if k % 2 else None,
                           "Netanyahu rejected the Hamas ceasefire proposal")]
        ex.entities = [replace(m, id=f"{ex.article.id}-{m.id}") for m in ex.entities]
        corpus.append(ex)
    expected = cluster(corpus)
    assert max(len(line.story_ids) for line in expected.storylines) >= 10  # long storylines, many stories
    want = tuple(sorted(records, key=lambda r: r.id) for records in (expected.stories, expected.storylines,
                                                                      expected.events))
    for seed in range(3):
        order = list(corpus)
        rng = random.Random(seed)
        rng.shuffle(order)
        st = Store(tmp_path / f"{seed}.duckdb")
        while order:
            size = rng.randint(1, 6)
            batch, order = order[:size], order[size:]
            st.write(batch)
            story_store.update(st, [ex.article.id for ex in batch], extractions=batch if seed % 2 else ())
        assert _stored(st) == want
        assigned = st.sql("SELECT article_id, story_id, storyline_id FROM story_articles ORDER BY article_id")
        of_story = {a: (s.id, s.storyline_id) for s in expected.stories for a in s.article_ids}
        assert {r.article_id: (r.story_id, r.storyline_id) for r in assigned.itertuples()} == of_story
