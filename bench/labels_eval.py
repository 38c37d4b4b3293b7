"""Story labels and article titles: how many are boilerplate (target 0), and every story label for review.

Usage: python bench/labels_eval.py [SHARED_DIR] [--no-list]

Reads SHARED_DIR/corpus/dev (scraped excerpts, with index.tsv) and the shipped examples/articles as
`dateline ingest` does (index.tsv beside the files gives url and outlet; titles are detected), runs the
pipeline and the stories engine, and prints per corpus:
- articles, titles detected, and the share of titles and of shown article labels (title, else first
  sentence) that are boilerplate;
- stories, and the share of story labels that are boilerplate, by how each label was made (a real
  headline, written from the main event, or a first sentence);
- with the listing (default), every story label with its article count, how it was made, and the
  gold label of index.tsv for comparison.
A text counts as boilerplate when the lexicon (`dateline.ingest.headlines.boilerplate_kind`) calls it
so, or when one of this script's own checks (the failures issue 15 reported, written here
independently of the lexicon) fires: a byline, a timestamp, a source line, site navigation, a
consent banner, a dateline lead-in, an article id, or a cut in the middle of a word.
Exits 0 with "skipped: ..." for the dev corpus when the shared folder is absent (the examples still run).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED
from dateline.ingest import read_inputs
from dateline.ingest.headlines import article_label, boilerplate_kind, is_headline
from dateline.model import Article, Extraction
from dateline.pipeline import extract_articles
from dateline.stories import cluster

REPO = Path(__file__).resolve().parents[1]

# The failures issue 15 names, checked without the lexicon the labels are made with.
CHECKS = {
    "byline": re.compile(r"^By\s+[A-Z]|,\s*(CNN|Reuters|AP|AFP)$"),
    "timestamp": re.compile(r"\d{4}-\d{2}-\d{2}|\b\d{1,2}:\d{2}\b|^\W*(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*,"
                            r"|^\W*(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}"),
    "source": re.compile(r"^(From|Source|Photo|Credit)\s*:|\bwww\.|https?://", re.I),
    "navigation": re.compile(r"\s\|\s|^\||Filed Under|Follow us|Quick Alerts|Article content|Read more", re.I),
    "consent": re.compile(r"cookie|privacy|consent", re.I),
    "dateline": re.compile(r"^[A-Z][A-Z ,.]{2,}(\([^)]*\))?\s*(--|—|–)|^STORY:"),
}


def problems(text: str, source_text: str, article_id: str | None = None) -> list[str]:
    """What is wrong with a title or a label: boilerplate kinds, an id, a word cut in the middle."""
    found = [kind for kind, rx in CHECKS.items() if rx.search(text)]
    kind = boilerplate_kind(text)
    if kind and kind not in found:
        found.append(kind)
    if not text.strip() or (article_id and article_id in text):
        found.append("id")
    if text.endswith("…"):
        last = text[:-1].split()[-1].strip(",;:—–-") if text[:-1].split() else ""
        if last and not re.search(rf"(?<!\w){re.escape(last)}(?!\w)", source_text):
            found.append("mid-word")
    return found


def load(folder: Path) -> tuple[list[Extraction], dict[str, str]]:
    """Extractions of the folder's articles (read as `dateline ingest` reads them) and article id -> gold label."""
    articles = [a for a in read_inputs([str(folder)]) if isinstance(a, Article)]
    gold_by_file = {}
    index = folder / "index.tsv"
    if index.is_file():
        with open(index, encoding="utf-8") as fh:
            gold_by_file = {r["file"]: r.get("label") or "" for r in csv.DictReader(fh, delimiter="\t")}
    gold = {a.id: gold_by_file.get(Path(a.source or "").name, "") for a in articles}
    return list(extract_articles(articles)), gold


def how_made(label: str, exs: list[Extraction]) -> str:
    titles = [ex.article.title for ex in exs]
    if any(label.rstrip("…") and t and is_headline(t) and t.startswith(label.rstrip("…")) for t in titles):
        return "headline"
    if any(label == article_label(ex.article.title, ex.article.text) for ex in exs):
        return "sentence"
    return "event"


def evaluate(name: str, folder: Path, listing: bool) -> tuple[int, int]:
    exs, gold = load(folder)
    by_id = {ex.article.id: ex for ex in exs}
    titled = [ex for ex in exs if ex.article.title]
    bad_titles = [ex for ex in titled if problems(ex.article.title, ex.article.text, ex.article.id)]
    shown = {ex.article.id: article_label(ex.article.title, ex.article.text) for ex in exs}
    bad_shown = {a: problems(s, by_id[a].article.text, a) for a, s in shown.items()}
    bad_shown = {a: p for a, p in bad_shown.items() if p}
    stories = cluster(exs).stories
    made, bad_labels = Counter(), {}
    rows = []
    for s in stories:
        members = [by_id[a] for a in s.article_ids]
        how = how_made(s.label, members)
        made[how] += 1
        text = " ".join(m.article.title or "" for m in members) + " " + " ".join(m.article.text for m in members)
        found = problems(s.label, text)
        if found:
            bad_labels[s.id] = found
        golds = Counter(gold[a] for a in s.article_ids if gold.get(a)).most_common(1)
        rows.append((len(s.article_ids), how, s.label, golds[0][0] if golds else "", found))
    print(f"\n## {name}: {len(exs)} articles, {len(stories)} stories")
    print(f"titles detected          {len(titled):4d} of {len(exs)}; boilerplate {len(bad_titles)} "
          f"({_share(len(bad_titles), len(titled))})")
    print(f"article labels shown     {len(shown):4d}; boilerplate {len(bad_shown)} "
          f"({_share(len(bad_shown), len(shown))})")
    print(f"story labels             {len(stories):4d}; boilerplate {len(bad_labels)} "
          f"({_share(len(bad_labels), len(stories))}); made from: "
          + ", ".join(f"{k} {made[k]}" for k in ("headline", "event", "sentence")))
    for ex in bad_titles:
        print(f"  boilerplate title: {ex.article.title!r} {problems(ex.article.title, ex.article.text)}")
    for a, p in bad_shown.items():
        print(f"  boilerplate article label: {shown[a]!r} {p}")
    if listing:
        print("\n| articles | made from | story label | gold label (index.tsv) |\n|---:|---|---|---|")
        for n, how, label, gold_label, found in sorted(rows, key=lambda r: (-r[0], r[2])):
            flag = f" **{', '.join(found)}**" if found else ""
            print(f"| {n} | {how} | {label}{flag} | {gold_label} |")
    return len(bad_labels), len(bad_shown) + len(bad_titles)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", nargs="?", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--no-list", action="store_true", help="figures only, no listing of the labels")
    args = parser.parse_args(argv)
    corpora = [("examples (examples/articles)", REPO / "examples" / "articles")]
    dev = args.shared / "corpus" / "dev"
    if dev.is_dir():
        corpora.insert(0, ("dev (../shared/corpus/dev)", dev))
    else:
        print(f"skipped: dev corpus: {dev} not found (the examples still run)")
    total_labels = total_titles = 0
    for name, folder in corpora:
        labels, titles = evaluate(name, folder, not args.no_list)
        total_labels += labels
        total_titles += titles
    print(f"\nboilerplate story labels: {total_labels}; boilerplate titles and article labels: {total_titles}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
