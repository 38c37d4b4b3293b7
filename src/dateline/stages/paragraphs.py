"""Paragraph breaks are sentence breaks: a component that runs before the parser.

News text separates paragraphs (and a headline from the body) with blank lines, but spaCy's
parser sometimes joins a headline and the first paragraph, or two paragraphs, into one
sentence — and quotes, speakers and event arguments then cross the break. Marking the token
after a blank line as a sentence start makes the parser respect it.
"""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("dateline_paragraphs", assigns=["token.is_sent_start"])
def paragraphs_component(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token after each blank line."""
    # spaCy keeps line breaks as space tokens
    starts = [token.i + 1 for token in doc[:-1] if token.is_space and token.text.count("\n") >= 2]
    if starts:
        # all at once: Token.is_sent_start's setter checks the whole Doc for a parse each time,
        # which made this quadratic in the length of the article
        values = doc.to_array(SENT_START)
        values[starts] = 1
        doc.from_array([SENT_START], values)
    return doc
