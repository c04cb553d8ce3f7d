"""A full disk or a read-only database: a plain message, nothing corrupted, work resumes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text

from counter.db.engine import Database
from counter.db.models import Dossier, EventRow
from counter.errors import StorageError
from counter.services.context import Context
from tests.services.helpers import receive


def _limit_pages(db: Database, extra_pages: int | None) -> None:
    """Fault injection: SQLite's max_page_count makes the file 'full' at a chosen size."""

    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        if extra_pages is None:
            cursor.execute("PRAGMA max_page_count = 1073741823")
        else:
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages + extra_pages}")
        cursor.close()

    db.engine.dispose()
    event.listen(db.engine, "connect", on_connect)


def _counts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Dossier)) or 0,
            s.scalar(select(func.count()).select_from(EventRow)) or 0,
        )


def test_disk_full_is_a_plain_message_and_work_resumes(ctx: Context) -> None:
    receive(ctx)
    before = _counts(ctx.db)
    _limit_pages(ctx.db, 0)
    with pytest.raises(StorageError) as info:
        for i in range(50):  # fill the last free pages
            receive(ctx, name=f"Người {i}", id_number="")
    assert "Ổ đĩa đã đầy" in info.value.message
    stored = _counts(ctx.db)
    # Every dossier stored has its event; the failed one left nothing behind.
    assert stored[0] - before[0] == stored[1] - before[1]
    with ctx.db.session() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    # Space returns: the clerk saves again and it works.
    _limit_pages(ctx.db, None)
    result = receive(ctx, name="Sau Khi Dọn Đĩa", id_number="")
    assert result.dossier.code.endswith(f"-{stored[0] + 1:04d}")


def test_read_only_database_is_a_plain_message(ctx: Context, tmp_path: Path) -> None:
    receive(ctx)
    path = ctx.db.path
    ctx.db.close()
    # Open the same file read-only, as when the folder lost its write permission.
    readonly = Database.__new__(Database)
    from sqlalchemy import URL, QueuePool, create_engine
    from sqlalchemy.orm import sessionmaker

    from counter.db.engine import _begin, _on_connect
    from counter.db.keys import load_key

    readonly.path = path
    url = URL.create(
        "sqlite+pysqlcipher",
        password=f"x'{load_key().hex()}'",
        database=f"file:{path}",
        query={"mode": "ro", "uri": "true"},
    )
    readonly.engine = create_engine(url, poolclass=QueuePool)
    event.listen(readonly.engine, "connect", _on_connect)
    event.listen(readonly.engine, "begin", _begin)
    readonly._sessions = sessionmaker(readonly.engine)
    readonly._writers = sessionmaker(readonly.engine.execution_options(sqlite_immediate=True))
    ro_ctx = Context.__new__(Context)
    ro_ctx.__dict__.update(ctx.__dict__)
    ro_ctx.db = readonly
    with pytest.raises(StorageError) as info:
        receive(ro_ctx, name="Không Lưu Được", id_number="")
    assert "chỉ đọc" in info.value.message
    assert _counts(Database(path)) == (1, 1)
