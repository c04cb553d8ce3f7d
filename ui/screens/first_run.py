"""The first run on a database with no office: try the demo, or set this office up, with a sync
server (address + enrolment code) or without one (header, identifier, hours, first admin)."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import Banner, heading

if TYPE_CHECKING:
    from counter.errors import CounterError
    from ui.state import AppState

CHOICES, SERVER, LOCAL = range(3)

# The office fields asked here (the rest waits in Settings), with their labels.
OFFICE_FIELDS = (
    ("governing_body", QT_TRANSLATE_NOOP("FirstRunScreen", "Cơ quan chủ quản (dòng 1 tiêu đề)")),
    ("unit_name", QT_TRANSLATE_NOOP("FirstRunScreen", "Tên bộ phận (dòng 2 tiêu đề)")),
    ("place_name", QT_TRANSLATE_NOOP("FirstRunScreen", "Địa danh (ghi trên ngày tháng)")),
    ("identifier", QT_TRANSLATE_NOOP("FirstRunScreen", "Mã định danh cơ quan")),
    ("address", QT_TRANSLATE_NOOP("FirstRunScreen", "Địa chỉ")),
    ("phone", QT_TRANSLATE_NOOP("FirstRunScreen", "Điện thoại")),
    ("signer", QT_TRANSLATE_NOOP("FirstRunScreen", "Người ký văn bản (Mẫu 04, 05)")),
    ("hours", QT_TRANSLATE_NOOP("FirstRunScreen", "Giờ làm việc")),
    ("cutoff", QT_TRANSLATE_NOOP("FirstRunScreen", "Giờ tiếp nhận cuối ngày")),
)
# The signer of the letters (optional): one row of three boxes, each named by its placeholder,
# the same fields as Settings → Cơ quan và quầy and the office file's.
SIGNER_FIELDS = (
    ("signer_power", QT_TRANSLATE_NOOP("FirstRunScreen", "KT. CHỦ TỊCH")),
    ("signer_title", QT_TRANSLATE_NOOP("FirstRunScreen", "PHÓ CHỦ TỊCH")),
    ("signer_name", QT_TRANSLATE_NOOP("FirstRunScreen", "Họ và tên người ký")),
)
ADMIN_FIELDS = (
    ("username", QT_TRANSLATE_NOOP("FirstRunScreen", "Tên đăng nhập")),
    ("full_name", QT_TRANSLATE_NOOP("FirstRunScreen", "Họ và tên")),
    ("password", QT_TRANSLATE_NOOP("FirstRunScreen", "Mật khẩu")),
    ("password_again", QT_TRANSLATE_NOOP("FirstRunScreen", "Nhập lại mật khẩu")),
)
REQUIRED = ("governing_body", "unit_name", "place_name", "identifier", "username", "full_name")


class ChoiceButton(QCommandLinkButton):
    """A first-run choice: Enter chooses it too (a button outside a dialog only takes Space),
    and the arrow keys move between the choices."""

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.click()
            return
        if key == Qt.Key.Key_Down:
            self.focusNextChild()
            return
        if key == Qt.Key.Key_Up:
            self.focusPreviousChild()
            return
        super().keyPressEvent(event)


class FirstRunScreen(QWidget):
    demo_chosen = Signal()
    office_ready = Signal(str)  # the first admin's user name when set up here, else ""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.busy = False
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choices_page())
        self.pages.addWidget(self._server_page())
        self.pages.addWidget(self._local_page())
        self.banner = Banner()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(self.fontMetrics().height() // 2 + 2)
        self.progress.hide()

        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        inner.addWidget(self.pages)
        inner.addWidget(self.progress)
        inner.addWidget(self.banner)
        # Width from the font (not pixels), so 125 % scaling stays readable.
        box.setMaximumWidth(box.fontMetrics().averageCharWidth() * 150)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 10)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.choose)

    # --- pages ------------------------------------------------------------------------------

    def _choices_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading(self.tr("Bắt đầu sử dụng"), page, 1.6))
        intro = QLabel(self.tr("Máy này chưa có dữ liệu của cơ quan nào. Chọn cách bắt đầu:"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.demo_button = ChoiceButton(
            self.tr("Dùng thử với dữ liệu mẫu"),
            self.tr(
                "Mở một cơ quan mẫu với hồ sơ mẫu để làm quen. Dữ liệu mẫu nằm trong một tệp "
                "riêng, không bao giờ được đồng bộ và không lẫn vào dữ liệu thật."
            ),
        )
        self.server_button = ChoiceButton(
            self.tr("Thiết lập cơ quan với máy chủ đồng bộ"),
            self.tr(
                "Nhập địa chỉ máy chủ và mã đăng ký do quản trị máy chủ cấp: thông tin cơ quan, "
                "tài khoản và danh mục thủ tục được tải về máy này."
            ),
        )
        self.local_button = ChoiceButton(
            self.tr("Thiết lập cơ quan không có máy chủ"),
            self.tr(
                "Nhập tiêu đề cơ quan, mã định danh, giờ làm việc và tài khoản quản trị đầu tiên. "
                "Có thể đăng ký với máy chủ sau."
            ),
        )
        for button in (self.demo_button, self.server_button, self.local_button):
            layout.addWidget(button)
        layout.addStretch(1)  # the choices stay together when a taller form sets the height
        self.demo_button.clicked.connect(self._demo)
        self.server_button.clicked.connect(lambda: self._show(SERVER))
        self.local_button.clicked.connect(lambda: self._show(LOCAL))
        self.setTabOrder(self.demo_button, self.server_button)
        self.setTabOrder(self.server_button, self.local_button)
        return page

    def _server_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading(self.tr("Thiết lập cơ quan với máy chủ đồng bộ"), page))
        intro = QLabel(
            self.tr(
                "Quản trị máy chủ cấp mã đăng ký cho quầy này (counter server enroll). Thông tin "
                "cơ quan, tài khoản và danh mục thủ tục được tải về ngay khi đăng ký xong."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("https://dongbo.tanhung.gov.vn")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JKLM")
        form.addRow(self.tr("Địa chỉ máy chủ"), self.server_url)
        form.addRow(self.tr("Mã đăng ký"), self.code)
        layout.addLayout(form)
        self.server_back = QPushButton(self.tr("Quay lại (Esc)"))
        self.connect_button = QPushButton(self.tr("Đăng ký và tải thông tin cơ quan"))
        layout.addLayout(self._buttons(self.server_back, self.connect_button))
        layout.addStretch(1)
        self.server_url.returnPressed.connect(self.code.setFocus)
        self.code.returnPressed.connect(self.enrol)
        self.connect_button.clicked.connect(self.enrol)
        self.server_back.clicked.connect(self.choose)
        self.setTabOrder(self.server_url, self.code)
        self.setTabOrder(self.code, self.connect_button)
        self.setTabOrder(self.connect_button, self.server_back)
        return page

    def _local_page(self) -> QWidget:
        from counter.services.office import OfficeSettings

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading(self.tr("Thiết lập cơ quan không có máy chủ"), page))
        self.edits: dict[str, QLineEdit] = {}
        columns = QHBoxLayout()
        for title, fields in (
            (self.tr("Cơ quan"), OFFICE_FIELDS),
            (self.tr("Quản trị viên đầu tiên"), ADMIN_FIELDS),
        ):
            group = QGroupBox(title)
            form = QFormLayout(group)
            if fields is ADMIN_FIELDS:
                # On a narrow window (1024×768 at 125 %) a box goes under its name rather than
                # shrinking to nothing beside it.
                form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for name, label in fields:
                if name == "signer":
                    form.addRow(self.tr(label), self._signer_row())
                    continue
                edit = QLineEdit()
                if fields is ADMIN_FIELDS:
                    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * 16)
                self.edits[name] = edit
                form.addRow(self.tr(label), edit)
            columns.addWidget(group, 3 if fields is OFFICE_FIELDS else 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(columns)
        defaults = OfficeSettings("", "", "", "")
        self.edits["hours"].setText(defaults.hours)
        self.edits["cutoff"].setText(defaults.cutoff)
        self.edits["identifier"].setPlaceholderText("000.00.12.H40")
        self.edits["hours"].setPlaceholderText(defaults.hours)
        self.edits["username"].setPlaceholderText(self.tr("ví dụ: quantri"))
        for name in ("password", "password_again"):
            self.edits[name].setEchoMode(QLineEdit.EchoMode.Password)
        note = QLabel(
            self.tr(
                "Ngày làm việc (thứ Hai đến thứ Sáu), ngày nghỉ, tài khoản ngân hàng, người dùng "
                "khác: sửa sau trong Cài đặt. Danh mục thủ tục quốc gia được nạp sẵn."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color:#555;")
        layout.addWidget(note)
        self.local_back = QPushButton(self.tr("Quay lại (Esc)"))
        self.set_up_button = QPushButton(self.tr("Thiết lập cơ quan"))
        layout.addLayout(self._buttons(self.local_back, self.set_up_button))
        layout.addStretch(1)
        order = list(self.edits.values())  # in the order built: office, signer, admin
        for first, second in pairwise(order):
            first.returnPressed.connect(second.setFocus)
        order[-1].returnPressed.connect(self.set_up)
        for first, second in pairwise([*order, self.set_up_button, self.local_back]):
            self.setTabOrder(first, second)
        self.set_up_button.clicked.connect(self.set_up)
        self.local_back.clicked.connect(self.choose)
        return page

    def _signer_row(self) -> QHBoxLayout:
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        for name, hint in SIGNER_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr(hint))
            edit.setToolTip(self.tr(hint))
            # Each box as wide as its placeholder (the name it asks for is read whole), and no
            # wider: the form fits 1024×768 at 125 % (819 logical pixels).
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText() + "M"))
            self.edits[name] = edit
            line.addWidget(edit)
        return line

    def _buttons(self, back: QPushButton, go: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(go)
        go.setDefault(True)
        return row

    # --- navigation -------------------------------------------------------------------------

    def choose(self) -> None:
        """Back to the three choices, the demo focused: Enter opens it."""
        if self.busy:
            return
        self.banner.clear_message()
        self.pages.setCurrentIndex(CHOICES)
        self.demo_button.setFocus()

    def _show(self, page: int) -> None:
        self.banner.clear_message()
        self.pages.setCurrentIndex(page)
        if page == SERVER and not self.server_url.text():
            from counter.sync import client

            # Registered before, when the server had no office data yet: the same server.
            self.server_url.setText(client.status(self.state.ctx).server)
        (self.server_url if page == SERVER else self.edits["governing_body"]).setFocus()

    def _demo(self) -> None:
        if not self.busy:
            self.demo_chosen.emit()

    def _working(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for button in (self.connect_button, self.set_up_button, self.server_back, self.local_back):
            button.setEnabled(not busy)

    def _refused(self, error: CounterError, focus: QLineEdit) -> None:
        self._working(False)
        self.banner.show_message(error.message, "error")
        focus.setFocus()

    # --- with a server ------------------------------------------------------------------------

    def enrol(self) -> None:
        from ui.operations import setup

        if self.busy:
            return
        self._working(True)
        self.banner.show_message(self.tr("Đang kết nối máy chủ…"), "info")
        op = setup.enrol(self, self.state, self.server_url.text(), self.code.text())
        op.success(self._enrolled).failure(lambda error: self._refused(error, self.code)).run()

    def _enrolled(self, office_arrived: bool) -> None:
        self._working(False)
        if office_arrived:
            self.banner.clear_message()
            self.office_ready.emit("")
            return
        self.code.clear()
        self.banner.show_message(
            self.tr(
                "Đã đăng ký quầy với máy chủ, nhưng máy chủ chưa có thông tin cơ quan này nên "
                "chưa tiếp nhận được hồ sơ. Nhờ quản trị máy chủ thiết lập cơ quan (counter "
                "server office setup TỆP.json), rồi bấm «Đăng ký và tải thông tin cơ quan» lại, "
                "để trống mã đăng ký."
            ),
            "error",
        )
        self.connect_button.setFocus()

    # --- without a server ---------------------------------------------------------------------

    def set_up(self) -> None:
        from counter.errors import CounterError
        from counter.services.setup import parse_office_file
        from ui.operations import setup

        if self.busy:
            return
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        labels = dict((*OFFICE_FIELDS, *ADMIN_FIELDS))
        for name in REQUIRED:
            if not values[name]:
                self.banner.show_message(
                    self.tr("Hãy điền «{label}».").format(label=self.tr(labels[name])), "error"
                )
                self.edits[name].setFocus()
                return
        password = self.edits["password"].text()
        if password != self.edits["password_again"].text():
            self.banner.show_message(self.tr("Hai lần nhập mật khẩu không giống nhau."), "error")
            self.edits["password_again"].selectAll()
            self.edits["password_again"].setFocus()
            return
        data = {
            name: values[name] for name, _ in (*OFFICE_FIELDS, *SIGNER_FIELDS) if name in values
        }
        data["admin"] = {
            "username": values["username"],
            "full_name": values["full_name"],
            "password": password,
        }
        try:
            office_setup = parse_office_file(data)
        except CounterError as exc:
            self._refused(exc, self.edits.get(exc.field or "", self.edits["identifier"]))
            return
        self._working(True)
        username = values["username"]

        def refused(error: CounterError) -> None:
            self._refused(error, self.edits.get(error.field or "", self.edits["governing_body"]))

        op = setup.set_up_here(self, self.state, office_setup)
        op.success(lambda _none: self._set_up(username)).failure(refused).run()

    def _set_up(self, username: str) -> None:
        self._working(False)
        self.banner.clear_message()
        self.office_ready.emit(username)
