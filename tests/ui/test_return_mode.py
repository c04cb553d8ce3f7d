"""«Quầy trả kết quả» (issue 17): at a counter that hands results over, the slip's scan alone
records the hand-over to the applicant after a short countdown; Esc cancels, F8 opens the whole
dialog, Enter or the next scan records it at once. Any other dossier keeps today's path.

The countdown is the window's `return_countdown_ms`: a minute where a test presses keys during
it (it never runs out under the test), a few milliseconds where the test waits for its end."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from counter.domain.dossier import Status
from counter.services import catalogue, queries, workflow
from tests.services.helpers import receive
from tests.ui.helpers import press, scan, settle, shortcut, show_window, submit_sign_in
from ui.main_window import HOME
from ui.return_mode import SETTING

pytestmark = pytest.mark.gui

NEVER = 60_000  # ms: a countdown that does not end while the test presses keys


def _resolved(ctx, *args, **kwargs) -> str:
    code = receive(ctx, *args, **kwargs).dossier.code
    workflow.resolve(ctx, code, "Đã xác nhận")
    return code


def _status(ctx, code: str) -> Status:
    return queries.find_by_code(ctx, code).status


def _returns(ctx, code: str) -> list:
    _view, events = queries.dossier_events(ctx, code)
    return [e for e in events if e.type == "returned"]


def _mode_on(qtbot, window, countdown_ms: int = NEVER):
    """Ctrl+Shift+T from the home screen, as the clerk turns the mode on for the day."""
    window.go(HOME)
    window.home.focus_first()
    shortcut(qtbot, window, "Ctrl+Shift+T")
    mode = window.return_mode
    assert mode.on and window.act_return_mode.isChecked()
    assert mode.strip.isVisible() and "QUẦY TRẢ KẾT QUẢ" in mode.strip.text()
    mode.countdown_ms = countdown_ms
    return mode


def _counting_down(qtbot, window):
    """The mode on, the slip of Nguyễn Văn Đức's ready result scanned: its countdown runs."""
    ctx = window.state.ctx
    code = _resolved(ctx, name="Nguyễn Văn Đức")
    mode = _mode_on(qtbot, window)
    scan(code, window.scanner)
    assert window.dossier.view.code == code
    assert mode.pending is not None and mode.pending.code == code
    return ctx, code, mode


def test_mode_off_is_todays_behaviour(qtbot, window) -> None:
    """Off (the default): the scan opens the dossier on «Trả kết quả cho … (Enter)», no bar,
    nothing recorded however long it stays open."""
    ctx = window.state.ctx
    code = _resolved(ctx, name="Nguyễn Văn Đức")
    mode = window.return_mode
    mode.countdown_ms = 1
    assert not mode.on and not window.act_return_mode.isChecked()
    assert not mode.strip.isVisible()
    window.go(HOME)
    window.home.focus_first()
    scan(code, window.scanner)
    assert window.dossier.view.code == code
    assert QApplication.focusWidget() is window.dossier.action_buttons["return_result"]
    qtbot.wait(50)
    settle(qtbot)
    assert mode.pending is None and not mode.bar.isVisible()
    assert _status(ctx, code) is Status.RESOLVED


def test_the_scan_alone_returns_the_result_after_the_countdown(qtbot, window) -> None:
    ctx, code, mode = _counting_down(qtbot, window)
    assert mode.bar.isVisible()
    text = mode.bar.label.text()
    assert code in text and "Nguyễn Văn Đức" in text
    assert "Esc: hủy" in text and "F8: người khác nhận" in text
    assert mode.bar.progress.text() == "còn 60 giây"
    settle(qtbot)
    assert _status(ctx, code) is Status.RESOLVED, "nothing is recorded before the end"
    mode.timer.start(5)  # the rest of the countdown, shortened
    qtbot.waitUntil(lambda: _status(ctx, code) is Status.RETURNED)
    settle(qtbot)
    assert not mode.bar.isVisible() and mode.pending is None
    (returned,) = _returns(ctx, code)
    assert returned.payload["collected_by"] == "Nguyễn Văn Đức"
    assert returned.payload["method"] == "counter"
    assert "Đã ghi nhận" in window.dossier.banner.text()
    # The survey that follows a return: one Enter away.
    survey = window.dossier.action_buttons["record_survey"]
    assert survey.isEnabled() and QApplication.focusWidget() is survey
    press(Qt.Key.Key_Return, widget=survey)
    dialog = window.dossier.dialog
    assert dialog is not None and dialog.action.key == "record_survey"
    dialog.reject()


