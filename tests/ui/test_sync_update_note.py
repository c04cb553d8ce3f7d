"""The sync panel says plainly that the software needs updating when the counter holds events
a newer release wrote (issue 15, item 1)."""

from __future__ import annotations

import json
import os

from counter.sync.state import UNKNOWN_TYPES, set_setting


def test_the_panel_says_the_software_needs_updating(qtbot, window) -> None:
    with window.state.ctx.db.unit_of_work() as session:
        set_setting(session, UNKNOWN_TYPES, json.dumps(["sealed_by_future"]))
    window.sync.refresh()
    dialog = window.open_sync()
    qtbot.waitUntil(lambda: window.sync.last is not None and bool(window.sync.last.unknown_types))
    dialog.show_status(window.sync.last)
    qtbot.waitUntil(dialog.update_note.isVisible)
    assert "phần mềm cần được cập nhật" in dialog.update_note.text()
    assert "«sealed_by_future»" in dialog.update_note.text()
    if os.environ.get("COUNTER_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["COUNTER_SHOTS"], "sync-update-note.png"))
