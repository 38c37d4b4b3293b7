"""Word lists shared by stages: ``resources/events/roles.yaml`` (group, title and role nouns, verbs of
roles), read once."""

from __future__ import annotations

from functools import cache, lru_cache

import yaml

from dateline.resources import ROOT

RESOURCE = ROOT / "events" / "roles.yaml"


@lru_cache(maxsize=1)
def roles_data() -> dict:
    """``resources/events/roles.yaml``, read once for every stage."""
    return yaml.safe_load(RESOURCE.read_text(encoding="utf-8"))


@cache
def role_words(key: str) -> frozenset[str]:
    """One word list of ``roles.yaml``, built once (the accessors below are called per token)."""
    return frozenset(roles_data()[key])
