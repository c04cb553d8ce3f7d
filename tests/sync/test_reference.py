"""Reference data travels as events: catalogue, day-off overrides, office, users (LWW)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from counter.errors import ValidationError
from counter.services import catalogue, office, users
from counter.services.context import Actor, Context
from counter.sync import client, reference, server
from counter.sync.client import RetryPolicy
from tests.sync.conftest import Counter, LiveServer, enrol

FAST = RetryPolicy(attempts=4, base_delay=0.01, timeout=10)
OFFICE = "000.00.12.H40"
PROC = "1.004873"


def _sync(counter: Counter) -> client.SyncReport:
    return client.sync_now(counter.ctx, policy=FAST)


def _fee(counter: Counter) -> int:
    with counter.ctx.db.session() as session:
        return catalogue.get_procedure(session, PROC).fee


def _set_fee(counter: Counter, fee: int, ctx: Context | None = None) -> None:
    with counter.ctx.db.unit_of_work() as session:
        info = catalogue.get_procedure(session, PROC)
        catalogue.save_procedure(
            session,
            catalogue.ProcedureInput(
                code=info.code,
                name=info.name,
                field=info.field,
                time_amount=info.time_amount,
                time_unit=info.time_unit.value,
                fee=fee,
                documents=list(info.documents),
            ),
            ctx=ctx,
        )


@pytest.fixture
def office_id(live: LiveServer) -> str:
    server.add_office(live.store, OFFICE, "UBND xã Tân Hưng")
    return OFFICE


def test_edits_on_one_counter_reach_the_others(
    live: LiveServer, office_id: str, make_counter: Callable[..., Counter]
) -> None:
    a, b = make_counter("a"), make_counter("b")
    for c in (a, b):
        enrol(live.store, c, live.url)
        _sync(c)
    _set_fee(a, 50_000)
    with a.ctx.db.unit_of_work() as session:
        office.set_override(session, date(2026, 3, 6), "day_off", "Nghỉ bù")
        users.create_user(session, "thuha2", "Nguyễn Thu Hà", "clerk", "matkhau2026")
        settings = office.get_settings(session)
        office.save_settings(session, replace(settings, phone="0270 3999 999"))
    assert _sync(a).reference == 4
    _sync(b)
    assert _fee(b) == 50_000
    with b.ctx.db.session() as session:
        assert [o.day for o in office.overrides(session)] == [date(2026, 3, 6)]
        assert office.get_settings(session).phone == "0270 3999 999"
        # The password hash travelled: the clerk signs in on the other counter, offline.
        assert users.authenticate(session, "thuha2", "matkhau2026").full_name == "Nguyễn Thu Hà"
    # A removed day off is removed everywhere.
    with a.ctx.db.unit_of_work() as session:
        office.remove_override(session, date(2026, 3, 6))
    _sync(a)
    _sync(b)
    with b.ctx.db.session() as session:
        assert office.overrides(session) == []


def test_last_writer_wins_per_item_and_newcomers_adopt_the_office_data(
    live: LiveServer, office_id: str, make_counter: Callable[..., Counter]
) -> None:
    a, b = make_counter("a"), make_counter("b")
    for c in (a, b):
        enrol(live.store, c, live.url)
        _sync(c)
    _set_fee(a, 10_000)
    _sync(a)  # recorded at a's time
    b.clock.set(b.clock.value + timedelta(minutes=5))
    _set_fee(b, 20_000)  # a later edit, made offline before seeing a's
    _sync(b)
    _sync(a)
    assert _fee(a) == _fee(b) == 20_000
    # A counter installed later, with the bundled catalogue, takes the office's values.
    c = make_counter("c")
    enrol(live.store, c, live.url)
    assert _sync(c).reference == 0
    assert _fee(c) == 20_000
    items = []
    for counter in (a, b, c):
        with counter.ctx.db.session() as session:
            items.append(reference.current_items(session))
    assert items[0] == items[1] == items[2]


def _admin(counter: Counter) -> Context:
    """Reference data is the admin's to edit (checked in the services)."""
    return counter.ctx.as_user(Actor("admin", "Nguyễn Quản Trị", "admin"))


