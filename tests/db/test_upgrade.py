"""Databases made by every earlier schema version upgrade with all their data intact."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from counter.db.engine import Database, current_revision, head_revision
from counter.services.audit import verify_chain
from counter.services.context import Context

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted(DATA.glob("schema-*.sqlite3"))


def _snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            "dossiers": conn.execute(
                "SELECT id, code, status, applicant_name, due_at FROM dossiers ORDER BY id"
            ).fetchall(),
            "events": conn.execute(
                "SELECT id, type, hlc, payload, hash FROM events ORDER BY seq"
            ).fetchall(),
            "users": conn.execute(
                "SELECT username, password_hash, role FROM users ORDER BY username"
            ).fetchall(),
            "procedures": conn.execute(
                "SELECT code, name, time_amount FROM procedures ORDER BY code"
            ).fetchall(),
        }
    finally:
        conn.close()


def test_there_is_a_fixture_for_the_first_schema() -> None:
    assert DATA / "schema-0001.sqlite3" in FIXTURES


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_old_database_upgrades_with_data_intact(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before = _snapshot(path)
    assert before["dossiers"] and before["events"]
    db = Database(path)
    assert current_revision(db.engine) == head_revision(db.engine)
    assert _snapshot(path) == before
    ctx = Context(db)
    from counter.services import queries

    first = before["dossiers"][0]
    found = queries.find_by_code(ctx, str(first[1]))
    assert found is not None and found.applicant_name == first[3]
    assert queries.search(ctx, str(first[3]))  # the full-text index survived
    assert verify_chain(ctx).ok
