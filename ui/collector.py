"""The garbage collector runs on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate when a threshold is
crossed. When that is a worker of ui/tasks.py, the cycles it frees may hold Qt wrappers made on
the GUI thread, whose C++ objects are then destroyed on the wrong thread: a segmentation fault
(seen while a worker opened a database during a test's event loop). So automatic collection is
off, and a timer on the GUI thread collects each generation once its threshold is passed,
exactly as the automatic collector would have, only on the right thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Back to automatic collection (tests, and the program's end)."""
        self.timer.stop()
        gc.enable()
