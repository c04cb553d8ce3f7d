"""Scan a barcode anywhere, apologise for a late dossier, return a result, home figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from counter.domain.dossier import Status
from counter.services import catalogue, intake, queries, workflow
from counter.services.intake import ApplicantInput, IntakeRequest, ReceivedDocument
from tests.ui.helpers import gone, scan, settle, submit_sign_in, type_text
from ui.main_window import DOSSIER, DOSSIERS, HOME, INTAKE

pytestmark = pytest.mark.gui


def _receive(ctx, days: int = 3) -> str:
    with ctx.db.session() as session:
        procs = catalogue.list_procedures(session)
    proc = next(p for p in procs if p.time_unit == "working_days" and p.time_amount == days)
    result = intake.receive(
        ctx,
        IntakeRequest(
            proc.code,
            ApplicantInput("Võ Thị Sáu", id_number="079190007777"),
            documents=[ReceivedDocument(d.name) for d in proc.documents],
        ),
    )
    assert result.outcome == "accepted"
    return result.dossier.code


def test_scanning_a_barcode_anywhere_opens_the_dossier(qtbot, window) -> None:
    code = _receive(window.state.ctx)
    window.go(HOME)
    with qtbot.waitSignal(window.dossier_shown) as shown:
        scan(code)
    assert shown.args == [code]
    assert window.pages.currentIndex() == DOSSIER
    assert window.dossier.code_label.text() == code
    # From the search box too: the scanned characters do not stay in the field.
    window.go(DOSSIERS)
    window.dossiers.search.setText("abc ")
    window.dossiers.search.setFocus()
    with qtbot.waitSignal(window.dossier_shown):
        scan(code)
    assert window.dossiers.search.text() == "abc "
    # Slow typing followed by Enter is a person, not a scanner: no dossier opens.
    window.go(DOSSIERS)
    window.dossiers.search.setFocus()
    window.scanner._clock = iter(range(0, 10_000)).__next__  # one second between keys
    type_text(None, code)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.pages.currentIndex() == DOSSIERS


def test_scanning_an_unknown_code_says_so(window) -> None:
    window.go(HOME)
    window.home.focus_first()
    scan("000.21.36.H36-260101-0999")
    assert window.pages.currentIndex() == HOME
    assert "Không tìm thấy" in window.statusBar().currentMessage()


@pytest.mark.qt_log_ignore(
    "This plugin does not support grabbing the keyboard"
)  # the reasons offered
def test_apologising_for_a_late_dossier(qtbot, window, clock) -> None:
    ctx = window.state.ctx
    code = _receive(ctx)
    clock.set(clock.now() + timedelta(days=6))  # past the due date: late
    window.open_dossier(code)
    screen = window.dossier
    assert screen.view.late
    assert screen.action_buttons["apologise"].isEnabled()
    QTest.keyClick(screen, Qt.Key.Key_F7)
    dialog = screen.dialog
    assert dialog is not None and dialog.isVisible()
    new_due = date(2026, 3, 13)  # a Friday
    dialog.set_value("new_due", new_due)
    type_text(dialog.inputs["reason"], "Chờ xác minh của cơ quan khác")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: gone(dialog))
    view = queries.find_by_code(ctx, code)
    assert view.apology_count == 1 and view.due_at.date() == new_due
    assert "Đã ghi nhận: Xin lỗi, hẹn lại" in screen.banner.text()
    labels = [
        screen.timeline.topLevelItem(i).text(1) for i in range(screen.timeline.topLevelItemCount())
    ]
    assert any("xin lỗi" in label.lower() for label in labels)
    # The apology letter (Mẫu 04) is offered for printing; the clerk closes the preview.
    if window.preview is not None:
        window.preview.close()
    # Offscreen, closing the preview activates no window (a desktop gives its parent back).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # A second apology is refused by the service: the reason shows in the dialog, which stays.
    QTest.keyClick(screen, Qt.Key.Key_F7)
    again = screen.dialog
    again.set_value("reason", "Lần nữa")
    again.set_value("new_due", date(2026, 3, 20))
    again.submit()
    settle(qtbot)
    assert again.isVisible() and again.banner.kind == "error"
    assert not again.inputs["override"].isEnabled()  # only a leader may allow a second one
    again.reject()
    assert screen.action_buttons["resolve_conflict"].isHidden()  # no conflict on this one
    # A leader allows a second apology.
    window.sign_out()
    window.signin.username.setText("lanhdao")
    window.signin.password.setText("lanhdao123")
    submit_sign_in(qtbot, window.signin)
    window.open_dossier(code)
    leader = window.dossier.start("apologise")
    assert leader.inputs["override"].isEnabled()
    leader.set_value("reason", "Chờ ý kiến của cơ quan cấp tỉnh")
    leader.set_value("new_due", date(2026, 3, 20))
    leader.set_value("override", True)
    leader.submit()
    settle(qtbot)
    assert gone(leader), leader.banner.text()
    assert queries.find_by_code(ctx, code).apology_count == 2


def test_returning_a_result(qtbot, window) -> None:
    ctx = window.state.ctx
    code = _receive(ctx)
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Tư pháp")
    workflow.resolve(ctx, code, "Đã ký")
    window.open_dossier(code)
    screen = window.dossier
    assert screen.view.status is Status.RESOLVED
    assert not screen.action_buttons["apologise"].isEnabled()
    QTest.keyClick(screen, Qt.Key.Key_F8)
    dialog = screen.dialog
    assert dialog.inputs["collected_by"].text() == "Võ Thị Sáu"
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(dialog))
    assert queries.find_by_code(ctx, code).status is Status.RETURNED
    assert screen.status_label.text().startswith(Status.RETURNED.label)
    assert screen.fields["holder"].text() == "—"  # handed back: with nobody any more
    assert not screen.action_buttons["return_result"].isEnabled()


def test_action_not_allowed_in_this_state_is_explained(window) -> None:
    code = _receive(window.state.ctx)
    window.open_dossier(code)
    assert window.dossier.start("return_result") is None
    assert window.dossier.banner.kind == "error"


def test_home_figures_open_their_lists(qtbot, window, clock) -> None:
    ctx = window.state.ctx
    code = _receive(ctx)
    clock.set(clock.now() + timedelta(days=6))
    window.go(HOME)
    qtbot.waitUntil(lambda: not window.home.loading)
    tile = window.home.tiles["overdue_no_apology"]
    assert tile.value >= 1
    tile.setFocus()
    with qtbot.waitSignal(window.dossiers.model.loaded):
        QTest.keyClick(tile, Qt.Key.Key_Return)  # the keyboard way: focus the tile, Enter
    assert window.pages.currentIndex() == DOSSIERS
    model = window.dossiers.model
    codes = [model.view_at(r).code for r in range(model.rowCount())]
    assert code in codes
    assert all(model.view_at(r).late for r in range(model.rowCount()))


def test_lock_keeps_the_unfinished_intake(qtbot, window) -> None:
    window.go(INTAKE)
    window.intake.full_name.setText("Đang nhập dở")
    window.lock()
    assert window.root.currentWidget() is window.signin
    assert window.signin.username.text() == "motcua"
    assert "Trần Thị Thu Hà" in window.user_label.text()  # whose screen is locked
    window.signin.password.setText("motcua123")
    submit_sign_in(qtbot, window.signin)
    assert window.pages.currentIndex() == INTAKE
    assert window.intake.full_name.text() == "Đang nhập dở"


def test_another_user_at_the_lock_screen_does_not_take_over_the_work(qtbot, window) -> None:
    window.go(INTAKE)
    window.intake.full_name.setText("Đang nhập dở")
    window.lock()
    window.signin.username.setText("lanhdao")
    window.signin.password.setText("lanhdao123")
    submit_sign_in(qtbot, window.signin)
    assert window.state.actor.username == "lanhdao"
    # The locked clerk's half-typed intake is not the leader's to save under their name.
    assert window.intake.full_name.text() == ""
    assert window.pages.currentIndex() == HOME
    # The same user unlocking finds everything where it was (test above); a new lock by the
    # leader, then the leader again, keeps it too.
    window.go(INTAKE)
    window.intake.full_name.setText("Của lãnh đạo")
    window.lock()
    window.signin.password.setText("lanhdao123")
    submit_sign_in(qtbot, window.signin)
    assert window.intake.full_name.text() == "Của lãnh đạo"


def test_wrong_password_is_refused_in_words(qtbot, window) -> None:
    assert "Trần Thị Thu Hà" in window.user_label.text()
    window.sign_out()
    assert window.user_label.text() == ""  # nobody's name stays on the sign-in screen
    window.signin.username.setText("motcua")
    window.signin.password.setText("sai")
    submit_sign_in(qtbot, window.signin)
    assert not window.state.signed_in
    assert "không đúng" in window.signin.banner.text()


def test_shortcuts_navigate(qtbot, window) -> None:
    QTest.keyClick(window.home, Qt.Key.Key_F3)
    assert window.pages.currentIndex() == DOSSIERS
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == HOME
    QTest.keyClick(window.home, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == DOSSIERS
    assert QApplication.focusWidget() is window.dossiers.search


def test_clock_is_now(window, clock) -> None:
    assert window.state.ctx.now() == clock.now() == datetime(2026, 3, 2, 9, 0)


def test_window_paints_before_the_database_opens(qtbot, ctx) -> None:
    """The sign-in is on screen first; keys typed before the database opens are kept."""
    from ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.signin.username.setText("motcua")
    win.signin.password.setText("motcua123")
    win.signin.try_sign_in()
    assert not win.signin.banner.isHidden() and "chờ" in win.signin.banner.text()
    with qtbot.waitSignal(win.ready):
        win.attach(ctx)
    assert "UBND" in win.signin.office_label.text()
    qtbot.waitUntil(
        lambda: win.state.signed_in
    )  # the sign-in kept meanwhile goes through and win.pages.currentIndex() == HOME