def test_a_short_countdown_runs_out_by_itself(qtbot, qapp, ctx, clock) -> None:
    """The window's own timer, a few milliseconds long: no key at all after the scan."""
    from counter import demo
    from ui.main_window import MainWindow

    QSettings().setValue(SETTING, True)
    demo.generate(ctx, 5, end=clock.now())
    code = _resolved(ctx, name="Lê Thị Hoa")
    window = MainWindow(ctx, return_countdown_ms=20)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.signin.username.setText("motcua")
    window.signin.password.setText("motcua123")
    submit_sign_in(qtbot, window.signin)
    assert window.return_mode.on and window.return_mode.countdown_ms == 20
    window.activateWindow()
    window.go(HOME)
    window.home.focus_first()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    scan(code, window.scanner)
    assert window.return_mode.pending is not None
    qtbot.waitUntil(lambda: _status(ctx, code) is Status.RETURNED)
    settle(qtbot)


def test_esc_cancels_and_nothing_is_recorded(qtbot, window) -> None:
    ctx, code, mode = _counting_down(qtbot, window)
    press(Qt.Key.Key_Escape)
    assert mode.pending is None and not mode.bar.isVisible()
    assert window.pages.currentWidget() is window.dossier, "Esc cancels, it does not go back"
    assert "Đã hủy" in window.dossier.banner.text()
    qtbot.wait(20)
    settle(qtbot)
    assert _status(ctx, code) is Status.RESOLVED and not _returns(ctx, code)
    # Today's path is still there: Enter on «Trả kết quả cho …».
    button = window.dossier.action_buttons["return_result"]
    assert QApplication.focusWidget() is button and "(Enter)" in button.text()
    press(Qt.Key.Key_Escape)  # a second Esc: back, as always
    assert window.pages.currentWidget() is not window.dossier


def test_f8_opens_the_whole_dialog_for_another_collector(qtbot, window) -> None:
    ctx, code, mode = _counting_down(qtbot, window)
    press(Qt.Key.Key_F8)
    assert mode.pending is None and not mode.bar.isVisible()
    dialog = window.dossier.dialog
    assert dialog is not None and dialog.action.key == "return_result"
    assert dialog.inputs["collected_by"].text() == "Nguyễn Văn Đức"
    dialog.set_value("collected_by", "Nguyễn Văn An (con)")
    dialog.submit()
    qtbot.waitUntil(lambda: _status(ctx, code) is Status.RETURNED)
    settle(qtbot)
    (returned,) = _returns(ctx, code)
    assert returned.payload["collected_by"] == "Nguyễn Văn An (con)"


def test_the_next_scan_records_the_pending_return_at_once(qtbot, window) -> None:
    ctx = window.state.ctx
    first = _resolved(ctx, name="Nguyễn Văn Đức")
    second = _resolved(ctx, name="Lê Thị Hoa", id_number="079190005678")
    mode = _mode_on(qtbot, window)
    scan(first, window.scanner)
    assert mode.pending.code == first
    scan(second, window.scanner)
    assert window.dossier.view.code == second
    assert mode.pending is not None and mode.pending.code == second
    assert "Lê Thị Hoa" in mode.bar.label.text()
    qtbot.waitUntil(lambda: _status(ctx, first) is Status.RETURNED)
    settle(qtbot)
    assert _returns(ctx, first)[0].payload["collected_by"] == "Nguyễn Văn Đức"
    assert _status(ctx, second) is Status.RESOLVED, "the second one still counts down"
    assert first in window.statusBar().currentMessage()
    # Enter on the open dossier's «Trả kết quả» records it now, once.
    press(Qt.Key.Key_Return, widget=window.dossier.action_buttons["return_result"])
    qtbot.waitUntil(lambda: _status(ctx, second) is Status.RETURNED)
    settle(qtbot)
    assert len(_returns(ctx, second)) == 1 and mode.pending is None
    assert window.dossier.banner.kind != "error", window.dossier.banner.text()


def test_the_same_slip_scanned_twice_records_one_return(qtbot, window) -> None:
    ctx = window.state.ctx
    code = _resolved(ctx, name="Nguyễn Văn Đức")
    mode = _mode_on(qtbot, window)
    scan(code, window.scanner)
    scan(code, window.scanner)
    assert mode.pending is None, "no second countdown for a return being written"
    settle(qtbot)
    assert len(_returns(ctx, code)) == 1


