"""Parse-level frames and repairs for attributions: complements across a paragraph break, a
date opening a "said" clause, a subject the parser took for an adverbial, a cue closing its
sentence ("..., the poll found."), a relative clause whose object is the content ("a deal
[she supported]"), "As X noted, ...", and a name + verb the parser took for a compound noun
("Trump predicts that ...")."""

from __future__ import annotations

from spacy.tokens import Token

from dateline.stages.quotes.lexicon import CueVerb, cue_verbs
from dateline.stages.quotes.spans import is_when, trimmed
from dateline.stages.syntax import doc_text

CONTENT_DEPS = {"ccomp"}


def across_paragraph(verb: Token, child: Token) -> bool:
    """Whether a child's clause lies in another paragraph than its verb: the parser's sentences
    sometimes run over a paragraph break, and a complement there is rarely the verb's content."""
    lo, hi = sorted((verb.i, child.i))
    doc = verb.doc
    # the tokens lo..hi-1 with their whitespace are the text from token lo to token hi: one search of the
    # Doc's text, not a walk over what may be a run-on sentence's whole length for each child of each cue
    return lo < hi and doc_text(doc).find("\n", doc[lo].idx, doc[hi].idx) >= 0


def across_colon(verb: Token, child: Token) -> bool:
    """Whether a colon or semicolon separates a clause before a verb from it: "But that was notable:
    ... both had said [her server was never hacked]" — the clause before is another statement."""
    return any(t.text in {":", ";"} for t in verb.doc[child.right_edge.i + 1 : verb.i])


def without_lead_date(head: Token, toks: list[Token]) -> list[Token]:
    """ "said [Tuesday] the fire began": a date opening the clause dates the cue; PolNeAR leaves it
    out of the content (train: 65 of 72 times)."""
    lead = next((c for c in head.children if toks and c.left_edge.i == toks[0].i and c.i < head.i
                 and (c.dep_ == "npadvmod" and c.ent_type_ in {"DATE", "TIME"} or is_when(c))), None)
    if lead is None:
        return toks
    return trimmed([t for t in toks if t.i > lead.right_edge.i]) or toks


def noun_phrase_subject(tok: Token) -> bool:
    """Whether an adverbial noun after "said" is the subject of the clause that follows: "said [the
    days when ...] are gone", not "said [Tuesday]" (a date without a clause of its own)."""
    return not tok.ent_type_ or any(c.dep_ in {"relcl", "acl"} for c in tok.children)


def closing_cue(verb: Token) -> bool:
    """ "..., the poll found." / "..., records show.": a verb closing its sentence after a comma-set
    clause it governs reports that clause, whatever its lexicon class."""
    doc = verb.doc
    if any(not (t.is_punct or t.is_space) for t in doc[verb.i + 1 : verb.sent.end]):
        return False
    clause = next((c for c in verb.children if c.dep_ in CONTENT_DEPS and c.i < verb.i), None)
    return clause is not None and clause.right_edge.i + 1 < verb.i and doc[clause.right_edge.i + 1].text == ","


def object_relative(verb: Token, entry: CueVerb, head: Token | None) -> bool:
    """ "a deal [she once supported]": a cue in a relative clause whose object is the noun it modifies."""
    if verb.dep_ != "relcl" or not entry.obj or verb.head.pos_ not in {"NOUN", "PROPN"}:
        return False
    if head is not None:
        return head.tag_ in {"WDT", "WP"} and head.dep_ == "dobj"
    if relative_object(verb) is not None:
        return True  # "allegations, [which] he has denied"
    return not any(c.dep_ in {"dobj", "ccomp", "xcomp", "prep", "dative", "oprd"} for c in verb.children)


def relative_object(verb: Token) -> Token | None:
    """The relative pronoun object of a verb in a relative clause ("which he has denied")."""
    return next((c for c in verb.children if c.dep_ == "dobj" and c.tag_ in {"WDT", "WP"} and c.i < verb.i), None)


def as_clause(verb: Token) -> bool:
    """ "As The Atlantic noted, trust ... is collapsing": a cue in an "as" clause frames the clause it
    modifies, which is the content (as for ", officials said, ")."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def verb_as_noun_subject(tok: Token) -> Token | None:
    """ "Trump predicts that ...", "Merkel talks about ...": a name and a cue verb the parser took for
    a compound noun; the name is the speaker. "Audit files show that ...": a "noun" with a subject of
    its own is a verb too."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if subj is not None and tok.dep_ == "ROOT" and tok.lemma_ in cue_verbs():
        return subj
    if tok.dep_ != "ROOT" or tok.tag_ != "NNS" or not tok.lower_.endswith("s") or tok.lower_[:-1] not in cue_verbs():
        return None
    return next((c for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1
                 and (c.pos_ == "PROPN" or c.ent_type_ or c.is_title)), None)


def closing_clause(verb: Token, subj: Token) -> list[Token]:
    """ "[As Trump spoke, a girl was pepper-sprayed], police said." / "[A], said the chief, X.": a
    speech verb ending its sentence after a comma reports all that comes before, however the parser
    hung it (an adverbial clause, a conjunct); empty when the sentence does not read so."""
    doc, sent = verb.doc, verb.sent
    own = {t.i for t in subj.subtree} if subj.i > verb.i else set()
    if any(not (t.is_punct or t.is_space) and t.i not in own for t in doc[verb.i + 1 : sent.end]):
        return []
    start = min(t.i for t in doc[min(verb.i, subj.left_edge.i) : verb.i + 1] if t.head.i == verb.i or t.i == verb.i
                or t.i in {x.i for x in subj.subtree})
    if start <= sent.start or doc[start - 1].text != ",":
        return []
    return trimmed(list(doc[sent.start : start]))


def is_infinitive_clause(tok: Token) -> bool:
    """A "to" infinitive clause ("[to seize on immigration]")."""
    return tok.pos_ in {"VERB", "AUX"} and any(c.tag_ == "TO" and c.i < tok.i for c in tok.children)


def copular_clause(noun: Token) -> Token | None:
    """ "The assumption ... is [that Obama won ...]", "One lesson learned is [that ...]": the "that"
    clause a copula says of a cue noun that is its subject."""
    cop = noun.head
    if noun.dep_ != "nsubj" or cop.lemma_ != "be":
        return None
    return next((c for c in cop.children if c.dep_ in {"ccomp", "attr", "advcl"} and c.i > cop.i
                 and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)

