"""A backup encrypted under another PC's key, in the window: checking it and restoring it say
plainly that the key does not match and what to do; the database stays as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from counter.db import encryption, keys
from counter.services import backup, queries
from tests.services.helpers import receive
from tests.ui.helpers import submit_sign_in

pytestmark = pytest.mark.gui


def test_a_backup_from_another_pc_is_refused_in_plain_words(
    qtbot, admin_window, tmp_path: Path
) -> None:
    window = admin_window
    code = receive(window.state.ctx, name="Nguyễn Văn Còn", id_number="").dossier.code
    dialog = window.open_backups()
    with qtbot.waitSignal(dialog.table.model().rowsInserted, timeout=10_000):
        dialog.backup_now()
    qtbot.waitUntil(lambda: not dialog.busy)
    (info,) = backup.list_backups()
    # The same file as another PC would have written it: under that PC's key.
    encryption.encrypt_in_place(info.path, os.urandom(32), old_key=keys.load_key())
    dialog.table.selectRow(0)
    assert dialog.verify_selected()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    shown = dialog.banner.text()
    assert "khoá của máy khác" in shown and "counter key import" in shown
    dialog.resize(900, 520)
    dialog.grab().save(str(tmp_path / "backup-other-key.png"))
    if os.environ.get("COUNTER_SHOTS"):
        dialog.grab().save(os.environ["COUNTER_SHOTS"])
    dialog.ask_restore()
    qtbot.waitUntil(dialog.restore_yes.isEnabled)  # «Khôi phục» waits for the count of losses
    dialog.restore_yes.click()
    qtbot.waitUntil(lambda: "Chưa khôi phục được" in window.signin.banner.text(), timeout=10_000)
    assert "khoá của máy khác" in window.signin.banner.text()
    window.signin.username.setText("admin")
    window.signin.password.setText("admin123")
    submit_sign_in(qtbot, window.signin)
    assert queries.find_by_code(window.state.ctx, code) is not None
