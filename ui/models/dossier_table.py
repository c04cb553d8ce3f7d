"""The dossier list as a lazy table model: pages of 100 rows fetched as the view scrolls.

A new filter loads its first page and its count off the GUI thread (ui.tasks); later pages
use keyset paging (`listing.page(before=…)`) and cost the same at row 100 and at row 900,000.
Only the newest-used pages keep their rows (CACHED_PAGES); of the others the list keeps each
row's key and reads the page again (`listing.views`) when the clerk scrolls back to it, so a
long scroll costs a few bytes a row instead of a whole dossier view.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import date
from typing import Any

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
from counter.reports.presentation import short_procedure_name
from counter.services import listing
from counter.services.listing import DossierFilter
from counter.services.views import CHANNELS, DossierView, Timeliness
from ui import format as fmt
from ui.labels import label as core_label
from ui.state import AppState
from ui.tasks import Task

COL_CODE, COL_APPLICANT, COL_PROCEDURE, COL_RECEIVED, COL_DUE, COL_STATUS, COL_TIMELINESS = range(7)
COL_CHANNEL = 7
# Shown after the applicant (the view moves them there): to tell people of one name apart.
COL_ID_NUMBER, COL_BIRTH = 8, 9
COLUMN_COUNT = 10
# The columns a click on the header sorts by (listing.ORDERS); the others keep their order.
SORTABLE = {
    COL_CODE: "code",
    COL_APPLICANT: "applicant",
    COL_PROCEDURE: "procedure",
    COL_RECEIVED: "received",
    COL_DUE: "due",
    COL_STATUS: "status",
    COL_CHANNEL: "channel",
    COL_ID_NUMBER: "id_number",
}

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
VIEW_ROLE = Qt.ItemDataRole.UserRole + 2

PAGE_SIZE = 100
CACHED_PAGES = 20  # pages whose rows stay in memory (2,000 rows, ~4 MB)
_LATE = QBrush(QColor("#b3261e"))
_SOON = QBrush(QColor("#8a5a00"))

Index = QModelIndex | QPersistentModelIndex
_Page = tuple[list[tuple[int, DossierView]], dict[int, date]]


def _with_births(ctx, rows: list[tuple[int, DossierView]]) -> _Page:
    """A page's rows and their applicants' birth dates (read on the same worker)."""
    return rows, listing.birth_dates(ctx, [num for num, _view in rows])


class DossierTableModel(QAbstractTableModel):
    loaded = Signal()  # the first page of a new filter is in
    page_added = Signal()  # a later page is in (fetchMore)
    reached_end = Signal()  # every row is in, after `fetch_to_end`
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
        QT_TRANSLATE_NOOP("DossierTableModel", "Số định danh"),
        QT_TRANSLATE_NOOP("DossierTableModel", "Ngày sinh"),
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
        self.births: dict[int, date] = {}  # row key → the applicant's birth date (rows read)
        self._to_end = False

    # --- loading --------------------------------------------------------------------------

    def set_filter(self, new_filter: DossierFilter) -> None:
        """Load the first page (and the count) for a filter, off the GUI thread."""
        self.filter = new_filter
        self._generation += 1
        generation = self._generation
        ctx = self.state.ctx
        self.loading = True
        self._to_end = False
        Task(
            lambda: _with_births(ctx, listing.page(ctx, new_filter, limit=PAGE_SIZE)), self
        ).success(lambda rows: self._first_page(generation, rows)).failure(
            lambda message: self._stale_or_failed(generation, message)
        ).run()
        self.total = None
        Task(lambda: listing.count(ctx, new_filter), self).success(
            lambda n: self._counted(generation, n)
        ).failure(lambda message: self._count_failed(generation, message)).run()

    def reload(self) -> None:
        self.set_filter(self.filter)

    def _first_page(self, generation: int, read: _Page) -> None:
        if generation != self._generation:
            return  # a newer filter was set while this one loaded
        rows, births = read
        self.births.update(births)
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
        generation, ctx, wanted, before = (
            self._generation,
            self.state.ctx,
            self.filter,
            self._nums[-1],
        )
        after: tuple[Any, int] | None = None
        if wanted.order == "num":
            after = (before, before)
        elif wanted.order:
            last = self.view_at(len(self._nums) - 1)
            if last is None:
                return
            after = (listing.sort_value(last, wanted.order), before)
        self.loading = True

        def read() -> _Page:
            rows = listing.page(ctx, wanted, before=before, after=after, limit=PAGE_SIZE)
            return _with_births(ctx, rows)

        Task(read, self).success(lambda more: self._next_page(generation, more)).failure(
            lambda message: self._page_failed(generation, message)
        ).run()

    def _page_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return  # for a filter no longer shown: its error is not this list's
        # No endless retries from a view resting at the bottom: the next filter or reload
        # tries again.
        self._exhausted = True
        self._failed(message)

    def _next_page(self, generation: int, read: _Page) -> None:
        if generation != self._generation:
            return  # a newer filter was set meanwhile: its first page stands
        more, births = read
        self.births.update(births)
        self.loading = False
        self._exhausted = len(more) < PAGE_SIZE
        if more:
            first = len(self._nums)  # a multiple of PAGE_SIZE: only full pages ask for more
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._nums.extend(num for num, _view in more)
            self._keep(first // PAGE_SIZE, [view for _num, view in more])
            self.endInsertRows()
        self.page_added.emit()
        if self._to_end:
            if self._exhausted:
                self._to_end = False
                self.reached_end.emit()
            else:
                self.fetchMore()

    def fetch_to_end(self) -> None:
        """Read the pages left, one after another off the GUI thread; `reached_end` then."""
        if self._exhausted and not self.loading:
            self.reached_end.emit()
            return
        self._to_end = True
        if not self.loading:
            self.fetchMore()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a column's header: the list in that column's order (keyset pages)."""
        key = SORTABLE.get(column, "")
        ascending = order == Qt.SortOrder.AscendingOrder
        if (key, ascending) == (self.filter.order, self.filter.ascending) or (
            not key and not self.filter.order
        ):
            return
        self.set_filter(replace(self.filter, order=key, ascending=ascending))

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
                self.births.update(listing.birth_dates(self.state.ctx, nums))
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
        if role == Qt.ItemDataRole.DisplayRole and column == COL_BIRTH:
            return fmt.day(self.births.get(self._nums[index.row()]))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(view, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_PROCEDURE:
            return view.procedure_name  # whole, where the column shows it shortened
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_APPLICANT, COL_STATUS, COL_CODE):
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

    def _display(self, view: DossierView, column: int) -> str:
        if column == COL_CODE:
            return view.code
        if column == COL_APPLICANT:
            return view.applicant_name
        if column == COL_ID_NUMBER:
            return view.id_number
        if column == COL_PROCEDURE:
            # "Thủ tục …" begins most names: the words that tell them apart come first.
            return short_procedure_name(view.procedure_name, 10_000)
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
