"""The interface is Vietnamese; a compiled Qt translation switches it to another language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter.paths import get_asset
from ui.app import install_translator

pytestmark = pytest.mark.gui


def test_english_translation_loads(qtbot, ctx, monkeypatch) -> None:
    assert get_asset("translations", "counter_en.ts").exists()
    monkeypatch.setenv("COUNTER_LANG", "en")
    app = QApplication.instance()
    translator = install_translator(app)
    assert translator is not None
    try:
        from ui.main_window import MainWindow

        window = MainWindow(ctx)
        qtbot.addWidget(window)
        assert window.signin.submit.text() == "Sign in"
        assert (
            window.dossiers.model.headerData(
                0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
            )
            == "Dossier code"
        )
    finally:
        app.removeTranslator(translator)


def test_vietnamese_needs_no_translator(qtbot, monkeypatch) -> None:
    monkeypatch.setenv("COUNTER_LANG", "vi")
    assert install_translator(QApplication.instance()) is None
