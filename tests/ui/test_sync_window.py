"""«Đồng bộ ngay» in the window, against a real sync server on loopback: enrolment by an admin,
a sync that keeps the window responsive, a server that is down, and a conflict a clerk resolves
from the dossier screen."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import uvicorn
from PySide6.QtCore import QTime, QTimer
from PySide6.QtWidgets import QApplication

from counter.services import listing, queries, workflow
from counter.services.listing import DossierFilter
from counter.sync import client, server
from counter.sync.app import create_app
from counter.sync.client import RetryPolicy
from counter.sync.store import ServerStore
from tests.conftest import TEST_OFFICE
from tests.sync.conftest import enrol, free_port, intake, new_counter
from tests.ui.helpers import settle, shortcut, submit_sign_in, type_text
from ui import tasks
from ui.main_window import DOSSIER, DOSSIERS

pytestmark = pytest.mark.gui

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, timeout=10)


class Server:
    """The sync app under uvicorn on 127.0.0.1, in a thread; `gate` can hold pushes back."""

    def __init__(self, store: ServerStore, port: int | None = None) -> None:
        self.store = store
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.gate = threading.Event()
        self.gate.set()
        self.held = threading.Event()  # a push is waiting at the gate
        inner = create_app(store)

        async def app(scope, receive, send):  # type: ignore[no-untyped-def]
            if scope["type"] == "http" and scope["path"] == "/v1/push" and not self.gate.is_set():
                self.held.set()
                await asyncio.to_thread(self.gate.wait, 20)
            await inner(scope, receive, send)

        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error",
                                lifespan="off")  # fmt: skip
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> Server:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            assert time.monotonic() < deadline and self._thread.is_alive(), "server did not start"
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.gate.set()
        self._server.should_exit = True
        self._thread.join(timeout=10)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ServerStore]:
    sqlite_store = ServerStore(str(tmp_path / "server.sqlite3"))
    server.add_office(sqlite_store, TEST_OFFICE.identifier, TEST_OFFICE.governing_body)
    yield sqlite_store
    sqlite_store.close()


@pytest.fixture
def live(store: ServerStore) -> Iterator[Server]:
    running = Server(store).start()
    yield running
    running.stop()


def _server_events(store: ServerStore) -> int:
    return int(server.office_counts(store, TEST_OFFICE.identifier)["events"])


def _register_from_the_window(qtbot, window, live: Server) -> None:
    window.sync.manual_policy = FAST
    dialog = window.open_sync(start=False)
    qtbot.waitUntil(lambda: window.sync.last is not None)
    assert dialog.enrol_box.isVisible() and not dialog.not_registered.isVisible()
    type_text(dialog.server_edit, live.url)
    dialog.code_edit.setText(server.create_enrolment(live.store, TEST_OFFICE.identifier).code)
    with qtbot.waitSignal(window.sync.registered, timeout=10_000):
        assert dialog.start_register()
    qtbot.waitUntil(lambda: window.sync.last.registered)
    assert "Đã đăng ký quầy số" in dialog.banner.text()
    assert not dialog.enrol_box.isVisible() and dialog.sync_button.isEnabled()


def test_a_clerk_is_told_the_counter_is_not_registered(qtbot, window) -> None:
    dialog = window.open_sync(start=True)  # nothing to start: not registered
    qtbot.waitUntil(lambda: window.sync.last is not None)
    assert not window.sync.running
    assert dialog.not_registered.isVisible() and "chưa đăng ký" in dialog.not_registered.text()
    assert not dialog.enrol_box.isVisible()
    assert not dialog.sync_button.isEnabled()
    assert dialog.values["server"].text() == "chưa đăng ký"
    assert window.sync_indicator.text() == "Đồng bộ: chưa đăng ký"
    assert not dialog.start_register()  # the service call is not even offered to a clerk
    assert not dialog.schedule_box.isVisible() and not dialog.save_schedule()
    assert not client.status(window.state.ctx).registered


def test_bad_enrolment_input_is_refused_in_words(qtbot, admin_window, live: Server) -> None:
    window = admin_window
    window.sync.manual_policy = FAST
    dialog = window.open_sync(start=False)
    qtbot.waitUntil(lambda: window.sync.last is not None)
    assert not dialog.start_register()
    assert "địa chỉ máy chủ" in dialog.banner.text()
    dialog.server_edit.setText("dongbo.example.vn")
    dialog.code_edit.setText("ABCD-EFGH-JKLM")
    with qtbot.waitSignal(window.sync.register_failed, timeout=10_000):
        dialog.start_register()
    assert dialog.banner.kind == "error" and "http://" in dialog.banner.text()
    dialog.server_edit.setText(live.url)
    dialog.code_edit.setText("SAIM-AMAD-ANGK")
    with qtbot.waitSignal(window.sync.register_failed, timeout=10_000):
        dialog.start_register()
    assert dialog.banner.kind == "error" and "Chưa đăng ký được" in dialog.banner.text()
    assert not client.status(window.state.ctx).registered


def test_sync_now_runs_off_the_gui_thread_and_reports(qtbot, admin_window, live: Server) -> None:
    window = admin_window
    _register_from_the_window(qtbot, window, live)
    code = intake_here(window)
    waiting = client.status(window.state.ctx).waiting
    assert waiting > 0

    live.gate.clear()  # the server holds the first push until the test lets it go
    dialog = window.sync_dialog
    window.go(DOSSIERS)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(window.sync.started):
        shortcut(qtbot, window, "Ctrl+Shift+S")
    assert live.held.wait(10)
    # The sync is stuck in the network; the window still answers: timers fire, typing works.
    ticks: list[int] = []
    QTimer.singleShot(10, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1], timeout=2000)
    type_text(window.dossiers.search, "Lê")
    assert window.dossiers.search.text() == "Lê"
    assert window.sync.running and dialog.progress.isVisible()
    assert not dialog.sync_button.isEnabled()
    assert window.sync_indicator.text().startswith("Đang đồng bộ")
    assert not window.open_sync(start=True).start_sync()  # one run at a time

    with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
        live.gate.set()
    ok, summary = done.args
    assert ok, summary
    assert "Đã gửi" in summary
    qtbot.waitUntil(lambda: window.sync.last.waiting == 0 and not window.sync.last.last_error)
    assert "Đồng bộ xong" in dialog.banner.text()
    assert dialog.values["waiting"].text() == "0"
    assert dialog.values["error"].text() == "không có"
    assert dialog.values["server"].text() == live.url
    assert dialog.values["success"].text() == "09:00 02/03/2026"
    assert window.sync_indicator.text() == "Đồng bộ lúc 09:00 02/03/2026 · 0 chờ gửi"
    assert not dialog.progress.isVisible()
    assert _server_events(live.store) >= waiting
    assert code

    # An admin enrols again (say the server was rebuilt): the same fields, a new code.
    assert dialog.reregister_button.isVisible() and not dialog.enrol_box.isVisible()
    dialog.reregister_button.click()
    assert dialog.enrol_box.isVisible()
    dialog.server_edit.setText(live.url)
    dialog.code_edit.setText(server.create_enrolment(live.store, TEST_OFFICE.identifier).code)
    with qtbot.waitSignal(window.sync.registered, timeout=10_000) as enrolled:
        assert dialog.start_register()
    assert enrolled.args[0].counter_no == window.state.ctx.counter_no
    assert f"Quầy {window.state.ctx.counter_no}" in window.user_label.text()
    with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
        assert dialog.start_sync()
    assert done.args[0], done.args[1]


def intake_here(window) -> str:
    from tests.sync.conftest import Counter

    return intake(Counter(window.state.ctx, None, "window"))  # type: ignore[arg-type]


def test_server_down_gives_a_plain_message_and_loses_nothing(
    qtbot, admin_window, live: Server, store: ServerStore
) -> None:
    window = admin_window
    _register_from_the_window(qtbot, window, live)
    live.stop()
    code = intake_here(window)
    before = client.status(window.state.ctx).waiting
    dialog = window.sync_dialog
    with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
        assert dialog.start_sync()
    ok, message = done.args
    assert not ok
    assert message == "Không kết nối được tới máy chủ đồng bộ. Hãy kiểm tra mạng Internet."
    assert dialog.banner.kind == "error" and message in dialog.banner.text()
    assert "vẫn còn nguyên" in dialog.banner.text()
    qtbot.waitUntil(lambda: window.sync.last.last_error == message)
    assert dialog.values["error"].text() == message
    # Said once: the "Lỗi gần nhất" row is hidden while the banner says the same failure.
    assert not dialog.info_form.isRowVisible(dialog.values["error"])
    assert dialog.banner.text().count(message) == 1
    assert window.sync_indicator.text().startswith("⚠ Chưa đồng bộ được")
    assert message in window.statusBar().currentMessage()
    # Nothing lost: the dossier and every waiting event are still here.
    assert queries.find_by_code(window.state.ctx, code) is not None
    assert client.status(window.state.ctx).waiting == before

    # The server comes back on the same address: the next sync sends everything.
    again = Server(store, port=live.port).start()
    try:
        with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
            assert dialog.start_sync()
        assert done.args[0], done.args[1]
        qtbot.waitUntil(lambda: window.sync.last.waiting == 0 and not window.sync.last.last_error)
        assert dialog.values["error"].text() == "không có"
        assert dialog.info_form.isRowVisible(dialog.values["error"])
    finally:
        again.stop()


def test_a_conflict_reaches_the_review_list_and_a_clerk_resolves_it(
    qtbot, admin_window, live: Server, tmp_path: Path, clock
) -> None:
    window = admin_window
    _register_from_the_window(qtbot, window, live)
    ctx = window.state.ctx
    code = intake_here(window)
    other = new_counter(tmp_path / "other.sqlite3")
    try:
        enrol(live.store, other, live.url)
        dialog = window.sync_dialog
        with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
            dialog.start_sync()
        assert done.args[0], done.args[1]
        client.sync_now(other.ctx, policy=FAST)
        # Offline, both counters act on the same dossier: one withdraws, the other asks for a
        # supplement.
        workflow.withdraw(ctx, code, "Công dân xin rút")
        other.clock.set(clock.now() + timedelta(minutes=5))
        workflow.request_supplement(other.ctx, code, ["Bản sao giấy tờ"], "Thiếu giấy tờ")
        client.sync_now(other.ctx, policy=FAST)
        with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
            dialog.start_sync()
        assert done.args[0], done.args[1]
        qtbot.waitUntil(lambda: window.sync.conflicts == 1)
        qtbot.waitUntil(lambda: dialog.conflicts_button.isEnabled())
        assert dialog.values["conflicts"].text() == "1"
    finally:
        other.ctx.db.close()

    # A clerk signs in and follows the link to the review list.
    window.sign_out()
    window.signin.username.setText("motcua")
    window.signin.password.setText("motcua123")
    submit_sign_in(qtbot, window.signin)
    dialog = window.open_sync(start=False)
    qtbot.waitUntil(lambda: dialog.conflicts_button.isEnabled())
    dialog.conflicts_button.click()
    assert window.pages.currentIndex() == DOSSIERS
    model = window.dossiers.model
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 1)
    assert model.view_at(0).code == code
    window.open_dossier(code)
    assert window.pages.currentIndex() == DOSSIER
    screen = window.dossier
    assert "XUNG ĐỘT" in screen.status_label.text()
    assert not screen.action_buttons["resolve_conflict"].isHidden()
    action = screen.start("resolve_conflict")
    assert action is not None
    type_text(action.inputs["note"], "Đã gọi công dân: giữ việc rút hồ sơ")
    action.submit()
    qtbot.waitUntil(lambda: "Đã ghi nhận" in screen.banner.text())
    assert "XUNG ĐỘT" not in screen.status_label.text()
    assert screen.action_buttons["resolve_conflict"].isHidden()
    assert listing.count(window.state.ctx, DossierFilter(conflict=True)) == 0
    QApplication.processEvents()


def test_the_nightly_sync_runs_by_itself_once_due(qtbot, admin_window, live: Server) -> None:
    from counter.sync import schedule

    window = admin_window
    _register_from_the_window(qtbot, window, live)
    ctx = window.state.ctx
    schedule.set_schedule(ctx, "08:30", 0)  # tonight's moment has passed: 09:00 now
    assert schedule.is_due(ctx)
    window.sync.nightly_policy = FAST
    window.lock()  # the clerk went home; the window locked itself
    assert not window.state.signed_in
    with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
        window.sync.check_nightly()
    assert done.args[0], done.args[1]
    assert not schedule.is_due(ctx)
    # Not due any more: the next check starts nothing.
    window.sync.check_nightly()
    qtbot.wait(300)
    assert not window.sync.running


def test_the_panel_says_when_the_next_nightly_sync_is(qtbot, admin_window, live: Server) -> None:
    from counter.sync import schedule

    window = admin_window
    dialog = window.open_sync(start=False)
    qtbot.waitUntil(lambda: window.sync.last is not None)
    assert dialog.values["nightly"].text() == "sau khi đăng ký"
    assert dialog.schedule_box.isVisible()
    assert dialog.at_edit.time().toString("HH:mm") == "21:30"  # the default
    dialog.at_edit.setTime(QTime(22, 15))
    dialog.jitter.setValue(0)
    assert dialog.save_schedule()
    settle(qtbot)
    assert "22:15" in dialog.banner.text()
    plan = schedule.get_schedule(window.state.ctx)
    assert (plan.at.strftime("%H:%M"), plan.jitter_minutes) == ("22:15", 0)
    _register_from_the_window(qtbot, window, live)
    qtbot.waitUntil(lambda: dialog.values["nightly"].text().startswith("22:15 02/03/2026"))


def _restore_latest_backup(qtbot, window) -> None:
    """Tools → Sao lưu và khôi phục: restore the newest backup, confirming in the message box."""
    dialog = window.open_backups()
    assert dialog.sync_registered
    dialog.table.selectRow(0)
    box = dialog.ask_restore()
    assert "tự đồng bộ để lấy lại" in box.informativeText()
    # Restoring waits for background work (the status read after the last sync) to end.
    qtbot.waitUntil(lambda: tasks.pending() == 0 and not window.sync.running, timeout=10_000)
    qtbot.waitUntil(dialog.restore_yes.isEnabled)  # once what would be lost is counted
    with qtbot.waitSignal(window.restored, timeout=20_000):
        dialog.restore_yes.click()


def _sign_in(qtbot, window, user: str = "admin", password: str = "admin123") -> None:
    window.signin.username.setText(user)
    window.signin.password.setText(password)
    submit_sign_in(qtbot, window.signin)
    assert window.state.signed_in


def _sync_from_the_panel(qtbot, window) -> None:
    """Start a sync from the open panel and wait until it has succeeded."""
    with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
        assert window.sync_dialog.start_sync()
    assert done.args[0], done.args[1]


def test_a_restore_syncs_at_once_and_takes_back_this_counters_dossiers(
    qtbot, admin_window, live: Server
) -> None:
    from counter.services import audit, backup

    window = admin_window
    _register_from_the_window(qtbot, window, live)
    _sync_from_the_panel(qtbot, window)
    backup.backup_database(window.state.ctx)
    after = [intake_here(window) for _ in range(3)]
    _sync_from_the_panel(qtbot, window)
    window.sync_dialog.close()

    with qtbot.waitSignal(window.recovery_done, timeout=30_000) as recovered:
        _restore_latest_backup(qtbot, window)
        # Off the GUI thread: the sign-in screen is there while the sync runs.
        assert window.root.currentWidget() is window.signin
    assert recovered.args == [True]
    banner = window.signin.banner.text()
    assert "Đã khôi phục dữ liệu về bản sao lưu lúc" in banner
    assert "Đã lấy lại từ máy chủ đồng bộ 3 hồ sơ tiếp nhận" in banner
    assert "Hãy đăng nhập lại." in banner and window.signin.banner.kind == "info"
    qtbot.wait(50)
    ctx = window.state.ctx
    assert all(queries.find_by_code(ctx, code) is not None for code in after)
    assert not client.status(ctx).recovering

    _sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.sync_indicator.text().startswith("Đồng bộ lúc"))
    assert not window.sync.last.recovering
    fresh = intake_here(window)
    assert int(fresh[-4:]) == int(max(after)[-4:]) + 1  # no code given out twice
    assert audit.verify_chain(window.state.ctx).ok


def test_a_restore_with_the_server_down_says_to_sync_before_new_intakes(
    qtbot, admin_window, live: Server, store: ServerStore
) -> None:
    from counter.services import backup

    window = admin_window
    _register_from_the_window(qtbot, window, live)
    _sync_from_the_panel(qtbot, window)
    window.sync_dialog.close()
    backup.backup_database(window.state.ctx)
    code = intake_here(window)
    with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
        window.sync.sync_now()
    assert done.args[0], done.args[1]
    live.stop()

    with qtbot.waitSignal(window.recovery_done, timeout=30_000) as recovered:
        _restore_latest_backup(qtbot, window)
    assert recovered.args == [False]
    banner = window.signin.banner
    assert banner.kind == "error"
    assert "Chưa lấy lại được" in banner.text() and "Không kết nối được" in banner.text()
    assert "trước khi tiếp nhận hồ sơ mới" in banner.text()
    qtbot.wait(50)  # let the layout take the new text before the screenshot
    assert client.status(window.state.ctx).recovering
    assert queries.find_by_code(window.state.ctx, code) is None

    # Signed in, the status bar keeps saying it until a sync succeeds.
    _sign_in(qtbot, window)
    qtbot.waitUntil(
        lambda: window.sync_indicator.text().startswith("⚠ Chưa lấy lại hồ sơ sau khi khôi phục")
    )
    assert window.sync.last.recovering
    assert "trước khi tiếp" in window.sync_indicator.toolTip()
    again = Server(store, port=live.port).start()
    try:
        with qtbot.waitSignal(window.sync.finished, timeout=20_000) as done:
            assert window.open_sync(start=False).start_sync()
        assert done.args[0], done.args[1]
        assert "(1 hồ sơ tiếp nhận) từ máy chủ sau khi khôi phục" in done.args[1]
        assert "Đã lấy lại" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: window.sync_indicator.text().startswith("Đồng bộ lúc"))
        assert not window.sync.last.recovering
        assert queries.find_by_code(window.state.ctx, code) is not None
    finally:
        again.stop()


def test_a_usb_stick_carries_the_counters_events_from_the_panel(
    qtbot, admin_window, live: Server, tmp_path: Path
) -> None:
    """Issue 19 from the window: «Xuất tệp USB…» writes the bundle, the server takes it, «Nhập
    tệp USB…» takes the answer; the panel shows what is waiting and the last exchange by file;
    a truncated copy is refused in words."""
    import os

    from counter.sync import bundle

    window = admin_window
    _register_from_the_window(qtbot, window, live)
    intake_here(window)
    dialog = window.sync_dialog
    qtbot.waitUntil(lambda: window.sync.last.waiting > 0)
    assert dialog.export_button.isEnabled() and dialog.import_button.isEnabled()
    assert "Máy chủ: chờ gửi" in dialog.values["exchanges"].text()
    stick = tmp_path / "usb"
    stick.mkdir()
    assert dialog.export_bundle(stick / "quay.dongbo")
    qtbot.waitUntil(lambda: "Đã ghi" in dialog.banner.text(), timeout=10_000)
    taken = bundle.import_on_server(live.store, stick / "quay.dongbo")
    assert taken.accepted > 0
    raw = taken.answer.read_bytes()
    (stick / "cut.dongbo").write_bytes(raw[: len(raw) // 2])
    assert dialog.import_bundle(stick / "cut.dongbo")
    qtbot.waitUntil(lambda: dialog.banner.kind == "error", timeout=10_000)
    assert "cắt cụt" in dialog.banner.text()
    assert dialog.import_bundle(taken.answer)
    qtbot.waitUntil(lambda: "Đã nhập tệp trả lời của máy chủ" in dialog.banner.text(), timeout=10_000)
    qtbot.waitUntil(lambda: window.sync.last.waiting == 0)
    qtbot.waitUntil(lambda: "chờ gửi 0 sự kiện" in dialog.values["exchanges"].text())
    assert "qua tệp USB 09:00 02/03/2026" in dialog.values["exchanges"].text()
    shot = os.environ.get("COUNTER_SHOTS")
    if shot:
        dialog.grab().save(str(Path(shot) / "sync-panel-usb.png"))
