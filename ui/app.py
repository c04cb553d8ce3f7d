"""Start the window: open the database off the GUI thread, then sign-in, or the first-run choices
on a database with no office (the demo lives in a file of its own)."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter.paths import get_asset, logs_dir
from ui import tasks
from ui.collector import GuiThreadCollector

if TYPE_CHECKING:
    from counter.services.context import Context
    from ui.main_window import MainWindow


def quicker_pyside_import_hook() -> bool:
    """PySide6 looks at every module imported after it (for `from __feature__ import …`,
    which this app never uses) by reading its source with `inspect.getsource`: ~0.2 ms a
    module, ~100 ms over the ~500 modules the window imports at start. The same question —
    does the file mention "PySide6"? — answered by reading the file's bytes, ~4× cheaper,
    and without keeping the source of every module in linecache (with those modules: ~34 MB
    of the window's peak in a clerk's session on 200,000 dossiers, 02/12/2026).
    Modules without a .py file still go through PySide6's own check. False: PySide6 has no
    such hook (another version), nothing changed."""
    feature = sys.modules.get("shibokensupport.feature")
    uses_pyside = getattr(feature, "_mod_uses_pyside", None)
    if uses_pyside is None or getattr(uses_pyside, "quicker", False):
        return False

    def quicker(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(uses_pyside(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(uses_pyside(module))

    quicker.quicker = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = quicker  # type: ignore[union-attr]
    # The modules imported before PySide6 were read the slow way, their source kept in
    # linecache (~9 MB for ~250 modules): dropped, a traceback reads a file again if needed.
    # Entries of generated code (no file behind them) are kept.
    import linecache

    for name in [n for n in linecache.cache if n.endswith(".py") and os.path.isfile(n)]:
        linecache.cache.pop(name, None)
    return True


quicker_pyside_import_hook()

SMOKE_ENV = "COUNTER_SMOKE_TEST"  # set: quit as soon as the window has painted (CI, bundle)
DEMO_DOSSIERS = 300


# Steps of a fresh machine's first start, reported by `open_office` (see OfficeLoader.MESSAGES).
STEP_DATABASE, STEP_OFFICE, STEP_DOSSIERS = "database", "office", "dossiers"
STEP_UPGRADE = "upgrade"

# What the work screens import from the core, imported by the loader's thread while the
# sign-in screen stays responsive (anything missing here is simply imported on the GUI thread).
SCREEN_SERVICES = (
    "counter.services.users",
    "counter.services.queries",
    "counter.services.listing",
    "counter.services.catalogue",
    "counter.services.intake",
    "counter.services.workflow",
    "counter.services.views",
    "counter.services.backup",
    "counter.demo",  # the window says when its office is the demo (`demo.is_demo`)
)


def open_office(db_path: Path, step: Callable[[str], None] | None = None) -> Context:
    """The context on this database, as it is: nothing is ever added to it here (a real office
    on its first morning has no dossiers, and must keep having none).

    `step` hears which long step is under way (STEP_*); a normal start reports none. A
    database from an older version is upgraded first (STEP_UPGRADE: minutes on a large one).
    """
    from counter.db.engine import Database, needs_upgrade
    from counter.services.context import Context

    report = step or (lambda _step: None)
    if not db_path.exists():
        report(STEP_DATABASE)
    elif needs_upgrade(db_path):
        report(STEP_UPGRADE)
    return Context(Database(db_path))


def open_demo(db_path: Path, step: Callable[[str], None] | None = None) -> Context:
    """The demo database, on the newcomer's request: on its first opening it gets the demo office
    and DEMO_DOSSIERS dossiers to explore. A real office's database is refused (the demo module
    says so in a sentence for the user), so no demo dossier can reach a real office."""
    from sqlalchemy import text

    from counter import demo
    from counter.services import office

    report = step or (lambda _step: None)
    ctx = open_office(db_path, step)
    try:
        demo.require_demo(ctx)
        with ctx.db.session() as session:
            has_office = office.has_office(session)
            empty = session.execute(text("SELECT 1 FROM dossiers LIMIT 1")).first() is None
        if not has_office:
            report(STEP_OFFICE)
            demo.ensure_office(ctx)
        if empty:
            report(STEP_DOSSIERS)
            demo.generate(ctx, DEMO_DOSSIERS)
    except BaseException:
        ctx.db.close()
        raise
    return ctx


def has_office(ctx: Context) -> bool:
    from counter.services import office

    with ctx.db.session() as session:
        return office.has_office(session)


class OfficeLoader(QObject):
    """Opens the database off the GUI thread (and, when the newcomer asks for the demo, creates
    the demo office and dossiers, which takes seconds), so the window stays responsive."""

    step = Signal(str)  # a plain Vietnamese sentence: what is being prepared
    opened = Signal(object)  # the Context of a database with its office
    no_office = Signal(object)  # the Context of a database with no office yet: the first run
    failed = Signal(str)

    MESSAGES: ClassVar[dict[str, str]] = {
        STEP_DATABASE: QT_TRANSLATE_NOOP("OfficeLoader", "Máy mới: đang tạo cơ sở dữ liệu…"),
        STEP_OFFICE: QT_TRANSLATE_NOOP(
            "OfficeLoader",
            "Máy mới: đang tạo cơ quan mẫu, tài khoản và danh mục thủ tục…",
        ),
        STEP_DOSSIERS: QT_TRANSLATE_NOOP(
            "OfficeLoader", "Máy mới: đang tạo {n} hồ sơ mẫu để làm quen…"
        ),
        STEP_UPGRADE: QT_TRANSLATE_NOOP(
            "OfficeLoader",
            "Đang nâng cấp dữ liệu lên phiên bản mới; với nhiều hồ sơ có thể mất vài phút. "
            "Xin đừng tắt chương trình.",
        ),
    }

    _relay = Signal(str)  # a step key the worker reports, emitted on the GUI thread

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.running = False
        self.first_run: QWidget | None = None  # the first-run choices, while they are shown
        self._relay.connect(self._on_step)

    def _from_worker(self, key: str) -> None:
        # The worker never emits a Qt signal itself (see ui/tasks.py): the GUI thread does.
        tasks.post(self._relay.emit, key)

    def start(self) -> None:
        """Open the database as it is."""
        self._run(lambda: open_office(self.db_path, self._from_worker))

    def start_demo(self, path: Path) -> None:
        """Open (on its first opening: make) the demo database `path` instead."""
        self.db_path = Path(path)
        self._run(lambda: open_demo(self.db_path, self._from_worker))

    def _run(self, opener: Callable[[], Context]) -> None:
        from ui.tasks import Task

        if self.running:
            return
        self.running = True

        def work() -> tuple[Context, bool]:
            import importlib

            ctx = opener()
            for name in SCREEN_SERVICES:
                importlib.import_module(name)
            return ctx, has_office(ctx)

        Task(work, self).success(self._done).failure(self._failed).run()

    def _on_step(self, key: str) -> None:
        text = QCoreApplication.translate("OfficeLoader", self.MESSAGES[key])
        self.step.emit(text.format(n=DEMO_DOSSIERS))

    def _done(self, result: tuple[Context, bool]) -> None:
        self.running = False
        ctx, with_office = result
        (self.opened if with_office else self.no_office).emit(ctx)

    def _failed(self, message: str) -> None:
        self.running = False
        self.failed.emit(message)


def open_window(
    db_path: Path | str, *, demo_path: Path | str | None = None, demo: bool = False
) -> tuple[MainWindow, OfficeLoader]:
    """The main window with its sign-in screen; once it has painted, the database opens in the
    background and the work screens are built when it is ready (`window.ready`).

    A database with no office shows the first-run choices instead (`loader.first_run`): the
    demo (in its own file, `demo_path`, by default `demo.sqlite3` in the data directory), an
    office from a sync server, or an office set up here. `demo`: `db_path` is the demo
    database, opened (made on its first opening) at once without asking."""
    from counter.paths import demo_db_path
    from ui.main_window import MainWindow

    window = MainWindow()
    loader = OfficeLoader(Path(db_path), window)
    loader.step.connect(window.signin.show_progress)
    demo_file = Path(demo_path) if demo_path is not None else None

    def opened(ctx: Context) -> None:
        from counter.errors import CounterError
        from ui.tasks import Task

        try:
            window.attach(ctx)
        except CounterError as exc:  # the screens read the office, the catalogue…
            loader.failed.emit(exc.message)
            return
        # The clock resumes past the newest stored event, which takes a read of every event
        # (~0.6 s on a million dossiers): in the background once the window is ready, while
        # the clerk types the password; a save before it is done waits for it.
        Task(ctx.clock.resume_now).run()

    def first_run(ctx: Context) -> None:
        from ui.screens.first_run import FirstRunScreen
        from ui.state import AppState

        screen = FirstRunScreen(AppState(ctx, window.bridge))
        loader.first_run = screen
        window.root.addWidget(screen)
        window.root.setCurrentWidget(screen)
        screen.choose()

        def leave() -> None:
            window.root.setCurrentWidget(window.signin)
            window.root.removeWidget(screen)
            screen.deleteLater()
            loader.first_run = None

        def demo_chosen() -> None:
            leave()
            ctx.db.close()  # the real database stays as it is: empty, for the office to come
            window.signin.prepare()
            loader.start_demo(demo_file or demo_db_path())

        def office_ready(username: str) -> None:
            leave()
            opened(ctx)
            if username:  # the first admin just created here: only the password is asked
                window.signin.username.setText(username)
                window.signin.password.setFocus()

        screen.demo_chosen.connect(demo_chosen)
        screen.office_ready.connect(office_ready)

    loader.opened.connect(opened)
    loader.no_office.connect(first_run)
    start = (lambda: loader.start_demo(loader.db_path)) if demo else loader.start
    window.first_painted.connect(lambda: QTimer.singleShot(0, start))
    return window, loader


def use_vietnamese_formats() -> None:
    """Numbers as in Vietnam whatever the PC's regional setting: 50.000 in spin boxes and
    tables that Qt formats (an English Windows wrote 50,000). Dates are formatted by the app."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))


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


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """glibc gives each thread that allocates its own memory arena, and what one arena frees
    the others do not reuse: with queries on the thread pool, the window on a million
    dossiers held 30 MB more in some runs than in others. Called before any thread starts;
    elsewhere than glibc it does nothing (False)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_arena_max = -8  # from glibc's malloc.h
    return bool(libc.mallopt(m_arena_max, arenas))


def run(db_path: Path | str, *, demo: bool = False) -> int:
    limit_malloc_arenas()
    _setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("counter")
    app.setOrganizationName("counter")
    use_vietnamese_formats()
    install_translator(app)
    collector = GuiThreadCollector(app)  # cycles are freed on the GUI thread only
    title = QCoreApplication.translate("MainWindow", "Bộ phận Một cửa")
    app.setApplicationDisplayName(title)
    # The sign-in paints first (nothing heavy is imported before); the database opens right
    # after, off the GUI thread, so the window is on screen as fast as a bare Qt window.
    window, loader = open_window(db_path, demo=demo)
    exit_code = [0]

    def failed(message: str) -> None:
        QMessageBox.critical(window, title, message)
        exit_code[0] = 1
        app.quit()

    loader.failed.connect(failed)
    if os.environ.get(SMOKE_ENV):
        window.first_painted.connect(lambda: print("counter: cửa sổ đã hiển thị", flush=True))
        window.ready.connect(lambda: print("counter: đã mở dữ liệu, sẵn sàng", flush=True))
        window.ready.connect(lambda: QTimer.singleShot(0, app.quit))
        # A database with no office waits for a person's choice: painted is all there is to see.
        loader.no_office.connect(
            lambda _ctx: print("counter: máy mới, chờ chọn cách bắt đầu", flush=True)
        )
        loader.no_office.connect(lambda _ctx: QTimer.singleShot(0, app.quit))
        window.show()
    else:
        window.resize(1366, 768)
        window.showMaximized()
    code = int(app.exec())
    tasks.shutdown()  # background work finishes before Qt goes away
    collector.stop()
    return exit_code[0] or code
