"""The FastAPI app: read-only JSON endpoints over a store, a token-guarded ingest, the explorer.

Queries run one at a time behind a lock: DuckDB lets a process hold a file open in one mode only,
and an explorer's load is small. Without a token the app never writes; with one, POST
/api/ingest runs the pipeline on the posted articles and updates the stories, taking the lock
only for its store look-ups and writes, never for the NLP.

Every request first passes :class:`dateline.api.guards.Guard` (trusted host, the ingest token before
the body is read, the body limit) and every response carries its security headers; validation
errors never echo more than a short piece of the input.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator

from dateline import __version__
from dateline.api import export
from dateline.api.guards import DEFAULT_MAX_BODY_MB, Guard, token_error
from dateline.api.ingest import IngestRequest, IngestResult, ingest_articles
from dateline.lake import open_store
from dateline.store import queries as Q

STATIC = Path(__file__).resolve().parent / "static"
DATE = r"^\d{4}-\d{2}(-\d{2})?$"
MAX_LIMIT = 500

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
MAX_ECHO = 80  # the most characters of a rejected input a 422 repeats
Since = Annotated[str | None, Query(pattern=DATE, max_length=10,
                                    description="From this date (YYYY-MM-DD or YYYY-MM), inclusive."),
                  AfterValidator(Q.check_date)]
Until = Annotated[str | None, Query(pattern=DATE, max_length=10,
                                    description="Up to this date (YYYY-MM-DD or YYYY-MM), inclusive."),
                  AfterValidator(Q.check_date)]
Text = Annotated[str | None, Query(max_length=200)]
MinConfidence = Annotated[float | None, Query(ge=0, le=1, description="Only events coded with at least this "
                                                                        "confidence (0-1).")]
NOT_FOUND = {404: {"description": "No record with this id."}}


def _checked_bbox(value: str | None) -> str | None:
    """``value`` when it is a box (a ValueError, hence a 422, saying why when it is not)."""
    if value is not None:
        Q.parse_bbox(value)
    return value


Bbox = Annotated[str | None, Query(max_length=120, description="Only events whose place lies in this box: "
                                                                "west,south,east,north in degrees."),
                 AfterValidator(_checked_bbox)]
Unit = Annotated[Literal["day", "month", "year"], Query(description="The period counts are grouped by.")]


def event_where(actor: Text = None, type: Text = None, modality: Text = None,  # noqa: A002
                since: Since = None, until: Until = None, place: Text = None, q: Text = None,
                story: Text = None, article: Text = None, min_confidence: MinConfidence = None,
                bbox: Bbox = None) -> Q.Where:
    """The event filters shared by the events list, the per-day counts, the map and the downloads."""
    return Q.event_filter(actor=actor, type=type, modality=modality, since=since, until=until, place=place,
                          q=q, story=story, article=article, min_confidence=min_confidence, bbox=bbox)


EventWhere = Annotated[Q.Where, Depends(event_where)]


class Db:
    """The store, opened per query, one query at a time."""

    def __init__(self, path: str, writable: bool):
        self.store = open_store(path, read_only=not writable)  # a folder: a Parquet lake (dateline.lake)
        self.lock = threading.Lock()

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self.lock, self.store.connect() as con:
            return fn(con, *args, **kwargs)


def create_app(db_path: str | Path, token: str | None = None, kb: tuple[str, ...] = (), *,
               max_body_mb: float = DEFAULT_MAX_BODY_MB, allowed_hosts: tuple[str, ...] | None = None) -> FastAPI:
    """The API and explorer over the store at ``db_path``; ``token`` enables POST /api/ingest, whose
    extraction adds the actor KB files ``kb`` to the bundled KB. Request bodies over ``max_body_mb``
    megabytes get a 413; with ``allowed_hosts``, a request whose Host header names another host gets a 400."""
    if max_body_mb <= 0:
        raise ValueError(f"the body limit must be more than 0 MB, not {max_body_mb}")
    db = Db(str(db_path), writable=token is not None)
    # No /docs or /redoc: FastAPI serves their scripts from a CDN, and the explorer works offline.
    # The OpenAPI schema is at /openapi.json.
    app = FastAPI(title="dateline", version=__version__, docs_url=None, redoc_url=None,
                  description="Evidence-linked event data from dated news: articles, events, quotes, actors, stories.")
    app.state.db = db
    app.add_middleware(Guard, token=token, max_body=int(max_body_mb * 1024 * 1024), allowed_hosts=allowed_hosts)
    app.add_exception_handler(RequestValidationError, _validation_error)
    _routes(app, db)
    _ingest_route(app, db, token, tuple(kb))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    return app


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422, with each error's ``input`` cut to a short piece (a 10 MB body is never sent back)."""
    return JSONResponse(status_code=422, content={"detail": jsonable_encoder([_trimmed(e) for e in exc.errors()])})


def _trimmed(error: dict) -> dict:
    out = {k: v for k, v in error.items() if k not in ("input", "ctx")}
    value = error.get("input")
    if isinstance(value, str):
        out["input"] = value if len(value) <= MAX_ECHO else value[:MAX_ECHO] + "…"
    elif value is None or isinstance(value, int | float | bool):
        out["input"] = value
    if isinstance(error.get("ctx"), dict):
        out["ctx"] = {k: (v if isinstance(v, int | float | bool) else str(v)[:MAX_ECHO])
                      for k, v in error["ctx"].items()}
    return out


def _found(value: Any, what: str) -> Any:
    if value is None:
        raise HTTPException(status_code=404, detail=f"no such {what}")
    return value


