"""At 125 % on a 1366×768 screen the window has 1093×614 logical pixels: the screens and
dialogs of this window must fit in it (sizes in logical pixels do not depend on the scale)."""

from __future__ import annotations

import pytest

from ui.main_window import DOSSIER, DOSSIERS, HOME, INTAKE, SETTINGS

pytestmark = pytest.mark.gui

WIDTH, HEIGHT = round(1366 / 1.25), round(768 / 1.25)


def _fits(widget, width: int = WIDTH, height: int = HEIGHT) -> None:
    hint = widget.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, (type(widget).__name__, hint)


def test_screens_and_dialogs_fit_at_125_percent(qtbot, admin_window) -> None:
    window = admin_window
    window.go(SETTINGS)
    model = window.dossiers.model
    window.go(DOSSIERS)
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() > 0)
    window.open_dossier(model.view_at(0).code)
    # Room left by the menu bar, the status bar and the navigation column.
    chrome_w = min(window.nav.sizeHint().width(), window.nav.maximumWidth()) + 40
    chrome_h = window.menuBar().sizeHint().height() + window.statusBar().sizeHint().height() + 30
    for page in (HOME, INTAKE, DOSSIERS, DOSSIER, SETTINGS):
        _fits(window.pages.widget(page), WIDTH - chrome_w, HEIGHT - chrome_h)
    _fits(window)  # the whole window, every page of it
    _fits(window.open_sync(start=False))
    _fits(window.open_backups())
    screen = window.settings
    screen.procedures.setCurrentCell(0, 0)
    _fits(screen.edit_procedure())
    screen.dialog.reject()
    _fits(screen.add_user())
    screen.dialog.reject()
    # The Reports window (F4), built: its table fits without scrolling sideways.
    window.open_reports()
    reports = window.reports
    reports.resize(WIDTH, HEIGHT)
    qtbot.waitUntil(lambda: reports.report is not None and not reports.busy, timeout=10_000)
    _fits(reports)
    table = reports.table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    reports.close()


def test_dossier_screen_and_apology_dialog_fit_at_125_percent(qtbot, window) -> None:
    from counter.domain.dossier import Status
    from counter.services import listing, queries
    from counter.services.listing import DossierFilter

    ctx = window.state.ctx
    in_progress = DossierFilter(status=int(Status.IN_PROGRESS))
    running = listing.page(ctx, in_progress, limit=1)[0][1]
    # The longest procedure name of the catalogue, on the dossier screen.
    longest = max(queries.search(ctx, "chung thuc ban sao", 5), key=lambda v: len(v.procedure_name))
    window.resize(WIDTH, HEIGHT)
    for code in (longest.code, running.code):
        window.open_dossier(code)
        _fits(window)
    dialog = window.dossier.start("apologise")
    _fits(dialog)
    dialog.reject()
