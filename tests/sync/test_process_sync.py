"""The internal process across counters: a procedure's steps travel as reference data, and a
liên thông hand-over (consignment, dates out and back) and each step's deadline as events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from counter.domain.process import Step
from counter.services import catalogue, queries, workflow
from counter.sync import client, server
from counter.sync.client import RetryPolicy
from tests.sync.conftest import PROCEDURE, Counter, LiveServer, enrol, intake

FAST = RetryPolicy(attempts=4, base_delay=0.01, timeout=10)
STEPS = [
    Step("Tiếp nhận", "Bộ phận Một cửa", 0.5),
    Step("Thẩm định", "Công chức Tư pháp - Hộ tịch", 2),
    Step("Trả kết quả", "Bộ phận Một cửa", 0.5),
]


def test_steps_and_a_liaison_reach_the_other_counter(
    live: LiveServer, make_counter: Callable[..., Counter]
) -> None:
    server.add_office(live.store, "000.00.12.H40", "UBND xã Tân Hưng")
    a, b = make_counter("a"), make_counter("b")
    for c in (a, b):
        enrol(live.store, c, live.url)
        client.sync_now(c.ctx, policy=FAST)
    with a.ctx.db.unit_of_work() as session:
        info = catalogue.get_procedure(session, PROCEDURE)
        catalogue.save_procedure(
            session,
            catalogue.ProcedureInput(
                info.code, info.name, info.field, info.time_amount, info.time_unit.value,
                info.fee, documents=list(info.documents), steps=STEPS,
            ),
        )  # fmt: skip
    a.clock.set(datetime(2026, 3, 2, 9, 0))
    code = intake(a)
    a.clock.set(datetime(2026, 3, 2, 14, 0))
    workflow.transfer(
        a.ctx, code, "Bưu điện xã Tân Hưng", "Chi cục Thuế khu vực XV",
        outside=True, consignment="EE123456789VN",
    )  # fmt: skip
    a.clock.set(datetime(2026, 3, 4, 10, 15))
    workflow.take_back(
        a.ctx, code, "Bưu điện xã Tân Hưng", from_unit="Chi cục Thuế khu vực XV",
        outside=True, consignment="EE987654321VN",
    )  # fmt: skip
    client.sync_now(a.ctx, policy=FAST)
    client.sync_now(b.ctx, policy=FAST)
    with b.ctx.db.session() as session:
        assert catalogue.get_procedure(session, PROCEDURE).steps == tuple(STEPS)
    there, events = queries.dossier_events(b.ctx, code)
    here = queries.find_by_code(a.ctx, code)
    assert here is not None
    assert (there.step, there.step_body, there.step_due_at) == (
        here.step, here.step_body, here.step_due_at,
    )  # fmt: skip
    out, back = [e.payload for e in events if e.type == "transferred"]
    assert (out["consignment"], out["at"], out["to_unit"]) == (
        "EE123456789VN", "2026-03-02 14:00:00", "Chi cục Thuế khu vực XV",
    )  # fmt: skip
    assert (back["consignment"], back["at"], back["from_unit"]) == (
        "EE987654321VN", "2026-03-04 10:15:00", "Chi cục Thuế khu vực XV",
    )  # fmt: skip
