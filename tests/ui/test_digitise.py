"""«Số hóa» on the dossier screen, driven with the scan-to-folder source (issue 18)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QSettings, Qt

from counter.db.events import state_of
from counter.services import attachments
from counter.services.workflow import load
from tests.services.helpers import receive
from ui import tasks
from ui.dialogs.digitise import FOLDER, DigitiseDialog

SHOTS = Path(os.environ.get("COUNTER_SHOTS", "")) if os.environ.get("COUNTER_SHOTS") else None


@pytest.fixture(autouse=True)
def _sane_test_backend(tmp_path_factory: pytest.TempPathFactory) -> None:
    # The dialog looks for scanners when it opens: SANE's test backend only (no probing).
    if "SANE_CONFIG_DIR" not in os.environ:
        config = tmp_path_factory.mktemp("sane")
        (config / "dll.conf").write_text("test\n")
        os.environ["SANE_CONFIG_DIR"] = str(config)


def _copier_writes(folder: Path, names: list[str]) -> None:
    for n, name in enumerate(names):
        image = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(image)
        draw.rectangle((150, 150, 1500, 400), outline=0, width=6)
        draw.text((200, 250), f"TRANG {name}", fill=0)
        path = folder / name
        image.save(path, dpi=(200, 200))
        old = time.time() - 60 + n
        os.utime(path, (old, old))


def _open(qtbot, window) -> tuple[str, DigitiseDialog]:
    ctx = window.state.ctx
    code = receive(ctx).dossier.code
    assert window.open_dossier(code)
    screen = window.dossier
    assert screen.digitise_button.isEnabled()
    qtbot.mouseClick(screen.digitise_button, Qt.MouseButton.LeftButton)
    dialog = screen.digitise_dialog
    assert dialog is not None and dialog.isVisible()
    return code, dialog


def _opened_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the window hands to the system's viewer, instead of opening them."""
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    return opened


