"""The internal process: step deadlines over days off, the check of an admin's steps, the three
results of a hand-over, and the office's own names of the catalogue's bodies."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from counter.domain.calendar import DayOverride, OverrideKind, TimeUnit, WorkCalendar
from counter.domain.process import (
    Step,
    StepResult,
    check_steps,
    default_steps,
    judge,
    office_body,
    step_deadlines,
    steps_from_rows,
)
from counter.errors import ValidationError

FIVE_DAYS = (
    Step("Tiếp nhận, chuyển hồ sơ", "Bộ phận Một cửa", 0.5),
    Step("Thẩm định", "Công chức chuyên môn", 3),
    Step("Ký duyệt", "Lãnh đạo UBND cấp xã", 1),
    Step("Trả kết quả", "Bộ phận Một cửa", 0.5),
)


def test_step_deadlines_skip_the_weekend_and_an_office_day_off() -> None:
    # Received Thursday 05/03/2026 09:00; Monday 09/03 is an office day off.
    cal = WorkCalendar(overrides=[DayOverride(date(2026, 3, 9), OverrideKind.DAY_OFF, "Họp")])
    dues = step_deadlines(cal, datetime(2026, 3, 5, 9, 0), FIVE_DAYS, 5, TimeUnit.WORKING_DAYS)
    assert dues == [
        datetime(2026, 3, 5, 15, 0),  # half a day = 4 office hours (09:00–11:30, 13:30–15:00)
        datetime(2026, 3, 11, 15, 0),  # 3.5 days: Fri 06, Tue 10, Wed 11 + half a day
        datetime(2026, 3, 12, 15, 0),  # 4.5 days
        datetime(2026, 3, 13, 9, 0),  # the dossier's own due moment: 5 working days
    ]
    assert dues[-1] == cal.due_at(datetime(2026, 3, 5, 9, 0), 5, TimeUnit.WORKING_DAYS)


def test_half_a_day_received_on_friday_afternoon_runs_into_monday() -> None:
    cal = WorkCalendar()
    dues = step_deadlines(cal, datetime(2026, 3, 6, 15, 0), FIVE_DAYS, 5, TimeUnit.WORKING_DAYS)
    assert dues[0] == datetime(2026, 3, 9, 9, 0)  # 2 h on Friday, 2 h on Monday


def test_same_day_steps_share_the_day_and_hours_steps_count_hours() -> None:
    cal = WorkCalendar()
    same = default_steps(0, TimeUnit.SAME_DAY)
    dues = step_deadlines(cal, datetime(2026, 3, 2, 9, 0), same, 0, TimeUnit.SAME_DAY)
    assert set(dues) == {datetime(2026, 3, 2, 17, 0)}
    hours = default_steps(8, TimeUnit.WORKING_HOURS)
    dues = step_deadlines(cal, datetime(2026, 3, 2, 9, 0), hours, 8, TimeUnit.WORKING_HOURS)
    assert dues[0] == datetime(2026, 3, 2, 10, 0)
    assert dues[-1] == datetime(2026, 3, 3, 9, 0)


def test_default_steps_add_up_to_the_time_allowed() -> None:
    for amount in (1, 2, 3, 5, 7, 15, 20):
        steps = default_steps(amount, TimeUnit.WORKING_DAYS)
        assert check_steps(steps, amount, TimeUnit.WORKING_DAYS) == steps
        assert steps[0].body == "Bộ phận Một cửa" and steps[-1].name == "Trả kết quả"


def test_steps_an_admin_enters_are_checked() -> None:
    with pytest.raises(ValidationError, match=r"Tổng thời gian các bước \(4,5 ngày làm việc\)"):
        check_steps(FIVE_DAYS[:3], 5, TimeUnit.WORKING_DAYS)
    with pytest.raises(ValidationError, match="Bước 2 của quy trình phải có tên bước"):
        check_steps([FIVE_DAYS[0], Step("Thẩm định", " ", 4.5)], 5, TimeUnit.WORKING_DAYS)
    with pytest.raises(ValidationError, match="không được âm"):
        check_steps([Step("A", "B", -1), Step("C", "D", 6)], 5, TimeUnit.WORKING_DAYS)
    assert steps_from_rows([s.as_row() for s in FIVE_DAYS]) == FIVE_DAYS
    assert FIVE_DAYS[1].as_row() == ["Thẩm định", "Công chức chuyên môn", 3]


def test_a_hand_over_is_judged_by_its_day() -> None:
    due = datetime(2026, 3, 5, 15, 0)
    assert judge(datetime(2026, 3, 4, 16, 0), due) is StepResult.AHEAD
    assert judge(datetime(2026, 3, 5, 10, 0), due) is StepResult.ON_TIME
    assert judge(datetime(2026, 3, 5, 16, 30), due) is StepResult.ON_TIME  # same day
    assert judge(datetime(2026, 3, 6, 7, 30), due) is StepResult.LATE
    assert [r.label for r in StepResult] == ["Trước hạn", "Đúng hạn", "Quá hạn"]


@pytest.mark.parametrize(
    ("catalogue", "office"),
    [
        ("UBND cấp xã", "UBND xã Tân Hưng"),
        ("Ủy ban nhân dân cấp xã", "UBND xã Tân Hưng"),
        ("Công an cấp xã", "Công an xã Tân Hưng"),
        ("Lãnh đạo UBND cấp xã", "Lãnh đạo UBND xã Tân Hưng"),
        ("Văn phòng đăng ký đất đai", "Văn phòng đăng ký đất đai"),
        ("Bộ phận Một cửa", "Bộ phận Một cửa"),
    ],
)
def test_generic_bodies_become_the_offices_own(catalogue: str, office: str) -> None:
    assert office_body(catalogue, "UBND xã Tân Hưng", "Tân Hưng") == office
