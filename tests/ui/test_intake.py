"""Intake by keyboard: a complete dossier (Mẫu 01) and an incomplete one (Mẫu 02)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from counter.domain.dossier import Status
from counter.services import queries
from tests.ui.helpers import type_text
from ui.main_window import INTAKE

pytestmark = pytest.mark.gui


def test_complete_dossier_received_by_keyboard_only(qtbot, window) -> None:
    QTest.keyClick(window.home, Qt.Key.Key_F2)
    assert window.pages.currentIndex() == INTAKE
    intake = window.intake
    assert QApplication.focusWidget() is intake.procedure_edit
    type_text(None, "đăng ký khai sinh")
    assert intake.suggestions.isVisible() and intake.suggestions.count() >= 1
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert intake.procedure is not None and "khai sinh" in intake.procedure.name.lower()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is intake.id_number
    assert intake.due_label.text().startswith("Hẹn trả: ")
    QTest.keyClicks(intake.id_number, "079190001234")
    QTest.keyClick(intake.id_number, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is intake.full_name
    type_text(None, "Nguyễn Thị Mai")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert QApplication.focusWidget() is intake.birth_date
    QTest.keyClicks(intake.birth_date, "05/09/1990")
    with qtbot.waitSignal(intake.saved) as saved:
        QTest.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
        )
    result = saved.args[0]
    assert result.outcome == "accepted" and result.form == "01"
    stored = queries.find_by_code(window.state.ctx, result.dossier.code)
    assert stored is not None and stored.applicant_name == "Nguyễn Thị Mai"
    assert stored.status is Status.ACCEPTED
    assert result.dossier.code in intake.banner.text()
    # The form is empty for the next citizen, the cursor back on the procedure.
    assert intake.full_name.text() == "" and intake.procedure is None
    assert QApplication.focusWidget() in (
        intake.procedure_edit,
        window.preview and window.preview.print_button,
    )
    assert intake.reprint_button.isEnabled()


def test_incomplete_dossier_asks_for_supplement(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    type_text(intake.procedure_edit, "khai sinh")
    QTest.keyClick(intake.procedure_edit, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is intake.checklist
    # Only the first document is there: Space ticks it.
    QTest.keyClick(intake.checklist, Qt.Key.Key_Space)
    assert len(intake.received_documents()) == 1
    assert "Mẫu 02" in intake.due_label.text()
    assert "Còn thiếu" in intake.due_explanation.text()
    intake.id_number.setFocus()
    type_text(None, "Lê Văn Tám")
    intake.full_name.setText("Lê Văn Tám")
    intake.id_number.clear()
    with qtbot.waitSignal(intake.saved) as saved:
        intake.save_button.click()
    result = saved.args[0]
    assert result.outcome == "supplement" and result.form == "02" and result.missing
    assert queries.find_by_code(window.state.ctx, result.dossier.code).status is Status.SUPPLEMENT
    assert "Mẫu 02" in intake.banner.text()


def test_missing_name_is_refused_with_the_reason_and_focus(window) -> None:
    window.go(INTAKE)
    intake = window.intake
    type_text(intake.procedure_edit, "khai sinh")
    QTest.keyClick(intake.procedure_edit, Qt.Key.Key_Return)
    intake.mark_all_received()
    assert intake.save() is None
    assert intake.banner.kind == "error" and "Họ và tên" in intake.banner.text()
    assert QApplication.focusWidget() is intake.full_name


def test_card_qr_scan_fills_the_applicant(qtbot, window) -> None:
    from tests.ui.helpers import scan

    window.go(INTAKE)
    intake = window.intake
    intake.id_number.setFocus()
    scan("079190001234|025123456|Trần Văn Bình|05091990|Nam|12 Lê Lợi, Xã Hàm Thuận Nam|01012022")
    assert intake.id_number.text() == "079190001234"
    assert intake.full_name.text() == "Trần Văn Bình"
    assert intake.birth_date.text() == "05/09/1990"
    assert intake.sex.currentData() is True
    assert "Lê Lợi" in intake.address.text()


def test_known_applicant_is_prefilled(qtbot, window) -> None:
    from counter.services import intake as intake_service

    known = intake_service.ApplicantInput(
        "Phạm Thị Hoa", id_number="079190005555", phone="0901234567"
    )
    code = window.intake.procedures[0].code
    intake_service.receive(
        window.state.ctx,
        intake_service.IntakeRequest(code, known, refuse_reason="Thử"),
    )
    window.go(INTAKE)
    intake = window.intake
    QTest.keyClicks(intake.id_number, "079190005555")
    QTest.keyClick(intake.id_number, Qt.Key.Key_Return)
    assert intake.full_name.text() == "Phạm Thị Hoa"
    assert intake.phone.text() == "0901234567"


def test_due_date_explains_tet(qtbot, window, clock) -> None:
    from datetime import datetime

    clock.set(datetime(2026, 2, 12, 9, 0))  # just before Tết 2026
    window.go(INTAKE)
    intake = window.intake
    proc = next(
        p for p in intake.procedures if p.time_amount >= 3 and p.time_unit == "working_days"
    )
    intake.choose(proc)
    intake.mark_all_received()
    assert "Tết" in intake.due_explanation.text()
