"""Restoring a backup from the window: close the database, put the backup in its place, open it
again, take this counter's own later events back from the sync server, say how it went."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from counter.errors import CounterError
from ui import tasks
from ui.bridge import Changes
from ui.labels import label as core_label
from ui.operations import Op

if TYPE_CHECKING:
    from counter.services.backup import BackupInfo
    from counter.services.context import Context
    from ui.main_window import MainWindow


class RestoreController(QObject):
    """The window's restore, start to end; the window only hands it the backup chosen."""

    restored = Signal()  # the database was replaced by a backup and opened again
    recovery_done = Signal(bool)  # the sync after a restore ended (True: own events back)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.running = False

    def restore(self, info: BackupInfo) -> bool:
        """Start the restore; False (with the reason in the status bar) while work is running."""
        from counter.services import backup

        window = self.window
        assert window.state is not None
        if window.sync.running or tasks.pending():
            window.statusBar().showMessage(
                self.tr("Đang có việc chạy nền (đồng bộ, sao lưu…). Hãy thử lại sau giây lát."),
                8000,
            )
            return False
        self.running = True
        window.daily_backup.stop()
        window.sync.nightly.stop()
        window.intake.reset()
        window.show_signin()
        window.signin.setEnabled(False)
        window.signin.banner.show_message(self.tr("Đang khôi phục dữ liệu, xin chờ…"), "info")
        window.close_reports()

        def run(ctx: Context) -> tuple[Context, Any, bool]:
            fresh, kept = backup.restore_database(ctx, info.path)
            return fresh, kept, backup.recovery_pending(fresh.db.path)

        # The database is replaced: every screen reads again once it is open.
        op = Op(self, window.state, run, changes=lambda _result: Changes.everything())
        op.success(lambda result: self._restored(info, *result)).failure(self._failed).run()
        return True

    def _restored(self, info: BackupInfo, ctx: Context, kept: Any, recover: bool) -> None:
        """`recover`: an enrolled counter whose own later events are on the sync server: a
        sync starts at once to take them back (codes issued after the backup must not be
        issued again)."""
        window = self.window
        assert window.state is not None
        window.state.ctx = ctx
        self.running = False
        window.signin.setEnabled(True)
        window.signin.refresh()
        window.signin.prepare()
        restored = self.tr("Đã khôi phục dữ liệu về bản sao lưu lúc {when}.").format(
            when=info.taken_at.strftime("%H:%M %d/%m/%Y")
        )
        kept_text = self.tr("Dữ liệu trước khi khôi phục được giữ tại {kept}.").format(kept=kept)
        again = self.tr("Hãy đăng nhập lại.")
        if recover:
            recovering = self.tr(
                "Đang đồng bộ để lấy lại từ máy chủ những hồ sơ quầy này đã gửi lên sau thời "
                "điểm sao lưu…"
            )
            window.signin.banner.show_message(f"{restored} {recovering}\n{kept_text}", "info")
        else:
            window.signin.banner.show_message(f"{restored} {kept_text} {again}", "info")
        window.daily_backup.start()
        window.sync.start_nightly()
        window.sync.refresh()
        self.restored.emit()
        if recover:
            self._recover(restored, f"{kept_text} {again}")

    def _recover(self, restored: str, kept_text: str) -> None:
        """Run the sync that takes this counter's own events back, then say how it went."""
        window = self.window

        def finished(ok: bool, message: str) -> None:
            report = window.sync.last_report
            if ok and report is not None:
                text = self.tr(
                    "Đã lấy lại từ máy chủ đồng bộ {dossiers} hồ sơ tiếp nhận và {events} sự "
                    "kiện quầy này đã gửi lên sau thời điểm sao lưu."
                ).format(dossiers=report.recovered_dossiers, events=report.recovered)
                kind = "info"
            else:
                text = self.tr(
                    "Chưa lấy lại được từ máy chủ những hồ sơ quầy này đã gửi lên sau thời điểm "
                    "sao lưu: {reason}\nKhi có mạng, hãy đăng nhập và bấm «Đồng bộ ngay» "
                    "(Ctrl+Shift+S) trước khi tiếp nhận hồ sơ mới, để không cấp trùng mã hồ sơ "
                    "đã giao cho công dân."
                ).format(reason=core_label(message))
                kind = "error"
            window.signin.banner.show_message(f"{restored} {text}\n{kept_text}", kind)
            if window.state is not None and window.state.signed_in:
                window.statusBar().showMessage(text, 60_000)
            self.recovery_done.emit(ok)

        # Restoring waits for any sync to end, so this run is the next one to finish.
        window.sync.finished.connect(finished, Qt.ConnectionType.SingleShotConnection)
        window.sync.sync_now()

    def _failed(self, error: CounterError) -> None:
        """Nothing was replaced (the backup is verified first) or the old file is back: open
        the database again as it is."""
        from counter.db.engine import Database
        from counter.services.context import Context

        window = self.window
        assert window.state is not None
        old = window.state.ctx
        old.db.close()
        window.state.ctx = Context(Database(old.db.path), now=old.now)
        self.running = False
        window.signin.setEnabled(True)
        window.signin.prepare()
        window.signin.banner.show_message(
            self.tr("Chưa khôi phục được: {m}").format(m=error.message), "error"
        )
        window.daily_backup.start()
        window.sync.start_nightly()
