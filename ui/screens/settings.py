"""Settings for admins: office header, counter, hours, days off, paper and printers, bank
account for VietQR, users, and the procedure catalogue."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter.domain.calendar import OverrideKind, TimeUnit
from counter.errors import CounterError
from counter.services import catalogue, office, users
from counter.services.catalogue import UNIT_LABELS, ProcedureInput
from counter.services.context import ROLE_LABELS, ROLES
from counter.services.office import PAPERS, OfficeSettings
from ui import format as fmt
from ui import printing
from ui.state import AppState
from ui.widgets import Banner, heading

OVERRIDE_LABELS = {
    OverrideKind.DAY_OFF: "Ngày nghỉ thêm",
    OverrideKind.NOT_DAY_OFF: "Không nghỉ (ngày lễ cơ quan vẫn làm việc)",
    OverrideKind.MAKEUP_WORKDAY: "Ngày làm bù",
}
PAPER_LABELS = {"a4": "A4", "a5": "A5", "a6": "A6", "80mm": "Giấy cuộn 80 mm"}


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class SettingsScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.settings: OfficeSettings | None = None
        self.banner = Banner()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._office_tab(), self.tr("Cơ quan và quầy"))
        self.tabs.addTab(self._days_tab(), self.tr("Ngày nghỉ"))
        self.tabs.addTab(self._paper_tab(), self.tr("Máy in và khổ giấy"))
        self.tabs.addTab(self._users_tab(), self.tr("Người dùng"))
        self.tabs.addTab(self._catalogue_tab(), self.tr("Danh mục thủ tục"))
        self.save_button = QPushButton(self.tr("&Lưu cài đặt (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Cài đặt"), self))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.banner)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.refresh()

    # --- tabs -------------------------------------------------------------------------------

    def _office_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.edits: dict[str, QLineEdit] = {}
        for name, label in (
            ("identifier", "Mã định danh cơ quan"),
            ("governing_body", "Cơ quan chủ quản (dòng 1 tiêu đề)"),
            ("unit_name", "Tên bộ phận (dòng 2 tiêu đề)"),
            ("place_name", "Địa danh (ghi trên ngày tháng)"),
            ("address", "Địa chỉ"),
            ("phone", "Điện thoại"),
            ("email", "Thư điện tử"),
            ("hours", "Giờ làm việc (07:00-11:30,13:30-17:00)"),
            ("cutoff", "Giờ tiếp nhận cuối ngày (HH:MM)"),
            ("bank_bin", "Mã BIN ngân hàng (VietQR)"),
            ("bank_account", "Số tài khoản"),
            ("bank_account_name", "Tên tài khoản"),
            ("status_url", "Địa chỉ tra cứu hồ sơ (in trên mã QR)"),
        ):
            edit = QLineEdit()
            self.edits[name] = edit
            form.addRow(self.tr(label), edit)
        self.counter_no = QSpinBox()
        self.counter_no.setRange(1, 999)
        form.addRow(self.tr("Số quầy của máy này"), self.counter_no)
        return page

    def _days_tab(self) -> QWidget:
        page = QWidget()
        self.days = _table([self.tr("Ngày"), self.tr("Loại"), self.tr("Ghi chú")])
        self.day_edit = QDateEdit()
        self.day_edit.setDisplayFormat("dd/MM/yyyy")
        self.day_edit.setCalendarPopup(True)
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
        layout.addWidget(self.days, 1)
        layout.addLayout(row)
        return page

    def _paper_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.papers: dict[str, QComboBox] = {}
        self.printers: dict[str, QComboBox] = {}
        names = QPrinterInfo.availablePrinterNames()
        for form_key, title in printing.FORM_TITLES.items():
            paper = QComboBox()
            for key in PAPERS:
                paper.addItem(PAPER_LABELS[key], key)
            printer = QComboBox()
            printer.addItem(self.tr("Máy in mặc định"), "")
            for name in names:
                printer.addItem(name, name)
            self.papers[form_key] = paper
            self.printers[form_key] = printer
            row = QHBoxLayout()
            row.addWidget(paper)
            row.addWidget(printer, 1)
            form.addRow(self.tr(title), row)
        return page

    def _users_tab(self) -> QWidget:
        page = QWidget()
        self.users = _table([self.tr("Tên đăng nhập"), self.tr("Họ và tên"), self.tr("Vai trò")])
        self.new_username = QLineEdit()
        self.new_username.setPlaceholderText(self.tr("tên đăng nhập"))
        self.new_full_name = QLineEdit()
        self.new_full_name.setPlaceholderText(self.tr("họ và tên"))
        self.new_role = QComboBox()
        for role in ROLES:
            self.new_role.addItem(ROLE_LABELS[role], role)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setPlaceholderText(self.tr("mật khẩu (ít nhất 6 ký tự)"))
        add = QPushButton(self.tr("Thêm người dùng"))
        add.clicked.connect(self.add_user)
        row = QHBoxLayout()
        for widget in (self.new_username, self.new_full_name, self.new_role, self.new_password):
            row.addWidget(widget, 1)
        row.addWidget(add)
        layout = QVBoxLayout(page)
        layout.addWidget(self.users, 1)
        layout.addLayout(row)
        return page

    def _catalogue_tab(self) -> QWidget:
        page = QWidget()
        self.procedures = _table(
            [
                self.tr("Mã"),
                self.tr("Tên thủ tục"),
                self.tr("Thời hạn"),
                self.tr("Phí"),
                self.tr("Áp dụng"),
            ]
        )
        self.procedures.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.procedures.currentCellChanged.connect(lambda row, *_: self._edit_procedure(row))
        self.proc_name = QLineEdit()
        self.proc_amount = QSpinBox()
        self.proc_amount.setRange(0, 365)
        self.proc_unit = QComboBox()
        for unit, label in UNIT_LABELS.items():
            self.proc_unit.addItem(label, unit.value)
        self.proc_fee = QSpinBox()
        self.proc_fee.setRange(0, 100_000_000)
        self.proc_fee.setSingleStep(1000)
        self.proc_fee.setGroupSeparatorShown(True)
        self.proc_fee.setSuffix(" đ")
        self.proc_active = QComboBox()
        self.proc_active.addItem(self.tr("Đang áp dụng"), True)
        self.proc_active.addItem(self.tr("Ngừng áp dụng"), False)
        save = QPushButton(self.tr("Lưu thủ tục"))
        save.clicked.connect(self.save_procedure)
        row = QHBoxLayout()
        row.addWidget(self.proc_name, 3)
        row.addWidget(self.proc_amount)
        row.addWidget(self.proc_unit)
        row.addWidget(self.proc_fee)
        row.addWidget(self.proc_active)
        row.addWidget(save)
        layout = QVBoxLayout(page)
        layout.addWidget(self.procedures, 1)
        layout.addLayout(row)
        return page

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        ctx = self.state.ctx
        with ctx.db.session() as session:
            self.settings = office.get_settings(session)
            overrides = office.overrides(session)
            people = users.list_users(session)
            self._procedures = catalogue.list_procedures(session, include_inactive=True)
        for name, edit in self.edits.items():
            edit.setText(str(getattr(self.settings, name)))
        self.counter_no.setValue(ctx.counter_no)
        self.day_edit.setDate(QDate(ctx.now().year, ctx.now().month, ctx.now().day))
        self.days.setRowCount(0)
        for item in overrides:
            self._append(
                self.days,
                [fmt.day(item.day), OVERRIDE_LABELS[item.kind], item.note],
                item.day,
            )
        for form_key, combo in self.papers.items():
            combo.setCurrentIndex(max(combo.findData(self.settings.paper.get(form_key, "a4")), 0))
            printer = self.printers[form_key]
            printer.setCurrentIndex(max(printer.findData(printing.printer_name(form_key)), 0))
        self.users.setRowCount(0)
        for person in people:
            self._append(
                self.users,
                [person.username, person.full_name, ROLE_LABELS.get(person.role, person.role)],
                person.username,
            )
        self.procedures.setRowCount(0)
        for proc in self._procedures:
            self._append(
                self.procedures,
                [
                    proc.code,
                    proc.name,
                    proc.time_label,
                    fmt.money(proc.fee),
                    self.tr("có") if proc.active else self.tr("không"),
                ],
                proc.code,
            )

    @staticmethod
    def _append(table: QTableWidget, values: list[str], key: object) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            if column == 0:
                item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(row, column, item)

    # --- saving -----------------------------------------------------------------------------

    def _run(self, action, done: str) -> bool:
        try:
            action()
        except CounterError as exc:
            self.banner.show_message(exc.message, "error")
            return False
        self.banner.show_message(done, "ok")
        self.state.bridge.settings_changed.emit()
        self.refresh()
        return True

    def save(self) -> bool:
        assert self.settings is not None
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        paper = {key: combo.currentData() for key, combo in self.papers.items()}
        new = replace(self.settings, **values, paper=paper)

        def store() -> None:
            with self.state.ctx.db.unit_of_work() as session:
                office.save_settings(session, new, ctx=self.state.ctx)
            if self.counter_no.value() != self.state.ctx.counter_no:
                office.set_counter_number(self.state.ctx, self.counter_no.value())
            for key, combo in self.printers.items():
                printing.set_printer_name(key, combo.currentData() or "")

        return self._run(store, self.tr("Đã lưu cài đặt."))

    def add_override(self) -> bool:
        d = self.day_edit.date()
        from datetime import date

        day = date(d.year(), d.month(), d.day())

        def store() -> None:
            with self.state.ctx.db.unit_of_work() as session:
                office.set_override(
                    session,
                    day,
                    self.day_kind.currentData(),
                    self.day_note.text(),
                    ctx=self.state.ctx,
                )

        return self._run(store, self.tr("Đã thêm ngày {d}.").format(d=fmt.day(day)))

    def remove_override(self) -> bool:
        row = self.days.currentRow()
        if row < 0:
            return False
        day = self.days.item(row, 0).data(Qt.ItemDataRole.UserRole)

        def store() -> None:
            with self.state.ctx.db.unit_of_work() as session:
                office.remove_override(session, day, ctx=self.state.ctx)

        return self._run(store, self.tr("Đã xóa ngày {d}.").format(d=fmt.day(day)))

    def add_user(self) -> bool:
        def store() -> None:
            with self.state.ctx.db.unit_of_work() as session:
                users.create_user(
                    session,
                    self.new_username.text(),
                    self.new_full_name.text(),
                    self.new_role.currentData(),
                    self.new_password.text(),
                    ctx=self.state.ctx,
                )

        ok = self._run(store, self.tr("Đã thêm người dùng."))
        if ok:
            for edit in (self.new_username, self.new_full_name, self.new_password):
                edit.clear()
        return ok

    def _edit_procedure(self, row: int) -> None:
        if not 0 <= row < len(self._procedures):
            return
        proc = self._procedures[row]
        self.proc_name.setText(proc.name)
        self.proc_amount.setValue(proc.time_amount)
        self.proc_unit.setCurrentIndex(max(self.proc_unit.findData(proc.time_unit.value), 0))
        self.proc_fee.setValue(proc.fee)
        self.proc_active.setCurrentIndex(0 if proc.active else 1)

    def save_procedure(self) -> bool:
        row = self.procedures.currentRow()
        if not 0 <= row < len(self._procedures):
            self.banner.show_message(self.tr("Hãy chọn một thủ tục trong danh sách."), "error")
            return False
        proc = self._procedures[row]
        data = ProcedureInput(
            code=proc.code,
            name=self.proc_name.text(),
            field=proc.field,
            time_amount=self.proc_amount.value(),
            time_unit=TimeUnit(self.proc_unit.currentData()).value,
            fee=self.proc_fee.value(),
            fee_note=proc.fee_note,
            resolving_unit=proc.resolving_unit,
            result_name=proc.result_name,
            documents=list(proc.documents),
            active=self.proc_active.currentData(),
        )

        def store() -> None:
            with self.state.ctx.db.unit_of_work() as session:
                catalogue.save_procedure(session, data, ctx=self.state.ctx)

        ok = self._run(store, self.tr("Đã lưu thủ tục {code}.").format(code=proc.code))
        if ok:
            self.state.bridge.catalogue_changed.emit()
            self.procedures.setCurrentCell(row, 1)
        return ok
