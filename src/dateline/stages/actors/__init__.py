"""The actors stage (``dateline_actors``): coded actor mentions on ``doc._.actors``. Later stages use
:func:`actor_at` (the coded actor at a character span) and :func:`resolve_phrase` (an actor for any
phrase, through the KB and coreference)."""

from dateline.stages.actors.linking import actor_at, resolve_phrase

__all__ = ["actor_at", "resolve_phrase"]
