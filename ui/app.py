"""Start the window: open the database (the demo office on a fresh machine), sign-in screen."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QThreadPool, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from counter.errors import CounterError
from counter.paths import get_asset, logs_dir

if TYPE_CHECKING:
    from counter.services.context import Context

SMOKE_ENV = "COUNTER_SMOKE_TEST"  # set: quit as soon as the window has painted (CI, bundle)
DEMO_DOSSIERS = 300


def open_office(db_path: Path) -> Context:
    """The context on this database; a fresh one gets the demo office and dossiers to explore.

    The demo module is imported only on a fresh machine: it is not needed on a normal start.
    """
    from sqlalchemy import text

    from counter.db.engine import Database
    from counter.services import office
    from counter.services.context import Context

    ctx = Context(Database(db_path))
    with ctx.db.session() as session:
        has_office = office.has_office(session)
        empty = session.execute(text("SELECT 1 FROM dossiers LIMIT 1")).first() is None
    if not has_office or empty:
        from counter.services import demo

        demo.ensure_office(ctx)
        if empty:
            demo.generate(ctx, DEMO_DOSSIERS)
    return ctx


def install_translator(app: QApplication) -> QTranslator | None:
    """Vietnamese is the source language; a compiled counter_<lang>.qm adds another one."""
    language = os.environ.get("COUNTER_LANG") or QLocale.system().name().split("_")[0]
    if language == "vi":
        return None
    translator = QTranslator(app)
    if translator.load(str(get_asset("translations", f"counter_{language}.qm"))):
        app.installTranslator(translator)
        return translator
    return None


def _setup_logging() -> None:
    logging.basicConfig(
        filename=str(logs_dir() / "counter.log"),
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def run(db_path: Path | str) -> int:
    _setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("counter")
    app.setOrganizationName("counter")
    app.setApplicationDisplayName("Bộ phận Một cửa")
    install_translator(app)
    from ui.main_window import MainWindow

    # The sign-in paints first; the database opens right after (SQLAlchemy and the services
    # take most of the start-up), so the window is on screen as fast as a bare Qt window.
    window = MainWindow()
    exit_code = [0]

    def open_database() -> None:
        from ui.tasks import Task

        try:
            ctx = open_office(Path(db_path))
            window.attach(ctx)
            # The clock resumes past the newest stored event, which takes a read of every event
            # (~0.6 s on a million dossiers): in the background once the window is ready, while
            # the clerk types the password; a save before it is done waits for it.
            Task(ctx.clock.resume_now).run()
        except CounterError as exc:
            QMessageBox.critical(window, "Bộ phận Một cửa", exc.message)
            exit_code[0] = 1
            app.quit()

    window.first_painted.connect(lambda: QTimer.singleShot(0, open_database))
    if os.environ.get(SMOKE_ENV):
        window.first_painted.connect(lambda: print("counter: cửa sổ đã hiển thị", flush=True))
        window.ready.connect(lambda: print("counter: đã mở dữ liệu, sẵn sàng", flush=True))
        window.ready.connect(lambda: QTimer.singleShot(0, app.quit))
        window.show()
    else:
        window.resize(1366, 768)
        window.showMaximized()
    code = int(app.exec())
    QThreadPool.globalInstance().waitForDone()  # background work reports before Qt goes away
    return exit_code[0] or code
