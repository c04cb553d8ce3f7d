"""Small widgets every screen uses: a message banner, a heading, a figure tile."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


def dialog_buttons(
    dialog: QDialog,
    accept_text: str,
    cancel_text: str,
    accept: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Save,
) -> QDialogButtonBox:
    """The accept/cancel row of a form dialog, labelled by the caller (its own tr() context)
    and wired to the dialog's `submit` and `reject`."""
    buttons = QDialogButtonBox(accept | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(accept).setText(accept_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(dialog.submit)
    buttons.rejected.connect(dialog.reject)
    return buttons


class Banner(QLabel):
    """An inline message: green for done, red for a refusal the clerk must read. Never modal,
    so a queue of citizens is not held up by a dialog box."""

    STYLES: ClassVar[dict[str, str]] = {
        "ok": "background:#e6f4ea;color:#0b5b24;border:1px solid #9fd4ac;",
        "error": "background:#fde8e8;color:#8a1111;border:1px solid #f0a5a5;",
        "info": "background:#e8f0fe;color:#123c7a;border:1px solid #a8c2f0;",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "ok") -> None:
        self.kind = kind
        self.setStyleSheet(self.STYLES[kind] + "padding:0.4em;border-radius:3px;")
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.kind = ""
        self.setText("")
        self.hide()


def heading(text: str, parent: QWidget | None = None, scale: float = 1.4) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


class FigureTile(QPushButton):
    """A home-screen figure: a big number over its label, red when it is an alarm and not zero;
    clicking (or Enter when focused) opens the list behind it."""

    opened = Signal(str)

    def __init__(self, key: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.label = label
        self.value = 0
        self.alarm = False
        self.number = QLabel()
        font = QFont(self.number.font())
        font.setPointSizeF(font.pointSizeF() * 3.2)
        font.setBold(True)
        self.number.setFont(font)
        self.caption = QLabel(label)
        self.caption.setWordWrap(True)
        for child in (self.number, self.caption):
            child.setAlignment(Qt.AlignmentFlag.AlignCenter)
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self.fontMetrics().height() * 6)
        self.clicked.connect(lambda: self.opened.emit(self.key))
        self.set_value(None)

    def keyPressEvent(self, event) -> None:
        # A push button outside a dialog ignores Enter; on the home screen it opens the list.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.click()
            return
        super().keyPressEvent(event)

    def set_value(self, value: int | None, alarm: bool = False) -> None:
        self.value = value or 0
        self.alarm = bool(alarm and value)
        number = "…" if value is None else f"{value:,}".replace(",", ".")
        self.number.setText(number)
        self.setAccessibleName(f"{number} {self.label}")
        colour = "#b3261e" if self.alarm else "#1f3b63"
        self.number.setStyleSheet(f"color:{colour};")
        self.caption.setStyleSheet("color:#8a1111;" if self.alarm else "color:#333;")
        border, background = ("#e6a3a0", "#fdf3f2") if self.alarm else ("#c5cfdc", "#f7f9fc")
        self.setStyleSheet(
            f"QPushButton{{border:1px solid {border};border-radius:6px;background:{background};"
            "padding:0.4em;}"
            "QPushButton:focus{border:2px solid #2f6fd6;}"
            "QPushButton:hover{background:#eef3fb;}"
        )


def debounce(parent: QWidget, msec: int, slot) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msec)
    timer.timeout.connect(slot)
    return timer
