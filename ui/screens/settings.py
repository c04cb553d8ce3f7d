"""Settings for admins: office header, counter, hours, days off, paper and printers, bank
account for VietQR, users, and the procedure catalogue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter.domain.calendar import OverrideKind
from counter.domain.forms import FORMS, PAPERS
from counter.errors import CounterError
from counter.services import catalogue, office, users
from counter.services.catalogue import ProcedureInfo
from counter.services.context import ROLE_LABELS
from counter.services.office import OfficeSettings
from counter.services.users import UserInfo
from ui import format as fmt
from ui import printing
from ui.dialogs.procedure import ProcedureDialog
from ui.dialogs.user import PasswordDialog, UserDialog
from ui.labels import label as core_label
from ui.labels import procedure_time
from ui.navigation import ScreenDefaults
from ui.operations import Op
from ui.operations import settings as settings_ops
from ui.operations import users as user_ops
from ui.state import AppState
from ui.widgets import Banner, heading

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
WEEKDAYS = (
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Hai"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Ba"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Tư"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Năm"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Sáu"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Thứ Bảy"),
    QT_TRANSLATE_NOOP("SettingsScreen", "Chủ nhật"),
)
# lupdate cannot read the core: the paper names (counter.domain.forms) that need translating.
PAPER_NAMES = (QT_TRANSLATE_NOOP("SettingsScreen", "Giấy cuộn 80 mm"),)


def _sentence(text: str) -> str:
    """The calendar's reasons ("nghỉ Tết") as a note starting with a capital letter."""
    return text[:1].upper() + text[1:]


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class SettingsScreen(QWidget, ScreenDefaults):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.settings: OfficeSettings | None = None
        self.dialog: QDialog | None = None
        self._users: list[UserInfo] = []
        self._procedures: list[ProcedureInfo] = []
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
            ("identifier", QT_TRANSLATE_NOOP("SettingsScreen", "Mã định danh cơ quan")),
            (
                "governing_body",
                QT_TRANSLATE_NOOP("SettingsScreen", "Cơ quan chủ quản (dòng 1 tiêu đề)"),
            ),
            ("unit_name", QT_TRANSLATE_NOOP("SettingsScreen", "Tên bộ phận (dòng 2 tiêu đề)")),
            ("place_name", QT_TRANSLATE_NOOP("SettingsScreen", "Địa danh (ghi trên ngày tháng)")),
            ("address", QT_TRANSLATE_NOOP("SettingsScreen", "Địa chỉ")),
            ("phone", QT_TRANSLATE_NOOP("SettingsScreen", "Điện thoại")),
            ("email", QT_TRANSLATE_NOOP("SettingsScreen", "Thư điện tử")),
            (
                "hours",
                QT_TRANSLATE_NOOP("SettingsScreen", "Giờ làm việc (07:00-11:30,13:30-17:00)"),
            ),
            ("cutoff", QT_TRANSLATE_NOOP("SettingsScreen", "Giờ tiếp nhận cuối ngày (HH:MM)")),
            ("bank_bin", QT_TRANSLATE_NOOP("SettingsScreen", "Mã BIN ngân hàng (VietQR)")),
            ("bank_account", QT_TRANSLATE_NOOP("SettingsScreen", "Số tài khoản")),
            ("bank_account_name", QT_TRANSLATE_NOOP("SettingsScreen", "Tên tài khoản")),
            (
                "status_url",
                QT_TRANSLATE_NOOP("SettingsScreen", "Địa chỉ tra cứu hồ sơ (in trên mã QR)"),
            ),
        ):
            edit = QLineEdit()
            self.edits[name] = edit
            form.addRow(self.tr(label), edit)
            if name == "hours":
                form.addRow(self.tr("Ngày làm việc trong tuần"), self._workday_row())
        self.counter_no = QSpinBox()
        self.counter_no.setRange(1, 999)
        form.addRow(self.tr("Số quầy của máy này"), self.counter_no)
        return page

    def _workday_row(self) -> QWidget:
        """A box per weekday (Monday first): the days the office works in an ordinary week,
        with the same hours each day."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.workdays: list[QCheckBox] = []
        for name in WEEKDAYS:
            box = QCheckBox(self.tr(name))
            self.workdays.append(box)
            layout.addWidget(box)
        layout.addStretch(1)
        return row

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
        self.days = _table([self.tr("Ngày"), self.tr("Thứ"), self.tr("Loại"), self.tr("Ghi chú")])
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
        layout.addLayout(year_row)
        layout.addWidget(self.days, 1)
        layout.addLayout(row)
        return page

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
            self._append(
                self.days,
                [
                    fmt.day(item.day),
                    self.tr(WEEKDAYS[item.day.weekday()]),
                    self.tr(kind),
                    _sentence(core_label(item.reason)),
                ],
                item.day if item.overridden else None,
            )

    def _paper_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.papers: dict[str, QComboBox] = {}
        self.printers: dict[str, QComboBox] = {}
        names = QPrinterInfo.availablePrinterNames()
        for form_key, entry in FORMS.items():
            paper = QComboBox()  # only the papers the form can be printed on
            for key in entry.papers:
                paper.addItem(self.tr(PAPERS[key].label), key)
            printer = QComboBox()
            printer.addItem(self.tr("Máy in mặc định"), "")
            for name in names:
                printer.addItem(name, name)
            self.papers[form_key] = paper
            self.printers[form_key] = printer
            row = QHBoxLayout()
            row.addWidget(paper)
            row.addWidget(printer, 1)
            form.addRow(printing.form_title(form_key), row)
        return page

    def _users_tab(self) -> QWidget:
        page = QWidget()
        self.users = _table(
            [
                self.tr("Tên đăng nhập"),
                self.tr("Họ và tên"),
                self.tr("Chức danh"),
                self.tr("Vai trò"),
                self.tr("Trạng thái"),
            ]
        )
        self.users.doubleClicked.connect(lambda _index: self.edit_user())
        self.user_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, label, slot in (
            ("add", self.tr("&Thêm người dùng…"), self.add_user),
            ("edit", self.tr("&Sửa…"), self.edit_user),
            ("password", self.tr("Đặt lại &mật khẩu…"), self.reset_password),
            ("active", self.tr("&Ngừng cho đăng nhập"), self.toggle_active),
        ):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            self.user_buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.users.itemSelectionChanged.connect(self._user_selected)
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
                self.tr("Giấy tờ"),
                self.tr("Áp dụng"),
            ]
        )
        self.procedures.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.procedures.horizontalHeader().setStretchLastSection(False)
        self.procedures.doubleClicked.connect(lambda _index: self.edit_procedure())
        add = QPushButton(self.tr("Thêm &thủ tục…"))
        add.clicked.connect(lambda: self.add_procedure())
        edit = QPushButton(self.tr("&Sửa thủ tục và thành phần hồ sơ…"))
        edit.clicked.connect(lambda: self.edit_procedure())
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(edit)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.procedures, 1)
        layout.addLayout(row)
        return page

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload everything from the database; the chosen user and procedure stay chosen."""
        chosen = {table: self._key(table) for table in (self.users, self.procedures)}
        self._load()
        for table, key in chosen.items():
            if key is None:
                continue
            for row in range(table.rowCount()):
                if table.item(row, 0).data(Qt.ItemDataRole.UserRole) == key:
                    table.setCurrentCell(row, 0)
                    break

    @staticmethod
    def _key(table: QTableWidget) -> object:
        item = table.item(table.currentRow(), 0) if table.currentRow() >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _load(self) -> None:
        ctx = self.state.ctx
        with ctx.db.session() as session:
            self.settings = office.get_settings(session)
            people = users.list_users(session)
            self._procedures = catalogue.list_procedures(session, include_inactive=True)
        for name, edit in self.edits.items():
            edit.setText(str(getattr(self.settings, name)))
        worked = {int(d) for d in self.settings.workdays.split(",") if d.strip()}
        for day, box in enumerate(self.workdays):
            box.setChecked(day in worked)
        self.counter_no.setValue(ctx.counter_no)
        self.day_edit.setDate(QDate(ctx.now().year, ctx.now().month, ctx.now().day))
        self._load_days()
        for form_key, combo in self.papers.items():
            combo.setCurrentIndex(max(combo.findData(self.settings.paper.get(form_key)), 0))
            printer = self.printers[form_key]
            printer.setCurrentIndex(max(printer.findData(printing.printer_name(form_key)), 0))
        self._users = people
        self.users.setRowCount(0)
        for person in people:
            self._append(
                self.users,
                [
                    person.username,
                    person.full_name,
                    person.title,
                    core_label(ROLE_LABELS.get(person.role, person.role)),
                    self.tr("đang dùng") if person.active else self.tr("ngừng đăng nhập"),
                ],
                person.username,
            )
        self._user_selected()
        self.procedures.setRowCount(0)
        for proc in self._procedures:
            self._append(
                self.procedures,
                [
                    proc.code,
                    proc.name,
                    procedure_time(proc),
                    fmt.money(proc.fee),
                    str(len(proc.documents)),
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

    def shown(self) -> None:
        self.refresh()

    def save_current(self) -> None:
        self.save()

    def _run(
        self,
        op: Op,
        done: str,
        stored: Callable[[Any], None] | None = None,
        shown: Callable[[], None] | None = None,
    ) -> Op:
        """Run a write; say `done` or why not. Once stored: `stored(result)`, the screen read
        again, then `shown()`."""

        def saved(result: Any) -> None:
            if stored is not None:
                stored(result)
            self.banner.show_message(done, "ok")
            self.refresh()
            if shown is not None:
                shown()

        def refused(error: CounterError) -> None:
            self.banner.show_message(core_label(error.message), "error")

        return op.success(saved).failure(refused).run()

    def save(self) -> Op | None:
        assert self.settings is not None
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        paper = {key: combo.currentData() for key, combo in self.papers.items()}
        workdays = ",".join(str(d) for d, box in enumerate(self.workdays) if box.isChecked())
        new = replace(self.settings, **values, paper=paper, workdays=workdays)

        printers = {key: combo.currentData() or "" for key, combo in self.printers.items()}

        def stored(number: int) -> None:
            self.state.ctx.counter_no = number
            # Printers are this PC's choice (QSettings), kept once the office's are stored.
            for key, name in printers.items():
                printing.set_printer_name(key, name)

        op = settings_ops.save_settings(self, self.state, new, self.counter_no.value())
        return self._run(op, self.tr("Đã lưu cài đặt."), stored)

    def add_override(self) -> Op | None:
        d = self.day_edit.date()
        from datetime import date

        day = date(d.year(), d.month(), d.day())

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

    # --- users ------------------------------------------------------------------------------

    def selected_user(self) -> UserInfo | None:
        row = self.users.currentRow()
        return self._users[row] if 0 <= row < len(self._users) else None

    def _user_selected(self) -> None:
        user = self.selected_user()
        for key in ("edit", "password", "active"):
            self.user_buttons[key].setEnabled(user is not None)
        self.user_buttons["active"].setText(
            self.tr("&Cho đăng nhập lại")
            if user is not None and not user.active
            else self.tr("&Ngừng cho đăng nhập")
        )

    def _open(self, dialog: QDialog, done: str) -> QDialog:
        """Dialogs are window-modal but not blocking (open(), not exec())."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda key: self._dialog_saved(done.format(key=key)))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_saved(self, message: str) -> None:
        self.dialog = None
        self.banner.show_message(message, "ok")
        self.refresh()

    def add_user(self) -> QDialog:
        return self._open(UserDialog(self.state, None, self), self.tr("Đã thêm người dùng {key}."))

    def edit_user(self) -> QDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        return self._open(UserDialog(self.state, user, self), self.tr("Đã lưu người dùng {key}."))

    def reset_password(self) -> QDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        return self._open(
            PasswordDialog(self.state, user, self),
            self.tr("Đã đặt mật khẩu mới cho {key}. Hãy báo cho người dùng đổi khi cần."),
        )

    def toggle_active(self) -> Op | None:
        user = self.selected_user()
        if user is None:
            return None
        if user.username == self.state.actor.username and user.active:
            self.banner.show_message(
                self.tr("Không thể tự ngừng tài khoản đang đăng nhập."), "error"
            )
            return None

        op = user_ops.update_user(
            self,
            self.state,
            user.username,
            full_name=user.full_name,
            role=user.role,
            title=user.title,
            active=not user.active,
        )
        done = (
            self.tr("{name} được đăng nhập lại.")
            if not user.active
            else self.tr("{name} không còn đăng nhập được.")
        )
        row = self.users.currentRow()
        return self._run(
            op, done.format(name=user.full_name), shown=lambda: self.users.setCurrentCell(row, 0)
        )

    # --- catalogue --------------------------------------------------------------------------

    def selected_procedure(self) -> ProcedureInfo | None:
        row = self.procedures.currentRow()
        return self._procedures[row] if 0 <= row < len(self._procedures) else None

    def add_procedure(self) -> QDialog:
        fields = [p.field for p in self._procedures]
        dialog = self._open(
            ProcedureDialog(self.state, None, fields, self), self.tr("Đã thêm thủ tục {key}.")
        )
        return dialog

    def edit_procedure(self) -> QDialog | None:
        proc = self.selected_procedure()
        if proc is None:
            self.banner.show_message(self.tr("Hãy chọn một thủ tục trong danh sách."), "error")
            return None
        fields = [p.field for p in self._procedures]
        dialog = self._open(
            ProcedureDialog(self.state, proc, fields, self), self.tr("Đã lưu thủ tục {key}.")
        )
        return dialog
