"""Settings: admins only; office header, counter number, days off, users, catalogue."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from counter.services import catalogue, office, users
from ui.main_window import HOME, SETTINGS

pytestmark = pytest.mark.gui


def test_only_admins_reach_settings(window) -> None:
    window.go(SETTINGS)
    assert window.pages.currentIndex() == HOME
    assert "quản trị" in window.statusBar().currentMessage()


def test_admin_edits_office_counter_days_users_and_catalogue(qtbot, admin_window) -> None:
    window = admin_window
    window.go(SETTINGS)
    screen = window.settings
    assert window.pages.currentWidget() is screen
    ctx = window.state.ctx
    screen.edits["phone"].setText("0252 3999 999")
    screen.counter_no.setValue(3)
    screen.papers["slip"].setCurrentIndex(screen.papers["slip"].findData("a5"))
    assert screen.save(), screen.banner.text()
    with ctx.db.session() as session:
        saved = office.get_settings(session)
    assert saved.phone == "0252 3999 999" and saved.paper["slip"] == "a5"
    assert ctx.counter_no == 3

    screen.edits["hours"].setText("sai giờ")
    assert not screen.save()
    assert screen.banner.kind == "error" and "Giờ làm việc" in screen.banner.text()

    screen.day_edit.setDate(QDate(2026, 3, 6))
    screen.day_note.setText("Nghỉ theo quyết định của UBND tỉnh")
    assert screen.add_override()
    with ctx.db.session() as session:
        assert not office.calendar(session).is_working_day(date(2026, 3, 6))
    screen.days.setCurrentCell(0, 0)
    assert screen.remove_override()

    screen.new_username.setText("motcua2")
    screen.new_full_name.setText("Đỗ Thị Hạnh")
    screen.new_password.setText("matkhau123")
    assert screen.add_user()
    with ctx.db.session() as session:
        assert users.get_user(session, "motcua2").full_name == "Đỗ Thị Hạnh"

    screen.procedures.setCurrentCell(0, 1)
    code = screen._procedures[0].code
    screen.proc_fee.setValue(25_000)
    assert screen.save_procedure()
    with ctx.db.session() as session:
        assert catalogue.get_procedure(session, code).fee == 25_000
    # The intake screen picks up the new fee.
    assert next(p for p in window.intake.procedures if p.code == code).fee == 25_000
    # Each edit was recorded for sync at the moment it was made (last writer wins by edit time).
    from sqlalchemy import select

    from counter.db.models import EventRow

    with ctx.db.session() as session:
        rows = session.scalars(
            select(EventRow).where(EventRow.type.startswith("ref.")).order_by(EventRow.seq)
        ).all()
    assert [(r.dossier_id, "deleted" in r.payload) for r in rows] == [
        ("ref:office", False),
        ("ref:day:2026-03-06", False),
        ("ref:day:2026-03-06", True),
        ("ref:user:motcua2", False),
        (f"ref:procedure:{code}", False),
    ]
