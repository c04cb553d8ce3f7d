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


def open_ctx(args: argparse.Namespace, *, require_office: bool = False) -> Any:
    """Open the database (migrating it) and the context. With `require_office`, a database
    with no office is refused: a command never invents one (the demo office is made only by
    `counter demo-data`, on request)."""
    from counter.db.engine import Database
    from counter.services.context import Context

    ctx = Context(Database(db_path(args)))
    if require_office:
        from counter.errors import NotFoundError
        from counter.services import office

        with ctx.db.session() as session:
            if not office.has_office(session):
                raise NotFoundError(NO_OFFICE)
    return ctx


NO_OFFICE = (
    "Máy này chưa có cơ quan. Thiết lập cơ quan thật bằng «counter office setup TỆP.json», "
    "hoặc đăng ký máy với máy chủ đồng bộ («counter register»); "
    "muốn dùng thử thì tạo cơ quan mẫu bằng «counter demo-data»."
)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
