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
2. Quotation-mark runs (straight, curly or doubled apostrophes; continued across paragraphs
   when a paragraph opens with a quotation mark and the previous one never closed) that no
   attribution covers join the attribution just before them in the same paragraph, take the
   nearest cue in their sentence, or else the speaker of the quote just before.

The lexicon rules are joined by a small trained classifier (:mod:`dateline.extract.quote_model`,
logistic regression trained on PolNeAR train): a token it calls a cue becomes one even when no
lexicon lists it ("Trump is thanking his supporters"), and a lexicon verb it calls no cue is
dropped. PolNeAR conventions beyond "X said Y" live in :mod:`~dateline.extract.quote_special`
(raising cues with no source, passives with an agent, "In a poll, ...", headline colons).
Modules: ``quote_marks`` (quotation marks), ``quote_lexicon`` (data files), ``quote_spans``
(speaker and cue spans), ``quote_frames`` (contents per cue type), ``quote_special``, and this
one (candidates to records).

Kinds: ``direct`` when the content is inside quotation marks, ``mixed`` when only part of it is,
``unmarked`` when an unquoted content comes before its cue ("..., Blinken said": speech whose
marks were stripped), ``indirect`` otherwise. Speakers and addressees are resolved to the
coreference chains of :mod:`dateline.extract.coref`; an unresolved speaker is kept as text
with a low confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.extract.coref import build_chains, chain_at
from dateline.extract.quote_frames import MODEL_ADD, is_asked, model_candidate, rule_candidate
from dateline.extract.quote_lexicon import cue_verbs
from dateline.extract.quote_marks import Run, quote_runs, quoted_tokens
from dateline.extract.quote_model import cue_probabilities
from dateline.extract.quote_spans import Candidate, cue_subject, noun_phrase, trimmed
from dateline.extract.quote_special import MIN_QUOTE_WORDS, colon_candidates
from dateline.model import ActorRef, Quote, record_id
from dateline.model import Span as TextSpan

WORD = re.compile(r"\w+")


FIRST_PERSON = re.compile(r"\b(I|we|my|our|me|us)\b")


SPEAKER_CONFIDENCE = {"name": 0.95, "surname": 0.9, "description": 0.75, "pronoun": 0.7}


UNRESOLVED_CONFIDENCE = 0.3


CUE_CONFIDENCE = {"speech": 0.9, "report": 0.75, "belief": 0.6, "prep": 0.85, "quote-cue": 0.8, "context": 0.45,
                  "model": 0.6}


SAID_AFTER_TOKENS = 5  # “...,” [Jeff Zucker, the CNN president,] replied: at most this many tokens before the verb
CONTEXT_REACH = 400  # chars: a quote with no cue may take the speaker of a quote this close before


def parse_candidates(doc: Doc, text: str, runs: list[Run]) -> list[Candidate]:
    """Every attribution the parse supports, in text order."""
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    starts = [p[0] for p in paragraphs]
    probs = cue_probabilities(doc, quoted_tokens(doc, runs))
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for tok in doc:
        prob = probs.get(tok.i, 0.0)
        cand = rule_candidate(tok, prob)
        if cand is None and prob >= MODEL_ADD:
            cand = model_candidate(tok, prob)
        if cand is not None and cand.content[0] in seen:
            continue  # the copula and its adjective found the same attribution
        if cand is not None:
            seen.add(cand.content[0])
            k = bisect_right(starts, tok.idx) - 1
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


def _drop_nested(cands: list[Candidate], runs: list[Run]) -> list[Candidate]:
    """A cue inside a quotation or another attribution's content is reported speech within
    speech ("I think ..." inside a quote): the outer attribution wins."""
    keep = []
    for c in cands:
        idx = c.cue[0].idx
        in_content = any(
            o is not c and any(s <= idx < e for s, e in o.content + ([o.scope] if o.scope else [])) for o in cands
        )
        if not in_content and not any(s <= idx < e for r in runs for s, e in r.parts):
            keep.append(c)
    return keep


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
        if tok.pos_ == "VERB" and cue_subject(tok) is not None:
            return tok
        if tok.is_sent_start or tok.text in {".", ";"}:
            break
    return None


def _cue_near(doc: Doc, run: Run, runs: list[Run]) -> Token | None:
    """The cue verb with a subject closest to a run, in the sentences it touches, outside quotes."""
    verbs = cue_verbs()
    span = doc.char_span(run.start, run.end, alignment_mode="expand")
    if span is None:
        return None
    said = _said_after(doc, doc.text, run, span)
    if said is not None:
        return said
    first, last = span[0].sent, span[-1].sent
    toks = [t for t in doc[first.start : last.end] if t.lemma_ in verbs and t.pos_ in {"VERB", "AUX"}]
    toks = [t for t in toks if not any(s <= t.idx < e for r in runs for s, e in r.parts) and cue_subject(t) is not None]
    return min(toks, key=lambda t: min(abs(t.idx - run.start), abs(t.idx - run.end)), default=None)


