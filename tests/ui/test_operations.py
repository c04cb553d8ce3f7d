"""The window's writes (ui.operations.Op) and its pages (ui.navigation.Screen): off the GUI
thread, one after the other, a readable refusal, the bridge told by the operation itself, and
the window's shortcuts answered by the page in front."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtTest import QTest

from counter.errors import ValidationError
from counter.services import queries, workflow
from tests.ui.helpers import settle, shortcut
from tests.ui.test_dossier_flows import _receive
from ui.bridge import Bridge, Changes
from ui.main_window import HOME, INTAKE, SETTINGS
from ui.navigation import Screen
from ui.operations import Op

pytestmark = pytest.mark.gui


class _State:
    """What an Op reads of the window's state: the context and the bridge."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.bridge = Bridge()


def test_a_write_runs_off_the_gui_thread_then_reports_then_tells_the_bridge(qtbot, ctx) -> None:
    state = _State(ctx)
    owner = QObject()
    seen: list[str] = []
    threads: list[threading.Thread] = []

    def write(context) -> str:
        assert context is ctx
        threads.append(threading.current_thread())
        return "000.00.12.H40-260302-0001"

    state.bridge.dossier_changed.connect(lambda code: seen.append(f"bridge {code}"))
    op = Op(owner, state, write, changes=lambda code: Changes(dossier=code))
    op.success(lambda code: seen.append(f"success {code}")).run()
    settle(qtbot)
    assert threads and threads[0] is not threading.main_thread()
    assert seen == [
        "success 000.00.12.H40-260302-0001",  # the screen's callback first, as in Anki
        "bridge 000.00.12.H40-260302-0001",
    ]


def test_a_refusal_reads_as_the_service_worded_it_and_a_bug_as_a_plain_sentence(qtbot, ctx) -> None:
    state = _State(ctx)
    owner = QObject()
    errors = []

    def refused(_ctx) -> None:
        raise ValidationError("Họ và tên người nộp không được để trống.", field="full_name")

    def broken(_ctx) -> None:
        raise KeyError("payload")  # a bug: its text must not reach the clerk

    told: list[bool] = []
    state.bridge.settings_changed.connect(lambda: told.append(True))
    Op(owner, state, refused, changes=Changes(settings=True)).failure(errors.append).run()
    Op(owner, state, broken, changes=Changes(settings=True)).failure(errors.append).run()
    settle(qtbot)
    assert errors[0].message == "Họ và tên người nộp không được để trống."
    assert errors[0].field == "full_name"
    assert errors[1].message.startswith("Có lỗi không mong muốn")
    assert "payload" not in errors[1].message and "Traceback" not in errors[1].message
    assert told == []  # nothing was changed, nobody reloads


def test_writes_keep_their_order_on_one_thread(qtbot, ctx) -> None:
    state = _State(ctx)
    owner = QObject()
    order: list[int] = []
    threads: set[int] = set()
    release = threading.Event()

    def write(n: int):
        def run(_ctx) -> int:
            if n == 0:
                release.wait(5)  # the first is slow: the second must still come after it
            threads.add(threading.get_ident())
            order.append(n)
            return n

        return run

    for n in range(3):
        Op(owner, state, write(n)).run()
    release.set()
    settle(qtbot)
    assert order == [0, 1, 2] and len(threads) == 1


def test_a_closed_dialog_skips_its_callbacks_but_the_bridge_is_still_told(qtbot, ctx) -> None:
    state = _State(ctx)
    owner = QObject()
    called: list[str] = []
    changed: list[str] = []
    state.bridge.dossier_changed.connect(changed.append)
    release = threading.Event()

    def write(_ctx) -> None:
        release.wait(5)

    Op(owner, state, write, changes=Changes(dossier="X")).success(called.append).run()
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _valid(owner))
    release.set()
    settle(qtbot)
    assert called == [] and changed == ["X"]


def _valid(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_every_page_answers_the_windows_shortcuts(admin_window) -> None:
    window = admin_window
    window.go(SETTINGS)
    members = ("shown", "refresh", "print_current", "save_current", "print_failed")
    for index in range(window.pages.count()):
        page = window.pages.widget(index)
        assert all(callable(getattr(page, name, None)) for name in members), page
    assert all(name in Screen.__dict__ for name in members)


def test_f5_reads_the_dossier_again(qtbot, window) -> None:
    ctx = window.state.ctx
    code = _receive(ctx)
    window.open_dossier(code)
    workflow.add_note(ctx, code, "Ghi từ máy khác")  # not through the window: no signal
    timeline = window.dossier.timeline
    before = timeline.topLevelItemCount()
    shortcut(qtbot, window, "F5")
    assert timeline.topLevelItemCount() == before + 1


def test_ctrl_s_saves_the_settings_page_and_nothing_on_home(qtbot, admin_window) -> None:
    from counter.services import office

    window = admin_window
    window.go(SETTINGS)
    window.settings.edits["phone"].setText("0252 3000 111")
    window.settings.edits["phone"].setFocus()
    QTest.keyClick(
        window.settings.edits["phone"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )
    settle(qtbot)
    with window.state.ctx.db.session() as session:
        assert office.get_settings(session).phone == "0252 3000 111"
    window.go(HOME)
    shortcut(qtbot, window, "Ctrl+S")  # nothing typed here: nothing happens, nothing fails
    settle(qtbot)
    window.go(INTAKE)
    assert window.pages.currentIndex() == INTAKE


def test_the_sync_status_line_needs_no_dialog_module() -> None:
    """ui/sync.py and ui/dialogs/sync.py imported each other for one formatter."""
    code = "import sys, ui.sync; print('ui.dialogs.sync' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_reading_the_dossier_of_an_action_needs_no_second_lookup(qtbot, window) -> None:
    """The result an action returns is the dossier as stored: the screen's one reload reads
    the same thing."""
    code = _receive(window.state.ctx)
    window.open_dossier(code)
    dialog = window.dossier.start("add_note")
    dialog.set_value("text", "Ghi chú")
    dialog.submit()
    settle(qtbot)
    assert window.dossier.view == queries.find_by_code(window.state.ctx, code)
