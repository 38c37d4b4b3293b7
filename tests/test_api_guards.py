"""The API's guards: the token before the body, the body limit, short error bodies, the trusted host,
and the security headers on every response — in process, and on a real uvicorn server over a socket."""

from __future__ import annotations

import json
import socket
import warnings
from pathlib import Path

import pytest

from dateline.api import create_app
from dateline.api.guards import LOOPBACK_HOSTS, host_name, is_loopback
from dateline.model import Article, Extraction
from tests.conftest import running_server

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MB = 1024 * 1024


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    from dateline.store import Store

    path = tmp_path_factory.mktemp("guards") / "store.duckdb"
    Store(path).write([Extraction(article=Article(id="a1", date="2024-02-08", text="Some text.", title="A"))])
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db, token=TOKEN))


@pytest.mark.parametrize("path", ["/", "/static/app.js", "/static/style.css", "/api/articles", "/openapi.json",
                                  "/api/articles/nope", "/api/events?limit=0", "/nowhere"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_explorer_has_no_inline_script_or_style(client):
    html = client.get("/").text
    assert "<style" not in html and " style=" not in html and " on" not in html.replace(" one", "")
    assert all('src="/static/' in tag for tag in html.split("<script")[1:])


@pytest.mark.parametrize("body", [b"{}", b"not json at all", json.dumps({"articles": [{"text": "x"}]}).encode()])
def test_the_token_is_checked_before_the_body(client, body):
    """Without a token a POST is refused as unauthorized (401), not judged on its body (422)."""
    response = client.post("/api/ingest", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/ingest", content=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert TestClient(create_app(client.app.state.db.store.path)).post("/api/ingest", content=body).status_code == 403


def test_a_body_over_the_limit_is_413(db):
    small = TestClient(create_app(db, token=TOKEN, max_body_mb=0.01))  # about 10 kB
    body = {"articles": [{"text": "word " * 4000, "date": "2024-02-08"}]}
    declared = small.post("/api/ingest", json=body, headers=AUTH)
    assert declared.status_code == 413 and "limit is 10,485 bytes" in declared.json()["detail"]

    def chunks():  # no Content-Length: counted as it arrives
        yield b'{"articles": [{"date": "2024-02-08", "text": "'
        for _ in range(40):
            yield b"word " * 100
        yield b'"}]}'

    chunked = small.post("/api/ingest", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert chunked.status_code == 413
    assert chunked.headers["x-content-type-options"] == "nosniff"
    with pytest.raises(ValueError, match="more than 0 MB"):
        create_app(db, max_body_mb=0)


def test_errors_never_echo_large_input(client):
    huge = "x" * 1_200_000
    response = client.post("/api/ingest", json={"articles": [{"text": huge, "date": "2024-02-08"}]}, headers=AUTH)
    assert response.status_code == 422
    assert len(response.content) < 2000 and "x" * 100 not in response.text
    error = response.json()["detail"][0]
    assert error["loc"] == ["body", "articles", 0, "text"] and error["input"].endswith("…")
    query = client.get("/api/events", params={"q": "y" * 5000})
    assert query.status_code == 422 and len(query.content) < 2000
    listed = client.post("/api/ingest", json={"articles": [{"text": "z" * 500}] * 5}, headers=AUTH)
    assert listed.status_code == 422 and "z" * 100 not in listed.text  # objects are not echoed at all
    assert client.get("/api/events", params={"since": "2024-13-01"}).json()["detail"][0]["input"] == "2024-13-01"


def test_bound_to_localhost_only_local_hosts_are_answered(db):
    local = TestClient(create_app(db, allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1:8000")
    assert local.get("/api/articles").status_code == 200
    for host in ("localhost:8000", "[::1]:8000", "127.0.0.1", "LOCALHOST"):
        assert local.get("/api/articles", headers={"Host": host}).status_code == 200, host
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""):
        rebound = local.get("/api/articles", headers={"Host": host})
        assert rebound.status_code == 400, host
        assert "Host" in rebound.json()["detail"] and rebound.headers["x-frame-options"] == "DENY"
    assert TestClient(create_app(db)).get("/", headers={"Host": "evil.example"}).status_code == 200  # no list


def test_serve_checks_the_host_on_loopback_and_passes_the_body_limit(db, monkeypatch):
    import uvicorn

    from dateline.api import serve

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    serve(db, host="127.0.0.1", port=8123, max_body_mb=0.01)
    app = TestClient(served["app"], base_url="http://127.0.0.1:8123")
    assert served["port"] == 8123 and app.get("/api/articles").status_code == 200
    assert app.get("/api/articles", headers={"Host": "evil.example"}).status_code == 400
    assert app.post("/api/articles", content=b"x" * 20_000).status_code == 413  # any body, any path
    serve(db, host="0.0.0.0", port=8123)  # on every interface the operator names the hosts: no list here
    assert TestClient(served["app"]).get("/api/articles", headers={"Host": "evil.example"}).status_code == 200


def test_host_names_and_loopback():
    assert host_name("[::1]:8000") == "::1" and host_name("LocalHost:80") == "localhost"
    assert host_name("127.0.0.1") == "127.0.0.1" and host_name(None) == ""
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.org")


# --- a real server: the answer comes before the body ---------------------------------------------


@pytest.fixture(scope="module")
def server(db):
    app = create_app(db, token=TOKEN, max_body_mb=1, allowed_hosts=LOOPBACK_HOSTS)
    with running_server(app) as port:
        yield port


def _exchange(port: int, head: str, body_parts: list[bytes]) -> tuple[str, int]:
    """Send ``head`` and as much of ``body_parts`` as the server takes; the status line, and the bytes sent."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(head.encode())
        try:
            for part in body_parts:
                sock.sendall(part)
                sent += len(part)
        except OSError:  # the server answered and closed: it will not read the rest
            pass
        reply = b""
        while b"\r\n" not in reply:
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    return reply.split(b"\r\n", 1)[0].decode(), sent


def _head(port: int, length: int | None, auth: bool) -> str:
    lines = ["POST /api/ingest HTTP/1.1", f"Host: 127.0.0.1:{port}", "Content-Type: application/json"]
    lines += [f"Authorization: Bearer {TOKEN}"] if auth else []
    lines += [f"Content-Length: {length}"] if length is not None else ["Transfer-Encoding: chunked"]
    return "\r\n".join(lines) + "\r\n\r\n"


@pytest.mark.parametrize(("auth", "status"), [(False, "401"), (True, "413")])
def test_a_200_mb_body_is_refused_without_being_read(server, auth, status):
    """The server answers a 200 MB POST after the headers and 64 kB of its body: the rest is never read."""
    line, sent = _exchange(server, _head(server, 200 * MB, auth), [b"{" + b" " * (64 * 1024)])
    assert line.split(" ")[1] == status, line
    assert sent <= 64 * 1024 + 1


def test_a_chunked_body_is_cut_off_at_the_limit(server):
    chunk = b" " * (64 * 1024)
    parts = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 48  # 3 MB offered, the limit is 1 MB
    line, sent = _exchange(server, _head(server, None, auth=True), parts)
    assert line.split(" ")[1] == "413", line


def test_a_rebound_host_is_refused_by_the_server(server):
    with socket.create_connection(("127.0.0.1", server), timeout=20) as sock:
        sock.sendall(b"GET /api/articles HTTP/1.1\r\nHost: evil.example\r\n\r\n")
        assert sock.recv(4096).split(b"\r\n", 1)[0].split(b" ")[1] == b"400"
