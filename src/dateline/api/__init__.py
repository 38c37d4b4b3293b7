"""The REST API and web explorer: ``create_app(db)`` for ASGI servers, ``serve(...)`` for ``dateline serve``."""

from __future__ import annotations

from pathlib import Path

from dateline.api.app import create_app
from dateline.api.guards import DEFAULT_MAX_BODY_MB, LOOPBACK_HOSTS, is_loopback

__all__ = ["create_app", "serve"]


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          kb: tuple[str, ...] = (), max_body_mb: float = DEFAULT_MAX_BODY_MB) -> None:
    """Serve the API and explorer over the store ``db`` until interrupted (uvicorn); ``kb``: extra actor
    KB files for POST /api/ingest. Bound to a loopback address, the server answers only requests whose
    Host is a local name (a DNS-rebinding page cannot reach it); request bodies are limited to ``max_body_mb``."""
    import uvicorn

    allowed = LOOPBACK_HOSTS if is_loopback(host) else None
    app = create_app(db, token=token, kb=kb, max_body_mb=max_body_mb, allowed_hosts=allowed)
    uvicorn.run(app, host=host, port=port, log_level="info")
