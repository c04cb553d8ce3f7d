"""A citizen comes again: intake offers the papers digitised for the ID number, the clerk
reuses one instead of asking for the paper, and the dossier shows the reuse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from counter.services import attachments
from tests.services.helpers import receive
from tests.ui.helpers import save_intake, type_text
from ui.main_window import INTAKE
from ui.screens.intake.checklist import COL_GOT, COL_NAME

pytestmark = pytest.mark.gui

PDF = b"%PDF-1.4\n% a scanned page\n%%EOF\n"
ID_NUMBER = "079090001234"


def test_a_second_dossier_of_the_same_id_number_reuses_a_paper_of_the_first(
    qtbot, window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    ctx = window.state.ctx
    first = receive(ctx, id_number=ID_NUMBER).dossier.code
    line = attachments.checklist(ctx, first)[0]
    scanned = attachments.attach(ctx, first, line, PDF, 2, signed=True, signer="Trần Thị Thu Hà")
    window.go(INTAKE)
    intake = window.intake
    intake.procedure_edit.setFocus()
    type_text(intake.procedure_edit, "xác nhận tình trạng hôn nhân")
    QTest.keyClick(intake.procedure_edit, Qt.Key.Key_Return)
    assert intake.procedure is not None
    assert not intake.reusable.isVisible()
    QTest.keyClicks(intake.id_number, ID_NUMBER)
    assert intake.reusable.isVisibleTo(intake) and intake.reusable.list.count() == 1
    offered = intake.reusable.list.item(0)
    assert line in offered.text() and first in offered.text() and "đã ký số" in offered.text()
    offered.setCheckState(Qt.CheckState.Checked)
    rows = {
        intake.checklist.item(r, COL_NAME).data(Qt.ItemDataRole.UserRole).name: r
        for r in range(intake.checklist.rowCount())
    }
    row = rows[line]
    assert intake.checklist.item(row, COL_NAME).text().endswith("tái sử dụng")
    assert intake.checklist.item(row, COL_GOT).checkState() == Qt.CheckState.Checked
    intake.window().resize(1366, 768)
    intake.grab().save(str(tmp_path / "intake-reuse.png"))
    intake.mark_all_received()
    intake.full_name.setText("Nguyễn Văn Đức")
    result = save_intake(qtbot, intake)
    assert result.outcome == "accepted"  # Ctrl+D ticked the other papers
    second = result.dossier.code
    assert second != first
    reused = attachments.attachments_of(ctx, second)
    assert [(a.line, a.file, a.reused_from, a.reused_code) for a in reused] == [
        (line, scanned.file, scanned.event_id, first)
    ]
    assert not intake.reusable.isVisible()  # the form is empty for the next citizen
    assert window.open_dossier(second)
    texts = [
        window.dossier.documents.topLevelItem(i).text(3)
        for i in range(window.dossier.documents.topLevelItemCount())
    ]
    assert f"2 trang, đã ký số, tái sử dụng từ hồ sơ {first}" in texts
    timeline = [
        window.dossier.timeline.topLevelItem(i).text(3)
        for i in range(window.dossier.timeline.topLevelItemCount())
    ]
    assert any(f"tái sử dụng từ hồ sơ {first}" in t for t in timeline), timeline
    window.dossier.grab().save(str(tmp_path / "dossier-reuse.png"))


def test_resolving_with_the_electronic_result_attaches_it(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.scan.test_signing import _scan
    from tests.ui.helpers import gone

    ctx = window.state.ctx
    code = receive(ctx, id_number=ID_NUMBER).dossier.code
    result = tmp_path / "ket-qua.pdf"
    result.write_bytes(_scan())
    assert window.open_dossier(code)
    dialog = window.dossier.start("resolve")
    assert dialog is not None
    assert dialog.inputs["pin"].echoMode() == dialog.inputs["pin"].EchoMode.Password
    dialog.set_value("result_file", str(result))
    dialog.grab().save(str(tmp_path / "resolve-result.png"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: gone(dialog))
    added = attachments.attachments_of(ctx, code)
    assert [(a.kind, a.signed) for a in added] == [("result", False)]  # no token configured
    texts = [
        window.dossier.documents.topLevelItem(i).text(0)
        for i in range(window.dossier.documents.topLevelItemCount())
    ]
    assert "Kết quả điện tử" in texts


def test_a_line_with_signed_and_unsigned_scans_says_how_many_are_signed(window) -> None:  # type: ignore[no-untyped-def]
    """Reused papers and a counter without a token meet on «Giấy tờ khác»: the line once read
    «3 trang, chưa ký» though two of its scans were signed."""
    from counter.domain.dossier import OTHER_LINE

    ctx = window.state.ctx
    code = receive(ctx, id_number=ID_NUMBER).dossier.code
    attachments.attach(ctx, code, OTHER_LINE, PDF, 1, signed=True, signer="Trần Thị Thu Hà")
    attachments.attach(ctx, code, OTHER_LINE, PDF + b" ", 1, signed=True, signer="Trần Thị Thu Hà")
    attachments.attach(ctx, code, OTHER_LINE, PDF + b"  ", 1, signed=False)
    assert window.open_dossier(code)
    texts = {
        window.dossier.documents.topLevelItem(i).text(0): window.dossier.documents.topLevelItem(
            i
        ).text(3)
        for i in range(window.dossier.documents.topLevelItemCount())
    }
    assert texts["Giấy tờ khác"] == "3 trang, 2/3 bản đã ký số"
