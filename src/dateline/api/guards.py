"""What every request passes before the app sees it, and what every response carries.

One ASGI middleware (:class:`Guard`), so the checks run before FastAPI reads a body:

- a trusted-host check (a server bound to localhost answers only to localhost names: a DNS-rebinding
  page at ``evil.example`` that resolves to 127.0.0.1 gets a 400);
- the ingest token, checked on the request line and headers, before a byte of the body is read;
- a body limit: a declared ``Content-Length`` over it is refused at once, and a chunked body is
  counted as it arrives and refused as soon as it passes the limit (413 either way);
- security headers on every response: a Content-Security-Policy that allows only the explorer's own
  files (no inline script or style, no framing), ``nosniff``, ``X-Frame-Options`` and a Referrer-Policy.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_MAX_BODY_MB = 10
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a bind address) is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(header: str | None) -> str:
    """The host of a ``Host`` header without its port: "[::1]:8000" -> "::1", "Localhost:80" -> "localhost"."""
    value = (header or "").strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


def token_error(token: str | None, authorization: str | None) -> tuple[int, str] | None:
    """Why a request with this ``Authorization`` header may not ingest (status, message), or None."""
    if token is None:
        return 403, "ingest is disabled: the server was started without --token"
    scheme, _, credentials = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return 401, "missing bearer token"
    if not secrets.compare_digest(credentials.strip().encode(), token.encode()):
        return 403, "wrong token"
    return None


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a chunked body passes the limit: an HTTPException, so FastAPI's body
    reading lets it through and the app answers 413."""

    def __init__(self, limit: int):
        super().__init__(413, f"request body too large: the limit is {limit:,} bytes")


class Guard:
    """The middleware: host check, token check on ``token_paths`` (POST), body limit, security headers."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_body: int, allowed_hosts: Iterable[str] | None,
                 token_paths: tuple[str, ...] = ("/api/ingest",)):
        self.app = app
        self.token = token
        self.max_body = max_body
        self.allowed_hosts = None if allowed_hosts is None else {h.lower().strip("[]") for h in allowed_hosts}
        self.token_paths = token_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS if k.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        refusal = self._refusal(scope, Headers(scope=scope))
        if refusal is not None:
            await _respond(send_secured, *refusal)
            return
        try:
            await self.app(scope, self._counted(receive), send_secured)
        except BodyTooLarge as exc:  # raised where no exception handler turned it into a response
            if started:
                raise
            await _respond(send_secured, exc.status_code, exc.detail)

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, str, dict[str, str]] | None:
        """The answer to a request refused on its request line and headers alone, or None."""
        if self.allowed_hosts is not None and host_name(headers.get("host")) not in self.allowed_hosts:
            return 400, "invalid Host header: this server answers to its local address only", {}
        if scope["method"] == "POST" and scope["path"].rstrip("/") in self.token_paths:
            error = token_error(self.token, headers.get("authorization"))
            if error is not None:
                return error[0], error[1], ({"www-authenticate": "Bearer"} if error[0] == 401 else {})
        length = headers.get("content-length")
        if length is not None and (not length.strip().isdigit() or int(length) > self.max_body):
            if not length.strip().isdigit():
                return 400, "bad Content-Length", {}
            return 413, BodyTooLarge(self.max_body).detail, {}
        return None

    def _counted(self, receive: Receive) -> Receive:
        """``receive`` that raises :class:`BodyTooLarge` once more than the limit has arrived."""
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        return counted


async def _respond(send: Send, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
           (b"connection", b"close")]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
