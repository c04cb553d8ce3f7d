"""Counters syncing through a real server on loopback (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from counter.services import audit, listing, queries, workflow
from counter.services.context import Actor, Context
from counter.services.listing import DossierFilter
from counter.services.views import DossierView
from counter.sync import client, server, transport
from counter.sync.client import RetryPolicy, SyncError
from counter.sync.state import set_setting
from counter.sync.store import ServerEvent, ServerStore
from tests.sync.conftest import Counter, LiveServer, dossier_rows, enrol, intake

FAST = RetryPolicy(attempts=8, base_delay=0.01, max_delay=0.05, timeout=10)
OFFICE = "000.00.12.H40"


class FlakyTransport(httpx.BaseTransport):
    """Loses requests before they reach the server, loses answers after the server committed,
    and sends some requests twice."""

    def __init__(self, seed: int, drop_before: float, drop_after: float, duplicate: float) -> None:
        self.inner = httpx.HTTPTransport(verify=transport.ssl_context())
        self.rng = random.Random(seed)
        self.rates = (drop_before, drop_after, duplicate)
        self.dropped = 0
        self.duplicated = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        drop_before, drop_after, duplicate = self.rates
        if self.rng.random() < drop_before:
            self.dropped += 1
            raise httpx.ConnectError("dropped before sending", request=request)
        if self.rng.random() < duplicate:
            self.duplicated += 1
            self.inner.handle_request(request).read()
        response = self.inner.handle_request(request)
        response.read()
        if self.rng.random() < drop_after:
            self.dropped += 1
            raise httpx.ReadError("connection lost before the answer", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def office(store: ServerStore) -> str:
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    return OFFICE


def _sync(counter: Counter, **kwargs: object) -> client.SyncReport:
    return client.sync_now(counter.ctx, policy=FAST, **kwargs)  # type: ignore[arg-type]


def _conflicts(ctx: Context) -> list[DossierView]:
    """The window's list of dossiers in conflict."""
    return [view for _num, view in listing.page(ctx, DossierFilter(conflict=True))]


