"""The automatic daily backup runs off the GUI thread and only when one is due."""

from __future__ import annotations

from pathlib import Path

from counter.services import backup
from counter.services.context import Context
from tests.services.helpers import receive
from ui import tasks
from ui.autobackup import DailyBackup


def test_daily_backup_is_taken_once_and_verified(qtbot, ctx: Context, tmp_path: Path) -> None:
    code = receive(ctx).dossier.code
    guard = DailyBackup(ctx.db.path, directory=tmp_path, first_check_ms=10, interval_ms=60_000)
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


def test_a_failed_backup_is_reported_in_words(qtbot, tmp_path: Path) -> None:
    guard = DailyBackup(tmp_path / "khong-co.sqlite3", directory=tmp_path / "bk")
    with qtbot.waitSignal(guard.failed, timeout=10_000) as failed:
        guard.check()
    assert failed.args[0].startswith("Sao lưu tự động chưa thực hiện được")
    assert not list((tmp_path / "bk").glob("*.sqlite3"))
    assert not (tmp_path / "khong-co.sqlite3").exists(), "an empty database was created"


def test_the_window_keeps_the_daily_backup_running(window) -> None:
    guard = window.daily_backup
    assert guard.db_path == window.state.ctx.db.path
    assert guard.timer.isActive() and guard.timer.interval() == 3_600_000
