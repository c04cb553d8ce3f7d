"""Databases made by every earlier schema version upgrade with all their data intact."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from counter.db import codec
from counter.db.engine import Database, current_revision, head_revision
from counter.db.events import events_of, state_of
from counter.db.models import Dossier
from counter.domain.dossier import fold
from counter.services.audit import verify_chain
from counter.services.context import Context

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted(DATA.glob("schema-*.sqlite3"))


def _decoded(row: tuple[object, ...], *decoders: Callable[[Any], str] | None) -> tuple[object, ...]:
    return tuple(v if d is None or v is None else d(v) for v, d in zip(row, decoders, strict=True))


# Columns a later migration adds to the projection, with their value for every older dossier
# (0005_scan: the digitisation counts, none before digitising existed).
ADDED = {"attachments": 0, "signed_attachments": 0}


def _snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every stored value as the app reads it, whichever schema the file has (the codec's
    decoders leave the text of older schemas as it is)."""
    conn = sqlite3.connect(path)
    try:
        dossier_columns = [
            r[1] for r in conn.execute("PRAGMA table_info(dossiers)") if r[1] not in ADDED
        ]
        uuid_columns = {"id", "last_event_id"}
        dossiers = [
            _decoded(r, *(codec.uuid_out if c in uuid_columns else None for c in dossier_columns))
            for r in conn.execute(f"SELECT {', '.join(dossier_columns)} FROM dossiers ORDER BY num")
        ]
        u, h = codec.uuid_out, codec.hash_out
        events = [
            _decoded(
                r, None, u, u, None, codec.hlc_out, codec.wall_out, u, None, codec.payload_out, h
            )
            for r in conn.execute(
                "SELECT seq, id, dossier_id, type, hlc, wall_time, device, actor, payload, hash "
                "FROM events ORDER BY seq"
            )
        ]
        return {
            "dossiers": dossiers,
            "dossier_columns": [tuple(dossier_columns)],
            "events": events,
            "fts": conn.execute(
                "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH 'nguyen' ORDER BY rowid"
            ).fetchall(),
            "users": conn.execute(
                "SELECT username, password_hash, role FROM users ORDER BY username"
            ).fetchall(),
            "procedures": conn.execute(
                "SELECT code, name, time_amount FROM procedures ORDER BY code"
            ).fetchall(),
            "devices": conn.execute("SELECT id, chain_head FROM devices ORDER BY id").fetchall(),
        }
    finally:
        conn.close()


def test_there_is_a_fixture_for_each_schema_that_changed_stored_data() -> None:
    assert DATA / "schema-0001.sqlite3" in FIXTURES
    assert DATA / "schema-0002.sqlite3" in FIXTURES  # before the compact event log (0003)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_old_database_upgrades_with_data_intact(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before = _snapshot(path)
    assert before["dossiers"] and before["events"]
    db = Database(path)
    assert current_revision(db.engine) == head_revision(db.engine)
    assert _snapshot(path) == before
    with sqlite3.connect(path) as conn:
        for name, value in ADDED.items():
            assert conn.execute(f"SELECT DISTINCT {name} FROM dossiers").fetchall() == [(value,)]
    ctx = Context(db)
    from counter.services import queries

    columns = before["dossier_columns"][0]
    first = dict(zip(columns, before["dossiers"][0], strict=True))
    found = queries.find_by_code(ctx, str(first["code"]))
    assert found is not None and found.applicant_name == first["applicant_name"]
    assert queries.search(ctx, str(first["applicant_name"]))  # the full-text index survived
    report = verify_chain(ctx)
    assert report.ok and report.events == len(before["events"])
    # Every dossier is still the fold of its events, read back through the new storage.
    with db.session() as session:
        rows = list(session.scalars(select(Dossier)))
        assert len(rows) == len(before["dossiers"])
        for row in rows:
            stored = state_of(row)
            folded = fold(events_of(session, row.id))
            if stored.code != folded.code:  # a code clash settled at sync: suffixed, flagged
                assert stored.code.startswith(folded.code + "/")
                folded = replace(folded, code=stored.code, conflicts=stored.conflicts)
            assert folded == stored
    # A new event continues the chain of the upgraded log.
    from counter.services import workflow

    workflow.add_note(ctx, found.code, "Sau nâng cấp")
    assert verify_chain(ctx).ok
