"""The one helper that runs work off the GUI thread and reports back on it.

`Task(fn).success(cb).failure(cb).run()` (after Anki's CollectionOp): `fn` runs on a pool of
reader threads, or on the one writer thread (`run(write=True)`, what ui.operations uses),
so writes reach the database one after the other in the order they were asked for;
`success(result)` or `failure(message)` are called on the GUI thread. A CounterError's message
goes to the clerk as it is; anything else is logged and reported as a plain "unexpected error"
sentence, never a traceback.
"""

from __future__ import annotations

import logging
import os
import queue
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

from counter.errors import CounterError

log = logging.getLogger(__name__)

# Tasks still running, so their callbacks are not collected before they report.
_running: set[Task] = set()
# Finished work waiting for the GUI thread: (task, True, result) or (task, False, error), the
# error None for an unexpected one. The workers are plain Python threads that never call into
# Qt: PySide6 6.12 corrupts reference counts (a crash after some thousands of tasks) when a
# signal is emitted, or a QRunnable run, from a thread of its own while the GUI thread works.
_results: queue.SimpleQueue[tuple[Task, bool, Any]] = queue.SimpleQueue()
# Calls a worker asks the GUI thread to make while its task runs (a sync's progress).
_calls: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...]]] = queue.SimpleQueue()
_pools: dict[bool, ThreadPoolExecutor] = {}
_dispatcher: list[_Dispatcher] = []
POLL_MS = 2


def _pool(write: bool) -> ThreadPoolExecutor:
    """Reads on a few threads; every write on one thread, so a second click cannot overtake
    the first one's write."""
    if write not in _pools:
        workers = 1 if write else max(2, os.cpu_count() or 2)
        name = "counter-write" if write else "counter-read"
        _pools[write] = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
    return _pools[write]


def unexpected() -> CounterError:
    """What the clerk reads when the work failed for a reason that is a bug, not theirs."""
    return CounterError(
        QCoreApplication.translate(
            "tasks", "Có lỗi không mong muốn. Thao tác chưa hoàn tất; hãy thử lại."
        )
    )


class _Dispatcher(QObject):
    """On the GUI thread: hands finished work to its callbacks while any task runs."""

    def __init__(self) -> None:
        super().__init__(QCoreApplication.instance())
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.deliver)

    def deliver(self) -> None:
        while True:
            try:
                call, args = _calls.get_nowait()
            except queue.Empty:
                break
            call(*args)
        while True:
            try:
                task, ok, value = _results.get_nowait()
            except queue.Empty:
                break
            if ok:
                task._on_done(value)
            else:
                task._on_failed(value if value is not None else unexpected())
        if not _running:
            self.timer.stop()


def _wake() -> None:
    if not _dispatcher or not shiboken6.isValid(_dispatcher[0]):
        _dispatcher[:] = [_Dispatcher()]
    if not _dispatcher[0].timer.isActive():
        _dispatcher[0].timer.start()


def _work(task: Task) -> None:
    """On a worker thread: run the task's function, queue the outcome. No Qt calls here."""
    try:
        result = task.fn()
    except CounterError as exc:
        _results.put((task, False, exc))
    except Exception:
        log.exception("background task failed")
        _results.put((task, False, None))
    else:
        _results.put((task, True, result))


def post(call: Callable[..., Any], *args: Any) -> None:
    """From a worker thread, while its task runs: have the GUI thread make this call (in
    order), instead of emitting a Qt signal from the worker."""
    _calls.put((call, args))


def shutdown() -> None:
    """Let the work under way finish (the program's end): nothing new starts afterwards until
    a task is run again."""
    for pool in list(_pools.values()):
        pool.shutdown(wait=True)
    _pools.clear()


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

    def success(self, callback: Callable[[Any], None]) -> Task:
        self._success = callback
        return self

    def failure(self, callback: Callable[[str], None]) -> Task:
        self._failure = callback
        return self

    def run(self, *, write: bool = False) -> Task:
        """Start the work; `write`: on the writer thread, after the writes asked for before."""
        _running.add(self)
        _wake()
        _pool(write).submit(_work, self)
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