def _edit_fee(counter: Counter, fee: int) -> None:
    """An edit as the Settings screen makes it: through the service, with the context."""
    _set_fee(counter, fee, ctx=_admin(counter))


def test_the_later_edit_wins_whatever_order_the_counters_sync_in(
    live: LiveServer, office_id: str, make_counter: Callable[..., Counter]
) -> None:
    a, b, c = make_counter("a"), make_counter("b"), make_counter("c")
    for counter in (a, b, c):
        enrol(live.store, counter, live.url)
        _sync(counter)
    day = date(2026, 3, 6)
    a.clock.set(datetime(2026, 3, 3, 9, 0))
    _edit_fee(a, 90_000)  # 09:00 on counter A
    with a.ctx.db.unit_of_work() as session:
        office.set_override(session, day, "day_off", "Nghỉ bù (A)", ctx=_admin(a))
        settings = office.get_settings(session)
        office.save_settings(session, replace(settings, phone="0270 1111 111"), ctx=_admin(a))
    b.clock.set(datetime(2026, 3, 3, 10, 0))
    _edit_fee(b, 100_000)  # 10:00 on counter B
    with b.ctx.db.unit_of_work() as session:
        office.set_override(session, day, "day_off", "Nghỉ theo quyết định (B)", ctx=_admin(b))
        settings = office.get_settings(session)
        office.save_settings(session, replace(settings, phone="0270 2222 222"), ctx=_admin(b))
    # Both sync at night, B first; A's later sync must not make its earlier edit win.
    for counter in (a, b, c):
        counter.clock.set(datetime(2026, 3, 3, 22, 0))
    assert _sync(b).reference == 0  # already recorded at edit time
    assert _sync(a).reference == 0
    _sync(b)
    _sync(c)
    for counter in (a, b, c):
        assert _fee(counter) == 100_000, counter.name
        with counter.ctx.db.session() as session:
            assert office.get_settings(session).phone == "0270 2222 222"
            assert [(o.day, o.kind.value, o.note) for o in office.overrides(session)] == [
                (day, "day_off", "Nghỉ theo quyết định (B)")
            ]


def test_an_edit_records_its_event_in_its_own_transaction(
    make_counter: Callable[..., Counter],
) -> None:
    from sqlalchemy import select

    from counter.db.models import EventRow
    from counter.domain.hlc import Timestamp

    a = make_counter("a")
    a.clock.set(datetime(2026, 3, 3, 9, 15))
    _edit_fee(a, 70_000)
    with a.ctx.db.session() as session:
        rows = session.scalars(
            select(EventRow).where(EventRow.dossier_id == f"ref:procedure:{PROC}")
        ).all()
    assert len(rows) == 1 and json.loads(rows[0].payload)["fee"] == 70_000
    stamped = datetime.fromtimestamp(Timestamp.decode(rows[0].hlc).millis / 1000)
    assert stamped == datetime(2026, 3, 3, 9, 15)
    # Saving the same value again records nothing; a rejected edit records nothing either.
    _edit_fee(a, 70_000)
    with pytest.raises(ValidationError), a.ctx.db.unit_of_work() as session:
        users.create_user(session, "ab", "Tên", "clerk", "ngan", ctx=_admin(a))
    with a.ctx.db.unit_of_work() as session:
        users.create_user(session, "thuha3", "Lê Thu Hà", "clerk", "matkhau2026", ctx=_admin(a))
        office.remove_override(session, date(2026, 3, 9), ctx=_admin(a))  # none: nothing to record
    with a.ctx.db.session() as session:
        keys = [r.dossier_id for r in session.scalars(select(EventRow).order_by(EventRow.seq))]
    assert keys == [f"ref:procedure:{PROC}", "ref:user:thuha3"]
