"""The dossier list as a lazy table model: pages of 100 rows fetched as the view scrolls.

A new filter loads its first page and its count off the GUI thread (ui.tasks); later pages
use keyset paging (`listing.page(before=…)`) and cost the same at row 100 and at row 900,000.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from counter.services import listing
from counter.services.listing import DossierFilter
from counter.services.views import CHANNELS, DossierView, Timeliness
from ui import format as fmt
from ui.labels import label as core_label
from ui.state import AppState
from ui.tasks import Task

COL_CODE, COL_APPLICANT, COL_PROCEDURE, COL_RECEIVED, COL_DUE, COL_STATUS, COL_TIMELINESS = range(7)
COL_CHANNEL = 7
COLUMN_COUNT = 8

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
VIEW_ROLE = Qt.ItemDataRole.UserRole + 2

PAGE_SIZE = 100
_LATE = QBrush(QColor("#b3261e"))
_SOON = QBrush(QColor("#8a5a00"))

Index = QModelIndex | QPersistentModelIndex


class DossierTableModel(QAbstractTableModel):
    loaded = Signal()  # the first page of a new filter is in
    counted = Signal(int)
    failed = Signal(str)

    HEADERS = (
        QT_TRANSLATE_NOOP("DossierTableModel", "Mã hồ sơ"),
        QT_TRANSLATE_NOOP("DossierTableModel", "Người nộp"),
        QT_TRANSLATE_NOOP("DossierTableModel", "Thủ tục"),
        QT_TRANSLATE_NOOP("DossierTableModel", "Tiếp nhận"),
        QT_TRANSLATE_NOOP("DossierTableModel", "Hẹn trả"),
        QT_TRANSLATE_NOOP("DossierTableModel", "Trạng thái"),
        QT_TRANSLATE_NOOP("DossierTableModel", "Tiến độ"),
        QT_TRANSLATE_NOOP("DossierTableModel", "Hình thức nộp"),
    )

    def __init__(self, state: AppState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.filter = DossierFilter()
        self._rows: list[tuple[int, DossierView]] = []
        self._exhausted = True
        self._generation = 0
        self.total: int | None = None
        self.loading = False

    # --- loading --------------------------------------------------------------------------

    def set_filter(self, new_filter: DossierFilter) -> None:
        """Load the first page (and the count) for a filter, off the GUI thread."""
        self.filter = new_filter
        self._generation += 1
        generation = self._generation
        ctx = self.state.ctx
        self.loading = True
        Task(lambda: listing.page(ctx, new_filter, limit=PAGE_SIZE), self).success(
            lambda rows: self._first_page(generation, rows)
        ).failure(self._failed).run()
        self.total = None
        Task(lambda: listing.count(ctx, new_filter), self).success(
            lambda n: self._counted(generation, n)
        ).failure(self._failed).run()

    def reload(self) -> None:
        self.set_filter(self.filter)

    def _first_page(self, generation: int, rows: list[tuple[int, DossierView]]) -> None:
        if generation != self._generation:
            return  # a newer filter was set while this one loaded
        self.beginResetModel()
        self._rows = list(rows)
        self._exhausted = len(rows) < PAGE_SIZE
        self.endResetModel()
        self.loading = False
        self.loaded.emit()

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = total
            self.counted.emit(total)

    def _failed(self, message: str) -> None:
        self.loading = False
        self.failed.emit(message)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or not self._rows:
            return
        more = listing.page(self.state.ctx, self.filter, before=self._rows[-1][0], limit=PAGE_SIZE)
        self._exhausted = len(more) < PAGE_SIZE
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    # --- reading --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("DossierTableModel", self.HEADERS[section])
        return None

    def view_at(self, row: int) -> DossierView:
        return self._rows[row][1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        view = self._rows[index.row()][1]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(view, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_PROCEDURE, COL_APPLICANT):
            return self._display(view, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_DUE, COL_TIMELINESS):
            if view.timeliness is Timeliness.LATE:
                return _LATE
            if view.timeliness is Timeliness.DUE_SOON:
                return _SOON
        if role == CODE_ROLE:
            return view.code
        if role == VIEW_ROLE:
            return view
        return None

    @staticmethod
    def _display(view: DossierView, column: int) -> str:
        if column == COL_CODE:
            return view.code
        if column == COL_APPLICANT:
            return view.applicant_name
        if column == COL_PROCEDURE:
            return view.procedure_name
        if column == COL_RECEIVED:
            return fmt.moment(view.received_at)
        if column == COL_DUE:
            return fmt.moment(view.due_at)
        if column == COL_STATUS:
            return core_label(view.status_label)
        if column == COL_TIMELINESS:
            text = core_label(view.timeliness.label)
            if view.apology_count:
                text += (
                    QCoreApplication.translate("DossierTableModel", " (đã xin lỗi)")
                    if text
                    else QCoreApplication.translate("DossierTableModel", "Đã xin lỗi")
                )
            return text
        if column == COL_CHANNEL:
            return core_label(CHANNELS.get(view.channel, view.channel))
        return ""
