"""Opening a database costs the window's start-up: no Alembic when it is up to date, no read of
the events."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, func, select

from counter.db.engine import (
    SOFT_HEAP_LIMIT,
    Database,
    _newest_migration,
    current_revision,
    head_revision,
)
from counter.db.models import EventRow
from counter.services.context import Context
from tests.conftest import Clock
from tests.services.helpers import MARITAL, receive

ROOT = Path(__file__).resolve().parents[2]


def test_newest_migration_matches_alembic(db: Database) -> None:
    assert _newest_migration() == head_revision(db.engine) == current_revision(db.engine)


def test_second_open_skips_alembic(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    Database(path).close()
    code = (
        "import sys; from counter.db.engine import Database; "
        f"Database({str(path)!r}).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_a_new_context_stamps_after_stored_events_without_reading_them_at_open(
    ctx: Context, clock: Clock
) -> None:
    """Opening reads no event (the newest of millions takes ~0.6 s); the first stamp still
    comes after every stored event even when the PC clock has been set back."""
    receive(ctx, MARITAL)
    with ctx.db.session() as session:
        newest = session.scalar(select(func.max(EventRow.hlc)))
    clock.set(datetime(2026, 3, 2, 8, 0))  # an hour before that event
    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(ctx.db.engine, "before_cursor_execute", listen)
    try:
        again = Context(ctx.db, ctx.actor, now=clock.now)
        assert not [s for s in statements if "FROM events" in s]
        receive(again, MARITAL, "Trần Thị Lan", "079190004321")
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", listen)
    assert any("max(events.hlc)" in s for s in statements)
    with ctx.db.session() as session:
        stamps = list(session.scalars(select(EventRow.hlc).order_by(EventRow.seq)))
    assert len(stamps) == 2 and stamps[1] > stamps[0] == newest


def test_the_process_caps_sqlite_memory_across_connections(db: Database) -> None:
    """Each connection may cache 32 MB; together they stay near SOFT_HEAP_LIMIT."""
    with db.engine.connect() as one, db.engine.connect() as two:
        for conn in (one, two):
            assert conn.exec_driver_sql("PRAGMA soft_heap_limit").scalar() == SOFT_HEAP_LIMIT
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -32000


def test_the_clock_resumes_from_an_index_not_a_scan_of_the_events(db: Database) -> None:
    with db.engine.connect() as conn:
        plan = " ".join(
            str(row[-1])
            for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN SELECT max(hlc) FROM events")
        )
    assert "USING COVERING INDEX ix_events_hlc" in plan, plan
