"""Issue 17, the screens' part: the traps a tired clerk fell into, driven through real widgets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.services.helpers import receive
from tests.ui.helpers import press, settle, submit_sign_in, type_text
from ui.main_window import DOSSIERS, HOME

pytestmark = pytest.mark.gui


def test_a_search_after_a_home_figure_spans_every_dossier(qtbot, window, clock) -> None:
    """Item 3: the tile's filter is shown as a chip; a search lets go of it (13 found)."""
    ctx = window.state.ctx
    for i in range(13):
        receive(ctx, name="Nguyễn Văn Đức", id_number=f"0790900{i:05d}")
    clock.set(clock.now() + timedelta(days=6))  # every one overdue
    window.go(HOME)
    qtbot.waitUntil(lambda: not window.home.loading)
    screen = window.dossiers
    model = screen.model
    with qtbot.waitSignal(model.loaded):
        window.home.tiles["supplement"].click()  # a figure none of them is in
    assert window.pages.currentIndex() == DOSSIERS
    assert screen.chip.isVisible()
    assert "Chờ công dân bổ sung" in screen.chip.text() and "✕" in screen.chip.text()
    screen.search.setFocus()
    type_text(screen.search, "nguyen van duc")
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        screen.apply_filter()
    qtbot.waitUntil(lambda: model.total is not None)
    assert model.total == 13 and model.rowCount() == 13
    assert not screen.chip.isVisible()
    assert "mọi hồ sơ" in screen.banner.text() and "Chờ công dân bổ sung" in screen.banner.text()
    assert screen.status.currentIndex() == 0 and screen.lateness.currentIndex() == 0


def test_the_figure_chip_clears_with_esc_or_its_cross(qtbot, window, clock) -> None:
    screen = window.dossiers
    model = screen.model
    window.go(HOME)
    qtbot.waitUntil(lambda: not window.home.loading)
    with qtbot.waitSignal(model.loaded):
        window.open_list("overdue")
    assert screen.chip.isVisible() and "Quá hạn" in screen.chip.text()
    filtered = model.filter
    assert filtered.lateness == "overdue"
    screen.search.setFocus()
    with qtbot.waitSignal(model.loaded):
        press(Qt.Key.Key_Escape, widget=screen.search)
    assert not screen.chip.isVisible() and model.filter.lateness == ""
    with qtbot.waitSignal(model.loaded):
        window.open_list("ready")
    assert screen.chip.isVisible()
    with qtbot.waitSignal(model.loaded):
        screen.chip.click()
    assert not screen.chip.isVisible() and model.filter.status is None


def test_the_reports_window_hides_behind_the_lock(qtbot, window) -> None:
    """Item 8: no late applicant's name and no export while the screen is locked."""
    window.open_reports()
    reports = window.reports
    qtbot.waitUntil(lambda: not reports.busy, timeout=10_000)
    assert reports.isVisible()
    window.lock()
    assert not reports.isVisible()
    window.signin.password.setText("motcua123")
    submit_sign_in(qtbot, window.signin)
    assert reports.isVisible()  # the same clerk back: as it was
    window.lock()
    window.signin.username.setText("lanhdao")
    window.signin.password.setText("lanhdao123")
    submit_sign_in(qtbot, window.signin)
    assert not reports.isVisible()  # another user: not the locked clerk's window
    settle(qtbot)
    QTest.qWait(0)
