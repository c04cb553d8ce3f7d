"""`counter [--db FILE]` opens the window without building the command-line parser (which
imports every subcommand's module); anything else goes to the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from counter.paths import default_db_path
from ui.launcher import window_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--db", "/tmp/a.sqlite3"], Path("/tmp/a.sqlite3")),
        (["--db=/tmp/b.sqlite3"], Path("/tmp/b.sqlite3")),
        (["--db", "x.sqlite3", "--db", "y.sqlite3"], Path("y.sqlite3")),
    ],
)
def test_window_arguments(argv: list[str], expected: Path) -> None:
    assert window_db(argv) == expected


def test_no_argument_opens_the_default_database() -> None:
    assert window_db([]) == default_db_path()


@pytest.mark.parametrize(
    "argv",
    [["demo-data"], ["--db", "a.sqlite3", "find", "x"], ["--help"], ["--db"], ["--db="], ["-x"]],
)
def test_anything_else_goes_to_the_command_line(argv: list[str]) -> None:
    assert window_db(argv) is None


def test_the_window_path_imports_no_subcommand_module(tmp_path: Path) -> None:
    code = (
        "import sys, ui.launcher as l; l._window = lambda path: 0; l.main(['--db', 'x']); "
        "print(sorted(m for m in sys.modules if m.startswith(('counter.printing', "
        "'counter.sync', 'reportlab', 'sqlalchemy', 'counter.cli'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_help_still_lists_the_subcommands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ui.launcher", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "demo-data" in out.stdout and "print" in out.stdout


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--demo"], None),  # the demo's own file, beside the real database
        (["--demo", "--db", "/tmp/d.sqlite3"], Path("/tmp/d.sqlite3")),
        (["--db=/tmp/e.sqlite3", "--demo"], Path("/tmp/e.sqlite3")),
    ],
)
def test_demo_goes_straight_to_the_demo_file(
    argv: list[str], expected: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter.paths import demo_db_path
    from ui import launcher

    opened: list[tuple[Path, bool]] = []
    monkeypatch.setattr(launcher, "_window", lambda path, demo=False: opened.append((path, demo)))
    launcher.main(argv)
    assert opened == [(expected or demo_db_path(), True)]
    assert demo_db_path() != default_db_path()