def test_pages_from_the_scan_folder_are_ordered_turned_and_saved_on_their_line(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    folder = tmp_path / "scans"
    folder.mkdir()
    _copier_writes(folder, ["p1.png", "p2.png", "p3.png"])
    code, dialog = _open(qtbot, window)
    dialog.source.setCurrentIndex(dialog.source.findData(FOLDER))
    dialog.folder.setText(str(folder))
    qtbot.mouseClick(dialog.acquire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page_list.count() == 3, timeout=10_000)
    assert QSettings().value("digitise/folder") == str(folder)
    # p3 was a stray page: removed; p2 goes first, turned a quarter.
    dialog.page_list.setCurrentRow(2)
    qtbot.mouseClick(dialog.edit_buttons["remove"], Qt.MouseButton.LeftButton)
    dialog.page_list.setCurrentRow(1)
    qtbot.mouseClick(dialog.edit_buttons["left"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.edit_buttons["rotate"], Qt.MouseButton.LeftButton)
    assert [p.origin for p in dialog.pages.pages] == ["p2.png", "p1.png"]
    assert dialog.pages.pages[0].rotation == 90
    line = attachments.checklist(window.state.ctx, code)[0]
    dialog.line.setCurrentIndex(dialog.line.findData(line))
    assert not dialog.pin.isVisible()  # no token configured here: saved unsigned
    if SHOTS:
        dialog.grab().save(str(SHOTS / "digitise-dialog.png"))
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    added = attachments.attachments_of(window.state.ctx, code)
    assert [(a.line, a.pages, a.signed) for a in added] == [(line, 2, False)]
    with window.state.ctx.db.session() as session:
        assert state_of(load(session, code)).attachments == 1
    screen = window.dossier
    assert "Đã lưu bản số hóa" in screen.banner.text()
    qtbot.waitUntil(lambda: screen.documents.topLevelItem(0).text(3) == "2 trang, chưa ký")
    events = [e for e in screen.timeline.findItems("Số hóa", Qt.MatchFlag.MatchContains, 1)]
    assert events and events[0].text(3) == f"{line}: 2 trang, chưa ký số"
    opened = _opened_files(monkeypatch)
    assert screen.open_scan(screen.documents.topLevelItem(0))
    assert opened == [str(attachments.open_copy(window.state.ctx, added[0].file))]
    assert sorted(p.name for p in (folder / "đã lấy").iterdir()) == ["p1.png", "p2.png", "p3.png"]
    if SHOTS:
        window.grab().save(str(SHOTS / "digitise-dossier.png"))


def test_an_empty_folder_says_so_and_nothing_is_saved(qtbot, window, tmp_path: Path) -> None:
    code, dialog = _open(qtbot, window)
    dialog.source.setCurrentIndex(dialog.source.findData(FOLDER))
    dialog.folder.setText(str(tmp_path))
    qtbot.mouseClick(dialog.acquire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Không có trang mới" in dialog.banner.text(), timeout=10_000)
    assert not dialog.save_button.isEnabled()
    dialog.reject()
    assert attachments.attachments_of(window.state.ctx, code) == []


def test_a_dialog_closed_without_saving_leaves_the_copiers_files_in_place(
    qtbot, window, tmp_path: Path
) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    _copier_writes(folder, ["p1.png"])
    _code, dialog = _open(qtbot, window)
    dialog.source.setCurrentIndex(dialog.source.findData(FOLDER))
    dialog.folder.setText(str(folder))
    qtbot.mouseClick(dialog.acquire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page_list.count() == 1, timeout=10_000)
    qtbot.mouseClick(dialog.acquire_button, Qt.MouseButton.LeftButton)  # nothing new
    qtbot.waitUntil(lambda: "Không có trang mới" in dialog.banner.text(), timeout=10_000)
    assert dialog.page_list.count() == 1
    dialog.reject()
    assert (folder / "p1.png").exists()


def test_with_a_token_the_pin_is_asked_a_wrong_one_refused_and_the_scan_signed(
    qtbot, window, tmp_path: Path
) -> None:
    from counter.services import signing
    from counter.services.context import Actor
    from tests.scan.softhsm import make_token

    token = make_token(tmp_path / "hsm")
    ctx = window.state.ctx
    signing.configure_token(ctx.as_user(Actor("quantri", "Quản trị", "admin")), token.module)
    folder = tmp_path / "scans"
    folder.mkdir()
    _copier_writes(folder, ["p1.png"])
    code, dialog = _open(qtbot, window)
    assert dialog.pin.isVisible()
    dialog.source.setCurrentIndex(dialog.source.findData(FOLDER))
    dialog.folder.setText(str(folder))
    qtbot.mouseClick(dialog.acquire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page_list.count() == 1, timeout=10_000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Nhập mã PIN" in dialog.banner.text()  # nothing sent without a PIN
    if SHOTS:
        dialog.grab().save(str(SHOTS / "digitise-dialog-pin.png"))
    dialog.pin.setText("000000")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert "Mã PIN không đúng" in dialog.banner.text(), dialog.banner.text()
    assert dialog.pin.text() == "" and attachments.attachments_of(ctx, code) == []
    dialog.pin.setText(token.pin)
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    [added] = attachments.attachments_of(ctx, code)
    assert added.signed and added.signer == token.signer
    assert "đã ký số" in window.dossier.banner.text()


def test_a_scanner_page_and_a_given_pdf_are_attached_to_two_lines(
    qtbot, window, tmp_path: Path
) -> None:
    from counter.services import scanning
    from counter.services.scanning import FileSource

    given = tmp_path / "ban-sao.pdf"
    _copier_writes(tmp_path, ["src.png"])
    given.write_bytes(scanning.to_pdf(FileSource([tmp_path / "src.png"]).acquire(), colour=False))
    code, dialog = _open(qtbot, window)
    lines = attachments.checklist(window.state.ctx, code)
    # SANE's test backend, found when the dialog opened.
    qtbot.waitUntil(lambda: dialog.device.findData("test:0") >= 0, timeout=10_000)
    dialog.device.setCurrentIndex(dialog.device.findData("test:0"))
    qtbot.mouseClick(dialog.acquire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page_list.count() == 1, timeout=20_000)
    assert dialog.pages.pages[0].origin == "Máy quét, trang 1"
    dialog.line.setCurrentIndex(dialog.line.findData(lines[0]))
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    dialog = window.dossier.start_digitise()
    assert dialog is not None
    dialog.source.setCurrentIndex(dialog.source.findData("files"))
    dialog.set_files([given])  # what the file picker (or a drop) hands over
    qtbot.mouseClick(dialog.acquire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.page_list.count() == 1, timeout=20_000)
    dialog.line.setCurrentIndex(dialog.line.findData(lines[1]))
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    added = attachments.attachments_of(window.state.ctx, code)
    assert [(a.line, a.pages) for a in added] == [(lines[0], 1), (lines[1], 1)]


def test_files_dropped_on_the_dossier_open_the_dialog_with_their_pages(
    qtbot, window, tmp_path: Path
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    _copier_writes(tmp_path, ["a.png", "b.png"])
    code = receive(window.state.ctx).dossier.code
    assert window.open_dossier(code)
    screen = window.dossier
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / n)) for n in ("a.png", "b.png")])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    screen.dropEvent(drop)
    dialog = screen.digitise_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.page_list.count() == 2, timeout=10_000)
    assert [p.origin for p in dialog.pages.pages] == ["a.png", "b.png"]
    dialog.reject()


