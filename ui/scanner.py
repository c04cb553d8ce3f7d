"""Barcode and QR scanners act as keyboards: spot their fast bursts ending with Enter.

A keyboard-wedge scanner types the code's characters a few milliseconds apart and then
Enter; a person types far slower. The filter watches key presses in the whole window; when
Enter ends a burst that looks like a dossier code (or an ID card's QR text), it swallows the
Enter, takes the burst's characters back out of the line edit they landed in, and emits
`scanned(text)`.

On Windows a scanner types letters beyond ASCII (the ID card's Vietnamese name and address) as
Alt+numpad codes: Alt held, three or four keypad digits, Alt released, then the letter arrives.
The keys of such a code carry no text; they belong to the burst (they neither end it nor count
as a pause), so a QR scanned that way is recognised like one typed in plain letters.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from counter.domain.codes import parse_code

# Longest gap between two characters of one burst (scanners: 5–20 ms; people: 80 ms and up).
MAX_GAP = 0.035
MIN_LENGTH = 8
_SILENT_KEYS = (Qt.Key.Key_Shift, Qt.Key.Key_CapsLock, Qt.Key.Key_Alt, Qt.Key.Key_AltGr)


def is_card_qr(text: str) -> bool:
    """The ID card's QR: fields separated by |, starting with the 12-digit number."""
    first = text.split("|", 1)[0].strip()
    return text.count("|") >= 4 and first.isdigit() and len(first) == 12


class ScanDetector(QObject):
    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None, clock=time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self._buffer: list[str] = []
        self._last = 0.0
        self.enabled = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.enabled or event.type() != QEvent.Type.KeyPress:
            return False
        # Each key press reaches the filter once per widget up the parent chain; only the
        # first delivery (to the focus widget) counts.
        focus = QApplication.focusWidget()
        first = watched is focus if focus is not None else watched is QApplication.focusWindow()
        if not first:
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        now = self._clock()
        if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst = "".join(self._buffer)
            fast = now - self._last <= MAX_GAP * 3
            self._buffer.clear()
            if fast and len(burst) >= MIN_LENGTH and self._looks_scanned(burst):
                self._take_back(burst)
                self.scanned.emit(burst)
                return True
            return False
        if self._composing(key_event):
            if self._buffer and now - self._last <= MAX_GAP:
                self._last = now  # part of the burst: Alt, a keypad digit of an Alt code
            return False
        text = key_event.text()
        if not text or not text.isprintable():
            self._buffer.clear()
            return False
        if now - self._last > MAX_GAP:
            self._buffer.clear()
        self._buffer.append(text)
        self._last = now
        return False

    @staticmethod
    def _composing(event: QKeyEvent) -> bool:
        """A key that types nothing by itself inside a scanner's burst: a modifier (Shift for
        capitals, Alt of an Alt code) or a keypad digit typed with Alt held."""
        if event.key() in _SILENT_KEYS:
            return True
        modifiers = event.modifiers()
        return bool(
            modifiers & Qt.KeyboardModifier.AltModifier
            and modifiers & Qt.KeyboardModifier.KeypadModifier
            and Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_9
        )

    @staticmethod
    def _looks_scanned(text: str) -> bool:
        return parse_code(text) is not None or is_card_qr(text)

    @staticmethod
    def _take_back(burst: str) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, QLineEdit) and not widget.isReadOnly():
            current = widget.text()
            if current.endswith(burst):
                widget.setText(current[: -len(burst)])
