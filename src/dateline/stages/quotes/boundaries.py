"""Learned span edges: which modifiers of a source's or content's head belong to the span, and
whether a content moves down from the cue's object to its complement.

PolNeAR's annotators cut spans by convention more than by syntax, and not always the same way:
"Trump, [who has relied on populist fervor ...]" often loses its relative clause, "Ben Domenech,
publisher of The Federalist," keeps its apposition, "the KKK “abhorrent” [in a tweet Sunday]"
loses the adverbial. Two small logistic regressions (``resources/quotes/span_model.json``,
trained by ``python -m dateline.train.quote_spans`` on PolNeAR train) learn the conventions:

- ``edge`` scores each modifier of the head (its dependency, tag, first word, size, the tokens
  around it, the span's role) for "inside the span". Spans stay contiguous: walking outward
  from the head, the first modifier scored outside ends the span on that side.
- ``descend`` scores moving a content from the cue's object, preposition or infinitive to one
  of its complements ("expressed [confidence] that X": the content is "that X").

Scoring is a few dictionary look-ups per modifier.
"""

from __future__ import annotations

import json
from functools import lru_cache

from spacy.tokens import Token

from dateline.resources import ROOT
from dateline.stages.quotes.model import probability

MODEL_FILE = "span_model.json"
MAX_DEPTH = 5  # modifiers of modifiers: "a Republican [who has refused ...]" inside an apposition
KEEP = 0.5  # below this probability a modifier is cut
MIN_SHARE = {"content": 0.5}  # a trimmed content keeps at least this share of the words it had
WORD_DEPS = {"prep", "mark", "cc", "advmod", "agent", "npadvmod", "punct", "det", "predet", "preconj", "neg", "aux"}
VERBS = {"VERB", "AUX"}
SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
LOOSE_DEPS = {"cc", "mark", "preconj"}  # words left hanging at a cut edge
DESCEND_FROM = {"dobj", "pobj", "xcomp", "prep", "advcl", "pcomp"}  # content heads that may move down
DESCEND_DEPS = {"prep", "acl", "ccomp", "xcomp", "dobj", "relcl"}
DESCEND = 0.5  # probability above which a content moves down


def _size(n: int) -> str:
    return "1" if n == 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8-15" if n <= 15 else "16+"


def features(c: Token, root: Token, role: str, depth: int, cue: str) -> list[str]:
    """Sparse features of modifier ``c`` of a span head ``root`` (role: "source" or "content")."""
    doc = c.doc
    d, side = c.dep_, "L" if c.i < root.i else "R"
    rd = f"{role}|{side}|{d}"
    first, last = c.left_edge, c.right_edge
    before = doc[first.i - 1].text if first.i > 0 else "<s>"
    after = doc[last.i + 1].text if last.i + 1 < len(doc) else "</s>"
    sub = list(c.subtree)
    feats = ["bias", f"r={role}", f"rd={rd}", f"rdt={rd}|{c.tag_}", f"rdx={rd}|{depth}",
             f"hd={rd}|{root.dep_}", f"hp={rd}|{root.pos_}", f"he={rd}|{root.ent_type_}",
             f"w1={rd}|{first.lower_}", f"b={rd}|{before}", f"a={rd}|{after}",
             f"n={rd}|{_size(len(sub))}", f"v={rd}|{any(t.pos_ in VERBS for t in sub)}",
             f"e={rd}|{c.ent_type_}", f"q={any(t.is_quote for t in sub)}|{role}",
             f"cue={role}|{cue}", f"cued={rd}|{cue}"]
    if d in WORD_DEPS:
        feats.append(f"w={rd}|{c.lower_}")
    clause = c
    if d == "cc":  # "..., and [he railed against ...]": what the conjunction joins decides
        clause = next((k for k in c.head.children if k.i > c.i and k.dep_ == "conj"), c)
    if clause.pos_ in VERBS:
        own = any(k.dep_ in SUBJECTS for k in clause.children)
        feats += [f"subj={rd}|{own}", f"ctag={rd}|{clause.dep_}|{clause.tag_}|{own}"]
    if side == "R":
        kids = [k for k in c.head.children if k.i > c.head.i]
        feats.append(f"lastkid={rd}|{kids[-1].i == c.i}")
    return feats


@lru_cache(maxsize=1)
def load_span_model() -> dict:
    return json.loads((ROOT / "quotes" / MODEL_FILE).read_text(encoding="utf-8"))


def weights() -> tuple[dict[str, float], float]:
    """(feature -> weight, intercept) of the modifier ("edge") model."""
    return load_span_model()["edge"]["weights"], load_span_model()["edge"]["intercept"]


