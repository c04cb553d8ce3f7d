"""The `counter` command: the window by default, and subcommands for scripts and operators."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from counter.cli import backup, dossiers, key, office, printing, report, scan, sync
from counter.cli.common import EXIT_USAGE, Handler, db_parent, db_path
from counter.errors import CounterError, os_reason

# Each adds its subcommands with `register(subparsers, db_parent)`; their handlers import what
# they need when they run, so `counter --help` stays fast.
SUBCOMMANDS = (dossiers, office, printing, sync, report, backup, key, scan)


def build_parser() -> argparse.ArgumentParser:
    db = db_parent()
    parser = argparse.ArgumentParser(
        prog="counter",
        description="Bộ phận Một cửa: tiếp nhận, theo dõi và trả kết quả hồ sơ. Không có lệnh con: mở cửa sổ.",
        parents=[db],
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    for module in SUBCOMMANDS:
        module.register(sub, db)
    return parser


def main(argv: Sequence[str] | None = None, *, gui: Callable[[Path], int] | None = None) -> int:
    """Run a subcommand; with none, open the window through `gui` (given by ui.launcher)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        if gui is None:
            parser.print_help()
            return EXIT_USAGE
        return gui(db_path(args))
    try:
        return handler(args)
    except CounterError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(
            f"Lỗi: không đọc/ghi được tệp: {os_reason(exc)} ({exc.filename or ''}).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
