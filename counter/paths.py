"""The one place that resolves where counter keeps its data, backups and logs."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "counter"
ENV_HOME = "COUNTER_HOME"


def data_dir() -> Path:
    """Data directory: `$COUNTER_HOME` when set (tests, portable installs), else the platform's."""
    override = os.environ.get(ENV_HOME)
    path = (
        Path(override) if override else Path(PlatformDirs(APP_NAME, appauthor=False).user_data_dir)
    )
    return private_dir(path)


def private_dir(path: Path) -> Path:
    """Create `path` if missing, readable only by the account running the counter (0700). On
    Windows the data directory is in the user's profile (LocalAppData), already private to
    that account by its ACL; the mode bits are left to Windows there."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        with contextlib.suppress(OSError):  # a folder of someone else's: leave it
            path.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """Create `path` (empty) if missing, or narrow an existing file, to owner-only (0600).
    SQLite creates a database's -wal and -shm files with the database file's mode. An existing
    file is never opened here (it may be read-only: opening it then says so)."""
    if os.name != "posix":
        if not path.exists():
            path.touch()
        return path
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if path.is_file() and path.stat().st_mode & 0o077:
            with contextlib.suppress(OSError):  # not ours to change: leave it
                path.chmod(path.stat().st_mode & 0o700)
    return path


def default_db_path() -> Path:
    return data_dir() / "counter.sqlite3"


def demo_db_path() -> Path:
    """The demo office's own file, beside the real database: never the office's, never synced."""
    return data_dir() / "demo.sqlite3"


def backups_dir() -> Path:
    return private_dir(data_dir() / "backups")


def logs_dir() -> Path:
    return private_dir(data_dir() / "logs")


def resources_dir() -> Path:
    """`resources/` both from a source checkout and inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def get_asset(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
