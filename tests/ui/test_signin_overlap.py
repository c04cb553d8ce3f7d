"""Enter at sign-in: the home's figures are counted on a worker while the password is checked,
and shown only if it passes; a hash made with the old argon2 parameters still signs in and is
made again with the current ones."""

from __future__ import annotations

import threading

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from counter import demo
from counter.db.models import User
from counter.services import users
from tests.ui.helpers import show_window
from ui import tasks
from ui.main_window import HOME

pytestmark = pytest.mark.gui

# argon2-cffi's defaults, what every hash was made with before 12/2026.
OLD_PARAMETERS = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}


def _press_enter(qtbot, window, password: str) -> None:
    """Type the password and press Enter in its field, as the clerk does; wait for the answer."""
    window.signin.username.setText("motcua")
    window.signin.password.setText(password)
    window.signin.password.setFocus()
    with qtbot.waitSignal(window.signin.answered, timeout=20_000):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                window.signin.password,
                QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"),
            )


def _settle(qtbot) -> None:
    """Every worker done and its result handed to the GUI thread."""
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    QApplication.processEvents()


def test_figures_counted_during_a_wrong_password_are_never_shown(
    qtbot, ctx, clock, monkeypatch
) -> None:
    demo.generate(ctx, 60, end=clock.now())
    window = show_window(qtbot, ctx)
    home = window.home
    _settle(qtbot)
    assert window.pages.currentIndex() == HOME

    counted = threading.Event()  # set by the figures' read, on its worker thread
    readers: list[str] = []
    count_home = home._counting

    def counting():
        work = count_home()

        def watched():
            result = work()
            readers.append(threading.current_thread().name)
            counted.set()
            return result

        return watched

    monkeypatch.setattr(home, "_counting", counting)

    checked_while_counted: list[bool] = []

    class Watching(PasswordHasher):
        """The test's hasher, whose check waits for the figures: it returns in time only if
        they are counted on another thread while the password is being checked."""

        def verify(self, hash, password):
            checked_while_counted.append(counted.wait(10))
            return super().verify(hash, password)

    fast = users._hasher
    monkeypatch.setattr(
        users,
        "_hasher",
        Watching(time_cost=fast.time_cost, memory_cost=fast.memory_cost, parallelism=1),
    )
    shown: list[object] = []
    show = home._show
    monkeypatch.setattr(home, "_show", lambda result: (shown.append(result), show(result)))

    _press_enter(qtbot, window, "sai-mat-khau")
    _settle(qtbot)  # the figures' task ended and reported on the GUI thread
    assert checked_while_counted == [True]  # counted side by side with the check
    assert readers and readers[0] != threading.current_thread().name  # on a worker
    assert window.signin.banner.isVisible()  # "wrong user name or password"
    assert window.root.currentWidget() is window.signin
    assert shown == []  # nothing reached the home screen …
    assert {tile.number.text() for tile in home.tiles.values()} == {"…"}  # … not even hidden
    assert window.state.signed_in is False
    assert not home.loading

    counted.clear()
    _press_enter(qtbot, window, "motcua123")
    assert checked_while_counted == [True, True]
    assert window.state.signed_in and window.pages.currentIndex() == HOME
    _settle(qtbot)
    assert len(shown) == 1  # the figures counted during the check, taken as they were …
    assert len(readers) == 2  # … not counted again after it
    assert home.tiles["due_today"].number.text() != "…"
    assert not home.loading


def test_a_hash_with_the_old_parameters_signs_in_and_is_made_again(qtbot, ctx, monkeypatch) -> None:
    # The production parameters, not the tests' fast ones.
    monkeypatch.setattr(
        users,
        "_hasher",
        PasswordHasher(
            time_cost=users.PASSWORD_TIME_COST,
            memory_cost=users.PASSWORD_MEMORY_KIB,
            parallelism=users.PASSWORD_LANES,
        ),
    )
    old = PasswordHasher(**OLD_PARAMETERS).hash("motcua123")
    assert old.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    with ctx.db.unit_of_work() as session:
        session.scalar(select(User).where(User.username == "motcua")).password_hash = old

    def stored() -> str:
        with ctx.db.session() as session:
            return session.scalar(select(User.password_hash).where(User.username == "motcua"))

    window = show_window(qtbot, ctx)
    _press_enter(qtbot, window, "motcua1234")  # wrong: refused, counted, the hash untouched
    assert not window.state.signed_in
    assert window.signin.banner.isVisible()
    assert stored() == old
    with ctx.db.session() as session:
        assert users._failures(session, "motcua")[0] == 1

    _press_enter(qtbot, window, "motcua123")
    assert window.state.signed_in
    new = stored()
    assert new.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PasswordHasher().verify(new, "motcua123")
    with ctx.db.session() as session:
        assert users._failures(session, "motcua")[0] == 0
    _settle(qtbot)

    window.sign_out()
    _press_enter(qtbot, window, "motcua123")
    assert window.state.signed_in
    assert stored() == new  # made once: the current parameters need no rehash
    _settle(qtbot)
