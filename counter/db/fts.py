"""Writing many dossiers at once with the full-text index kept in step.

The index triggers of migration 0003 index each dossier as it is inserted. Inside a
multi-row insert (executemany) each triggered FTS5 insert is its own statement, and FTS5 writes
its pending terms out at every statement end: ~55 µs a dossier. A bulk writer instead marks the
transaction with the `search.bulk` setting (the insert trigger then stays silent), inserts the
rows, and indexes them all with one INSERT … SELECT (~5 µs a dossier). The mark is removed in
the same transaction, so no other connection ever sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

BULK_KEY = "search.bulk"
_FOLD = "replace(replace({0}, 'đ', 'd'), 'Đ', 'd')"


def insert_dossiers(
    conn: Connection, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT INTO dossiers the `rows` (values for `columns`, stored form), then index them."""
    if not rows:
        return
    lo = conn.exec_driver_sql("SELECT coalesce(max(num), 0) FROM dossiers").scalar()
    conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES (?, '1')", (BULK_KEY,))
    try:
        conn.exec_driver_sql(
            f"INSERT INTO dossiers ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [tuple(r) for r in rows],
        )
    finally:
        conn.exec_driver_sql("DELETE FROM settings WHERE key = ?", (BULK_KEY,))
    # New rows take numbers above the largest one (INTEGER PRIMARY KEY without AUTOINCREMENT).
    conn.exec_driver_sql(
        "INSERT INTO dossier_fts(rowid, code, name, id_number) SELECT num, code, "
        f"{_FOLD.format('applicant_name')}, id_number FROM dossiers WHERE num > ?",
        (lo,),
    )
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO search_procedures (procedure_code, procedure_name) "
        "SELECT DISTINCT procedure_code, procedure_name FROM dossiers WHERE num > ?",
        (lo,),
    )
