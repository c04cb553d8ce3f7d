"""PySide6's check of each imported module, answered from the file (ui.app)."""

from __future__ import annotations

import json
import linecache
import sys

import ui.app
import ui.main_window


def test_the_check_reads_the_file_and_answers_as_pyside6_would() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None:  # a PySide6 without the hook: nothing was changed
        assert not ui.app.quicker_pyside_import_hook()
        return
    check = feature._mod_uses_pyside
    assert getattr(check, "quicker", False)
    assert check(ui.main_window) is True  # imports PySide6
    assert check(json) is False
    assert check(sys) is False  # no file: PySide6's own check answers
    assert not ui.app.quicker_pyside_import_hook()  # once only


def test_no_module_source_is_kept_for_the_check() -> None:
    import counter.domain.codes  # noqa: F401  (an import after the hook)

    kept = [name for name in linecache.cache if name.endswith("counter/domain/codes.py")]
    assert kept == []
