"""Running the stages over articles: the engine behind ``dateline extract`` and ``dateline.extract()``.

:func:`extract_articles` streams :class:`~dateline.model.Extraction` records from articles,
batching with ``nlp.pipe`` and, with ``workers > 1``, spreading batches over processes that
each load the pipeline once; with a per-document time budget (``max_seconds``) the work runs in
processes that can be stopped (:mod:`dateline.budget`).
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from dateline import nlp as nlp_module
from dateline.model import Article, Extraction, Rejection


def extraction_from_doc(doc: Doc) -> Extraction:
    """Collect what the stages stored on a processed Doc."""
    return Extraction(
        article=doc._.article,
        entities=doc._.mentions or [],
        timexes=doc._.timexes or [],
        quotes=doc._.quotes or [],
        events=doc._.events or [],
    )


def docs_of(nlp, articles: Iterable[Article]) -> Iterator[Doc]:
    """Docs ready for the stages: each carries its Article (``doc._.article``)."""
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.article = article
        yield doc


# What a pipeline is loaded from: (spaCy model, dateline stages, extra actor KB files); see nlp.load.
PipelineSpec = tuple[str | None, tuple[str, ...] | None, tuple[str, ...]]


def _extract_serial(articles: Iterable[Article], spec: PipelineSpec, batch_size: int) -> Iterator[Extraction]:
    nlp = nlp_module.load(*spec)
    for doc in nlp.pipe(docs_of(nlp, articles), batch_size=batch_size):
        yield extraction_from_doc(doc)


# Set in each worker process by _worker_init.
_WORKER_PIPELINE: PipelineSpec = (None, None, ())


def _worker_init(spec: PipelineSpec) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = spec
    nlp_module.load(*spec)


def _worker_batch(articles: list[Article]) -> list[Extraction]:
    return list(_extract_serial(articles, _WORKER_PIPELINE, batch_size=len(articles) or 1))


def chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_articles(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    stages: tuple[str, ...] | None = None,
    kb: tuple[str, ...] = (),
    workers: int = 1,
    batch_size: int = 16,
    max_seconds: float | None = None,
) -> Iterator[Extraction | Rejection]:
    """Run the stages (default: all) over ``articles``, yielding one Extraction per article, in input order.

    ``kb``: actor KB files added to the bundled KB (the actors, places and events stages' config).
    ``max_seconds``: a per-document time budget; the stages then run in worker processes and an article
    over it is yielded as a :class:`~dateline.model.Rejection` instead (see :mod:`dateline.budget`)."""
    spec: PipelineSpec = (model, stages, tuple(str(p) for p in kb))
    if max_seconds is not None:
        from dateline.budget import extract_within_budget

        yield from extract_within_budget(articles, spec, max_seconds=max_seconds, workers=workers,
                                         batch_size=batch_size)
        return
    if workers <= 1:
        yield from _extract_serial(articles, spec, batch_size)
        return
    ctx = mp.get_context("spawn")  # fork would copy a loaded model's threads state; spawn is safe
    with ctx.Pool(workers, initializer=_worker_init, initargs=(spec,)) as pool:
        for batch in pool.imap(_worker_batch, chunks(articles, batch_size)):
            yield from batch


def extract_text(
    text: str,
    date: str | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    model: str | None = None,
    kb: tuple[str, ...] = (),
) -> Extraction:
    """Run every stage on one article and return its typed records.

    ``text`` is the article body, or a whole dated-text document (`` date 2024-02-08 ...``)
    whose date line gives the date when ``date`` is not passed.
    """
    from dateline.ingest.text import article_from_dated_text

    article = article_from_dated_text(text, source="<python>", default_date=date, override_date=date, url=url)
    if title is not None:
        article.title = title
    return next(extract_articles([article], model=model, kb=kb))
