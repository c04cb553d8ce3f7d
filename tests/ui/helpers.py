"""Helpers for driving real widgets: typing Vietnamese, scanning, waiting, big databases."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import text

from counter.services.context import Context


def type_text(widget: QWidget | None, value: str) -> None:
    """Type any text, one key event per character (QTest.keyClicks crashes on non-ASCII).

    Events go to the focus widget when `widget` is None, as a keyboard's would.
    """
    for ch in value:
        target = widget or QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def press(
    key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier, widget: QWidget | None = None
) -> None:
    """A key press on the focus widget, through the application (so shortcuts and event
    filters see it exactly as they see a real key)."""
    target = widget or QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers))
    event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers)
    QApplication.sendEvent(target, event)
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers))


def shortcut(qtbot, window: QWidget, keys: str) -> None:
    """Trigger a window shortcut the way the keyboard does (offscreen has no real keyboard)."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    combo = QKeySequence(keys)[0]
    target = QApplication.focusWidget() or window
    QTest.keyClick(target, combo.key(), combo.keyboardModifiers())


def apologise_with_f7(qtbot, window, reason: str, new_due: date | datetime) -> None:
    """Write the open dossier's apology (Mẫu 04) as a clerk does: F7, the reason, the new
    due date, Ghi nhận; then close the letter's print preview."""
    from PySide6.QtTest import QTest

    screen = window.dossier
    QTest.keyClick(screen, Qt.Key.Key_F7)
    dialog = screen.dialog
    assert dialog is not None, screen.banner.text()
    dialog.set_value("reason", reason)
    dialog.set_value("new_due", new_due)
    dialog.submit()
    settle(qtbot)  # the write runs off the GUI thread
    assert gone(dialog), dialog.banner.text()
    if window.preview is not None:
        window.preview.close()


def scan(value: str, detector=None) -> None:
    """A keyboard-wedge scanner: the characters in a burst, then Enter, to the focus widget.

    The window's scan detector (the one given, else every open window's) sees its clock move at
    most 10 ms a key during the burst, as a scanner types whatever the PC does: on a loaded
    machine the window handles the keys slower than its 35 ms gap and would take the burst for
    typing."""
    from ui.scanner import ScanDetector

    if detector is not None:
        detectors = [detector]
    else:
        detectors = [
            found
            for window in QApplication.topLevelWidgets()
            for found in window.findChildren(ScanDetector)
        ]
    saved = [(d, d._clock) for d in detectors]
    for d, real in saved:
        last = [real()]

        def scanner_clock(real=real, last=last) -> float:
            last[0] = min(real(), last[0] + 0.010)
            return last[0]

        d._clock = scanner_clock
    try:
        type_text(None, value)
        target = QApplication.focusWidget()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
            )
    finally:
        for d, real in saved:
            d._clock = real


def multiply_dossiers(ctx: Context, copies: int) -> int:
    """Copy every dossier row `copies` times (new ids and codes): a large list to page and
    search in, seconds faster than generating each dossier's events."""
    columns = [
        "status", "procedure_code", "procedure_name", "field", "applicant_id", "applicant_name",
        "id_number", "channel", "delivery", "received_at", "due_at", "original_due_at",
        "resolved_at", "returned_at", "closed_at", "apology_count", "fee", "paid_amount",
        "payment_method", "satisfaction", "conflict", "holder", "accepted", "last_hlc",
        "last_event_id", "event_count", "conflicts",
    ]  # fmt: skip
    names = ", ".join(columns)
    with ctx.db.unit_of_work() as session:
        session.execute(
            text(
                "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < :copies) "
                f"INSERT INTO dossiers (id, code, {names}) "
                f"SELECT lower(hex(randomblob(16))), code || '-' || k.n, {names} "
                "FROM dossiers, k"
            ),
            {"copies": copies},
        )
        return int(session.execute(text("SELECT count(*) FROM dossiers")).scalar() or 0)


def settle(qtbot, timeout: int = 10_000) -> None:
    """Wait until the background work asked for so far (writes, reads) has reported back."""
    from ui import tasks

    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=timeout)


def save_intake(qtbot, intake):
    """Ctrl+S on the intake screen and wait for the dossier to be stored: its IntakeResult."""
    with qtbot.waitSignal(intake.saved, timeout=10_000) as saved:
        assert intake.save() is not None, intake.banner.text()
    return saved.args[0]


def gone(dialog: QWidget) -> bool:
    """Closed: hidden, or already deleted (a dialog that deletes itself on close)."""
    import shiboken6

    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def accepted(qtbot, dialog) -> bool:
    """Press the dialog's accept button and wait for the write: True when stored (closed),
    False when refused (the dialog stays, its banner says why)."""
    dialog.submit()
    settle(qtbot)
    return gone(dialog)


def stored(qtbot, started, banner) -> bool:
    """A screen's write just `started` (None/False when refused at once): wait for it; True
    when the banner says it was stored."""
    settle(qtbot)
    return bool(started) and banner.kind == "ok"


def submit_sign_in(qtbot, signin) -> None:
    """Press «Đăng nhập» and wait for the answer: the check is a write, off the GUI thread."""
    with qtbot.waitSignal(signin.answered, timeout=10_000):
        signin.try_sign_in()


def show_window(qtbot, ctx: Context):
    """The main window over `ctx`, shown at 1366×768 and exposed (not signed in yet)."""
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window
