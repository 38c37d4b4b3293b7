"""The quotes stage (``dateline_quotes``): quotations with cue, speaker and content on ``doc._.quotes``.
Later stages use :func:`quote_at` to find the quote holding an offset."""

from dateline.stages.quotes.lookup import quote_at

__all__ = ["quote_at"]
