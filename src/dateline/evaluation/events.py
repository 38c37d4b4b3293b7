"""PLOVER event coding scored against the PLOVER gold-standard records (PLOVER_GSR_CAMEO.txt),
for ``bench/events_eval.py`` and its tests.

The gold's older labels are mapped to the current PLOVER names: DEMAND -> REQUEST, DISAPPROVE ->
ACCUSE (mode disapprove), INVESTIGATE -> ACCUSE (mode investigate), FIGHT -> ASSAULT; older mode
names too (GOLD_MODES), the few non-ISO3 gold country codes (JAP, ITL, VTN; GOLD_CODES) and
sectors ("***" = unknown, not scored; CIV = CVL; GOLD_SECTORS). The prediction for a record is
its highest-confidence event (:func:`pick`); :func:`score` gives event-type accuracy and macro-F1
(no event = "NONE"), the confusion counts, source/target actor accuracy by country and by country
+ sector (a prediction is right when it matches any of the gold's compound actors; gold
"IGO"/"NGO"/"IMG" codes match the predicted sector or the actor's PLOVER code) and mode accuracy.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

GSR = Path("data") / "plover" / "PLOVER_GSR_CAMEO.txt"  # under the shared folder
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
    """The prediction for a record (one gold event per sentence: the sentence's main event): the most salient
    event (``Event.salience``), then the most confident, the earliest on ties."""
    if not events:
        return None
    return max(events, key=lambda e: (e.salience or 0.0, e.confidence, -e.evidence.start))


def to_predicted(event) -> Predicted:
    if event is None:
        return Predicted()

    def actor(ref):
        return None if ref is None else (ref.country, ref.sector)

    return Predicted(event.plover_type or event.type, event.mode, actor(event.source), actor(event.target),
                     event.type)


def actor_hit(gold: list[dict], pred: tuple[str | None, str | None] | None, with_sector: bool) -> bool:
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
        out[role + "_country"] = _ratio(sum(actor_hit(g, p, False) for g, p in rows), len(rows))
        out[role + "_country_sector"] = _ratio(sum(actor_hit(g, p, True) for g, p in rows), len(rows))
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


