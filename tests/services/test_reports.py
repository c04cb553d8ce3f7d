"""Reports: every figure of a known quarter against hand-counted expectations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest

from counter.db.engine import Database
from counter.errors import ValidationError
from counter.services import catalogue, office, workflow
from counter.services.context import Actor, Context
from counter.services.reports import Figures, Period, build_report, format_percent
from tests.conftest import TEST_OFFICE, Clock
from tests.services.helpers import CERTIFY, LAND, MARITAL, receive

RESIDENCE = "1.004222"  # đăng ký thường trú: 7 working days, 20.000 đ


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


# --- a known quarter -----------------------------------------------------------------------


@dataclass
class Scenario:
    ctx: Context
    clock: Clock
    codes: dict[str, str] = field(default_factory=dict)
    steps: list[tuple[datetime, int, Callable[[], object]]] = field(default_factory=list)

    def at(self, moment: datetime, action: Callable[[], object]) -> None:
        self.steps.append((moment, len(self.steps), action))

    def dossier(
        self, name: str, procedure: str, received: datetime, **kwargs: object
    ) -> Callable[..., None]:
        """Receive `name` at `received`; returns a helper scheduling later actions on it."""

        def do() -> None:
            self.codes[name] = receive(
                self.ctx, procedure, name=name, id_number="", **kwargs
            ).dossier.code

        self.at(received, do)

        def then(moment: datetime, action: str, *args: object, **kw: object) -> None:
            fn = getattr(workflow, action)
            self.at(moment, lambda: fn(self.ctx, self.codes[name], *args, **kw))

        return then

    def run(self, until: datetime) -> None:
        for moment, _, action in sorted(self.steps, key=lambda s: (s[0], s[1])):
            self.clock.set(moment)
            action()
        self.clock.set(until)


def _context(path: Path, start: datetime) -> tuple[Context, Clock]:
    clock = Clock(start)
    ctx = Context(Database(path), Actor("motcua", "Trần Thị Thu Hà", "clerk"), now=clock.now)
    with ctx.db.unit_of_work() as session:
        office.save_settings(session, TEST_OFFICE)
        catalogue.load_catalogue(session)
    return ctx, clock


def D(day: int, month: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute)


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """Q3 2026 (1/7–30/9): 3 dossiers carried over, 11 received, and some outside the period.

    Due dates (office calendar): MARITAL 3 working days, LAND 20, RESIDENCE 7, CERTIFY same
    day; Quốc khánh 31/8–2/9/2026 is off.
    """
    ctx, clock = _context(tmp_path_factory.mktemp("q3") / "counter.sqlite3", D(1, 6))
    s = Scenario(ctx, clock)
    # C1: received Fri 26/6, due Wed 1/7 09:00, resolved 1/7 10:00 → on time, 3 days.
    c1 = s.dossier("C1", MARITAL, D(26, 6))
    c1(D(1, 7, 10), "resolve")
    c1(D(2, 7), "return_result", "Chủ hồ sơ")
    # C2: received Mon 1/6, legal due Mon 29/6, resolved Thu 9/7 → late, 28 days, no apology.
    c2 = s.dossier("C2", LAND, D(1, 6))
    c2(D(2, 6), "transfer", "Lê Văn Đạt")
    c2(D(9, 7), "resolve")
    # C3: resolved in June (outside), returned 2/7: counts only as returned.
    c3 = s.dossier("C3", MARITAL, D(1, 6, 10))
    c3(D(3, 6), "resolve")
    c3(D(2, 7, 10), "return_result", "Chủ hồ sơ")
    # C4: received Mon 15/6, legal due Mon 13/7, apology on 10/7, still open: overdue.
    c4 = s.dossier("C4", LAND, D(15, 6))
    c4(D(16, 6), "transfer", "Lê Văn Đạt")
    c4(D(10, 7), "apologise", "Chờ xác minh thực địa", date(2026, 7, 24))
    # X2: same day after the 15:00 cut-off on 30/6, resolved and returned that evening.
    x2 = s.dossier("X2", CERTIFY, D(30, 6, 16))
    x2(D(30, 6, 16, 30), "resolve")
    x2(D(30, 6, 16, 40), "return_result", "Chủ hồ sơ")

    # N1: same day, resolved within the hour (on time), 2.000 đ cash, very satisfied.
    n1 = s.dossier("N1", CERTIFY, D(1, 7, 8))
    n1(D(1, 7, 8, 10), "record_payment", 2000, "cash")
    n1(D(1, 7, 8, 30), "resolve")
    n1(D(1, 7, 9), "return_result", "Chủ hồ sơ")
    n1(D(1, 7, 9, 1), "record_survey", 3)
    # N2 online: received Mon 24/8, due Thu 27/8, resolved Wed 26/8 → ahead, 2 days.
    n2 = s.dossier("N2", MARITAL, D(24, 8), channel="online")
    n2(D(26, 8), "resolve")
    # N3 postal: received Fri 28/8, holidays 31/8–2/9, due Mon 7/9 10:00, resolved 7/9 16:00
    # → on time (the same day), 3 days.
    n3 = s.dossier("N3", MARITAL, D(28, 8, 10), channel="postal")
    n3(D(7, 9, 16), "resolve")
    # N4: received Mon 14/9, due Wed 23/9, apology 22/9, resolved Fri 25/9 → late, 9 days.
    n4 = s.dossier("N4", RESIDENCE, D(14, 9))
    n4(D(14, 9, 9, 5), "record_payment", 20000, "transfer")
    n4(D(22, 9), "apologise", "Chờ xác minh nơi ở", date(2026, 9, 25))
    n4(D(25, 9), "resolve")
    n4(D(28, 9), "return_result", "Chủ hồ sơ")
    n4(D(28, 9, 9, 5), "record_survey", 2)
    # N5 online: received Tue 22/9, due Thu 1/10 09:00: open in time at the end of September;
    # resolved 2/10 (after the period) and paid online then.
    n5 = s.dossier("N5", RESIDENCE, D(22, 9), channel="online")
    n5(D(2, 10), "resolve")
    n5(D(2, 10, 10), "record_payment", 20000, "online")
    # N6: received Mon 7/9, due Thu 10/9, never resolved, no apology: overdue.
    n6 = s.dossier("N6", MARITAL, D(7, 9))
    n6(D(7, 9, 10), "transfer", "Lê Văn Đạt")
    # N7 refused at intake; N8 withdrawn; N9 stopped.
    s.dossier("N7", CERTIFY, D(8, 9), refuse_reason="Giấy tờ không thuộc thẩm quyền chứng thực")
    s.dossier("N8", MARITAL, D(9, 9))(D(10, 9), "withdraw", "Công dân đề nghị rút")
    s.dossier("N9", MARITAL, D(9, 9, 10))(D(11, 9), "stop", "Công dân đề nghị dừng")
    # N10: incomplete at intake, waiting for the citizen: open, not late.
    s.dossier("N10", LAND, D(28, 9), complete=False)
    # N11: received 30/9 16:00, resolved 16:30 → ahead (due 5/10), 0 days, not satisfied.
    n11 = s.dossier("N11", MARITAL, D(30, 9, 16))
    n11(D(30, 9, 16, 30), "resolve")
    n11(D(30, 9, 16, 40), "record_survey", 1)
    # X1: received after the period.
    s.dossier("X1", MARITAL, D(1, 10, 8))
    s.run(until=D(15, 10))
    yield s
    ctx.db.close()


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
    assert f.returned == 4  # C1, C3, N1, N4
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
    assert (f.fees_collected, f.paying, f.cashless_amount) == (42000, 3, 40000)
    assert (f.cashless_paying, f.online_paying) == (2, 1)
    assert f.cashless_amount_share == pytest.approx(40000 / 42000)
    assert f.cashless_paying_share == pytest.approx(2 / 3)
    assert (f.surveys, f.satisfied) == (3, 2)
    assert format_percent(f.satisfaction_rate) == "66,7 %"
    assert f.on_time_rate == pytest.approx(7 / 11)  # (2 + 3 + 2 in time) / (7 + 4)
    assert f.online_share == pytest.approx(2 / 11)
    assert f.digitised is None and f.digitised_share is None


def test_cohort_received_in_the_period_adds_up(quarter: Scenario) -> None:
    c = build_report(quarter.ctx, "2026-Q3").total.cohort
    assert c.carried_over == 0 and c.received == 11
    # N2, N11 ahead; N1, N3 on time; N4 late / N5, N10 in time; N6 overdue.
    assert (c.resolved_ahead, c.resolved_on_time, c.resolved_late) == (2, 2, 1)
    assert (c.open_in_time, c.open_overdue) == (2, 1)
    assert c.received == c.resolved + c.open + c.refused + c.stopped + c.withdrawn
    assert (c.returned, c.processing_days) == (2, 14)  # N1, N4; 0 + 2 + 3 + 9 + 0


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
    civil = rows["Hộ tịch"]  # C1 carried; N2, N3, N6, N8, N9, N11; C1 and C3 returned
    assert (civil.carried_over, civil.received, civil.returned) == (1, 6, 2)
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
    assert f.returned == 1  # N4
    assert f.handled == f.resolved + f.open + f.refused + f.stopped + f.withdrawn


def test_a_past_period_is_seen_as_it_was_at_its_end(quarter: Scenario) -> None:
    # At the end of August: N2 resolved; N3 received 28/8, due 7/9: open in time; C4 overdue
    # since 13/7 (resolved later or not at all does not matter).
    f = build_report(quarter.ctx, "2026-08").total.figures
    assert (f.carried_over, f.received) == (1, 2)  # C4 / N2, N3
    assert (f.resolved, f.open_in_time, f.open_overdue) == (1, 1, 1)
    # October, still running on 15/10: N5 resolved late on 2/10 (due 1/10 09:00); X1
    # received 1/10 08:00, due 6/10 08:00, open: overdue now; N10 waits for the citizen.
    report = build_report(quarter.ctx, "2026-10")
    f = report.total.figures
    assert report.as_of == D(15, 10) and not report.complete
    assert (f.carried_over, f.received) == (4, 1)  # C4, N5, N6, N10 / X1
    assert f.open_in_time == 1  # N10
    assert f.resolved_late == 1 and f.open_overdue == 3  # N5 / C4, N6, X1


def test_empty_period_gives_zeros_and_no_rates(quarter: Scenario) -> None:
    report = build_report(quarter.ctx, "2024-03")
    f = report.total.figures
    assert f == Figures()
    assert f.on_time_rate is None and format_percent(f.satisfaction_rate) == "—"
    assert [m.received_direct for m in report.months] == [0]


def test_bad_grouping_is_refused(quarter: Scenario) -> None:
    with pytest.raises(ValidationError):
        build_report(quarter.ctx, "2026-Q3", by="applicant")


# --- holidays in processing time -----------------------------------------------------------


def test_processing_days_skip_tet_and_the_april_holidays(tmp_path: Path) -> None:
    ctx, clock = _context(tmp_path / "counter.sqlite3", D(1, 2))
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
