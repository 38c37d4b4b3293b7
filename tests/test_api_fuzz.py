"""Schemathesis fuzzes every operation of /openapi.json on a real server (uvicorn on 127.0.0.1, as
`dateline serve` runs it: token, body limit, local-Host check) over a small store.

Bounded: a few dozen generated cases per operation (valid and invalid input), fewer for the ingest
(it runs the NLP), under an overall time cap. Every response must be no server error, and must match
the schema: a documented status code, content type, headers and body. The test prints one summary line
(operations, cases, failures) and names each failure.
"""

from __future__ import annotations

import time
import warnings

import pytest
import schemathesis  # the test extra installs it: a missing fuzzer fails this file, it does not skip it
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import checks as st_checks
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode

from dateline.api import create_app
from dateline.api.guards import LOOPBACK_HOSTS
from tests.conftest import running_server

TOKEN = "fuzz-token"
EXAMPLES = 25  # cases per operation and generation mode
INGEST_EXAMPLES = 6  # POST /api/ingest runs the whole pipeline on each case
TIME_CAP = 240.0  # seconds for the whole fuzzing run; cases after it are not generated
CHECKS = [st_checks.not_a_server_error, st_checks.status_code_conformance, st_checks.content_type_conformance,
          st_checks.response_headers_conformance, st_checks.response_schema_conformance]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from dateline.store import Store
    from dateline.stories import store as story_store
    from tests.test_api import ex_a, ex_b, ex_c

    db = tmp_path_factory.mktemp("fuzz") / "store.duckdb"
    store = Store(db)
    store.write([ex_a(), ex_b(), ex_c()])
    story_store.update(store)
    app = create_app(db, token=TOKEN, allowed_hosts=LOOPBACK_HOSTS)
    with running_server(app, log_level="critical") as port:
        yield f"http://127.0.0.1:{port}"


def _fuzz(operation, mode: GenerationMode, base_url: str, examples: int, stop_at: float, tally: dict) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case) -> None:
        if time.monotonic() > stop_at:
            tally["capped"] = True
            return
        tally["cases"] += 1
        response = case.call(base_url=base_url, headers=auth, timeout=120)
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as exc:  # one schemathesis Failure, or a group of them
            for failure in getattr(exc, "exceptions", [exc]):
                tally["failures"].append(f"{operation.method.upper()} {operation.path} ({mode.value}): "
                                         f"{str(failure).strip().splitlines()[0][:200]} [{case.as_curl_command()}]")

    try:
        run()
    except Unsatisfiable:  # no invalid input exists for an operation without parameters
        assert mode == GenerationMode.NEGATIVE, f"no valid case for {operation.method} {operation.path}"


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors_and_no_schema_mismatches(server, capsys, record_property):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = schemathesis.openapi.from_url(server + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12, [f"{o.method} {o.path}" for o in operations]
    tally = {"cases": 0, "failures": [], "capped": False}
    stop_at = time.monotonic() + TIME_CAP
    for operation in operations:
        examples = INGEST_EXAMPLES if operation.path == "/api/ingest" else EXAMPLES
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, server, examples, stop_at, tally)
    unique = sorted(set(tally["failures"]))
    line = (f"schemathesis: {len(operations)} operations, {tally['cases']} cases, {len(tally['failures'])} failures"
            + (" (time cap reached)" if tally["capped"] else ""))
    record_property("schemathesis", line)
    with capsys.disabled():
        print("\n" + line)
    assert tally["cases"] >= len(operations) * 2
    assert not unique, "\n".join(unique)
