"""The Reports screen: choose a period, see the figures and the charts, export to Excel or PDF."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QLocale,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
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

from counter.errors import CounterError
from counter.services.context import Context
from counter.services.reports import COLUMNS, GROUPINGS, Period, Report, build_report, indicators
from ui.labels import label as core_label

KINDS = (
    ("quarter", QT_TRANSLATE_NOOP("ReportsScreen", "Quý")),
    ("month", QT_TRANSLATE_NOOP("ReportsScreen", "Tháng")),
    ("year", QT_TRANSLATE_NOOP("ReportsScreen", "Năm")),
    ("range", QT_TRANSLATE_NOOP("ReportsScreen", "Khoảng ngày")),
)
ROMAN = ("I", "II", "III", "IV")
CHANNEL_COLOURS = ("#2F5D8A", "#E08A2E", "#4C9A5B")
log = logging.getLogger(__name__)


# Jobs still running: their relays must outlive a screen closed in the meantime.
_running: set[_Job] = set()


class _Relay(QObject):
    """Lives on the GUI thread: signals emitted from a pool thread reach its slots queued."""

    done = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, job: _Job, screen: ReportsScreen) -> None:
        super().__init__()  # unparented: a closed screen does not take it along
        self.job, self.screen = job, screen
        self.done.connect(self._on_done)
        self.failed.connect(self._on_failed)

    @Slot(int, object)
    def _on_done(self, token: int, result: object) -> None:
        _running.discard(self.job)
        if shiboken6.isValid(self.screen):  # the screen may have been closed meanwhile
            self.screen._on_done(token, result)

    @Slot(int, str)
    def _on_failed(self, token: int, message: str) -> None:
        _running.discard(self.job)
        if shiboken6.isValid(self.screen):
            self.screen._on_failed(token, message)


class _Job(QRunnable):
    """Runs one function on the thread pool; the token tells the screen which request it was.

    The screen is standalone until the lead wires it into the main window, where the shared
    task helper can replace this small runner.
    """

    def __init__(self, token: int, fn: Callable[[], Any], screen: ReportsScreen) -> None:
        super().__init__()
        self.token, self.fn = token, fn
        self.relay = _Relay(self, screen)

    def run(self) -> None:
        try:
            result = self.fn()
        except CounterError as exc:
            self.relay.failed.emit(self.token, exc.message)
        except Exception:  # a bug: the clerk gets a sentence, not a traceback
            log.exception("report task failed")
            self.relay.failed.emit(
                self.token,
                QCoreApplication.translate(
                    "ReportsScreen", "Có lỗi không mong muốn khi lập báo cáo; hãy thử lại."
                ),
            )
        else:
            self.relay.done.emit(self.token, result)


def pending() -> int:
    """How many report jobs have not reported yet (tests wait for 0)."""
    return len(_running)


def _short(text: str, limit: int = 40) -> str:
    for prefix in ("Thủ tục ", "Thực hiện, "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            text = text[:1].upper() + text[1:]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ReportsScreen(QWidget):
    """Standalone: `ReportsScreen(ctx)`. Emits `reportReady(Report)`, `exported(path)`,
    `failed(message)`; the report is built off the GUI thread."""

    reportReady = Signal(object)
    exported = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self._token = 0
        self._busy = 0
        self._started = 0.0
        self._pending: dict[int, Callable[[Any], None]] = {}
        self._build_ui()
        self._set_default_period()

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

        bar = QHBoxLayout()
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
                bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.build_button)
        bar.addStretch(1)
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.pdf_button)

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)

        self.table = QTableWidget(0, 2 + len(COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [self.tr("STT"), core_label(GROUPINGS[None])]
            + [f"{core_label(c.group)}\n{core_label(c.header)}" for c in COLUMNS]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Names are long (procedures): a wide, resizable column; the rest scrolls sideways.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("M") * 22)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

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

        self.received_chart = self._chart_view(self.tr("Hồ sơ tiếp nhận theo tháng và hình thức"))
        self.on_time_chart = self._chart_view(self.tr("Tỷ lệ giải quyết đúng hạn theo tháng (%)"))
        self.late_chart = self._chart_view(self.tr("Hồ sơ quá hạn theo thủ tục"))
        charts = QWidget()
        grid = QGridLayout(charts)
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
        self.late_table.verticalHeader().setVisible(False)
        self.late_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, self.tr("Số liệu tổng hợp"))
        self.tabs.addTab(self.indicator_table, self.tr("Chỉ số chất lượng"))
        self.tabs.addTab(charts, self.tr("Biểu đồ"))
        self.tabs.addTab(self.late_table, self.tr("Hồ sơ quá hạn"))

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        status_line = QHBoxLayout()
        status_line.addWidget(self.progress)
        status_line.addWidget(self.status, 1)
        layout.addLayout(status_line)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.build_button.clicked.connect(self.build_from_controls)
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.build_from_controls)
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

    @staticmethod
    def _chart_view(title: str) -> QChartView:
        chart = QChart()
        chart.setTitle(title)
        # "96,6" and "4.000" as Vietnamese write them, whatever the system locale.
        chart.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        chart.setLocalizeNumbers(True)
        chart.legend().setVisible(False)
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(220)
        return view

    def _set_default_period(self) -> None:
        """The last complete quarter: what a leader is asked for most."""
        today = self.ctx.now().date()
        quarter = (today.month - 1) // 3  # 0-based current quarter = previous one, 1-based
        year = today.year if quarter else today.year - 1
        self.year.setValue(year)
        self.kind.setCurrentIndex(0)
        self._kind_changed()
        self.part.setCurrentIndex((quarter or 4) - 1)
        self.first_day.setDate(QDate(today.year, today.month, 1))
        self.last_day.setDate(QDate(today.year, today.month, today.day))

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

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None], message: str) -> None:
        self._token += 1
        self._pending[self._token] = on_done
        self._busy += 1
        self._started = time.perf_counter()
        self.progress.setVisible(True)
        self.status.setText(message)
        self.build_button.setEnabled(False)
        job = _Job(self._token, fn, self)
        job.setAutoDelete(False)  # kept in _running until it reports
        _running.add(job)
        QThreadPool.globalInstance().start(job)

    def _finish(self, token: int) -> Callable[[Any], None] | None:
        self._busy -= 1
        if self._busy == 0:
            self.progress.setVisible(False)
            self.build_button.setEnabled(True)
        return self._pending.pop(token, None)

    def _on_done(self, token: int, result: Any) -> None:
        callback = self._finish(token)
        if callback is not None:
            callback(result)

    def _on_failed(self, token: int, message: str) -> None:
        self._finish(token)
        self.status.setText(message)
        self.failed.emit(message)

    @property
    def busy(self) -> bool:
        return self._busy > 0

    # --- building and showing ---------------------------------------------------------

    def build_from_controls(self) -> None:
        self.build(self.period_spec(), self.grouping.currentData())

    def build(self, spec: str, by: str | None = None) -> None:
        """Build the report of `spec` ('2026-Q3', …) in the background, then show it."""
        try:
            period = Period.parse(spec)
        except CounterError as exc:
            self.status.setText(exc.message)
            self.failed.emit(exc.message)
            return
        ctx = self.ctx
        self._run(
            lambda: build_report(ctx, period, by),
            self._show,
            self.tr("Đang lập báo cáo {period}…").format(period=period.label),
        )

    def _show(self, report: Report) -> None:
        self.report = report
        elapsed = time.perf_counter() - self._started
        note = "" if report.complete else " " + self.tr("Kỳ báo cáo chưa kết thúc.")
        seconds = f"{elapsed:.1f}".replace(".", ",")
        self.status.setText(self.tr("Đã lập báo cáo trong {s} giây.").format(s=seconds) + note)
        self.title.setText(
            self.tr("{period} — số liệu tính đến {time} ngày {day}").format(
                period=report.period.label,
                time=f"{report.as_of:%H:%M}",
                day=f"{report.as_of:%d/%m/%Y}",
            )
        )
        self._fill_table(report)
        self._fill_indicators(report)
        self._fill_late(report)
        self._draw_received(report)
        self._draw_on_time(report)
        self._draw_late(report)
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(True)
        self.reportReady.emit(report)

    def _fill_table(self, report: Report) -> None:
        items = [*report.rows, report.total] if report.by else [report.total]
        self.table.setHorizontalHeaderItem(1, QTableWidgetItem(core_label(GROUPINGS[report.by])))
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            total = item is report.total
            cells = ["" if total else str(r + 1), item.label]
            cells += [c.text(item.figures) for c in COLUMNS]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if c >= 2:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if c == 1:
                    cell.setToolTip(text)
                if total:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(r, c, cell)

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
                d.procedure_name,
                d.applicant_name,
                f"{due[11:16]} {due[8:10]}/{due[5:7]}/{due[:4]}" if due else "",
                self.tr("Đã có") if d.apology_count else self.tr("Chưa có"),
            ]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if c == 4 and not d.apology_count:
                    cell.setForeground(QColor("#C0392B"))
                self.late_table.setItem(r, c, cell)

    def _reset(self, view: QChartView) -> QChart:
        chart = view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _draw_received(self, report: Report) -> None:
        chart = self._reset(self.received_chart)
        series = QStackedBarSeries()
        for label, colour, values in (
            (self.tr("Trực tiếp"), CHANNEL_COLOURS[0], [m.received_direct for m in report.months]),
            (self.tr("Bưu chính"), CHANNEL_COLOURS[1], [m.received_postal for m in report.months]),
            (self.tr("Trực tuyến"), CHANNEL_COLOURS[2], [m.received_online for m in report.months]),
        ):
            bars = QBarSet(label)
            bars.setColor(QColor(colour))
            bars.append([float(v) for v in values])
            series.append(bars)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([m.label for m in report.months])
        y = QValueAxis()
        y.setLabelFormat("%.0f")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        top = max(
            (m.received_direct + m.received_postal + m.received_online for m in report.months),
            default=0,
        )
        y.setRange(0, max(1, top))
        y.applyNiceNumbers()
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

    def _draw_on_time(self, report: Report) -> None:
        chart = self._reset(self.on_time_chart)
        series = QLineSeries()
        series.setName(self.tr("Tỷ lệ đúng hạn"))
        series.setPointsVisible(True)
        series.setPointLabelsVisible(True)
        series.setPointLabelsFormat("@yPoint")
        rates = [m.on_time_rate for m in report.months]
        for i, rate in enumerate(rates):
            if rate is not None:  # a month with nothing resolved has no rate
                series.append(float(i), round(rate * 100, 1))
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([m.label for m in report.months])
        y = QValueAxis()
        known = [r * 100 for r in rates if r is not None]
        low = min(known, default=100.0)
        y.setRange(max(0.0, (int(low) // 10) * 10 - 10.0) if low < 100 else 80.0, 100.0)
        y.setLabelFormat("%.0f")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)

    def _draw_late(self, report: Report) -> None:
        chart = self._reset(self.late_chart)
        late = list(reversed(report.late_by_procedure()[:8]))  # the largest on top
        bars = QBarSet(self.tr("Hồ sơ quá hạn"))
        bars.setColor(QColor("#C0392B"))
        bars.append([float(n) for _, n in late])
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        y = QBarCategoryAxis()
        y.append([_short(name) for name, _ in late])
        x = QValueAxis()
        x.setLabelFormat("%.0f")
        x.setRange(0, max(1, max((n for _, n in late), default=0)))
        x.applyNiceNumbers()
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        series.attachAxis(y)

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
                from counter.services.report_excel import write_xlsx
                from counter.services.reports import register_lines

                write_xlsx(report, path, register_lines(ctx, report.period))
            else:
                from counter.services.report_pdf import render_pdf

                render_pdf(report, path)
            return str(path)

        def done(written: str) -> None:
            self.status.setText(self.tr("Đã ghi báo cáo vào {path}.").format(path=written))
            self.exported.emit(written)

        self._run(write, done, self.tr("Đang ghi {name}…").format(name=path.name))
