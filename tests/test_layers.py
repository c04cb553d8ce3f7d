"""The core never imports Qt or the UI (DESIGN.md: imports go downwards only)."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "counter"


def test_counter_package_never_imports_qt_or_ui() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            names += [  # importlib.import_module("ui.app") counts too
                n.value
                for n in ast.walk(node)
                if isinstance(node, ast.Call)
                and isinstance(n, ast.Constant)
                and isinstance(n.value, str)
                and n.value.split(".")[0] in ("ui", "PySide6")
                and getattr(node.func, "attr", "") == "import_module"
            ]
            for name in names:
                if name.split(".")[0] in ("PySide6", "PyQt6", "PyQt5", "shiboken6"):
                    offenders.append(f"{path.relative_to(CORE.parent)}: {name}")
                if name.split(".")[0] == "ui" and path.name != "cli.py":
                    offenders.append(f"{path.relative_to(CORE.parent)}: {name}")
    assert offenders == []
