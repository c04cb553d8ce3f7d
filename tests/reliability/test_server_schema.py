"""Schemathesis against the sync server's own OpenAPI schema, on a real server on loopback.

Every operation is fuzzed with data that fits the schema and data that does not (positive and
negative generation), each case sent with a valid device token and with invalid ones (missing,
garbage, revoked). Every answer must be documented in the schema (status code, content type,
headers, body) and none may be a 500. Derandomized with a fixed example budget, so CI runs the
same requests every time in well under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from counter.sync import server
from counter.sync.app import create_app
from counter.sync.store import ServerEvent, ServerStore
from tests.sync.conftest import LiveServer

OFFICE = "000.00.12.H40"
EXAMPLES = 100  # per operation and generation mode
OPERATIONS = [
    ("GET", "/v1/health"),
    ("POST", "/v1/enroll"),
    ("POST", "/v1/push"),
    ("GET", "/v1/pull"),
    ("GET", "/tra-cuu"),
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Not checked: positive_data_acceptance. The schema cannot say everything a valid batch needs
# (each event's device must be the caller, its clock an HLC), so data fitting the schema may
# rightly be refused with a 4xx.


class Fuzz:
    def __init__(self, tmp: Path) -> None:
        self.store = ServerStore(str(tmp / "server.sqlite3"))
        server.add_office(self.store, OFFICE, "UBND xã Tân Hưng")
        revoked = server.create_enrolment(self.store, OFFICE)
        self.revoked = server.enroll_device(self.store, revoked.code, "dev-revoked", "Quầy").token
        server.revoke_device(self.store, OFFICE, revoked.counter_no)
        code = server.create_enrolment(self.store, OFFICE)
        self.token = server.enroll_device(self.store, code.code, "dev-fuzz", "Quầy").token
        # No failure limit here: the fuzzer's thousands of bad tokens would all be 429s.
        app = create_app(self.store)
        app.state.auth_limiter.max_failures = 10**9
        app.state.enrol_limiter.max_failures = 10**9
        self.live = LiveServer(self.store, app=app).start()
        self.schema = schemathesis.openapi.from_dict(app.openapi())
        # The token is set by the test (valid or not), not generated from the security scheme.
        self.schema.config.generation.update(with_security_parameters=False)
        self.http = requests.Session()
        self.requests = 0
        self.statuses: dict[int, int] = {}

    def close(self) -> None:
        self.http.close()
        self.live.stop()
        self.store.close()


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    running = Fuzz(tmp_path_factory.mktemp("fuzz"))
    yield running
    print(
        f"\nschemathesis: {running.requests} requests, statuses {dict(sorted(running.statuses.items()))}"
    )
    running.close()


@pytest.mark.parametrize(
    ("method", "path", "mode"),
    [
        (method, path, mode)
        for method, path in OPERATIONS
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        # The health check takes no input at all: nothing to make invalid.
        if not (path == "/v1/health" and mode is GenerationMode.NEGATIVE)
    ],
)
def test_every_operation_answers_as_documented(
    fuzz: Fuzz, method: str, path: str, mode: GenerationMode
) -> None:
    operation = fuzz.schema[path][method]
    tokens = [fuzz.token, "", "not-a-token", fuzz.revoked, "x" * 300]

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), which=st.sampled_from(tokens))
    def run(case: schemathesis.Case, which: str) -> None:
        # Once with the valid token, once with an invalid one drawn by hypothesis.
        for token in dict.fromkeys([fuzz.token, which]):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            if not token and case.headers:
                case.headers.pop("Authorization", None)
            response = case.call(base_url=fuzz.live.url, session=fuzz.http, headers=headers)
            fuzz.requests += 1
            fuzz.statuses[response.status_code] = fuzz.statuses.get(response.status_code, 0) + 1
            case.validate_response(response, checks=CHECKS)

    run()


def test_the_fuzzing_reached_the_store(fuzz: Fuzz) -> None:
    """Runs last in this module: the fuzzer did get past authentication and validation (some
    requests were accepted) and nothing it sent broke the store."""
    with fuzz.store.session() as session:
        devices = {e.device for e in session.query(ServerEvent)}
    assert devices <= {"dev-fuzz"}
    assert fuzz.statuses.get(200, 0) > 0
    assert fuzz.statuses.get(500, 0) == 0
