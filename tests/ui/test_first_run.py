"""The first run on a database with no office: each choice, driven by the keyboard as a newcomer
or an operator would; demo and production never meet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from counter.db.engine import Database
from counter.db.models import Dossier, Procedure, User
from counter.domain.codes import DEMO_IDENTIFIER
from counter.services import office
from counter.services.context import Context
from tests.ui.helpers import press, show_window, submit_sign_in, type_text
from ui import app as app_module
from ui import tasks
from ui.app import open_window

OFFICE = {
    "identifier": "000.00.12.H40",
    "governing_body": "UBND xã Tân Hưng",
    "unit_name": "Bộ phận tiếp nhận và trả kết quả",
    "place_name": "Tân Hưng",
    "hours": "07:30-11:30,13:30-17:00",
    "cutoff": "16:00",
    "admin": {"username": "quantri", "full_name": "Nguyễn Quản Trị", "password": "mat-khau-dai"},
}


@pytest.fixture
def fresh(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """The window on a fresh machine, at its first-run choices."""
    monkeypatch.setattr(app_module, "DEMO_DOSSIERS", 25)
    window, loader = open_window(tmp_path / "counter.sqlite3", demo_path=tmp_path / "demo.sqlite3")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitSignal(loader.no_office, timeout=30_000):
        window.show()
        qtbot.waitExposed(window)
    yield window, loader
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=30_000)


def _count(path: Path, model) -> int:
    database = Database(path)
    try:
        with database.session() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0
    finally:
        database.close()


def test_a_fresh_machine_asks_with_the_demo_focused_and_the_keys_in_order(fresh) -> None:
    window, loader = fresh
    screen = loader.first_run
    assert window.root.currentWidget() is screen and window.state is None
    titles = [b.text() for b in (screen.demo_button, screen.server_button, screen.local_button)]
    assert titles == [
        "Dùng thử với dữ liệu mẫu",
        "Thiết lập cơ quan với máy chủ đồng bộ",
        "Thiết lập cơ quan không có máy chủ",
    ]
    assert screen.demo_button.hasFocus()
    # Tab and the arrows walk the choices; Enter opens one, Esc comes back with the demo focused.
    press(Qt.Key.Key_Tab)
    assert screen.server_button.hasFocus()
    press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert screen.demo_button.hasFocus()
    press(Qt.Key.Key_Down)
    assert screen.server_button.hasFocus()
    press(Qt.Key.Key_Down)
    assert screen.local_button.hasFocus()
    press(Qt.Key.Key_Return)
    assert screen.edits["governing_body"].hasFocus()
    press(Qt.Key.Key_Escape)
    assert screen.demo_button.hasFocus()
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
    assert screen.server_url.hasFocus()
    for expected in (screen.code, screen.connect_button, screen.server_back):
        press(Qt.Key.Key_Tab)
        assert expected.hasFocus()


def test_the_demo_opens_in_its_own_file_and_says_so(qtbot, fresh, tmp_path: Path) -> None:
    window, loader = fresh
    assert window.windowTitle() == "Bộ phận Một cửa"
    with qtbot.waitSignal(window.ready, timeout=60_000):
        press(Qt.Key.Key_Return, widget=loader.first_run.demo_button)
    assert loader.first_run is None and window.root.currentWidget() is window.signin
    assert Path(window.state.ctx.db.path) == tmp_path / "demo.sqlite3"
    # Marked plainly, from the sign-in on: the title bar and the menu bar, on every page.
    assert window.windowTitle() == "Bộ phận Một cửa — DỮ LIỆU MẪU"
    assert window.demo_mark.isVisible() and "DỮ LIỆU MẪU" in window.demo_mark.text()
    assert window.signin.hint.isVisible()
    window.signin.username.setText("motcua")
    window.signin.password.setText("motcua123")
    submit_sign_in(qtbot, window.signin)
    assert window.state.signed_in and window.demo_mark.isVisible()
    with window.state.ctx.db.session() as session:
        assert office.get_settings(session).identifier == DEMO_IDENTIFIER
        assert session.scalar(select(func.count()).select_from(Dossier)) == 25
    # The real database is untouched: no office, no dossier; its next start asks again.
    assert _count(tmp_path / "counter.sqlite3", Dossier) == 0
    assert _count(tmp_path / "counter.sqlite3", User) == 0


def test_an_office_set_up_without_a_server(qtbot, fresh, tmp_path: Path) -> None:
    window, loader = fresh
    screen = loader.first_run
    screen.local_button.click()
    edits = screen.edits
    for name in ("governing_body", "unit_name", "place_name"):
        edits[name].setFocus()
        type_text(edits[name], OFFICE[name])
    # A missing field is named, in words, and the cursor goes there.
    edits["identifier"].setFocus()
    press(Qt.Key.Key_Return)
    screen.set_up()
    assert screen.banner.text() == "Hãy điền «Mã định danh cơ quan»."
    assert edits["identifier"].hasFocus()
    # The demo's identifier is not a real office's.
    type_text(edits["identifier"], DEMO_IDENTIFIER)
    for name, value in (("username", "quantri"), ("full_name", "Nguyễn Quản Trị")):
        edits[name].setText(value)
    edits["password"].setText("mat-khau-dai")
    edits["password_again"].setText("mat-khau-khac")
    screen.set_up()
    assert screen.banner.text() == "Hai lần nhập mật khẩu không giống nhau."
    assert edits["password_again"].hasFocus()
    edits["password_again"].setText("mat-khau-dai")
    screen.set_up()
    assert "cơ quan mẫu" in screen.banner.text() and edits["identifier"].hasFocus()
    edits["identifier"].setText(OFFICE["identifier"])
    # The letters' signer (optional; Mẫu 04, 05): Enter walks from the phone through its boxes.
    edits["phone"].setFocus()
    press(Qt.Key.Key_Return)
    for name, value in (
        ("signer_power", "KT. CHỦ TỊCH"),
        ("signer_title", "PHÓ CHỦ TỊCH"),
        ("signer_name", "Trần Văn Bình"),
    ):
        assert edits[name].hasFocus(), name
        type_text(edits[name], value)
        press(Qt.Key.Key_Return)
    assert edits["hours"].hasFocus()
    edits["hours"].setText(OFFICE["hours"])
    edits["cutoff"].setText(OFFICE["cutoff"])
    edits["password_again"].setFocus()
    with qtbot.waitSignal(window.ready, timeout=30_000):
        press(Qt.Key.Key_Return)  # Enter on the last field sets the office up
    # The sign-in follows, the first admin's name filled in: only the password is asked.
    assert window.root.currentWidget() is window.signin
    assert window.signin.username.text() == "quantri" and window.signin.password.hasFocus()
    assert not window.demo_mark.isVisible() and "DỮ LIỆU MẪU" not in window.windowTitle()
    assert window.signin.hint.isHidden()
    type_text(window.signin.password, "mat-khau-dai")
    with qtbot.waitSignal(window.signin.answered):
        press(Qt.Key.Key_Return)
    assert window.state.signed_in and window.state.is_admin
    with window.state.ctx.db.session() as session:
        settings = office.get_settings(session)
        assert (settings.identifier, settings.hours, settings.cutoff) == (
            "000.00.12.H40",
            "07:30-11:30,13:30-17:00",
            "16:00",
        )
        assert (settings.signer_power, settings.signer_title, settings.signer_name) == (
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Trần Văn Bình",
        )
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0
        assert session.scalar(select(func.count()).select_from(Procedure)) > 20  # the catalogue
        assert list(session.scalars(select(User.username))) == ["quantri"]
    assert not (tmp_path / "demo.sqlite3").exists()


def _enrol_from_the_screen(qtbot, screen, url: str, code: str) -> None:
    screen.server_button.click()
    type_text(screen.server_url, url)
    press(Qt.Key.Key_Return)
    assert screen.code.hasFocus()
    type_text(screen.code, code)
    press(Qt.Key.Key_Return)
    assert screen.busy and not screen.progress.isHidden()
    qtbot.waitUntil(lambda: not screen.busy, timeout=30_000)


def test_an_office_from_the_sync_server(qtbot, fresh, tmp_path: Path) -> None:
    from counter.services.setup import parse_office_file
    from counter.sync import server
    from counter.sync.office_setup import set_up_office
    from counter.sync.store import ServerStore
    from tests.sync.conftest import LiveServer

    window, loader = fresh
    screen = loader.first_run
    store = ServerStore(str(tmp_path / "server.sqlite3"))
    set_up_office(store, parse_office_file(OFFICE))
    live = LiveServer(store).start()
    try:
        # A wrong code is refused in words; the screen stays, ready for another try.
        _enrol_from_the_screen(qtbot, screen, live.url, "AAAA-BBBB-CCCC")
        assert screen.banner.kind == "error" and screen.code.hasFocus()
        assert window.state is None
        code = server.create_enrolment(store, OFFICE["identifier"])
        screen.code.clear()
        with qtbot.waitSignal(window.ready, timeout=30_000):
            type_text(screen.code, code.code)
            press(Qt.Key.Key_Return)
    finally:
        live.stop()
        store.close()
    # The office arrived with its first admin: the sign-in follows.
    assert window.root.currentWidget() is window.signin
    assert "UBND XÃ TÂN HƯNG" in window.signin.office_label.text()
    assert not window.demo_mark.isVisible() and window.signin.hint.isHidden()
    window.signin.username.setText("quantri")
    window.signin.password.setText("mat-khau-dai")
    submit_sign_in(qtbot, window.signin)
    assert window.state.signed_in and window.state.is_admin
    assert window.state.ctx.counter_no == code.counter_no
    with window.state.ctx.db.session() as session:
        assert office.get_settings(session).identifier == OFFICE["identifier"]
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_a_server_without_the_office_data_says_what_to_do(qtbot, fresh, tmp_path: Path) -> None:
    from counter.sync import server
    from counter.sync.store import ServerStore
    from tests.sync.conftest import LiveServer

    window, loader = fresh
    screen = loader.first_run
    store = ServerStore(str(tmp_path / "server.sqlite3"))
    server.add_office(store, OFFICE["identifier"], "UBND xã Tân Hưng")  # no settings, no admin
    live = LiveServer(store).start()
    try:
        code = server.create_enrolment(store, OFFICE["identifier"])
        _enrol_from_the_screen(qtbot, screen, live.url, code.code)
        assert screen.banner.kind == "error"
        assert "máy chủ chưa có thông tin cơ quan" in screen.banner.text()
        assert "để trống mã đăng ký" in screen.banner.text()
        assert window.state is None and window.root.currentWidget() is screen
        # Once the office's data is on the server (here: from a counter that had set it up
        # itself), the same button, with no new code, brings it.
        from counter.services import setup
        from counter.sync import client

        other = Context(Database(tmp_path / "other.sqlite3"))
        setup.set_up_office(other, setup.parse_office_file(OFFICE))
        client.register(other, live.url, server.create_enrolment(store, OFFICE["identifier"]).code)
        client.sync_now(other)
        other.db.close()
        assert screen.code.text() == "" and screen.connect_button.hasFocus()
        with qtbot.waitSignal(window.ready, timeout=30_000):
            QTest.keyClick(screen.connect_button, Qt.Key.Key_Space)
    finally:
        live.stop()
        store.close()
    with window.state.ctx.db.session() as session:
        assert office.get_settings(session).identifier == OFFICE["identifier"]


def test_a_database_that_is_a_real_office_is_never_made_a_demo(
    qtbot, tmp_path: Path, db, ctx: Context
) -> None:
    """Asked to open a real office's database as the demo (`counter --demo --db FILE`): refused
    in words, nothing written."""
    db.close()
    window, loader = open_window(db.path, demo=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(loader.failed, timeout=30_000) as failed:
        window.show()
    assert "cơ quan thật" in failed.args[0]
    assert _count(db.path, Dossier) == 0


def test_every_page_fits_1366x768_at_125_percent(fresh, tmp_path: Path) -> None:
    from ui.screens.first_run import CHOICES, LOCAL, SERVER

    window, loader = fresh
    screen = loader.first_run
    width, height = round(1366 / 1.25), round(768 / 1.25)
    for page in (CHOICES, SERVER, LOCAL):
        screen.pages.setCurrentIndex(page)
        hint = window.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height, (page, hint)
    # The setup form at that size, for a person to look at (the signer's row included).
    window.resize(width, height)
    screen.pages.setCurrentIndex(LOCAL)
    QTest.qWait(50)
    assert screen.edits["signer_name"].isVisible()
    window.grab().save(str(tmp_path / "first_run_local.png"))
    # The longest message too.
    screen.banner.show_message(" ".join(["Máy chủ chưa có thông tin cơ quan này."] * 8), "error")
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint


def test_the_demo_mark_leaves_the_screens_room_at_125_percent(qtbot, db, clock) -> None:
    """The mark sits in the menu bar (a band above the pages cost a line and did not fit): the
    demo's window, every page built, still fits."""
    from counter import demo
    from ui.main_window import DOSSIER, DOSSIERS, SETTINGS

    ctx = Context(db, now=clock.now)
    demo.generate(ctx, 30, end=clock.now())
    window = show_window(qtbot, ctx)
    assert window.demo_mark.isVisible()
    window.signin.username.setText("admin")
    window.signin.password.setText("admin123")
    submit_sign_in(qtbot, window.signin)
    window.go(SETTINGS)
    model = window.dossiers.model
    window.go(DOSSIERS)
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() > 0)
    window.open_dossier(model.view_at(0).code)
    assert window.pages.currentIndex() == DOSSIER
    hint = window.minimumSizeHint()
    assert hint.width() <= round(1366 / 1.25) and hint.height() <= round(768 / 1.25), hint
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=30_000)
