"""Settings: admins only; office header, counter number, days off, users, catalogue."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from counter.services import catalogue, office, users
from counter.services.catalogue import RequiredDocument
from tests.ui.helpers import accepted, settle, stored, submit_sign_in, type_text
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
    assert stored(qtbot, screen.save(), screen.banner), screen.banner.text()
    with ctx.db.session() as session:
        saved = office.get_settings(session)
    assert saved.phone == "0252 3999 999" and saved.paper["slip"] == "a5"
    assert ctx.counter_no == 3

    screen.edits["hours"].setText("sai giờ")
    assert not stored(qtbot, screen.save(), screen.banner)
    assert screen.banner.kind == "error" and "Giờ làm việc" in screen.banner.text()

    screen.day_edit.setDate(QDate(2026, 3, 6))
    screen.day_note.setText("Nghỉ theo quyết định của UBND tỉnh")
    box = screen.add_override()  # asked first: it moves due dates
    assert box is not None and "06/03/2026" in box.text()
    assert stored(qtbot, box.defaultButton().click() or True, screen.banner)
    with ctx.db.session() as session:
        assert not office.calendar(session).is_working_day(date(2026, 3, 6))
    # The year's list: statutory days (not removable) and the office's own entries.
    shown = {screen.days.item(r, 0).text(): r for r in range(screen.days.rowCount())}
    assert screen.days.item(shown["17/02/2026"], 2).text() == "Nghỉ lễ, Tết (theo luật)"
    assert screen.days.item(shown["17/02/2026"], 1).text() == "Thứ Ba"
    assert screen.days.item(shown["22/08/2026"], 2).text() == "Làm bù (theo lịch của Chính phủ)"
    assert screen.days.item(shown["06/03/2026"], 2).text() == "Ngày nghỉ thêm của cơ quan"
    assert screen.days.item(shown["06/03/2026"], 3).text() == "Nghỉ theo quyết định của UBND tỉnh"
    screen.days.setCurrentCell(shown["17/02/2026"], 0)
    assert not stored(qtbot, screen.remove_override(), screen.banner)
    assert "Không nghỉ" in screen.banner.text()
    with ctx.db.session() as session:
        assert not office.calendar(session).is_working_day(date(2026, 2, 17))
    screen.days.setCurrentCell(shown["06/03/2026"], 0)
    assert stored(qtbot, screen.remove_override(), screen.banner)
    with ctx.db.session() as session:
        assert office.calendar(session).is_working_day(date(2026, 3, 6))
    screen.year.setValue(2027)  # another year: Tết 2027 falls in February too
    assert screen.days.item(0, 0).text().endswith("/2027")

    dialog = screen.add_user()
    type_text(dialog.username, "motcua2")
    type_text(dialog.full_name, "Đỗ Thị Hạnh")
    dialog.password.setText("matkhau123")
    dialog.password2.setText("matkhau123")
    assert accepted(qtbot, dialog)
    with ctx.db.session() as session:
        assert users.get_user(session, "motcua2").full_name == "Đỗ Thị Hạnh"
    assert "motcua2" in screen.banner.text()

    screen.procedures.setCurrentCell(0, 1)
    code = screen._procedures[0].code
    dialog = screen.edit_procedure()
    dialog.fee.setValue(25_000)
    assert accepted(qtbot, dialog), dialog.banner.text()
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


def _select(table, key: str) -> None:
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == key:
            table.setCurrentCell(row, 0)
            return
    raise AssertionError(f"{key} not listed")


def test_admin_manages_users(qtbot, admin_window) -> None:
    window = admin_window
    window.go(SETTINGS)
    screen = window.settings
    ctx = window.state.ctx

    # Bad input: a message in Vietnamese and nothing saved.
    dialog = screen.add_user()
    type_text(dialog.username, "người mới")
    type_text(dialog.full_name, "Người Mới")
    dialog.password.setText("matkhau123")
    dialog.password2.setText("matkhau123")
    assert not accepted(qtbot, dialog)
    assert "Tên đăng nhập chỉ gồm" in dialog.banner.text()
    dialog.username.setText("nguoimoi")
    dialog.password2.setText("khac")
    assert not accepted(qtbot, dialog) and "không giống nhau" in dialog.banner.text()
    dialog.password2.setText("matkhau123")
    dialog.full_name.clear()
    assert not accepted(qtbot, dialog) and "Họ và tên" in dialog.banner.text()
    with ctx.db.session() as session:
        assert users.get_user(session, "nguoimoi") is None
    dialog.reject()

    # Change a clerk's role and title.
    _select(screen.users, "motcua")
    dialog = screen.edit_user()
    assert dialog.username.isReadOnly()
    dialog.role.setCurrentIndex(dialog.role.findData("leader"))
    type_text(dialog.title_edit, "Phó Chủ tịch")
    assert accepted(qtbot, dialog)
    with ctx.db.session() as session:
        changed = users.get_user(session, "motcua")
    assert (changed.role, changed.title) == ("leader", "Phó Chủ tịch")

    # Reset a password: the old one no longer works.
    _select(screen.users, "motcua")
    dialog = screen.reset_password()
    dialog.password.setText("moi-123456")
    dialog.password2.setText("moi-123")
    assert not accepted(qtbot, dialog) and "không giống nhau" in dialog.banner.text()
    dialog.password2.setText("moi-123456")
    assert accepted(qtbot, dialog)
    assert users.sign_in(ctx.db, "motcua", "moi-123456", now=ctx.now()).username == "motcua"

    # Deactivate, then allow again.
    _select(screen.users, "motcua")
    assert screen.user_buttons["active"].text() == "&Ngừng cho đăng nhập"
    screen.user_buttons["active"].click()
    settle(qtbot)
    with ctx.db.session() as session:
        assert not users.get_user(session, "motcua").active
    assert screen.user_buttons["active"].text() == "&Cho đăng nhập lại"
    window.sign_out()
    window.signin.username.setText("motcua")
    window.signin.password.setText("moi-123456")
    submit_sign_in(qtbot, window.signin)
    assert not window.state.signed_in
    window.signin.username.setText("admin")
    window.signin.password.setText("admin123")
    submit_sign_in(qtbot, window.signin)
    window.go(SETTINGS)
    _select(screen.users, "motcua")
    screen.user_buttons["active"].click()
    settle(qtbot)
    with ctx.db.session() as session:
        assert users.get_user(session, "motcua").active

    # Each change was recorded for sync when it was made: role, password, off, on.
    from sqlalchemy import func, select

    from counter.db.models import EventRow

    with ctx.db.session() as session:
        stamped = session.scalar(
            select(func.count()).where(EventRow.dossier_id == "ref:user:motcua")
        )
    assert stamped == 4

    # The signed-in admin cannot switch themself off, nor stop being the last admin.
    _select(screen.users, "admin")
    assert not stored(qtbot, screen.toggle_active(), screen.banner)
    assert "đang đăng nhập" in screen.banner.text()
    dialog = screen.edit_user()
    assert not dialog.active.isEnabled()
    dialog.role.setCurrentIndex(dialog.role.findData("clerk"))
    assert not accepted(qtbot, dialog) and "ít nhất một quản trị viên" in dialog.banner.text()
    with window.state.ctx.db.session() as session:
        assert users.get_user(session, "admin").role == "admin"


def test_admin_edits_a_procedure_checklist_and_adds_a_procedure(qtbot, admin_window) -> None:
    window = admin_window
    window.go(SETTINGS)
    screen = window.settings
    ctx = window.state.ctx
    code = "1.001193"  # birth registration
    _select(screen.procedures, code)
    before = screen.selected_procedure()
    dialog = screen.edit_procedure()
    assert dialog.code.isReadOnly() and dialog.documents.rowCount() == len(before.documents)

    # Add a document, make it optional with two copies, move it to the top.
    row = dialog.add_document()
    QApplication.processEvents()
    dialog.documents.item(row, 0).setText("Giấy xác nhận cư trú")
    dialog.documents.item(row, 2).setData(Qt.ItemDataRole.EditRole, 2)
    dialog.documents.item(row, 3).setCheckState(Qt.CheckState.Unchecked)
    dialog.documents.setCurrentCell(row, 0)
    for _ in range(row):
        dialog.up_doc.click()
    assert dialog.documents.item(0, 0).text() == "Giấy xác nhận cư trú"
    # Remove the last one.
    dialog.documents.setCurrentCell(dialog.documents.rowCount() - 1, 0)
    dialog.remove_doc.click()
    assert accepted(qtbot, dialog), dialog.banner.text()
    with ctx.db.session() as session:
        after = catalogue.get_procedure(session, code)
    assert after.documents[0] == RequiredDocument("Giấy xác nhận cư trú", 1, 2, False)
    assert after.documents[1:] == before.documents[:-1]
    # The intake screen shows the new checklist.
    qtbot.waitUntil(
        lambda: (
            next(p for p in window.intake.procedures if p.code == code).documents == after.documents
        )
    )

    # Bad input in the checklist: nothing saved.
    dialog = screen.edit_procedure()
    dialog.documents.item(0, 0).setText("   ")
    dialog.fee.setValue(99_000)
    assert not accepted(qtbot, dialog)
    assert "Tên giấy tờ không được để trống" in dialog.banner.text()
    dialog.reject()
    with ctx.db.session() as session:
        again = catalogue.get_procedure(session, code)
    assert again.documents == after.documents and again.fee == after.fee

    # A new procedure: a code already used is refused; a checklist is required.
    dialog = screen.add_procedure()
    type_text(dialog.code, code)
    type_text(dialog.name, "Thủ tục thử")
    dialog.field.setCurrentText("Hộ tịch")
    dialog.amount.setValue(3)
    assert not accepted(qtbot, dialog) and "đã có trong danh mục" in dialog.banner.text()
    dialog.code.setText("9.999999")
    assert not accepted(qtbot, dialog) and "ít nhất một giấy tờ" in dialog.banner.text()
    row = dialog.add_document()
    dialog.documents.item(row, 0).setText("Tờ khai theo mẫu")
    assert accepted(qtbot, dialog), dialog.banner.text()
    with ctx.db.session() as session:
        new = catalogue.get_procedure(session, "9.999999")
    assert new.name == "Thủ tục thử" and new.field == "Hộ tịch" and new.time_amount == 3
    assert [d.name for d in new.documents] == ["Tờ khai theo mẫu"]
    _select(screen.procedures, "9.999999")


def test_the_demo_accounts_are_shown_only_while_the_office_is_the_demo(qtbot, admin_window) -> None:
    window = admin_window
    window.sign_out()
    # A real office's sign-in does not advertise the demo passwords.
    assert window.signin.isVisible() and window.signin.hint.isHidden()
    window.signin.username.setText("admin")
    window.signin.password.setText("admin123")
    submit_sign_in(qtbot, window.signin)
    window.go(SETTINGS)
    window.settings.edits["identifier"].setText(office.DEMO_IDENTIFIER)
    assert stored(qtbot, window.settings.save(), window.settings.banner), (
        window.settings.banner.text()
    )
    window.sign_out()
    assert window.signin.hint.isVisible() and "admin / admin123" in window.signin.hint.text()


def test_admin_sets_the_working_weekdays(qtbot, admin_window) -> None:
    window = admin_window
    window.go(SETTINGS)
    screen = window.settings
    ctx = window.state.ctx
    boxes = screen.workdays
    assert [box.text() for box in boxes][:2] == ["Thứ Hai", "Thứ Ba"]
    assert [box.isChecked() for box in boxes] == [True] * 5 + [False] * 2
    saturday = date(2026, 3, 14)
    boxes[5].setChecked(True)  # the office opens on Saturdays
    assert stored(qtbot, screen.save(), screen.banner), screen.banner.text()
    with ctx.db.session() as session:
        assert office.calendar(session).is_working_day(saturday)
        assert office.get_settings(session).workdays == "0,1,2,3,4,5"
    for box in boxes:
        box.setChecked(False)
    assert not stored(qtbot, screen.save(), screen.banner)
    assert "ít nhất một ngày làm việc" in screen.banner.text()
    with ctx.db.session() as session:  # nothing half-saved
        assert office.get_settings(session).workdays == "0,1,2,3,4,5"
    screen.refresh()
    assert boxes[5].isChecked() and boxes[0].isChecked()


def test_settings_are_saved_all_or_nothing_and_an_enrolled_counter_keeps_its_number(
    qtbot,
    admin_window,
) -> None:
    from counter.db.models import Setting

    window = admin_window
    window.go(SETTINGS)
    screen = window.settings
    ctx = window.state.ctx
    with ctx.db.unit_of_work() as session:
        session.add(Setting(key="sync.token", value="token-of-this-counter"))
    screen.edits["phone"].setText("0252 3111 222")
    screen.counter_no.setValue(5)  # the server gave this counter its number
    assert not stored(qtbot, screen.save(), screen.banner)
    assert "máy chủ cấp" in screen.banner.text()
    with ctx.db.session() as session:  # the phone was not saved without the number either
        assert office.get_settings(session).phone != "0252 3111 222"
    assert ctx.counter_no == 1
    screen.counter_no.setValue(1)
    assert stored(qtbot, screen.save(), screen.banner), screen.banner.text()
    with ctx.db.session() as session:
        assert office.get_settings(session).phone == "0252 3111 222"


def test_each_form_offers_only_the_papers_it_can_be_printed_on(admin_window) -> None:
    """Mẫu 01 on an 80 mm roll cannot be printed: the window does not offer it."""
    window = admin_window
    window.go(SETTINGS)
    screen = window.settings

    def offered(form: str) -> list[str]:
        combo = screen.papers[form]
        return [combo.itemText(i) for i in range(combo.count())]

    assert offered("01") == offered("06") == ["A4", "A5"]
    assert offered("07") == ["A4"]
    assert offered("slip") == ["Giấy cuộn 80 mm", "A6", "A5"]
    assert screen.papers["01"].findData("80mm") == -1
    assert screen.papers["slip"].currentData() == "80mm"  # the office's setting (the default)
