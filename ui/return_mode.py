"""«Quầy trả kết quả»: a counter that hands results over records the hand-over by the scan alone.

Switched on for this counter (Hồ sơ → Quầy trả kết quả, Ctrl+Shift+T; kept in this PC's
QSettings, as its printers are), a strip across the window says so. Scanning the slip of a
dossier whose result is ready, kept at the counter and paid in full (the dossiers that open on
«Trả kết quả cho <người nộp> (Enter)») starts a short countdown in a bar across the window:
«Trả kết quả hồ sơ … cho … — Esc: hủy · F8: người khác nhận · Enter: trả ngay». When it ends the
applicant is recorded as the collector, at the counter, exactly as Enter on that button records
it. Before that nothing is written: Esc cancels, F8 cancels and opens the whole dialog (another
collector, a note), Enter or the next scan records it at once. Locking the screen, signing out
or closing the window records it at once too: the scan was the clerk's word and only Esc or F8
take it back (the write is queued before the window goes; the program waits for queued writes
before it ends).

Any other dossier (sent by post, fees owed, no result yet, already returned) opens as it does
with the mode off, with its warnings. The mode off changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QWidget,
)

from counter.domain.actions import ActionKey

if TYPE_CHECKING:
    from counter.errors import CounterError
    from counter.services.workflow import ActionResult
    from ui.main_window import MainWindow

SETTING = "return_mode/on"
COUNTDOWN_MS = 3000
TICK_MS = 100
SHORTCUT = "Ctrl+Shift+T"


def saved_on() -> bool:
    """Whether this counter works as «Quầy trả kết quả» (this PC's choice)."""
    value = QSettings().value(SETTING, False)
    return value in (True, "true", "1", 1)


@dataclass(frozen=True)
class Pending:
    code: str
    name: str


class ModeStrip(QLabel):
    """Across the top of the window while the mode is on: nobody forgets it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(
            "background:#0b5b24;color:white;font-weight:bold;padding:0.3em 0.6em;border-radius:3px;"
        )
        self.setText(
            self.tr(
                "QUẦY TRẢ KẾT QUẢ — quét phiếu hẹn là trả kết quả cho người nộp sau {s} giây "
                "(hồ sơ đã có kết quả, nhận tại quầy, đã thu đủ phí). {keys}: tắt."
            ).format(s=COUNTDOWN_MS // 1000, keys=SHORTCUT)
        )
        self.hide()


class CountdownBar(QFrame):
    """The return about to be recorded: what, to whom, the keys that change it, the time left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returnCountdown")
        self.setStyleSheet(
            "#returnCountdown{background:#fff3cd;border:2px solid #e08a00;border-radius:4px;}"
            "QLabel{color:#4a2f00;}"
            "QProgressBar{border:1px solid #e08a00;border-radius:3px;background:white;"
            "color:#4a2f00;font-weight:bold;text-align:center;}"
            "QProgressBar::chunk{background:#f0b23c;}"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.label.setFont(font)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFixedWidth(self.fontMetrics().averageCharWidth() * 22)
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.progress)
        self.hide()

    def start(self, pending: Pending, total_ms: int) -> None:
        self.label.setText(
            self.tr(
                "Trả kết quả hồ sơ {code} cho {name} — Esc: hủy · F8: người khác nhận · "
                "Enter: trả ngay"
            ).format(code=pending.code, name=pending.name)
        )
        self.progress.setRange(0, max(total_ms, 1))
        self.show_left(total_ms)
        self.show()

    def show_left(self, left_ms: int) -> None:
        left_ms = max(left_ms, 0)
        self.progress.setValue(min(left_ms, self.progress.maximum()))
        self.progress.setFormat(self.tr("còn {s} giây").format(s=(left_ms + 999) // 1000))


class ReturnMode(QObject):
    """The mode, its countdown and the writes it makes; the window asks it at each scan."""

    toggled = Signal(bool)
    committed = Signal(str)  # the code of a return recorded by the mode
    cancelled = Signal(str)

    def __init__(self, window: MainWindow, countdown_ms: int = COUNTDOWN_MS) -> None:
        super().__init__(window)
        self.window = window
        self.countdown_ms = countdown_ms
        self.pending: Pending | None = None
        self.in_flight: set[str] = set()  # recorded, the write not done yet
        self.strip = ModeStrip()
        self.bar = CountdownBar()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.commit)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(lambda: self.bar.show_left(self.timer.remainingTime()))
        self.on = False
        self.set_on(saved_on(), save=False)

    # --- the mode ---------------------------------------------------------------------------

    def set_on(self, on: bool, *, save: bool = True) -> None:
        if not on:
            self.commit()  # a return already counting down was the clerk's word
        self.on = on
        self.strip.setVisible(on)
        if save:
            QSettings().setValue(SETTING, on)
        self.toggled.emit(on)

    # --- the countdown ----------------------------------------------------------------------

    def scanned(self) -> None:
        """Before the window acts on a scan: the next slip records the pending return now."""
        self.commit()

    def offer(self, code: str) -> bool:
        """After a scan opened `code`: count down to its hand-over if it is ready for it."""
        screen = self.window.dossier
        view = screen.view
        if (
            not self.on
            or view is None
            or view.code != code
            or not screen.quick_return
            or code in self.in_flight
        ):
            return False
        self.pending = Pending(view.code, view.applicant_name)
        self.bar.start(self.pending, self.countdown_ms)
        self.timer.start(max(self.countdown_ms, 0))
        self.ticker.start()
        QApplication.instance().installEventFilter(self)
        return True

    def _stop(self) -> Pending | None:
        pending, self.pending = self.pending, None
        self.timer.stop()
        self.ticker.stop()
        self.bar.hide()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        return pending

    def cancel(self) -> str | None:
        """Esc: nothing recorded; the dossier stays open, its «Trả kết quả» still offered."""
        pending = self._stop()
        if pending is None:
            return None
        screen = self.window.dossier
        if screen.view is not None and screen.view.code == pending.code:
            screen.banner.show_message(
                self.tr("Đã hủy: chưa ghi nhận trả kết quả hồ sơ {code}.").format(
                    code=pending.code
                ),
                "info",
            )
        self.cancelled.emit(pending.code)
        return pending.code

    def other_collector(self) -> None:
        """F8: the whole dialog (another collector, a note) instead of the countdown."""
        code = self.cancel()
        if code is None:
            return
        screen = self.window.dossier
        shown = screen.view is not None and screen.view.code == code
        if not shown and not self.window.open_dossier(code):
            return
        screen.banner.clear_message()
        screen.start(ActionKey.RETURN_RESULT)

    def commit(self) -> bool:
        """Record the pending return now (its time is up, the next scan, Enter, a lock…)."""
        from ui.dialogs.actions import BY_KEY
        from ui.operations import dossier as dossier_ops

        pending = self._stop()
        if pending is None:
            return False
        action = BY_KEY[ActionKey.RETURN_RESULT]
        values = {"collected_by": pending.name, "method": "counter", "note": ""}
        self.in_flight.add(pending.code)
        op = dossier_ops.act(self, self.window.state, action, pending.code, values)
        op.success(lambda result: self._done(pending, result))
        op.failure(lambda error: self._failed(pending, error)).run()
        return True

    def commit_if(self, code: str) -> bool:
        """Enter on the dossier's «Trả kết quả» while its return counts down: at once."""
        if self.pending is None or self.pending.code != code:
            return False
        return self.commit()

    def _done(self, pending: Pending, result: ActionResult) -> None:
        self.in_flight.discard(pending.code)
        self.window.statusBar().showMessage(
            self.tr("Đã trả kết quả hồ sơ {code} cho {name}.").format(
                code=pending.code, name=pending.name
            ),
            10000,
        )
        screen = self.window.dossier
        if screen.view is not None and screen.view.code == pending.code:
            screen.returned(result)
        self.committed.emit(pending.code)

    def _failed(self, pending: Pending, error: CounterError) -> None:
        self.in_flight.discard(pending.code)
        message = self.tr("Chưa trả được kết quả hồ sơ {code}: {why}").format(
            code=pending.code, why=error.message
        )
        self.window.statusBar().showMessage(message, 30000)
        screen = self.window.dossier
        if screen.view is not None and screen.view.code == pending.code:
            screen.banner.show_message(message, "error")
        QApplication.beep()

    # --- Esc and F8 while it counts down ----------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.pending is None or kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        if key_event.key() not in (Qt.Key.Key_Escape, Qt.Key.Key_F8) or key_event.modifiers():
            return False
        # Only in the main window: a dialog open above it keeps its own Esc.
        if QApplication.activeModalWidget() is not None:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes as a key press, not as the screen's shortcut
            return True
        if key_event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            self.other_collector()
        return True