def test_two_counters_exchange_dossiers(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a, b = make_counter("a"), make_counter("b")
    enrol(live.store, a, live.url)
    enrol(live.store, b, live.url)
    assert (a.ctx.counter_no, b.ctx.counter_no) == (1, 2)
    # The first sync sends the office's reference data (catalogue, office, users) once.
    assert _sync(a).reference == 23
    assert _sync(b).reference == 0
    code_a = intake(a, "Nguyễn Văn An")
    code_b = intake(b, "Lê Thị Bình")
    assert code_a.endswith("-0001") and code_b.endswith("-1001")  # slices by assigned number
    assert client.status(a.ctx).waiting == 1
    report = _sync(a)
    assert (report.pushed, report.pulled) == (1, 0)
    assert "Đã gửi 1 sự kiện" in report.summary()
    stages: list[tuple[str, int]] = []
    report = _sync(b, progress=lambda stage, n: stages.append((stage, n)))
    assert (report.pushed, report.pulled) == (1, 1)
    assert ("push", 1) in stages and stages[-1] == ("pull", 1)
    assert _sync(a).pulled == 1
    assert dossier_rows(a) == dossier_rows(b) and len(dossier_rows(a)) == 2
    # Work on another counter's dossier travels back.
    workflow.transfer(a.ctx, code_b, "Lê Văn Đạt", "Công chức Tư pháp - Hộ tịch")
    _sync(a)
    _sync(b)
    found = queries.find_by_code(b.ctx, code_b)
    assert found is not None and found.status.label == "Đang xử lý"
    state = client.status(b.ctx)
    assert state.waiting == 0 and state.last_error == "" and state.last_success
    assert dossier_rows(a) == dossier_rows(b)
    # Other counters' events continue their devices' hash chains here: the audit passes.
    for counter in (a, b):
        report = audit.verify_chain(counter.ctx)
        assert report.ok and report.devices == 2


def test_an_event_altered_on_the_way_shows_in_the_audit(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a, b = make_counter("a"), make_counter("b")
    enrol(live.store, a, live.url)
    enrol(live.store, b, live.url)
    code = intake(a, "Nguyễn Văn An")
    _sync(a)
    with live.store.transaction() as session:  # someone edits the server's copy
        row = session.scalar(select(ServerEvent).where(ServerEvent.type == "received"))
        assert row is not None
        row.payload = row.payload.replace("Nguyễn Văn An", "Nguyễn Văn Ăn")
    _sync(b)
    assert audit.verify_chain(a.ctx).ok
    report = audit.verify_chain(b.ctx)
    assert not report.ok and report.breaks[0].device == a.ctx.device_id
    assert queries.find_by_code(b.ctx, code) is not None  # kept, not dropped


def test_sync_without_registration_or_server_fails_in_plain_words(
    make_counter: Callable[..., Counter],
) -> None:
    a = make_counter("a")
    with pytest.raises(client.NotRegistered):
        client.sync_now(a.ctx)

    from counter.sync.client import SERVER, TOKEN

    with a.ctx.db.unit_of_work() as session:
        set_setting(session, SERVER, "http://127.0.0.1:9")  # nothing listens on the discard port
        set_setting(session, TOKEN, "t")
    intake(a)
    with pytest.raises(SyncError, match="Không kết nối được"):
        client.sync_now(a.ctx, policy=RetryPolicy(attempts=2, base_delay=0.01, timeout=2))
    state = client.status(a.ctx)
    assert "Không kết nối được tới máy chủ" in state.last_error
    assert state.waiting == 1 and state.last_success == ""


def test_wrong_token_is_refused_without_retrying(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a = make_counter("a")
    enrol(live.store, a, live.url)
    with a.ctx.db.unit_of_work() as session:
        set_setting(session, client.TOKEN, "forged")
    with pytest.raises(SyncError, match="đăng ký lại"):
        _sync(a)


def test_dropped_and_duplicated_requests_lose_and_repeat_nothing(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    counters = [make_counter(name) for name in "abc"]
    for counter in counters:
        enrol(live.store, counter, live.url)
    codes = []
    for i, counter in enumerate(counters):
        for n in range(12):
            codes.append(intake(counter, f"Công Dân {i} {n}"))
            counter.clock.set(counter.clock.value + timedelta(minutes=3))
    flaky = FlakyTransport(seed=7, drop_before=0.25, drop_after=0.25, duplicate=0.25)
    for _ in range(2):
        for counter in counters:
            client.sync_now(counter.ctx, policy=FAST, transport=flaky, batch=5, page=7)
    assert flaky.dropped > 3 and flaky.duplicated > 1
    rows = [dossier_rows(c) for c in counters]
    assert rows[0] == rows[1] == rows[2] and len(rows[0]) == 36
    assert server.office_counts(live.store, office)["dossier_events"] == 36  # each stored once


def test_clocks_a_day_apart_keep_causal_order(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a, b = make_counter("a"), make_counter("b")
    a.clock.set(a.clock.value + timedelta(days=1))  # a's PC clock runs a day ahead
    enrol(live.store, a, live.url)
    enrol(live.store, b, live.url)
    code = intake(a)
    workflow.transfer(a.ctx, code, "Lê Văn Đạt")
    _sync(a)
    _sync(b)
    # b, a day "behind", acts on the dossier after seeing it: its events still sort after a's.
    specialist = b.ctx.as_user(Actor("chuyenvien", "Lê Văn Đạt", "specialist"))
    workflow.resolve(specialist, code, "Đã ký")
    workflow.return_result(b.ctx, code, "Nguyễn Văn An")
    _sync(b)
    _sync(a)
    found = queries.find_by_code(a.ctx, code)
    assert found is not None and found.status.label == "Đã trả kết quả"
    assert not found.conflict
    assert dossier_rows(a) == dossier_rows(b)


def test_concurrent_offline_actions_end_in_a_conflict_a_clerk_resolves(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a, b = make_counter("a"), make_counter("b")
    enrol(live.store, a, live.url)
    enrol(live.store, b, live.url)
    code = intake(a)
    _sync(a)
    _sync(b)
    # Both counters, offline, refuse to wait: one withdraws, the other asks for a supplement.
    workflow.withdraw(a.ctx, code, "Công dân xin rút")
    b.clock.set(b.clock.value + timedelta(minutes=5))
    workflow.request_supplement(b.ctx, code, ["Bản sao giấy tờ"], "Thiếu giấy tờ")
    for counter in (a, b, a):
        _sync(counter)
    assert dossier_rows(a) == dossier_rows(b)
    listed = _conflicts(a.ctx)
    assert [v.code for v in listed] == [code]
    conflicted = [c["event_id"] for c in listed[0].conflicts]
    assert len(conflicted) == 1
    workflow.resolve_conflict(a.ctx, code, conflicted, "Đã liên hệ công dân, giữ việc rút hồ sơ")
    _sync(a)
    _sync(b)
    assert _conflicts(b.ctx) == []
    assert dossier_rows(a) == dossier_rows(b)


def test_same_code_issued_before_enrolment_is_kept_and_flagged_everywhere(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a, b = make_counter("a"), make_counter("b")
    # Both counters worked before enrolment, both as counter 1: the same code twice.
    code = intake(a, "Nguyễn Văn An")
    b.clock.set(b.clock.value + timedelta(minutes=1))
    assert intake(b, "Lê Thị Bình") == code
    enrol(live.store, a, live.url)
    enrol(live.store, b, live.url)
    _sync(b)
    report = _sync(a)
    assert report.clashes == [code] and "trùng" in report.summary()
    assert client.status(a.ctx).code_clashes == (code,)
    _sync(b)
    rows_a, rows_b = dossier_rows(a), dossier_rows(b)
    assert rows_a == rows_b and len(rows_a) == 2
    by_name = {r["applicant_name"]: r for r in rows_a}
    assert by_name["Nguyễn Văn An"]["code"] == code  # received first keeps the code
    renamed = by_name["Lê Thị Bình"]
    assert str(renamed["code"]).startswith(code + "/") and renamed["conflict"]
    assert [v.code for v in _conflicts(a.ctx)] == [renamed["code"]]


def test_server_refuses_garbage_and_foreign_requests(live: LiveServer, office: str) -> None:
    code = server.create_enrolment(live.store, office)
    token = server.enroll_device(live.store, code.code, "dev-a", "").token
    auth = {"Authorization": f"Bearer {token}"}
    bad_gzip = httpx.post(
        live.url + "/v1/push", content=b"not gzip", headers={**auth, "Content-Encoding": "gzip"}
    )
    assert bad_gzip.status_code == 400 and "không đọc được" in bad_gzip.json()["detail"]
    no_token = httpx.get(live.url + "/v1/pull")
    assert no_token.status_code == 401
    bad_flag = httpx.get(live.url + "/v1/pull", params={"own": "perhaps"}, headers=auth)
    assert bad_flag.status_code == 422 and "own" in bad_flag.json()["detail"]
    bad_event = httpx.post(live.url + "/v1/push", json={"events": [["x"]]}, headers=auth)
    assert bad_event.status_code == 400


def test_moving_to_a_new_server_sends_everything_again(
    live: LiveServer, office: str, make_counter: Callable[..., Counter], tmp_path: Path
) -> None:
    a = make_counter("a")
    enrol(live.store, a, live.url)
    intake(a)
    _sync(a)
    assert client.status(a.ctx).waiting == 0
    # The office's server is replaced by a fresh one (its disk died): enrol again there.
    fresh = ServerStore(str(tmp_path / "new-server.sqlite3"))
    server.add_office(fresh, OFFICE, "UBND xã Tân Hưng")
    second = LiveServer(fresh).start()
    try:
        enrol(fresh, a, second.url)
        assert client.status(a.ctx).waiting == 24  # reference data and the dossier
        _sync(a)
        assert server.office_counts(fresh, OFFICE)["dossier_events"] == 1
    finally:
        second.stop()
        fresh.close()
