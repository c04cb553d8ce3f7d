"""Office settings and day overrides refuse what would change nothing or is not valid."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from counter.errors import ValidationError
from counter.services import office
from counter.services.context import Context


@pytest.mark.parametrize(
    ("day", "kind", "message"),
    [
        (date(2026, 2, 17), "day_off", "đã là ngày nghỉ (nghỉ Tết)"),  # Tết already
        (date(2026, 3, 7), "day_off", "đã là ngày nghỉ (Thứ Bảy)"),
        (date(2026, 3, 10), "makeup_workday", "đã là ngày làm việc"),  # a Tuesday
        (date(2026, 3, 10), "not_day_off", "«Không nghỉ» không đổi gì"),
    ],
)
def test_an_override_that_changes_nothing_is_refused(
    ctx: Context, day: date, kind: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)), ctx.db.unit_of_work() as session:
        office.set_override(session, day, kind, "")
    with ctx.db.session() as session:
        assert office.overrides(session) == []  # nothing stored


def test_overrides_that_change_the_calendar_are_taken(ctx: Context) -> None:
    with ctx.db.unit_of_work() as session:
        office.set_override(session, date(2026, 3, 6), "day_off", "Diễn tập")  # a Friday
        office.set_override(session, date(2026, 3, 14), "makeup_workday", "")  # a Saturday
        office.set_override(session, date(2026, 11, 24), "not_day_off", "")  # a holiday, Tue
    with ctx.db.session() as session:
        cal = office.calendar(session)
    assert not cal.is_working_day(date(2026, 3, 6))
    assert cal.is_working_day(date(2026, 3, 14)) and cal.is_working_day(date(2026, 11, 24))


def test_a_mistyped_email_is_refused(ctx: Context) -> None:
    with ctx.db.session() as session:
        settings = office.get_settings(session)
    with (
        pytest.raises(ValidationError, match="Thư điện tử không hợp lệ"),
        ctx.db.unit_of_work() as s,
    ):
        office.save_settings(s, replace(settings, email="notanemail"))
    with ctx.db.unit_of_work() as session:
        office.save_settings(session, replace(settings, email="motcua@tanhung.gov.vn"))
