"""The events stage (``dateline_events``): PLOVER events on ``doc._.events``, with their CAMEO codes."""
