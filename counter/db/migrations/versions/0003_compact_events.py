"""Compact event log (binary ids and hashes, integer clocks, compressed payloads) and a
search index with prefix indexes over codes, names and ID numbers.

The event log was ~600 bytes an event (36-character UUID text, 64-hex hashes, a 22-character
HLC, a wall time, ~1 KB of JSON per intake repeating catalogue texts) plus a three-column
ordering index. Stored now as counter/db/codec.py describes; every value reads back as the same
string, so the fold, the hashes and the sync wire format do not change. The previous hash is
kept as a 4-byte link (the full value is the preceding event's hash on the same device). The
ordering index becomes an index on the dossier alone (a dossier's few events are sorted in
memory). Dossier ids (and the last folded event id) are stored as 16 bytes too.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 19:30:00
"""

from __future__ import annotations

import sqlite3
from typing import Any

from alembic import op

from counter.db import codec

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_APPEND_ONLY = (
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN "
    "SELECT RAISE(ABORT, 'events are append-only'); END",
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN "
    "SELECT RAISE(ABORT, 'events are append-only'); END",
)


def _driver() -> sqlite3.Connection:
    conn: Any = op.get_bind().connection
    return conn.driver_connection  # type: ignore[no-any-return]


def upgrade() -> None:
    conn = _driver()
    functions = {
        "c_uuid": codec.uuid_in,
        "c_hash": codec.hash_in,
        "c_link": codec.link_of,
        "c_hlc": codec.hlc_in,
        "c_wall": codec.wall_in,
        "c_payload": codec.payload_in,
    }
    for name, fn in functions.items():
        conn.create_function(
            name, 1, lambda v, fn=fn: None if v is None else fn(str(v)), deterministic=True
        )
    op.execute("DROP TRIGGER IF EXISTS events_no_update")
    op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    # Columns without type affinity (BLOB): blobs, integers and text fallbacks keep their class.
    op.execute(
        "CREATE TABLE events_new ("
        "seq INTEGER NOT NULL, id BLOB NOT NULL, dossier_id BLOB NOT NULL, "
        "type VARCHAR(30) NOT NULL, hlc BLOB NOT NULL, wall_time BLOB NOT NULL, "
        "device BLOB NOT NULL, actor VARCHAR(50) NOT NULL, payload BLOB NOT NULL, "
        "prev_link BLOB NOT NULL, hash BLOB NOT NULL, "
        "CONSTRAINT pk_events PRIMARY KEY (seq), CONSTRAINT uq_events_id UNIQUE (id))"
    )
    op.execute(
        "INSERT INTO events_new (seq, id, dossier_id, type, hlc, wall_time, device, actor, "
        "payload, prev_link, hash) SELECT seq, c_uuid(id), c_uuid(dossier_id), type, c_hlc(hlc), "
        "c_wall(wall_time), c_uuid(device), actor, c_payload(payload), c_link(prev_hash), "
        "c_hash(hash) FROM events ORDER BY seq"
    )
    op.execute("DROP INDEX IF EXISTS ix_events_dossier_order")
    op.execute("DROP TABLE events")
    op.execute("ALTER TABLE events_new RENAME TO events")
    op.execute("CREATE INDEX ix_events_dossier ON events (dossier_id)")
    for sql in _APPEND_ONLY:
        op.execute(sql)
    # The FTS triggers fire on code, names and ID numbers only: untouched here.
    op.execute("UPDATE dossiers SET id = c_uuid(id), last_event_id = c_uuid(last_event_id)")
    _search_index()


# The full-text index covers what a clerk types letter by letter: codes, applicant names and
# ID numbers, with prefix indexes for the first 1 to 6 characters of a word, so each keystroke
# reads a short list newest first instead of merging every word that starts with those letters
# (a second at 1,000,000 dossiers). Procedure names are no longer indexed per dossier (~2/3 of
# the index): a search matches them in the small `search_procedures` table (every distinct
# procedure code and name the dossiers carry, kept by triggers) and finds those dossiers by
# procedure code.
_FOLD = "replace(replace({0}, 'đ', 'd'), 'Đ', 'd')"
_FTS_VALUES = f"new.num, new.code, {_FOLD.format('new.applicant_name')}, new.id_number"
_FTS_OLD = f"'delete', old.num, old.code, {_FOLD.format('old.applicant_name')}, old.id_number"
_FTS_REMOVE = (
    f"INSERT INTO dossier_fts(dossier_fts, rowid, code, name, id_number) VALUES ({_FTS_OLD});"
)
_FTS_ADD = f"INSERT INTO dossier_fts(rowid, code, name, id_number) VALUES ({_FTS_VALUES});"
_PROCEDURE_ADD = (
    "INSERT OR IGNORE INTO search_procedures (procedure_code, procedure_name) "
    "VALUES (new.procedure_code, new.procedure_name);"
)


