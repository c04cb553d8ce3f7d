"""The one helper that runs work off the GUI thread and reports back on it.

`Task(fn).success(cb).failure(cb).run()` (after Anki's CollectionOp): `fn` runs on the global
QThreadPool (reads), or on the one writer thread (`run(write=True)`, what ui.operations uses),
so writes reach the database one after the other in the order they were asked for;
`success(result)` or `failure(message)` are called on the GUI thread. A CounterError's message
goes to the clerk as it is; anything else is logged and reported as a plain "unexpected error"
sentence, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from counter.errors import CounterError

log = logging.getLogger(__name__)

# Tasks still running, so their signal objects are not collected before they report.
_running: set[Task] = set()
_writer: QThreadPool | None = None


def _writer_pool() -> QThreadPool:
    """One thread for every write: a second click cannot overtake the first one's write."""
    global _writer
    if _writer is None:
        _writer = QThreadPool(QCoreApplication.instance())
        _writer.setMaxThreadCount(1)
    return _writer


def unexpected() -> CounterError:
    """What the clerk reads when the work failed for a reason that is a bug, not theirs."""
    return CounterError(
        QCoreApplication.translate(
            "tasks", "Có lỗi không mong muốn. Thao tác chưa hoàn tất; hãy thử lại."
        )
    )


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)  # CounterError


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.fn()
        except CounterError as exc:
            self._emit(self.signals.failed, exc)
        except Exception:
            log.exception("background task failed")
            self._emit(self.signals.failed, unexpected())
        else:
            self._emit(self.signals.done, result)

    def _emit(self, signal: Any, value: Any) -> None:
        # When the program quits while the work runs, Qt may already have deleted the signals'
        # object: there is nobody left to tell, so the result is dropped quietly.
        if shiboken6.isValid(self.signals):
            try:
                signal.emit(value)
            except RuntimeError:
                log.info("background task finished after the program closed its window")


class Task:
    """A piece of work for the thread pool with GUI-thread callbacks."""

    def __init__(self, fn: Callable[[], Any], owner: QObject | None = None) -> None:
        """`owner`: the widget or model the callbacks update; if it is gone by the time the
        work is done (a closed window), the result is dropped."""
        self.fn = fn
        self.owner = owner
        self._success: Callable[[Any], None] | None = None
        self._failure: Callable[[str], None] | None = None
        self.error: CounterError | None = None  # why it failed, once it has
        self.signals = _Signals()
        self.signals.done.connect(self._on_done)
        self.signals.failed.connect(self._on_failed)

    def success(self, callback: Callable[[Any], None]) -> Task:
        self._success = callback
        return self

    def failure(self, callback: Callable[[str], None]) -> Task:
        self._failure = callback
        return self

    def run(self, *, write: bool = False) -> Task:
        """Start the work; `write`: on the writer thread, after the writes asked for before."""
        _running.add(self)
        # The Python side keeps the runnable: PySide must not collect it while it runs.
        self._runnable = _Runnable(self.fn, self.signals)
        self._runnable.setAutoDelete(False)
        pool = _writer_pool() if write else QThreadPool.globalInstance()
        pool.start(self._runnable)
        return self

    def _owner_gone(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)

    def _on_done(self, result: Any) -> None:
        _running.discard(self)
        if self._success is not None and not self._owner_gone():
            self._success(result)

    def _on_failed(self, error: CounterError) -> None:
        _running.discard(self)
        self.error = error
        if self._failure is not None and not self._owner_gone():
            self._failure(error.message)


def pending() -> int:
    """How many tasks have not reported yet (tests wait for 0)."""
    return len(_running)