def descend_weights() -> tuple[dict[str, float], float]:
    """(feature -> weight, intercept) of the "descend" model."""
    return load_span_model()["descend"]["weights"], load_span_model()["descend"]["intercept"]


def keep_probability(c: Token, root: Token, role: str, depth: int, cue: str) -> float:
    """Probability that modifier ``c`` (with its subtree) lies inside the span headed by ``root``."""
    return probability(*weights(), features(c, root, role, depth, cue))


def descend_targets(head: Token) -> list[Token]:
    """The tokens a content may move down to from ``head``: a clause, object or preposition after
    it, or that preposition's object ("[concern] about X", "[to support] the nominee")."""
    kids = [c for c in head.children if c.i > head.i]
    if head.dep_ == "dobj":  # "took [issue] with X": the parser hangs the preposition on the verb
        kids += [c for c in head.head.children if c.i > head.right_edge.i and c.dep_ == "prep"]
    out = []
    for c in kids:
        if c.dep_ in DESCEND_DEPS:
            out.append(c)
            if c.dep_ == "prep":
                out += [g for g in c.children if g.dep_ in {"pobj", "pcomp"}]
    return out


def descend_features(verb: Token, head: Token, t: Token) -> list[str]:
    """Features of moving a content down from ``head`` (a child of cue ``verb``) to ``t``."""
    hl, vl = head.lemma_.lower(), verb.lemma_.lower()
    td = t.dep_ if t.head.i == head.i else f"{t.head.dep_}/{t.dep_}"
    if t.head.i == verb.i or t.head.head.i == verb.i:
        td = "v:" + td  # a sibling of the object, not its child
    word = (t if t.dep_ == "prep" else t.head).lower_ if "prep" in td else ""
    det = any(c.dep_ in {"det", "poss"} for c in head.children)
    that = any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
    share = _size(len(list(t.subtree)) * 8 // max(len(list(head.subtree)), 1) + 1)
    return ["bias", f"hd={head.dep_}", f"hp={head.pos_}", f"hl={hl}", f"v={vl}", f"v|hl={vl}|{hl}", f"td={td}",
            f"hd|td={head.dep_}|{td}", f"hl|td={hl}|{td}", f"v|td={vl}|{td}", f"w={word}", f"hl|w={hl}|{word}",
            f"v|w={vl}|{word}", f"det={det}|{td}", f"that={that}|{td}", f"share={share}|{td}",
            f"hp|td={head.pos_}|{td}|{head.tag_}"]


def descend(verb: Token, head: Token) -> Token:
    """The content head after moving down where PolNeAR's convention puts the content: the
    cue keeps "expressed [concern] about", the content is what the concern is about."""
    if head.dep_ not in DESCEND_FROM:
        return head
    w, b = descend_weights()
    best, best_p = head, DESCEND
    for t in descend_targets(head):
        p = probability(w, b, descend_features(verb, head, t))
        if p > best_p:
            best, best_p = t, p
    return best


def _edge(node: Token, root: Token, ids: set[int], side: str, role: str, depth: int, cue: str) -> int | None:
    """Index of the first token (walking outward from ``node``) of a modifier scored outside."""
    kids = [k for k in node.children if k.i in ids and (k.i > node.i if side == "R" else k.i < node.i)]
    for k in kids if side == "R" else reversed(kids):
        if k.is_punct or k.is_space:
            continue
        if keep_probability(k, root, role, depth, cue) < KEEP:
            return k.left_edge.i if side == "R" else k.right_edge.i
        if depth + 1 < MAX_DEPTH:
            inner = _edge(k, root, ids, side, role, depth + 1, cue)
            if inner is not None:
                return inner
    return None


def trim(toks: list[Token], root: Token, role: str, cue: str = "") -> list[Token]:
    """``toks`` (a contiguous span around ``root``) without the modifiers scored outside."""
    ids = {t.i for t in toks}
    if root.i not in ids:
        return toks
    right = _edge(root, root, ids, "R", role, 0, cue)
    left = _edge(root, root, ids, "L", role, 0, cue)
    out = [t for t in toks if (right is None or t.i < right) and (left is None or t.i > left)]
    while right is not None and out and (out[-1].dep_ in LOOSE_DEPS | {"prep"} or out[-1].is_punct):
        out.pop()  # "taken over [and] | looted", "but [with] | experience": what joins goes with the joined
    while left is not None and out and (out[0].dep_ in LOOSE_DEPS or out[0].is_punct):
        out.pop(0)
    if MIN_SHARE.get(role, 0.0) * _words(toks) > _words(out):
        return toks  # a cut this deep is as likely wrong, and would lose the span's overlap with the truth
    return out


def _words(toks: list[Token]) -> int:
    return sum(any(map(str.isalnum, t.text)) for t in toks)
