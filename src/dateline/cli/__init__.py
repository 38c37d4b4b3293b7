"""The ``dateline`` command line (Typer + rich).

``common`` holds the app, its options and error handling; ``run`` the commands that read articles
(ingest, extract, bench, serve, kb); ``show`` the listings and exports over a store.

Exit codes: 0 everything went in; 1 a fatal error (one line on stderr, nothing half-done);
2 a usage error; 3 some documents were rejected (each reported on stderr and in the store's
errors table) while every other document went in.
"""

from dateline.cli import run, show  # noqa: F401 - importing them registers their commands
from dateline.cli.common import app

__all__ = ["app"]
