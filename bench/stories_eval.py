"""Story clustering benchmark: B³ of article→story clustering, event-merge ratio, merge cost growth.

Usage: python bench/stories_eval.py [SHARED_DIR] [--sizes 100,1000,10000]

Reads SHARED_DIR/corpus/dev/index.tsv (file, story_id, date, url, outlet, label) and the dated
texts beside it, runs the extraction pipeline and the stories engine, and prints:
- B³ precision / recall / F1 against the gold story ids, on the corpus as dated, and with every
  story moved to the same start date ("aligned": dates no longer separate the stories, only text
  does) — the same for the shipped examples/articles, and for both together on one date;
- the event-merge ratio: event mentions per merged event;
- merge cost per article as the store grows: the corpus ("aligned") is replicated with dates
  shifted by CYCLE_DAYS per copy (a store that grows in history at a constant daily volume), and
  the time and cosine count to add articles are measured once the store holds each size, for the
  in-memory engine and for the DuckDB store's incremental update.
Exits 0 with "skipped: ..." when the shared folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED
from dateline.ingest.text import article_from_dated_text
from dateline.model import Extraction, record_id
from dateline.pipeline import extract_articles
from dateline.stories import Clusterer
from dateline.stories.clusterer import info_of
from dateline.stories.features import vectorize

REPO = Path(__file__).resolve().parents[1]
CYCLE_DAYS = 60  # one replicated copy of the aligned corpus every 60 days (> the storyline window)
TIMED_ARTICLES = 700  # articles timed at each store size



def outlet_of(cell: str) -> str | None:
    """The outlet named in an index.tsv cell: "voanews.com (VOA CMS preview host ...)" -> "voanews.com"."""
    name = cell.split(" (")[0].strip()
    return None if not name or name.startswith("(") else name

def load_corpus(folder: Path) -> tuple[list[Extraction], dict[str, str]]:
    """Extractions of the articles listed in folder/index.tsv, and article id -> gold story id."""
    with open(folder / "index.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    articles, gold = [], {}
    for row in rows:
        text = (folder / row["file"]).read_text(encoding="utf-8")
        art = article_from_dated_text(text, source=row["file"], url=row.get("url") or None)
        art.outlet = outlet_of(row.get("outlet") or "")
        articles.append(art)
        gold[art.id] = row["story_id"]
    return list(extract_articles(articles)), gold


def b_cubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B³ precision, recall, F1 of a clustering (item -> cluster) against gold (item -> class)."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item in gold:
        by_pred[pred[item]].add(item)
        by_gold[gold[item]].add(item)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in gold) / len(gold)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold) / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def shifted(ex: Extraction, days: int, tag: str) -> Extraction:
    """A copy of an extraction moved ``days`` later, with new article and event ids."""
    day = date.fromisoformat(ex.article.date[:10]) + timedelta(days=days)
    art = dataclasses.replace(ex.article, id=record_id(ex.article.id, tag), date=day.isoformat())
    events = [dataclasses.replace(e, id=record_id(e.id, tag), date=_shift(e.date, days)) for e in ex.events]
    return dataclasses.replace(ex, article=art, events=events)


def _shift(value: str | None, days: int) -> str | None:
    try:
        return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat() if value else value
    except ValueError:
        return value


def aligned(exs: list[Extraction], gold: dict[str, str]) -> list[Extraction]:
    """Every story moved to start on the same day, keeping the days between its articles."""
    start: dict[str, date] = {}
    for ex in exs:
        d = date.fromisoformat(ex.article.date[:10])
        start[gold[ex.article.id]] = min(start.get(gold[ex.article.id], d), d)
    base = date(2030, 1, 1)
    out = []
    for ex in exs:
        s = shifted(ex, (base - start[gold[ex.article.id]]).days, "aligned")
        gold[s.article.id] = gold[ex.article.id]
        out.append(s)
    return out


def quality(name: str, exs: list[Extraction], gold: dict[str, str]) -> list[str]:
    rec = Clusterer().add_all(exs).records()
    stories = rec.stories
    pred = {a: s.id for s in stories for a in s.article_ids}
    p, r, f = b_cubed(pred, {e.article.id: gold[e.article.id] for e in exs})
    mentions = sum(len(e.events) for e in exs)
    merged = len(rec.events)
    ratio = f"{mentions / merged:.2f}" if merged else "n/a"
    lines = len(rec.storylines)
    n_gold = len({gold[e.article.id] for e in exs})
    return [f"| {name} | {len(exs)} | {n_gold} | {len(stories)} | {lines} | {p:.3f} | {r:.3f} | {f:.3f} "
            f"| {mentions} | {merged} | {ratio} |"]


def growth(exs: list[Extraction], sizes: list[int]) -> list[str]:
    """Per-article cost of the in-memory engine once it holds each size (the corpus replicated in time)."""
    vectors = {e.article.id: vectorize(e) for e in exs}
    c, copy, rows, base = Clusterer(), 0, [], None
    for size in sizes:
        while len(c.info) < size:
            _add(c, _prepared(exs, vectors, copy))
            copy += 1
        prepared = [item for n in range(TIMED_ARTICLES // len(exs)) for item in _prepared(exs, vectors, copy + n)]
        copy += TIMED_ARTICLES // len(exs)
        before, t0 = c.index.comparisons, time.perf_counter()
        _add(c, prepared)
        per = (time.perf_counter() - t0) / len(prepared) * 1e6
        cmp = (c.index.comparisons - before) / len(prepared)
        base = base or per
        rows.append(f"| {size:,} | {len(prepared)} | {per:.0f} | {cmp:.1f} | {per / base:.2f} |")
    return rows


def _prepared(exs: list[Extraction], vectors: dict, copy: int) -> list[tuple]:
    """(vector, info) of one replicated copy of the corpus, ready to add."""
    out = []
    for ex in exs:
        s = shifted(ex, copy * CYCLE_DAYS, f"copy{copy}")
        vec = vectors[ex.article.id]
        out.append((dataclasses.replace(vec, article_id=s.article.id, day=vec.day + copy * CYCLE_DAYS), info_of(s)))
    return out


def _add(c: Clusterer, prepared: list[tuple]) -> None:
    for vec, info in prepared:
        c.add_vector(vec, info)


def store_growth(exs: list[Extraction], sizes: list[int], folder: Path) -> list[str]:
    """Per-article cost of the store's incremental update (dateline.stories.store.update) by store size."""
    from dateline.store import Store
    from dateline.stories import store as story_store

    store = Store(folder / "growth.duckdb")
    copy, stored, rows, base = 0, 0, [], None
    for size in sizes:
        while stored < size:
            batch = _copies(exs, copy, min(10, max(1, (size - stored) // len(exs))))
            copy += len(batch) // len(exs)
            store.write(batch)
            story_store.update(store, [e.article.id for e in batch])
            stored += len(batch)
        batch = _copies(exs, copy, TIMED_ARTICLES // len(exs))
        copy += len(batch) // len(exs)
        store.write(batch)
        t0 = time.perf_counter()
        story_store.update(store, [e.article.id for e in batch])
        per = (time.perf_counter() - t0) / len(batch) * 1e3
        stored += len(batch)
        base = base or per
        rows.append(f"| {size:,} | {len(batch)} | {per:.2f} | {per / base:.2f} |")
    return rows


def _copies(exs: list[Extraction], first: int, n: int) -> list[Extraction]:
    return [shifted(ex, c * CYCLE_DAYS, f"copy{c}") for c in range(first, first + n) for ex in exs]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shared", nargs="?", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--sizes", default="100,1000,10000")
    args = ap.parse_args(argv)
    dev = args.shared / "corpus" / "dev"
    if not (dev / "index.tsv").exists():
        print(f"skipped: {dev / 'index.tsv'} not found")
        return 0
    t0 = time.perf_counter()
    dev_exs, dev_gold = load_corpus(dev)
    ex_exs, ex_gold = load_corpus(REPO / "examples" / "articles")
    print(f"extraction of {len(dev_exs) + len(ex_exs)} articles: {time.perf_counter() - t0:.1f}s\n")
    print("| corpus | articles | gold stories | stories | storylines | B3-P | B3-R | B3-F1 "
          "| event mentions | merged events | merge ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    dev_aligned = aligned(dev_exs, dev_gold)
    for row in (quality("dev", dev_exs, dev_gold) + quality("dev aligned", dev_aligned, dev_gold)
                + quality("examples", ex_exs, ex_gold)
                + quality("examples aligned", aligned(ex_exs, ex_gold), ex_gold)
                + quality("dev + examples aligned", aligned(dev_exs + ex_exs, gold := {**dev_gold, **ex_gold}), gold)):
        print(row)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"\nmerge cost per article (dev aligned, one copy every {CYCLE_DAYS} days)\n")
    print("| store size | articles timed | us/article | cosines/article | ratio to smallest |")
    print("|---|---|---|---|---|")
    for row in growth(dev_aligned, sizes):
        print(row)
    print(f"\nstore update cost per article (DuckDB, incremental update of {TIMED_ARTICLES}-odd new articles)\n")
    print("| store size | articles timed | ms/article | ratio to smallest |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for row in store_growth(dev_aligned, sizes, Path(tmp)):
            print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
