"""Paragraph breaks are sentence breaks: a component that runs before the parser.

News text separates paragraphs (and a headline from the body) with blank lines, but spaCy's
parser sometimes joins a headline and the first paragraph, or two paragraphs, into one
sentence — and quotes, speakers and event arguments then cross the break. Marking the token
after a blank line as a sentence start makes the parser respect it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("dateline_paragraphs", assigns=["token.is_sent_start"])
def paragraphs_component(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after each blank line."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:  # spaCy keeps line breaks as space tokens
            doc[token.i + 1].is_sent_start = True
    return doc
