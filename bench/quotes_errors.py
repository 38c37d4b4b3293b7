"""Error analysis of the quotes stage on PolNeAR train: what it misses, what it invents.

Usage::

    python bench/quotes_errors.py [--shared PATH] [--split train] [--limit N] [--cache DIR]
                                  [--show missed|fp|cue|source|content] [--top N] [--lemma L]
                                  [--model FILE --holdout]

Prints the measures of ``bench/quotes_eval.py`` (dateline only, no timing), then counts of the
missed gold attributions (content not overlap-matched) by the lemma of the gold cue's head word,
of the false positives by predicted cue lemma, and of cue/source/content exact-match failures
of found quotes as (gold text | predicted text) pairs. ``--show`` prints examples of one
category (``--lemma`` narrows it). ``--cache DIR`` keeps the spaCy parse of the split in
``DIR/<split>.spacy`` (outside the project: it is derived from PolNeAR text). ``--model FILE``
scores with another cue model (``python -m dateline.train.quote_cues --holdout --out FILE``
writes one trained on four fifths of train) and ``--holdout`` keeps only the train documents
that model never saw: the honest way to measure a change on train. Never reads the test split.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from dateline.evaluation import DEFAULT_SHARED
from dateline.evaluation.polnear import Attribution, Counts, GoldDoc, parsed_docs, read_split, score_doc, words
from dateline.evaluation.quotes import as_attributions, gold_kind, print_table
from dateline.stages.quotes.attribution import quote_runs


def predict(doc, g: GoldDoc) -> list[Attribution]:
    """Run entities, coref and quotes on a parsed doc; the quotes as attributions."""
    from dateline.model import Article
    from dateline.nlp import load

    stages = load(stages=("dateline_entities", "dateline_coref", "dateline_quotes"))
    doc._.article = Article(id=g.name, date=g.date, text=g.text)
    doc._.coref_chains = None
    for name in ("dateline_entities", "dateline_coref", "dateline_quotes"):
        doc = stages.get_pipe(name)(doc)
    return as_attributions(doc._.quotes)


def _text(text: str, spans) -> str:
    return " … ".join(text[s:e] for s, e in spans).replace("\n", " ")


def _cue_lemma(doc, spans) -> str:
    """Lemma of the cue's syntactic head (the token whose head is outside the span)."""
    if not spans:
        return "<none>"
    toks = [t for s, e in spans for t in doc.char_span(s, e, alignment_mode="expand") or []]
    if not toks:
        return "<none>"
    ids = {t.i for t in toks}
    head = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[0])
    return f"{head.lemma_.lower()}/{head.pos_}"


def _best(g: Attribution, preds: list[Attribution], text: str) -> Attribution | None:
    gw = words(text, g.content)
    best, n = None, 0
    for p in preds:
        k = len(gw & words(text, p.content))
        if k * 2 >= len(gw) and k > n:
            best, n = p, k
    return best


def analyse(docs, parsed, show: str, lemma: str, top: int) -> None:
    counts = Counts()
    missed, fps, cue_err, src_err, con_err = Counter(), Counter(), Counter(), Counter(), Counter()
    examples: list[str] = []
    for g, doc in zip(docs, parsed, strict=False):
        text = g.text
        runs, _ = quote_runs(text)
        for a in g.attributions:
            a.kind = gold_kind(text, a, runs)
        preds = predict(doc, g)
        score_doc(text, g.attributions, preds, counts)
        matched = []
        for a in g.attributions:
            p = _best(a, preds, text)
            lem = _cue_lemma(doc, a.cue)
            sent = doc.char_span(a.content[0][0], a.content[0][1], alignment_mode="expand")
            ctx = sent.sent.text.replace("\n", " ") if sent is not None else ""
            if p is None:
                missed[lem] += 1
                if show == "missed" and (not lemma or lemma in lem):
                    examples.append(f"[{a.kind}] CUE={_text(text, a.cue)!r} SRC={_text(text, a.source)!r}\n    {ctx}")
                continue
            matched.append(id(p))
            for role, ctr in (("cue", cue_err), ("source", src_err), ("content", con_err)):
                gs, ps = getattr(a, role), getattr(p, role)
                if gs and words(text, gs) != words(text, ps):
                    pair = f"{_text(text, gs)[:60]!r} | {_text(text, ps)[:60]!r}"
                    ctr[pair if role == "cue" else lem] += 1
                    if show == role and (not lemma or lemma in lem):
                        examples.append(f"{role}: GOLD {_text(text, gs)!r}\n      PRED {_text(text, ps)!r}\n    {ctx}")
        for p in preds:
            if id(p) not in matched:
                lem = _cue_lemma(doc, p.cue)
                fps[lem] += 1
                if show == "fp" and (not lemma or lemma in lem):
                    examples.append(f"[{p.kind}] CUE={_text(text, p.cue)!r} SRC={_text(text, p.source)!r} "
                                    f"CONTENT={_text(text, p.content)[:150]!r}")
    print_table({"dateline": counts})
    for title, ctr in (("missed gold by cue head", missed), ("false positives by cue head", fps),
                       ("cue exact failures (gold | pred)", cue_err), ("source exact failures by cue", src_err),
                       ("content exact failures by cue", con_err)):
        print(f"\n== {title}: {sum(ctr.values())}")
        print("  ".join(f"{k} {v}" for k, v in ctr.most_common(top)))
    for ex in examples[:top]:
        print(ex)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--split", choices=("dev", "train"), default="train")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--show", default="")
    ap.add_argument("--lemma", default="")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--model", type=Path, default=None, help="cue model JSON to use instead of the shipped one")
    ap.add_argument("--holdout", action="store_true",
                    help="only the documents dateline.train.quote_cues --holdout left out")
    args = ap.parse_args(argv)
    if args.model is not None:
        import json

        from dateline.stages.quotes import model as quote_model

        data = json.loads(args.model.read_text())
        quote_model.weights = lambda: (data["weights"], data["intercept"])
    root = args.shared / "data" / "polnear"
    if not (root / args.split).is_dir():
        print(f"skipped: {root / args.split} not found")
        return 0
    docs = read_split(root, args.split)[: args.limit or None]
    parsed = parsed_docs(docs, args.split, args.cache, args.limit)
    if args.holdout:
        docs, parsed = docs[::5], parsed[::5]
    analyse(docs, parsed, args.show, args.lemma, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
