"""The per-document time budget: an article over it is rejected, its neighbours and the rest go on."""

from __future__ import annotations

import time

from dateline.budget import extract_within_budget
from dateline.model import Article, Extraction, Rejection


def fake_serve(spec, conn) -> None:
    """A worker without spaCy: "SLOW" articles never finish, "DIE" ones kill the process."""
    conn.send("ready")
    while True:
        articles, _ = conn.recv()
        for article in articles:
            if "SLOW" in article.text:
                time.sleep(3600)
            if "DIE" in article.text:
                raise SystemExit(1)
            conn.send(Extraction(article=article))


def articles(*texts: str) -> list[Article]:
    return [Article(id=f"a{i}", date="2024-02-08", text=t, source=f"f{i}.txt") for i, t in enumerate(texts)]


def test_an_article_over_the_budget_is_rejected_and_the_rest_go_on():
    inputs = articles("one", "two SLOW", "three", "four DIE", "five", "six")
    out = list(extract_within_budget(inputs, (None, None, ()), max_seconds=1.0, batch_size=4, serve=fake_serve))
    assert [type(x).__name__ for x in out] == ["Extraction", "Rejection", "Extraction", "Rejection",
                                               "Extraction", "Extraction"]
    assert [x.article.id for x in out if isinstance(x, Extraction)] == ["a0", "a2", "a4", "a5"]  # input order
    slow, died = (x for x in out if isinstance(x, Rejection))
    assert slow.source == "f1.txt" and slow.reason == "time-budget" and "1 s" in slow.message
    assert died.source == "f3.txt" and "a3" in died.message


def test_workers_keep_input_order():
    inputs = articles(*[f"text {i}" + (" SLOW" if i == 5 else "") for i in range(12)])
    out = list(extract_within_budget(inputs, (None, None, ()), max_seconds=1.0, workers=2, batch_size=3,
                                     serve=fake_serve))
    assert [x.article.id if isinstance(x, Extraction) else x.source for x in out] == [
        f"a{i}" if i != 5 else "f5.txt" for i in range(12)]


def test_the_budgeted_path_gives_the_same_records(seed_text):
    from dateline.ingest.text import article_from_dated_text
    from dateline.pipeline import extract_articles

    article = article_from_dated_text(seed_text, source="seed.txt")
    plain = next(extract_articles([article]))
    budgeted = next(extract_articles([article], max_seconds=600))
    assert budgeted == plain


def test_a_long_article_is_parsed_in_pieces_into_one_doc(monkeypatch, seed_text):
    """Over PIECE_CHARS an article is parsed piece by piece (bounded memory) and joined: the same text, the
    entities of one parse but where a cut took away context, and its neighbours keep their order."""
    from dateline import nlp as nlp_module
    from dateline import pipeline
    from dateline.ingest.common import make_article
    from dateline.ingest.text import article_from_dated_text

    nlp = nlp_module.load()
    seed = article_from_dated_text(seed_text, source="seed.txt")
    whole = list(pipeline.processed(nlp, [seed], batch_size=4))[0]
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 1000)
    assert len(list(pipeline._pieces(seed.text))) >= 3
    short = make_article("Hamas attacked Israel on Saturday.", "2024-02-08", source="short.txt")
    docs = list(pipeline.processed(nlp, [short, seed, short], batch_size=4))
    assert [d._.article.source for d in docs] == ["short.txt", "seed.txt", "short.txt"]
    pieced = docs[1]
    assert pieced.text == seed.text
    ents = {(e.start_char, e.end_char, e.label_) for e in pieced.ents}
    same = ents & {(e.start_char, e.end_char, e.label_) for e in whole.ents}
    assert len(same) >= 0.9 * len(whole.ents)  # pieces of 1,000 characters cut paragraphs: a little context lost
    starts = {s.start_char for s in pieced.sents}
    offsets = [0]
    for piece in list(pipeline._pieces(seed.text))[:-1]:
        offsets.append(offsets[-1] + len(piece))
    assert set(offsets) <= starts  # a piece never continues the sentence before it
    assert pieced._.events and all(seed.text[e.evidence.start:e.evidence.end] == e.evidence.text
                                   for e in pieced._.events)


def test_results_are_yielded_while_the_input_stays_open():
    """Articles that came are extracted and yielded without waiting for more input (a pipe left open), though
    fewer than a batch and with a read-ahead of several batches allowed."""
    import threading

    from tests.test_jobs import poll

    closed = threading.Event()

    def open_pipe():
        yield from articles(*[f"text {i}" for i in range(5)])
        closed.wait()

    got = []

    def consume() -> None:
        for result in extract_within_budget(open_pipe(), (None, None, ()), max_seconds=30.0, workers=2,
                                            batch_size=16, serve=fake_serve):
            got.append(result)

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    try:
        assert poll(lambda: len(got) == 5), f"{len(got)} of 5 results before the input ended"
        assert thread.is_alive()  # the input is still open
    finally:
        closed.set()
        thread.join(60)
    assert [x.article.id for x in got] == [f"a{i}" for i in range(5)]
