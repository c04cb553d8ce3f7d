"""Backup and restore through the signed-in context: admins only, and the restored database is
the one in use afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter.errors import PermissionDenied
from counter.services import backup, queries
from counter.services.context import Actor, Context
from tests.services.helpers import receive

ADMIN = Actor("admin", "Nguyễn Quản Trị", "admin")


def test_only_an_admin_backs_up_or_restores(ctx: Context, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied, match="quản trị viên"):
        backup.backup_database(ctx, directory=tmp_path)
    info = backup.backup_database(ctx.as_user(ADMIN), directory=tmp_path)
    for role in ("clerk", "specialist", "leader"):
        other = ctx.as_user(Actor("x", "X", role))
        with pytest.raises(PermissionDenied):
            backup.restore_database(other, info.path)
    # Refused before anything was touched: the database is still open and whole.
    assert receive(ctx, name="Lê Văn Sau", id_number="").dossier.code


def test_restore_closes_replaces_and_reopens(ctx: Context, tmp_path: Path) -> None:
    first = receive(ctx, name="Nguyễn Văn Trước", id_number="").dossier.code
    info = backup.backup_database(ctx.as_user(ADMIN), directory=tmp_path)
    second = receive(ctx, name="Trần Thị Sau", id_number="").dossier.code
    fresh, kept = backup.restore_database(ctx.as_user(ADMIN), info.path)
    try:
        assert queries.find_by_code(fresh, first) is not None
        assert queries.find_by_code(fresh, second) is None
        assert fresh.device_id == ctx.device_id  # the same counter, so its codes stay its own
        # The replaced database was kept beside it and still has the second dossier.
        assert kept.exists() and backup.verify(kept) == 2
    finally:
        fresh.db.close()
