"""Stage 1: entity mentions from the spaCy NER model, with spans and a confidence.

spaCy's greedy NER offers no per-entity probability, so the confidence is a score from
evidence the model does expose: how often the same surface form is tagged with the same
label in the document (consistent repeats are rarely wrong), whether the span is
capitalized like a name, and how reliable the label is on news text.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from dateline.model import Mention, record_id

# Precision of en_core_web_sm per label on OntoNotes news (spaCy's published per-type scores),
# rounded; used as the prior for the score. Labels not listed get DEFAULT_PRIOR.
LABEL_PRIOR = {
    "PERSON": 0.90,
    "GPE": 0.90,
    "ORG": 0.80,
    "NORP": 0.90,
    "DATE": 0.85,
    "TIME": 0.75,
    "CARDINAL": 0.85,
    "MONEY": 0.90,
    "PERCENT": 0.90,
    "LOC": 0.75,
    "FAC": 0.60,
    "EVENT": 0.60,
    "LAW": 0.55,
    "PRODUCT": 0.50,
    "WORK_OF_ART": 0.50,
    "LANGUAGE": 0.75,
    "ORDINAL": 0.90,
    "QUANTITY": 0.75,
}
DEFAULT_PRIOR = 0.6
NAME_LABELS = {"PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}


def mention_confidence(label: str, text: str, repeats: int) -> float:
    score = LABEL_PRIOR.get(label, DEFAULT_PRIOR)
    if label in NAME_LABELS and not text[:1].isupper():
        score *= 0.7  # a lower-case "name" is usually a tagging error
    score += (1 - score) * min(repeats - 1, 3) / 6  # consistent repeats raise it, at most halfway to 1
    return round(score, 3)


@Language.component("dateline_entities", assigns=["doc._.mentions"], requires=["doc.ents"])
def entities_component(doc: Doc) -> Doc:
    """Store ``doc._.mentions``: one :class:`Mention` per NER entity."""
    article_id = doc._.article.id if doc._.article is not None else ""
    repeats = Counter((ent.text, ent.label_) for ent in doc.ents)
    doc._.mentions = [
        Mention(
            id=record_id(article_id, "mention", ent.start_char, ent.end_char),
            start=ent.start_char,
            end=ent.end_char,
            text=ent.text,
            label=ent.label_,
            confidence=mention_confidence(ent.label_, ent.text, repeats[(ent.text, ent.label_)]),
        )
        for ent in doc.ents
    ]
    return doc
