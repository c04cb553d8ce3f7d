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


def test_a_paper_its_form_cannot_take_is_refused_and_printing_still_works(ctx: Context) -> None:
    """The defect: Settings took 80 mm roll paper for Mẫu 01, after which every print of Mẫu 01
    was refused. The service refuses it (any caller is guarded), and Mẫu 01 still prints."""
    from counter.printing import render
    from tests.services.helpers import receive

    code = receive(ctx).dossier.code
    with ctx.db.session() as session:
        settings = office.get_settings(session)
    roll = replace(settings, paper={**settings.paper, "01": "80mm"})
    with (
        pytest.raises(ValidationError, match=re.escape("Khổ giấy «80mm» không dùng cho Mẫu 01")),
        ctx.db.unit_of_work() as session,
    ):
        office.save_settings(session, roll)
    with ctx.db.session() as session:
        assert office.get_settings(session).paper["01"] == "a4"
    assert render(ctx, code, "01").startswith(b"%PDF")


def test_each_form_takes_exactly_its_own_papers(ctx: Context) -> None:
    from counter.domain.forms import FORMS, PAPERS

    with ctx.db.session() as session:
        settings = office.get_settings(session)
    assert settings.paper == {code: form.default_paper for code, form in FORMS.items()}
    for code, form in FORMS.items():
        for paper in PAPERS:
            chosen = replace(settings, paper={**settings.paper, code: paper})
            if paper in form.papers:
                with ctx.db.unit_of_work() as session:
                    assert office.save_settings(session, chosen).paper[code] == paper
            else:
                with pytest.raises(ValidationError), ctx.db.unit_of_work() as session:
                    office.save_settings(session, chosen)
    with pytest.raises(ValidationError, match="Không có mẫu in «08»"), ctx.db.unit_of_work() as s:
        office.save_settings(s, replace(settings, paper={"08": "a4"}))


def test_a_stored_paper_its_form_cannot_take_falls_back_to_the_default(ctx: Context) -> None:
    """A setting stored before the check (or synced from a counter without it) does not stop
    the form from printing: the form's default paper is used instead."""
    import json

    from sqlalchemy import select

    from counter.db.models import Office
    from counter.printing import render
    from tests.services.helpers import receive

    code = receive(ctx).dossier.code
    with ctx.db.unit_of_work() as session:
        row = session.scalar(select(Office))
        assert row is not None
        row.paper = json.dumps({"01": "80mm", "02": "a5", "slip": "a4"})
    with ctx.db.session() as session:
        paper = office.get_settings(session).paper
    assert (paper["01"], paper["02"], paper["slip"]) == ("a4", "a5", "80mm")
    assert render(ctx, code, "01").startswith(b"%PDF")


def test_every_office_setting_travels_as_reference_data() -> None:
    from dataclasses import fields

    from counter.services import reference_log

    assert tuple(f.name for f in fields(office.OfficeSettings)) == reference_log.OFFICE_FIELDS


def test_saved_settings_read_back_with_free_text_cleaned_and_the_header_in_capitals(
    ctx: Context,
) -> None:
    with ctx.db.session() as session:
        settings = office.get_settings(session)
    typed = replace(
        settings,
        governing_body=" ubnd  xã\tTân Hưng ",
        unit_name="bộ phận một cửa",
        place_name="Tân  Hưng ",
        address=" Ấp 3,\n xã Tân Hưng",
        phone=" 0272 3 ",
        email="motcua@tanhung.gov.vn",
        province=" Tây Ninh",
        hours="07:00-11:30, 13:30-17:00",
        workdays="0,1,2,3,4,5",
        cutoff="16:00",
        paper={**settings.paper, "slip": "a5"},
        bank_bin="970415",
        bank_account="1234567",
        bank_account_name=" UBND   XA TAN HUNG ",
        status_url=" https://tanhung.gov.vn/tra-cuu ",
        sequence_slice=500,
    )
    with ctx.db.unit_of_work() as session:
        saved = office.save_settings(session, typed)
    with ctx.db.session() as session:
        assert office.get_settings(session) == saved
    assert saved == replace(
        typed,
        governing_body="UBND XÃ TÂN HƯNG",
        unit_name="BỘ PHẬN MỘT CỬA",
        place_name="Tân Hưng",
        address="Ấp 3, xã Tân Hưng",
        phone="0272 3",
        province="Tây Ninh",
        hours="07:00-11:30,13:30-17:00",
        bank_account_name="UBND XA TAN HUNG",
        status_url="https://tanhung.gov.vn/tra-cuu",
    )
