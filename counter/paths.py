"""The one place that resolves where counter keeps its data, backups and logs."""

from __future__ import annotations

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
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "counter.sqlite3"


def demo_db_path() -> Path:
    """The demo office's own file, beside the real database: never the office's, never synced."""
    return data_dir() / "demo.sqlite3"


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """`resources/` both from a source checkout and inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def get_asset(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
