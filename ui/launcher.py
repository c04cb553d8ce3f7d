"""The `counter` program: the window when no subcommand is given (`--demo`: on the demo office's
own file), else the core's CLI.

It lives in ui/ so that the core (`counter/`) never imports the user interface."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

DEMO_FLAG = "--demo"  # `counter --demo [--db FILE]`: straight to the demo, without the choices


def _window(db_path: Path, demo: bool = False) -> int:
    from ui.app import run

    return int(run(db_path, demo=demo))


def window_db(argv: Sequence[str]) -> Path | None:
    """The database to open when `argv` asks for the window only (`counter [--db FILE]`), else
    None. Building the full parser imports every subcommand module (reportlab, SQLAlchemy: about
    0.4 s), which the window does not need before its first paint."""
    args = list(argv)
    db: str | None = None
    while args:
        arg = args.pop(0)
        if arg == "--db" and args:
            db = args.pop(0)
        elif arg.startswith("--db=") and len(arg) > len("--db="):
            db = arg[len("--db=") :]
        else:
            return None  # a subcommand, --help or a mistake: the full parser answers
    if db is not None:
        return Path(db)
    from counter.paths import default_db_path

    return default_db_path()


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if DEMO_FLAG in argv:
        rest = [arg for arg in argv if arg != DEMO_FLAG]
        path = window_db(rest)
        if path is not None:
            if not any(arg.startswith("--db") for arg in rest):
                from counter.paths import demo_db_path

                path = demo_db_path()
            return _window(path, demo=True)
    path = window_db(argv)
    if path is not None:
        return _window(path)
    from counter.cli import main as cli_main

    return cli_main(argv, gui=_window)


if __name__ == "__main__":
    sys.exit(main())
