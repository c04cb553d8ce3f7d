"""Tests of the working calendar: days off, office hours and due dates worked out by hand."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.domain.calendar import (
    DayOverride,
    DueDate,
    OfficeHours,
    OverrideKind,
    SkippedSpan,
    TimeUnit,
    WorkCalendar,
    YearException,
)
from counter.errors import ValidationError

DAYS = TimeUnit.WORKING_DAYS
HOURS = TimeUnit.WORKING_HOURS
SAME_DAY = TimeUnit.SAME_DAY

CAL = WorkCalendar()  # default hours 07:00–11:30, 13:30–17:00, Mon–Fri, cut-off 15:00


def dt(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm)


# --- ordinary weeks (March 2026: Mon 9/3 … Fri 13/3, Sat 14/3, Sun 15/3, Mon 16/3) ----------


def test_ordinary_week() -> None:
    # Mon 9/3/2026 09:00 + 3 working days: Tue 10 (1), Wed 11 (2), Thu 12 (3) → Thu 12/3 09:00.
    due = CAL.due(dt(2026, 3, 9, 9), 3, DAYS)
    assert due.due_at == dt(2026, 3, 12, 9)
    assert due.skipped == ()
    assert due.explanation() == ""
    assert CAL.due_at(dt(2026, 3, 9, 9), 3, DAYS) == dt(2026, 3, 12, 9)


def test_friday_afternoon_plus_one_day_is_monday() -> None:
    # Fri 13/3/2026 14:00 + 1: Sat 14 and Sun 15 are off → Mon 16/3 at the same time.
    due = CAL.due(dt(2026, 3, 13, 14), 1, DAYS)
    assert due.due_at == dt(2026, 3, 16, 14)
    assert due.skipped == (SkippedSpan(date(2026, 3, 14), date(2026, 3, 15), "nghỉ cuối tuần"),)
    # A plain weekend is not worth a word on the slip.
    assert due.explanation() == ""


def test_working_days_have_no_cutoff() -> None:
    # 16:00 is after the 15:00 cut-off, but the spec applies the cut-off to same-day only:
    # Fri 13/3 16:00 + 1 → Mon 16/3 16:00.
    assert CAL.due_at(dt(2026, 3, 13, 16), 1, DAYS) == dt(2026, 3, 16, 16)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Tue 10/3/2026 + 2 working days → Thu 12/3; only the time changes.
        (time(6, 30), time(7, 0)),  # before opening → opening
        (time(7, 0), time(7, 0)),
        (time(11, 30), time(11, 30)),  # the close itself is still "in hours"
        (time(12, 0), time(13, 30)),  # lunch break → afternoon opening
        (time(16, 59), time(16, 59)),
        (time(17, 0), time(17, 0)),
        (time(18, 0), time(17, 0)),  # after closing → closing
    ],
)
def test_clamping_of_receipt_time(received: time, expected: time) -> None:
    due = CAL.due_at(datetime.combine(date(2026, 3, 10), received), 2, DAYS)
    assert due == datetime.combine(date(2026, 3, 12), expected)


def test_zero_working_days_is_same_day_clamped() -> None:
    # N = 0: same day at the clamped time (12:00 → 13:30; 18:00 → 17:00).
    assert CAL.due_at(dt(2026, 3, 10, 12), 0, DAYS) == dt(2026, 3, 10, 13, 30)
    assert CAL.due_at(dt(2026, 3, 10, 18), 0, DAYS) == dt(2026, 3, 10, 17)
    # Received on Sat 14/3: a deadline on a day off moves to the next working day (art. 148).
    assert CAL.due_at(dt(2026, 3, 14, 9), 0, DAYS) == dt(2026, 3, 16, 9)


def test_received_on_a_weekend() -> None:
    # Sat 14/3 09:00 + 1: the first working day after Saturday is Mon 16/3.
    assert CAL.due_at(dt(2026, 3, 14, 9), 1, DAYS) == dt(2026, 3, 16, 9)


# --- statutory days off 2026 ------------------------------------------------------------------


def test_tet_2026() -> None:
    # Package: Tết 16/2 (Mon) – 20/2 (Fri); with weekends 14–15 and 21–22 the break is
    # Sat 14/2 – Sun 22/2. Fri 13/2 10:00 + 1 → Mon 23/2 10:00.
    due = CAL.due(dt(2026, 2, 13, 10), 1, DAYS)
    assert due.due_at == dt(2026, 2, 23, 10)
    assert due.skipped == (SkippedSpan(date(2026, 2, 14), date(2026, 2, 22), "nghỉ Tết"),)
    assert due.explanation() == "bỏ qua 14/02–22/02: nghỉ Tết"
    assert "14/02–22/02" in due.explanation() and "Tết" in due.explanation()
    # Thu 12/2 + 2: Fri 13/2 (1), Mon 23/2 (2).
    assert CAL.due_at(dt(2026, 2, 12, 8), 2, DAYS) == dt(2026, 2, 23, 8)
    for day in range(16, 21):
        assert CAL.day_off_reason(date(2026, 2, day)) == "nghỉ Tết"
    assert CAL.day_off_reason(date(2026, 2, 14)) == "Thứ Bảy"
    assert CAL.day_off_reason(date(2026, 2, 22)) == "Chủ nhật"
    assert CAL.is_working_day(date(2026, 2, 13))
    assert CAL.is_working_day(date(2026, 2, 23))
    # (13/2, 23/2] holds only 23/2.
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_gio_to_2026_compensatory_monday() -> None:
    # Giỗ Tổ falls on Sun 26/4/2026 → Mon 27/4 off in compensation.
    assert not CAL.is_working_day(date(2026, 4, 27))
    assert CAL.day_off_reason(date(2026, 4, 26)) == "Giỗ Tổ Hùng Vương"
    assert CAL.day_off_reason(date(2026, 4, 27)) == "Giỗ Tổ Hùng Vương (nghỉ bù)"
    # Fri 24/4 09:00 + 1: Sat 25, Sun 26, Mon 27 off → Tue 28/4 09:00.
    due = CAL.due(dt(2026, 4, 24, 9), 1, DAYS)
    assert due.due_at == dt(2026, 4, 28, 9)
    assert due.explanation() == "bỏ qua 25/04–27/04: Giỗ Tổ Hùng Vương"


def test_30_april_and_1_may_2026() -> None:
    # Thu 30/4 and Fri 1/5 off, then Sat 2 and Sun 3: Wed 29/4 08:00 + 1 → Mon 4/5 08:00.
    due = CAL.due(dt(2026, 4, 29, 8), 1, DAYS)
    assert due.due_at == dt(2026, 5, 4, 8)
    assert due.skipped == (
        SkippedSpan(date(2026, 4, 30), date(2026, 5, 3), "Ngày Chiến thắng, Ngày Quốc tế Lao động"),
    )
    # Fri 24/4 + 3: Tue 28 (1), Wed 29 (2), Mon 4/5 (3); two notable spans, joined by "; ".
    due = CAL.due(dt(2026, 4, 24, 9), 3, DAYS)
    assert due.due_at == dt(2026, 5, 4, 9)
    assert due.explanation() == (
        "bỏ qua 25/04–27/04: Giỗ Tổ Hùng Vương; "
        "30/04–03/05: Ngày Chiến thắng, Ngày Quốc tế Lao động"
    )


def test_quoc_khanh_2026_and_makeup_saturday() -> None:
    # Mon 31/8 is swapped for Sat 22/8, then 1/9 and 2/9 are Quốc khánh.
    assert CAL.is_working_day(date(2026, 8, 22))
    assert CAL.day_off_reason(date(2026, 8, 22)) is None
    for day in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
        assert not CAL.is_working_day(day)
    assert "22/08" in (CAL.day_off_reason(date(2026, 8, 31)) or "")
    assert CAL.day_off_reason(date(2026, 9, 2)) == "Quốc khánh"
    # Fri 21/8 10:00 + 1 → Sat 22/8 10:00 (the make-up Saturday).
    assert CAL.due_at(dt(2026, 8, 21, 10), 1, DAYS) == dt(2026, 8, 22, 10)
    # Fri 28/8 10:00 + 1: Sat 29 – Wed 2/9 off → Thu 3/9 10:00; the swapped Monday and the
    # weekend are part of the Quốc khánh break.
    due = CAL.due(dt(2026, 8, 28, 10), 1, DAYS)
    assert due.due_at == dt(2026, 9, 3, 10)
    assert due.explanation() == "bỏ qua 29/08–02/09: Quốc khánh"
    # (Mon 17/8, Sun 23/8] holds Tue–Sat: 18, 19, 20, 21, 22 = 5.
    assert CAL.working_days_between(date(2026, 8, 17), date(2026, 8, 23)) == 5
    # Without statutory days the Saturday is an ordinary rest day again.
    assert not WorkCalendar(statutory=False).is_working_day(date(2026, 8, 22))


def test_other_statutory_reasons_are_vietnamese_nfc() -> None:
    assert CAL.day_off_reason(date(2026, 1, 1)) == "Tết Dương lịch"
    assert CAL.day_off_reason(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    day = date(2026, 1, 1)
    while day.year == 2026:
        reason = CAL.day_off_reason(day)
        if reason is not None:
            assert unicodedata.is_normalized("NFC", reason)
        day += timedelta(days=1)


def test_statutory_false_ignores_holidays() -> None:
    plain = WorkCalendar(statutory=False)
    assert plain.is_working_day(date(2026, 2, 17))
    assert plain.due_at(dt(2026, 2, 13, 10), 1, DAYS) == dt(2026, 2, 16, 10)


# --- office overrides -------------------------------------------------------------------------


def test_office_makeup_workday_saturday() -> None:
    cal = WorkCalendar(overrides=[DayOverride(date(2026, 3, 14), OverrideKind.MAKEUP_WORKDAY)])
    assert cal.is_working_day(date(2026, 3, 14))
    assert cal.day_off_reason(date(2026, 3, 14)) is None
    # Fri 13/3 10:00 + 1 → Sat 14/3 10:00; + 2 → Mon 16/3 (Sunday still off).
    assert cal.due_at(dt(2026, 3, 13, 10), 1, DAYS) == dt(2026, 3, 14, 10)
    assert cal.due_at(dt(2026, 3, 13, 10), 2, DAYS) == dt(2026, 3, 16, 10)
    assert cal.is_open_at(dt(2026, 3, 14, 9))


def test_office_day_off() -> None:
    cal = WorkCalendar(
        overrides=[
            DayOverride(date(2026, 3, 10), OverrideKind.DAY_OFF),
            DayOverride(date(2026, 3, 13), OverrideKind.DAY_OFF, "nghỉ diễn tập phòng cháy"),
        ]
    )
    assert cal.day_off_reason(date(2026, 3, 10)) == "ngày nghỉ theo quyết định của cơ quan"
    # Mon 9/3 10:00 + 1: Tue 10 off → Wed 11/3 10:00; a single day shows without a range.
    due = cal.due(dt(2026, 3, 9, 10), 1, DAYS)
    assert due.due_at == dt(2026, 3, 11, 10)
    assert due.explanation() == "bỏ qua 10/03: ngày nghỉ theo quyết định của cơ quan"
    # Thu 12/3 + 1: Fri 13 off (note), Sat, Sun → Mon 16/3; the weekend merges into the span.
    due = cal.due(dt(2026, 3, 12, 10), 1, DAYS)
    assert due.due_at == dt(2026, 3, 16, 10)
    assert due.explanation() == "bỏ qua 13/03–15/03: nghỉ diễn tập phòng cháy"


def test_not_day_off_removes_24_november_2026() -> None:
    # Package: Tue 24/11/2026 "Ngày Văn hóa Việt Nam". Mon 23/11 + 1 → Wed 25/11 by default.
    assert not CAL.is_working_day(date(2026, 11, 24))
    assert CAL.due(dt(2026, 11, 23, 10), 1, DAYS).explanation() == (
        "bỏ qua 24/11: Ngày Văn hóa Việt Nam"
    )
    assert CAL.due_at(dt(2026, 11, 23, 10), 1, DAYS) == dt(2026, 11, 25, 10)
    cal = WorkCalendar(overrides=[DayOverride(date(2026, 11, 24), OverrideKind.NOT_DAY_OFF)])
    assert cal.is_working_day(date(2026, 11, 24))
    assert cal.due_at(dt(2026, 11, 23, 10), 1, DAYS) == dt(2026, 11, 24, 10)


def test_overrides_take_precedence() -> None:
    # DAY_OFF beats a working weekday; MAKEUP_WORKDAY beats a statutory holiday (17/2/2026).
    cal = WorkCalendar(overrides=[DayOverride(date(2026, 2, 17), OverrideKind.MAKEUP_WORKDAY)])
    assert cal.is_working_day(date(2026, 2, 17))
    # NOT_DAY_OFF on a Saturday leaves it a weekly rest day.
    cal = WorkCalendar(overrides=[DayOverride(date(2026, 3, 14), OverrideKind.NOT_DAY_OFF)])
    assert cal.day_off_reason(date(2026, 3, 14)) == "Thứ Bảy"


# --- working hours ----------------------------------------------------------------------------


def test_working_hours_across_lunch() -> None:
    # Tue 10/3 10:00 + 3 h: 1 h 30 to 11:30, 1 h 30 from 13:30 → 15:00.
    assert CAL.due_at(dt(2026, 3, 10, 10), 3, HOURS) == dt(2026, 3, 10, 15)
    # Received in the break (12:00) + 1 h: count from 13:30 → 14:30.
    assert CAL.due_at(dt(2026, 3, 10, 12), 1, HOURS) == dt(2026, 3, 10, 14, 30)
    # 06:30 + 1 h: count from 07:00 → 08:00.
    assert CAL.due_at(dt(2026, 3, 10, 6, 30), 1, HOURS) == dt(2026, 3, 10, 8)
    # 0 h outside hours: the next opening.
    assert CAL.due_at(dt(2026, 3, 10, 12), 0, HOURS) == dt(2026, 3, 10, 13, 30)


def test_working_hours_ending_exactly_at_a_close() -> None:
    # 09:30 + 2 h ends at 11:30, the morning close: due at 11:30, not at 13:30.
    assert CAL.due_at(dt(2026, 3, 10, 9, 30), 2, HOURS) == dt(2026, 3, 10, 11, 30)
    # 16:00 + 1 h ends at 17:00: due at 17:00 today, not at 07:00 tomorrow.
    assert CAL.due_at(dt(2026, 3, 10, 16), 1, HOURS) == dt(2026, 3, 10, 17)
    # A full day is 4 h 30 + 3 h 30 = 8 h: 07:00 + 8 h → 17:00 the same day.
    assert CAL.due_at(dt(2026, 3, 10, 7), 8, HOURS) == dt(2026, 3, 10, 17)


def test_working_hours_over_days() -> None:
    # Tue 10/3 10:00 + 8 h: 1 h 30 + 3 h 30 = 5 h on Tue, 3 h left → Wed 11/3 10:00.
    assert CAL.due_at(dt(2026, 3, 10, 10), 8, HOURS) == dt(2026, 3, 11, 10)
    # Received at 17:00 (closed) + 1 h → Wed 08:00.
    assert CAL.due_at(dt(2026, 3, 10, 17), 1, HOURS) == dt(2026, 3, 11, 8)


def test_working_hours_across_a_weekend() -> None:
    # Fri 13/3 16:00 + 2 h: 1 h to 17:00, then Mon 16/3 07:00 + 1 h → 08:00.
    due = CAL.due(dt(2026, 3, 13, 16), 2, HOURS)
    assert due.due_at == dt(2026, 3, 16, 8)
    assert due.explanation() == ""
    # Received Sat 14/3 09:00 + 1 h: count from Mon 07:00 → 08:00.
    assert CAL.due_at(dt(2026, 3, 14, 9), 1, HOURS) == dt(2026, 3, 16, 8)


def test_working_hours_across_tet() -> None:
    # Fri 13/2/2026 16:00 + 4 h: 1 h Fri, then Mon 23/2 07:00 + 3 h → 10:00.
    due = CAL.due(dt(2026, 2, 13, 16), 4, HOURS)
    assert due.due_at == dt(2026, 2, 23, 10)
    assert due.explanation() == "bỏ qua 14/02–22/02: nghỉ Tết"


# --- same day ---------------------------------------------------------------------------------


def test_same_day_before_and_after_cutoff() -> None:
    # Tue 10/3 14:59 < 15:00 → Tue 17:00; at 15:00 exactly (not strictly before) → Wed 17:00.
    assert CAL.due_at(dt(2026, 3, 10, 14, 59), 0, SAME_DAY) == dt(2026, 3, 10, 17)
    assert CAL.due_at(dt(2026, 3, 10, 15), 0, SAME_DAY) == dt(2026, 3, 11, 17)
    # Early morning counts as the same day.
    assert CAL.due_at(dt(2026, 3, 10, 6), 0, SAME_DAY) == dt(2026, 3, 10, 17)
    # Fri 13/3 15:30 → Mon 16/3 17:00.
    assert CAL.due_at(dt(2026, 3, 13, 15, 30), 0, SAME_DAY) == dt(2026, 3, 16, 17)
    # The amount is ignored, even a negative one.
    assert CAL.due_at(dt(2026, 3, 10, 9), -5, SAME_DAY) == dt(2026, 3, 10, 17)


def test_same_day_on_a_saturday() -> None:
    # Sat 14/3 09:00 is not a working day → closing of Mon 16/3.
    assert CAL.due_at(dt(2026, 3, 14, 9), 0, SAME_DAY) == dt(2026, 3, 16, 17)


def test_same_day_with_custom_cutoff() -> None:
    hours = OfficeHours(cutoff=time(16, 0))
    assert WorkCalendar(hours).due_at(dt(2026, 3, 10, 15, 30), 0, SAME_DAY) == dt(2026, 3, 10, 17)


# --- Tết 2027 ---------------------------------------------------------------------------------


def test_tet_2027_spot_check() -> None:
    # Package: 4/2 (Thu) – 10/2 (Wed) 2027. Wed 3/2 10:00 + 1 → Thu 11/2 10:00.
    assert CAL.is_working_day(date(2027, 2, 3))
    assert all(not CAL.is_working_day(date(2027, 2, d)) for d in range(4, 11))
    assert CAL.day_off_reason(date(2027, 2, 6)) == "nghỉ Tết"  # Sat, but a Tết day first
    assert CAL.is_working_day(date(2027, 2, 11))
    due = CAL.due(dt(2027, 2, 3, 10), 1, DAYS)
    assert due.due_at == dt(2027, 2, 11, 10)
    assert due.explanation() == "bỏ qua 04/02–10/02: nghỉ Tết"


# --- days and hours helpers -------------------------------------------------------------------


def test_day_helpers() -> None:
    assert CAL.day_off_reason(date(2026, 3, 10)) is None
    assert CAL.day_off_reason(date(2026, 3, 14)) == "Thứ Bảy"
    assert CAL.day_off_reason(date(2026, 3, 15)) == "Chủ nhật"
    assert CAL.next_working_day(date(2026, 3, 13)) == date(2026, 3, 16)
    assert CAL.next_working_day(date(2026, 3, 10)) == date(2026, 3, 11)
    assert CAL.add_working_days(date(2026, 3, 14), 0) == date(2026, 3, 14)
    assert CAL.add_working_days(date(2026, 3, 13), 5) == date(2026, 3, 20)
    # (Fri 13/3, Fri 20/3] = Mon–Fri = 5; reversed is negative; empty interval is 0.
    assert CAL.working_days_between(date(2026, 3, 13), date(2026, 3, 20)) == 5
    assert CAL.working_days_between(date(2026, 3, 20), date(2026, 3, 13)) == -5
    assert CAL.working_days_between(date(2026, 3, 13), date(2026, 3, 13)) == 0
    with pytest.raises(ValidationError):
        CAL.add_working_days(date(2026, 3, 13), -1)


def test_is_open_at() -> None:
    assert CAL.is_open_at(dt(2026, 3, 10, 7))
    assert CAL.is_open_at(dt(2026, 3, 10, 11, 29))
    assert not CAL.is_open_at(dt(2026, 3, 10, 11, 30))  # periods are [open, close)
    assert not CAL.is_open_at(dt(2026, 3, 10, 12))
    assert CAL.is_open_at(dt(2026, 3, 10, 13, 30))
    assert not CAL.is_open_at(dt(2026, 3, 10, 17))
    assert not CAL.is_open_at(dt(2026, 3, 14, 9))  # Saturday
    assert not CAL.is_open_at(dt(2026, 2, 17, 9))  # Tết
    assert CAL.is_open_at(dt(2026, 8, 22, 9))  # make-up Saturday


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"periods": ()},
        {"periods": ((time(11, 0), time(7, 0)),)},  # open after close
        {"periods": ((time(7, 0), time(7, 0)),)},  # empty period
        {"periods": ((time(13, 0), time(17, 0)), (time(7, 0), time(11, 0)))},  # unsorted
        {"periods": ((time(7, 0), time(12, 0)), (time(11, 0), time(17, 0)))},  # overlapping
        {"workdays": frozenset()},
        {"workdays": frozenset({0, 7})},
    ],
)
def test_bad_office_hours(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as info:
        OfficeHours(**kwargs)  # type: ignore[arg-type]
    assert unicodedata.is_normalized("NFC", info.value.message)
    assert info.value.field in {"periods", "workdays"}


def test_office_hours_properties() -> None:
    hours = OfficeHours()
    assert hours.opening == time(7, 0)
    assert hours.closing == time(17, 0)
    # Touching periods do not overlap; lists from settings become tuples.
    touching = OfficeHours(periods=[(time(7, 0), time(12, 0)), (time(12, 0), time(16, 0))])  # type: ignore[arg-type]
    assert touching.periods == ((time(7, 0), time(12, 0)), (time(12, 0), time(16, 0)))
    # 11:00 + 2 h flows over the touching boundary → 13:00.
    assert WorkCalendar(touching).due_at(dt(2026, 3, 10, 11), 2, HOURS) == dt(2026, 3, 10, 13)


@pytest.mark.parametrize("unit", [DAYS, HOURS])
def test_negative_amount_is_rejected(unit: TimeUnit) -> None:
    with pytest.raises(ValidationError) as info:
        CAL.due(dt(2026, 3, 10, 9), -1, unit)
    assert info.value.field == "amount"


def test_unit_as_string() -> None:
    assert CAL.due_at(dt(2026, 3, 10, 9), 1, "working_days") == dt(2026, 3, 11, 9)
    with pytest.raises(ValidationError):
        CAL.due(dt(2026, 3, 10, 9), 1, "fortnights")


# --- properties -------------------------------------------------------------------------------

receipts = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31, 23, 59))
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
overrides = st.lists(st.builds(DayOverride, days, st.sampled_from(list(OverrideKind))), max_size=20)
PROPERTY = settings(max_examples=60, deadline=None)


def _clamped(cal: WorkCalendar, received: datetime) -> datetime:
    return datetime.combine(received.date(), cal.hours.clamp(received.time()))


@PROPERTY
@given(received=receipts, amount=st.integers(0, 30), unit=st.sampled_from(list(TimeUnit)))
def test_due_properties(received: datetime, amount: int, unit: TimeUnit) -> None:
    due: DueDate = CAL.due(received, amount, unit)
    assert due.due_at >= _clamped(CAL, received)
    assert CAL.is_working_day(due.due_at.date())
    t = due.due_at.time()
    assert any(opening <= t <= closing for opening, closing in CAL.hours.periods)
    # Skipped spans cover exactly the non-working days strictly between receipt and due.
    covered = {
        span.start + timedelta(days=i)
        for span in due.skipped
        for i in range((span.end - span.start).days + 1)
    }
    between = {
        received.date() + timedelta(days=i)
        for i in range(1, (due.due_at.date() - received.date()).days)
    }
    assert covered == {d for d in between if not CAL.is_working_day(d)}
    if unit == TimeUnit.WORKING_DAYS and amount > 0:
        assert CAL.working_days_between(received.date(), due.due_at.date()) == amount


@PROPERTY
@given(d=days, n=st.integers(0, 40), extra=overrides)
def test_add_working_days_counts_exactly(d: date, n: int, extra: list[DayOverride]) -> None:
    cal = WorkCalendar(overrides=extra)
    result = cal.add_working_days(d, n)
    assert cal.working_days_between(d, result) == n
    if n > 0:
        assert cal.is_working_day(result)
        assert cal.working_days_between(d, result - timedelta(days=1)) == n - 1


@PROPERTY
@given(received=receipts, amount=st.integers(0, 40))
def test_working_hours_are_monotonic(received: datetime, amount: int) -> None:
    assert CAL.due_at(received, amount + 1, HOURS) > CAL.due_at(received, amount, HOURS)


def test_the_year_view_lists_what_differs_from_the_ordinary_week() -> None:
    cal = WorkCalendar(
        overrides=[
            DayOverride(date(2026, 11, 24), OverrideKind.NOT_DAY_OFF, "Không phải ngày nghỉ"),
            DayOverride(date(2026, 3, 13), OverrideKind.DAY_OFF, "nghỉ diễn tập phòng cháy"),
        ]
    )
    seen = {e.day: e for e in cal.year_exceptions(2026)}
    # DOMAIN.md's 2026: Tết Sat 14/2 – Sun 22/2 (its weekdays listed), Giỗ Tổ Sun 26/4 with
    # Mon 27/4 off, 30/4 and 1/5, Quốc khánh Mon 31/8 – Wed 2/9 with Sat 22/8 worked.
    tet = [date(2026, 2, d) for d in range(16, 21)]
    assert all(seen[d].kind == "holiday" and seen[d].reason == "nghỉ Tết" for d in tet)
    assert date(2026, 2, 14) not in seen  # a Saturday: off anyway
    assert seen[date(2026, 4, 26)].kind == seen[date(2026, 4, 27)].kind == "holiday"
    assert {date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 1), date(2026, 9, 2)} <= set(seen)
    assert seen[date(2026, 8, 31)].kind == "swap"
    assert seen[date(2026, 8, 22)].kind == "worked" and not seen[date(2026, 8, 22)].overridden
    # The office's own entries, marked as such.
    assert seen[date(2026, 11, 24)] == YearException(
        date(2026, 11, 24), "worked", "Không phải ngày nghỉ", True
    )
    assert seen[date(2026, 3, 13)].kind == "office" and seen[date(2026, 3, 13)].overridden
    assert list(seen) == sorted(seen)
    assert all(d.year == 2026 for d in seen)
    # Nothing else: every other day is as the ordinary week has it.
    for day in (date(2026, 3, 12), date(2026, 3, 14), date(2026, 6, 1)):
        assert day not in seen


def test_a_make_up_saturday_says_which_day_it_pays_for() -> None:
    seen = {e.day: e for e in WorkCalendar().year_exceptions(2026)}
    assert seen[date(2026, 8, 22)].reason == "làm bù cho ngày nghỉ 31/08/2026"
