"""Train the cue classifier of ``dateline.stages.quotes.model`` on PolNeAR train.

Usage::

    python -m dateline.train.quote_cues [--shared PATH] [--cache DIR] [--holdout] [--limit N] [--out FILE]

Every token whose part of speech is in ``quote_model.CANDIDATE_POS`` is an example; it is
positive when it is the syntactic head of a gold Cue span (the cue token whose parse head lies
outside the span). Features are ``quote_model.features``; features seen fewer than
``MIN_COUNT`` times are dropped. The model is scikit-learn's ``LogisticRegression``
(liblinear, L2, C=``C``; deterministic), and only its weights are written, rounded, as JSON to
``src/dateline/resources/quotes/cue_model.json`` — no PolNeAR text. ``--holdout`` trains on
four fifths of the train documents (index % 5 != 0) and prints precision/recall/F1 on the rest
at several thresholds; it writes the model only when ``--out`` is given (for
``bench/quotes_errors.py --holdout --model FILE``). Only the train split is read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from spacy.tokens import Doc

from dateline.evaluation.polnear import GoldDoc, Spans
from dateline.stages.quotes.attribution import quote_runs
from dateline.stages.quotes.model import CANDIDATE_POS, MODEL_FILE, features, probability, sentence_info
from dateline.train.common import MIN_COUNT, QUOTES, C, Row, TrainingError, arguments, fit, train_split

OUT = QUOTES / MODEL_FILE
ABOUT = ("cue-head classifier of dateline.stages.quotes.model; built by python -m dateline.train.quote_cues "
         "from PolNeAR train (weights only)")


def cue_heads(doc: Doc, spans_list: list[Spans]) -> set[int]:
    """Token indices heading the gold cue spans."""
    out = set()
    for spans in spans_list:
        toks = [t for s, e in spans for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
        ids = {t.i for t in toks}
        head = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), None)
        if head is not None:
            out.add(head.i)
    return out


def examples(docs: list[GoldDoc], parsed: list[Doc]) -> list[Row]:
    """(features, label, document index, token index) for every candidate token."""
    out = []
    for k, (g, doc) in enumerate(zip(docs, parsed, strict=True)):
        heads = cue_heads(doc, [a.cue for a in g.attributions if a.cue])
        runs, _ = quote_runs(g.text)
        parts = [p for r in runs for p in r.parts]
        for sent in doc.sents:
            info = sentence_info(sent)
            for tok in (t for t in sent if t.pos_ in CANDIDATE_POS):
                quoted = any(s <= tok.idx < e for s, e in parts)
                out.append((features(tok, quoted, info), int(tok.i in heads), k, tok.i))
    return out


def evaluate(w: dict[str, float], b: float, rows: list[Row]) -> None:
    """Print precision/recall/F1 of the cue heads in ``rows`` at several thresholds."""
    probs = [probability(w, b, r[0]) for r in rows]
    gold = sum(r[1] for r in rows)
    for th in (0.3, 0.4, 0.5, 0.6):
        pred = [p >= th for p in probs]
        tp = sum(p and r[1] for p, r in zip(pred, rows, strict=True))
        p, r = tp / max(sum(pred), 1), tp / max(gold, 1)
        print(f"threshold {th}: P {100 * p:.1f} R {100 * r:.1f} F1 {200 * p * r / max(p + r, 1e-9):.1f}")


def write(path: Path, w: dict[str, float], b: float) -> None:
    """The model file: how it was built, the intercept and the weights in sorted order."""
    meta = {"about": ABOUT, "min_count": MIN_COUNT, "C": C}
    path.write_text(json.dumps({**meta, "intercept": b, "weights": dict(sorted(w.items()))}, indent=0) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__.splitlines()[0], OUT).parse_args(argv)
    try:
        docs, parsed = train_split(args.shared, args.cache, args.limit)
        rows = examples(docs, parsed)
        if args.holdout:  # train on the documents k % 5 != 0, score the others (quotes_errors.py --holdout)
            rows, held = [r for r in rows if r[2] % 5], [r for r in rows if not r[2] % 5]
        w, b = fit(rows)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.holdout:
        evaluate(w, b, held)
        if args.out == OUT:
            return 0
    write(args.out, w, b)
    print(f"wrote {args.out}: {len(w)} weights, {sum(r[1] for r in rows)} positive of {len(rows)} tokens")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