def _search_index() -> None:
    for name in ("dossiers_fts_insert", "dossiers_fts_update", "dossiers_fts_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS dossier_fts")
    op.execute(
        "CREATE VIRTUAL TABLE dossier_fts USING fts5("
        "code, name, id_number, content = '', prefix = '1 2 3 4 5 6', "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        "INSERT INTO dossier_fts(rowid, code, name, id_number) SELECT num, code, "
        f"{_FOLD.format('applicant_name')}, id_number FROM dossiers"
    )
    op.execute(
        "CREATE TABLE search_procedures (procedure_code VARCHAR(30) NOT NULL, "
        "procedure_name VARCHAR(400) NOT NULL, "
        "CONSTRAINT pk_search_procedures PRIMARY KEY (procedure_code, procedure_name)) "
        "WITHOUT ROWID"
    )
    op.execute(
        "INSERT OR IGNORE INTO search_procedures SELECT DISTINCT procedure_code, procedure_name "
        "FROM dossiers"
    )
    # Bulk writers (counter/db/fts.py) index their rows in one statement after inserting them;
    # they mark their transaction with the setting `search.bulk`.
    op.execute(
        "CREATE TRIGGER dossiers_fts_insert AFTER INSERT ON dossiers WHEN NOT EXISTS "
        "(SELECT 1 FROM settings WHERE key = 'search.bulk') BEGIN "
        f"{_FTS_ADD} {_PROCEDURE_ADD} END"
    )
    op.execute(
        "CREATE TRIGGER dossiers_fts_update AFTER UPDATE OF code, applicant_name, id_number "
        f"ON dossiers BEGIN {_FTS_REMOVE} {_FTS_ADD} END"
    )
    op.execute(
        "CREATE TRIGGER dossiers_procedure_update AFTER UPDATE OF procedure_code, procedure_name "
        f"ON dossiers BEGIN {_PROCEDURE_ADD} END"
    )
    op.execute(
        f"CREATE TRIGGER dossiers_fts_delete AFTER DELETE ON dossiers BEGIN {_FTS_REMOVE} END"
    )


def _search_index_0002() -> None:
    for name in (
        "dossiers_fts_insert",
        "dossiers_fts_update",
        "dossiers_fts_delete",
        "dossiers_procedure_update",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS search_procedures")
    op.execute("DROP TABLE IF EXISTS dossier_fts")
    op.execute(
        "CREATE VIRTUAL TABLE dossier_fts USING fts5("
        "code, name, id_number, procedure, content = '', "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    values = (
        f"new.num, new.code, {_FOLD.format('new.applicant_name')}, new.id_number, "
        f"{_FOLD.format('new.procedure_name')}"
    )
    old = (
        f"'delete', old.num, old.code, {_FOLD.format('old.applicant_name')}, old.id_number, "
        f"{_FOLD.format('old.procedure_name')}"
    )
    remove = (
        "INSERT INTO dossier_fts(dossier_fts, rowid, code, name, id_number, procedure) "
        f"VALUES ({old});"
    )
    add = f"INSERT INTO dossier_fts(rowid, code, name, id_number, procedure) VALUES ({values});"
    op.execute(
        "INSERT INTO dossier_fts(rowid, code, name, id_number, procedure) SELECT num, code, "
        f"{_FOLD.format('applicant_name')}, id_number, {_FOLD.format('procedure_name')} "
        "FROM dossiers"
    )
    op.execute(f"CREATE TRIGGER dossiers_fts_insert AFTER INSERT ON dossiers BEGIN {add} END")
    op.execute(
        "CREATE TRIGGER dossiers_fts_update AFTER UPDATE OF code, applicant_name, id_number, "
        f"procedure_name ON dossiers BEGIN {remove} {add} END"
    )
    op.execute(f"CREATE TRIGGER dossiers_fts_delete AFTER DELETE ON dossiers BEGIN {remove} END")


def downgrade() -> None:
    conn = _driver()
    functions = {
        "t_uuid": codec.uuid_out,
        "t_hash": codec.hash_out,
        "t_hlc": codec.hlc_out,
        "t_wall": codec.wall_out,
        "t_payload": codec.payload_out,
    }
    for name, fn in functions.items():
        conn.create_function(
            name, 1, lambda v, fn=fn: None if v is None else fn(v), deterministic=True
        )
    op.execute("DROP TRIGGER IF EXISTS events_no_update")
    op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    op.execute(
        "CREATE TABLE events_old ("
        "seq INTEGER NOT NULL, id VARCHAR(36) NOT NULL, dossier_id VARCHAR(36) NOT NULL, "
        "type VARCHAR(30) NOT NULL, hlc VARCHAR(30) NOT NULL, wall_time VARCHAR(19) NOT NULL, "
        "device VARCHAR(36) NOT NULL, actor VARCHAR(50) NOT NULL, payload TEXT NOT NULL, "
        "prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL, "
        "CONSTRAINT pk_events PRIMARY KEY (seq), CONSTRAINT uq_events_id UNIQUE (id))"
    )
    op.execute(
        "INSERT INTO events_old SELECT seq, t_uuid(id), t_uuid(dossier_id), type, t_hlc(hlc), "
        "t_wall(wall_time), t_uuid(device), actor, t_payload(payload), '', t_hash(hash) "
        "FROM events ORDER BY seq"
    )
    # The full previous hash: the preceding event's on the same device where the link says so;
    # a broken link stays visible as its 4 bytes in hex.
    heads: dict[str, str] = {}
    fixes = []
    for seq, device, link, digest in conn.execute(
        "SELECT seq, device, prev_link, hash FROM events ORDER BY seq"
    ).fetchall():
        device = codec.uuid_out(device)
        prev = heads.get(device, "")
        if codec.link_of(prev) != bytes(link):
            prev = bytes(link).hex()
        fixes.append((prev, seq))
        heads[device] = codec.hash_out(digest)
    conn.executemany("UPDATE events_old SET prev_hash = ? WHERE seq = ?", fixes)
    op.execute("DROP INDEX IF EXISTS ix_events_dossier")
    op.execute("DROP TABLE events")
    op.execute("ALTER TABLE events_old RENAME TO events")
    op.execute("CREATE INDEX ix_events_dossier_order ON events (dossier_id, hlc, id)")
    for sql in _APPEND_ONLY:
        op.execute(sql)
    op.execute("UPDATE dossiers SET id = t_uuid(id), last_event_id = t_uuid(last_event_id)")
    _search_index_0002()
