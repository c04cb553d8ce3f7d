"""All dossiers: search as you type, filters, and a lazy table that stays fast at a million rows."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter.domain.dossier import STATUS_LABELS, Status
from counter.services import catalogue, listing
from counter.services.listing import LATENESS, DossierFilter
from counter.services.views import CHANNELS
from ui.labels import label as core_label
from ui.models.dossier_table import (
    CODE_ROLE,
    COL_APPLICANT,
    COL_BIRTH,
    COL_ID_NUMBER,
    DossierTableModel,
)
from ui.navigation import ScreenDefaults
from ui.screens.dossier_columns import ColumnFitter
from ui.state import AppState
from ui.widgets import Banner, debounce

PERIODS = (
    ("", QT_TRANSLATE_NOOP("DossiersScreen", "Mọi thời gian")),
    ("today", QT_TRANSLATE_NOOP("DossiersScreen", "Hôm nay")),
    ("week", QT_TRANSLATE_NOOP("DossiersScreen", "Tuần này")),
    ("month", QT_TRANSLATE_NOOP("DossiersScreen", "Tháng này")),
    ("30days", QT_TRANSLATE_NOOP("DossiersScreen", "30 ngày qua")),
    ("year", QT_TRANSLATE_NOOP("DossiersScreen", "Năm nay")),
)

# Ctrl+End reads a list to its end up to this many rows (a few hundred milliseconds); a longer
# one is turned round instead.
END_READ = 5000

# Home-screen figures → the filter that lists them.
PRESETS: dict[str, DossierFilter] = {
    "due_today": DossierFilter(lateness="due_today"),
    "due_next_day": DossierFilter(lateness="due_next_day"),
    "overdue": DossierFilter(lateness="overdue"),
    "overdue_no_apology": DossierFilter(lateness="overdue_no_apology"),
    "late_step": DossierFilter(lateness="late_step"),
    "supplement": DossierFilter(status=int(Status.SUPPLEMENT)),
    "ready": DossierFilter(status=int(Status.RESOLVED)),
    "conflicts": DossierFilter(conflict=True),
}


class DossiersScreen(QWidget, ScreenDefaults):
    open_dossier = Signal(str)
    print_dossier = Signal(str)  # Ctrl+P on a row: open that dossier and print from it

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Tìm theo tên, số định danh, mã hồ sơ, tên thủ tục (không cần dấu)…")
        )
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem(self.tr("Mọi trạng thái"), None)
        for status, text in STATUS_LABELS.items():
            self.status.addItem(core_label(text), int(status))
        self.lateness = QComboBox()
        self.lateness.addItem(self.tr("Mọi tiến độ"), "")
        for key, text in LATENESS.items():
            self.lateness.addItem(core_label(text), key)
        self.procedure = QComboBox()
        self.procedure.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.procedure.setMinimumContentsLength(18)
        self.period = QComboBox()
        for key, label in PERIODS:
            self.period.addItem(self.tr(label), key)
        self.channel = QComboBox()
        self.channel.addItem(self.tr("Mọi hình thức nộp"), "")
        for key, text in CHANNELS.items():
            self.channel.addItem(core_label(text), key)
        self.count_label = QLabel()
        self._conflicts_only = False
        # A home figure's list: shown as a chip the clerk can clear (✕ or Esc), and let go when
        # the clerk searches, so a search never runs silently inside a tile's filter.
        self._preset = ""
        self._preset_label = ""
        self.chip = QPushButton()
        self.chip.setObjectName("filterChip")
        self.chip.setStyleSheet(
            "QPushButton#filterChip{background:#e8f0fe;color:#123c7a;border:1px solid #a8c2f0;"
            "border-radius:9px;padding:0.15em 0.6em;}"
            "QPushButton#filterChip:focus{border:2px solid #2f6fd6;}"
        )
        self.chip.setToolTip(self.tr("Bỏ lọc này (Esc trong ô tìm kiếm)"))
        self.chip.clicked.connect(self.clear_preset)
        self.chip.hide()
        self.banner = Banner()

        self.model = DossierTableModel(state, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        self.columns = ColumnFitter(self.table)  # the procedure readable at 1024×768 too
        # The ID number and birth date beside the name: 13 people of one name told apart.
        for column in (COL_BIRTH, COL_ID_NUMBER):
            header.moveSection(header.visualIndex(column), header.visualIndex(COL_APPLICANT) + 1)
        # A click on a header sorts by it (again: the other way); none at first: newest first.
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)

        filters = QHBoxLayout()
        for widget in (self.status, self.lateness, self.procedure, self.period, self.channel):
            # Narrow when the window is (1366×768 at 125 %); the open list shows whole labels.
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(max(widget.minimumContentsLength(), 12))
            # …and narrower still when it must (1024×768): the row never widens the window.
            widget.setMinimumWidth(widget.fontMetrics().averageCharWidth() * 7)
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.chip)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)

        self._typing = debounce(self, 150, self.apply_filter)
        self.search.textChanged.connect(self._typing.start)
        self.search.returnPressed.connect(self._enter_in_search)
        for combo in (self.status, self.lateness, self.procedure, self.period, self.channel):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.table.activated.connect(self._activated)
        self.model.counted.connect(self._show_count)
        self.model.failed.connect(lambda m: self.banner.show_message(m, "error"))
        self.model.loaded.connect(self._loaded)
        # Only from the search box into the table (and back with Esc): in the table and the
        # filters the arrows keep their usual meaning.
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, self._into_table)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.table, self.search.setFocus)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self._escape_in_search)
        last = QShortcut(QKeySequence("Ctrl+End"), self.table, self.go_to_end)
        for shortcut in (down, back, clear, last):
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.model.reached_end.connect(self._at_end)
        self.setTabOrder(self.search, self.table)
        state.bridge.dossiers_changed.connect(self.model.reload)
        state.bridge.catalogue_changed.connect(self.load_procedures)
        self.load_procedures()

    def load_procedures(self) -> None:
        current = self.procedure.currentData()
        self.procedure.blockSignals(True)
        self.procedure.clear()
        self.procedure.addItem(self.tr("Mọi thủ tục"), "")
        with self.state.ctx.db.session() as session:
            for proc in catalogue.list_procedures(session, include_inactive=True):
                self.procedure.addItem(proc.name, proc.code)
                self.procedure.setItemData(
                    self.procedure.count() - 1, proc.name, Qt.ItemDataRole.ToolTipRole
                )
        index = self.procedure.findData(current)
        self.procedure.setCurrentIndex(max(index, 0))
        self.procedure.blockSignals(False)

    def current_filter(self) -> DossierFilter:
        start, end = listing.period(self.period.currentData() or "", self.state.ctx.now().date())
        return DossierFilter(
            text=self.search.text().strip(),
            status=self.status.currentData(),
            lateness=self.lateness.currentData() or "",
            procedure_code=self.procedure.currentData() or "",
            channel=self.channel.currentData() or "",
            received_from=start,
            received_to=end,
            conflict=self._conflicts_only,
            order=self.model.filter.order,
            ascending=self.model.filter.ascending,
        )

    def apply_filter(self) -> None:
        self._typing.stop()
        self.banner.clear_message()
        if self._preset and self.search.text().strip():
            label = self.chip_label()
            self._reset_filters()
            self.banner.show_message(
                self.tr("Tìm trong mọi hồ sơ (đã bỏ lọc «{name}»).").format(name=label), "info"
            )
        self.count_label.setText(self.tr("Đang tìm…"))
        self.model.set_filter(self.current_filter())

    def apply_preset(self, key: str, label: str = "") -> None:
        """Open the list a home figure stands for; `label` is the figure's caption, shown on
        the chip that says the list is filtered."""
        preset = PRESETS.get(key, DossierFilter())
        self._set_filters(preset, clear_search=True)
        self._preset = key if key in PRESETS else ""
        self._preset_label = label or self._preset_name(key)
        self._show_chip()
        self.apply_filter()

    def clear_preset(self) -> None:
        """✕ on the chip (or Esc): the whole list again, the typed words kept."""
        if self._preset:
            self._reset_filters()
            self.apply_filter()
            self.search.setFocus()

    def chip_label(self) -> str:
        return self._preset_label if self._preset else ""

    def _preset_name(self, key: str) -> str:
        preset = PRESETS.get(key)
        if preset is None:
            return ""
        if preset.conflict:
            return self.tr("Xung đột sau đồng bộ")
        if preset.lateness:
            return self.lateness.itemText(max(self.lateness.findData(preset.lateness), 0))
        return self.status.itemText(max(self.status.findData(preset.status), 0))

    def _reset_filters(self) -> None:
        self._set_filters(DossierFilter(), clear_search=False)
        self._preset = ""
        self._show_chip()

    def _show_chip(self) -> None:
        self.chip.setText(self.tr("Đang lọc: {name}  ✕").format(name=self.chip_label()))
        self.chip.setAccessibleName(self.chip.text())
        self.chip.setVisible(bool(self._preset))

    def _set_filters(self, preset: DossierFilter, *, clear_search: bool) -> None:
        widgets = (
            self.search,
            self.status,
            self.lateness,
            self.procedure,
            self.period,
            self.channel,
        )
        for widget in widgets:
            widget.blockSignals(True)
        if clear_search:
            self.search.clear()
        self.status.setCurrentIndex(max(self.status.findData(preset.status), 0))
        self.lateness.setCurrentIndex(max(self.lateness.findData(preset.lateness), 0))
        self.procedure.setCurrentIndex(0)
        self.period.setCurrentIndex(0)
        self.channel.setCurrentIndex(0)
        self._conflicts_only = preset.conflict
        for widget in widgets:
            widget.blockSignals(False)

    def _filter_changed(self) -> None:
        self._conflicts_only = False  # the clerk chose another list than «conflicts»
        self._preset = ""  # the combos now say what the list holds
        self._show_chip()
        self.apply_filter()

    def _escape_in_search(self) -> None:
        """Esc in the search box lets go of a home figure's filter, else of the typed words."""
        if self._preset:
            self.clear_preset()
        elif self.search.text():
            self.search.clear()

    # --- as a page of the window (ui.navigation.Screen) -----------------------------------

    def shown(self) -> None:
        if self.model.rowCount() == 0 and not self.model.loading:
            self.apply_filter()
        self.search.setFocus()

    def refresh(self) -> None:
        self.model.reload()

    def print_current(self) -> None:
        index = self.table.currentIndex()
        view = self.model.view_at(index.row()) if index.isValid() else None
        if view is not None:
            self.print_dossier.emit(view.code)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _show_count(self, total: int) -> None:
        self.count_label.setText(self.tr("{n} hồ sơ").format(n=f"{total:,}".replace(",", ".")))

    def _loaded(self) -> None:
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def go_to_end(self) -> None:
        """Ctrl+End: the list's real last row. A list of a few thousand rows is read to its
        end; a longer one is turned round (oldest first) so its last rows come at once."""
        total = self.model.total
        if total is not None and total > END_READ:
            self.banner.show_message(
                self.tr(
                    "Danh sách có {n} hồ sơ: đã đảo thứ tự để hiện những hồ sơ cuối danh sách "
                    "trước (bấm tiêu đề cột để sắp xếp lại)."
                ).format(n=f"{total:,}".replace(",", ".")),
                "info",
            )
            shown = self.model.filter
            # Newest first (no order) turns into oldest first; a column's order the other way.
            turned = (
                replace(shown, order=shown.order, ascending=not shown.ascending)
                if shown.order
                else replace(shown, order="num", ascending=True)
            )
            self.model.set_filter(turned)
            return
        self.count_label.setText(self.tr("Đang đọc đến cuối danh sách…"))
        self.model.fetch_to_end()

    def _at_end(self) -> None:
        if self.model.total is not None:
            self._show_count(self.model.total)
        last = self.model.rowCount() - 1
        if last >= 0:
            self.table.setCurrentIndex(
                self.model.index(last, max(self.table.currentIndex().column(), 0))
            )
            self.table.scrollToBottom()

    def _into_table(self) -> None:
        self.table.setFocus()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _enter_in_search(self) -> None:
        """Enter in the search box opens the first match once the list has caught up."""
        if self._typing.isActive() or self.model.loading:
            self.apply_filter()
            return
        if self.model.rowCount():
            self.open_dossier.emit(self.model.index(0, 0).data(CODE_ROLE))

    def _activated(self, index) -> None:
        self.open_dossier.emit(index.data(CODE_ROLE))
