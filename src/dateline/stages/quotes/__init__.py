"""The quotes stage (``dateline_quotes``): quotations with cue, speaker and content on ``doc._.quotes``."""
