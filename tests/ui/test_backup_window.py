"""Backup and restore from the window: admins only; after a restore the window works on the
restored database and everyone signs in again."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from counter.services import backup, queries
from tests.services.helpers import receive
from tests.ui.helpers import shortcut, submit_sign_in
from ui.main_window import DOSSIERS, HOME

pytestmark = pytest.mark.gui


def test_backup_is_for_admins_only(qtbot, window) -> None:
    assert window.open_backups() is None
    assert "quản trị viên" in window.statusBar().currentMessage()
    assert not window.act_backup.isEnabled()


def test_back_up_list_and_restore(qtbot, admin_window) -> None:
    window = admin_window
    ctx = window.state.ctx
    first = receive(ctx, name="Nguyễn Văn Trước", id_number="").dossier.code

    shortcut(qtbot, window, "Ctrl+Shift+B")
    dialog = window.backup_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 0 and "Chưa có bản sao lưu" in dialog.banner.text()
    with qtbot.waitSignal(dialog.table.model().rowsInserted, timeout=10_000):
        assert dialog.backup_now()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.table.rowCount() == 1
    (info,) = backup.list_backups()
    assert dialog.table.item(0, 0).text() == info.taken_at.strftime("%d/%m/%Y %H:%M")
    assert dialog.table.item(0, 1).text().endswith(("KB", "MB"))
    assert dialog.table.item(0, 2).text().startswith("tốt · ")
    assert "Đã sao lưu" in dialog.banner.text()

    second = receive(ctx, name="Trần Thị Sau", id_number="").dossier.code
    assert queries.find_by_code(ctx, second) is not None

    # A re-check of the chosen backup, off the GUI thread.
    dialog.checked.clear()
    dialog.refresh()
    assert dialog.table.item(0, 2).text() == "đã kiểm tra khi sao lưu"
    dialog.table.selectRow(0)
    assert dialog.verify_selected()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert "nguyên vẹn" in dialog.banner.text()

    # Restore asks first; cancelling changes nothing.
    box = dialog.ask_restore()
    assert isinstance(box, QMessageBox)
    assert "Khôi phục dữ liệu về bản sao lưu lúc" in box.text()
    assert box.defaultButton().text() == "Hủy"
    assert "đăng ký đồng bộ" not in box.informativeText()  # this counter never synced
    assert "Mọi hồ sơ và thay đổi trên máy này" in box.informativeText()
    box.defaultButton().click()
    assert queries.find_by_code(window.state.ctx, second) is not None
    dialog.sync_registered = True  # what the window sets for a registered counter
    box = dialog.ask_restore()
    assert "tự đồng bộ để lấy lại" in box.informativeText()
    assert "Mọi hồ sơ" not in box.informativeText()
    box.defaultButton().click()

    box = dialog.ask_restore()
    qtbot.waitUntil(dialog.restore_yes.isEnabled)  # once what would be lost is counted
    with qtbot.waitSignal(window.restored, timeout=20_000):
        dialog.restore_yes.click()
    # Back at sign-in, on the restored database: only the first dossier exists.
    assert window.root.currentWidget() is window.signin
    assert "Đã khôi phục dữ liệu" in window.signin.banner.text()
    assert window.state.ctx is not ctx
    assert queries.find_by_code(window.state.ctx, first) is not None
    assert queries.find_by_code(window.state.ctx, second) is None

    # The window is usable: sign in, list, open, act.
    window.signin.username.setText("motcua")
    window.signin.password.setText("motcua123")
    submit_sign_in(qtbot, window.signin)
    assert window.state.signed_in and window.pages.currentIndex() == HOME
    window.go(DOSSIERS)
    model = window.dossiers.model
    window.dossiers.search.setText(first)
    window.dossiers.apply_filter()
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 1)
    assert window.open_dossier(first)
    third = receive(window.state.ctx, name="Lê Văn Mới", id_number="").dossier.code
    assert queries.find_by_code(window.state.ctx, third) is not None


def test_a_damaged_backup_is_refused_and_the_database_stays(qtbot, admin_window) -> None:
    window = admin_window
    code = receive(window.state.ctx, name="Nguyễn Văn Còn", id_number="").dossier.code
    dialog = window.open_backups()
    with qtbot.waitSignal(dialog.table.model().rowsInserted, timeout=10_000):
        dialog.backup_now()
    qtbot.waitUntil(lambda: not dialog.busy)
    (info,) = backup.list_backups()
    info.path.write_bytes(b"not a database at all" * 100)  # damaged after it was listed
    box = dialog.ask_restore()
    qtbot.waitUntil(dialog.restore_yes.isEnabled)  # the damaged file: not counted, still asked
    dialog.restore_yes.click()
    qtbot.waitUntil(lambda: "Chưa khôi phục được" in window.signin.banner.text(), timeout=10_000)
    assert box is not None and window.signin.isEnabled()
    # Nothing was replaced: sign in and the dossier is there.
    window.signin.username.setText("admin")
    window.signin.password.setText("admin123")
    submit_sign_in(qtbot, window.signin)
    assert window.state.signed_in
    assert queries.find_by_code(window.state.ctx, code) is not None
