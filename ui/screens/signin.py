"""Sign-in with the office's users (offline: hashes are stored locally); also the lock screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.errors import CounterError
from ui.widgets import Banner, heading

if TYPE_CHECKING:
    from counter.services.users import UserInfo
    from ui.state import AppState


class SignInScreen(QWidget):
    signed_in = Signal(object)  # UserInfo
    answered = Signal()  # a sign-in was checked, accepted or not
    # Just before a password is checked: what follows a sign-in may start meanwhile, off the
    # GUI thread (the home's figures), and is thrown away on `refused`.
    checking = Signal()
    refused = Signal()

    def __init__(self, state: AppState | None, parent: QWidget | None = None) -> None:
        """`state` may come later (`attach`): the screen paints before the database opens."""
        super().__init__(parent)
        self.state = state
        self.office_label = QLabel()
        self.office_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.office_label.setWordWrap(True)
        self.title = heading(self.tr("Đăng nhập"), self, 1.6)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("ví dụ: motcua"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.submit = QPushButton(self.tr("Đăng nhập"))
        self.submit.setDefault(True)
        self.banner = Banner()
        # What a fresh machine is preparing (the demo office): a sentence and a busy bar.
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(self.fontMetrics().height() // 2 + 2)
        self.progress_label.hide()
        self.progress_bar.hide()
        self._pending = False  # the clerk asked to sign in before the data was ready
        self.busy = False  # a sign-in is being checked
        self.hint = QLabel(
            self.tr(
                "Tài khoản mẫu: motcua / motcua123 (một cửa), chuyenvien / chuyenvien123, "
                "lanhdao / lanhdao123, admin / admin123."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555;")
        self.hint.hide()  # the demo office's accounts: shown once the office is known to be it

        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Mật khẩu"), self.password)
        inner = QVBoxLayout(box)
        inner.addWidget(self.office_label)
        inner.addWidget(self.title)
        inner.addLayout(form)
        inner.addWidget(self.progress_label)
        inner.addWidget(self.progress_bar)
        inner.addWidget(self.banner)
        inner.addWidget(self.submit)
        inner.addWidget(self.hint)
        # Width from the font (not pixels), so 125 % scaling stays readable; the wrapped labels
        # then get the height they need.
        box.setFixedWidth(box.fontMetrics().averageCharWidth() * 64)
        self.username.setMinimumWidth(box.fontMetrics().averageCharWidth() * 30)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_sign_in)
        self.submit.clicked.connect(self.try_sign_in)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.submit)
        self.refresh()

    def attach(self, state: AppState) -> None:
        self.state = state
        self.progress_label.hide()
        self.progress_bar.hide()
        self.refresh()
        if self.banner.kind == "info":
            self.banner.clear_message()
        if self._pending:
            self._pending = False
            self.try_sign_in()

    def show_progress(self, message: str) -> None:
        """What is being prepared before sign-in can work (a fresh machine's demo data)."""
        self.progress_label.setText(message)
        self.progress_label.show()
        self.progress_bar.show()

    def refresh(self) -> None:
        if self.state is None:
            return
        from counter.services import office

        try:
            with self.state.ctx.db.session() as session:
                settings = office.get_settings(session)
            self.office_label.setText(f"{settings.governing_body}\n{settings.unit_name}")
            self.hint.setVisible(settings.identifier == office.DEMO_IDENTIFIER)
        except CounterError:
            self.office_label.setText("")
            self.hint.hide()

    def prepare(self, *, locked_user: str = "") -> None:
        """Show empty fields; when locking, keep the user name so only the password is asked."""
        self.banner.clear_message()
        self.password.clear()
        if locked_user:
            self.title.setText(self.tr("Màn hình đã khóa"))
            self.submit.setText(self.tr("Mở khóa"))
            self.username.setText(locked_user)
            self.password.setFocus()
        else:
            self.title.setText(self.tr("Đăng nhập"))
            self.submit.setText(self.tr("Đăng nhập"))
            self.username.clear()
            self.username.setFocus()

    def try_sign_in(self) -> None:
        if self.state is None:
            # Kept: the sign-in goes ahead as soon as the data is ready.
            self._pending = True
            self.banner.show_message(
                self.tr("Đang chuẩn bị dữ liệu, xin chờ: sẽ đăng nhập ngay khi xong…"), "info"
            )
            return
        if self.busy:
            return  # Enter pressed twice: the first sign-in is still being checked
        from counter.services import users

        username, password = self.username.text(), self.password.text()
        self.busy = True
        self.checking.emit()

        # Checked on the GUI thread, the one write that is (the failure count): argon2's
        # verification on a worker thread, while the GUI thread worked on the database, killed
        # the process twice in the window benchmark ("deallocating None"). argon2 releases the
        # GIL meanwhile, so the home's figures (`checking`) are counted on a worker at the same
        # time.
        try:
            info = users.sign_in(self.state.ctx.db, username, password, now=self.state.ctx.now())
        except CounterError as exc:
            self._refused(exc)
        else:
            self._accepted(info)

    def _accepted(self, info: UserInfo) -> None:
        self.busy = False
        self.password.clear()
        self.banner.clear_message()
        self.signed_in.emit(info)
        self.answered.emit()

    def _refused(self, error: CounterError) -> None:
        self.busy = False
        self.refused.emit()
        self.banner.show_message(error.message, "error")
        self.password.selectAll()
        self.password.setFocus()
        self.answered.emit()
