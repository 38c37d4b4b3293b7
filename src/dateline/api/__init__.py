"""The REST API and web explorer: ``create_app(db)`` for ASGI servers, ``serve(...)`` for ``dateline serve``."""

from __future__ import annotations

from pathlib import Path

from dateline.api.app import create_app

__all__ = ["create_app", "serve"]


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          kb: tuple[str, ...] = ()) -> None:
    """Serve the API and explorer over the store ``db`` until interrupted (uvicorn); ``kb``: extra actor
    KB files for POST /api/ingest."""
    import uvicorn

    uvicorn.run(create_app(db, token=token, kb=kb), host=host, port=port, log_level="info")
