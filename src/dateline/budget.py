"""Extraction under a per-document time budget: the stages run in worker processes that can be stopped.

A document whose extraction runs over ``max_seconds`` (say a 900 KB page of text without punctuation, or
a bug that makes some input slow) must not hang an ingest: its worker process is killed, the document
becomes a :class:`~dateline.model.Rejection` with a clear reason, a fresh worker takes over and the
other documents go on. A worker that dies (out of memory, a crash in native code) is handled the same
way. Python cannot stop a thread that is running spaCy, which is why the work is in a process.

Workers take their articles a batch at a time (``nlp.pipe`` batches, as without a budget) and send
each result back as soon as it is done; the budget counts from the last result. When it runs out the
rest of that batch is retried one article at a time, so only the article that is really too slow is
rejected, never its neighbours.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

from dateline.model import Article, Extraction, Rejection, record_id

LOAD_SECONDS = 600.0  # loading spaCy and the stages is not part of any document's budget


@contextmanager
def _children_allowed() -> Iterator[None]:
    """Let a daemonic process start the worker process: a Dask worker is one (``distributed.worker.daemon``), and
    multiprocessing refuses children to daemons lest they outlive a daemon killed when its parent exits. This
    child ends by itself when its pipe closes (:func:`serve`'s ``recv`` raises), and its parent kills it at exit."""
    config = mp.current_process()._config  # the flag has no public setter for a running process
    daemonic = config.pop("daemon", None)
    try:
        yield
    finally:
        if daemonic is not None:
            config["daemon"] = daemonic


class _Worker:
    """One worker process with the pipeline loaded, fed batches of articles through a pipe."""

    def __init__(self, spec: tuple, serve: Callable) -> None:
        ctx = mp.get_context("spawn")  # fork would copy a loaded model's threads state; spawn is safe
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(spec, child), daemon=True)
        with _children_allowed():
            self.process.start()
        child.close()
        if not self.conn.poll(LOAD_SECONDS) or self._receive() != "ready":
            self.stop()
            raise RuntimeError("the extraction worker could not load the pipeline")

    def _receive(self):
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            return None  # the process died

    def run(self, articles: list[Article], max_seconds: float) -> Iterator[Extraction | None]:
        """The batch's extractions in order; None where the budget ran out or the worker died (then stop)."""
        self.conn.send((articles, len(articles)))
        for _ in articles:
            result = self._receive() if self.conn.poll(max_seconds) else None
            yield result
            if result is None:
                return

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def serve(spec: tuple, conn) -> None:
    """The worker process: load the pipeline once, then extract every batch it is sent."""
    from dateline import nlp as nlp_module
    from dateline.pipeline import extraction_from_doc, processed

    nlp = nlp_module.load(*spec)
    conn.send("ready")
    while True:
        articles, batch_size = conn.recv()
        for doc in processed(nlp, articles, batch_size):
            conn.send(extraction_from_doc(doc))


def over_budget(article: Article, max_seconds: float) -> Rejection:
    """The rejection of an article whose extraction ran over its budget (or killed its worker)."""
    message = (f"extraction stopped after {max_seconds:g} s (the per-document time budget, --max-seconds) "
               f"on article {article.id} of {len(article.text):,} characters; the rest of the input went on")
    return Rejection(id=record_id(article.source, "time-budget", article.id), source=article.source,
                     reason="time-budget", message=message)


class Supervisor:
    """Runs batches on one worker, replacing it when a document runs over the budget."""

    def __init__(self, spec: tuple, max_seconds: float, serve: Callable) -> None:
        self.spec, self.max_seconds, self.serve = spec, max_seconds, serve
        self.worker: _Worker | None = None

    def batch(self, articles: list[Article]) -> list[Extraction | Rejection]:
        out: list[Extraction | Rejection] = []
        todo = deque(articles)
        one_by_one = False
        while todo:
            sent = [todo[0]] if one_by_one else list(todo)
            done = self._run(sent, out)
            for _ in range(done):
                todo.popleft()
            if done < len(sent):  # over budget, or the worker died: find the culprit alone
                if one_by_one or len(sent) == 1:
                    out.append(over_budget(todo.popleft(), self.max_seconds))
                one_by_one = True
        return out

    def start(self) -> None:
        """Start the worker process (it loads the pipeline) if none is running."""
        if self.worker is None:
            self.worker = _Worker(self.spec, self.serve)

    def _run(self, sent: list[Article], out: list) -> int:
        self.start()
        done = 0
        for result in self.worker.run(sent, self.max_seconds):
            if result is None:
                self.worker.stop()
                self.worker = None
                break
            out.append(result)
            done += 1
        return done

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


def extract_within_budget(
    articles: Iterable[Article], spec: tuple, *, max_seconds: float, workers: int = 1, batch_size: int = 16,
    serve: Callable = serve,
) -> Iterator[Extraction | Rejection]:
    """One Extraction per article, in input order, or a Rejection for an article over ``max_seconds``.

    ``serve`` is the worker process's main function (:func:`serve`: load the pipeline ``spec`` names,
    say "ready", then extract every batch it is sent, one result at a time).

    A feeder thread cuts the input into batches of what has come (:func:`~dateline.pipeline.ready_chunks`)
    and submits them, a bounded number ahead; each batch's results are yielded as soon as it is done,
    so articles that arrive slowly (a pipe left open) are not held back until more input comes."""
    local = threading.local()
    supervisors: list[Supervisor] = []
    guard = threading.Lock()

    def run(batch: list[Article]) -> list[Extraction | Rejection]:
        if not hasattr(local, "supervisor"):  # one worker process per thread, started on first use
            local.supervisor = Supervisor(spec, max_seconds, serve)
            with guard:
                supervisors.append(local.supervisor)
        return local.supervisor.batch(batch)

    submitted: queue.Queue = queue.Queue()
    slots = threading.Semaphore(2 * max(1, workers) + 1)  # bounded read-ahead: batches submitted, not yet yielded
    stop = threading.Event()
    with ThreadPoolExecutor(max(1, workers)) as pool:
        feeder = threading.Thread(target=_feed, args=(articles, batch_size, pool, run, submitted, slots, stop),
                                  daemon=True, name="budget-feeder")
        feeder.start()
        try:
            while (future := submitted.get()) is not None:
                if isinstance(future, BaseException):
                    raise future
                yield from future.result()  # results in input order
                slots.release()
        finally:
            stop.set()
            slots.release()  # a feeder waiting for a slot sees the stop
            _cancel_all(submitted)
            pool.shutdown(wait=True)
            for supervisor in supervisors:
                supervisor.stop()


def _feed(articles: Iterable[Article], batch_size: int, pool: ThreadPoolExecutor, run: Callable,
          submitted: queue.Queue, slots: threading.Semaphore, stop: threading.Event) -> None:
    """The feeder of :func:`extract_within_budget`: every batch submitted in order, then None (or the error)."""
    from dateline.pipeline import ready_chunks

    batches = ready_chunks(articles, batch_size)
    try:
        for batch in batches:
            slots.acquire()
            if stop.is_set():
                return
            submitted.put(pool.submit(run, batch))
        submitted.put(None)
    except BaseException as exc:  # noqa: BLE001 - raised by the consumer, in order
        submitted.put(exc)
    finally:
        batches.close()


def _cancel_all(submitted: queue.Queue) -> None:
    while True:
        try:
            future = submitted.get_nowait()
        except queue.Empty:
            return
        if isinstance(future, Future):
            future.cancel()
