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
from counter.db.models import Dossier, Procedure, Setting, User
from counter.services.context import Context
from counter.sync import client, server
from counter.sync.client import RetryPolicy, SyncError, register, sync_now
from counter.sync.store import ServerStore
from tests.conftest import OFFICE_FILE, TEST_OFFICE
from tests.sync.conftest import PROCEDURE as PROCEDURE_CODE
from tests.sync.conftest import Counter, LiveServer, Relay, intake

FAST = RetryPolicy(attempts=1, base_delay=0, max_delay=0)


@pytest.fixture
def office(store: ServerStore) -> str:
    server.add_office(store, TEST_OFFICE.identifier, "UBND xã Tân Hưng")
    return TEST_OFFICE.identifier


class ResendingProxy(Relay):
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


class RefusesTheNewToken(Relay):
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
    from tests.sync.conftest import received_payload

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
        hlc="001772442000000.000000",
        wall_time="2026-03-02T09:00:00",
        device=device,
        actor="motcua",
        # A valid intake in every other way: only its demo code is refused.
        payload=received_payload(f"{DEMO_IDENTIFIER}-260302-0001"),
    )
    with pytest.raises(ValidationError, match="dữ liệu mẫu"):
        server.push_events(store, caller, [event])
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ServerEvent)) == 0


def test_a_new_pc_enrolled_to_an_office_set_up_on_the_server_receives_the_office(
    store: ServerStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The operator sets the office up on the server from a file; a new PC enrols (its request
    duplicated on the way) and has the office's header, hours, account and catalogue before its
    first intake, whose code carries the office's identifier. No demo account anywhere."""
    import json

    from tests.sync.conftest import LiveServer

    source = tmp_path / "office.json"
    source.write_text(json.dumps(OFFICE_FILE, ensure_ascii=False), encoding="utf-8")
    server_db = ["--db", store.url] + (["--schema", store.schema] if store.schema else [])
    assert main(["server", "office", "setup", str(source), *server_db]) == 0
    assert "000.00.12.H40" in capsys.readouterr().out
    # The same file again: refused, the server unchanged.
    assert main(["server", "office", "setup", str(source), *server_db]) == 2
    assert "đã có thông tin trên máy chủ" in capsys.readouterr().err

    live = LiveServer(store).start()
    try:
        code = server.create_enrolment(store, "000.00.12.H40")
        path = tmp_path / "new-pc.sqlite3"
        ctx = Context(Database(path))
        proxy = ResendingProxy()
        done = register(ctx, live.url, code.code, policy=FAST, transport=proxy)
        proxy.close()
        assert done.office_received
        ctx.db.close()
        intake_file = tmp_path / "in.json"
        intake_file.write_text(
            json.dumps(
                {
                    "procedure_code": PROCEDURE_CODE,
                    "applicant": {"full_name": "Lê Thị Hoa", "phone": "0912345678"},
                    "received_at": "2026-03-02 09:00",
                }
            ),
            encoding="utf-8",
        )
        assert main(["--db", str(path), "intake", str(intake_file)]) == 0
        received = json.loads(capsys.readouterr().out)
        assert received["code"] == "000.00.12.H40-260302-0001"
        assert main(["--db", str(path), "sync"]) == 0
    finally:
        live.stop()
    database = Database(path)
    with database.session() as session:
        from counter.services import office as office_service

        settings = office_service.get_settings(session)
        usernames = set(session.scalars(select(User.username)))
        procedures = session.scalar(select(func.count()).select_from(Procedure)) or 0
    database.close()
    assert settings.identifier == "000.00.12.H40" and settings.cutoff == "16:00"
    assert settings.bank_account == "0011223344" and settings.hours == "07:00-11:00,13:00-17:00"
    assert usernames == {"quantri"}  # the office's admin, no demo account
    assert procedures >= 20
    from counter.services.users import sign_in

    assert sign_in(Database(path), "quantri", "mat-khau-dai").role == "admin"


def test_a_bad_office_file_leaves_the_server_unchanged(store: ServerStore) -> None:
    from counter.errors import ValidationError
    from counter.services.setup import parse_office_file
    from counter.sync.office_setup import set_up_office

    with pytest.raises(ValidationError, match="Giờ làm việc"):
        set_up_office(store, parse_office_file({**OFFICE_FILE, "hours": "cả ngày"}))
    assert server.list_offices(store) == []


def test_an_office_added_bare_gets_its_data_later_and_its_counters_take_it(
    live: LiveServer, store: ServerStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`counter server office add` first (the old way), a PC enrolled meanwhile: the office
    file given afterwards is accepted, and the PC has the office after its next sync."""
    import json

    server.add_office(store, OFFICE_FILE["identifier"], "UBND xã Tân Hưng")
    path = tmp_path / "early-pc.sqlite3"
    ctx = Context(Database(path))
    code = server.create_enrolment(store, OFFICE_FILE["identifier"])
    assert not register(ctx, live.url, code.code, policy=FAST).office_received
    source = tmp_path / "office.json"
    source.write_text(json.dumps(OFFICE_FILE, ensure_ascii=False), encoding="utf-8")
    server_db = ["--db", store.url] + (["--schema", store.schema] if store.schema else [])
    assert main(["server", "office", "setup", str(source), *server_db]) == 0
    capsys.readouterr()
    sync_now(ctx, policy=FAST)
    from counter.services import office as office_service

    with ctx.db.session() as session:
        assert office_service.get_settings(session).identifier == OFFICE_FILE["identifier"]
    ctx.db.close()
    assert len(server.list_offices(store)) == 1
