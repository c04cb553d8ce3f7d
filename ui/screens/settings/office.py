"""The settings tab of the office and this counter: the forms' header, address, hours and
working week, the bank account for VietQR, the status link, the counter number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from ui.widgets import FlowLayout

if TYPE_CHECKING:
    from counter.services.context import Context
    from counter.services.office import OfficeSettings

WEEKDAYS = (
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Hai"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Ba"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Tư"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Năm"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Sáu"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Bảy"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Chủ nhật"),
)


class OfficeTab:
    """Part of SettingsScreen: its first tab's fields and how they are filled."""

    edits: dict[str, QLineEdit]
    workdays: list[QCheckBox]
    counter_no: QSpinBox

    def _office_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.edits = {}
        # One row per field, or per group of fields that belong together (each then shows its
        # own name as a placeholder): the tab fits 1366×768 at 125 %.
        rows: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
            (
                QT_TRANSLATE_NOOP("SettingsScreen", "Mã định danh cơ quan"),
                (("identifier", ""),),
            ),
            (
                QT_TRANSLATE_NOOP("SettingsScreen", "Cơ quan chủ quản (dòng 1 tiêu đề)"),
                (("governing_body", ""),),
            ),
            (
                QT_TRANSLATE_NOOP("SettingsScreen", "Tên bộ phận (dòng 2 tiêu đề)"),
                (("unit_name", ""),),
            ),
            (
                QT_TRANSLATE_NOOP("SettingsScreen", "Địa danh (ghi trên ngày tháng)"),
                (("place_name", ""),),
            ),
            (QT_TRANSLATE_NOOP("SettingsScreen", "Địa chỉ"), (("address", ""),)),
            (
                QT_TRANSLATE_NOOP("SettingsScreen", "Điện thoại, thư điện tử"),
                (
                    ("phone", QT_TRANSLATE_NOOP("SettingsScreen", "Điện thoại")),
                    ("email", QT_TRANSLATE_NOOP("SettingsScreen", "Thư điện tử")),
                ),
            ),
            (
                QT_TRANSLATE_NOOP("SettingsScreen", "Người ký văn bản (Mẫu 04, 05)"),
                (
                    ("signer_power", QT_TRANSLATE_NOOP("SettingsScreen", "KT. CHỦ TỊCH")),
                    ("signer_title", QT_TRANSLATE_NOOP("SettingsScreen", "PHÓ CHỦ TỊCH")),
                    ("signer_name", QT_TRANSLATE_NOOP("SettingsScreen", "Họ và tên người ký")),
                ),
            ),
            (
                QT_TRANSLATE_NOOP("SettingsScreen", "Giờ làm việc (07:00-11:30,13:30-17:00)"),
                (("hours", ""),),
            ),
            (
                QT_TRANSLATE_NOOP("SettingsScreen", "Giờ tiếp nhận cuối ngày (HH:MM)"),
                (("cutoff", ""),),
            ),
            (
                QT_TRANSLATE_NOOP("SettingsScreen", "Tài khoản nhận phí (VietQR)"),
                (
                    ("bank_bin", QT_TRANSLATE_NOOP("SettingsScreen", "Mã BIN ngân hàng")),
                    ("bank_account", QT_TRANSLATE_NOOP("SettingsScreen", "Số tài khoản")),
                    ("bank_account_name", QT_TRANSLATE_NOOP("SettingsScreen", "Tên tài khoản")),
                ),
            ),
            (
                QT_TRANSLATE_NOOP("SettingsScreen", "Địa chỉ tra cứu hồ sơ (in trên mã QR)"),
                (("status_url", ""),),
            ),
        )
        for label, fields in rows:
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            for name, hint in fields:
                edit = QLineEdit()
                if hint:
                    edit.setPlaceholderText(self.tr(hint))
                    edit.setToolTip(self.tr(hint))
                self.edits[name] = edit
                line.addWidget(edit)
            form.addRow(self.tr(label), line)
            if fields[0][0] == "hours":
                form.addRow(self.tr("Ngày làm việc trong tuần"), self._workday_row())
        self.counter_no = QSpinBox()
        self.counter_no.setRange(1, 999)
        form.addRow(self.tr("Số quầy của máy này"), self.counter_no)
        return page

    def _workday_row(self) -> QWidget:
        """A box per weekday (Monday first): the days the office works in an ordinary week,
        with the same hours each day."""
        row = QWidget()
        layout = FlowLayout(row)  # one line, or two on a narrow window (1024×768 at 125 %)
        layout.setContentsMargins(0, 0, 0, 0)
        self.workdays = []
        for name in WEEKDAYS:
            box = QCheckBox(self.tr(name))
            self.workdays.append(box)
            layout.addWidget(box)
        return row

    def _show_office(self, settings: OfficeSettings, ctx: Context) -> None:
        for name, edit in self.edits.items():
            edit.setText(str(getattr(settings, name)))
        worked = {int(d) for d in settings.workdays.split(",") if d.strip()}
        for day, box in enumerate(self.workdays):
            box.setChecked(day in worked)
        self.counter_no.setValue(ctx.counter_no)
