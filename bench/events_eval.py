"""PLOVER event coding measured on the PLOVER gold-standard records (PLOVER_GSR_CAMEO.txt).

Usage: python bench/events_eval.py [SHARED_DIR_OR_GSR_FILE] [--limit N] [--article DATED_TEXT_FILE]

Each gold record's sentence goes through the full pipeline as one article (text = the
sentence, date = the record's "date", else 2000-01-01). Of the events found, the one with the
highest confidence (ties: the earliest) is the prediction for the record — no peeking at the
gold. Compared is ``Event.plover_type`` (the manual's single category, e.g. a future CONSULT
is AGREE). Older gold labels are mapped: DEMAND -> REQUEST, DISAPPROVE -> ACCUSE (mode
disapprove), INVESTIGATE -> ACCUSE (mode investigate), FIGHT -> ASSAULT; older mode names too
(see GOLD_MODES), the few non-ISO3 gold country codes (JAP, ITL, VTN; see GOLD_CODES) and sectors
("***" = unknown, not scored; CIV = CVL; see GOLD_SECTORS).

Reported: event-type accuracy and macro-F1 (a record with no event counts as "NONE"), a
confusion table, source/target actor accuracy by country and by country + sector (over records
whose gold has that actor; a prediction is right when it matches any of the gold's compound
actors; gold "IGO"/"NGO"/"IMG" codes match the predicted sector or the actor's PLOVER code,
``dateline.knowledge.kb.plover_code``: an armed group with no country is IMG, as in bench/actors_eval.py),
mode accuracy over records whose gold has a mode, and documents/s of the pipeline (all dateline
stages, one process), of the same pipeline without the events stage, and of a bare spaCy parse of
the same sentences (best of three interleaved rounds). The gold reader and scorer are
``dateline.evaluation.events``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED
from dateline.evaluation.events import GSR, Gold, Predicted, load_gold, pick, score, table, to_predicted

ROUNDS = 3


def run(golds: list[Gold]) -> tuple[list[Predicted], dict]:
    """Predictions for the gold sentences, and docs/s of the pipeline and of a bare parse."""
    from dateline import nlp as nlp_module
    from dateline.model import Article
    from dateline.pipeline import extract_articles

    articles = [Article(id=g.id, date=g.date, text=g.text) for g in golds]
    nlp_module.load()
    bare = nlp_module.load_bare()
    list(extract_articles(articles[:2]))  # warm up lazily loaded lexicons and gazetteer
    others = tuple(name for name, _ in nlp_module.STAGES if name != "dateline_events")
    no_events = nlp_module.load(None, others)
    timings: dict[str, list[float]] = {"pipeline": [], "no_events": [], "bare": []}
    for _ in range(ROUNDS):  # interleaved rounds, best of each: a shared machine is noisy
        t0 = time.perf_counter()
        extractions = list(extract_articles(articles))
        timings["pipeline"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        list(no_events.pipe(_docs(no_events, articles), batch_size=16))
        timings["no_events"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        list(bare.pipe((g.text for g in golds), batch_size=16))
        timings["bare"].append(time.perf_counter() - t0)
    preds = [to_predicted(pick(ex.events)) for ex in extractions]
    return preds, {key: len(golds) / min(values) for key, values in timings.items()}


def _docs(nlp, articles):
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.article = article
        yield doc


def _actor(ref) -> str:
    if ref is None:
        return "-"
    code = " ".join(filter(None, (ref.country, ref.sector)))
    return f"{ref.name or ref.text} ({code})" if code else (ref.name or ref.text)


def article_table(path: Path) -> str:
    """The events of one dated-text article, one row each (for the closing note)."""
    import dateline

    rows = ["| type (PLOVER) | mode | modality | source | target | date | place | counts | evidence |",
            "|---|---|---|---|---|---|---|---|---|"]
    for e in dateline.extract(path.read_text(encoding="utf-8")).events:
        coded = e.type if e.plover_type in (None, e.type) else f"{e.type} ({e.plover_type})"
        date = e.date + ("" if e.date_resolved else " (DCT)")
        place = f"{e.location.text} ({e.location.country})" if e.location else "-"
        counts = ", ".join(f"{c.kind} {c.value}{'~' if c.approximate else ''}" for c in e.counts) or "-"
        rows.append(f"| {coded} | {e.mode or '-'} | {e.modality} | {_actor(e.source)} | {_actor(e.target)} "
                    f"| {date} | {place} | {counts} | {e.evidence.text[:60]!r} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", nargs="?", default=str(DEFAULT_SHARED), help="shared dir or the GSR file")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--article", type=Path, default=None, help="also list the events of this dated-text file")
    args = parser.parse_args(argv)
    if args.article is not None:
        print(article_table(args.article), end="\n\n")
    path = Path(args.shared)
    path = path if path.is_file() else path / GSR
    if not path.is_file():
        print(f"skipped: PLOVER gold not found at {path}")
        return 0
    golds = load_gold(path)[: args.limit]
    preds, speed = run(golds)
    print(table(score(golds, preds), speed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
