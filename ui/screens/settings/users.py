"""The settings tab of users: the office's people, adding and editing them, a new password,
and stopping or allowing their sign-in."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTableWidget, QVBoxLayout, QWidget

from counter.services.context import ROLE_LABELS
from counter.services.users import UserInfo
from ui.dialogs.user import PasswordDialog, UserDialog
from ui.labels import label as core_label
from ui.operations import Op
from ui.operations import users as user_ops
from ui.screens.settings.table import append, table


class UsersTab:
    """Part of SettingsScreen: the users' list and what an admin does to one of them."""

    users: QTableWidget
    user_buttons: dict[str, QPushButton]
    _users: list[UserInfo]

    def _users_tab(self) -> QWidget:
        page = QWidget()
        self.users = table(
            [
                self.tr("Tên đăng nhập"),
                self.tr("Họ và tên"),
                self.tr("Chức danh"),
                self.tr("Vai trò"),
                self.tr("Trạng thái"),
            ]
        )
        self.users.doubleClicked.connect(lambda _index: self.edit_user())
        self.user_buttons = {}
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

    def _show_users(self, people: list[UserInfo]) -> None:
        self._users = people
        self.users.setRowCount(0)
        for person in people:
            append(
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
