"""The settings screen for admins: its tabs (one module each beside this one), reading them all
from the database, storing the office's settings, and the way each tab's writes report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter.errors import CounterError
from counter.services import catalogue, office, signing, users
from counter.services.catalogue import ProcedureInfo
from counter.services.office import OfficeSettings
from counter.services.users import UserInfo
from ui import printing
from ui.labels import label as core_label
from ui.navigation import ScreenDefaults
from ui.operations import Op
from ui.operations import settings as settings_ops
from ui.screens.settings.catalogue import CatalogueTab
from ui.screens.settings.days import DaysTab
from ui.screens.settings.office import OfficeTab
from ui.screens.settings.papers import PapersTab
from ui.screens.settings.table import current_key
from ui.screens.settings.token import TokenTab
from ui.screens.settings.users import UsersTab
from ui.state import AppState
from ui.widgets import Banner, heading


def scrolled(tab: QWidget) -> QScrollArea:
    """A tab's body scrolls inside the tab when the window is small (1024×768 at 125 %): the
    window itself never needs to grow, and the tab bar and the save button stay in view."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(tab)
    return area


class SettingsScreen(
    QWidget, ScreenDefaults, OfficeTab, DaysTab, PapersTab, UsersTab, CatalogueTab, TokenTab
):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.settings: OfficeSettings | None = None
        self.dialog: QDialog | None = None
        self._users: list[UserInfo] = []
        self._procedures: list[ProcedureInfo] = []
        self.banner = Banner()
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolled(self._office_tab()), self.tr("Cơ quan và quầy"))
        self.tabs.addTab(scrolled(self._days_tab()), self.tr("Ngày nghỉ"))
        self.tabs.addTab(scrolled(self._paper_tab()), self.tr("Máy in và khổ giấy"))
        self.tabs.addTab(scrolled(self._users_tab()), self.tr("Người dùng"))
        self.tabs.addTab(scrolled(self._catalogue_tab()), self.tr("Danh mục thủ tục"))
        self.tabs.addTab(scrolled(self._token_tab()), self.tr("Chữ ký số"))
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

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload everything from the database; the chosen user and procedure stay chosen."""
        chosen = {table: current_key(table) for table in (self.users, self.procedures)}
        self._load()
        for table, key in chosen.items():
            if key is None:
                continue
            for row in range(table.rowCount()):
                if table.item(row, 0).data(Qt.ItemDataRole.UserRole) == key:
                    table.setCurrentCell(row, 0)
                    break

    def _load(self) -> None:
        ctx = self.state.ctx
        with ctx.db.session() as session:
            self.settings = office.get_settings(session)
            people = users.list_users(session)
            self._procedures = catalogue.list_procedures(session, include_inactive=True)
            token = signing.token_settings(session)
        self._show_office(self.settings, ctx)
        self._show_days()
        self._show_papers(self.settings)
        self._show_users(people)
        self._show_procedures()
        self._show_token(token)

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

        token = (self.module_path(), self.token_label.text().strip())
        op = settings_ops.save_settings(self, self.state, new, self.counter_no.value(), token)
        return self._run(op, self.tr("Đã lưu cài đặt."), stored)

    # --- the users' and the procedures' dialogs --------------------------------------------

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
