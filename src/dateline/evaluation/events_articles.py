"""The whole-article event scorer of ``../shared/data/events/ANNOTATION.md``.

A system event matches a gold event when their types are equal and their evidence spans overlap
(character offsets in the article); pairs are taken one-to-one, largest overlap first. Precision =
matched / system events, recall = matched / gold events. On matched pairs the source country, the
target country (null must equal null), the date (at the gold's precision: gold ``2024-02`` accepts any
day of that month, a null gold date accepts anything) and the modality are compared; an event is
"all fields right" when all four are. The same scorer measures two annotators against each other.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED
from dateline.evaluation.timeml import read_tml
from dateline.ingest.common import normalize_text
from dateline.ingest.text import split_date_line

FIELDS = ("source", "target", "date", "modality")
POLNEAR = "data/polnear/"  # PolNeAR articles: the single-annotated additions (bench/events_gold/extra.json)
GOLD_DIR = Path(__file__).resolve().parents[3] / "bench" / "events_gold"  # in a source checkout


@dataclass(frozen=True, slots=True)
class ScoredEvent:
    """What the scorer compares of one event (gold or system)."""

    type: str
    start: int
    end: int
    source: str | None = None  # the source actor's country (ISO3) or None
    target: str | None = None
    date: str | None = None
    modality: str | None = None
    evidence: str = ""
    confidence: float | None = None

    @classmethod
    def from_annotation(cls, entry: Mapping, start: int, end: int) -> ScoredEvent:
        """An entry of an annotation file (ANNOTATION.md's fields) whose evidence is at ``start:end``."""
        return cls(entry["type"], start, end, _country(entry.get("source")), _country(entry.get("target")),
                   entry.get("date"), entry.get("modality"), _evidence_text(entry))

    @classmethod
    def from_event(cls, event) -> ScoredEvent:
        """A :class:`dateline.model.Event`: its PLOVER category, evidence span and coded fields.

        The category is ``plover_type`` (what ANNOTATION.md codes: the PLOVER manual's single category for
        the report, so an announced meeting is AGREE, future), else ``type`` (what happens)."""
        return cls(event.plover_type or event.type, event.evidence.start, event.evidence.end,
                   event.source.country if event.source else None, event.target.country if event.target else None,
                   event.date, event.modality, event.evidence.text, event.confidence)


def _country(actor: Mapping | None) -> str | None:
    return actor.get("country") if actor else None


def _evidence_text(entry: Mapping) -> str:
    ev = entry.get("evidence")
    return ev.get("text", "") if isinstance(ev, Mapping) else (ev or "")


def locate(text: str, evidence: str, hint: int | None = None) -> tuple[int, int] | None:
    """Character offsets of ``evidence`` in ``text`` (ANNOTATION.md: found by exact search); with several
    occurrences the one nearest ``hint``, else the first. None when it does not occur."""
    starts, at = [], text.find(evidence)
    while at >= 0 and evidence:
        starts.append(at)
        at = text.find(evidence, at + 1)
    if not starts:
        return None
    start = min(starts, key=lambda s: abs(s - hint)) if hint is not None else starts[0]
    return start, start + len(evidence)


def date_right(gold: str | None, system: str | None) -> bool:
    """The system's date at the gold's precision (a null gold date accepts anything)."""
    if not gold:
        return True
    return bool(system) and system[: len(gold)] == gold and (len(system) >= len(gold))


def field_right(name: str, gold: ScoredEvent, system: ScoredEvent) -> bool:
    if name == "date":
        return date_right(gold.date, system.date)
    return getattr(gold, name) == getattr(system, name)


def match(gold: list[ScoredEvent], system: list[ScoredEvent]) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs of equal type and overlapping evidence, largest
    overlap first (ties: earlier gold, then earlier system event)."""
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if g.type == s.type and overlap > 0:
                candidates.append((-overlap, gi, si))
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _, gi, si in sorted(candidates):
        if gi not in used_gold and si not in used_system:
            used_gold.add(gi)
            used_system.add(si)
            pairs.append((gi, si))
    return sorted(pairs)


def _prf(tp: int, n_system: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_system if n_system else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Report:
    """Counts over articles; the figures are properties and :meth:`rows`."""

    gold: int = 0
    system: int = 0
    matched: int = 0
    all_right: int = 0
    field_hits: Counter = field(default_factory=Counter)
    per_type: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[tuple[str, ScoredEvent]] = field(default_factory=list)
    false_events: list[tuple[str, ScoredEvent]] = field(default_factory=list)
    field_errors: list[tuple[str, str, ScoredEvent, ScoredEvent]] = field(default_factory=list)
    # (confidence, right in type and span) of every system event that carries a confidence
    confidences: list[tuple[float, bool]] = field(default_factory=list)

    def add(self, key: str, gold: list[ScoredEvent], system: list[ScoredEvent]) -> None:
        pairs = match(gold, system)
        self.gold += len(gold)
        self.system += len(system)
        self.matched += len(pairs)
        for g in gold:
            self.per_type[g.type]["gold"] += 1
        for s in system:
            self.per_type[s.type]["system"] += 1
        for gi, si in pairs:
            self._add_pair(key, gold[gi], system[si])
        matched_gold = {gi for gi, _ in pairs}
        matched_system = {si for _, si in pairs}
        self.misses += [(key, g) for i, g in enumerate(gold) if i not in matched_gold]
        self.false_events += [(key, s) for i, s in enumerate(system) if i not in matched_system]
        self.confidences += [(s.confidence, i in matched_system) for i, s in enumerate(system)
                             if s.confidence is not None]

    def _add_pair(self, key: str, g: ScoredEvent, s: ScoredEvent) -> None:
        self.per_type[g.type]["matched"] += 1
        right = {name: field_right(name, g, s) for name in FIELDS}
        for name, ok in right.items():
            self.field_hits[name] += ok
            if not ok:
                self.field_errors.append((key, name, g, s))
        if all(right.values()):
            self.all_right += 1
            self.per_type[g.type]["all_right"] += 1

    @property
    def prf(self) -> tuple[float, float, float]:
        return _prf(self.matched, self.system, self.gold)

    def field_accuracy(self, name: str) -> float:
        return self.field_hits[name] / self.matched if self.matched else 0.0

    @property
    def all_fields(self) -> tuple[float, float]:
        """All-fields-right precision (of the system's events) and recall (of the gold's)."""
        return (self.all_right / self.system if self.system else 0.0, self.all_right / self.gold if self.gold else 0.0)

    def type_rows(self) -> list[tuple[str, int, int, int, float, float, float]]:
        """(type, gold, system, matched, P, R, F1) per type, most frequent in gold first."""
        rows = []
        for typ, c in sorted(self.per_type.items(), key=lambda kv: (-kv[1]["gold"], kv[0])):
            rows.append((typ, c["gold"], c["system"], c["matched"], *_prf(c["matched"], c["system"], c["gold"])))
        return rows

    def reliability(self, bins: Iterable[float] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)) -> list[tuple[str, int, float]]:
        """(confidence bin, events, share right in type and span) for the system events with a confidence."""
        edges = list(bins)
        out = []
        for lo, hi in zip(edges, edges[1:], strict=False):
            inside = [ok for conf, ok in self.confidences if lo <= conf < hi]
            label = f"{lo:.1f}–{min(hi, 1.0):.1f}"
            out.append((label, len(inside), sum(inside) / len(inside) if inside else 0.0))
        return out

    def mean_confidence(self, lo: float, hi: float) -> float:
        """The mean confidence of the system events with a confidence in [lo, hi) (0 when none)."""
        inside = [conf for conf, _ in self.confidences if lo <= conf < hi]
        return sum(inside) / len(inside) if inside else 0.0

    def calibration_error(self, n_bins: int = 10) -> float:
        """Expected calibration error: over ``n_bins`` equal-width confidence bins, the events' share in
        the bin times the gap between their mean confidence and the share of them right in type and span
        (0 for a perfectly calibrated confidence; 0 when no event has a confidence)."""
        if not self.confidences:
            return 0.0
        bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
        for conf, ok in self.confidences:
            bins[min(int(conf * n_bins), n_bins - 1)].append((conf, ok))
        gap = sum(abs(sum(c for c, _ in b) - sum(ok for _, ok in b)) for b in bins.values())
        return gap / len(self.confidences)


def score(gold: Mapping[str, list[ScoredEvent]], system: Mapping[str, list[ScoredEvent]]) -> Report:
    """Score every article of ``gold`` (an article the system did not return counts as no events)."""
    report = Report()
    for key in gold:
        report.add(key, gold[key], system.get(key, []))
    return report


# -- the gold articles ---------------------------------------------------------------------------------
# Every annotated article is named by a *key* (the path of its file under ../shared) and its text is the
# body dateline itself stores (``normalize_text`` of the text after the date line, or of a TimeML file's
# ``<TEXT>``). Gold events point into that text by character offsets; the project keeps no article text
# beyond the short evidence strings.

MAX_WORDS = 700  # longer TimeBank documents are mostly company and market reports

# TimeBank holds much market and company news with no PLOVER event; its politics and conflict stories are
# chosen by these words (counted once per distinct word), the most political first.
POLITICAL = re.compile(
    r"\b(troops?|military|army|police|president|minister|government|rebels?|attack\w*|killed|war|talks|"
    r"accus\w+|sanction\w*|protest\w*|arrest\w*|summit|negotiat\w+|ceasefire|treaty|bomb\w*|soldiers|"
    r"U\.N\.|United Nations|NATO|embassy|diplomat\w*|vote|election|opposition|strike|refugees)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class GoldText:
    """One annotated article: its key under ../shared, its date and the text offsets point into."""

    key: str
    dct: str
    text: str


def read_text(key: str, shared: Path = DEFAULT_SHARED) -> GoldText:
    """The text of ``key`` exactly as dateline stores it (offsets of the gold point into it)."""
    path = shared / key
    if path.suffix == ".tml":
        doc = read_tml(path)
        return GoldText(key, doc.dct[:10], normalize_text(doc.text))
    if key.startswith(POLNEAR):  # no date line: the publication date is in PolNeAR's metadata
        return GoldText(key, polnear_dates(shared)[path.stem], normalize_text(path.read_text(encoding="utf-8")))
    date, body = split_date_line(path.read_text(encoding="utf-8"))
    if date is None:
        raise ValueError(f"{key}: no date line")
    return GoldText(key, date[:10], normalize_text(body))


@lru_cache(maxsize=2)
def polnear_dates(shared: Path = DEFAULT_SHARED) -> dict[str, str]:
    """PolNeAR article name -> its publication date (``data/polnear/metadata.tsv``)."""
    with (shared / "data" / "polnear" / "metadata.tsv").open(encoding="utf-8") as fh:
        return {row["filename"]: row["publication_date"] for row in csv.DictReader(fh, delimiter="\t")}


def _political_score(text: str) -> int:
    return len({m.group(0).lower() for m in POLITICAL.finditer(text)})


def select(shared: Path = DEFAULT_SHARED, timebank: int = 60) -> list[str]:
    """The keys of the gold articles: every corpus article, every AQUAINT document, and the
    ``timebank`` TimeBank documents of at most MAX_WORDS words with the most political vocabulary (ties by
    name)."""
    keys = ["corpus/000_2cc213d86c83265d.txt"]
    keys += [f"corpus/{d}/{p.name}" for d in ("dev", "open") for p in sorted((shared / "corpus" / d).glob("*.txt"))]
    keys += [f"data/timeml/AQUAINT/{p.name}" for p in sorted((shared / "data/timeml/AQUAINT").glob("*.tml"))]
    scored = []
    for p in sorted((shared / "data/timeml/TimeBank").glob("*.tml")):
        text = read_tml(p).text
        if len(text.split()) <= MAX_WORDS:
            scored.append((-_political_score(text), p.name))
    keys += [f"data/timeml/TimeBank/{name}" for _, name in sorted(scored)[:timebank]]
    return keys


def select_extra(shared: Path = DEFAULT_SHARED, n: int = 160) -> list[str]:
    """The keys of the single-annotated additions (``bench/events_gold/extra.json``: an out-of-domain
    check, ``bench/events_articles_eval.py --split extra``, and opt-in training data): the ``n`` PolNeAR
    train articles of at most MAX_WORDS words with the most political vocabulary (ties by name).
    PolNeAR's 2015-16 campaign news is dense in the speech acts the gold articles have fewest examples
    of (accusations, demands, endorsements)."""
    scored = []
    for p in sorted((shared / POLNEAR / "train" / "text").glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        if len(text.split()) <= MAX_WORDS:
            scored.append((-_political_score(text), p.name))
    return [f"{POLNEAR}train/text/{name}" for _, name in sorted(scored)[:n]]


def annotator_name(key: str) -> str:
    """The file name an annotator sees for ``key`` (flat, unique, readable)."""
    return key.replace("corpus/", "").replace("data/timeml/", "").replace(f"{POLNEAR}train/text/", "polnear__") \
        .replace("/", "__")


# -- annotation files ---------------------------------------------------------------------------------


def read_annotations(path: Path) -> dict[str, list[ScoredEvent]]:
    """A project annotation file (``bench/events_gold/*.json``: articles named by ``key`` with events
    whose ``evidence`` is ``{"start", "end", "text"}``) as scored events per article key."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {art["key"]: [ScoredEvent.from_annotation(e, e["evidence"]["start"], e["evidence"]["end"])
                         for e in art["events"]] for art in data["articles"]}


def _split_rows(path: Path) -> list[list[str]]:
    """The rows of ``bench/events_gold/splits.tsv``: key, happening, split."""
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]


def read_splits(path: Path = GOLD_DIR / "splits.tsv") -> dict[str, str]:
    """Article key -> train, dev or test (``bench/events_gold/splits.tsv``, split by happening)."""
    return {row[0]: row[2] for row in _split_rows(path)}


def read_happenings(path: Path = GOLD_DIR / "splits.tsv") -> dict[str, str]:
    """Article key -> its happening, the group the gold is split by (``bench/events_gold/splits.tsv``)."""
    return {row[0]: row[1] for row in _split_rows(path)}
