"""Train the span-edge classifier of ``dateline.stages.quotes.boundaries`` on PolNeAR train.

Usage::

    python -m dateline.train.quote_spans [--shared PATH] [--cache DIR] [--holdout] [--limit N] [--out FILE]

For every gold Source and Content span of PolNeAR train, its head is the span token whose parse
head lies outside the span (the one covering most of the span). Walking outward from the head
on each side, as ``quote_boundaries.trim`` does, every modifier (up to ``MAX_DEPTH`` levels,
punctuation skipped) is an example: positive when a word of its subtree is inside the gold
span. The walk stops on a side at its first negative, like the inference. Features are
``quote_boundaries.features`` (the cue feature is the lemma of the gold cue's head); each model
is fitted by ``dateline.train.common.fit``, the cue classifier's trainer (rare features dropped,
scikit-learn ``LogisticRegression``, liblinear, L2; deterministic). Only rounded weights are
written, as JSON, to ``src/dateline/resources/quotes/span_model.json`` — no PolNeAR text.
``--holdout`` trains on four fifths of the documents (index % 5 != 0), prints the accuracy on the
rest, and writes the model only when ``--out`` is given. Only the train split is read.
"""

from __future__ import annotations

import json
import sys

from spacy.tokens import Doc, Token

from dateline.evaluation.polnear import GoldDoc, Spans
from dateline.stages.quotes.boundaries import (
    DESCEND_FROM,
    MAX_DEPTH,
    MODEL_FILE,
    descend_features,
    descend_targets,
    features,
)
from dateline.stages.quotes.frames import content_head
from dateline.stages.quotes.lexicon import MODEL_VERB, cue_verbs
from dateline.train.common import QUOTES, Row, TrainingError, arguments, fit, train_split
from dateline.train.quote_cues import cue_heads

OUT = QUOTES / MODEL_FILE
ABOUT = ("span models of dateline.stages.quotes.boundaries (edge: is a modifier inside the span; descend: "
         "does a content move down to this token); built by python -m dateline.train.quote_spans from PolNeAR "
         "train, weights only")


def span_tokens(doc: Doc, spans: Spans) -> set[int]:
    """Indices of the word tokens inside char spans."""
    out = set()
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="contract")
        out.update(t.i for t in span or () if any(ch.isalnum() for ch in t.text))
    return out


def span_head(doc: Doc, ids: set[int]) -> Token | None:
    """The span's head: a token whose parse head is outside, covering most of the span."""
    heads = [doc[i] for i in ids if doc[i].head.i not in ids or doc[i].head.i == i]
    return max(heads, key=lambda t: (sum(x.i in ids for x in t.subtree), -t.i), default=None)


def _walk(node: Token, root: Token, ids: set[int], side: str, role: str, depth: int, cue: str, k: int,
          out: list[Row]) -> None:
    """Edge examples on one ``side`` (``R``/``L``) of ``node``, walking down as ``boundaries.trim`` does."""
    kids = [c for c in node.children if (c.i > node.i if side == "R" else c.i < node.i)]
    for c in kids if side == "R" else reversed(kids):
        if c.is_punct or c.is_space:
            continue
        label = int(any(t.i in ids for t in c.subtree))
        out.append((features(c, root, role, depth, cue), label, k))
        if not label:
            return
        if depth + 1 < MAX_DEPTH:
            _walk(c, root, ids, side, role, depth + 1, cue, k, out)


def _descend_examples(verb: Token, gold: Token, ids: set[int], k: int, out: list[Row]) -> None:
    """Examples for ``quote_boundaries.descend``: from the content head the frames pick for the
    gold cue, each target, positive when it is the gold content head and the picked head is outside
    the gold content ("criticized [X for Y]" keeps its object)."""
    entry = cue_verbs().get(verb.lemma_, MODEL_VERB)
    head = content_head(verb, entry)[0] if verb.pos_ in {"VERB", "AUX"} else None
    if head is None or head.dep_ not in DESCEND_FROM:
        return
    for t in descend_targets(head):
        out.append((descend_features(verb, head, t), int(t.i == gold.i and head.i not in ids), k))


def examples(docs: list[GoldDoc], parsed: list[Doc]) -> tuple[list[Row], list[Row]]:
    """(features, label, document index) for every modifier the edge model would score, and
    for every move the descend model would weigh."""
    out: list[Row] = []
    down: list[Row] = []
    for k, (g, doc) in enumerate(zip(docs, parsed, strict=True)):
        for a in g.attributions:
            heads = cue_heads(doc, [a.cue]) if a.cue else set()
            cue = doc[min(heads)].lemma_.lower() if heads else ""
            for role, spans in (("source", a.source), ("content", a.content)):
                ids = span_tokens(doc, spans)
                root = span_head(doc, ids) if ids else None
                if root is None:
                    continue
                for side in ("R", "L"):
                    _walk(root, root, ids, side, role, 0, cue, k, out)
                if role == "content" and heads:
                    _descend_examples(doc[min(heads)], root, ids, k, down)
    return out, down


def _accuracy(w: dict[str, float], b: float, held: list[Row], name: str) -> None:
    """Print the held-out accuracy of a model beside always answering the majority label."""
    ok = sum((b + sum(w.get(f, 0.0) for f in r[0]) >= 0) == bool(r[1]) for r in held)
    base = sum(not r[1] for r in held)
    print(f"{name}: held-out examples {len(held)}, accuracy {100 * ok / len(held):.1f} "
          f"(majority {100 * max(base, len(held) - base) / len(held):.1f})")


def fit_models(edge: list[Row], down: list[Row], holdout: bool) -> dict:
    """The edge and descend models (fitted on 4/5 of the documents with ``holdout``, which also
    prints their accuracy on the rest)."""
    model = {}
    for name, rows in (("edge", edge), ("descend", down)):
        train = [(r[0], r[1]) for r in rows if not holdout or r[2] % 5]
        w, b = fit(train)
        if holdout:
            _accuracy(w, b, [r for r in rows if not r[2] % 5], name)
        model[name] = {"intercept": b, "weights": dict(sorted(w.items()))}
        print(f"{name}: {len(w)} weights from {len(train)} examples ({sum(r[1] for r in train)} positive)")
    return model


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__.splitlines()[0], OUT).parse_args(argv)
    try:
        docs, parsed = train_split(args.shared, args.cache, args.limit)
        model = fit_models(*examples(docs, parsed), args.holdout)
    except TrainingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.holdout and args.out == OUT:
        return 0
    args.out.write_text(json.dumps({"about": ABOUT, **model}, indent=0) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
