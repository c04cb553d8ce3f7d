"""Issue 17, the keys a clerk saves: the apology's reasons offered, the office's own commune,
the scanned result ready to hand over, one Alt letter per thing in a window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from tests.services.helpers import receive
from tests.ui.helpers import press, settle, type_text

pytestmark = pytest.mark.gui
_POPUP = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


@_POPUP
def test_the_apology_offers_the_offices_and_the_common_reasons(qtbot, window, clock) -> None:
    """F7: a few letters without accents, ↓ Enter take a reason given before (the most given
    first), or a common one; Enter then records the apology with the proposed new date."""
    from counter.services import queries, workflow

    ctx = window.state.ctx
    earlier = [receive(ctx).dossier.code for _ in range(3)]
    code = receive(ctx).dossier.code
    clock.set(clock.now() + timedelta(days=6))
    for i, done in enumerate(earlier):
        reason = "Chờ ý kiến của Phòng Tư pháp huyện" if i else "Chờ trích lục từ Sở Tư pháp"
        workflow.apologise(ctx, done, reason, clock.now().date() + timedelta(days=3))
    window.open_dossier(code)
    screen = window.dossier
    press(Qt.Key.Key_F7, widget=screen)
    dialog = screen.dialog
    assert dialog is not None
    line = dialog.inputs["reason"]
    line.setFocus()
    completer = line.completer()
    type_text(line, "tu phap")
    model = completer.completionModel()
    offered = [model.index(i, 0).data() for i in range(completer.completionCount())]
    assert offered == ["Chờ ý kiến của Phòng Tư pháp huyện", "Chờ trích lục từ Sở Tư pháp"]
    line.clear()
    type_text(line, "xac minh")
    offered = [model.index(i, 0).data() for i in range(completer.completionCount())]
    assert offered[0] == "Chờ kết quả xác minh của cơ quan khác"
    completer.popup().setCurrentIndex(model.index(0, 0))  # ↓
    press(Qt.Key.Key_Return, widget=line)
    assert line.text() == "Chờ kết quả xác minh của cơ quan khác"
    press(Qt.Key.Key_Return, widget=line)
    settle(qtbot)
    qtbot.waitUntil(lambda: queries.find_by_code(ctx, code).apology_count == 1)
    assert queries.earlier_reasons(ctx)[0] == "Chờ ý kiến của Phòng Tư pháp huyện"
    assert "Chờ kết quả xác minh của cơ quan khác" in queries.earlier_reasons(ctx)
    if window.preview is not None:
        window.preview.close()
