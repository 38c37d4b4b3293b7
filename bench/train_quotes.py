"""Train the cue classifier of ``dateline.stages.quotes.model`` on PolNeAR train.

Usage::

    python bench/train_quotes.py [--shared PATH] [--cache DIR] [--holdout] [--out FILE]

Every token whose part of speech is in ``quote_model.CANDIDATE_POS`` is an example; it is
positive when it is the syntactic head of a gold Cue span (the cue token whose parse head lies
outside the span). Features are ``quote_model.features``; features seen fewer than
``MIN_COUNT`` times are dropped. The model is scikit-learn's ``LogisticRegression``
(liblinear, L2, C=``C``; deterministic), and only its weights are written, rounded, as JSON to
``src/dateline/resources/quotes/cue_model.json`` — no PolNeAR text. ``--holdout`` trains on
four fifths of the train documents (index % 5 != 0) and prints precision/recall/F1 on the rest
at several thresholds; it writes the model only when ``--out`` is given (for
``quotes_errors.py --holdout --model FILE``). Only the train split is read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dateline.stages.quotes.attribution import quote_runs  # noqa: E402
from dateline.stages.quotes.model import (  # noqa: E402
    CANDIDATE_POS,
    MODEL_FILE,
    features,
    probability,
    sentence_info,
)
from polnear import read_split  # noqa: E402
from quotes_errors import parsed_docs  # noqa: E402

MIN_COUNT = 3
C = 0.2
MIN_WEIGHT = 0.02  # smaller weights change no decision: dropped to keep the file small
OUT = Path(__file__).resolve().parents[1] / "src" / "dateline" / "resources" / "quotes" / MODEL_FILE


def cue_heads(doc, spans_list) -> set[int]:
    """Token indices heading the gold cue spans."""
    out = set()
    for spans in spans_list:
        toks = [t for s, e in spans for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
        ids = {t.i for t in toks}
        head = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), None)
        if head is not None:
            out.add(head.i)
    return out


def examples(docs, parsed) -> list[tuple[list[str], int, int, int]]:
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


def fit(rows) -> tuple[dict[str, float], float]:
    """Logistic regression over the features of ``rows``: (feature -> weight, intercept)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for r in rows for f in set(r[0]))
    keep = [{f: 1 for f in r[0] if counts[f] >= MIN_COUNT} for r in rows]
    vec = DictVectorizer()
    x = vec.fit_transform(keep).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # liblinear wants 32-bit
    model = LogisticRegression(C=C, solver="liblinear", max_iter=1000)
    model.fit(x, [r[1] for r in rows])
    names = vec.get_feature_names_out()
    w = {str(n): round(float(c), 4) for n, c in zip(names, model.coef_[0], strict=True) if abs(c) >= MIN_WEIGHT}
    return w, round(float(model.intercept_[0]), 4)


def evaluate(w: dict[str, float], b: float, rows) -> None:
    probs = [probability(w, b, r[0]) for r in rows]
    gold = sum(r[1] for r in rows)
    for th in (0.3, 0.4, 0.5, 0.6):
        pred = [p >= th for p in probs]
        tp = sum(p and r[1] for p, r in zip(pred, rows, strict=True))
        p, r = tp / max(sum(pred), 1), tp / max(gold, 1)
        print(f"threshold {th}: P {100 * p:.1f} R {100 * r:.1f} F1 {200 * p * r / max(p + r, 1e-9):.1f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--holdout", action="store_true")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    root = args.shared / "data" / "polnear"
    if not (root / "train").is_dir():
        print(f"skipped: {root / 'train'} not found")
        return 0
    docs = read_split(root, "train")
    parsed = parsed_docs(docs, "train", args.cache, 0)
    rows = examples(docs, parsed)
    if args.holdout:  # train on the documents k % 5 != 0, score the others (quotes_errors.py --holdout)
        rows, held = [r for r in rows if r[2] % 5], [r for r in rows if not r[2] % 5]
    w, b = fit(rows)
    if args.holdout:
        evaluate(w, b, held)
        if args.out == OUT:
            return 0
    meta = {"about": "cue-head classifier of dateline.stages.quotes.model; built by bench/train_quotes.py "
                     "from PolNeAR train (weights only)", "min_count": MIN_COUNT, "C": C}
    args.out.write_text(json.dumps({**meta, "intercept": b, "weights": dict(sorted(w.items()))}, indent=0) + "\n")
    print(f"wrote {args.out}: {len(w)} weights, {sum(r[1] for r in rows)} positive of {len(rows)} tokens")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
