"""Stage 4: statements attributed to speakers — direct, indirect, mixed and unmarked quotes.

Two passes over the parsed Doc, both linear in its length:

1. Attributions from the parse, with the lexicons of ``dateline/resources/quotes/``: a cue
   verb with a clausal complement ("Netanyahu said military pressure was ..."), an infinitive,
   object or prepositional object as the lexicon allows ("vowing to continue", "complained
   about X"), a parenthetical cue (", officials said, "), a verb + object cue ("expressed
   concern about"), "according to X", a cue noun with a possessive ("Trump's criticism of X"),
   a stance adjective ("X is confident that ..."), any verb with a "that" clause, or a name and
   a colon ("Ted Cruz: ..."). The speaker is the cue's subject, or the subject of the clause a
   participle hangs on ("..., vowing to continue the war"). Span conventions follow PolNeAR's
   gold: the speaker keeps relative clauses and appositions (not a comma-set participle clause
   nor a news dateline before a dash; in "Obama, who said ..." it is "who", resolved to Obama),
   the cue keeps auxiliaries, negation, adverbs, particles, a governing verb ("went on to say"),
   the children listed in ``cue_extension.tsv`` ("issued a statement saying") and the
   preposition of a prepositional content ("called for"), not adverbials ("said [in a statement]").
   A cue verb closing its paragraph with a colon ("Hewitt writes:") introduces the next paragraph.
2. Quotation-mark runs (straight, curly or doubled apostrophes; continued across paragraphs
   when a paragraph opens with a quotation mark and the previous one never closed) that no
   attribution covers join the attribution just before them in the same paragraph, take the
   nearest cue in their sentence (with its verb group: "has said"), or else the speaker of
   the quote just before — with no cue then: the earlier quote's cue is not this one's evidence.

A cue inside another attribution's content is dropped (speech within speech) unless it heads a
side clause the model is sure of ("X suggested A, while Cruz said B": the outer content then
stops before it; PolNeAR gives each word to one attribution). Cue spans follow PolNeAR train:
the word introducing the content ("calling [for] X to ..."), a verb's auxiliaries and a noun's
determiner and adjectives ("[a broader] rethinking"), a short object ("issued [a statement]")
but not a named or long one.

The lexicon rules are joined by a small trained classifier (:mod:`dateline.stages.quotes.model`,
logistic regression trained on PolNeAR train): a token it calls a cue becomes one even when no
lexicon lists it ("Trump is thanking his supporters"), and a lexicon verb it calls no cue is
dropped. PolNeAR conventions beyond "X said Y" live in :mod:`~dateline.stages.quotes.special`
(raising cues with no source, passives with an agent, "In a poll, ...", headline colons).
Modules: ``quote_marks`` (quotation marks), ``quote_lexicon`` (data files), ``quote_model`` (the
cue classifier), ``quote_spans`` (speaker spans), ``quote_cues`` (cue spans), ``quote_frames`` and
``quote_nominal`` (contents per cue type, verbal and nominal), ``quote_parse`` (misparses and
whole-sentence patterns), ``quote_boundaries`` (the trained span-edge and descend models),
``quote_special``, and this one (candidates to records).

Kinds: ``direct`` when the content is inside quotation marks, ``mixed`` when only part of it is,
``unmarked`` when an unquoted content comes before its cue ("..., Blinken said": speech whose
marks were stripped), ``indirect`` otherwise. Speakers and addressees are resolved to the
coreference chains of the coref stage (``doc._.coref_chains``); an unresolved speaker is kept as text
with a low confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dateline.model import ActorRef, Quote, record_id
from dateline.model import Span as TextSpan
from dateline.stages.coref import chain_at
from dateline.stages.quotes.cues import cue_tokens, cue_words, take_preposition
from dateline.stages.quotes.frames import MODEL_ADD, is_asked, model_candidate, rule_candidate
from dateline.stages.quotes.lexicon import cue_verbs, non_agents
from dateline.stages.quotes.marks import Run, quote_runs, quoted_tokens
from dateline.stages.quotes.model import cue_probabilities
from dateline.stages.quotes.spans import Candidate, cue_subject, noun_phrase, trimmed
from dateline.stages.quotes.special import MIN_QUOTE_WORDS, colon_candidates
from dateline.stages.syntax import ByOffset, doc_text

WORD = re.compile(r"\w+")


FIRST_PERSON = re.compile(r"\b(I|we|my|our|me|us)\b")


SPEAKER_CONFIDENCE = {"name": 0.95, "surname": 0.9, "description": 0.75, "pronoun": 0.7}


UNRESOLVED_CONFIDENCE = 0.3


CUE_CONFIDENCE = {"speech": 0.9, "report": 0.75, "belief": 0.6, "prep": 0.85, "quote-cue": 0.8, "context": 0.45,
                  "model": 0.6}


SAID_AFTER_TOKENS = 5  # “...,” [Jeff Zucker, the CNN president,] replied: at most this many tokens before the verb
SIDE_CLAUSE_DEPS = {"advcl", "conj", "relcl", "parataxis"}  # a nested cue that may be an attribution of its own
SIDE_CLAUSE_PROB = 0.6  # the model's probability it needs for that (PolNeAR train: 38 right, 24 wrong)
COLON_CUE_CHARS = 60  # "released the following statement:": at most this much from the cue verb to the colon
NP_INNER_DEPS = {"compound", "det", "amod", "poss", "nummod", "flat"}  # words before a noun phrase's head
CONTEXT_REACH = 400  # chars: a quote with no cue may take the speaker of a quote this close before


def parse_candidates(doc: Doc, text: str, runs: list[Run], probs: dict[int, float]) -> list[Candidate]:
    """Every attribution the parse supports, in text order (``probs``: the cue model's scores)."""
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    starts = [p[0] for p in paragraphs]
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for tok in doc:
        prob = probs.get(tok.i, 0.0)
        k = bisect_right(starts, tok.idx) - 1
        cand = rule_candidate(tok, prob)
        if cand is None and prob >= MODEL_ADD:
            cand = model_candidate(tok, prob)
        if cand is None and k + 1 < len(paragraphs):
            cand = _colon_cue(tok, prob, text, paragraphs[k], paragraphs[k + 1])
        if cand is not None and cand.content[0] in seen:
            continue  # the copula and its adjective found the same attribution
        if cand is not None:
            seen.add(cand.content[0])
            para = paragraphs[k]
            colon = text[para[0] : para[1]].rstrip().endswith(":") and k + 1 < len(paragraphs)
            if colon:
                para = (para[0], paragraphs[k + 1][1])  # "Cruz continued:" + the quoted paragraph
            if _clip(doc, cand, text, para):
                if colon and text[cand.content[-1][1] : paragraphs[k][1]].strip() == ":":
                    nxt = paragraphs[k + 1]  # "called for action: [the tweet]"
                    cand.content.append((nxt[0], nxt[0] + len(text[nxt[0] : nxt[1]].rstrip())))
                out.append(cand)
    return out


def _colon_cue(tok: Token, prob: float, text: str, para: tuple[int, int], nxt: tuple[int, int]) -> Candidate | None:
    """ "Hewitt writes:" / "In a 1963 speech, he declared:" closing a paragraph: a cue verb with a
    subject and no content of its own introduces the next paragraph (the cue runs to the colon)."""
    verbs = cue_verbs()
    if tok.pos_ != "VERB" or tok.lemma_ not in verbs and prob < MODEL_ADD:
        return None
    tail = text[tok.idx : para[1]].rstrip()
    subj = cue_subject(tok)
    if not tail.endswith(":") or len(tail) > COLON_CUE_CHARS or subj is None or subj.i > tok.i:
        return None
    doc = tok.doc
    colon = doc.char_span(para[0] + len(text[para[0] : para[1]].rstrip()) - 1, para[1], alignment_mode="expand")
    if colon is None or any(t.is_sent_start for t in doc[tok.i + 1 : colon[0].i]):
        return None
    speaker = noun_phrase(subj, tok)
    left = cue_tokens(tok, nxt, {t.i for t in speaker})[0].i
    cls = verbs[tok.lemma_].cls if tok.lemma_ in verbs else "model"
    content = [(nxt[0], nxt[0] + len(text[nxt[0] : nxt[1]].rstrip()))]
    return Candidate(cue=list(doc[left : colon[0].i]), speaker=speaker, content=content, cls=cls)


def _clip(doc: Doc, cand: Candidate, text: str, para: tuple[int, int]) -> bool:
    """Keep an attribution inside its cue's paragraph: the parser sometimes runs across them."""
    content = []
    for s, e in cand.content:
        s, e = max(s, para[0]), min(e, para[1])
        while s < e and (text[s].isspace() or text[s] in ",;"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
            e -= 1
        if s < e:
            content.append((s, e))
    if not content or cand.speaker is None and cand.cls not in {"model", "report"} and not is_asked(cand.cue[0]):
        return False
    cand.content = content
    sp = cand.speaker
    if sp is not None and (sp.start_char < para[0] or sp.end_char > para[1]):
        toks = trimmed([t for t in sp if para[0] <= t.idx < para[1]])
        if not toks:
            return False
        cand.speaker = doc[toks[0].i : toks[-1].i + 1]
    return True


def _drop_nested(cands: list[Candidate], runs: list[Run], probs: dict[int, float]) -> list[Candidate]:
    """A cue inside a quotation or another attribution's content is reported speech within
    speech ("I think ..." inside a quote): the outer attribution wins, unless the inner cue
    heads a side clause the model is sure of ("X suggested A, while Cruz said B"): then the
    outer content stops before that clause (PolNeAR gives each word to one attribution)."""
    quoted = RunParts(runs)
    # _split_off only shrinks contents, so the reaches indexed now hold every current one; each hit
    # is checked again against the candidate's reach as it is (a scan of all of them was quadratic)
    reaches = ByOffset([_Reach(s, e, n) for n, o in enumerate(cands) for s, e in _reach(o)])
    keep = []
    for c in cands:
        idx = c.cue[0].idx
        if quoted.holds(idx):
            continue
        near = sorted({r.cand for r in reaches.overlapping(idx, idx + 1)})
        outer = [o for o in (cands[n] for n in near) if o is not c and any(s <= idx < e for s, e in _reach(o))]
        if not outer or _split_off(c, outer, probs):
            keep.append(c)
    return keep


@dataclass(frozen=True, slots=True)
class _Reach:
    start: int
    end: int
    cand: int  # position in the candidate list


class RunParts:
    """The parts of quoted runs, for "is this offset inside a quotation" in O(log n) (a scan of every
    run for each candidate made the stage quadratic in article length)."""

    def __init__(self, runs: list[Run]) -> None:
        parts = sorted(p for r in runs for p in r.parts)
        self.starts = [s for s, _ in parts]
        self.reach: list[int] = []  # the furthest end of the parts up to each one
        for _, e in parts:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def _furthest(self, i: int) -> int | None:
        return self.reach[i] if i >= 0 else None

    def holds(self, idx: int) -> bool:
        """Whether some part has s <= idx < e."""
        end = self._furthest(bisect_right(self.starts, idx) - 1)
        return end is not None and idx < end

    def closes_at(self, end: int) -> bool:
        """Whether some part has s < end <= e + 2: ``end`` inside or at the end of a quotation."""
        furthest = self._furthest(bisect_left(self.starts, end) - 1)
        return furthest is not None and end <= furthest + 2


def _reach(cand: Candidate) -> list[tuple[int, int]]:
    """A candidate's content spans and the clause they were cut from."""
    return cand.content + ([cand.scope] if cand.scope else [])


def _split_off(inner: Candidate, outer: list[Candidate], probs: dict[int, float]) -> bool:
    """Cut a confident side-clause attribution out of the contents holding it; False if it cannot be."""
    verb = inner.cue[0]
    if verb.dep_ not in SIDE_CLAUSE_DEPS or probs.get(verb.i, 0.0) < SIDE_CLAUSE_PROB:
        return False
    first, last = verb.left_edge, verb.right_edge
    lo, hi = first.idx, last.idx + len(last)
    cuts = []
    for o in outer:
        span = next(((s, e) for s, e in o.content if s <= verb.idx < e), None)
        if span is None or span[0] >= lo or hi < span[1] - 1:
            return False  # in the scope only, or a clause in the middle of the content: keep the outer reading
        toks = _tokens_from(verb.doc, span[0], first.i)
        while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ in {"cc", "mark"}):
            toks.pop()
        if not toks:
            return False
        cuts.append((o, span, (span[0], toks[-1].idx + len(toks[-1]))))
    for o, old, new in cuts:
        o.content = [new if sp == old else sp for sp in o.content]
    return True


def _tokens_from(doc: Doc, start_char: int, end: int) -> list[Token]:
    """The tokens before token ``end`` that start at or after ``start_char``, walking back from ``end``
    (a walk from the start of the Doc made each split quadratic in article length)."""
    i = end
    while i > 0 and doc[i - 1].idx >= start_char:
        i -= 1
    return list(doc[i:end])


def _statement_like(doc: Doc, text: str, run: Run) -> bool:
    """Whether a run reads as a quoted statement, not a title or scare quotes."""
    words = WORD.findall(" ".join(text[s:e] for s, e in run.parts))
    span = doc.char_span(run.start, run.end, alignment_mode="expand")
    if span is None:
        return False
    if _said_after(doc, text, run, span) is not None:
        return True  # “Technicals,” Bob said. / “GROWING PARTY,” he declared
    if len(words) < MIN_QUOTE_WORDS or all(w[:1].isupper() for w in words):
        return False
    before = text[span[0].sent.start_char : run.start].rstrip()
    if not before or not before[-1].isalnum():
        return True  # opens its sentence, or follows a colon, comma or dash
    # Mid-sentence quotes after a word are scare quotes or titles, unless a speech cue
    # introduces them or follows them (“...,” said X).
    near = [doc[span.start - 1]] if span.start else []
    near += [t for t in doc[span.end : span.end + 4] if not t.is_punct]
    verbs = cue_verbs()
    return any(t.lemma_ in verbs and verbs[t.lemma_].cls == "speech" for t in near)


def _speech_end(text: str, run: Run) -> bool:
    """Whether a short run ends like speech: “Technicals,” / “No!”, not like a title."""
    return text[run.end - 2 : run.end - 1] in {",", "?", "!"}


def _said_after(doc: Doc, text: str, run: Run, span: Span) -> Token | None:
    """The verb of “...,” X said / “...?” asked X: a run ending in a comma, question or exclamation
    mark, then within a few words a verb with a subject, whatever the verb (“...,” Oliver barked)."""
    if text[run.end - 2 : run.end - 1] not in {",", "?", "!"} and text[run.end : run.end + 1] != ",":
        return None
    for tok in doc[span.end : span.end + SAID_AFTER_TOKENS]:
        if tok.pos_ == "VERB" and _speaker_token(tok) is not None:
            return tok
        if tok.is_sent_start and tok.i > span.end or tok.text in {".", ";"}:
            break  # the parser may start a sentence right after “...?”: “...?” Obama asked
    return None


def _speaker_token(verb: Token) -> Token | None:
    """The subject of a cue after a quote, also when the parser missed an inverted one:
    “The risk,” said [Edward Leamer], ..., “is that ...” (the name parsed as the next clause's)."""
    subj = cue_subject(verb)
    if subj is not None or verb.i + 1 >= len(verb.doc):
        return subj
    entry = cue_verbs().get(verb.lemma_)
    tok = verb.doc[verb.i + 1]
    if entry is None or entry.cls != "speech" or tok.pos_ not in {"PROPN", "PRON", "NOUN", "DET", "ADJ"}:
        return None
    while tok.dep_ in NP_INNER_DEPS and tok.head.i > tok.i:
        tok = tok.head  # "[Edward] Leamer", "[the] senator": up to the noun phrase's head
    return tok if tok.pos_ in {"PROPN", "PRON", "NOUN"} else None


def _cue_near(doc: Doc, text: str, run: Run, quoted: RunParts) -> Token | None:
    """The cue verb with a subject closest to a run, in the sentences it touches, outside quotes."""
    verbs = cue_verbs()
    span = doc.char_span(run.start, run.end, alignment_mode="expand")
    if span is None:
        return None
    said = _said_after(doc, text, run, span)
    if said is not None:
        return said
    first, last = span[0].sent, span[-1].sent
    toks = [t for t in doc[first.start : last.end] if t.lemma_ in verbs and t.pos_ in {"VERB", "AUX"}]
    toks = [t for t in toks if not quoted.holds(t.idx) and cue_subject(t) is not None]
    return min(toks, key=lambda t: min(abs(t.idx - run.start), abs(t.idx - run.end)), default=None)


def _overlaps(cand: Candidate, others: list[Candidate]) -> bool:
    return any(s < e2 and s2 < e for s, e in cand.content for o in others for s2, e2 in o.content)


def _quoted(cand: Candidate, quoted: RunParts) -> bool:
    """Whether a candidate's content ends inside or at the end of a quotation."""
    return quoted.closes_at(cand.content[-1][1])


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return "\n" not in text[a:b]


def run_candidates(doc: Doc, text: str, runs: list[Run], cands: list[Candidate]) -> list[Candidate]:
    """Attribute quoted runs the parse missed; may extend ``cands`` in place with continuations."""
    out: list[Candidate] = []
    quoted_parts = RunParts(runs)
    for run in runs:
        if any(s < run.end and run.start < e for c in cands + out for s, e in c.content):
            continue
        if not _statement_like(doc, text, run):
            continue
        done = sorted((c for c in cands + out if c.content[-1][1] <= run.start), key=lambda c: c.content[-1][1])
        prev = done[-1] if done else None
        cue = _cue_near(doc, text, run, quoted_parts)
        owner = next((c for c in cands + out if cue is not None and c.cue and c.cue[0].i == cue.i), None)
        quoted = [c for c in done if _quoted(c, quoted_parts) and _same_paragraph(text, c.content[-1][1], run.start)]
        if owner is None and quoted:
            owner = quoted[-1]  # "“...,” she said. “And ...”": one statement in two pieces
        if owner is not None and owner.cls == "model" and cue is not None and run.end <= cue.idx:
            # “GROWING PARTY,” he declared [in a tweet]: the quote, not the model's frame, is the content
            owner.content, owner.cue = list(run.parts), [t for t in owner.cue if t.i <= cue.i]
        elif owner is not None:
            owner.content.extend(run.parts)
        elif cue is not None:
            speaker = noun_phrase(_speaker_token(cue), cue)
            group = cue_tokens(cue, run.parts[0], {t.i for t in speaker})  # "has said", "went on to say"
            out.append(Candidate(cue=group, speaker=speaker, content=list(run.parts), cls="quote-cue"))
        elif prev is not None and prev.speaker is not None and run.start - prev.content[-1][1] < CONTEXT_REACH:
            # No cue of its own: the speaker carries over, the previous quote's cue is not this one's evidence.
            out.append(Candidate(cue=[], speaker=prev.speaker, content=list(run.parts), cls="context"))
    return out


def _extend_to_marks(text: str, span: tuple[int, int], runs: list[Run]) -> tuple[int, int]:
    """Stretch a content span over the quotation marks (and final punctuation) framing it."""
    start, end = span
    for run in runs:
        for s, e in run.parts:
            if s < end and start < e:
                # A content that starts or ends inside a quotation takes all of it: the parser
                # splits a quoted passage into sentences, the statement is the whole passage.
                start, end = min(start, s), max(end, e)
    return start, end


def _kind(cand: Candidate, runs: list[Run], marks: list[int]) -> str:
    inside = sum(
        min(e, re_) - max(s, rs) for s, e in cand.content for r in runs for rs, re_ in r.parts if rs < e and s < re_
    )
    total = sum(e - s for s, e in cand.content)
    if total and inside >= 0.9 * total:
        return "direct"
    if inside or any(s <= m < e for s, e in cand.content for m in marks):
        return "mixed"
    # all of the content before its cue (not a relative clause split around it: "which [X says] includes")
    if cand.cue and cand.speaker is not None and cand.content[-1][1] <= cand.cue[0].idx and cand.cls != "prep":
        return "unmarked"
    return "indirect"


def _actor(doc: Doc, span: Span | None, refers_to: Span | None = None) -> tuple[ActorRef | None, float]:
    if span is None:
        return None, 0.0
    ref = refers_to if refers_to is not None else span
    chain = chain_at(doc, ref.start_char, ref.end_char)
    head = ref.root.idx
    if chain is not None and not any(s <= head < e for s, e in chain.mentions):
        chain = None  # "Pakistan's interior minister", "witnesses in Burma": the name is a modifier
    kind = chain.kind_at(head, head + 1) if chain is not None else None
    conf = SPEAKER_CONFIDENCE.get(kind or "", 0.5) if chain is not None else UNRESOLVED_CONFIDENCE
    ref = ActorRef(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        actor_id=chain.id if chain else None,
        name=chain.name if chain else None,
        confidence=conf,
    )
    return ref, conf


NAME_TYPES = {"PERSON", "ORG", "NORP", "GPE"}  # a name of one of these in the speaker phrase: someone who speaks


def cannot_speak(span: Span | None) -> bool:
    """A source phrase that shows rather than speaks ("TELEVISION VISUALS", "the clip"): its head is a
    non-agent noun (resources/quotes/non_agents.tsv) and it holds no name. The quote keeps it as its
    ``source_phrase`` (PolNeAR annotates "The clip says ..." as an attribution), never as its speaker."""
    if span is None or not len(span) or any(t.ent_type_ in NAME_TYPES for t in span):
        return False
    heads = {span.root.lower_, span[-1].lower_}
    return bool(heads & non_agents())


def speaker_status(span: Span | None, speaker: ActorRef | None) -> str | None:
    """How the speaker is known: "name" (a name in its phrase), "resolved" (a pronoun or description that
    coreference links to a named actor), "description" ("a senior official", no chain), "unresolved" (a
    pronoun nothing resolves: shown as such, never as a name); None without a speaker."""
    if span is None or speaker is None:
        return None
    if any(t.ent_type_ in NAME_TYPES for t in span):
        return "name"
    if speaker.actor_id is not None:
        return "resolved"
    return "unresolved" if span.root.pos_ == "PRON" else "description"


def to_quote(doc: Doc, text: str, cand: Candidate, runs: list[Run], marks: list[int], article_id: str) -> Quote:
    """A Quote record from a candidate: kind, resolved speaker, spans and confidence."""
    take_preposition(doc, cand)
    cand.content = sorted({_extend_to_marks(text, s, runs) for s in cand.content})
    kind = _kind(cand, runs, marks)
    speaker, speaker_conf = _actor(doc, cand.speaker, cand.refers_to)
    addressee, _ = _actor(doc, cand.addressee)
    conf = CUE_CONFIDENCE[cand.cls] * cand.factor * (0.6 + 0.4 * speaker_conf)
    first = text[cand.content[0][0] : cand.content[0][1]]
    if kind == "unmarked" and FIRST_PERSON.search(first):
        conf = min(1.0, conf + 0.05)  # first person outside quotes: surely stripped speech
    source_phrase = None
    if speaker is not None and cannot_speak(cand.speaker):
        source_phrase, speaker = TextSpan(speaker.start, speaker.end, speaker.text), None
    cue = None
    cue_toks = cue_words(cand.cue)
    if cue_toks:
        cue_start, cue_end = cue_toks[0].idx, cue_toks[-1].idx + len(cue_toks[-1])
        cue = TextSpan(cue_start, cue_end, text[cue_start:cue_end])
    return Quote(
        id=record_id(article_id, "quote", cand.content[0][0], cand.content[-1][1]),
        kind=kind,
        speaker=speaker,
        cue=cue,
        content=[TextSpan(s, e, text[s:e]) for s, e in cand.content],
        addressee=addressee,
        confidence=round(conf, 3),
        speaker_status=speaker_status(cand.speaker, speaker),
        source_phrase=source_phrase,
    )


def find_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a parsed doc (coref chains already on it), sorted by content start."""
    text = doc_text(doc)  # built once per Doc for every stage
    all_runs, marks = quote_runs(text)
    runs = [r for r in all_runs if len(WORD.findall(text[r.start : r.end])) >= MIN_QUOTE_WORDS or _speech_end(text, r)]
    probs = cue_probabilities(doc, quoted_tokens(doc, all_runs))
    cands = _drop_nested(parse_candidates(doc, text, all_runs, probs), runs, probs)
    cands += [c for c in colon_candidates(doc, runs) if not _overlaps(c, cands)]
    cands += run_candidates(doc, text, runs, cands)
    article_id = doc._.article.id if doc._.article is not None else ""
    quotes = [to_quote(doc, text, c, runs, marks, article_id) for c in cands]
    return sorted(quotes, key=lambda q: (q.content[0].start, q.content[-1].end))
