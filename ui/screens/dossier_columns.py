"""The dossier list's columns: widths from the font, and what gives way on a narrow window
(1024×768, or 1366×768 at 125 %) so the procedure column stays readable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QStyledItemDelegate, QTableView

from counter.domain.dossier import STATUS_LABELS, Status
from counter.services.views import CHANNELS
from ui.labels import label as core_label
from ui.models.dossier_table import (
    COL_APPLICANT,
    COL_BIRTH,
    COL_CHANNEL,
    COL_CODE,
    COL_DUE,
    COL_ID_NUMBER,
    COL_PROCEDURE,
    COL_RECEIVED,
    COL_STATUS,
    COL_TIMELINESS,
    COLUMN_COUNT,
)

PROCEDURE_CHARS = 30  # what the procedure column keeps at least, in average characters
_MOMENT = "13:30 09/02/2026"
_SAMPLES = {
    COL_CODE: "000.21.36.H36-260209-0002",
    COL_APPLICANT: "Nguyễn Thị Ánh Tuyết",
    COL_ID_NUMBER: "079150145577",
    COL_BIRTH: "09/02/2026",
    COL_RECEIVED: _MOMENT,
    COL_DUE: _MOMENT,
    COL_TIMELINESS: "Quá hạn (đã xin lỗi)",
}
_SHORT_CODE = "…260209-0002"  # the office's prefix is the same on every row
# What gives way first when the window is narrow: the channel, the moment of receipt (the code
# holds its day), the code's office prefix, the lateness (the due moment is coloured by it),
# the birth date (1024×768).
_GIVE_WAY = (
    ("hide", COL_CHANNEL),
    ("hide", COL_RECEIVED),
    ("short", COL_CODE),
    ("hide", COL_TIMELINESS),
    ("hide", COL_BIRTH),  # the ID number beside the name still tells namesakes apart
)


class LeftElided(QStyledItemDelegate):
    """The code's end tells dossiers apart: a narrow column keeps it and drops the start."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class ColumnFitter(QObject):
    """Sizes the table's columns from its font and, on every resize, hides what must give way
    so the procedure keeps PROCEDURE_CHARS characters; the procedure takes the rest."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.hidden: set[int] = set()
        self.code_delegate = LeftElided(table)
        table.setItemDelegateForColumn(COL_CODE, self.code_delegate)
        header = table.horizontalHeader()
        for column in range(COLUMN_COUNT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_PROCEDURE, QHeaderView.ResizeMode.Stretch)
        table.installEventFilter(self)

    def natural(self) -> dict[int, int]:
        """Each column's width for its header and its usual longest text."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        model = self.table.model()
        samples = dict(_SAMPLES)
        # The usual statuses whole; the rare long one ("Yêu cầu thực hiện nghĩa vụ tài chính")
        # elided, whole in its tooltip.
        samples[COL_STATUS] = core_label(STATUS_LABELS[Status.REFUSED])
        samples[COL_CHANNEL] = max((core_label(t) for t in CHANNELS.values()), key=len)
        pad = metrics.averageCharWidth() * 3 // 2
        widths = {}
        for column, sample in samples.items():
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            # The header's text is bold, and a sort arrow may sit beside it.
            title_width = header.fontMetrics().horizontalAdvance(title) * 1.15 + pad
            widths[column] = int(max(metrics.horizontalAdvance(sample) + pad, title_width))
        return widths

    def fit(self) -> None:
        widths = self.natural()
        metrics = self.table.fontMetrics()
        available = self.table.viewport().width()
        wanted = metrics.averageCharWidth() * PROCEDURE_CHARS
        shown = set(widths)
        code = widths[COL_CODE]
        short = metrics.horizontalAdvance(_SHORT_CODE) + metrics.averageCharWidth() * 3 // 2

        def used() -> int:
            return sum(widths[c] for c in shown if c != COL_CODE) + code

        for step, column in _GIVE_WAY:
            if available - used() >= wanted:
                break
            if step == "hide":
                shown.discard(column)
            else:
                code = short
        widths[COL_CODE] = code
        header = self.table.horizontalHeader()
        self.hidden = set(widths) - shown
        for column, width in widths.items():
            header.setSectionHidden(column, column in self.hidden)
            header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self.fit()
        return False
