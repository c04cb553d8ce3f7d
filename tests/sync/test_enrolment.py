"""Enrolment as the network delivers it: copies of one request, and a token confirmed before the
counter says it is registered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from counter.cli import main
from counter.db.engine import Database
from counter.db.models import Dossier, Setting, User
from counter.services.context import Context
from counter.sync import client, server
from counter.sync.client import RetryPolicy, SyncError, register, sync_now
from counter.sync.store import ServerStore
from tests.conftest import TEST_OFFICE
from tests.sync.conftest import Counter, LiveServer, intake

FAST = RetryPolicy(attempts=1, base_delay=0, max_delay=0)


@pytest.fixture
def office(store: ServerStore) -> str:
    server.add_office(store, TEST_OFFICE.identifier, "UBND xã Tân Hưng")
    return TEST_OFFICE.identifier


class _Relay(httpx.BaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport(verify=client.ssl_context())

    def relay(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        return response

    def close(self) -> None:
        self.inner.close()


class ResendingProxy(_Relay):
    """Sends each enrolment request twice (a proxy's resend) and answers with the first copy's
    answer, as a proxy that lost track of which one the client is waiting for."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/v1/enroll":
            return self.relay(request)
        body = request.read()
        first = self.relay(request)
        copy = httpx.Request(request.method, request.url, headers=request.headers, content=body)
        self.relay(copy)
        return first


class RefusesTheNewToken(_Relay):
    """A server (or a proxy in front of it) that answers the enrolment but then does not accept
    the token it gave."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/pull":
            return httpx.Response(401, json={"detail": "Mã truy cập không hợp lệ."})
        return self.relay(request)


def _token(counter: Counter) -> str | None:
    with counter.ctx.db.session() as session:
        row = session.get(Setting, client.TOKEN)
        return row.value if row is not None else None


def test_a_resent_enrolment_request_leaves_a_working_counter(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a = make_counter("a")
    code = server.create_enrolment(live.store, office)
    proxy = ResendingProxy()
    register(a.ctx, live.url, code.code, policy=FAST, transport=proxy)
    proxy.close()
    intake(a)
    report = sync_now(a.ctx, policy=FAST)
    assert report.pushed >= 1 and not report.clashes
    assert len(server.list_devices(live.store, office)) == 1


def test_registration_is_said_only_once_the_token_works(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a = make_counter("a")
    code = server.create_enrolment(live.store, office)
    proxy = RefusesTheNewToken()
    with pytest.raises(SyncError, match="chưa được đăng ký"):
        register(a.ctx, live.url, code.code, policy=FAST, transport=proxy)
    proxy.close()
    assert _token(a) is None  # nothing half-saved: the counter is still unregistered


def test_an_enrolled_counter_never_gets_the_demo_office(
    live: LiveServer, office: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Enrolled before it has the office's data, a counter still refuses demo data: its next
    sync would send the demo accounts and dossiers to the real office's server."""
    path = tmp_path / "new-pc.sqlite3"
    ctx = Context(Database(path))
    code = server.create_enrolment(live.store, office)
    register(ctx, live.url, code.code, policy=FAST)
    ctx.db.close()
    assert main(["--db", str(path), "demo-data", "--dossiers", "3"]) == 2
    assert "cơ quan thật" in capsys.readouterr().err
    database = Database(path)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0
    database.close()


def test_the_server_refuses_the_demo_office(store: ServerStore) -> None:
    from counter.domain.codes import DEMO_IDENTIFIER
    from counter.errors import ValidationError

    with pytest.raises(ValidationError, match="cơ quan mẫu"):
        server.add_office(store, DEMO_IDENTIFIER, "UBND xã Hàm Thuận Nam")
    assert server.list_offices(store) == []


def test_the_server_refuses_demo_dossiers_from_any_device(store: ServerStore, office: str) -> None:
    """Dossiers coded with the demo identifier (a PC that tried the demo) are refused whole,
    whichever device of a real office sends them; nothing is stored."""
    from counter.domain.codes import DEMO_IDENTIFIER
    from counter.domain.dossier import Event
    from counter.errors import ValidationError
    from counter.sync.store import ServerEvent

    device = "0190f000-0000-7000-8000-00000000000a"
    code = server.create_enrolment(store, office)
    server.enroll_device(store, code.code, device, "Quầy 1", "n" * 32)
    caller = server.Caller(
        device_id=device, office_id=server.list_offices(store)[0].id, counter_no=1
    )
    event = Event(
        id="0190f000-0000-7000-8000-0000000000e1",
        dossier_id="0190f000-0000-7000-8000-0000000000d1",
        type="received",
        hlc="0000001a2b3c4d5e-0000-0000",
        wall_time="2026-03-02T09:00:00",
        device=device,
        actor="motcua",
        payload={"code": f"{DEMO_IDENTIFIER}-260302-0001"},
    )
    with pytest.raises(ValidationError, match="dữ liệu mẫu"):
        server.push_events(store, caller, [event])
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ServerEvent)) == 0
