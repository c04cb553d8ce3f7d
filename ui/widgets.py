"""Small widgets every screen uses: a message banner, a heading, a figure tile."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLayoutItem,
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


class _WrappingLayout(QLayout):
    """What ButtonGrid and FlowLayout share: a list of items, growing sideways, its height
    following its width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def _spacing(self) -> int:
        spacing = self.spacing()
        return spacing if spacing >= 0 else 6


class ButtonGrid(_WrappingLayout):
    """Buttons in a grid of at most `columns` columns, as many as the width holds: a row of six
    at 1366×768 wraps into more rows on a narrower screen (1024×768 at 125 %), so no button is
    hidden and the window never needs more width than its widest button. A column is as wide
    as its widest button (as in a QGridLayout); hidden buttons take no cell."""

    def __init__(self, parent: QWidget | None = None, columns: int = 6) -> None:
        super().__init__(parent)
        self.columns = columns

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _widths(self, columns: int) -> list[int]:
        widths = [0] * columns
        for i, item in enumerate(self._shown()):
            widths[i % columns] = max(widths[i % columns], item.sizeHint().width())
        return widths

    def _most(self) -> int:
        return max(1, min(self.columns, len(self._shown())))

    def _columns(self, width: int) -> int:
        for columns in range(self._most(), 1, -1):
            if sum(self._widths(columns)) + (columns - 1) * self._spacing() <= width:
                return columns
        return 1

    def _row_height(self) -> int:
        return max((item.sizeHint().height() for item in self._shown()), default=0)

    def _height(self, columns: int) -> int:
        rows = -(-len(self._shown()) // columns)
        return rows * self._row_height() + max(0, rows - 1) * self._spacing()

    def _extra(self) -> QSize:
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def heightForWidth(self, width: int) -> int:
        inner = width - self._extra().width()
        return self._height(self._columns(inner)) + self._extra().height()

    def sizeHint(self) -> QSize:
        columns = self._most()
        width = sum(self._widths(columns)) + (columns - 1) * self._spacing()
        return QSize(width, self._height(columns)) + self._extra()

    def minimumSize(self) -> QSize:
        # One column wide; the height of the widest arrangement (heightForWidth gives the rest).
        return QSize(max(self._widths(1)), self._height(self._most())) + self._extra()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        m = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        spacing, height = self._spacing(), self._row_height()
        columns = self._columns(inner.width())
        widths = self._widths(columns)
        # The width left over is shared equally, as a grid of equal stretches does.
        spare = max(0, inner.width() - sum(widths) - (columns - 1) * spacing) // columns
        lefts, x = [], inner.x()
        for width in widths:
            lefts.append(x)
            x += width + spare + spacing
        for i, item in enumerate(self._shown()):
            row, column = divmod(i, columns)
            origin = QPoint(lefts[column], inner.y() + row * (height + spacing))
            item.setGeometry(QRect(origin, QSize(widths[column] + spare, height)))


class FlowLayout(_WrappingLayout):
    """Widgets left to right, wrapping onto a new row when the width runs out (a bar of
    controls on a narrow window, e.g. 1024×768 at 125 %); the last item keeps to the right
    edge of its row when `last_right` (as after a stretch in a QHBoxLayout)."""

    def __init__(self, parent: QWidget | None = None, last_right: bool = False) -> None:
        super().__init__(parent)
        self.last_right = last_right

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:
        shown = [item for item in self._items if not item.isEmpty()]
        spacing = self._spacing()
        width = sum(item.sizeHint().width() for item in shown) + spacing * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        size = QSize(0, 0)
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        spacing = self._spacing()
        rows: list[list[QLayoutItem]] = [[]]
        x = 0
        for item in (item for item in self._items if not item.isEmpty()):
            width = item.sizeHint().width()
            if rows[-1] and x + width > inner.width():
                rows.append([])
                x = 0
            rows[-1].append(item)
            x += width + spacing
        y = inner.y()
        for row in rows:
            height = max((item.sizeHint().height() for item in row), default=0)
            x = inner.x()
            for i, item in enumerate(row):
                hint = item.sizeHint()
                width = min(hint.width(), inner.width())
                last = self.last_right and item is self._items[-1] and i > 0
                left = inner.right() + 1 - width if last else x
                if move:
                    item.setGeometry(
                        QRect(
                            QPoint(left, y + (height - hint.height()) // 2),
                            QSize(width, hint.height()),
                        )
                    )
                x += width + spacing
            y += height + spacing
        return y - spacing - inner.y() + m.top() + m.bottom()


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
