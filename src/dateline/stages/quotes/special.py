"""Attribution frames outside the plain "X said Y" pattern: raising cues ("is expected to"),
passives with an agent, "In a poll, ...", and headline colons ("Trump: ...")."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dateline.stages.quotes.cues import cue_tokens
from dateline.stages.quotes.lexicon import colon_labels, cue_verbs, source_nouns
from dateline.stages.quotes.marks import Run, is_mark
from dateline.stages.quotes.spans import Candidate, noun_phrase, passive_agent, subtree_span, trimmed

COLON_SPEAKER_TOKENS = 6  # "Sen. Ted Cruz (R-Texas):" at most
MIN_QUOTE_WORDS = 3  # shorter quoted runs are titles and scare quotes, not statements
_TITLE_JOINS = frozenset({"of", "for"})  # in a title alone on its line: "Secretary of State Antony Blinken:"


def in_source_candidate(tok: Token) -> Candidate | None:
    """ "In a CBS News poll, Clinton led ...": the poll is the source, the clause the content."""
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in source_nouns() or tok.head.pos_ not in {"VERB", "AUX"}:
        return None
    doc, sent = tok.doc, tok.sent
    after = trimmed(list(doc[tok.right_edge.i + 1 : sent.end]))
    before = trimmed(list(doc[sent.start : tok.i]))
    comma_after = tok.right_edge.i + 1 < len(doc) and doc[tok.right_edge.i + 1].text == ","
    comma_before = tok.i > 0 and doc[tok.i - 1].text == ","
    if not before and after and comma_after:  # "In a new poll, Clinton leads ..."
        content = after
    elif before and not after and comma_before:  # "..., in the latest survey."
        content = before
    else:
        return None  # "Trump rose in the polls": a standing, not an attribution
    span = (content[0].idx, content[-1].idx + len(content[-1]))
    return Candidate(cue=[tok], speaker=noun_phrase(pobj), content=[span], cls="report")


def _heading(words: list[Token]) -> bool:
    """A section heading or place before a colon ("STAT OF THE WEEK:", "Iowa:"), not a speaker."""
    if all(t.ent_type_ in {"GPE", "LOC"} for t in words):
        return True
    return len(words) > 2 and all(t.is_upper or not t.is_alpha for t in words)


def colon_candidates(doc: Doc, runs: list[Run] = ()) -> list[Candidate]:
    """ "Sen. Ted Cruz: “...”": a short name phrase, a colon, and what that person said (in the same
    sentence, or the quoted paragraph after a colon that closes its line: :func:`_block_quote`)."""
    out = []
    for sent in doc.sents:
        colon = next((t for t in sent[: COLON_SPEAKER_TOKENS + 1] if t.text == ":"), None)
        if colon is None or colon.i == sent.start:
            continue
        speaker = [t for t in doc[sent.start : colon.i] if not t.is_space and not is_mark(t)]
        if not speaker or any(t.pos_ in {"VERB", "AUX"} for t in speaker) or _heading(speaker):
            continue
        rest = trimmed([t for t in doc[colon.i + 1 : sent.end] if "\n" not in t.text])
        block = len(rest) < MIN_QUOTE_WORDS  # the name alone on its line: a block quote follows, if any
        if not all(t.ent_type_ in {"PERSON", "ORG", "NORP"} or t.pos_ == "PROPN" or t.text[:1].isupper()
                   or t.is_punct or block and t.lower_ in _TITLE_JOINS and 0 < k < len(speaker) - 1
                   for k, t in enumerate(speaker)) or any(t.lower_ in colon_labels() for t in speaker):
            continue  # a name ("Poll: ..." in a headline is one too), not "Update: ..."
        content = _block_quote(doc.text, colon, runs) if block else [(rest[0].idx, rest[-1].idx + len(rest[-1]))]
        if not content:
            continue
        span = doc[speaker[0].i : speaker[-1].i + 1]
        out.append(Candidate(cue=[colon], speaker=span, content=content, cls="quote-cue"))
    return out


def _block_quote(text: str, colon: Token, runs: list[Run]) -> list[tuple[int, int]]:
    """The quoted run opening the paragraph after a colon that ends its line ("U.S. Secretary of State
    Antony Blinken:" alone on a line, then the statement in quotation marks): what the speaker said."""
    after = colon.idx + 1
    for run in runs:
        gap = text[after : run.start]
        if run.start >= after and not gap.strip() and "\n" in gap:
            return list(run.parts)
        if run.start > after:
            break
    return []


def raising_candidate(verb: Token, passive: bool) -> Candidate | None:
    """ "Trump is expected to win": no source; the content is the subject and the infinitive."""
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    inf = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if inf is None and not passive:  # "others appeared [ready to ...]", "seems [like a contradiction]"
        inf = next((c for c in verb.children if c.i > verb.i and (c.dep_ in {"acomp", "oprd"}
                    or c.dep_ == "prep" and c.lower_ == "like")), None)
        if inf is not None and inf.dep_ == "prep":
            inf = next((g for g in inf.children if g.dep_ == "pobj"), None)
    if subj is None or inf is None or passive and not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    if inf.lemma_ in cue_verbs() and cue_verbs()[inf.lemma_].cls == "speech":
        return None  # "seemed to suggest that ...": the inner verb is the cue, with this subject
    content = [subtree_span(subj), subtree_span(inf)]
    avoid = {t.i for t in subj.subtree} | {t.i for t in inf.subtree}
    return Candidate(cue=cue_tokens(verb, content[1], avoid), speaker=None, content=content, cls="report",
                     scope=(subj.left_edge.idx, inf.right_edge.idx + len(inf.right_edge)))


def passive_candidate(verb: Token) -> Candidate | None:
    """ "Pigs are considered unclean by Muslims": the agent is the source; the passive subject and
    what the verb says of it ("unclean", "as a demotion") are the content."""
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = passive_agent(verb)
    if subj is None and agent is not None and verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.i < verb.i:
        return _participle_candidate(verb, agent)  # "The bill, [opposed by House Republicans], ..."
    if subj is None or agent is None or subj.tag_ in {"WP", "WDT"}:
        return None
    rest = [c for c in verb.children if c.i > verb.i and c.dep_ in {"oprd", "acomp", "xcomp", "ccomp"}
            or c.dep_ == "prep" and c.lower_ == "as"]
    content = [subtree_span(subj)] + [subtree_span(c) for c in rest]
    avoid = {t.i for t in agent.head.subtree} | {t.i for t in subj.subtree}
    return Candidate(cue=cue_tokens(verb, content[-1], avoid), speaker=noun_phrase(agent), content=content,
                     cls="model", scope=(subj.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)))


