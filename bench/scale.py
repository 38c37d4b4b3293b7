"""Issue 14's figures on one machine: ingest and extract beside a bare parse, client memory, startup.

    python bench/scale.py [--short 256] [--long 24] [--long-chars 20000] [--rss-sizes 2000,20000]
                          [--rss-shift-days 22] [--startup-runs 3] [--repeat 1] [--skip throughput,rss,...]

Printed, each measured in this run (ratios compare runs made one after another, so a burst of load
elsewhere on a shared machine skews them less than absolute rates):

1. **throughput**: articles/s of the bare spaCy parse, ``extract`` (every stage, no store) and
   ``ingest`` (JSONL in, DuckDB store and stories out), each as a ratio to the bare parse
   (:func:`dateline.throughput.measure`), on short articles (the examples, ~1,800 characters,
   repeated with dates shifted by a day) and on long ones (the examples joined into articles of
   ``--long-chars`` characters, repeated the same way).
2. **rss**: the ingest client's peak RSS after storing N articles, for each of ``--rss-sizes``, each
   in a fresh process. The client is what stays in the ingesting process when the NLP runs in
   workers (``--workers N``, a Dask cluster): one transaction per batch of 64 and the batch's
   stories update. Its input is the examples' extractions (the NLP ran once, beforehand), copied
   with new ids and dates shifted by ``--rss-shift-days`` per copy: more than the storyline window
   (21 days), so each copy's articles make stories of their own, as a stream of news does; with a
   one-day shift every copy of an article would join one story that grows with the store. Storylines
   still chain across copies (the examples' dates span 18 years, so copy k of one example falls within
   the link window of copy j of a similar one): the biggest grows with the store (2,600 stories at
   42,000 articles), which the stories update no longer reads whole (docs/scale.md, "Client memory").
3. **stages**: where extraction spends its time: seconds in each pipeline component (spaCy's and
   dateline's stages) over the short articles, each component run over all of them in turn.
4. **startup**: wall time of ``dateline extract`` on one short article, beside a process that only
   imports spaCy and loads the same pipeline: the difference is dateline's own start (imports,
   knowledge base, gazetteer, stage models) plus the article; and the same with ``DATELINE_CACHE=off``,
   as on the first run after an install, before the gazetteer's tables are in the user's cache folder.
5. **cluster**: the Dask scale-out's ratio (``--cluster local:2`` against ``--workers 1``), when the
   installed dateline has it (``dateline.scale.bench.cluster_ratio``); else a note saying so.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dateline.ingest import read_inputs
from dateline.model import Article
from dateline.throughput import lengthen, measure, replicate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
SECTIONS = ("throughput", "rss", "stages", "startup", "cluster")
CLIENT_BATCH = 64  # the ingest service's default write batch
console = Console(width=140)


def _examples() -> list[Article]:
    return [a for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article)]


# --- 1. throughput -------------------------------------------------------------------------------


def throughput(short: int, long: int, long_chars: int, repeat: int) -> None:
    base = _examples()
    sets = {
        f"short (~{sum(len(a.text) for a in base) // len(base):,} chars)": replicate(base, short),
        f"long (~{long_chars:,} chars)": replicate(lengthen(base, long_chars), long),
    }
    table = Table(title=f"throughput, best of {repeat}: ratios to the bare parse of the same articles")
    for col in ("articles", "n", "bare art/s", "extract art/s", "ingest art/s", "extract × bare", "ingest × bare",
                "ingest × extract"):
        table.add_column(col, justify="left" if col == "articles" else "right")
    for label, articles in sets.items():
        rows = {m.mode: m for m in measure(articles, repeat=repeat)}
        bare, extract, ingest = (rows[m].articles_per_s for m in ("bare", "extract", "ingest"))
        table.add_row(label, f"{len(articles)}", f"{bare:.2f}", f"{extract:.2f}", f"{ingest:.2f}",
                      f"{extract / bare:.2f}", f"{ingest / bare:.2f}", f"{ingest / extract:.2f}")
    console.print(table)


# --- 2. client memory --------------------------------------------------------------------------------


def client_run(extractions_file: Path, count: int, shift_days: int) -> dict:
    """In this process: store ``count`` copies of the pickled extractions as the ingest client does
    (``Store.write`` then ``stories.update`` per batch); the figures as a dict."""
    from dateline.store import Store
    from dateline.stories import store as stories
    from dateline.throughput import shifted_copy

    base = pickle.loads(extractions_file.read_bytes())
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "client.duckdb")
        start = time.perf_counter()
        batch, written, copy = [], 0, 0
        while written < count:
            for ex in base[: count - written]:
                batch.append(shifted_copy(ex, copy, shift_days))
                written += 1
                if len(batch) == CLIENT_BATCH:
                    _client_batch(store, stories, batch)
            copy += 1
        _client_batch(store, stories, batch)
        seconds = time.perf_counter() - start
        stored = store.counts()["articles"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": stored, "seconds": seconds, "peak_rss_mb": peak}


def _client_batch(store, stories, batch: list) -> None:
    if batch:
        store.write(batch)
        stories.update(store, [ex.article.id for ex in batch], extractions=batch)
        batch.clear()


def client_rss(sizes: list[int], shift_days: int) -> None:
    from dateline.pipeline import extract_articles

    base = [ex for ex in extract_articles(_examples())]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "extractions.pickle"
        path.write_bytes(pickle.dumps(base))
        results = [_child(["--child-client", str(path), str(n), str(shift_days)]) for n in sizes]
    table = Table(title=f"ingest client: peak RSS after storing N articles ({len(base)} example extractions, "
                        f"copies shifted by {shift_days} days; fresh process per size)")
    for col in ("articles", "seconds", "articles/s", "peak RSS MB", "growth vs smallest"):
        table.add_column(col, justify="right")
    first = results[0]["peak_rss_mb"]
    for r in results:
        table.add_row(f"{r['articles']:,}", f"{r['seconds']:.0f}", f"{r['articles'] / r['seconds']:.1f}",
                      f"{r['peak_rss_mb']:.0f}", f"{(r['peak_rss_mb'] / first - 1) * 100:+.1f}%")
    console.print(table)


def _child(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- 3. stages ---------------------------------------------------------------------------------------


def stages(short: int) -> None:
    from dateline import nlp as nlp_module
    from dateline.pipeline import docs_of

    nlp = nlp_module.load()
    docs = list(docs_of(nlp, replicate(_examples(), short)))
    seconds = {}
    for name, component in nlp.pipeline:  # each over every Doc, in pipeline order, as nlp.pipe would
        start = time.perf_counter()
        docs = list(component.pipe(docs) if hasattr(component, "pipe") else map(component, docs))
        seconds[name] = time.perf_counter() - start
    total = sum(seconds.values())
    table = Table(title=f"time per pipeline component over {len(docs)} short articles")
    for col in ("component", "seconds", "share"):
        table.add_column(col, justify="left" if col == "component" else "right")
    for name, secs in seconds.items():
        table.add_row(name, f"{secs:.1f}", f"{secs / total:.0%}")
    dateline_share = sum(v for k, v in seconds.items() if k.startswith("dateline_")) / total
    table.add_row("dateline's stages", f"{dateline_share * total:.1f}", f"{dateline_share:.0%}")
    console.print(table)


# --- 4. startup --------------------------------------------------------------------------------------


def startup(runs: int) -> None:
    from dateline.nlp import find_model

    model = find_model()
    article = min(EXAMPLES.glob("*.txt"), key=lambda p: p.stat().st_size)
    spacy_only = [sys.executable, "-c", f"import spacy; spacy.load({model!r})"]
    extract = [sys.executable, "-m", "dateline.cli", "extract", str(article)]
    cold = {**os.environ, "DATELINE_CACHE": "off"}  # the tables kept between runs built again, as on a first run
    timings = {"spacy": [], "extract": [], "cold": []}
    for _ in range(runs):  # interleaved, so that a burst of load hits all three
        timings["spacy"].append(_wall(spacy_only))
        timings["extract"].append(_wall(extract))
        timings["cold"].append(_wall(extract, cold))
    spacy_s, extract_s, cold_s = (min(timings[k]) for k in ("spacy", "extract", "cold"))
    table = Table(title=f"startup, best of {runs}: dateline extract on one short article ({article.name}, "
                        f"{article.stat().st_size:,} bytes)")
    for col in ("import spaCy + load " + model, "dateline extract", "beyond loading spaCy",
                "first run (DATELINE_CACHE=off)", "beyond loading spaCy, first run"):
        table.add_column(col, justify="right")
    table.add_row(f"{spacy_s:.2f} s", f"{extract_s:.2f} s", f"{extract_s - spacy_s:.2f} s", f"{cold_s:.2f} s",
                  f"{cold_s - spacy_s:.2f} s")
    console.print(table)


def _wall(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - start


# --- 5. cluster --------------------------------------------------------------------------------------


def cluster(short: int) -> None:
    """The Dask scale-out's own benchmark function, when this dateline has one."""
    try:
        bench = importlib.import_module("dateline.scale.bench")
        ratio = bench.cluster_ratio
    except (ImportError, AttributeError) as exc:
        console.print(f"cluster ratio (--cluster local:2 vs --workers 1): not available in this install ({exc})")
        return
    console.print(f"cluster ratio (--cluster local:2 vs --workers 1): {ratio(replicate(_examples(), short))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", type=int, default=256, help="short articles in the throughput runs")
    parser.add_argument("--long", type=int, default=24, help="long articles in the throughput runs")
    parser.add_argument("--long-chars", type=int, default=20_000, help="characters of a long article")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved throughput runs; the fastest is kept")
    parser.add_argument("--rss-sizes", default="2000,20000", help="comma-separated article counts")
    parser.add_argument("--rss-shift-days", type=int, default=22, help="days between copies of the examples")
    parser.add_argument("--startup-runs", type=int, default=3)
    parser.add_argument("--skip", default="", help=f"comma-separated sections to skip: {', '.join(SECTIONS)}")
    parser.add_argument("--child-client", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_client:
        path, count, shift = args.child_client
        print(json.dumps(client_run(Path(path), int(count), int(shift))))
        return
    skip = set(filter(None, args.skip.split(",")))
    if skip - set(SECTIONS):
        parser.error(f"unknown sections: {', '.join(sorted(skip - set(SECTIONS)))}")
    if "throughput" not in skip:
        throughput(args.short, args.long, args.long_chars, args.repeat)
    if "rss" not in skip:
        client_rss(sorted(int(n) for n in args.rss_sizes.split(",")), args.rss_shift_days)
    if "stages" not in skip:
        stages(args.short)
    if "startup" not in skip:
        startup(args.startup_runs)
    if "cluster" not in skip:
        cluster(args.short)


if __name__ == "__main__":
    main()
