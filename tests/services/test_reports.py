"""Reports: every figure of a known quarter against hand-counted expectations."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from counter.errors import ValidationError
from counter.reports.figures import Figures, build_report
from counter.reports.period import Period
from counter.reports.presentation import format_percent
from tests.conftest import Clock
from tests.services.helpers import CERTIFY, LAND, MARITAL
from tests.services.report_scenario import RESIDENCE, D, Scenario, make_context, quarter

__all__ = ["quarter"]  # the module-scoped fixture


# --- periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "first", "last", "label"),
    [
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "Quý III năm 2026"),
        ("2026-q1", date(2026, 1, 1), date(2026, 3, 31), "Quý I năm 2026"),
        ("2026-09", date(2026, 9, 1), date(2026, 9, 30), "Tháng 09/2026"),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29), "Tháng 02/2028"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "Năm 2026"),
        (
            "2026-07-15..2026-08-14",
            date(2026, 7, 15),
            date(2026, 8, 14),
            "Từ ngày 15/07/2026 đến ngày 14/08/2026",
        ),
    ],
)
def test_period_parses_quarter_month_year_and_range(
    spec: str, first: date, last: date, label: str
) -> None:
    period = Period.parse(spec)
    assert (period.first, period.last, period.label) == (first, last, label)


def test_period_bounds_and_months() -> None:
    period = Period.parse("2026-Q3")
    assert period.start == "2026-07-01 00:00:00"
    assert period.end == "2026-10-01 00:00:00"
    assert period.months() == ["2026-07", "2026-08", "2026-09"]
    assert Period.parse("2025-12-15..2026-01-10").months() == ["2025-12", "2026-01"]


@pytest.mark.parametrize(
    "spec", ["2026-Q5", "2026-13", "2026-02-30..2026-03-01", "2026-09-30..2026-07-01", "quý 3", ""]
)
def test_bad_period_is_refused_in_vietnamese(spec: str) -> None:
    with pytest.raises(ValidationError, match="Kỳ báo cáo"):
        Period.parse(spec)


# --- a known quarter (tests/services/report_scenario.py) -----------------------------------


def test_quarter_figures_by_hand(quarter: Scenario) -> None:
    report = build_report(quarter.ctx, "2026-Q3")
    f = report.total.figures
    assert report.as_of == datetime(2026, 10, 1) and report.complete
    assert f.carried_over == 3  # C1, C2, C4 (C3 and X2 finished in June)
    assert (f.received_direct, f.received_postal, f.received_online) == (8, 1, 2)
    assert (f.received, f.handled) == (11, 14)
    assert (f.resolved_ahead, f.resolved_on_time, f.resolved_late) == (2, 3, 2)
    assert (f.open_in_time, f.open_overdue) == (2, 2)  # N5, N10 / C4, N6
    assert (f.refused, f.withdrawn, f.stopped) == (1, 1, 1)
    assert f.returned == 5  # C1, C3, N1, N4, N11
    assert f.handled == f.resolved + f.open + f.refused + f.stopped + f.withdrawn
    # Late: C2, N4 (resolved late), C4, N6 (overdue); apologised: N4, C4.
    assert (f.late, f.late_with_apology, f.apologies, f.late_without_apology) == (4, 2, 2, 2)
    codes = quarter.codes
    assert [d.code for d in report.without_apology] == [codes["C2"], codes["N6"]]
    assert [d.code for d in report.late_dossiers] == [
        codes["C2"],
        codes["C4"],
        codes["N6"],
        codes["N4"],
    ]
    # Working days received → resolved: C1 3, C2 28, N1 0, N2 2, N3 3, N4 9, N11 0.
    assert f.processing_days == 45
    assert f.average_processing_days == pytest.approx(45 / 7)
    # Fees of the dossiers received in the quarter: N1 2.000 cash, N4 20.000 transfer,
    # N5 20.000 online.
    assert (f.fees_collected, f.paying, f.cashless_amount) == (32000, 3, 30000)
    assert (f.cashless_paying, f.online_paying) == (2, 1)
    assert f.cashless_amount_share == pytest.approx(30000 / 32000)
    assert f.cashless_paying_share == pytest.approx(2 / 3)
    assert (f.surveys, f.satisfied) == (3, 2)
    assert format_percent(f.satisfaction_rate) == "66,7 %"
    assert f.on_time_rate == pytest.approx(7 / 11)  # (2 + 3 + 2 in time) / (7 + 4)
    assert f.online_share == pytest.approx(2 / 11)
    # Nothing digitised in this scenario: a measured 0, no longer "not recorded" (issue 18).
    assert (f.digitised, f.digitised_components, f.signed_components) == (0, 0, 0)
    assert f.digitised_share == 0 and f.signed_share is None


def test_cohort_received_in_the_period_adds_up(quarter: Scenario) -> None:
    c = build_report(quarter.ctx, "2026-Q3").total.cohort
    assert c.carried_over == 0 and c.received == 11
    # N2, N11 ahead; N1, N3 on time; N4 late / N5, N10 in time; N6 overdue.
    assert (c.resolved_ahead, c.resolved_on_time, c.resolved_late) == (2, 2, 1)
    assert (c.open_in_time, c.open_overdue) == (2, 1)
    assert c.received == c.resolved + c.open + c.refused + c.stopped + c.withdrawn
    assert (c.returned, c.processing_days) == (3, 14)  # N1, N4, N11; 0 + 2 + 3 + 9 + 0


def test_monthly_series(quarter: Scenario) -> None:
    months = build_report(quarter.ctx, "2026-Q3").months
    assert [m.month for m in months] == ["2026-07", "2026-08", "2026-09"]
    assert [(m.received_direct, m.received_postal, m.received_online) for m in months] == [
        (1, 0, 0),
        (0, 1, 1),
        (7, 0, 1),
    ]
    # July: C1, N1 on time, C2 late; August: N2 ahead; September: N3, N11 in time, N4 late.
    assert [(m.resolved, m.resolved_in_time, m.late) for m in months] == [
        (3, 2, 1),
        (1, 1, 0),
        (3, 2, 1),
    ]
    assert months[0].label == "07/2026" and months[1].on_time_rate == 1.0


def test_by_field_rows_add_up_to_the_total(quarter: Scenario) -> None:
    report = build_report(quarter.ctx, "2026-Q3", by="field")
    rows = {r.key: r.figures for r in report.rows}
    assert sorted(rows) == ["Chứng thực", "Hộ tịch", "Đăng ký, quản lý cư trú", "Đất đai"]
    land = rows["Đất đai"]  # C2, C4 carried; N10 received
    assert (land.carried_over, land.received, land.resolved_late, land.open_overdue) == (
        2,
        1,
        1,
        1,
    )
    assert (land.open_in_time, land.processing_days, land.late_without_apology) == (1, 28, 1)
    civil = rows["Hộ tịch"]  # C1 carried; N2, N3, N6, N8, N9, N11; C1, C3, N11 returned
    assert (civil.carried_over, civil.received, civil.returned) == (1, 6, 3)
    assert (civil.resolved_ahead, civil.resolved_on_time, civil.open_overdue) == (2, 2, 1)
    assert civil.processing_days == 3 + 2 + 3 + 0
    summed = Figures()
    for figures in rows.values():
        summed.add(figures)
    assert summed == report.total.figures


def test_by_procedure_lists_late_dossiers_per_procedure(quarter: Scenario) -> None:
    report = build_report(quarter.ctx, "2026-Q3", by="procedure")
    rows = {r.key: r.figures for r in report.rows}
    assert rows[LAND].late == 2 and rows[MARITAL].late == 1 and rows[RESIDENCE].late == 1
    assert rows[CERTIFY].refused == 1 and rows[CERTIFY].received_direct == 2
    assert report.late_by_procedure()[0][1] == 2
    assert report.rows[0].label.startswith(report.rows[0].key + " - ")


def test_a_month_counts_what_crosses_its_boundaries(quarter: Scenario) -> None:
    f = build_report(quarter.ctx, "2026-09").total.figures
    assert f.carried_over == 2  # C4 (open), N3 (received 28/8, resolved 7/9)
    assert f.received == 8  # N4 … N11
    assert (f.resolved_ahead, f.resolved_on_time, f.resolved_late) == (1, 1, 1)  # N11, N3, N4
    assert (f.open_in_time, f.open_overdue) == (2, 2)
    assert f.returned == 2  # N4, N11
    assert f.handled == f.resolved + f.open + f.refused + f.stopped + f.withdrawn


def test_a_past_period_is_seen_as_it_was_at_its_end(quarter: Scenario) -> None:
    # At the end of August: N2 resolved; N3 received 28/8, due 7/9: open in time; C4 overdue
    # since 13/7 (resolved later or not at all does not matter).
    f = build_report(quarter.ctx, "2026-08").total.figures
    assert (f.carried_over, f.received) == (1, 2)  # C4 / N2, N3
    assert (f.resolved, f.open_in_time, f.open_overdue) == (1, 1, 1)
    # October, still running on 15/10: N5 resolved late on 2/10 (due 1/10 09:00); X1
    # received 1/10 08:00, due 6/10 08:00, open: overdue now. N10, never completed at intake,
    # counted in September only.
    report = build_report(quarter.ctx, "2026-10")
    f = report.total.figures
    assert report.as_of == D(15, 10) and not report.complete
    assert (f.carried_over, f.received) == (3, 1)  # C4, N5, N6 / X1
    assert f.open_in_time == 0
    assert f.resolved_late == 1 and f.open_overdue == 3  # N5 / C4, N6, X1


def test_empty_period_gives_zeros_and_no_rates(quarter: Scenario) -> None:
    report = build_report(quarter.ctx, "2024-03")
    f = report.total.figures
    assert f == Figures()
    assert f.on_time_rate is None and format_percent(f.satisfaction_rate) == "—"
    assert [m.received_direct for m in report.months] == [0]


def test_bad_grouping_and_future_periods_are_refused(quarter: Scenario) -> None:
    with pytest.raises(ValidationError):
        build_report(quarter.ctx, "2026-Q3", by="applicant")
    with pytest.raises(ValidationError, match="chưa bắt đầu"):
        build_report(quarter.ctx, "2026-11")  # the clock stands at 15/10/2026


# --- holidays in processing time -----------------------------------------------------------


def test_processing_days_skip_tet_and_the_april_holidays(tmp_path: Path) -> None:
    ctx, clock = make_context(tmp_path / "counter.sqlite3", D(1, 2))
    s = Scenario(ctx, clock)
    # Thu 12/2 → Tết 14/2–22/2 → due Tue 24/2; resolved 24/2: on time, 3 working days.
    s.dossier("T1", MARITAL, D(12, 2))(D(24, 2, 15), "resolve")
    # Fri 24/4 → Giỗ Tổ observed Mon 27/4 → Tue 28, Wed 29, (30/4, 1/5 off) Mon 4/5 due;
    # resolved Fri 8/5: late.
    s.dossier("T2", MARITAL, D(24, 4))(D(8, 5), "resolve")
    s.run(until=D(1, 6))
    feb = build_report(ctx, "2026-02").total.figures
    assert (feb.resolved_on_time, feb.processing_days) == (1, 3)
    spring = build_report(ctx, "2026-04-01..2026-05-31").total.figures
    # (24/4, 8/5]: 28/4, 29/4, 4/5, 5/5, 6/5, 7/5, 8/5 = 7 working days.
    assert (spring.resolved_late, spring.processing_days) == (1, 7)
    assert build_report(ctx, "2026").total.figures.processing_days == 10


# --- the SQL against a plain reading of the definitions, on varied demo data -----------------


def _reference(rows: list, period: Period, as_of: datetime, cal) -> Figures:  # type: ignore[no-untyped-def]
    """README "Reports" definitions applied row by row, with the core's Timeliness rule."""
    from counter.domain.dossier import Status
    from counter.services.views import Timeliness, timeliness

    start, end, asof = period.start, period.end, as_of.isoformat(sep=" ")
    f = Figures()
    for r in rows:
        finish = r.resolved_at or (r.closed_at if r.status in (3, 7, 8) else None)
        is_new = start <= r.received_at < end
        if r.status == 10 and start <= r.closed_at < min(end, asof):
            f.returned += 1
        in_flow = (
            r.received_at < end
            and (finish is None or finish >= start)
            and (r.accepted or r.received_at >= start)
        )
        if not in_flow:
            continue
        if is_new:
            setattr(f, f"received_{r.channel}", getattr(f, f"received_{r.channel}") + 1)
            f.fees_collected += r.paid_amount
            f.paying += r.paid_amount > 0
            cashless = r.paid_amount > 0 and r.payment_method in ("transfer", "card", "online")
            f.cashless_amount += r.paid_amount if cashless else 0
            f.cashless_paying += cashless
            f.online_paying += r.paid_amount > 0 and r.payment_method == "online"
            f.surveys += r.satisfaction is not None
            f.satisfied += r.satisfaction in (2, 3)
        else:
            f.carried_over += 1
        due = datetime.fromisoformat(r.original_due_at) if r.original_due_at else None
        late = False
        if r.resolved_at and r.resolved_at < asof:
            resolved = datetime.fromisoformat(r.resolved_at)
            kind = timeliness(Status.RESOLVED, due, resolved, as_of)
            if kind is Timeliness.AHEAD:
                f.resolved_ahead += 1
            elif kind is Timeliness.LATE:
                f.resolved_late += 1
                late = True
            else:
                f.resolved_on_time += 1
            received = datetime.fromisoformat(r.received_at).date()
            f.processing_days += max(0, cal.working_days_between(received, resolved.date()))
        elif r.status in (3, 7, 8) and r.closed_at < asof:
            name = {3: "refused", 7: "withdrawn", 8: "stopped"}[r.status]
            setattr(f, name, getattr(f, name) + 1)
        else:
            finished_since = r.resolved_at is not None or r.closed_at is not None
            if r.status in (2, 4) and not finished_since:
                late = timeliness(Status(r.status), due, None, as_of) is Timeliness.LATE
            else:
                late = finished_since and due is not None and due < as_of
            if late:
                f.open_overdue += 1
            else:
                f.open_in_time += 1
        if late:
            f.late_with_apology += r.apology_count > 0
            f.apologies += r.apology_count
    return f


