"""The places stage (``dateline_places``): place mentions resolved in the gazetteer, on ``doc._.places``.

Other stages use :func:`role_of` (the word that makes a place mention a location)."""

from dateline.stages.places.mentions import role_of

__all__ = ["role_of"]