def _participle_candidate(verb: Token, agent: Token) -> Candidate:
    """ "The immigration bill, opposed by House Republicans, ...", "an option seen by organizers as a
    lifeboat": the noun a passive participle modifies is the content, with what the verb says of it."""
    noun = noun_phrase(verb.head, verb)
    rest = [c for c in verb.children if c.i > verb.i and (c.dep_ in {"oprd", "acomp", "xcomp"}
            or c.dep_ == "prep" and c.lower_ == "as")]
    speaker, as_ = _agent_phrase(agent)
    content = [(noun.start_char, noun.end_char)] + [subtree_span(c) for c in rest + ([as_] if as_ else [])]
    avoid = {t.i for t in agent.head.subtree} | {t.i for t in noun}
    return Candidate(cue=cue_tokens(verb, content[0], avoid), speaker=speaker, content=content, cls="model")


def _agent_phrase(agent: Token) -> tuple[Span, Token | None]:
    """The agent's noun phrase and the "as" phrase the parser sometimes hangs on it ("seen by
    [organizers] [as a lifeboat]"): the latter is what the agent says, so content."""
    as_ = next((c for c in agent.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > agent.i), None)
    phrase = noun_phrase(agent)
    if as_ is None:
        return phrase, None
    toks = trimmed([t for t in phrase if t.i < as_.left_edge.i]) or [agent]
    return agent.doc[toks[0].i : toks[-1].i + 1], as_

