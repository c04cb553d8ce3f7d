"""The Reports screen's table of figures: a column per report column, their names under shared
group bands, sized to fit the window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOptionHeader,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from counter.reports.figures import Figures
from counter.reports.presentation import COLUMNS
from ui.labels import label as core_label

FIGURES = 2  # the first figure column: STT and the row name come before


def _wrap(text: str, width: int, metrics: QFontMetrics) -> str:
    """`text` broken at spaces into lines no wider than `width` (a word longer stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


class GroupedHeader(QHeaderView):
    """A horizontal header whose figure columns carry a shared band above their own names
    ("Số hồ sơ đã giải quyết" over "Tổng số | Trước hạn | Đúng hạn | Quá hạn"), so the long
    group name is written once instead of in every column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.groups: list[tuple[int, int, str]] = []  # first and last column, group name
        self.band = 0
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)

    def set_groups(self, groups: list[tuple[int, int, str]], band: int) -> None:
        self.groups, self.band = groups, band
        self.updateGeometries()
        self.viewport().update()

    def group_of(self, logical: int) -> tuple[int, int, str] | None:
        return next((g for g in self.groups if g[0] <= logical <= g[1]), None)

    def sizeHint(self):  # type: ignore[no-untyped-def]
        hint = super().sizeHint()
        hint.setHeight(hint.height() + self.band)
        return hint

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        group = self.group_of(logical)
        if group is None:
            super().paintSection(painter, rect, logical)
            return
        painter.save()
        super().paintSection(painter, rect.adjusted(0, self.band, 0, 0), logical)
        painter.restore()
        first, last, text = group
        left = self.sectionViewportPosition(first)
        right = self.sectionViewportPosition(last) + self.sectionSize(last)
        band = QRect(left, rect.top(), right - left, self.band)
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = band
        option.section = first
        option.position = QStyleOptionHeader.SectionPosition.Middle
        self.style().drawControl(QStyle.ControlElement.CE_HeaderSection, option, painter, self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        flags = Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value
        painter.drawText(band.adjusted(3, 1, -3, -1), flags, text)


class FiguresTable(QTableWidget):
    """The report's rows (a number, a name, the figures of every column), bold for the total."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, FIGURES + len(COLUMNS), parent)
        self.grouped_header = GroupedHeader(self)
        self.setHorizontalHeader(self.grouped_header)
        self.setHorizontalHeaderLabels(["", ""] + [core_label(c.header) for c in COLUMNS])
        for c, column in enumerate(COLUMNS, FIGURES):
            self.horizontalHeaderItem(c).setToolTip(
                f"{core_label(column.group)}: {core_label(column.header)}"
            )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        # Long names (procedures) wrap onto more lines instead of pushing the figures sideways.
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # At most three lines a row: the last one is elided, the tooltip has the whole name.
        rows.setMaximumSectionSize(self.fontMetrics().lineSpacing() * 3 + 8)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.viewport().installEventFilter(self)
        self.fit_columns()

    def set_row_headers(self, number: str, name: str) -> None:
        """The headers of the first two columns: the row's number and what a row is."""
        self.horizontalHeaderItem(0).setText(number)
        self.horizontalHeaderItem(1).setText(name)

    def fill(self, rows: list[tuple[str, str, Figures, bool]]) -> None:
        """Show `rows`: (number, name, figures, is the total)."""
        self.setRowCount(len(rows))
        for r, (number, name, figures, total) in enumerate(rows):
            cells = [number, name] + [c.text(figures) for c in COLUMNS]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if c >= FIGURES:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if c == 1:
                    cell.setToolTip(text)
                if total:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.setItem(r, c, cell)
        self.fit_columns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_name_column()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Figure columns as narrow as their longest word or value, their names wrapped to
        that width under a shared group band; the row names take the width left."""
        header = self.grouped_header
        metrics = header.fontMetrics()
        cells = self.fontMetrics()
        pad = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 6
        groups: list[tuple[int, int, str]] = []
        two_lines = False
        for c, column in enumerate(COLUMNS, FIGURES):
            name = core_label(column.header)
            values = [self.item(r, c) for r in range(self.rowCount())]
            width = max(
                [metrics.horizontalAdvance(w) for w in name.split()]
                # Each value in its own font: the totals row is bold, and wider ("96,5 %" wrapped).
                + [QFontMetrics(v.font()).horizontalAdvance(v.text()) for v in values if v]
                + [cells.horizontalAdvance("0000")]
            )
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(c, width + pad)
            self.horizontalHeaderItem(c).setText(_wrap(name, width, metrics))
            group = core_label(column.group)
            if groups and groups[-1][2] == group:
                groups[-1] = (groups[-1][0], c, group)
            else:
                groups.append((c, c, group))
        for first, last, group in groups:
            span = sum(header.sectionSize(c) for c in range(first, last + 1)) - 6
            two_lines |= metrics.horizontalAdvance(group) > span
        header.set_groups(groups, metrics.height() * (2 if two_lines else 1) + 8)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.fit_name_column()

    def fit_name_column(self) -> None:
        header = self.grouped_header
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != 1)
        room = self.viewport().width() - others
        header.resizeSection(1, max(room, self.fontMetrics().horizontalAdvance("M") * 12))
