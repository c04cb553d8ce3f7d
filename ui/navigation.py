"""The main window's navigation: what a screen answers to (`Screen`), and the list of entries,
each one line, its name with its shortcut beside it."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)


class Screen(Protocol):
    """A page of the main window. The window's entries and shortcuts (F5, Ctrl+P, Ctrl+S) ask
    the current page; each page says what they mean on it."""

    def shown(self) -> None:
        """Brought forward by its entry or shortcut: read what is stale, focus the first field."""

    def refresh(self) -> None:
        """F5: read again what it shows."""

    def print_current(self) -> None:
        """Ctrl+P: print what it shows (nothing where there is nothing to print)."""

    def save_current(self) -> None:
        """Ctrl+S: store what is being typed (nothing where nothing is typed)."""

    def print_failed(self, message: str) -> None:
        """A form it asked for could not be made: say so where the clerk looks."""


class ScreenDefaults:
    """Nothing to do for the `Screen` calls a page does not override (a mixin for QWidgets:
    a Protocol's metaclass does not mix with Qt's)."""

    def shown(self) -> None:
        pass

    def refresh(self) -> None:
        pass

    def print_current(self) -> None:
        pass

    def save_current(self) -> None:
        pass

    def print_failed(self, message: str) -> None:
        pass


SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 1
TARGET_ROLE = Qt.ItemDataRole.UserRole
_GAP = 1.5  # between the name and the shortcut, in average character widths


def _small(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.85)
    return small


class NavDelegate(QStyledItemDelegate):
    """Paints the name on the left and the shortcut smaller and grey, right-aligned on the same
    line, so a shortcut can never be read as belonging to the next entry."""

    def _padding(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.averageCharWidth()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = option.fontMetrics
        small = QFontMetrics(_small(option.font))
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        shortcut = str(index.data(SHORTCUT_ROLE) or "")
        width = (
            2 * self._padding(option)
            + metrics.horizontalAdvance(name)
            + round(metrics.averageCharWidth() * _GAP)
            + small.horizontalAdvance(shortcut)
        )
        return QSize(width, round(metrics.height() * 2.2))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_colour = opt.palette.color(role)
        rect = opt.rect.adjusted(self._padding(opt), 0, -self._padding(opt), 0)
        painter.save()
        small = _small(opt.font)
        shortcut = str(index.data(SHORTCUT_ROLE) or "")
        painter.setFont(small)
        grey = QColor(text_colour) if selected else QColor("#6b7280")
        if selected:
            grey.setAlphaF(0.8)
        painter.setPen(grey)
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, (align | Qt.AlignmentFlag.AlignRight).value, shortcut)
        room = rect.width() - QFontMetrics(small).horizontalAdvance(shortcut)
        room -= round(opt.fontMetrics.averageCharWidth() * _GAP)
        painter.setFont(opt.font)
        painter.setPen(text_colour)
        elided = opt.fontMetrics.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 0))
        painter.drawText(rect, (align | Qt.AlignmentFlag.AlignLeft).value, elided)
        painter.restore()


class NavList(QListWidget):
    """Entries added with `add(name, shortcut, target)`; the list is as wide as its longest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setItemDelegate(NavDelegate(self))
        self.setSpacing(2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def add(self, name: str, shortcut: str, target: int) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setData(TARGET_ROLE, target)
        item.setData(SHORTCUT_ROLE, shortcut)
        item.setToolTip(f"{name} ({shortcut})")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}, {shortcut}")
        self.addItem(item)
        self._fit_width()
        return item

    def row_of(self, target: int) -> int:
        return next(
            (r for r in range(self.count()) if self.item(r).data(TARGET_ROLE) == target), -1
        )

    def _fit_width(self) -> None:
        widest = max(self.sizeHintForColumn(0), 0)
        self.setFixedWidth(widest + 2 * self.frameWidth() + 4 * self.spacing() + 2)
