"""What every subcommand shares: the --db option, opening the database, JSON output."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

Handler = Callable[[argparse.Namespace], int]
EXIT_USAGE = 2


def db_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help="tệp cơ sở dữ liệu SQLite (mặc định: trong thư mục dữ liệu, hoặc $COUNTER_HOME)",
    )
    return parent


def db_path(args: argparse.Namespace) -> Path:
    from counter.paths import default_db_path

    return Path(getattr(args, "db", None) or default_db_path())


def open_ctx(args: argparse.Namespace, *, demo: bool = False) -> Any:
    """Open the database (migrating it) and the context; with `demo`, seed the demo office."""
    from counter.db.engine import Database
    from counter.services.context import Context

    ctx = Context(Database(db_path(args)))
    if demo:
        from counter.demo import ensure_office

        ensure_office(ctx)
    return ctx


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
