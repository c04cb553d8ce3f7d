"""The Reports screen: choose a period, see the figures and the charts, export to Excel or PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter.domain.text import procedure_title
from counter.errors import CounterError
from counter.reports import charts
from counter.reports.figures import Report, build_report
from counter.reports.period import Period
from counter.reports.presentation import GROUPINGS, indicators
from counter.services.context import Context
from ui.labels import label as core_label
from ui.screens.report_charts import ReportChart
from ui.screens.report_steps import LateStepsView
from ui.screens.report_table import FiguresTable
from ui.tasks import Task
from ui.widgets import FlowLayout

KINDS = (
    ("quarter", QT_TRANSLATE_NOOP("ReportsScreen", "Quý")),
    ("month", QT_TRANSLATE_NOOP("ReportsScreen", "Tháng")),
    ("year", QT_TRANSLATE_NOOP("ReportsScreen", "Năm")),
    ("range", QT_TRANSLATE_NOOP("ReportsScreen", "Khoảng ngày")),
)
ROMAN = ("I", "II", "III", "IV")
# What the rows of the table are, by grouping: the first column's header.
ROW_HEADERS = {
    None: QT_TRANSLATE_NOOP("ReportsScreen", "Kỳ báo cáo"),
    "field": QT_TRANSLATE_NOOP("ReportsScreen", "Lĩnh vực"),
    "procedure": QT_TRANSLATE_NOOP("ReportsScreen", "Thủ tục"),
}


_QUARTER = QT_TRANSLATE_NOOP("ReportsScreen", "Quý {q} năm {y}")
_MONTH = QT_TRANSLATE_NOOP("ReportsScreen", "Tháng {m}/{y}")
_YEAR = QT_TRANSLATE_NOOP("ReportsScreen", "Năm {y}")


def _together(*widgets: QWidget) -> QWidget:
    """Widgets kept side by side in one piece of a wrapping bar (a caption and its control)."""
    pair = QWidget()
    pair.setProperty("pair", True)
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return pair


def period_label(text: str) -> str:
    """A period as the core names it ("Quý III năm 2026", "Tháng 09/2026", "Năm 2026") in the
    interface language; a range of dates reads the same in every language."""
    forms = (
        (r"Quý ([IV]+) năm (\d{4})", _QUARTER, ("q", "y")),
        (r"Tháng (\d{2})/(\d{4})", _MONTH, ("m", "y")),
        (r"Năm (\d{4})", _YEAR, ("y",)),
    )
    for pattern, source, names in forms:
        if found := re.fullmatch(pattern, text):
            values = dict(zip(names, found.groups(), strict=True))
            return QCoreApplication.translate("ReportsScreen", source).format(**values)
    return text


class ReportsScreen(QWidget):
    """Standalone: `ReportsScreen(ctx)`. Emits `reportReady(Report)`, `exported(path)`,
    `failed(message)`; the report is built off the GUI thread."""

    reportReady = Signal(object)
    exported = Signal(str)
    failed = Signal(str)
    open_dossier = Signal(str)  # a late dossier's code: double click or Enter on its row

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self._token = 0
        self._build_token = 0  # the latest build asked for: an older one is not shown
        self._busy = 0
        self._syncing = True  # controls set by the code, not by the leader: no rebuild
        self._build_ui()
        self._set_default_period()
        self._syncing = False

    # --- layout -------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(self.tr(label), key)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.part = QComboBox()
        self.first_day = QDateEdit()
        self.last_day = QDateEdit()
        for edit in (self.first_day, self.last_day):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        self.grouping = QComboBox()
        for key, text in GROUPINGS.items():
            self.grouping.addItem(core_label(text), key)
        self.build_button = QPushButton(self.tr("Lập báo cáo"))
        self.build_button.setDefault(True)
        self.build_button.setToolTip(self.tr("Lập báo cáo (F5)"))
        self.xlsx_button = QPushButton(self.tr("Xuất Excel…"))
        self.pdf_button = QPushButton(self.tr("Xuất PDF…"))
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: a database query has no steps to count
        self.progress.setVisible(False)
        self.progress.setTextVisible(False)
        self.status = QLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # One row on a wide window, wrapping on a narrow one (1024×768 at 125 %); a caption
        # stays beside its control, the export buttons at the right.
        bar = FlowLayout(last_right=True)
        for label, widget in (
            (self.tr("Kỳ báo cáo:"), self.kind),
            (self.tr("Năm:"), self.year),
            ("", self.part),
            (self.tr("Từ ngày:"), self.first_day),
            (self.tr("đến ngày:"), self.last_day),
            (self.tr("Nhóm theo:"), self.grouping),
        ):
            if label:
                caption = QLabel(label)
                caption.setBuddy(widget)
                bar.addWidget(_together(caption, widget))
            else:
                bar.addWidget(widget)
        bar.addWidget(self.build_button)
        bar.addWidget(_together(self.xlsx_button, self.pdf_button))

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)

        self.table = FiguresTable()
        self.table_header = self.table.grouped_header
        self.table.set_row_headers(self.tr("STT"), self.tr(ROW_HEADERS[None]))

        self.indicator_table = QTableWidget(0, 3)
        self.indicator_table.setHorizontalHeaderLabels(
            [self.tr("Chỉ số"), self.tr("Giá trị"), self.tr("Ghi chú")]
        )
        self.indicator_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.indicator_table.verticalHeader().setVisible(False)
        header = self.indicator_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        words = charts.ChartWords(
            received=self.tr("Hồ sơ tiếp nhận theo tháng và hình thức"),
            on_time=self.tr("Tỷ lệ giải quyết đúng hạn theo tháng (%)"),
            late=self.tr("Hồ sơ quá hạn theo thủ tục"),
            no_late=self.tr("Không có hồ sơ quá hạn"),
            channels=(self.tr("Trực tiếp"), self.tr("Bưu chính"), self.tr("Trực tuyến")),
        )
        self.received_chart = ReportChart(charts.received_chart, words)
        self.on_time_chart = ReportChart(charts.on_time_chart, words)
        self.late_chart = ReportChart(charts.late_chart, words)
        chart_page = QWidget()
        grid = QGridLayout(chart_page)
        grid.addWidget(self.received_chart, 0, 0)
        grid.addWidget(self.on_time_chart, 0, 1)
        grid.addWidget(self.late_chart, 1, 0, 1, 2)

        self.late_table = QTableWidget(0, 5)
        self.late_table.setHorizontalHeaderLabels(
            [
                self.tr("Mã hồ sơ"),
                self.tr("Thủ tục"),
                self.tr("Người nộp"),
                self.tr("Hạn trả theo quy định"),
                self.tr("Văn bản xin lỗi"),
            ]
        )
        self.late_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.late_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.late_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.late_table.setWordWrap(False)
        self.late_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.late_table.verticalHeader().setVisible(False)
        late_header = self.late_table.horizontalHeader()
        # The code and the due moment whole; the procedure takes what is left (whole in its
        # tooltip).
        late_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        late_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.late_table.cellActivated.connect(self._late_activated)
        self.late_table.cellDoubleClicked.connect(self._late_activated)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, self.tr("Số liệu tổng hợp"))
        self.tabs.addTab(self.indicator_table, self.tr("Chỉ số chất lượng"))
        self.tabs.addTab(chart_page, self.tr("Biểu đồ"))
        self.tabs.addTab(self.late_table, self.tr("Hồ sơ quá hạn"))
        self.late_steps = LateStepsView()
        self.tabs.addTab(self.late_steps, self.tr("Chậm theo bước"))

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        status_line = QHBoxLayout()
        status_line.addWidget(self.progress)
        status_line.addWidget(self.status, 1)
        layout.addLayout(status_line)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        # The table always shows what the controls say: a change rebuilds the report (after
        # a short pause, so typing a year or a date builds once).
        self._rebuild = QTimer(self)
        self._rebuild.setSingleShot(True)
        self._rebuild.setInterval(400)
        self._rebuild.timeout.connect(self.build_from_controls)
        for signal in (
            self.kind.currentIndexChanged,
            self.year.valueChanged,
            self.part.currentIndexChanged,
            self.first_day.dateChanged,
            self.last_day.dateChanged,
            self.grouping.currentIndexChanged,
        ):
            signal.connect(self._controls_changed)
        self.build_button.clicked.connect(self.build_from_controls)
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.build_from_controls)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        # Where the keyboard is, seen at a glance (the platform's focus frame is faint).
        self.setStyleSheet(
            "QPushButton:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus,"
            " QTableView:focus, QTabBar::tab:focus {border: 2px solid #2f6fd6;}"
        )
        QShortcut(QKeySequence("Ctrl+E"), self, lambda: self._ask_export("xlsx"))
        QShortcut(QKeySequence("Ctrl+P"), self, lambda: self._ask_export("pdf"))
        for a, b in (
            (self.kind, self.year),
            (self.year, self.part),
            (self.part, self.first_day),
            (self.first_day, self.last_day),
            (self.last_day, self.grouping),
            (self.grouping, self.build_button),
            (self.build_button, self.xlsx_button),
            (self.xlsx_button, self.pdf_button),
            (self.pdf_button, self.tabs),
        ):
            QWidget.setTabOrder(a, b)

    def _set_default_period(self) -> None:
        """The current quarter, so far: what a leader opening the reports looks at first."""
        today = self.ctx.now().date()
        self.year.setValue(today.year)
        self.kind.setCurrentIndex(0)
        self._kind_changed()
        self.part.setCurrentIndex((today.month - 1) // 3)
        self.first_day.setDate(QDate(today.year, today.month, 1))
        self.last_day.setDate(QDate(today.year, today.month, today.day))

    def _controls_changed(self) -> None:
        if not self._syncing:
            self._rebuild.start()

    def select(self, period: Period, by: str | None) -> None:
        """Set the controls to `period` and `by` without building anything."""
        first, last = period.first, period.last
        next_month = (last + timedelta(days=1)).replace(day=1)
        whole_months = first.day == 1 and last + timedelta(days=1) == next_month
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        if whole_months and months == 12 and first.month == 1:
            kind = "year"
        elif whole_months and months == 1:
            kind = "month"
        elif whole_months and months == 3 and first.month % 3 == 1:
            kind = "quarter"
        else:
            kind = "range"
        self._syncing = True
        try:
            self.kind.setCurrentIndex(self.kind.findData(kind))
            self._kind_changed()  # also when the kind was already selected
            self.year.setValue(first.year)
            if kind == "quarter":
                self.part.setCurrentIndex((first.month - 1) // 3)
            elif kind == "month":
                self.part.setCurrentIndex(first.month - 1)
            elif kind == "range":
                self.first_day.setDate(QDate(first.year, first.month, first.day))
                self.last_day.setDate(QDate(last.year, last.month, last.day))
            self.grouping.setCurrentIndex(self.grouping.findData(by))
        finally:
            self._syncing = False

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.part.clear()
        if kind == "quarter":
            self.part.addItems([self.tr("Quý {n}").format(n=r) for r in ROMAN])
        elif kind == "month":
            self.part.addItems([self.tr("Tháng {n}").format(n=m) for m in range(1, 13)])
            self.part.setCurrentIndex(self.ctx.now().month - 1)
        self.part.setVisible(kind in ("quarter", "month"))
        self.year.setVisible(kind != "range")
        for edit in (self.first_day, self.last_day):
            edit.setVisible(kind == "range")
        for caption in self.findChildren(QLabel):
            buddy = caption.buddy()
            if buddy is not None:
                caption.setVisible(not buddy.isHidden())
                pair = caption.parentWidget()
                if pair is not None and pair.property("pair"):
                    pair.setVisible(not buddy.isHidden())  # takes no room in the bar

    def period_spec(self) -> str:
        """What the controls ask for, as `Period.parse` reads it."""
        kind = self.kind.currentData()
        year = self.year.value()
        if kind == "quarter":
            return f"{year}-Q{self.part.currentIndex() + 1}"
        if kind == "month":
            return f"{year}-{self.part.currentIndex() + 1:02d}"
        if kind == "year":
            return str(year)
        first: date = self.first_day.date().toPython()  # type: ignore[assignment]
        last: date = self.last_day.date().toPython()  # type: ignore[assignment]
        return f"{first.isoformat()}..{last.isoformat()}"

    # --- work off the GUI thread --------------------------------------------------------

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None], message: str) -> int:
        """Run `fn` through the shared task helper with the screen busy meanwhile; returns the
        request's token. A screen closed before the work ends is not called back."""
        self._token += 1
        token = self._token
        self._busy += 1
        self.progress.setVisible(True)
        self.status.setText(message)
        self.build_button.setEnabled(False)

        def done(result: Any) -> None:
            self._finish()
            on_done(result)

        def failed(message: str) -> None:
            self._finish()
            self._on_failed(token, message)

        Task(fn, self).success(done).failure(failed).run()
        return token

    def _finish(self) -> None:
        self._busy -= 1
        if self._busy == 0:
            self.progress.setVisible(False)
            self.build_button.setEnabled(True)

    def _on_failed(self, token: int, message: str) -> None:
        if token == self._build_token and self.report is not None and not self._rebuild.isActive():
            self.select(self.report.period, self.report.by)  # back to what the table shows
        self.status.setText(message)
        self.failed.emit(message)

    @property
    def busy(self) -> bool:
        return self._busy > 0

    # --- building and showing ---------------------------------------------------------

    def build_from_controls(self) -> None:
        self._rebuild.stop()
        self.build(self.period_spec(), self.grouping.currentData())

    def build(self, spec: str, by: str | None = None) -> None:
        """Build the report of `spec` ('2026-Q3', …) in the background, then show it; the
        controls say at once what is being built."""
        self._rebuild.stop()
        try:
            period = Period.parse(spec)
        except CounterError as exc:
            self.status.setText(exc.message)
            self.failed.emit(exc.message)
            return
        self.select(period, by)
        ctx = self.ctx

        def show(report: Report, token: int = self._token + 1) -> None:
            if token == self._build_token:  # a newer request replaced this one
                self._show(report)

        self._build_token = self._run(
            lambda: build_report(ctx, period, by),
            show,
            self.tr("Đang lập báo cáo {period}…").format(period=period_label(period.label)),
        )

    def _show(self, report: Report) -> None:
        self.report = report
        if not self._rebuild.isActive():  # else the leader changed a control meanwhile
            self.select(report.period, report.by)
        figures = report.total.figures
        # The period is in the title just below: the line says what a leader looks for first.
        summary = self.tr("{n} hồ sơ nhận giải quyết, {late} hồ sơ quá hạn.").format(
            n=f"{figures.handled:,}".replace(",", "."),
            late=f"{figures.late:,}".replace(",", "."),
        )
        if not report.complete:
            summary += " " + self.tr("Kỳ báo cáo chưa kết thúc.")
        self.status.setText(summary)
        self.title.setText(
            self.tr("{period} — số liệu tính đến {time} ngày {day}").format(
                period=period_label(report.period.label),
                time=f"{report.as_of:%H:%M}",
                day=f"{report.as_of:%d/%m/%Y}",
            )
        )
        self._fill_table(report)
        self._fill_indicators(report)
        self._fill_late(report)
        self.late_steps.fill(report)
        for chart in (self.received_chart, self.on_time_chart, self.late_chart):
            chart.set_report(report)
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(True)
        self.reportReady.emit(report)

    def _fill_table(self, report: Report) -> None:
        items = [*report.rows, report.total] if report.by else [report.total]
        self.table.set_row_headers(self.tr("STT"), self.tr(ROW_HEADERS[report.by]))
        rows = []
        for n, item in enumerate(items, start=1):
            total = item is report.total
            # Ungrouped, the one row is the whole period: named by it, not "Tổng cộng".
            name = item.label if report.by else period_label(report.period.label)
            rows.append(("" if total else str(n), name, item.figures, total))
        self.table.fill(rows)

    def _fill_indicators(self, report: Report) -> None:
        rows = indicators(report)
        self.indicator_table.setRowCount(len(rows))
        for r, item in enumerate(rows):
            value = QTableWidgetItem(item.text())
            value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.indicator_table.setItem(r, 0, QTableWidgetItem(item.label))
            self.indicator_table.setItem(r, 1, value)
            self.indicator_table.setItem(r, 2, QTableWidgetItem(item.note))

    def _fill_late(self, report: Report) -> None:
        self.late_table.setRowCount(len(report.late_dossiers))
        for r, d in enumerate(report.late_dossiers):
            due = d.legal_due_at or ""
            cells = [
                d.code,
                procedure_title(d.procedure_name),  # as in the dossier list; whole in its tip
                d.applicant_name,
                f"{due[11:16]} {due[8:10]}/{due[5:7]}/{due[:4]}" if due else "",
                self.tr("Đã có") if d.apology_count else self.tr("Chưa có"),
            ]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(d.procedure_name if c == 1 else text)
                if c == 4 and not d.apology_count:
                    cell.setForeground(QColor("#C0392B"))
                self.late_table.setItem(r, c, cell)

    def _late_activated(self, row: int, _column: int = 0) -> None:
        item = self.late_table.item(row, 0)
        if item is not None and item.text():
            self.open_dossier.emit(item.text())

    # --- export -------------------------------------------------------------------------

    def _ask_export(self, fmt: str) -> None:
        if self.report is None or self.busy:
            return
        label = self.report.period.label.replace("/", "-")
        caption = (
            self.tr("Xuất báo cáo ra Excel") if fmt == "xlsx" else self.tr("Xuất báo cáo ra PDF")
        )
        filters = (
            self.tr("Bảng tính Excel (*.xlsx)") if fmt == "xlsx" else self.tr("Tệp PDF (*.pdf)")
        )
        name = self.tr("Báo cáo {period}").format(period=label) + f".{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, caption, name, filters)
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the shown report to `path` ('xlsx' or 'pdf') in the background."""
        report, ctx = self.report, self.ctx
        if report is None:
            return

        def write() -> str:  # on a pool thread: touches no widget
            if fmt == "xlsx":
                from counter.reports.excel import write_xlsx
                from counter.reports.register import register_lines

                write_xlsx(report, path, register_lines(ctx, report.period))
            else:
                from counter.reports.pdf import render_pdf

                render_pdf(report, path)
            return str(path)

        def done(written: str) -> None:
            self.status.setText(self.tr("Đã ghi báo cáo vào {path}.").format(path=written))
            self.exported.emit(written)

        self._run(write, done, self.tr("Đang ghi {name}…").format(name=path.name))
