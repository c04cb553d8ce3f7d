"""The dossier list: the lazy model without a view, search in a large database, responsiveness."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer

from counter.domain.text import fold
from counter.services import listing
from counter.services.listing import DossierFilter
from tests.ui.helpers import multiply_dossiers, type_text
from ui import tasks
from ui.bridge import Bridge
from ui.main_window import DOSSIERS
from ui.models.dossier_table import (
    CODE_ROLE,
    COL_CODE,
    COL_STATUS,
    COLUMN_COUNT,
    PAGE_SIZE,
    VIEW_ROLE,
    DossierTableModel,
)
from ui.state import AppState

pytestmark = pytest.mark.gui


def _fetch_all(qtbot, model: DossierTableModel) -> None:
    """Scroll to the end: each next page is read off the GUI thread."""
    while model.canFetchMore():
        with qtbot.waitSignal(model.page_added, timeout=10_000):
            model.fetchMore()
        assert not model.loading


def test_model_pages_lazily_without_a_view(qtbot, ctx, clock) -> None:
    from counter import demo

    demo.generate(ctx, 250, end=clock.now())
    model = DossierTableModel(AppState(ctx, Bridge()))
    with qtbot.waitSignal(model.loaded):
        model.set_filter(DossierFilter())
    qtbot.waitUntil(lambda: model.total is not None)
    assert model.total == 250
    assert model.rowCount() == PAGE_SIZE and model.columnCount() == COLUMN_COUNT
    assert model.canFetchMore()
    first = model.index(0, COL_CODE)
    assert first.data() == first.data(CODE_ROLE) == model.view_at(0).code
    assert model.index(0, COL_STATUS).data() == first.data(VIEW_ROLE).status_label
    _fetch_all(qtbot, model)
    assert model.rowCount() == 250 and not model.canFetchMore()
    codes = [model.index(r, COL_CODE).data() for r in range(250)]
    assert len(set(codes)) == 250
    assert (
        model.headerData(COL_CODE, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        == "Mã hồ sơ"
    )


def test_a_long_scroll_keeps_only_recent_pages_and_reads_others_back(
    qtbot, ctx, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter import demo
    from ui.models import dossier_table

    monkeypatch.setattr(dossier_table, "CACHED_PAGES", 3)
    demo.generate(ctx, 650, end=clock.now())
    model = DossierTableModel(AppState(ctx, Bridge()))
    with qtbot.waitSignal(model.loaded):
        model.set_filter(DossierFilter())
    first_codes = [model.index(r, COL_CODE).data() for r in range(PAGE_SIZE)]
    _fetch_all(qtbot, model)
    assert model.rowCount() == 650
    # Seven pages scrolled, three kept: the first ones were let go, their keys stayed.
    assert model.cached_pages() == [4, 5, 6]
    reads: list[list[int]] = []
    real_views = listing.views
    monkeypatch.setattr(
        listing, "views", lambda c, nums: reads.append(list(nums)) or real_views(c, nums)
    )
    # Scrolling back shows the same dossiers, read again one page at a time.
    assert [model.index(r, COL_CODE).data() for r in range(PAGE_SIZE)] == first_codes
    assert len(reads) == 1 and len(reads[0]) == PAGE_SIZE
    assert model.cached_pages() == [5, 6, 0]
    assert model.index(649, COL_CODE).data() not in first_codes  # page 6: still in memory
    assert len(reads) == 1
    codes = [model.index(r, COL_CODE).data() for r in range(650)]
    assert len(set(codes)) == 650 and None not in codes
    assert len(model.cached_pages()) == 3


def test_search_as_you_type_in_a_large_database(qtbot, window) -> None:
    ctx = window.state.ctx
    total = multiply_dossiers(ctx, 330)  # 60 generated × 331 ≈ 20,000 dossiers
    assert total >= 19_000
    window.go(DOSSIERS)
    screen = window.dossiers
    qtbot.waitUntil(
        lambda: screen.model.total == total and not screen.model.loading, timeout=10_000
    )
    name = screen.model.view_at(0).applicant_name
    expected = listing.count(ctx, DossierFilter(text=name))
    screen.search.setFocus()
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        type_text(None, name)  # Vietnamese, with tone marks, as the clerk types

    def settled() -> bool:
        return screen.model.total == expected and not screen.model.loading

    qtbot.waitUntil(settled, timeout=10_000)
    assert screen.model.filter.text == name
    assert 0 < screen.model.rowCount() <= PAGE_SIZE
    words = fold(name).split()
    for r in range(screen.model.rowCount()):
        found = fold(screen.model.view_at(r).applicant_name).split()
        assert all(any(f.startswith(w) for f in found) for w in words)
    assert screen.count_label.text().startswith(f"{expected:,}".replace(",", "."))
    # Scrolling to the end of the table fetches the next page.
    if expected > PAGE_SIZE:
        screen.table.scrollToBottom()
        qtbot.waitUntil(lambda: screen.model.rowCount() > PAGE_SIZE)
    # Without tone marks it finds the same dossiers.
    with qtbot.waitSignal(screen.model.loaded, timeout=10_000):
        screen.search.setText(fold(name))
    qtbot.waitUntil(settled, timeout=10_000)


def test_window_stays_responsive_during_long_work(qtbot, window) -> None:
    """Long work goes through ui.tasks; the GUI thread keeps serving events meanwhile."""
    release = threading.Event()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    results: list[str] = []

    def slow() -> str:
        release.wait(5)  # stands for a report or a sync run that takes a while
        return "xong"

    tasks.Task(slow, window).success(results.append).run()
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=5_000)  # the event loop keeps turning
    window.go(DOSSIERS)  # and the clerk can still work
    assert window.pages.currentIndex() == DOSSIERS
    assert not results
    release.set()
    qtbot.waitUntil(lambda: results == ["xong"])
    timer.stop()


def test_task_failure_reaches_the_gui_as_words(qtbot, window) -> None:
    from counter.errors import ValidationError

    messages: list[str] = []

    def bad() -> None:
        raise ValidationError("Số quầy phải từ 1 đến 999.")

    def worse() -> None:
        raise RuntimeError("boom")

    tasks.Task(bad, window).failure(messages.append).run()
    tasks.Task(worse, window).failure(messages.append).run()
    qtbot.waitUntil(lambda: len(messages) == 2)
    assert "Số quầy phải từ 1 đến 999." in messages
    assert any("không mong muốn" in m for m in messages)
    assert not any("boom" in m or "Traceback" in m for m in messages)


def test_arrow_keys_move_in_the_table_once_there(qtbot, window) -> None:
    from PySide6.QtTest import QTest

    window.go(DOSSIERS)
    screen = window.dossiers
    qtbot.waitUntil(lambda: screen.model.rowCount() > 5 and not screen.model.loading)
    QTest.keyClick(screen.search, Qt.Key.Key_Down)  # from the search box into the table
    assert screen.table.hasFocus() and screen.table.currentIndex().row() == 0
    for _ in range(3):
        QTest.keyClick(screen.table, Qt.Key.Key_Down)
    assert screen.table.currentIndex().row() == 3  # was stuck on row 0
    QTest.keyClick(screen.table, Qt.Key.Key_Escape)
    assert screen.search.hasFocus()