def test_a_scan_of_another_counter_is_fetched_off_the_gui_thread_then_opened(
    qtbot, window, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from counter.domain.dossier import OTHER_LINE
    from counter.sync import files as sync_files
    from counter.sync.transport import SyncError

    ctx = window.state.ctx
    code = receive(ctx).dossier.code
    pdf = b"%PDF-1.4\n% scanned on counter 2\n%%EOF\n"
    added = attachments.attach(ctx, code, OTHER_LINE, pdf, 1, signed=False)
    store = attachments.store(ctx)
    store.path(added.file).unlink()  # as on a counter that has the event, not the file
    threads: list[str] = []

    def fetch(ctx_, file_hash):  # the server's answer (tests/sync/test_file_sync.py: the real one)
        threads.append(threading.current_thread().name)
        if len(threads) == 1:
            raise SyncError("Không kết nối được tới máy chủ đồng bộ.")
        attachments.store(ctx_).put(pdf)

    monkeypatch.setattr(sync_files, "fetch", fetch)
    opened = _opened_files(monkeypatch)
    assert window.open_dossier(code)
    screen = window.dossier
    item = screen.documents.topLevelItem(screen.documents.topLevelItemCount() - 1)
    assert not screen.open_scan(item)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)
    assert "chưa tải được" in screen.banner.text() and "Không kết nối" in screen.banner.text()
    assert opened == []
    if SHOTS:
        window.grab().save(str(SHOTS / "digitise-fetch-failed.png"))
    screen.open_scan(item)
    qtbot.waitUntil(lambda: opened != [], timeout=10_000)
    assert Path(opened[0]).read_bytes() == pdf
    assert threads and all(name != threading.main_thread().name for name in threads)
    assert store.read(added.file) == pdf


def test_a_scan_altered_on_this_pc_is_said_on_the_screen_not_a_traceback(
    window, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found walking the audit path: a stored scan altered on disk, double-clicked on the
    dossier, raised StorageError inside the Qt slot (a traceback, nothing on the screen)."""

    from counter.domain.dossier import OTHER_LINE

    ctx = window.state.ctx
    code = receive(ctx).dossier.code
    added = attachments.attach(
        ctx, code, OTHER_LINE, b"%PDF-1.4\n% a page\n%%EOF\n", 1, signed=False
    )
    stored = attachments.store(ctx).path(added.file)
    damaged = bytearray(stored.read_bytes())
    damaged[-5] ^= 0xFF
    stored.write_bytes(bytes(damaged))
    opened = _opened_files(monkeypatch)
    assert window.open_dossier(code)
    screen = window.dossier
    item = screen.documents.topLevelItem(screen.documents.topLevelItemCount() - 1)
    screen.documents.itemDoubleClicked.emit(item, 3)
    assert opened == []
    assert "Không mở được bản số hóa" in screen.banner.text()
    assert "counter audit verify" in screen.banner.text()
