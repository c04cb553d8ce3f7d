"""The automatic daily backup while the window is open, off the GUI thread.

The first check waits a couple of minutes after start (the clerk's first dossier comes first),
then one check an hour; `counter.services.backup.backup_if_due` takes a backup only when the
newest one is a day old or missing, verifies it and rotates the old ones. It runs as an
operation (ui.operations), on the writers' thread: a copy never interleaves with a write.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from counter.errors import CounterError
from counter.services import backup
from ui.operations import Op

if TYPE_CHECKING:
    from ui.state import AppState

FIRST_CHECK_MS = 120_000
INTERVAL_MS = 3_600_000
_MIRROR = "backup/second_folder"


def second_folder() -> Path | None:
    """Where each backup is also copied (another disk, a USB stick): this PC's choice."""
    value = str(QSettings().value(_MIRROR, "") or "")
    return Path(value) if value else None


def set_second_folder(folder: Path | None) -> None:
    QSettings().setValue(_MIRROR, str(folder) if folder else "")


def backup_and_copy(take, folder: Path | None):
    """Take a backup with `take()` (None: none was due), then copy it into `folder` if one is
    chosen. On the writers' thread: the copy never interleaves with a write."""
    info = take()
    if info is not None and folder is not None:
        backup.copy_to(info, folder)
    return info


class DailyBackup(QObject):
    taken = Signal(object)  # BackupInfo of a new backup
    failed = Signal(str)  # a plain Vietnamese message for the status bar

    def __init__(
        self,
        db_path: Path,
        parent: QObject | None = None,
        *,
        state: AppState | None = None,
        directory: Path | None = None,
        first_check_ms: int = FIRST_CHECK_MS,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        # Given, or the window's (its parent): an Op needs the context and the bridge.
        found = state or getattr(parent, "state", None)
        if found is None:
            raise ValueError("DailyBackup needs the window's AppState (state=…)")
        self.state: AppState = found
        self.directory = directory
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(first_check_ms)
        self._first.timeout.connect(self.check)

    def start(self) -> None:
        self._first.start()
        self.timer.start()

    def stop(self) -> None:
        self._first.stop()
        self.timer.stop()

    def check(self) -> None:
        """Back up now if the newest backup is a day old (never two at once)."""
        if self.running:
            return
        self.running = True
        path, directory, folder = self.db_path, self.directory, second_folder()
        op = Op(
            self,
            self.state,
            lambda _ctx: backup_and_copy(
                lambda: backup.backup_if_due(path, directory=directory), folder
            ),
        )
        op.success(self._done).failure(self._failed).run()

    def _done(self, info: backup.BackupInfo | None) -> None:
        self.running = False
        if info is not None:
            self.taken.emit(info)

    def _failed(self, error: CounterError) -> None:
        self.running = False
        self.failed.emit(
            self.tr("Sao lưu tự động chưa thực hiện được: {m}").format(m=error.message)
        )
