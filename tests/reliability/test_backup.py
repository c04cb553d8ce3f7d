"""Backups: online, verified, rotated, restorable from the command line."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter.cli import main
from counter.db import encryption
from counter.db.engine import Database
from counter.db.models import Dossier
from counter.errors import ValidationError
from counter.services import backup
from counter.services.context import Context
from tests.services.helpers import receive


def _dossiers(path: Path) -> int:
    db = Database(path)
    with db.session() as s:
        n = s.scalar(select(func.count()).select_from(Dossier)) or 0
    db.close()
    return n


def test_backup_while_the_database_is_in_use_is_whole(ctx: Context, tmp_path: Path) -> None:
    for i in range(5):
        receive(ctx, name=f"Người Thứ {i}", id_number="")
    # A reader holds a transaction open: the online backup still completes.
    with ctx.db.session() as reader:
        reader.scalar(select(func.count()).select_from(Dossier))
        info = backup.backup_now(
            ctx.db.path, directory=tmp_path / "bk", now=datetime(2026, 3, 2, 12, 0)
        )
    assert info.dossiers == 5
    assert info.path.name == "counter-20260302-120000.sqlite3"
    assert backup.verify(info.path) == 5
    assert not list((tmp_path / "bk").glob("*.partial"))


def test_rotation_keeps_the_newest(ctx: Context, tmp_path: Path) -> None:
    start = datetime(2026, 3, 1, 18, 0)
    for day in range(6):
        backup.backup_now(ctx.db.path, directory=tmp_path, now=start + timedelta(days=day), keep=3)
    names = [b.path.name for b in backup.list_backups(tmp_path)]
    assert names == [
        "counter-20260306-180000.sqlite3",
        "counter-20260305-180000.sqlite3",
        "counter-20260304-180000.sqlite3",
    ]


def test_daily_backup_only_when_due(ctx: Context, tmp_path: Path) -> None:
    first = backup.backup_if_due(ctx.db.path, directory=tmp_path, now=datetime(2026, 3, 2, 8, 0))
    assert first is not None
    assert (
        backup.backup_if_due(ctx.db.path, directory=tmp_path, now=datetime(2026, 3, 2, 17, 0))
        is None
    )
    assert (
        backup.backup_if_due(ctx.db.path, directory=tmp_path, now=datetime(2026, 3, 3, 8, 0))
        is not None
    )


def test_a_damaged_or_foreign_file_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ValidationError):
        backup.verify(junk)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ValidationError, match="không phải cơ sở dữ liệu"):
        backup.verify(other)


def test_restore_from_the_command_line(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    receive(ctx, name="Trước Sao Lưu", id_number="")
    db_path = ctx.db.path
    assert main(["--db", str(db_path), "backup", "now", "--dir", str(tmp_path / "bk")]) == 0
    saved = backup.list_backups(tmp_path / "bk")[0].path
    receive(ctx, name="Sau Sao Lưu", id_number="")
    ctx.db.close()
    assert _dossiers(db_path) == 2
    # Without --yes nothing happens.
    assert main(["--db", str(db_path), "backup", "restore", str(saved)]) == 2
    assert "--yes" in capsys.readouterr().err
    assert main(["--db", str(db_path), "backup", "restore", str(saved), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Đã khôi phục 1 hồ sơ" in out
    assert _dossiers(db_path) == 1
    kept = list(db_path.parent.glob("counter.truoc-khoi-phuc-*.sqlite3"))
    assert len(kept) == 1 and _dossiers(kept[0]) == 2


def test_restoring_an_enrolled_counter_flags_the_recovery_of_its_own_events(
    ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from counter.db.models import Setting

    with ctx.db.unit_of_work() as session:
        session.add(Setting(key=backup.SYNC_TOKEN, value="token-of-this-counter"))
        session.add(Setting(key=backup.PULL_CURSOR, value="42"))
    db_path = ctx.db.path
    saved = backup.backup_now(db_path, directory=tmp_path / "bk").path
    ctx.db.close()
    assert not backup.recovery_pending(db_path)
    assert main(["--db", str(db_path), "backup", "restore", str(saved), "--yes"]) == 0
    assert "counter sync" in capsys.readouterr().out
    assert backup.recovery_pending(db_path)
    assert _flag(db_path) == ("42",)
    # The backup itself is left as it was, and no work file stays behind.
    assert _flag(saved) is None
    assert not list(db_path.parent.glob("*.restoring*"))


def _flag(path: Path) -> tuple[str] | None:
    conn = encryption.connect(path)
    try:
        return conn.execute(
            "SELECT value FROM settings WHERE key = ?", (backup.RECOVER_OWN,)
        ).fetchone()
    finally:
        conn.close()


def test_a_restored_counter_does_not_issue_again_the_codes_given_after_the_backup(
    ctx: Context, tmp_path: Path
) -> None:
    first = receive(ctx, name="Trước Sao Lưu", id_number="").dossier.code
    saved = backup.backup_now(ctx.db.path, directory=tmp_path / "bk").path
    # Given to citizens after the backup, then lost with the database.
    after = [receive(ctx, name=f"Sau Sao Lưu {i}", id_number="").dossier.code for i in (1, 2)]
    db_path = ctx.db.path
    ctx.db.close()
    backup.restore(db_path, saved)
    again = Context(Database(db_path), ctx.actor, now=ctx.now)
    new = receive(again, name="Sau Khôi Phục", id_number="")
    assert new.dossier.code not in {first, *after}
    assert new.dossier.code.endswith("-0004")
    again.db.close()


def test_an_unreadable_replaced_database_leaves_the_backups_sequences(tmp_path: Path) -> None:
    db = Database(tmp_path / "a.sqlite3")
    db.close()
    saved = backup.backup_now(db.path, directory=tmp_path / "bk").path
    damaged = b"not a database" * 100  # the reason one restores
    db.path.write_bytes(damaged)
    kept = backup.restore(db.path, saved)
    assert backup.verify(db.path) == 0
    assert kept.read_bytes() == damaged  # kept as it was, for whoever wants to look