@pytest.fixture(scope="module")
def demo_ctx(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from counter import demo
    from counter.db.engine import Database
    from counter.services.context import Context

    clock = Clock(D(20, 11))
    ctx = Context(Database(tmp_path_factory.mktemp("demo") / "counter.sqlite3"), now=clock.now)
    demo.generate(ctx, 600, seed=7, end=D(20, 11, 10))  # the demo office, its users, dossiers
    yield ctx
    ctx.db.close()


@pytest.mark.parametrize(
    "spec",
    ["2026-Q3", "2026-09", "2026-11", "2026", "2026-08-17..2026-10-09", "2026-06-10..2026-06-10"],
)
def test_sql_figures_match_the_definitions_row_by_row(demo_ctx, spec: str) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from counter.db.models import Dossier
    from counter.services import office

    report = build_report(demo_ctx, spec, by="field")
    with demo_ctx.db.session() as session:
        rows = list(session.scalars(select(Dossier)))
        cal = office.calendar(session)
    expected = _reference(rows, report.period, report.as_of, cal)
    assert report.total.figures == expected
    f = report.total.figures
    assert f.handled == f.resolved + f.open + f.refused + f.stopped + f.withdrawn
    summed = Figures()
    for row in report.rows:
        summed.add(row.figures)
    assert summed == f
    assert len(report.late_dossiers) == f.late
    assert len(report.without_apology) == f.late_without_apology
    if spec == "2026-Q3":
        assert f.received > 200 and f.late > 0 and f.resolved_ahead > 0  # the data are varied
