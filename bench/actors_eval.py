"""Actor resolution on the PLOVER gold-standard records, independent of event extraction.

Each GSR sentence is run through the entity and actor stages (dated with its ``date`` field);
every gold source/target actor whose ``actorText`` occurs verbatim in the sentence is resolved
with :func:`dateline.stages.actors.linking.resolve_phrase` on that span, and the predicted code is
compared with the gold one. Country accuracy: the ISO3 equals the gold code, or, for gold
``IGO``/``NGO``/``IMG``, the predicted sector or :func:`dateline.knowledge.kb.plover_code` equals it.
Country + sector accuracy is over gold actors with a real sector (not empty, not ``***``),
comparing its first three letters. Gold CAMEO-only codes (JAP, ITL, VTN) count as misses.
bench/events_eval.py measures the same codes on the events' own source/target phrases.

Usage: python bench/actors_eval.py [SHARED_DIR]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED

NON_STATE = {"IGO", "NGO", "IMG"}


def gold_actors(records: list[dict]) -> list[tuple[dict, dict]]:
    """(record, gold actor) pairs whose actor text occurs in the record's text."""
    out = []
    for rec in records:
        for role in ("source", "target"):
            actors = rec.get(role)
            for actor in actors if isinstance(actors, list) else []:
                text = (actor.get("actorText") or "").strip()
                if text and "..." not in text and text.lower() in rec["text"].lower():
                    out.append((rec, actor))
    return out


def hit(gold: dict, country: str | None, sector: str | None, code: str | None) -> tuple[bool, bool | None]:
    """(country right, country+sector right or None when the gold has no usable sector)."""
    want = (gold.get("code") or "").upper()
    ok = code == want or sector == want if want in NON_STATE else country == want
    gsector = (gold.get("sector") or "")[:3].upper()
    if not gsector or gsector == "***":
        return ok, None
    return ok, ok and (sector == gsector or (want in NON_STATE and sector == want))


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else DEFAULT_SHARED
    path = shared / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"
    if not path.exists():
        print(f"skipped: {path} not found")
        return 0
    from dateline import nlp as nlp_module
    from dateline.knowledge.kb import load_kb, plover_code
    from dateline.model import Article
    from dateline.stages.actors.linking import resolve_phrase

    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("text")]
    nlp = nlp_module.load(stages=("dateline_entities", "dateline_actors"))
    kb = load_kb()
    docs: dict[str, object] = {}
    start = time.perf_counter()
    for rec in records:
        doc = nlp.make_doc(rec["text"])
        doc._.article = Article(id=rec["id"], date=rec.get("date") or "2000-01-01", text=rec["text"])
        docs[rec["id"]] = nlp(doc)
    elapsed = time.perf_counter() - start
    countries, sectors = [], []
    for rec, gold in gold_actors(records):
        doc, text = docs[rec["id"]], gold["actorText"].strip()
        at = rec["text"].find(text)
        at = at if at >= 0 else rec["text"].lower().find(text.lower())
        ref = resolve_phrase(doc, doc.char_span(at, at + len(text), alignment_mode="expand"))
        country, sector = (ref.country, ref.sector) if ref else (None, None)
        kind = kb.actors[ref.actor_id].kind if ref and ref.actor_id in kb.actors else None
        ok, ok_sector = hit(gold, country, sector, plover_code(country, sector, kind))
        countries.append(ok)
        if ok_sector is not None:
            sectors.append(ok_sector)
    print(f"records: {len(records)}, gold actor spans: {len(countries)}")
    print("| metric | value | n |\n|---|---|---|")
    print(f"| actor country acc | {sum(countries) / len(countries):.3f} | {len(countries)} |")
    print(f"| actor country+sector acc | {sum(sectors) / len(sectors):.3f} | {len(sectors)} |")
    print(f"| docs/s entities+actors | {len(records) / elapsed:.1f} | {len(records)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
