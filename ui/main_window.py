"""The main window: sign-in, the screens, shortcuts, scan-anywhere and the inactivity lock."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter.errors import CounterError
from ui.bridge import Bridge
from ui.navigation import NavList, Screen, ScreenDefaults
from ui.restore import RestoreController
from ui.return_mode import COUNTDOWN_MS, SHORTCUT, ReturnMode
from ui.scanner import ScanDetector, is_card_qr
from ui.screens.signin import SignInScreen

if TYPE_CHECKING:
    from counter.services.context import Context
    from counter.services.users import UserInfo
    from ui.state import AppState

HOME, INTAKE, DOSSIERS, DOSSIER, SETTINGS = range(5)
REPORTS = 5  # not a page: the Reports screen opens in its own window
NAV_ROWS = (HOME, INTAKE, DOSSIERS, REPORTS, SETTINGS)
LOCK_MINUTES = 15


class _NotYet(QWidget, ScreenDefaults):
    """A page not built yet."""


class _Activity(QObject):
    """Restarts the lock timer on any keyboard or mouse input."""

    def __init__(self, timer: QTimer, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = timer

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    first_painted = Signal()
    ready = Signal()  # the database is open and the screens are built
    dossier_shown = Signal(str)
    restored = Signal()  # the database was replaced by a backup and opened again
    recovery_done = Signal(bool)  # the sync after a restore ended (True: own events back)

    def __init__(
        self,
        ctx: Context | None = None,
        *,
        lock_minutes: int = LOCK_MINUTES,
        return_countdown_ms: int = COUNTDOWN_MS,
    ) -> None:
        """Without `ctx` the window paints its sign-in at once (nothing heavy imported yet);
        `attach(ctx)` then opens the work screens. Keys typed meanwhile wait in Qt's queue.
        `return_countdown_ms`: how long «Quầy trả kết quả» waits before it records a return."""
        super().__init__()
        self._return_countdown_ms = return_countdown_ms
        self.return_mode: ReturnMode | None = None
        self.bridge = Bridge(self)
        self.state: AppState | None = None
        self.setWindowTitle(self.tr("Bộ phận Một cửa"))
        self._painted = False
        self._previous = HOME
        self._locked_by: str | None = None  # who locked the screen (lock → same user resumes)

        self.signin = SignInScreen(None)
        self.signin.signed_in.connect(self._signed_in)
        self.signin.checking.connect(self._checking_password)
        self.signin.refused.connect(self._password_refused)
        self.settings: QWidget | None = None
        self.pages = QStackedWidget()
        self.nav = NavList()
        for label, shortcut, page in (
            (self.tr("Trang chủ"), "Ctrl+1", HOME),
            (self.tr("Tiếp nhận"), "F2", INTAKE),
            (self.tr("Hồ sơ"), "F3", DOSSIERS),
            (self.tr("Báo cáo"), "F4", REPORTS),
            (self.tr("Cài đặt"), "Ctrl+,", SETTINGS),
        ):
            self.nav.add(label, shortcut, page)
        self.nav.itemClicked.connect(lambda item: self.go(item.data(Qt.ItemDataRole.UserRole)))
        workspace = QWidget()
        # «Quầy trả kết quả» puts its strip and its countdown above the pages (ui.return_mode).
        self._workspace = QVBoxLayout(workspace)
        self._workspace.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self._workspace.addLayout(row, 1)
        self.root = QStackedWidget()
        self.root.addWidget(self.signin)
        self.root.addWidget(workspace)
        self.setCentralWidget(self.root)

        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self._build_actions()
        # In the menu bar's empty right end, on every page (sign-in included) while the office is
        # the demo: nobody mistakes it for the office's own data, and no screen loses a line.
        self.demo_mark = QLabel(
            self.tr("DỮ LIỆU MẪU — không phải dữ liệu thật của cơ quan, không bao giờ đồng bộ")
        )
        # Also when the menu bar is disabled (at sign-in): the mark must never look greyed out.
        self.demo_mark.setStyleSheet(
            "QLabel, QLabel:disabled {background:#fff3cd;color:#6b4500;"
            "border:1px solid #e0a800;font-weight:bold;padding:0 0.6em;}"
        )
        # Capitals with two marks (Ẫ, Ữ) reach above the font's ascent: room for them, which
        # makes the menu bar a few pixels taller on the demo only.
        bold = QFont(self.demo_mark.font())
        bold.setBold(True)
        marks = QFontMetrics(bold).boundingRect(self.demo_mark.text())
        self.demo_mark.setMinimumHeight(marks.height() + 6)
        self.demo_mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.menuBar().setCornerWidget(self.demo_mark, Qt.Corner.TopRightCorner)
        self.demo_mark.hide()

        self.scanner = ScanDetector(self)
        self.scanner.scanned.connect(self.on_scan)
        QApplication.instance().installEventFilter(self.scanner)
        self.lock_timer = QTimer(self)
        self.lock_timer.setSingleShot(True)
        self.lock_timer.setInterval(max(lock_minutes, 1) * 60_000)
        self.lock_timer.timeout.connect(self.lock)
        self._activity = _Activity(self.lock_timer, self)
        QApplication.instance().installEventFilter(self._activity)
        self.preview = None
        self.restorer = RestoreController(self)
        self.restorer.restored.connect(self.restored)
        self.restorer.recovery_done.connect(self.recovery_done)
        self.restorer.restored.connect(self.show_demo_mark)
        self.bridge.settings_changed.connect(self.show_demo_mark)
        self.show_signin()
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: Context) -> None:
        """Build the work screens over the opened database."""
        from ui.screens.dossier import DossierScreen
        from ui.screens.dossiers import DossiersScreen
        from ui.screens.home import HomeScreen
        from ui.screens.intake import IntakeScreen
        from ui.state import AppState

        self.state = AppState(ctx, self.bridge)
        self.home = HomeScreen(self.state)
        self.intake = IntakeScreen(self.state)
        self.dossiers = DossiersScreen(self.state)
        self.dossier = DossierScreen(self.state)
        # Settings are built at their first visit (admins only): a blank page until then.
        for screen in (self.home, self.intake, self.dossiers, self.dossier, _NotYet()):
            self.pages.addWidget(screen)
        self.home.open_list.connect(self.open_list)
        self.intake.print_requested.connect(self.print_form)
        self.intake.open_dossier.connect(self.open_dossier)
        self.dossiers.open_dossier.connect(self.open_dossier)
        self.dossiers.print_dossier.connect(self._print_dossier)
        self.dossier.back.connect(lambda: self.go(self._previous))
        self.dossier.print_requested.connect(self.print_form)
        self.return_mode = ReturnMode(self, self._return_countdown_ms)
        self._workspace.insertWidget(0, self.return_mode.strip)
        self._workspace.insertWidget(1, self.return_mode.bar)
        self.return_mode.toggled.connect(self.act_return_mode.setChecked)
        self.act_return_mode.setChecked(self.return_mode.on)
        self.dossier.commit_pending = self.return_mode.commit_if
        self.show_demo_mark()
        self._start_daily_backup(ctx)
        self._start_sync()
        # Last: a sign-in asked for while the database opened goes through here.
        self.signin.attach(self.state)
        self.ready.emit()

    def show_demo_mark(self) -> None:
        """«DỮ LIỆU MẪU» in the title bar and the menu bar whenever the office is the demo."""
        from counter import demo
        from counter.domain.codes import DEMO_MARK
        from ui.labels import label

        title = self.tr("Bộ phận Một cửa")
        mark = label(DEMO_MARK)
        marked = self.state is not None and demo.is_demo(self.state.ctx)
        self.setWindowTitle(f"{title} — {mark}" if marked else title)
        self.demo_mark.setVisible(marked)

    def _start_sync(self) -> None:
        from ui.sync import SyncController, SyncIndicator
        from ui.widgets import debounce

        self.sync = SyncController(self.state, self)
        self.sync_indicator = SyncIndicator(self.sync)
        self.sync_indicator.clicked.connect(lambda: self.open_sync(start=False))
        self.statusBar().insertPermanentWidget(0, self.sync_indicator)
        self.sync_indicator.setVisible(bool(self.state and self.state.signed_in))
        # Events waiting to be sent change with every saved action: recount a moment later.
        self._sync_recount = debounce(self, 2000, self.sync.refresh)
        self.bridge.dossiers_changed.connect(self._sync_recount.start)
        self.sync.finished.connect(self._sync_finished)
        self.sync.registered.connect(lambda _r: self._show_user())
        self.sync.start_nightly()  # the status is read at sign-in, not during start-up

    def _start_daily_backup(self, ctx: Context) -> None:
        from ui.autobackup import DailyBackup

        self.daily_backup = DailyBackup(ctx.db.path, self)
        self.daily_backup.failed.connect(
            lambda message: self.statusBar().showMessage(message, 30000)
        )
        self.daily_backup.start()

    # --- actions and shortcuts --------------------------------------------------------------

    def _action(self, menu, text: str, keys, slot) -> QAction:
        action = QAction(text, self)
        if isinstance(keys, list):
            action.setShortcuts([QKeySequence(k) for k in keys])
        elif keys:
            action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        menu.addAction(action)
        self._signed_in_actions.append(action)
        return action

    def _build_actions(self) -> None:
        self._signed_in_actions: list[QAction] = []
        bar = self.menuBar()
        m_file = bar.addMenu(self.tr("&Tệp"))
        m_dossier = bar.addMenu(self.tr("&Hồ sơ"))
        m_view = bar.addMenu(self.tr("&Xem"))
        self.act_intake = self._action(
            m_dossier, self.tr("Tiếp nhận hồ sơ mới"), "F2", self.new_intake
        )
        self.act_list = self._action(
            m_dossier, self.tr("Danh sách hồ sơ"), "F3", lambda: self.go(DOSSIERS)
        )
        self.act_find = self._action(
            m_dossier, self.tr("Tìm hồ sơ"), QKeySequence.StandardKey.Find, self.find
        )
        self.act_print = self._action(
            m_dossier, self.tr("In"), QKeySequence.StandardKey.Print, self.print_current
        )
        self.act_save = self._action(
            m_dossier,
            self.tr("Lưu hồ sơ đang tiếp nhận"),
            QKeySequence.StandardKey.Save,
            self.save_current,
        )
        # The intake's last saved dossier, from any screen (its buttons name these keys).
        self.act_open_saved = self._action(
            m_dossier,
            self.tr("Mở hồ sơ vừa lưu"),
            "Ctrl+Shift+O",
            lambda: self.intake.open_button.isEnabled() and self.intake.open_button.click(),
        )
        self.act_reprint_saved = self._action(
            m_dossier,
            self.tr("In lại phiếu vừa lưu"),
            "Ctrl+Shift+P",
            lambda: self.intake.reprint_button.isEnabled() and self.intake.reprint_button.click(),
        )
        # A counter that hands results over: the scan alone records the hand-over.
        self.act_return_mode = self._action(
            m_dossier, self.tr("Quầy trả kết quả"), SHORTCUT, self.set_return_mode
        )
        self.act_return_mode.setCheckable(True)
        self.act_register = self._action(
            m_dossier,
            self.tr("In sổ theo dõi hồ sơ (Mẫu 07)…"),
            "Ctrl+Shift+R",
            self.open_register,
        )
        self.act_home = self._action(
            m_view, self.tr("Trang chủ"), ["Ctrl+1", "Alt+Home"], lambda: self.go(HOME)
        )
        self.act_refresh = self._action(
            m_view, self.tr("Làm mới"), QKeySequence.StandardKey.Refresh, self.refresh
        )
        self.act_reports = self._action(
            m_view, self.tr("Báo cáo thống kê"), "F4", self.open_reports
        )
        self.act_settings = self._action(
            m_view, self.tr("Cài đặt"), "Ctrl+,", lambda: self.go(SETTINGS)
        )
        m_tools = bar.addMenu(self.tr("&Công cụ"))
        self.act_sync = self._action(
            m_tools, self.tr("Đồng bộ ngay"), "Ctrl+Shift+S", lambda: self.open_sync(start=True)
        )
        self.act_backup = self._action(
            m_tools, self.tr("Sao lưu và khôi phục…"), "Ctrl+Shift+B", self.open_backups
        )
        self.act_lock = self._action(m_file, self.tr("Khóa màn hình"), "Ctrl+L", self.lock)
        self.act_signout = self._action(m_file, self.tr("Đăng xuất"), "Ctrl+Shift+L", self.sign_out)
        quit_action = QAction(self.tr("Thoát"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        m_file.addAction(quit_action)

    # --- sign-in and lock -------------------------------------------------------------------

    def show_signin(self, locked_user: str = "") -> None:
        if self.state is not None:
            self.state.signed_in = False
        for action in self._signed_in_actions:
            action.setEnabled(False)
        self.menuBar().setEnabled(False)
        indicator = getattr(self, "sync_indicator", None)
        if indicator is not None:
            indicator.hide()  # the office's sync state is for signed-in users
        if not locked_user:
            self.user_label.clear()  # signed out: nobody's name stays on the sign-in screen
        reports = getattr(self, "reports", None)
        if reports is not None and reports.isVisible():
            # Late applicants' names and the export buttons stay behind the password too.
            self._reports_hidden = True
            reports.hide()
        self.root.setCurrentWidget(self.signin)
        self.signin.refresh()
        self.signin.prepare(locked_user=locked_user)
        self.lock_timer.stop()

    def _checking_password(self) -> None:
        """While the password is checked (argon2, ~0.1–0.5 s): if the home comes next, its
        figures are counted meanwhile on a worker, kept off the screen until the check passes."""
        home = getattr(self, "home", None)
        if home is not None and self.pages.currentIndex() == HOME:
            home.prefetch()

    def _password_refused(self) -> None:
        home = getattr(self, "home", None)
        if home is not None:
            home.drop_prefetch()  # counted for nobody: never shown

    def _signed_in(self, info: UserInfo) -> None:
        assert self.state is not None
        taken_over = self._locked_by is not None and info.username != self._locked_by
        self._locked_by = None
        if taken_over:
            # Someone else signed in at the lock screen: the locked user's unfinished work is
            # not theirs to save under their name. As a sign-out would, start afresh.
            self.intake.reset()
            self.pages.setCurrentIndex(HOME)
            reports = getattr(self, "reports", None)
            if reports is not None:
                reports.close()
            self._reports_hidden = False
        self.state.ctx = self.state.ctx.as_user(info.actor, info.signer)
        self.state.signed_in = True
        for action in self._signed_in_actions:
            action.setEnabled(True)
        self.act_settings.setEnabled(self.state.is_admin)
        self.act_backup.setEnabled(self.state.is_admin)
        self.nav.item(NAV_ROWS.index(SETTINGS)).setHidden(not self.state.is_admin)
        self.menuBar().setEnabled(True)
        self._show_user()
        self.sync.refresh()
        self.sync_indicator.show()
        self.root.setCurrentIndex(1)
        self.lock_timer.start()
        if self.pages.currentIndex() == SETTINGS and not self.state.is_admin:
            self.go(HOME)
        else:
            self.go(self.pages.currentIndex())
        self.home.drop_prefetch()  # taken by the home if it came in front; else not wanted
        if getattr(self, "_reports_hidden", False):
            self._reports_hidden = False
            self.reports.show()  # the same user back: the reports as they were left

    def _show_user(self) -> None:
        from counter.services.context import ROLE_LABELS
        from ui.labels import label as core_label

        if self.state is None or not self.state.signed_in:
            return
        actor = self.state.actor
        self.user_label.setText(
            self.tr("Quầy {n} · {name} ({role})").format(
                n=self.state.ctx.counter_no,
                name=actor.full_name,
                role=core_label(ROLE_LABELS.get(actor.role, actor.role)),
            )
        )

    def set_return_mode(self, on: bool) -> None:
        """Hồ sơ → Quầy trả kết quả (Ctrl+Shift+T): on or off for this counter, kept."""
        if self.return_mode is not None:
            self.return_mode.set_on(on)

    def _commit_return(self) -> None:
        """A return counting down is recorded before the window locks, signs out or closes."""
        if self.return_mode is not None:
            self.return_mode.commit()

    def lock(self) -> None:
        """Hide the work behind the password; everything typed so far stays where it was, for
        the same user (another one signing in there starts afresh)."""
        if self.state is not None and self.state.signed_in:
            self._commit_return()
            self._locked_by = self.state.actor.username
            self.show_signin(locked_user=self.state.actor.username)

    def sign_out(self) -> None:
        self._commit_return()
        self._locked_by = None
        reports = getattr(self, "reports", None)
        if reports is not None:
            reports.close()
        self._reports_hidden = False
        self.intake.reset()
        self.show_signin()

    # --- navigation -------------------------------------------------------------------------

    def go(self, page: int) -> None:
        if self.state is None or not self.state.signed_in:
            return
        if page == REPORTS:
            self.open_reports()
            # The work page stays the selected entry: Reports is a window beside it.
            self.nav.setCurrentRow(self.nav.row_of(self.pages.currentIndex()))
            return
        if page == SETTINGS:
            if not self.state.is_admin:
                self.statusBar().showMessage(self.tr("Chỉ quản trị viên được vào Cài đặt."), 5000)
                return
            self._ensure_settings()
        if (page != DOSSIER and self.pages.currentIndex() != DOSSIER) or page != DOSSIER:
            self._previous = page
        self.pages.setCurrentIndex(page)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(NAV_ROWS.index(page) if page in NAV_ROWS else -1)
        self.nav.blockSignals(False)
        self.current().shown()

    def current(self) -> Screen:
        """The page in front: the window's shortcuts ask it what they mean there."""
        return cast("Screen", self.pages.currentWidget())

    def _ensure_settings(self) -> None:
        if self.settings is None:
            from ui.screens.settings import SettingsScreen

            self.settings = SettingsScreen(self.state)
            old = self.pages.widget(SETTINGS)
            self.pages.removeWidget(old)
            old.deleteLater()
            self.pages.insertWidget(SETTINGS, self.settings)

    def open_reports(self) -> None:
        """The Reports screen in its own window, so the counter's work stays one click away."""
        if self.state is None or not self.state.signed_in:
            return
        if getattr(self, "reports", None) is None:
            from ui.screens.reports import ReportsScreen

            # A child window: it closes with the main window and is deleted with it.
            self.reports = ReportsScreen(self.state.ctx, parent=self)
            self.reports.setWindowFlag(Qt.WindowType.Window)
            self.reports.setWindowTitle(self.tr("Báo cáo thống kê"))
            self.reports.open_dossier.connect(self._open_from_reports)
            self.reports.resize(self.size())
        if not self.reports.isVisible() and not self.reports.busy:
            # Opens with the figures of the chosen period (at first the current quarter)
            # as they stand now, not with an empty table.
            self.reports.build_from_controls()
        self.reports.show()
        self.reports.raise_()
        self.reports.activateWindow()

    def _open_from_reports(self, code: str) -> None:
        """A late dossier of the reports: shown in the main window, brought to the front."""
        if self.open_dossier(code):
            self.raise_()
            self.activateWindow()

    def open_register(self):
        """Hồ sơ → In sổ theo dõi (Mẫu 07): a day or a month, then its preview."""
        from ui.dialogs.register import RegisterDialog

        if self.state is None or not self.state.signed_in:
            return None
        dialog = RegisterDialog(self.state, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.register_dialog = dialog
        dialog.open()
        return dialog

    # --- sync, backups --------------------------------------------------------------------------

    def open_sync(self, *, start: bool = True):
        """The sync panel (non-modal); from the menu or its shortcut a sync starts at once."""
        from ui.dialogs.sync import SyncDialog

        if self.state is None or not self.state.signed_in:
            return None
        if getattr(self, "sync_dialog", None) is None:
            self.sync_dialog = SyncDialog(self.state, self.sync, self)
            self.sync_dialog.open_conflicts.connect(self._open_conflicts)
            self.sync_dialog.finished.connect(lambda _r: setattr(self, "sync_dialog", None))
            self.sync_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.sync_dialog.show()
        self.sync_dialog.raise_()
        self.sync_dialog.activateWindow()
        last = self.sync.last
        if start and last is not None and last.registered:
            self.sync_dialog.start_sync()
        return self.sync_dialog

    def _open_conflicts(self) -> None:
        self.open_list("conflicts")
        self.activateWindow()

    def _sync_finished(self, ok: bool, message: str) -> None:
        from ui.labels import label as core_label

        if ok:
            self.statusBar().showMessage(self.tr("Đồng bộ xong. {m}").format(m=message), 10000)
        else:
            self.statusBar().showMessage(
                self.tr("Chưa đồng bộ được: {m}").format(m=core_label(message)), 30000
            )

    def open_backups(self):
        """Back up, check and restore (admins only; the service checks the role too)."""
        from ui.dialogs.backup import BackupDialog

        if self.state is None or not self.state.signed_in:
            return None
        if not self.state.is_admin:
            self.statusBar().showMessage(
                self.tr("Chỉ quản trị viên được sao lưu và khôi phục dữ liệu."), 5000
            )
            return None
        if getattr(self, "backup_dialog", None) is None:
            self.backup_dialog = BackupDialog(self.state, self)
            self.backup_dialog.restore_requested.connect(self.restore_backup)
            last = self.sync.last
            self.backup_dialog.sync_registered = bool(last and last.registered)
            self.backup_dialog.finished.connect(lambda _r: setattr(self, "backup_dialog", None))
            self.backup_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.backup_dialog.show()
        self.backup_dialog.raise_()
        return self.backup_dialog

    def restore_backup(self, info) -> bool:
        """Close the database, put the backup in its place, open it again, back to sign-in."""
        return self.restorer.restore(info)

    @property
    def restoring(self) -> bool:
        return self.restorer.running

    def close_reports(self) -> None:
        """The Reports window goes with the database it was reading (restore, another user)."""
        reports = getattr(self, "reports", None)
        if reports is not None:
            reports.close()
            reports.deleteLater()
            self.reports = None

    def new_intake(self) -> None:
        self.go(INTAKE)

    def find(self) -> None:
        self.go(DOSSIERS)
        self.dossiers.focus_search()

    def open_list(self, key: str) -> None:
        self.go(DOSSIERS)
        tile = self.home.tiles.get(key)
        self.dossiers.apply_preset(key, tile.label if tile is not None else "")
        self.dossiers.table.setFocus()

    def open_dossier(self, code: str) -> bool:
        if self.state is None or not self.state.signed_in:
            return False
        if not self.dossier.show_code(code):
            self.statusBar().showMessage(
                self.tr("Không tìm thấy hồ sơ mã «{code}».").format(code=code), 8000
            )
            return False
        if self.pages.currentIndex() != DOSSIER:
            self._previous = self.pages.currentIndex()
        self.pages.setCurrentIndex(DOSSIER)
        self.nav.setCurrentRow(-1)
        self.dossier.take_focus()
        self.dossier_shown.emit(code)
        return True

    def refresh(self) -> None:
        self.current().refresh()

    # --- scanning ---------------------------------------------------------------------------

    def on_scan(self, text: str) -> None:
        """A scanner burst: a dossier code opens the dossier, an ID card fills the intake."""
        if self.state is None or not self.state.signed_in:
            return
        if self.return_mode is not None:
            self.return_mode.scanned()  # the next slip: the return counting down, at once
        if is_card_qr(text):
            if self.pages.currentIndex() != INTAKE:
                self.go(INTAKE)
            self.intake.apply_card_qr(text)
            return
        if self.open_dossier(text):
            if self.return_mode is not None and self.dossier.view is not None:
                self.return_mode.offer(self.dossier.view.code)
        else:
            # Said where the clerk is looking, not only in the status bar.
            message = self.tr(
                "Mã vừa quét «{code}» không phải mã hồ sơ nào trong phần mềm, cũng không phải "
                "mã QR của thẻ CCCD. Hãy xem lại giấy tờ vừa quét, hoặc tìm hồ sơ theo tên, số "
                "định danh (Ctrl+F)."
            ).format(code=text)
            banner = getattr(self.current(), "banner", None)
            if banner is not None:
                banner.show_message(message, "error")
            QApplication.beep()

    # --- printing ---------------------------------------------------------------------------

    def print_form(self, code: str, form: str) -> None:
        """Preview the form; the dossier is already saved, so a failure only means a reprint."""
        from ui.dialogs.print_preview import open_preview

        try:
            self.preview = open_preview(self.state, code, form, self)
        except CounterError as exc:
            self.preview = None
            message = exc.message
            self.statusBar().showMessage(message, 10000)
            self.current().print_failed(message)

    def print_current(self) -> None:
        self.current().print_current()

    def _print_dossier(self, code: str) -> None:
        if self.open_dossier(code):
            self.dossier.print_current()

    def save_current(self) -> None:
        self.current().save_current()

    # --- window -----------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event) -> None:
        intake = getattr(self, "intake", None)
        if intake is not None and not intake.may_close(self.close):
            event.ignore()  # a half-filled intake: the clerk is asked first
            return
        self._commit_return()
        app = QApplication.instance()
        app.removeEventFilter(self.scanner)
        app.removeEventFilter(self._activity)
        super().closeEvent(event)
