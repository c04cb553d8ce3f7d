"""The automatic daily backup runs off the GUI thread and only when one is due."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject

from counter.services import backup
from counter.services.context import Context
from tests.services.helpers import receive
from ui import tasks
from ui.autobackup import DailyBackup
from ui.bridge import Bridge
from ui.operations import Op
from ui.state import AppState


def test_daily_backup_is_taken_once_and_verified(qtbot, ctx: Context, tmp_path: Path) -> None:
    code = receive(ctx).dossier.code
    guard = DailyBackup(
        ctx.db.path,
        state=AppState(ctx, Bridge()),
        directory=tmp_path,
        first_check_ms=10,
        interval_ms=60_000,
    )
    with qtbot.waitSignal(guard.taken, timeout=10_000) as taken:
        guard.start()
    info = taken.args[0]
    assert info.path.parent == tmp_path and info.dossiers == 1
    assert backup.verify(info.path) == 1
    # Not due again the same day: a second check takes nothing.
    guard.check()
    qtbot.waitUntil(lambda: not guard.running and tasks.pending() == 0, timeout=10_000)
    assert [b.path for b in backup.list_backups(tmp_path)] == [info.path]
    guard.stop()
    assert code


def test_a_failed_backup_is_reported_in_words(qtbot, ctx: Context, tmp_path: Path) -> None:
    guard = DailyBackup(
        tmp_path / "khong-co.sqlite3", state=AppState(ctx, Bridge()), directory=tmp_path / "bk"
    )
    with qtbot.waitSignal(guard.failed, timeout=10_000) as failed:
        guard.check()
    assert failed.args[0].startswith("Sao lưu tự động chưa thực hiện được")
    assert not list((tmp_path / "bk").glob("*.sqlite3"))
    assert not (tmp_path / "khong-co.sqlite3").exists(), "an empty database was created"


def test_the_window_keeps_the_daily_backup_running(window) -> None:
    guard = window.daily_backup
    assert guard.db_path == window.state.ctx.db.path
    assert guard.timer.isActive() and guard.timer.interval() == 3_600_000


def test_the_daily_backup_waits_for_a_write_asked_before_it(
    qtbot, ctx: Context, tmp_path: Path, monkeypatch
) -> None:
    """An operation like any write: on the writers' thread, after the write before it, so a
    copy never runs while a dossier is being stored."""
    state = AppState(ctx, Bridge())
    order: list[str] = []
    backed_up = threading.Event()

    def write(_ctx: Context) -> None:
        backed_up.wait(1)  # a backup running beside the write would end this wait at once
        order.append("write")

    def backup_if_due(_path: Path, *, directory: Path | None = None) -> None:
        order.append("backup")
        backed_up.set()

    monkeypatch.setattr(backup, "backup_if_due", backup_if_due)
    owner = QObject()
    Op(owner, state, write).run()
    guard = DailyBackup(ctx.db.path, state=state, directory=tmp_path)
    guard.check()
    qtbot.waitUntil(lambda: not guard.running and tasks.pending() == 0, timeout=10_000)
    assert order == ["write", "backup"]
