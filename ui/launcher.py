"""The `counter` program: the window when no subcommand is given, else the core's CLI.

It lives in ui/ so that the core (`counter/`) never imports the user interface."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def _window(db_path: Path) -> int:
    from ui.app import run

    return int(run(db_path))


def main(argv: Sequence[str] | None = None) -> int:
    from counter.cli import main as cli_main

    return cli_main(argv, gui=_window)


if __name__ == "__main__":
    sys.exit(main())
