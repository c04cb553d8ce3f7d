"""Property: whatever the schedule of offline work, flaky syncs and skewed clocks, every counter
of an office ends with identical dossiers and no event is lost."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from counter.db.models import Dossier, EventRow
from counter.errors import CounterError
from counter.services import audit, workflow
from counter.services.context import Actor
from counter.sync import client, reference, server
from counter.sync.client import RetryPolicy
from counter.sync.store import ServerStore
from tests.sync.conftest import (
    LiveServer,
    dossier_rows,
    enrol,
    intake,
    new_counter,
    pg_schema_store,
)
from tests.sync.conftest import _require_pg as require_pg
from tests.sync.test_sync import FlakyTransport

POLICY = RetryPolicy(attempts=10, base_delay=0.005, max_delay=0.02, timeout=10)
ADMIN = Actor("admin", "Nguyễn Quản Trị", "admin")
_offices = itertools.count(1)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    if request.param == "sqlite":
        store = ServerStore(str(tmp_path_factory.mktemp("srv") / "server.sqlite3"))
        drop: Callable[[], None] = store.close
    else:
        require_pg()
        store, drop = pg_schema_store()
    live = LiveServer(store).start()
    yield live
    live.stop()
    drop()


def _act(ctx: object, code: str, action: int) -> None:
    ctx = ctx.as_user(ADMIN)  # type: ignore[attr-defined]
    match action:
        case 0:
            workflow.transfer(ctx, code, "Lê Văn Đạt", "Tư pháp")
        case 1:
            workflow.resolve(ctx, code, "Đã ký")
        case 2:
            workflow.return_result(ctx, code, "Người nhận")
        case 3:
            workflow.withdraw(ctx, code, "Công dân rút hồ sơ")
        case 4:
            workflow.request_supplement(ctx, code, ["Bản sao"], "Thiếu giấy tờ")
        case 5:
            workflow.add_note(ctx, code, "Ghi chú")


steps = st.lists(
    st.one_of(
        st.tuples(st.just("intake"), st.integers(0, 2)),
        st.tuples(st.just("act"), st.integers(0, 2), st.integers(0, 20), st.integers(0, 5)),
        st.tuples(st.just("sync"), st.integers(0, 2), st.booleans()),
        st.tuples(st.just("tick"), st.integers(0, 2), st.integers(1, 600)),
    ),
    min_size=4,
    max_size=25,
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(schedule=steps, seed=st.integers(0, 1000))
def test_counters_converge(
    shared: LiveServer, tmp_path_factory: pytest.TempPathFactory, schedule: list[tuple], seed: int
) -> None:
    store = shared.store
    identifier = f"000.00.99.H{next(_offices):02d}"
    server.add_office(store, identifier, "Xã thử nghiệm")
    base = tmp_path_factory.mktemp("conv")
    counters = [new_counter(base / f"c{i}.sqlite3") for i in range(3)]
    from counter.services import office as office_service
    from tests.conftest import TEST_OFFICE

    try:
        for c in counters:
            with c.ctx.db.unit_of_work() as session:
                office_service.save_settings(
                    session,
                    office_service.OfficeSettings(
                        **{**TEST_OFFICE.__dict__, "identifier": identifier}
                    ),
                )
            enrol(store, c, shared.url, identifier)
        counters[1].clock.set(counters[1].clock.value + timedelta(days=1))  # a day ahead
        flaky = FlakyTransport(seed, drop_before=0.2, drop_after=0.2, duplicate=0.2)
        people = itertools.count()
        for step in schedule:
            c = counters[step[1]]
            if step[0] == "intake":
                intake(c, f"Công Dân {next(people)}")
            elif step[0] == "act":
                with c.ctx.db.session() as session:
                    codes = list(session.scalars(select(Dossier.code).order_by(Dossier.code)))
                if codes:
                    # An action not allowed at this counter's view of the dossier is refused.
                    with contextlib.suppress(CounterError):
                        _act(c.ctx, codes[step[2] % len(codes)], step[3])
            elif step[0] == "sync":
                client.sync_now(c.ctx, policy=POLICY, transport=flaky if step[2] else None)
            else:
                c.clock.set(c.clock.value + timedelta(minutes=step[2]))
        for c in [*counters, *counters[:2]]:
            client.sync_now(c.ctx, policy=POLICY)
        rows = [dossier_rows(c) for c in counters]
        assert rows[0] == rows[1] == rows[2]
        items = []
        for c in counters:
            with c.ctx.db.session() as session:
                items.append(reference.current_items(session))
        assert items[0] == items[1] == items[2]
        assert all(audit.verify_chain(c.ctx).ok for c in counters)
        total = server.office_counts(store, identifier)["events"]
        for c in counters:
            with c.ctx.db.session() as session:
                assert session.scalar(select(func.count()).select_from(EventRow)) == total
    finally:
        for c in counters:
            c.ctx.db.close()
