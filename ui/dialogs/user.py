"""Add or edit a user (name, title, role, may sign in) and reset a password: admins, in Settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter.errors import CounterError, ValidationError
from counter.services.context import ROLE_LABELS, ROLES
from ui.labels import label as core_label
from ui.operations import users as user_ops
from ui.widgets import Banner, dialog_buttons

if TYPE_CHECKING:
    from counter.services.users import UserInfo
    from ui.state import AppState


def _password_edit(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class _AccountDialog(QDialog):
    """What both account dialogs do once the write has answered."""

    saved = Signal(str)  # username
    buttons: QDialogButtonBox
    banner: Banner

    def _stored(self, username: str) -> None:
        self.saved.emit(username)
        self.accept()

    def _refused(self, error: CounterError) -> None:
        self.buttons.setEnabled(True)
        self.banner.show_message(core_label(error.message), "error")


class UserDialog(_AccountDialog):
    """A new user (with a first password) or changes to one; saved in one transaction."""

    def __init__(
        self, state: AppState, user: UserInfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.user = user
        self.setWindowTitle(
            self.tr("Thêm người dùng") if user is None else self.tr("Sửa người dùng")
        )
        self.username = QLineEdit()
        self.username.setPlaceholderText(self.tr("chữ không dấu, số, dấu chấm; ví dụ: motcua2"))
        self.full_name = QLineEdit()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("ví dụ: Công chức Tư pháp - Hộ tịch"))
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(core_label(ROLE_LABELS[role]), role)
        self.active = QCheckBox(self.tr("Được đăng nhập"))
        self.active.setChecked(True)
        self.password = _password_edit(self.tr("ít nhất 6 ký tự"))
        self.password2 = _password_edit(self.tr("nhập lại mật khẩu"))
        self.banner = Banner()
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập"), self.username)
        form.addRow(self.tr("Họ và tên"), self.full_name)
        form.addRow(self.tr("Chức danh"), self.title_edit)
        form.addRow(self.tr("Vai trò"), self.role)
        if user is None:
            form.addRow(self.tr("Mật khẩu"), self.password)
            form.addRow(self.tr("Nhập lại mật khẩu"), self.password2)
        else:
            form.addRow("", self.active)
            self.username.setText(user.username)
            self.username.setReadOnly(True)
            self.full_name.setText(user.full_name)
            self.title_edit.setText(user.title)
            self.role.setCurrentIndex(max(self.role.findData(user.role), 0))
            self.active.setChecked(user.active)
            # Nobody switches off the account they are signed in with.
            self.active.setEnabled(user.username != state.actor.username)
        self.buttons = dialog_buttons(self, self.tr("Lưu"), self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        (self.username if user is None else self.full_name).setFocus()

    def submit(self) -> bool:
        """Store in the background; False when refused at once (or already storing)."""
        if not self.buttons.isEnabled():
            return False
        if self.user is None and self.password.text() != self.password2.text():
            self._refused(
                ValidationError(
                    self.tr("Hai lần nhập mật khẩu không giống nhau."), field="password"
                )
            )
            return False
        if self.user is None:
            op = user_ops.create_user(
                self,
                self.state,
                self.username.text(),
                self.full_name.text(),
                self.role.currentData(),
                self.password.text(),
                self.title_edit.text(),
            )
        else:
            op = user_ops.update_user(
                self,
                self.state,
                self.user.username,
                full_name=self.full_name.text(),
                role=self.role.currentData(),
                title=self.title_edit.text(),
                active=self.active.isChecked(),
            )
        self.buttons.setEnabled(False)
        op.success(lambda info: self._stored(info.username)).failure(self._refused).run()
        return True


class PasswordDialog(_AccountDialog):
    """A new password for someone who forgot theirs (their sign-in throttle is cleared too)."""

    def __init__(self, state: AppState, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.user = user
        self.setWindowTitle(self.tr("Đặt lại mật khẩu – {name}").format(name=user.full_name))
        self.password = _password_edit(self.tr("ít nhất 6 ký tự"))
        self.password2 = _password_edit(self.tr("nhập lại mật khẩu"))
        self.banner = Banner()
        form = QFormLayout()
        form.addRow(self.tr("Mật khẩu mới"), self.password)
        form.addRow(self.tr("Nhập lại mật khẩu"), self.password2)
        self.buttons = dialog_buttons(self, self.tr("Đặt mật khẩu"), self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        self.password.setFocus()

    def submit(self) -> bool:
        """Store in the background; False when refused at once (or already storing)."""
        if not self.buttons.isEnabled():
            return False
        if self.password.text() != self.password2.text():
            self._refused(
                ValidationError(
                    self.tr("Hai lần nhập mật khẩu không giống nhau."), field="password"
                )
            )
            return False
        username = self.user.username
        op = user_ops.set_password(self, self.state, username, self.password.text())
        self.buttons.setEnabled(False)
        op.success(lambda _none: self._stored(username)).failure(self._refused).run()
        return True