def _routes(app: FastAPI, db: Db) -> None:  # noqa: C901 - one place lists every read endpoint
    @app.get("/api/articles", tags=["articles"])
    def list_articles(q: Text = None, outlet: Text = None, since: Since = None, until: Until = None,
                      limit: Limit = 50, offset: Offset = 0) -> dict:
        return db.run(Q.articles, q=q, outlet=outlet, since=since, until=until, limit=limit, offset=offset)

    @app.get("/api/articles/{article_id}", tags=["articles"], responses=NOT_FOUND)
    def get_article(article_id: str) -> dict:
        return _found(db.run(Q.article, article_id), "article")

    @app.get("/api/events", tags=["events"])
    def list_events(w: EventWhere, limit: Limit = 50, offset: Offset = 0) -> dict:
        """Coded events, newest first, under the filters (``min_confidence``: the events' own confidence)."""
        return db.run(Q.events, w, limit, offset)

    @app.get("/api/events/per-day", tags=["events"])
    def events_per_day(w: EventWhere) -> list[dict]:
        return db.run(Q.events_per_day, w)

    @app.get("/api/events/points", tags=["events"])
    def event_points(w: EventWhere) -> list[dict]:
        """The filtered events that have coordinates, one point per place (0.01°): the map's dots."""
        return db.run(Q.event_points, w)

    @app.get("/api/events/countries", tags=["events"])
    def event_countries(w: EventWhere) -> list[dict]:
        """Filtered events per country of their place (ISO3, ISO numeric code, name): the map's shading."""
        return db.run(Q.event_countries, w)

    for fmt, media in (("csv", "text/csv"), ("jsonl", "application/x-ndjson")):
        app.add_api_route(f"/api/events/export.{fmt}", _export_route(db, fmt), methods=["GET"], tags=["events"],
                          response_class=StreamingResponse, summary=f"Events as {fmt.upper()}",
                          responses={200: {"content": {media: {}}, "description": "The file, streamed."}})

    @app.get("/api/events/types", tags=["events"])
    def event_types() -> list[str]:
        return db.run(Q.event_types)

    @app.get("/api/quotes", tags=["quotes"])
    def list_quotes(speaker: Text = None, article: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict:
        return db.run(Q.quotes, speaker=speaker, article=article, limit=limit, offset=offset)

    @app.get("/api/actors", tags=["actors"])
    def list_actors(q: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict:
        return db.run(Q.actors, q=q, limit=limit, offset=offset)

    @app.get("/api/actors/{actor_id:path}", tags=["actors"], responses=NOT_FOUND)
    def get_actor(actor_id: str) -> dict:
        return _found(db.run(Q.actor, actor_id), "actor")

    @app.get("/api/dyads/{actor_id:path}", tags=["actors"], responses=NOT_FOUND)
    def get_dyads(actor_id: str, w: EventWhere, unit: Unit = "month") -> dict:
        """Who the actor acts on (it is the source) and is acted on by (it is the target): per counterpart,
        its events, counts by type and counts by type per ``unit``, under the event filters."""
        return _found(db.run(Q.dyads, actor_id, w, unit), "actor")

    @app.get("/api/stories", tags=["stories"])
    def list_stories(q: Text = None, since: Since = None, until: Until = None, storyline: Text = None,
                     limit: Limit = 50, offset: Offset = 0) -> dict:
        return db.run(Q.stories, q=q, since=since, until=until, storyline=storyline, limit=limit, offset=offset)

    @app.get("/api/stories/{story_id}", tags=["stories"], responses=NOT_FOUND)
    def get_story(story_id: str) -> dict:
        return _found(db.run(Q.story, story_id), "story")

    @app.get("/api/storylines/{storyline_id}", tags=["stories"], responses=NOT_FOUND)
    def get_storyline(storyline_id: str) -> dict:
        return _found(db.run(_storyline, storyline_id), "storyline")


def _export_route(db: Db, fmt: str) -> Callable[..., StreamingResponse]:
    def download(w: EventWhere) -> StreamingResponse:
        """The events under the filters, all of them, newest first, streamed (CSV: one flat column per field;
        JSONL: the events as /api/events returns them)."""
        lines, media, name = export.stream(db.run, w, fmt)
        return StreamingResponse(lines, media_type=media,
                                 headers={"content-disposition": f'attachment; filename="{name}"'})

    download.__name__ = f"export_events_{fmt}"
    return download


def _storyline(con, storyline_id: str) -> dict | None:
    return Q.storyline(con, storyline_id) if "storylines" in Q.tables(con) else None


def _ingest_route(app: FastAPI, db: Db, token: str | None, kb: tuple[str, ...]) -> None:
    bearer = HTTPBearer(auto_error=False, description="The token the operator passed to `dateline serve --token`.")

    def authorized(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        # The Guard middleware has checked the token before the body was read; this declares the
        # scheme in the OpenAPI schema and checks again, so the route is never open on its own.
        error = token_error(token, f"{creds.scheme} {creds.credentials}" if creds else None)
        if error is not None:
            raise HTTPException(error[0], error[1], headers={"WWW-Authenticate": "Bearer"} if error[0] == 401 else None)

    responses = {401: {"description": "No bearer token."}, 403: {"description": "Wrong token, or no --token."},
                 413: {"description": "The body is over the server's limit."}}

    @app.post("/api/ingest", tags=["ingest"], dependencies=[Depends(authorized)], responses=responses)
    def ingest(body: IngestRequest) -> IngestResult:
        return ingest_articles(db.store, body, lock=db.lock, kb=kb)  # the lock is held only to write: reads go on
