"""The settings tab of days off: a year's days that differ from the ordinary week (the law's
holidays, the Government's swaps, the office's own days), and adding or removing the office's."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from counter.domain.calendar import OverrideKind
from counter.services import office
from ui import format as fmt
from ui.fields import DayEdit, unfinished_day
from ui.labels import label as core_label
from ui.operations import Op
from ui.operations import settings as settings_ops
from ui.screens.settings.office import WEEKDAYS
from ui.screens.settings.table import append, table

OVERRIDE_LABELS = {
    OverrideKind.DAY_OFF: QT_TRANSLATE_NOOP("SettingsScreen", "Ngày nghỉ thêm"),
    OverrideKind.NOT_DAY_OFF: QT_TRANSLATE_NOOP(
        "SettingsScreen", "Không nghỉ (ngày lễ cơ quan vẫn làm việc)"
    ),
    OverrideKind.MAKEUP_WORKDAY: QT_TRANSLATE_NOOP("SettingsScreen", "Ngày làm bù"),
}
# How a day of the year view differs from the ordinary week (YearException.kind).
YEAR_KIND_LABELS = {
    "holiday": QT_TRANSLATE_NOOP("SettingsScreen", "Nghỉ lễ, Tết (theo luật)"),
    "swap": QT_TRANSLATE_NOOP("SettingsScreen", "Nghỉ hoán đổi (theo lịch của Chính phủ)"),
    "office": QT_TRANSLATE_NOOP("SettingsScreen", "Ngày nghỉ thêm của cơ quan"),
    "worked": QT_TRANSLATE_NOOP("SettingsScreen", "Làm bù (theo lịch của Chính phủ)"),
}


def _sentence(text: str) -> str:
    """The calendar's reasons ("nghỉ Tết") as a note starting with a capital letter."""
    return text[:1].upper() + text[1:]


class DaysTab:
    """Part of SettingsScreen: the days-off tab, its year's list and its two writes."""

    year: QSpinBox
    days: QTableWidget
    day_edit: DayEdit
    day_confirm: QMessageBox | None = None
    day_kind: QComboBox
    day_note: QLineEdit

    def _days_tab(self) -> QWidget:
        page = QWidget()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.state.ctx.now().year)
        self.year.valueChanged.connect(lambda _year: self._load_days())
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel(self.tr("Năm")))
        year_row.addWidget(self.year)
        explain = QLabel(
            self.tr(
                "Các ngày khác lịch làm việc thường lệ trong năm: nghỉ lễ, Tết theo luật và nghỉ "
                "bù, ngày hoán đổi, ngày làm bù, ngày nghỉ thêm của cơ quan. Hãy đối chiếu với "
                "thông báo của Chính phủ mỗi năm và thêm hoặc xóa ngày ở dưới."
            )
        )
        explain.setWordWrap(True)
        year_row.addWidget(explain, 1)
        self.days = table([self.tr("Ngày"), self.tr("Thứ"), self.tr("Loại"), self.tr("Ghi chú")])
        self.day_edit = DayEdit()
        self.day_kind = QComboBox()
        for kind, label in OVERRIDE_LABELS.items():
            self.day_kind.addItem(self.tr(label), kind.value)
        self.day_note = QLineEdit()
        self.day_note.setPlaceholderText(self.tr("Lý do, số quyết định…"))
        add = QPushButton(self.tr("Thêm"))
        remove = QPushButton(self.tr("Xóa ngày đã chọn"))
        add.clicked.connect(self.add_override)
        remove.clicked.connect(self.remove_override)
        row = QHBoxLayout()
        for widget in (self.day_edit, self.day_kind):
            row.addWidget(widget)
        row.addWidget(self.day_note, 1)
        row.addWidget(add)
        row.addWidget(remove)
        layout = QVBoxLayout(page)
        layout.addLayout(year_row)
        layout.addWidget(self.days, 1)
        layout.addLayout(row)
        return page

    def _show_days(self) -> None:
        now = self.state.ctx.now()
        self.day_edit.set_day(now.date())
        self._load_days()

    def _load_days(self) -> None:
        """The selected year's days that differ from the ordinary week; the office's own
        entries carry their day as key (they can be removed), the statutory ones none."""
        with self.state.ctx.db.session() as session:
            calendar = office.calendar(session)
        self.days.setRowCount(0)
        for item in calendar.year_exceptions(self.year.value()):
            override = calendar.overrides.get(item.day)
            if item.kind == "worked" and override is not None:
                kind = OVERRIDE_LABELS[override.kind]
            else:
                kind = YEAR_KIND_LABELS[item.kind]
            append(
                self.days,
                [
                    fmt.day(item.day),
                    self.tr(WEEKDAYS[item.day.weekday()]),
                    self.tr(kind),
                    _sentence(core_label(item.reason)),
                ],
                item.day if item.overridden else None,
            )

    def add_override(self) -> QMessageBox | None:
        """Ask first: a day off (or a worked one) moves the due dates counted across it."""
        if self.day_edit.unfinished():
            self.day_edit.setFocus()
            self.banner.show_message(
                unfinished_day(),
                "error",
            )
            return None
        day = self.day_edit.day()
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Thêm ngày"))
        box.setText(
            self.tr("Thêm {weekday} {d} với loại «{kind}»?").format(
                weekday=self.tr(WEEKDAYS[day.weekday()]),
                d=fmt.day(day),
                kind=self.day_kind.currentText(),
            )
        )
        box.setInformativeText(
            self.tr(
                "Hạn trả của các hồ sơ đang giải quyết được tính lại theo lịch mới: hồ sơ có "
                "thời hạn đi qua ngày này sẽ đổi ngày hẹn trả."
            )
        )
        yes = box.addButton(self.tr("Thêm ngày này"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(self.tr("Hủy"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.setEscapeButton(cancel)
        box.buttonClicked.connect(lambda button: self._add_day(day) if button is yes else None)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.day_confirm = box
        box.open()
        return box

    def _add_day(self, day: date) -> Op | None:
        self.day_confirm = None
        op = settings_ops.set_day(
            self, self.state, day, self.day_kind.currentData(), self.day_note.text()
        )
        self.year.blockSignals(True)
        self.year.setValue(day.year)  # the list shows the year of the day added
        self.year.blockSignals(False)
        return self._run(op, self.tr("Đã thêm ngày {d}.").format(d=fmt.day(day)))

    def remove_override(self) -> Op | None:
        row = self.days.currentRow()
        if row < 0:
            return None
        day = self.days.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if day is None:
            self.banner.show_message(
                self.tr(
                    "Ngày {d} là ngày nghỉ theo luật hoặc theo lịch của Chính phủ, không xóa "
                    "được. Nếu cơ quan vẫn làm việc ngày này, hãy thêm ngày đó với loại "
                    "«Không nghỉ»."
                ).format(d=self.days.item(row, 0).text()),
                "error",
            )
            return None

        op = settings_ops.remove_day(self, self.state, day)
        return self._run(op, self.tr("Đã xóa ngày {d}.").format(d=fmt.day(day)))
