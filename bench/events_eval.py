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
the same sentences (best of three interleaved rounds).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
GSR = Path("data") / "plover" / "PLOVER_GSR_CAMEO.txt"
DEFAULT_DATE = "2000-01-01"
GOLD_TYPES = {"DEMAND": ("REQUEST", None), "DISAPPROVE": ("ACCUSE", "disapprove"),
              "INVESTIGATE": ("ACCUSE", "investigate"), "FIGHT": ("ASSAULT", None)}
GOLD_MODES = {"strike-hun": "hunger", "strike-gen": "strike", "demo-org": "demo", "demo-spon": "demo",
              "riot-spon": "riot", "detain": "arrest", "confiscate": "seize", "assassinate": "targeted"}
NON_STATE = {"IGO", "NGO", "IMG", "MNC"}
# Gold country codes that are not ISO3 (older CAMEO-style spellings in the GSR): their ISO3 code.
GOLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


# Gold sector (first three letters) -> ours: "***" is the GSR's "unknown" (no sector to score),
# CIV its older spelling of CVL; any other sector is compared as it is.
GOLD_SECTORS = {"***": None, "CIV": "CVL"}
ROUNDS = 3


@dataclass(slots=True)
class Gold:
    """One gold record, labels mapped to the current PLOVER names."""

    id: str
    text: str
    date: str
    type: str
    mode: str | None
    sources: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)


@dataclass(slots=True)
class Predicted:
    """What the system said for one record (None fields when it found no event)."""

    type: str | None = None
    mode: str | None = None
    source: tuple[str | None, str | None] | None = None  # (country, sector)
    target: tuple[str | None, str | None] | None = None
    raw_type: str | None = None  # Event.type, before the PLOVER reduction of future/negated events


def _actors(value) -> list[dict]:
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []


def load_gold(path: Path) -> list[Gold]:
    """The gold records (the DOCUMENT metadata record skipped), with labels mapped."""
    out = []
    for rec in json.loads(path.read_text(encoding="utf-8")):
        if rec.get("event") == "DOCUMENT" or not rec.get("text"):
            continue
        typ, mode = GOLD_TYPES.get(rec["event"], (rec["event"], None))
        raw_mode = (rec.get("mode") or "").strip() or None
        mode = mode or GOLD_MODES.get(raw_mode or "", raw_mode)
        out.append(Gold(rec["id"], rec["text"], rec.get("date") or DEFAULT_DATE, typ, mode,
                        _actors(rec.get("source")), _actors(rec.get("target"))))
    return out


def pick(events: list):
    """The prediction for a record: the highest-confidence event, the earliest on ties."""
    if not events:
        return None
    return max(events, key=lambda e: (e.confidence, -e.evidence.start))


def to_predicted(event) -> Predicted:
    if event is None:
        return Predicted()

    def actor(ref):
        return None if ref is None else (ref.country, ref.sector)

    return Predicted(event.plover_type or event.type, event.mode, actor(event.source), actor(event.target),
                     event.type)


def _actor_hit(gold: list[dict], pred: tuple[str | None, str | None] | None, with_sector: bool) -> bool:
    if pred is None:
        return False
    country, sector = pred
    for g in gold:
        code = (g.get("code") or "").upper()
        code = GOLD_CODES.get(code, code)
        gsector = (g.get("sector") or "")[:3].upper() or None
        gsector = GOLD_SECTORS.get(gsector, gsector)
        if code in NON_STATE:  # the predicted actor's PLOVER code (kb.plover_code: no country + REB -> IMG)
            if sector == code or country == code or _plover_code(country, sector) == code:
                return True
            continue
        if country == code and (not with_sector or gsector is None or sector == gsector):
            return True
    return False


def _plover_code(country: str | None, sector: str | None) -> str | None:
    from dateline.knowledge.kb import plover_code

    return plover_code(country, sector)


def _macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = sorted({g for g, _ in pairs})
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = sum(1 for g, p in pairs if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def score(golds: list[Gold], preds: list[Predicted]) -> dict:
    """All figures for (gold, prediction) pairs in the same order."""
    pairs = [(g.type, p.type or "NONE") for g, p in zip(golds, preds, strict=True)]
    raw = sum(g.type == (p.raw_type or p.type) for g, p in zip(golds, preds, strict=True))
    out: dict = {"n": len(golds), "type_acc": _ratio(sum(g == p for g, p in pairs), len(pairs)),
                 "raw_type_acc": _ratio(raw, len(pairs)),
                 "macro_f1": _macro_f1(pairs), "confusion": Counter(pairs)}
    for role in ("source", "target"):
        rows = [(getattr(g, role + "s"), getattr(p, role)) for g, p in zip(golds, preds, strict=True)
                if getattr(g, role + "s")]
        out[role + "_n"] = len(rows)
        out[role + "_country"] = _ratio(sum(_actor_hit(g, p, False) for g, p in rows), len(rows))
        out[role + "_country_sector"] = _ratio(sum(_actor_hit(g, p, True) for g, p in rows), len(rows))
    moded = [(g.mode, p.mode) for g, p in zip(golds, preds, strict=True) if g.mode]
    out["mode_n"] = len(moded)
    out["mode_acc"] = _ratio(sum(g == p for g, p in moded), len(moded))
    return out


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def table(result: dict, speed: dict | None = None) -> str:
    """The printed report: headline figures, then the confusion table."""
    lines = [f"records: {result['n']}",
             "| metric | value | n |", "|---|---|---|",
             f"| event-type accuracy | {_fmt(result['type_acc'])} | {result['n']} |",
             f"| event-type macro-F1 | {_fmt(result['macro_f1'])} | {result['n']} |",
             f"| (Event.type accuracy, no PLOVER future/negation reduction) | {_fmt(result['raw_type_acc'])} "
             f"| {result['n']} |"]
    for role in ("source", "target"):
        lines.append(f"| {role} actor country acc | {_fmt(result[role + '_country'])} | {result[role + '_n']} |")
        lines.append(f"| {role} actor country+sector acc | {_fmt(result[role + '_country_sector'])} "
                     f"| {result[role + '_n']} |")
    lines.append(f"| mode accuracy (gold has mode) | {_fmt(result['mode_acc'])} | {result['mode_n']} |")
    if speed:
        lines.append(f"| docs/s dateline pipeline | {speed['pipeline']:.1f} | {result['n']} |")
        if "no_events" in speed:
            lines.append(f"| docs/s pipeline without the events stage | {speed['no_events']:.1f} | {result['n']} |")
        lines.append(f"| docs/s bare spaCy parse | {speed['bare']:.1f} | {result['n']} |")
    conf = result["confusion"]
    gold_labels = sorted({g for g, _ in conf})
    pred_labels = sorted({p for _, p in conf})
    lines += ["", "confusion (rows gold, columns predicted):",
              "| gold \\ pred | " + " | ".join(p[:6] for p in pred_labels) + " |",
              "|---" * (len(pred_labels) + 1) + "|"]
    for g in gold_labels:
        lines.append(f"| {g} | " + " | ".join(str(conf.get((g, p), "")) for p in pred_labels) + " |")
    return "\n".join(lines)


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
