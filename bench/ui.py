"""Window figures: launch to a painted window (against a bare PySide6 window) and barcode scan
to the dossier shown, on the largest database of the run (`python -m bench --only ui`)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import ROOT, Environment, Figure, median, p95

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print("painted", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)

app = QApplication(sys.argv[:1])
window = Window()
window.setCentralWidget(QLabel("bare"))
window.resize(1366, 768)
window.show()
sys.exit(app.exec())
"""


def _launch(args: list[str], env: dict[str, str]) -> float:
    """Milliseconds from starting the process to its exit after the first paint."""
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000


def launch(env: Environment, path: Path) -> Figure:
    home = tempfile.mkdtemp(prefix="counter-bench-home-")
    common = {"QT_QPA_PLATFORM": "offscreen", "COUNTER_HOME": home}
    repeat = 2 if env.quick else 5
    app = [sys.executable, "-m", "counter", "--db", str(path)]
    bare = [sys.executable, "-c", BARE_WINDOW]
    _launch(bare, common)  # warm the file cache for both
    _launch(app, {**common, "COUNTER_SMOKE_TEST": "1"})
    ours = [_launch(app, {**common, "COUNTER_SMOKE_TEST": "1"}) for _ in range(repeat)]
    base = [_launch(bare, common) for _ in range(repeat)]
    value, baseline = median(ours), median(base)
    dossiers = sqlite3.connect(path).execute("SELECT count(*) FROM dossiers").fetchone()[0]
    return Figure(
        f"launch to painted window ({dossiers:,} dossiers)",
        value,
        "ms",
        baseline=baseline,
        baseline_name="bare PySide6 window",
        target="within 3× bare",
        ok=value <= 3 * baseline,
        note="process start → sign-in window painted → exit",
    )


def scan_to_dossier(env: Environment, path: Path) -> Figure:
    """Keyboard-wedge burst + Enter in the main window → the dossier screen filled."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("COUNTER_HOME", tempfile.mkdtemp(prefix="counter-bench-home-"))
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from counter.db.engine import Database
    from counter.services import demo
    from counter.services.context import Context
    from ui.main_window import HOME, MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    ctx = Context(Database(path))
    demo.ensure_office(ctx)
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.signin.username.setText("motcua")
    window.signin.password.setText("motcua123")
    window.signin.try_sign_in()
    conn = sqlite3.connect(path)
    codes = [r[0] for r in conn.execute("SELECT code FROM dossiers ORDER BY random() LIMIT 100")]
    conn.close()
    samples = []
    shown: list[str] = []
    window.dossier_shown.connect(shown.append)
    from ui import tasks

    window.go(HOME)
    for code in codes[: 30 if env.quick else 100]:
        # Back to the home screen without reloading its figures: the clerk scans from there.
        window.pages.setCurrentIndex(HOME)
        window.home.focus_first()
        while tasks.pending():
            app.processEvents()
            time.sleep(0.005)
        app.processEvents()
        target = QApplication.focusWidget()
        start = time.perf_counter()
        for ch in code:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                )
        QApplication.sendEvent(
            target,
            QKeyEvent(
                QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"
            ),
        )
        app.processEvents()  # let the dossier screen paint its new content
        samples.append((time.perf_counter() - start) * 1000)
        assert shown and shown[-1] == code, "the scan did not open the dossier"
    window.close()
    deadline = time.perf_counter() + 30
    while tasks.pending() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    value = p95(samples)
    return Figure(
        "barcode scan → dossier shown in the window (p95)",
        value,
        "ms",
        target="< 50 ms",
        ok=value < 50,
        note=f"median {median(samples):.1f} ms, includes typing the burst",
    )


def measure(env: Environment) -> list[Figure]:
    path = env.database(max(env.databases))
    return [launch(env, path), scan_to_dossier(env, path)]
