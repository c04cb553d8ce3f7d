"""At 125 % on a 1024×768 screen the window has 819×614 logical pixels (issue 17): every main
page fits in it, with its buttons and its dossier code in view, nothing hidden or cut off.
Measured in the bundled font (conftest), so the figures do not depend on the machine."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from ui import tasks
from ui.main_window import DOSSIER, DOSSIERS, HOME, INTAKE, SETTINGS

pytestmark = pytest.mark.gui

WIDTH, HEIGHT = round(1024 / 1.25), round(768 / 1.25)  # 819×614


def _fits(widget: QWidget) -> None:
    hint = widget.minimumSizeHint()
    assert hint.width() <= WIDTH and hint.height() <= HEIGHT, (type(widget).__name__, hint)
    assert widget.width() <= WIDTH and widget.height() <= HEIGHT, (widget.size(), hint)


def _in_view(widget: QWidget, window: QWidget) -> None:
    """Shown, whole, and inside the window (not pushed past its edge nor squeezed to nothing)."""
    assert widget.isVisible(), widget
    top_left = widget.mapTo(window, widget.rect().topLeft())
    box = QRect(top_left, widget.size())
    assert window.rect().contains(box), (getattr(widget, "text", lambda: "")(), box)
    assert widget.width() >= widget.minimumSizeHint().width(), widget


def _show(qtbot, window, page: int) -> None:
    window.go(page)
    window.resize(WIDTH, HEIGHT)
    QApplication.processEvents()
    qtbot.wait(20)


def test_every_main_page_fits_1024_at_125_percent(qtbot, admin_window) -> None:
    window = admin_window
    model = window.dossiers.model
    window.resize(WIDTH, HEIGHT)
    window.go(DOSSIERS)
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() > 0)
    for page in (HOME, INTAKE, DOSSIERS, SETTINGS):
        _show(qtbot, window, page)
        _fits(window)
    _show(qtbot, window, INTAKE)
    _in_view(window.intake.save_button, window)
    area = window.intake.findChild(QScrollArea)  # its body scrolls down, not sideways
    assert area.horizontalScrollBar().maximum() == 0, area.widget().minimumSizeHint()
    _show(qtbot, window, SETTINGS)
    _in_view(window.settings.save_button, window)
    for tab in range(window.settings.tabs.count()):  # each tab's body scrolls, not the window
        window.settings.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        _fits(window)
        area = window.settings.tabs.widget(tab)  # and not sideways: every field in view
        assert area.horizontalScrollBar().maximum() == 0, window.settings.tabs.tabText(tab)
    # A dossier: every action it offers, in rows as the width holds them, and its code.
    window.open_dossier(model.view_at(0).code)
    _show(qtbot, window, DOSSIER)
    _fits(window)
    screen = window.dossier
    shown = [b for b in screen.action_buttons.values() if b.isVisibleTo(screen)]
    assert shown
    for button in (*shown, screen.code_label, screen.print_button, screen.digitise_button):
        _in_view(button, window)
    assert len({b.y() for b in shown}) > 1 or len(shown) <= 3  # the row of six wrapped
    # The same buttons stay in one row of six on a 1366×768 screen at 100 %.
    window.resize(1366, 768)
    QApplication.processEvents()
    if len(shown) >= 6:
        assert len({b.y() for b in shown[:6]}) == 1
    window.resize(WIDTH, HEIGHT)
    # The Reports window (F4), and the sync dialog.
    window.open_reports()
    reports = window.reports
    reports.resize(WIDTH, HEIGHT)
    qtbot.waitUntil(lambda: reports.report is not None and not reports.busy, timeout=10_000)
    _fits(reports)
    for button in (reports.build_button, reports.xlsx_button, reports.pdf_button):
        _in_view(button, reports)
    reports.close()
    dialog = window.open_sync(start=False)
    _fits(dialog)
    _in_view(dialog.close_button, dialog)
    dialog.close()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
