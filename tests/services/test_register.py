"""The register (Mẫu 07): each line with the address its dossier was received with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event

from counter.reports.register import register_lines
from counter.services import intake
from counter.services.context import Context
from tests.conftest import Clock
from tests.services.helpers import MARITAL, all_documents

LAN = "068190001234"


def _receive(ctx: Context, address: str, commune: str, at: datetime, **contact: str) -> str:
    person = intake.ApplicantInput(
        "Trần Thị Lan",
        id_number=LAN,
        address=address,
        commune=commune,
        province="Tỉnh Lâm Đồng",
        **contact,
    )
    request = intake.IntakeRequest(MARITAL, person, all_documents(ctx, MARITAL), received_at=at)
    return intake.receive(ctx, request).dossier.code


def test_a_person_who_moved_keeps_each_address_in_the_register(ctx: Context, clock: Clock) -> None:
    clock.set(datetime(2026, 3, 2, 11, 0))
    first = _receive(
        ctx, "Số 5, thôn 2", "Xã Hàm Thuận Nam", datetime(2026, 3, 2, 9, 0), phone="0912345678"
    )
    # She comes back later, living elsewhere: the applicant now has the new address.
    second = _receive(
        ctx, "12 Lê Lợi", "Phường Phan Thiết", datetime(2026, 3, 2, 10, 0), phone="0987654321"
    )
    known = intake.find_applicant(ctx, LAN)
    assert known is not None and known.address == "12 Lê Lợi"
    lines = {line.code: line for line in register_lines(ctx, "2026-03")}
    assert lines[first].address == "Số 5, thôn 2, xã Hàm Thuận Nam, tỉnh Lâm Đồng"
    assert lines[first].phone == "0912345678"
    assert lines[second].address == "12 Lê Lợi, phường Phan Thiết, tỉnh Lâm Đồng"
    assert lines[second].phone == "0987654321"


def test_the_register_reads_the_intakes_in_one_query(ctx: Context, clock: Clock) -> None:
    def statements_for(period: str) -> list[str]:
        seen: list[str] = []
        listen = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(ctx.db.engine, "before_cursor_execute", listen)
        try:
            register_lines(ctx, period)
        finally:
            event.remove(ctx.db.engine, "before_cursor_execute", listen)
        return [s for s in seen if "FROM events" in s or "JOIN events" in s]

    _receive(ctx, "Số 5", "Xã Hàm Thuận Nam", datetime(2026, 3, 2, 8, 0))
    assert len(statements_for("2026-03")) == 1
    for minute in range(1, 30):
        _receive(ctx, f"Số {minute}", "Xã Hàm Thuận Nam", datetime(2026, 3, 2, 8, minute))
    assert len(statements_for("2026-03")) == 1
    assert len(register_lines(ctx, "2026-03")) == 30
