"""UI fixtures: a signed-in main window over a fresh database with demo dossiers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from counter import demo
from counter.services.context import Context
from tests.ui.helpers import show_window, submit_sign_in
from ui import tasks

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True, scope="session")
def _vietnamese_formats() -> None:
    """As the program sets them at start (ui.app.run)."""
    from ui.app import use_vietnamese_formats

    use_vietnamese_formats()


@pytest.fixture(autouse=True, scope="session")
def _bundled_ui_font(qapp) -> None:
    """Every widget measured in the same font on every machine: the bundled Liberation Sans at
    9 pt, not whatever the system's 'Sans Serif' is (DejaVu here, Noto Sans elsewhere, which
    is wider: Settings needed 587 px at 125 % under it)."""
    from PySide6.QtGui import QFont, QFontDatabase

    from counter.paths import get_asset

    for name in ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"):
        assert QFontDatabase.addApplicationFont(str(get_asset("fonts", name))) >= 0, name
    font = QFont("Liberation Sans")
    font.setPointSizeF(9)
    qapp.setFont(font)


@pytest.fixture(autouse=True, scope="session")
def _collector_on_the_gui_thread(qapp) -> Iterator[None]:
    """As the program runs (ui.app.run): cycles are freed on the GUI thread only, never by a
    worker thread in the middle of a test's background work."""
    from ui.collector import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    """A test may not spin the event loop long enough for the collector's timer: what it left
    is freed here, on the GUI thread, before the next test starts its workers."""
    import gc

    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path) -> None:
    """Printer choices are per-machine QSettings: keep each test's in its own folder."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture
def window(qtbot, ctx: Context, clock) -> Iterator:
    demo.generate(ctx, 60, end=clock.now())
    win = show_window(qtbot, ctx)
    win.signin.username.setText("motcua")
    win.signin.password.setText("motcua123")
    submit_sign_in(qtbot, win.signin)
    assert win.state.signed_in
    yield win
    # pytest-qt closes and deletes the window itself; let background work report first.
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)


@pytest.fixture
def admin_window(qtbot, window):
    window.sign_out()
    window.signin.username.setText("admin")
    window.signin.password.setText("admin123")
    submit_sign_in(qtbot, window.signin)
    assert window.state.is_admin
    return window
