"""The dossier list as a lazy table model: pages of 100 rows fetched as the view scrolls.

A new filter loads its first page and its count off the GUI thread (ui.tasks); later pages
use keyset paging (`listing.page(before=…)`) and cost the same at row 100 and at row 900,000.
Only the newest-used pages keep their rows (CACHED_PAGES); of the others the list keeps each
row's key and reads the page again (`listing.views`) when the clerk scrolls back to it, so a
long scroll costs a few bytes a row instead of a whole dossier view.
"""

from __future__ import annotations

from collections import OrderedDict

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

from counter.errors import CounterError
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
CACHED_PAGES = 20  # pages whose rows stay in memory (2,000 rows, ~4 MB)
_LATE = QBrush(QColor("#b3261e"))
_SOON = QBrush(QColor("#8a5a00"))

Index = QModelIndex | QPersistentModelIndex


class DossierTableModel(QAbstractTableModel):
    loaded = Signal()  # the first page of a new filter is in
    page_added = Signal()  # a later page is in (fetchMore)
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
        self._nums: list[int] = []  # every row's key (`num`), in list order
        # page index → its rows' views, least recently used first (None: the dossier is gone)
        self._pages: OrderedDict[int, list[DossierView | None]] = OrderedDict()
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
        ).failure(lambda message: self._stale_or_failed(generation, message)).run()
        self.total = None
        Task(lambda: listing.count(ctx, new_filter), self).success(
            lambda n: self._counted(generation, n)
        ).failure(lambda message: self._count_failed(generation, message)).run()

    def reload(self) -> None:
        self.set_filter(self.filter)

    def _first_page(self, generation: int, rows: list[tuple[int, DossierView]]) -> None:
        if generation != self._generation:
            return  # a newer filter was set while this one loaded
        self.beginResetModel()
        self._nums = [num for num, _view in rows]
        self._pages.clear()
        self._keep(0, [view for _num, view in rows])
        self._exhausted = len(rows) < PAGE_SIZE
        self.endResetModel()
        self.loading = False
        self.loaded.emit()

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = total
            self.counted.emit(total)

    def _stale_or_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._failed(message)

    def _count_failed(self, generation: int, message: str) -> None:
        # The count alone failing leaves the rows (and their loading state) as they are.
        if generation == self._generation:
            self.failed.emit(message)

    def _failed(self, message: str) -> None:
        self.loading = False
        self.failed.emit(message)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """The next page, read off the GUI thread (under a rare filter a page can take a good
        part of a second on a million dossiers); the view asks again once it is in."""
        if parent.isValid() or self._exhausted or not self._nums or self.loading:
            return
        self.loading = True
        generation, ctx, wanted, before = (
            self._generation,
            self.state.ctx,
            self.filter,
            self._nums[-1],
        )
        Task(lambda: listing.page(ctx, wanted, before=before, limit=PAGE_SIZE), self).success(
            lambda more: self._next_page(generation, more)
        ).failure(lambda message: self._page_failed(generation, message)).run()

    def _page_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return  # for a filter no longer shown: its error is not this list's
        # No endless retries from a view resting at the bottom: the next filter or reload
        # tries again.
        self._exhausted = True
        self._failed(message)

    def _next_page(self, generation: int, more: list[tuple[int, DossierView]]) -> None:
        if generation != self._generation:
            return  # a newer filter was set meanwhile: its first page stands
        self.loading = False
        self._exhausted = len(more) < PAGE_SIZE
        if more:
            first = len(self._nums)  # a multiple of PAGE_SIZE: only full pages ask for more
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._nums.extend(num for num, _view in more)
            self._keep(first // PAGE_SIZE, [view for _num, view in more])
            self.endInsertRows()
        self.page_added.emit()

    def _keep(self, page: int, views: list[DossierView | None]) -> None:
        self._pages[page] = views
        self._pages.move_to_end(page)
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)

    def cached_pages(self) -> list[int]:
        """The pages whose rows are in memory, least recently used first."""
        return list(self._pages)

    # --- reading --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._nums)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("DossierTableModel", self.HEADERS[section])
        return None

    def view_at(self, row: int) -> DossierView | None:
        """The row's dossier; its page is read again if it was let go. None if the dossier is
        no longer there or cannot be read now (the list's `failed` says why)."""
        page, offset = divmod(row, PAGE_SIZE)
        views = self._pages.get(page)
        if views is None:
            nums = self._nums[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
            try:
                found = listing.views(self.state.ctx, nums)
            except CounterError as exc:
                self.failed.emit(exc.message)
                return None
            views = [found.get(num) for num in nums]
            self._keep(page, views)
        else:
            self._pages.move_to_end(page)
        return views[offset] if offset < len(views) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._nums):
            return None
        view = self.view_at(index.row())
        if view is None:
            return None
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
