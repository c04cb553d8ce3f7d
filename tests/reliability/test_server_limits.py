"""Per-address limits on failed enrolments and failed authentications, on a real server.

The server sits behind a reverse proxy in production; uvicorn takes the client address from
X-Forwarded-For when the proxy is trusted (127.0.0.1 by default), which is how these tests
speak from several addresses. The addresses are documentation ranges and only appear in a
header: every request goes to 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from counter.sync import server
from counter.sync.app import create_app
from counter.sync.client import RetryPolicy, SyncError, register
from counter.sync.limits import (
    AUTH_FAILURES,
    AUTH_WINDOW,
    ENROL_FAILURES,
    ENROL_WINDOW,
    FailureLimiter,
)
from counter.sync.store import ServerStore
from tests.sync.conftest import LiveServer, new_counter

OFFICE = "000.00.12.H40"
ATTACKER = "203.0.113.5"
COUNTER_PC = "198.51.100.7"
NEW_PC = "192.0.2.44"


class FakeTime:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[LiveServer, httpx.Client, FakeTime]]:
    store = ServerStore(str(tmp_path / "server.sqlite3"))
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    time = FakeTime()
    app = create_app(
        store,
        enrol_limiter=FailureLimiter(ENROL_FAILURES, ENROL_WINDOW, clock=time),
        auth_limiter=FailureLimiter(AUTH_FAILURES, AUTH_WINDOW, clock=time),
    )
    live = LiveServer(store, app=app).start()
    with httpx.Client(base_url=live.url, timeout=30) as http:
        yield live, http, time
    live.stop()
    store.close()


def _pull(http: httpx.Client, token: str, address: str) -> httpx.Response:
    return http.get(
        "/v1/pull",
        headers={"Authorization": f"Bearer {token}", "X-Forwarded-For": address},
    )


def _enrol(http: httpx.Client, code: str, device: str, address: str) -> httpx.Response:
    return http.post(
        "/v1/enroll",
        json={"code": code, "device_id": device, "name": "Quầy"},
        headers={"X-Forwarded-For": address},
    )


def _too_many(response: httpx.Response, window: float) -> int:
    assert response.status_code == 429, response.text
    assert "quá nhiều lần thử sai" in response.json()["detail"]
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= window
    return wait


def test_bad_tokens_are_limited_per_address_and_devices_are_not(
    setup: tuple[LiveServer, httpx.Client, FakeTime],
) -> None:
    live, http, time = setup
    code = server.create_enrolment(live.store, OFFICE)
    token = server.enroll_device(live.store, code.code, "dev-a", "Quầy").token
    for n in range(AUTH_FAILURES):
        time.value += 1
        assert _pull(http, f"guess-{n}", ATTACKER).status_code == 401
    blocked = _pull(http, "guess-x", ATTACKER)
    wait = _too_many(blocked, AUTH_WINDOW)
    assert wait == AUTH_WINDOW - AUTH_FAILURES + 1  # until the first failure leaves the window
    assert _too_many(http.get("/v1/pull", headers={"X-Forwarded-For": ATTACKER}), AUTH_WINDOW)
    # A counter with its valid token is served, from the same address and from its own.
    assert _pull(http, token, ATTACKER).status_code == 200
    assert _pull(http, token, COUNTER_PC).status_code == 200
    # Other addresses are not affected by the attacker's failures.
    assert _pull(http, "mistyped", COUNTER_PC).status_code == 401
    # After the window the address may try again.
    time.value += wait
    assert _pull(http, "guess-y", ATTACKER).status_code == 401


def test_enrolment_failures_are_limited_per_address(
    setup: tuple[LiveServer, httpx.Client, FakeTime],
) -> None:
    live, http, time = setup
    code = server.create_enrolment(live.store, OFFICE).code
    for n in range(ENROL_FAILURES):
        response = _enrol(http, f"AAAA-BBBB-CC{n:02d}", f"dev-{n}", ATTACKER)
        assert response.status_code == 401, response.text
    # Blocked: even a right code is not looked at, and is not used up.
    wait = _too_many(_enrol(http, code, "dev-x", ATTACKER), ENROL_WINDOW)
    assert server.list_devices(live.store, OFFICE) == []
    # A malformed body counts as a failure too, but is answered 429 while blocked.
    blocked = http.post("/v1/enroll", content=b"{", headers={"X-Forwarded-For": ATTACKER})
    assert blocked.status_code == 429
    # A new counter elsewhere enrols normally with the same code.
    assert _enrol(http, code, "dev-new", NEW_PC).status_code == 200
    # A valid token is never limited by enrolment failures of its address.
    token = _enrol(http, code, "dev-new", NEW_PC).json()["token"]
    assert _pull(http, token, ATTACKER).status_code == 200
    time.value += wait
    other = server.create_enrolment(live.store, OFFICE).code
    assert _enrol(http, other, "dev-later", ATTACKER).status_code == 200
    assert len(server.list_devices(live.store, OFFICE)) == 2


def test_the_limiter_forgets_old_failures_and_bounds_its_memory() -> None:
    time = FakeTime()
    limiter = FailureLimiter(3, 60, clock=time, max_addresses=100)
    for _ in range(3):
        limiter.fail("a")
    assert limiter.retry_after("a") == 60
    time.value += 30
    assert limiter.retry_after("a") == 30
    time.value += 30
    assert limiter.retry_after("a") == 0
    for n in range(1000):
        limiter.fail(f"addr-{n}")
        time.value += 0.01
    assert len(limiter._failures) <= 100
    # The newest addresses are the ones kept.
    for _ in range(2):
        limiter.fail("addr-999")
    assert limiter.retry_after("addr-999") > 0


def test_a_blocked_counter_is_told_plainly_and_does_not_keep_knocking(
    setup: tuple[LiveServer, httpx.Client, FakeTime], tmp_path: Path
) -> None:
    live, _, time = setup
    counter = new_counter(tmp_path / "a.sqlite3")
    sleeps: list[float] = []
    policy = RetryPolicy(attempts=4, base_delay=0.01, sleep=sleeps.append)
    for n in range(ENROL_FAILURES):
        with pytest.raises(SyncError, match="không đúng"):
            register(counter.ctx, live.url, f"WRONG-CODE-{n:04d}", policy=policy)
    code = server.create_enrolment(live.store, OFFICE).code
    with pytest.raises(SyncError, match="quá nhiều lần thử sai") as caught:
        register(counter.ctx, live.url, code, policy=policy)
    assert "giây" in caught.value.message
    assert sleeps == []  # the server asked for minutes: no retry within this run
    # Near the end of the window the server asks for a short wait: the counter waits at least
    # that long (here the wait moves the server's clock), then enrols.
    time.value += ENROL_WINDOW - 30

    def wait(seconds: float) -> None:
        sleeps.append(seconds)
        time.value += seconds

    done = register(counter.ctx, live.url, code, policy=RetryPolicy(attempts=3, sleep=wait))
    assert done.office_identifier == OFFICE
    assert len(sleeps) == 1 and sleeps[0] >= 30
    counter.ctx.db.close()