def _owing(ctx) -> str:
    with ctx.db.session() as session:
        paid = next(p for p in catalogue.list_procedures(session) if p.fee > 0)
    return _resolved(ctx, paid.code)


@pytest.mark.parametrize("case", ["postal", "owing", "not resolved", "returned"])
def test_every_other_dossier_keeps_the_normal_path(qtbot, window, case) -> None:
    """By post, fees owed, no result yet, already returned: no countdown, nothing recorded;
    «Trả kết quả» (where it is allowed) opens the dialog with its warning."""
    ctx = window.state.ctx
    if case == "postal":
        code = _resolved(ctx, delivery="postal")
    elif case == "owing":
        code = _owing(ctx)
    elif case == "not resolved":
        code = receive(ctx).dossier.code
    else:
        code = _resolved(ctx)
        workflow.return_result(ctx, code, "Nguyễn Văn Đức", "counter", "")
    before = len(_returns(ctx, code))
    mode = _mode_on(qtbot, window, countdown_ms=1)
    scan(code, window.scanner)
    assert window.dossier.view.code == code
    assert mode.pending is None and not mode.bar.isVisible()
    qtbot.wait(20)
    settle(qtbot)
    assert len(_returns(ctx, code)) == before
    button = window.dossier.action_buttons["return_result"]
    assert "(Enter)" not in button.text()
    if case in ("not resolved", "returned"):
        assert not button.isEnabled()
        return
    press(Qt.Key.Key_F8, widget=window.dossier)
    dialog = window.dossier.dialog
    assert dialog is not None and dialog.action.key == "return_result"
    if case == "owing":
        assert "Chưa thu đủ" in dialog.banner.text()
    dialog.reject()


def test_the_mode_is_kept_for_this_counter(qtbot, window, ctx) -> None:
    """Turned on, it is on again in the next window (this PC's setting); turned off, off."""
    _mode_on(qtbot, window)
    assert QSettings().value(SETTING) in (True, "true")
    window.close()
    again = show_window(qtbot, ctx)
    again.signin.username.setText("motcua")
    again.signin.password.setText("motcua123")
    submit_sign_in(qtbot, again.signin)
    assert again.return_mode.on and again.act_return_mode.isChecked()
    assert again.return_mode.strip.isVisible()
    again.activateWindow()
    again.home.focus_first()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget().window() is again
    shortcut(qtbot, again, "Ctrl+Shift+T")
    assert not again.return_mode.on and not again.return_mode.strip.isVisible()
    assert QSettings().value(SETTING) in (False, "false")
    again.close()


@pytest.mark.parametrize("leave", ["lock", "sign out", "close", "mode off"])
def test_leaving_during_the_countdown_records_the_return(qtbot, window, leave) -> None:
    """Locking, signing out, closing the window or turning the mode off while a return counts
    down records it at once (the scan was the clerk's word; only Esc and F8 take it back),
    whole: one return, the applicant at the counter."""
    ctx, code, mode = _counting_down(qtbot, window)
    if leave == "lock":
        shortcut(qtbot, window, "Ctrl+L")
        assert window.root.currentWidget() is window.signin
    elif leave == "sign out":
        shortcut(qtbot, window, "Ctrl+Shift+L")
        assert window.root.currentWidget() is window.signin
    elif leave == "close":
        assert window.close()
    else:
        shortcut(qtbot, window, "Ctrl+Shift+T")
        assert not mode.on
    assert mode.pending is None and not mode.bar.isVisible()
    qtbot.waitUntil(lambda: _status(ctx, code) is Status.RETURNED)
    settle(qtbot)
    (returned,) = _returns(ctx, code)
    assert returned.payload["collected_by"] == "Nguyễn Văn Đức"
    assert returned.payload["method"] == "counter"


def test_a_dialog_above_the_countdown_keeps_its_own_esc(qtbot, window) -> None:
    """Another dialog opened while a return counts down (a note): Esc closes that dialog, the
    countdown goes on."""
    _ctx, code, mode = _counting_down(qtbot, window)
    dialog = window.dossier.start("add_note")
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(
        lambda: (
            QApplication.focusWidget() is not None and QApplication.focusWidget().window() is dialog
        )
    )
    target = QApplication.focusWidget()
    press(Qt.Key.Key_Escape, widget=target)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert mode.pending is not None and mode.pending.code == code
    press(Qt.Key.Key_Escape, widget=window.dossier)
    assert mode.pending is None
