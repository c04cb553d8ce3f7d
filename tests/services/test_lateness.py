"""Lateness: the home figures, the dossier list's filters and the report agree on the same data."""

from __future__ import annotations

from datetime import date, datetime

from counter.domain.dossier import CLOCK_RUNNING
from counter.reports.figures import build_report
from counter.services import listing, queries, workflow
from counter.services.context import Context
from counter.services.listing import DossierFilter
from tests.conftest import Clock
from tests.services.helpers import CERTIFY, LAND, MARITAL, receive


def _listed(ctx: Context, lateness: str) -> list[str]:
    """The codes the dossier list shows under a lateness filter, checked against its count."""
    f = DossierFilter(lateness=lateness)
    codes = [view.code for _num, view in listing.page(ctx, f)]
    assert listing.count(ctx, f) == len(codes)
    return codes


def test_home_list_and_report_agree_on_what_is_late(ctx: Context, clock: Clock) -> None:
    # Monday 02/03 09:00.
    late = receive(ctx, MARITAL, name="Quá Hạn").dossier.code  # due Thu 05/03
    clock.set(datetime(2026, 3, 3, 9, 0))
    apologised = receive(ctx, MARITAL, name="Đã Xin Lỗi").dossier.code  # due Fri 06/03
    resolved_late = receive(ctx, MARITAL, name="Xong Muộn").dossier.code  # due Fri 06/03
    clock.set(datetime(2026, 3, 5, 16, 0))
    # The apology moves the appointment to 11/03; the legal due moment stays 06/03.
    workflow.apologise(ctx, apologised, "Chờ xác minh", date(2026, 3, 11))
    clock.set(datetime(2026, 3, 6, 8, 0))
    due_monday = receive(ctx, MARITAL, name="Hạn Thứ Tư").dossier.code  # due Wed 11/03 08:00
    today = receive(ctx, CERTIFY, name="Trong Ngày").dossier.code  # due Fri 06/03 17:00
    receive(ctx, LAND, name="Còn Lâu")
    receive(ctx, MARITAL, name="Thiếu Giấy", complete=False)  # waiting: no clock, never late

    clock.set(datetime(2026, 3, 6, 8, 30))  # Friday
    # The apology moved the other one due today to 11/03.
    assert set(_listed(ctx, "due_today")) == {today, resolved_late}
    assert _listed(ctx, "overdue") == [late]  # due 05/03 09:00 passed
    assert queries.home_counts(ctx).due_today == 2
    clock.set(datetime(2026, 3, 9, 14, 0))  # Monday: resolved three days after its due day
    workflow.resolve(ctx, resolved_late)

    clock.set(datetime(2026, 3, 10, 10, 0))  # Tuesday: the next working day is Wed 11/03
    assert set(_listed(ctx, "due_next_day")) == {due_monday, apologised}
    # Legally late: the apologised one since 06/03 09:00, the same-day one since 06/03 17:00.
    overdue = _listed(ctx, "overdue")
    assert set(overdue) == {late, apologised, today}
    assert set(_listed(ctx, "overdue_no_apology")) == {late, today}
    counts = queries.home_counts(ctx)
    assert (counts.overdue, counts.overdue_without_apology, counts.due_next_day) == (3, 2, 2)
    # The dossier screen's own reading of one dossier says the same.
    every = [view for _num, view in listing.page(ctx, DossierFilter())]
    assert {v.code for v in every if v.late and v.status in CLOCK_RUNNING} == set(overdue)
    assert counts.awaiting_supplement == 1

    # The running quarter's report, as of now: the same dossiers open and late, the same one
    # apologised for; the one resolved late counts late in the report only (it is finished).
    report = build_report(ctx, "2026-Q1")
    figures = report.total.figures
    still_open = {d.code for d in report.late_dossiers if d.resolved_at is None}
    assert still_open == set(overdue)
    assert figures.open_overdue == counts.overdue
    assert figures.resolved_late == 1
    assert {d.code for d in report.late_dossiers} == {*overdue, resolved_late}
    assert figures.late_with_apology == 1
    assert figures.late_without_apology == counts.overdue_without_apology + 1
