"""Building the article-level event gold (bench/events_gold/): texts for annotators, their files
converted to keys and offsets, the adjudicator's packets and the merged gold. Which ../shared texts it
covers and how each is read: :mod:`dateline.evaluation.events_articles`.

    python bench/events_gold.py prepare --out /tmp/gold/texts   # the texts, one file each, for annotators
    python bench/events_gold.py split           # bench/events_gold/splits.tsv
    python bench/events_gold.py packets --out DIR      # what an adjudicator decides, from the two annotations
    python bench/events_gold.py merge DECISIONS.json... # bench/events_gold/gold.json, the adjudicated gold
    python bench/events_gold.py convert --annotator A --out bench/events_gold/annotator_A.json FILE.json...
        # annotators' files (ANNOTATION.md's format, evidence as strings) -> keys and character offsets
    python bench/events_gold.py prepare --extra --out /tmp/gold2/texts   # the single-annotated additions
    python bench/events_gold.py convert --annotator single --out bench/events_gold/extra.json FILE.json...
        # one annotator each, never adjudicated: an out-of-domain check (--split extra)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED
from dateline.evaluation.events_articles import (
    FIELDS,
    GOLD_DIR,
    ScoredEvent,
    annotator_name,
    field_right,
    locate,
    match,
    read_text,
    select,
    select_extra,
)


def prepare(out: Path, shared: Path = DEFAULT_SHARED, extra: bool = False) -> int:
    """Write each selected text (``extra``: the train-only additions) as ``<name>.txt`` with its
    ' date YYYY-MM-DD' line, plus ``index.tsv``."""
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for key in (select_extra(shared) if extra else select(shared)):
        doc = read_text(key, shared)
        name = annotator_name(key)
        (out / f"{name}.txt").write_text(f" date {doc.dct}\n{doc.text}\n", encoding="utf-8")
        rows.append(f"{name}\t{key}\t{doc.dct}\t{len(doc.text.split())}")
    (out / "index.tsv").write_text("name\tkey\tdct\twords\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def convert(files: list[Path], annotator: str, shared: Path = DEFAULT_SHARED) -> dict:
    """Annotators' files (articles named as :func:`annotator_name` gives them, evidence as an exact
    string) as one project annotation: articles by key, in :func:`select` order, each evidence as
    ``{"start", "end", "text"}`` in the text of :func:`read_text`."""
    by_name = {annotator_name(key): key for key in select(shared) + select_extra(shared)}
    found: dict[str, dict] = {}
    for path in files:
        for art in json.loads(path.read_text(encoding="utf-8"))["articles"]:
            key = by_name[art["file"].removesuffix(".txt")]
            doc = read_text(key, shared)  # each article's file is read once
            found[key] = {"key": key, "dct": doc.dct,
                          "events": [_with_offsets(event, doc.text, key) for event in art["events"]]}
    articles = [found[key] for key in by_name.values() if key in found]
    return {"annotator": annotator, "guidelines": "../shared/data/events/ANNOTATION.md", "articles": articles}


def _with_offsets(event: dict, text: str, key: str) -> dict:
    where = locate(text, event["evidence"])
    if where is None:
        raise ValueError(f"{key}: evidence not in the text: {event['evidence']!r}")
    return {**event, "evidence": {"start": where[0], "end": where[1], "text": event["evidence"]}}


def _fields(event: dict) -> dict:
    return {"source": event.get("source"), "target": event.get("target"), "date": event.get("date"),
            "modality": event.get("modality")}


def _paired(ea: list[dict], eb: list[dict]) -> tuple[list[tuple[int, int]], list[tuple[str, dict]]]:
    """The scorer's one-to-one matches of two annotators' events of one article, and the events only one
    of them coded, by item id ("a3": A's fourth event, "b0": B's first)."""
    def scored(events: list[dict]) -> list[ScoredEvent]:
        return [ScoredEvent.from_annotation(e, e["evidence"]["start"], e["evidence"]["end"]) for e in events]

    pairs = match(scored(ea), scored(eb))
    in_a, in_b = {i for i, _ in pairs}, {j for _, j in pairs}
    singles = [(f"a{i}", e) for i, e in enumerate(ea) if i not in in_a]
    singles += [(f"b{j}", e) for j, e in enumerate(eb) if j not in in_b]
    return pairs, singles


def _fields(event: dict) -> dict:
    return {name: event.get(name) for name in FIELDS}


def _differ(a: dict, b: dict) -> list[str]:
    sa = ScoredEvent.from_annotation(a, 0, 1)
    sb = ScoredEvent.from_annotation(b, 0, 1)
    return [f for f in FIELDS if not (field_right(f, sa, sb) and field_right(f, sb, sa))]


def disagreements(a: dict, b: dict) -> list[dict]:
    """What an adjudicator decides, article by article: each pair of matched events (type and evidence
    agree) whose fields differ, and each event only one annotator coded."""
    b_articles = {art["key"]: art for art in b["articles"]}
    packets = []
    for art in a["articles"]:
        ea, eb = art["events"], b_articles[art["key"]]["events"]
        pairs, singles = _paired(ea, eb)
        items = [{"id": f"m{i}-{j}", "kind": "fields", "type": ea[i]["type"], "differ": _differ(ea[i], eb[j]),
                  "evidence": ea[i]["evidence"]["text"], "A": _fields(ea[i]), "B": _fields(eb[j])}
                 for i, j in pairs if _differ(ea[i], eb[j])]
        items += [{"id": item_id, "kind": f"only {item_id[0].upper()}", "event": e} for item_id, e in singles]
        if items:
            packets.append({"key": art["key"], "file": annotator_name(art["key"]) + ".txt", "items": items})
    return packets


def merge(a: dict, b: dict, decisions: dict[str, dict[str, dict]]) -> dict:
    """The adjudicated gold: every matched pair (annotator A's entry, with the adjudicator's field values
    where the two differed) and every single-annotator event the adjudicator kept (as edited)."""
    b_articles = {art["key"]: art for art in b["articles"]}
    articles = []
    for art in a["articles"]:
        ea, eb = art["events"], b_articles[art["key"]]["events"]
        pairs, singles = _paired(ea, eb)
        said = decisions.get(art["key"], {})
        events = [{**ea[i], **said.get(f"m{i}-{j}", {}).get("fields", {}), "agreed": True} for i, j in pairs]
        for item_id, event in singles:
            if item_id not in said:
                raise ValueError(f"{art['key']}: no decision for {item_id}")
            if said[item_id]["decision"] == "keep":
                events.append({**event, **said[item_id].get("fields", {}), "agreed": False})
        events.sort(key=lambda e: (e["evidence"]["start"], e["evidence"]["end"], e["type"]))
        articles.append({"key": art["key"], "dct": art["dct"], "events": events})
    return {"annotator": "adjudicated", "guidelines": "../shared/data/events/ANNOTATION.md", "articles": articles}


def group_of(key: str, shared: Path = DEFAULT_SHARED) -> str:
    """The happening an article reports, as far as its source tells: the story of corpus/dev and
    corpus/open (their index.tsv), else the TimeML collection and month (AQUAINT's articles come in
    clusters on one story: the 1998 embassy bombings, Elian Gonzalez in January 2000)."""
    path = Path(key)
    if path.parts[0] == "corpus" and len(path.parts) == 3:
        index = shared / "corpus" / path.parts[1] / "index.tsv"
        stories = {row.split("\t")[0]: row.split("\t")[1] for row in index.read_text(encoding="utf-8").splitlines()[1:]}
        return f"{path.parts[1]}:{stories[path.name]}"
    if path.parts[0] == "corpus":
        return "seed"
    return f"{path.parts[2]}:{read_text(key, shared).dct[:7]}"


def split(keys: list[str], shared: Path = DEFAULT_SHARED, test: float = 0.2, dev: float = 0.2) -> dict[str, str]:
    """train / dev / test by happening (no story in two splits): groups in the order of a hash of their
    name fill test, then dev, to at least their share of the articles; the rest is train. The seed
    article is always train (its events are the project's own test fixture)."""
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(group_of(key, shared), []).append(key)
    order = sorted((g for g in groups if g != "seed"), key=lambda g: hashlib.sha256(g.encode()).hexdigest())
    out: dict[str, str] = {}
    quota = {"test": test * len(keys), "dev": dev * len(keys)}
    filled = {"test": 0, "dev": 0}
    for g in order:
        name = next((n for n in ("test", "dev") if filled[n] < quota[n]), "train")
        filled[name] = filled.get(name, 0) + len(groups[g])
        out.update({key: name for key in groups[g]})
    out.update({key: "train" for key in groups.get("seed", [])})
    return {key: out[key] for key in keys}


def _annotations() -> tuple[dict, dict]:
    return tuple(json.loads((GOLD_DIR / f"annotator_{n}.json").read_text(encoding="utf-8")) for n in "AB")


def _adjudication(args: argparse.Namespace) -> int:
    a, b = _annotations()
    if args.command == "packets":  # parts of about equal size, largest packets first
        parts: list[list[dict]] = [[] for _ in range(args.parts)]
        for packet in sorted(disagreements(a, b), key=lambda p: -len(p["items"])):
            min(parts, key=lambda part: sum(len(p["items"]) for p in part)).append(packet)
        args.out.mkdir(parents=True, exist_ok=True)
        for n, part in enumerate(parts, 1):
            (args.out / f"packets{n}.json").write_text(json.dumps({"packets": part}, ensure_ascii=False, indent=1))
        print(f"{sum(len(p) for p in parts)} packets in {args.parts} parts -> {args.out}")
        return 0
    decisions: dict[str, dict] = {}
    for path in args.decisions:
        for key, items in json.loads(path.read_text(encoding="utf-8")).items():
            decisions.setdefault(key, {}).update(items)
    gold = merge(a, b, decisions)
    args.out.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (GOLD_DIR / "decisions.json").write_text(json.dumps(decisions, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                             encoding="utf-8")
    n = sum(len(art["events"]) for art in gold["articles"])
    print(f"{len(gold['articles'])} articles, {n} events -> {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="write the gold articles' texts for annotators")
    prep.add_argument("--out", type=Path, required=True)
    prep.add_argument("--extra", action="store_true", help="the single-annotated additions (PolNeAR articles)")
    prep.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    conv = sub.add_parser("convert", help="annotators' files -> a project annotation file (keys and offsets)")
    conv.add_argument("files", nargs="+", type=Path)
    conv.add_argument("--annotator", required=True)
    conv.add_argument("--out", type=Path, required=True)
    conv.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    spl = sub.add_parser("split", help="write splits.tsv: train / dev / test by happening")
    spl.add_argument("--out", type=Path, default=GOLD_DIR / "splits.tsv")
    spl.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    pack = sub.add_parser("packets", help="the adjudicator's packets: field disagreements, single-annotator events")
    pack.add_argument("--out", type=Path, required=True)
    pack.add_argument("--parts", type=int, default=3)
    mer = sub.add_parser("merge", help="the adjudicated gold from the two annotations and the decisions")
    mer.add_argument("decisions", nargs="+", type=Path)
    mer.add_argument("--out", type=Path, default=GOLD_DIR / "gold.json")
    for p in (pack, mer):
        p.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"skipped: {args.shared} is absent (the gold texts live in ../shared)", file=sys.stderr)
        return 0
    if args.command == "prepare":
        print(f"{prepare(args.out, args.shared, args.extra)} articles written to {args.out}")
        return 0
    if args.command in ("packets", "merge"):
        return _adjudication(args)
    if args.command == "split":
        keys = select(args.shared)
        splits = split(keys, args.shared)
        rows = [f"{key}\t{group_of(key, args.shared)}\t{splits[key]}" for key in keys]
        args.out.write_text("key\tgroup\tsplit\n" + "\n".join(rows) + "\n", encoding="utf-8")
        print({name: list(splits.values()).count(name) for name in ("train", "dev", "test")}, "->", args.out)
        return 0
    data = convert(args.files, args.annotator, args.shared)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n = sum(len(a["events"]) for a in data["articles"])
    print(f"{len(data['articles'])} articles, {n} events -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
