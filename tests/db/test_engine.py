"""The local database: migrations on open, WAL, foreign keys, the full-text index."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from counter.db.engine import Database, current_revision, head_revision
from counter.errors import StorageError


def test_new_database_is_migrated_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    db = Database(tmp_path / "new" / "counter.sqlite3")
    assert current_revision(db.engine) == head_revision(db.engine)
    with db.session() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        tables = set(s.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars())
    assert {
        "office",
        "devices",
        "users",
        "procedures",
        "procedure_documents",
        "applicants",
        "dossiers",
        "events",
        "day_overrides",
        "dossier_fts",
    } <= tables
    db.close()
    # Opening again is a no-op migration.
    again = Database(tmp_path / "new" / "counter.sqlite3")
    assert current_revision(again.engine) == head_revision(again.engine)
    again.close()


def test_fts_index_folds_d_bar_and_tone_marks(db: Database) -> None:
    with db.unit_of_work() as s:
        s.execute(
            text(
                "INSERT INTO dossiers (id, code, status, procedure_code, procedure_name, field, applicant_id,"
                " applicant_name, id_number, channel, delivery, apology_count, fee, paid_amount, payment_method,"
                " conflict, holder, accepted, last_hlc, last_event_id, event_count, conflicts) VALUES"
                " ('x', 'A-260101-0001', 2, 'p', 'Đăng ký khai sinh', '', '', 'Đỗ Đức Đạt', '001099000001',"
                " 'direct', 'counter', 0, 0, 0, '', 0, '', 1, '', '', 1, '')"
            )
        )
    with db.session() as s:
        hits = s.execute(
            text("SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH 'do duc dat'")
        ).all()
        assert len(hits) == 1
        # Prefix indexes: what a clerk has typed so far of a word.
        assert (
            s.execute(text("SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH 'd* du*'")).all()
            == hits
        )
        # Procedure names are matched through the distinct names the dossiers carry.
        assert s.execute(
            text("SELECT procedure_code, procedure_name FROM search_procedures")
        ).all() == [("p", "Đăng ký khai sinh")]
    # Renaming the applicant re-indexes the row; deleting removes it.
    with db.unit_of_work() as s:
        s.execute(text("UPDATE dossiers SET applicant_name = 'Lê Thị Hoa' WHERE id = 'x'"))
    with db.session() as s:
        assert (
            s.execute(
                text("SELECT count(*) FROM dossier_fts WHERE dossier_fts MATCH 'dat'")
            ).scalar()
            == 0
        )
        assert (
            s.execute(
                text("SELECT count(*) FROM dossier_fts WHERE dossier_fts MATCH 'hoa'")
            ).scalar()
            == 1
        )
    with db.unit_of_work() as s:
        s.execute(text("DELETE FROM dossiers"))
    with db.session() as s:
        assert (
            s.execute(
                text("SELECT count(*) FROM dossier_fts WHERE dossier_fts MATCH 'hoa'")
            ).scalar()
            == 0
        )


def test_unopenable_file_is_a_plain_message(tmp_path: Path) -> None:
    target = tmp_path / "a-directory.sqlite3"
    target.mkdir()
    with pytest.raises(StorageError) as info:
        Database(target)
    assert "Không mở được" in info.value.message


def test_storage_errors_are_translated_for_the_clerk(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    for raw, words in (
        ("database or disk is full", "Ổ đĩa đã đầy"),
        ("attempt to write a readonly database", "chỉ đọc"),
        ("database is locked", "đang bận"),
    ):
        with pytest.raises(StorageError) as info, db.unit_of_work():
            raise OperationalError("INSERT", {}, sqlite3.OperationalError(raw))
        assert words in info.value.message
