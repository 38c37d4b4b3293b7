"""Running the stages over articles: the engine behind ``dateline extract`` and ``dateline.extract()``.

:func:`extract_articles` streams :class:`~dateline.model.Extraction` records from articles,
batching with ``nlp.pipe`` and, with ``workers > 1``, spreading batches over processes that
each load the pipeline once; with a per-document time budget (``max_seconds``) the work runs in
processes that can be stopped (:mod:`dateline.budget`).
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

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


T = TypeVar("T")

# What a pipeline is loaded from: (spaCy model, dateline stages, extra actor KB files); see nlp.load.
PipelineSpec = tuple[str | None, tuple[str, ...] | None, tuple[str, ...]]


def _extract_serial(articles: Iterable[Article], spec: PipelineSpec, batch_size: int) -> Iterator[Extraction]:
    nlp = nlp_module.load(*spec)
    for batch in ready_chunks(articles, batch_size):  # a batch of what has come, not held for more input
        for doc in processed(nlp, batch, batch_size):
            yield extraction_from_doc(doc)


# spaCy's tok2vec and parser hold ~14 KB per token of a Doc at their peak: a 1M-character article (~200k
# tokens) would need ~3 GB. Longer articles are parsed in pieces of at most this many characters, cut at
# paragraph breaks, and joined into one Doc before dateline's stages (which see the whole article).
PIECE_CHARS = 100_000


def processed(nlp, articles: Iterable[Article], batch_size: int) -> Iterator[Doc]:
    """Every article through the whole pipeline, in order: short ones in ``nlp.pipe`` batches, an article
    over :data:`PIECE_CHARS` parsed piece by piece (:func:`parsed_in_pieces`), then through the stages."""
    short: list[Article] = []
    for article in articles:
        if len(article.text) <= PIECE_CHARS:
            short.append(article)
            if len(short) >= batch_size:
                yield from nlp.pipe(docs_of(nlp, short), batch_size=batch_size)
                short = []
            continue
        yield from nlp.pipe(docs_of(nlp, short), batch_size=batch_size)
        short = []
        yield _staged(nlp, parsed_in_pieces(nlp, article))
    yield from nlp.pipe(docs_of(nlp, short), batch_size=batch_size)


def _dateline_pipes(nlp) -> list[str]:
    return [name for name in nlp.pipe_names if name.startswith("dateline_") and name != "dateline_paragraphs"]


def parsed_in_pieces(nlp, article: Article) -> Doc:
    """The article's Doc through spaCy's components (not dateline's stages), parsed in pieces cut at
    paragraph (else line, else word) breaks and joined: the joined text is the article's text."""
    from spacy.tokens import Doc as SpacyDoc

    pieces = list(nlp.pipe(_pieces(article.text), disable=_dateline_pipes(nlp), batch_size=1))  # one at a time
    doc = SpacyDoc.from_docs(pieces, ensure_whitespace=False)
    doc._.article = article
    return doc


def _pieces(text: str) -> Iterator[str]:
    start = 0
    while len(text) - start > PIECE_CHARS:
        window = text[start:start + PIECE_CHARS]
        cut = next((at + len(sep) for sep in ("\n\n", "\n", " ") if (at := window.rfind(sep)) > 0), PIECE_CHARS)
        yield text[start:start + cut]
        start += cut
    yield text[start:]


def _staged(nlp, doc: Doc) -> Doc:
    for name in _dateline_pipes(nlp):
        doc = nlp.get_pipe(name)(doc)
    return doc


# Set in each worker process by _worker_init.
_WORKER_PIPELINE: PipelineSpec = (None, None, ())


def _worker_init(spec: PipelineSpec) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = spec
    nlp_module.load(*spec)


def _worker_batch(articles: list[Article]) -> list[Extraction]:
    nlp = nlp_module.load(*_WORKER_PIPELINE)
    return [extraction_from_doc(doc) for doc in processed(nlp, articles, len(articles) or 1)]


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


_END = object()


def ready_chunks(items: Iterable[T], size: int, *, expected: Callable[[], int] | None = None) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``, each handed over as soon as no further item is ready: input that
    arrives slowly (``tail -f feed.jsonl | dateline ingest -``) is not held back until ``size`` more come.

    A reader thread pulls ``items`` into a queue (at most ``size`` ahead). A list is cut at ``size``, or
    when the queue is empty and ``expected()`` (how many items the source owes so far: for results, the
    inputs handed to their producer) is not more than those taken; without ``expected``, whenever the
    queue is empty. Input that is read faster than it is used (a file) fills every list. An exception
    of ``items`` is raised here, in order."""
    ready: queue.Queue = queue.Queue(maxsize=size)
    stop = threading.Event()
    threading.Thread(target=_read_into, args=(iter(items), ready, stop), daemon=True, name="ready-chunks").start()
    taken = 0
    try:
        while True:
            chunk: list[T] = []
            while len(chunk) < size:
                try:
                    item = ready.get(block=not chunk)
                except queue.Empty:
                    if expected is None or expected() <= taken:
                        break
                    item = ready.get()
                if item is _END:
                    if chunk:
                        yield chunk
                    return
                if isinstance(item, _Raised):
                    raise item.error
                chunk.append(item)
                taken += 1
            yield chunk
    finally:
        stop.set()


class _Raised:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def _read_into(it: Iterator, ready: queue.Queue, stop: threading.Event) -> None:
    """The reader of :func:`ready_chunks`: every item into ``ready``, then the end (or the exception)."""
    def put(item) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    try:
        for item in it:
            if not put(item):
                break
        else:
            put(_END)
    except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
        put(_Raised(exc))
    finally:
        if stop.is_set() and hasattr(it, "close"):
            it.close()  # the consumer stopped early: let the source clean up (its worker processes...)


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
        for batch in pool.imap(_worker_batch, ready_chunks(articles, batch_size)):
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
