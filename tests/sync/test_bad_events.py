"""One bad event must not stop the office: the server refuses it, and an event that reached the
server anyway (stored before it checked, or from a newer release) is kept by every counter
without being applied, while sync, first syncs and the status page go on working."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import func, select

from counter.db.models import EventRow, Setting, User
from counter.db.wire import payload_json, to_wire
from counter.domain import dossier
from counter.domain.dossier import Event, apply, fold, problem
from counter.services import queries
from counter.services.backup import SYNC_TOKEN
from counter.services.status_link import check_value
from counter.sync import client, server
from counter.sync.client import RetryPolicy
from counter.sync.store import ServerEvent, ServerOffice, ServerStore
from tests.sync.conftest import Counter, LiveServer, dossier_rows, enrol, intake, received_payload

FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, timeout=10)
OFFICE = "000.00.12.H40"
ROGUE = "0190f000-0000-7000-8000-0000000000ee"  # a device whose events are injected


@pytest.fixture
def office(store: ServerStore) -> str:
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    return OFFICE


def _sync(counter: Counter) -> client.SyncReport:
    return client.sync_now(counter.ctx, policy=FAST)


def _event(n: int, dossier_id: str, kind: str, payload: dict[str, object]) -> Event:
    return Event(
        id=f"0190f000-0000-7000-8000-{n:012d}",
        dossier_id=dossier_id,
        type=kind,
        hlc=f"{1_772_500_000_000 + n:015d}.000000",
        wall_time="2026-03-02 10:00:00",
        device=ROGUE,
        actor="motcua",
        payload=payload,
    )


def _inject(store: ServerStore, events: list[Event]) -> None:
    """Write events straight into the server's log, past every check (as an older server
    stored them), with sequence numbers as a push would give them."""
    with store.transaction() as session:
        row = session.scalar(select(ServerOffice).where(ServerOffice.identifier == OFFICE))
        assert row is not None
        for event in events:
            row.last_seq += 1
            values = {name: getattr(event, name) for name in ("id", "dossier_id", "type")}
            session.add(
                ServerEvent(
                    **values,
                    office_id=row.id,
                    seq=row.last_seq,
                    hlc=event.hlc,
                    wall_time=event.wall_time,
                    device=event.device,
                    actor=event.actor,
                    payload=payload_json(event.payload),
                    hash="",
                )
            )


def _stored(store: ServerStore) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(ServerEvent)) or 0)


def _dossier_id(counter: Counter, code: str) -> str:
    return queries.find_by_code(counter.ctx, code).id  # type: ignore[union-attr]


def _status_page(live: LiveServer, code: str) -> httpx.Response:
    with live.store.session() as session:
        secret = session.scalar(select(ServerOffice.secret))
    assert secret is not None
    return httpx.get(live.url + "/tra-cuu", params={"ma": code, "k": check_value(secret, code)})


def test_the_fold_keeps_out_what_it_cannot_apply() -> None:
    from dataclasses import replace

    from tests.domain.test_dossier import LIFE

    bad = [
        _event(1, "d1", "appointment_moved", {}),  # a newer release's type
        _event(2, "d1", "payment_recorded", {"method": "cash"}),
        _event(3, "d1", "payment_recorded", {"amount": True}),
        _event(4, "d1", "apology_issued", {"new_due_at": "2026-03-05T17:00:00+07:00"}),
        _event(5, "d1", "survey_recorded", {"rating": 3, "at": "1900-01-01 08:00"}),
        _event(6, "d1", "received", {"code": "X"}),  # a second intake nobody can fold
    ]
    for event in bad:
        assert problem(event) is not None, event
    assert all(problem(e) is None for e in LIFE)
    mixed = [*LIFE, *bad]
    good, full = fold(LIFE), fold(mixed)
    assert full == replace(good, last_event=max(e.order_key for e in mixed))
    # Applied one by one in order (how a counter projects a pulled page): the same dossier.
    ordered = sorted(mixed, key=lambda e: e.order_key)
    state = apply(None, ordered[0])
    for event in ordered[1:]:
        state = apply(state, event)
    assert state == full
    # A dossier whose only intake cannot be applied is kept out, not an error mid-sync.
    assert dossier.intake(bad) is None
    with pytest.raises(ValueError):
        fold(bad)


def test_bad_events_on_the_server_stop_no_counter(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a, b = make_counter("a"), make_counter("b")
    enrol(live.store, a, live.url)
    enrol(live.store, b, live.url)
    code = intake(a, "Nguyễn Văn An")
    _sync(a)
    _sync(b)
    dossier = _dossier_id(a, code)
    before = [r for r in dossier_rows(b) if r["id"] == dossier]
    _inject(
        live.store,
        [
            # A type from a newer release, a payment without its amount, a payment whose
            # amount is text, an apology without its new date, an intake without its applicant
            # (a dossier nobody can fold), a day off on a date that does not exist, and a
            # user without the fields every account has.
            _event(1, dossier, "appointment_moved", {"at": "2026-03-03 09:00:00"}),
            _event(2, dossier, "payment_recorded", {"method": "cash"}),
            _event(3, dossier, "payment_recorded", {"amount": "nhiều"}),
            _event(4, dossier, "apology_issued", {"reason": "Quá hạn"}),
            _event(
                5,
                "0190f000-0000-7000-8000-0000000000d5",
                "received",
                {"code": f"{OFFICE}-260302-0555", "received_at": "2026-03-02 10:00:00"},
            ),
            _event(6, "ref:day:2026-03-05", "ref.day", {"day": "2026-02-30", "kind": "day_off"}),
            _event(7, "ref:user:hacker", "ref.user", {"username": "hacker"}),
        ],
    )
    # Every counter goes on syncing: it keeps what it cannot apply, and applies the rest.
    code_b = intake(b, "Lê Thị Bình")
    report = _sync(b)
    assert report.pulled == 7 and report.pushed == 1
    assert client.status(b.ctx).last_error == ""
    code_a = intake(a, "Trần Văn Cường")
    assert _sync(a).pulled == 8
    assert _sync(b).pulled == 1
    for counter in (a, b):
        (row,) = [r for r in dossier_rows(counter) if r["id"] == dossier]
        assert {k: row[k] for k in ("status", "paid_amount", "due_at", "conflict")} == {
            k: before[0][k] for k in ("status", "paid_amount", "due_at", "conflict")
        }
        assert {r["code"] for r in dossier_rows(counter)} == {code, code_a, code_b}
        with counter.ctx.db.session() as session:
            assert session.scalar(select(User).where(User.username == "hacker")) is None
            kept = select(func.count()).select_from(EventRow).where(EventRow.device == ROGUE)
            assert session.scalar(kept) == 7  # kept, for review and for a later release
    assert dossier_rows(a) == dossier_rows(b)
    # A new counter's first sync works too.
    c = make_counter("c")
    enrol(live.store, c, live.url)
    assert _sync(c).pulled >= 10
    assert dossier_rows(c) == dossier_rows(a)
    # The status page answers for the dossier the bad events name.
    page = _status_page(live, code)
    assert page.status_code == 200, page.text
    assert "Được tiếp nhận" in page.text


def test_the_server_refuses_a_batch_with_a_bad_event_whole(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a = make_counter("a")
    enrol(live.store, a, live.url)
    with a.ctx.db.session() as session:
        token = session.get(Setting, SYNC_TOKEN).value  # type: ignore[union-attr]
    stored = _stored(live.store)
    good = _event(10, "d-good", "note_added", {"text": "ghi chú"})
    cases = {
        "type": _event(11, "d1", "appointment_moved", {}),
        "payload.amount": _event(12, "d1", "payment_recorded", {"method": "cash"}),
        "payload.day": _event(
            13, "ref:day:2026-02-30", "ref.day", {"day": "2026-02-30", "kind": "day_off"}
        ),
        "payload.received_at": _event(
            14, "d2", "received", received_payload("X-1", received_at="1900-01-01 08:00:00")
        ),
        "payload.applicant": _event(
            15, "d3", "received", {**received_payload("X-2"), "applicant": {}}
        ),
        "hlc": Event(
            **{**_event(16, "d4", "note_added", {}).__dict__, "hlc": "9" * 15 + ".000000"}
        ),
        "actor": Event(**{**_event(17, "d5", "note_added", {}).__dict__, "actor": "x" * 51}),
    }
    for field, bad in cases.items():
        events = [good, bad]
        own = [Event(**{**e.__dict__, "device": a.ctx.device_id}) for e in events]
        body = gzip.compress(json.dumps({"events": [to_wire(e, "") for e in own]}).encode())
        answer = httpx.post(
            live.url + "/v1/push",
            content=body,
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Encoding": "gzip",
                "Content-Type": "application/json",
            },
        )
        assert answer.status_code == 400, (field, answer.text)
        detail = answer.json()["detail"]
        assert bad.id[-12:] in detail and f"«{field}" in detail, detail
        assert "không nhận" in detail
        assert _stored(live.store) == stored


def test_the_status_page_answers_for_a_dossier_with_an_event_it_cannot_apply(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    a = make_counter("a")
    enrol(live.store, a, live.url)
    code = intake(a, "Nguyễn Văn An")
    _sync(a)
    dossier = _dossier_id(a, code)
    # A payment without its amount answered 500; a newer release's event is left out too.
    _inject(
        live.store,
        [
            _event(1, dossier, "payment_recorded", {"method": "cash"}),
            _event(2, dossier, "appointment_moved", {}),
            _event(3, dossier, "returned", {"at": "2026-13-45 25:00"}),
        ],
    )
    page = _status_page(live, code)
    assert page.status_code == 200, page.text
    assert "Được tiếp nhận" in page.text and "N***** V** A*" in page.text


def test_a_day_off_filed_under_a_date_that_does_not_exist_stops_no_push(
    live: LiveServer, office: str, make_counter: Callable[..., Counter]
) -> None:
    """Before, the counter took the bad key for a removed day off and recorded a deletion of
    it, which the server refused: that counter could never push again."""
    a = make_counter("a")
    enrol(live.store, a, live.url)
    _sync(a)
    key = "ref:day:2026-02-30"
    _inject(live.store, [_event(1, key, "ref.day", {"day": "2026-02-30", "kind": "day_off"})])
    assert _sync(a).pulled == 1
    intake(a, "Nguyễn Văn An")
    report = _sync(a)
    assert report.pushed == 1 and client.status(a.ctx).last_error == ""
    with a.ctx.db.session() as session:
        mine = (
            select(func.count())
            .select_from(EventRow)
            .where(EventRow.dossier_id == key, EventRow.device == a.ctx.device_id)
        )
        assert session.scalar(mine) == 0
