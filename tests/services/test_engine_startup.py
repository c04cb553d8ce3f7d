"""Opening an up-to-date database does not import Alembic (it costs the window's start-up)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from counter.db.engine import Database, _newest_migration, current_revision, head_revision

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