def _overlaps(cand: Candidate, others: list[Candidate]) -> bool:
    return any(s < e2 and s2 < e for s, e in cand.content for o in others for s2, e2 in o.content)


def _quoted(cand: Candidate, runs: list[Run]) -> bool:
    """Whether a candidate's content ends inside or at the end of a quotation."""
    end = cand.content[-1][1]
    return any(s < end <= e + 2 for r in runs for s, e in r.parts)


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return "\n" not in text[a:b]


def run_candidates(doc: Doc, text: str, runs: list[Run], cands: list[Candidate]) -> list[Candidate]:
    """Attribute quoted runs the parse missed; may extend ``cands`` in place with continuations."""
    out: list[Candidate] = []
    for run in runs:
        if any(s < run.end and run.start < e for c in cands + out for s, e in c.content):
            continue
        if not _statement_like(doc, text, run):
            continue
        done = sorted((c for c in cands + out if c.content[-1][1] <= run.start), key=lambda c: c.content[-1][1])
        prev = done[-1] if done else None
        cue = _cue_near(doc, run, runs)
        owner = next((c for c in cands + out if cue is not None and c.cue and c.cue[0].i == cue.i), None)
        quoted = [c for c in done if _quoted(c, runs) and _same_paragraph(text, c.content[-1][1], run.start)]
        if owner is None and quoted:
            owner = quoted[-1]  # "“...,” she said. “And ...”": one statement in two pieces
        if owner is not None and owner.cls == "model" and cue is not None and run.end <= cue.idx:
            # “GROWING PARTY,” he declared [in a tweet]: the quote, not the model's frame, is the content
            owner.content, owner.cue = list(run.parts), [t for t in owner.cue if t.i <= cue.i]
        elif owner is not None:
            owner.content.extend(run.parts)
        elif cue is not None:
            speaker = noun_phrase(cue_subject(cue), cue)
            out.append(Candidate(cue=[cue], speaker=speaker, content=list(run.parts), cls="quote-cue"))
        elif prev is not None and prev.speaker is not None and run.start - prev.content[-1][1] < CONTEXT_REACH:
            out.append(Candidate(cue=list(prev.cue), speaker=prev.speaker, content=list(run.parts), cls="context"))
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
    if cand.cue and cand.speaker is not None and cand.content[0][1] <= cand.cue[0].idx and cand.cls != "prep":
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


def to_quote(doc: Doc, text: str, cand: Candidate, runs: list[Run], marks: list[int], article_id: str) -> Quote:
    """A Quote record from a candidate: kind, resolved speaker, spans and confidence."""
    cand.content = sorted({_extend_to_marks(text, s, runs) for s in cand.content})
    kind = _kind(cand, runs, marks)
    speaker, speaker_conf = _actor(doc, cand.speaker, cand.refers_to)
    addressee, _ = _actor(doc, cand.addressee)
    conf = CUE_CONFIDENCE[cand.cls] * cand.factor * (0.6 + 0.4 * speaker_conf)
    first = text[cand.content[0][0] : cand.content[0][1]]
    if kind == "unmarked" and FIRST_PERSON.search(first):
        conf = min(1.0, conf + 0.05)  # first person outside quotes: surely stripped speech
    cue = None
    if cand.cue:
        cue_start, cue_end = cand.cue[0].idx, cand.cue[-1].idx + len(cand.cue[-1])
        cue = TextSpan(cue_start, cue_end, text[cue_start:cue_end])
    return Quote(
        id=record_id(article_id, "quote", cand.content[0][0], cand.content[-1][1]),
        kind=kind,
        speaker=speaker,
        cue=cue,
        content=[TextSpan(s, e, text[s:e]) for s, e in cand.content],
        addressee=addressee,
        confidence=round(conf, 3),
    )


def find_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a parsed doc (coref chains already on it), sorted by content start."""
    text = doc.text  # built from the tokens on every access: read it once
    all_runs, marks = quote_runs(text)
    runs = [r for r in all_runs if len(WORD.findall(text[r.start : r.end])) >= MIN_QUOTE_WORDS or _speech_end(text, r)]
    cands = _drop_nested(parse_candidates(doc, text, all_runs), runs)
    cands += [c for c in colon_candidates(doc) if not _overlaps(c, cands)]
    cands += run_candidates(doc, text, runs, cands)
    article_id = doc._.article.id if doc._.article is not None else ""
    quotes = [to_quote(doc, text, c, runs, marks, article_id) for c in cands]
    return sorted(quotes, key=lambda q: (q.content[0].start, q.content[-1].end))


@Language.component("dateline_quotes")
def quotes_component(doc: Doc) -> Doc:
    """Store ``doc._.quotes``."""
    if doc._.coref_chains is None:  # run without dateline_coref: build the chains it needs
        doc._.coref_chains = build_chains(doc)
    doc._.quotes = find_quotes(doc)
    return doc
