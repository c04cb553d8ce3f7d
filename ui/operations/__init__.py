"""Writes from the window: `Op`, the one way a screen changes data, and one module per noun.

As Anki's `aqt/operations`: `Op(parent, state, fn).success(cb).failure(cb).run()` runs
`fn(ctx)` off the GUI thread (on ui.tasks' writer thread, so writes keep their order), calls
`success(result)` or `failure(error)` back on the GUI thread with a CounterError whose message
the clerk can read (never a traceback), and then tells the bridge what changed, so no screen
has to. The modules beside this one (dossier, intake, settings, users…) build the Ops of their
noun with the changes they make.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject

from counter.errors import CounterError
from ui.bridge import Changes
from ui.tasks import Task, unexpected

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from counter.services.context import Context
    from ui.state import AppState

log = logging.getLogger(__name__)

T = TypeVar("T")


class Op(Generic[T]):
    """One write: `fn(ctx)` in the background, then the callbacks, then the bridge."""

    def __init__(
        self,
        parent: QObject,
        state: AppState,
        fn: Callable[[Context], T],
        *,
        changes: Changes | Callable[[T], Changes] | None = None,
        serial: bool = True,
    ) -> None:
        """`parent`: the widget the callbacks update; when it is gone by the time the write is
        done (a closed dialog), they are skipped, but the bridge is still told. `changes`:
        what the write changed, or how to read it from the result. `serial` False: a long
        job (a sync run) that must not hold the clerk's writes back behind it."""
        self.parent = parent
        self.state = state
        self.fn = fn
        self.changes = changes or Changes()
        self.serial = serial
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[CounterError], None] | None = None
        self.task: Task | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[CounterError], None]) -> Op[T]:
        self._failure = callback
        return self

    def run(self) -> Op[T]:
        ctx = self.state.ctx  # the context of the clerk who asked, read at the moment asked
        self.task = Task(lambda: self.fn(ctx)).success(self._done).failure(self._failed)
        self.task.run(write=self.serial)
        return self

    def _parent_alive(self) -> bool:
        return shiboken6.isValid(self.parent)

    def _done(self, result: T) -> None:
        try:
            if self._success is not None and self._parent_alive():
                self._success(result)
        finally:
            changes = self.changes(result) if callable(self.changes) else self.changes
            if shiboken6.isValid(self.state.bridge):  # not a window closed meanwhile
                self.state.bridge.tell(changes)

    def _failed(self, _message: str) -> None:
        error = self.task.error if self.task is not None else None
        error = error or unexpected()
        if self._failure is not None and self._parent_alive():
            self._failure(error)
        else:
            log.warning("a write failed with nobody to tell: %s", error.message)


def in_transaction(fn: Callable[[Session, Context], T]) -> Callable[[Context], T]:
    """`fn(session, ctx)` in one unit of work: the services that take a session."""

    def run(ctx: Context) -> T:
        with ctx.db.unit_of_work() as session:
            return fn(session, ctx)

    return run


def of_dossier(result: Any) -> Changes:
    """The changes of a write that returns one dossier's view (`result.dossier`)."""
    return Changes(dossier=result.dossier.code)
