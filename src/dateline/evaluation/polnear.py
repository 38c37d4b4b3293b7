"""PolNeAR brat reader, attribution scorer and cached parses (``bench/quotes_*.py``, ``dateline.train``).

Reading: ``<split>/text/<name>.txt`` and ``<split>/attributions/<name>_<annotator>.ann``. An
attribution is an ``E`` line (``Attribution`` or ``Attribution-no-source``) linking Source, Cue
and Content ``T`` spans; a span may be discontinuous (``start end;start end``). Articles
annotated by several annotators are read from the first annotation file in sorted order. The
test split is refused: it is reserved for independent evaluation.

Scoring (per role: source, cue, content): spans are compared as sets of word tokens (``\\w+``
runs; punctuation and quotation marks are ignored so "that"-less ``“text,”`` and ``text`` of the
same words match). *Exact*: the same word set. *Overlap*: the prediction covers at least 50% of
the gold span's words. Predictions and gold spans are matched one-to-one, greedily, in text
order, each gold span taking the unmatched prediction with the most shared words. Precision =
matched predictions / predictions, recall = matched gold / gold. *Speaker accuracy*: among
predicted quotes whose content overlap-matches a gold attribution's content, the share whose
source overlap-matches that attribution's source (gold attributions without a source are
left out).

:func:`parsed_docs` parses articles the way the quote trainers and ``bench/quotes_errors.py`` need
them (spaCy plus dateline's paragraph splitter), optionally cached on disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

Spans = list[tuple[int, int]]
ROLES = ("source", "cue", "content")
WORD = re.compile(r"\w+")
T_LINE = re.compile(r"^(T\d+)\t([\w-]+) ([\d ;]+)\t")
E_LINE = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(slots=True)
class Attribution:
    """One attribution (gold or predicted): char spans per role, and a kind when known."""

    source: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)
    content: Spans = field(default_factory=list)
    kind: str | None = None


@dataclass(slots=True)
class GoldDoc:
    name: str
    date: str
    text: str
    attributions: list[Attribution]


def parse_ann(ann: str) -> list[Attribution]:
    """Attributions of one brat .ann file."""
    spans: dict[str, tuple[str, Spans]] = {}
    events: list[str] = []
    for line in ann.splitlines():
        if m := T_LINE.match(line):
            parts = [tuple(int(x) for x in p.split()) for p in m.group(3).strip().split(";")]
            spans[m.group(1)] = (m.group(2), [(a, b) for a, b in parts])
        elif m := E_LINE.match(line):
            events.append(m.group(2))
    out = []
    for event in events:
        roles = dict(p.split(":", 1) for p in event.split() if ":" in p)
        att = Attribution()
        for role in ROLES:
            tid = roles.get(role.capitalize())
            if tid in spans:
                setattr(att, role, sorted(spans[tid][1]))
        if att.content:
            out.append(att)
    return out


def read_split(root: Path, split: str) -> list[GoldDoc]:
    """Every article of a PolNeAR split (``train`` or ``dev``), with its attributions."""
    if split == "test":
        raise ValueError("PolNeAR's test split is reserved for independent evaluation")
    base = root / split
    docs = []
    for txt in sorted((base / "text").glob("*.txt")):
        anns = sorted((base / "attributions").glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        date = m.group(1) if (m := re.search(r"_(\d{4}-\d{2}-\d{2})_", txt.name)) else "2016-01-01"
        docs.append(GoldDoc(txt.stem, date, txt.read_text(encoding="utf-8"), parse_ann(anns[0].read_text())))
    return docs


def words(text: str, spans: Spans) -> frozenset[int]:
    """Start offsets of the word tokens inside ``spans``."""
    return frozenset(m.start() for s, e in spans for m in WORD.finditer(text, s, e))


def _match(gold: list[frozenset[int]], pred: list[frozenset[int]], exact: bool) -> list[int | None]:
    """For each gold span, the index of its matched prediction (one-to-one, greedy)."""
    used: set[int] = set()
    out: list[int | None] = []
    for g in gold:
        best, best_n = None, 0
        for j, p in enumerate(pred):
            n = len(g & p)
            ok = p == g if exact else n * 2 >= len(g)
            if j not in used and ok and n > best_n:
                best, best_n = j, n
        if best is not None:
            used.add(best)
        out.append(best)
    return out


def prf(matched: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = matched / n_pred if n_pred else 0.0
    r = matched / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(slots=True)
class Counts:
    """Running totals for one system."""

    matched: dict[str, int] = field(default_factory=dict)  # "content/exact" -> matched gold
    pred: dict[str, int] = field(default_factory=dict)
    gold: dict[str, int] = field(default_factory=dict)
    speaker_ok: int = 0
    speaker_n: int = 0
    kind_found: dict[str, int] = field(default_factory=dict)  # gold kind -> content overlap found
    kind_gold: dict[str, int] = field(default_factory=dict)
    pred_kind_ok: dict[str, int] = field(default_factory=dict)  # predicted kind -> content overlap correct
    pred_kind: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, matched: int, pred: int, gold: int) -> None:
        for d, v in ((self.matched, matched), (self.pred, pred), (self.gold, gold)):
            d[key] = d.get(key, 0) + v

    def score(self, key: str) -> tuple[float, float, float]:
        return prf(self.matched.get(key, 0), self.pred.get(key, 0), self.gold.get(key, 0))


def score_doc(text: str, gold: list[Attribution], pred: list[Attribution], counts: Counts) -> None:
    """Add one document's matches to ``counts``."""
    for role in ROLES:
        g = [words(text, getattr(a, role)) for a in gold if getattr(a, role)]
        p = [words(text, getattr(a, role)) for a in pred if getattr(a, role)]
        g = [x for x in g if x]
        p = [x for x in p if x]
        for mode in ("exact", "overlap"):
            links = _match(g, p, exact=mode == "exact")
            counts.add(f"{role}/{mode}", sum(j is not None for j in links), len(p), len(g))
    gold_c = [words(text, a.content) for a in gold]
    pred_c = [words(text, a.content) for a in pred]
    links = _match(gold_c, pred_c, exact=False)
    found = {j for j in links if j is not None}
    for j, a in enumerate(pred):
        kind = a.kind or "?"
        counts.pred_kind[kind] = counts.pred_kind.get(kind, 0) + 1
        counts.pred_kind_ok[kind] = counts.pred_kind_ok.get(kind, 0) + (j in found)
    for gi, pj in enumerate(links):
        kind = gold[gi].kind or "?"
        counts.kind_gold[kind] = counts.kind_gold.get(kind, 0) + 1
        if pj is None:
            continue
        counts.kind_found[kind] = counts.kind_found.get(kind, 0) + 1
        gs = words(text, gold[gi].source)
        if gs:
            counts.speaker_n += 1
            ps = words(text, pred[pj].source)
            counts.speaker_ok += bool(ps) and len(gs & ps) * 2 >= len(gs)


def parsed_docs(docs: list[GoldDoc], split: str, cache: Path | None, limit: int) -> list:
    """spaCy parses (with dateline's paragraph splitter) of ``docs``, cached when asked.

    The cache is ``<cache>/<split>.spacy``; keep it outside the project, it is derived from
    PolNeAR text. A run with ``limit`` reads a cache but never writes one (it would be partial).
    """
    from spacy.tokens import DocBin

    from dateline.nlp import load

    nlp = load(stages=())
    path = cache / f"{split}.spacy" if cache else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))[: len(docs)]
    out = list(nlp.pipe((g.text for g in docs), batch_size=16))
    if path is not None and not limit:
        db = DocBin(store_user_data=False)
        for d in out:
            db.add(d)
        path.parent.mkdir(parents=True, exist_ok=True)
        db.to_disk(path)
    return out
