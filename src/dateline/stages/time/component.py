"""The time stage: ``doc._.timexes``, the article's time expressions as TIMEX3 values anchored on its date."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.stages.time.expressions import find_timexes


class TimeComponent:
    """Stores ``doc._.timexes``: TIMEX3 records sorted by start offset, resolved against ``doc._.article.date``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = find_timexes(doc)
        return doc


@Language.factory("dateline_time", assigns=["doc._.timexes"], requires=["token.dep", "token.head", "token.lemma"])
def make_time(nlp: Language, name: str) -> TimeComponent:
    return TimeComponent()
