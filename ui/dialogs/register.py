"""Hồ sơ → In sổ theo dõi (Mẫu 07): the register of one day or one month, previewed then printed."""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter.printing import register
from ui.dialogs.print_preview import PrintPreviewDialog
from ui.fields import DayEdit, unfinished_day
from ui.state import AppState
from ui.tasks import Task
from ui.widgets import Banner, dialog_buttons


class RegisterDialog(QDialog):
    """Choose a day (typed or picked) or a month; Enter renders the register off the GUI thread
    and opens its preview, where Ctrl+P prints it."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.preview: PrintPreviewDialog | None = None
        self.busy = False
        self.setWindowTitle(self.tr("In sổ theo dõi hồ sơ (Mẫu 07)"))
        today = state.ctx.now().date()
        self.by_day = QRadioButton(self.tr("Một &ngày"))
        self.by_month = QRadioButton(self.tr("Một &tháng"))
        self.by_day.setChecked(True)
        self.day = DayEdit()
        self.day.set_day(today)
        self.month = QComboBox()
        for m in range(1, 13):
            self.month.addItem(self.tr("Tháng {m}").format(m=m), m)
        self.month.setCurrentIndex(today.month - 1)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        month_row = QHBoxLayout()
        month_row.addWidget(self.month, 1)
        month_row.addWidget(self.year)
        form = QFormLayout()
        form.addRow(self.by_day, self.day)
        form.addRow(self.by_month, month_row)
        self.banner = Banner()
        self.buttons = dialog_buttons(
            self, self.tr("Xem và in"), self.tr("Đóng"), QDialogButtonBox.StandardButton.Ok
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.day.editingFinished.connect(lambda: self.by_day.setChecked(True))
        self.month.currentIndexChanged.connect(lambda _i: self.by_month.setChecked(True))
        self.year.valueChanged.connect(lambda _v: self.by_month.setChecked(True))
        self.setTabOrder(self.by_day, self.day)
        self.setFocusProxy(self.day)

    def period(self) -> tuple[date, date, str]:
        """(first day, last day, the period in words) as chosen."""
        if self.by_day.isChecked():
            day = self.day.day()
            return day, day, self.tr("ngày {d}").format(d=day.strftime("%d/%m/%Y"))
        year, month = self.year.value(), int(self.month.currentData())
        last = calendar.monthrange(year, month)[1]
        return (
            date(year, month, 1),
            date(year, month, last),
            self.tr("tháng {m:02d}/{y}").format(m=month, y=year),
        )

    def submit(self) -> bool:
        if self.busy:
            return False
        if self.by_day.isChecked() and self.day.unfinished():
            self.banner.show_message(unfinished_day(), "error")
            return False
        start, end, words = self.period()
        ctx = self.state.ctx
        self.busy = True
        self.banner.show_message(self.tr("Đang lập sổ theo dõi…"), "info")
        Task(lambda: register.build(ctx, start, end), self).success(
            lambda pdf: self._built(pdf, words)
        ).failure(self._failed).run()
        return True

    def _built(self, pdf: bytes, words: str) -> None:
        self.busy = False
        self.banner.clear_message()
        preview = PrintPreviewDialog(
            self.state, words, "07", pdf, self.parentWidget(), record=False
        )
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = preview
        self.accept()
        preview.open()

    def _failed(self, message: str) -> None:
        self.busy = False
        self.banner.show_message(message, "error")
