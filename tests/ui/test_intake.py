"""Intake by keyboard: a complete dossier (Mẫu 01) and an incomplete one (Mẫu 02)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from counter.domain.dossier import Status
from counter.services import queries
from tests.ui.helpers import save_intake, settle, type_text
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
    # Enter goes on through the lists: sex (preset from the ID number), then the address.
    QTest.keyClick(intake.birth_date, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is intake.sex
    assert intake.sex.currentText() == "Nữ"
    QTest.keyClick(intake.sex, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is intake.phone
    QTest.keyClick(intake.phone, Qt.Key.Key_Return)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # e-mail left empty
    assert QApplication.focusWidget() is intake.province
    QTest.keyClick(intake.province, Qt.Key.Key_Return)
    assert QApplication.focusWidget() in (intake.commune, intake.commune.lineEdit())
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
    # The cursor is back on the procedure, or in the preview that opened over it.
    focus = QApplication.focusWidget()
    preview = window.preview
    assert focus is intake.procedure_edit or (preview is not None and preview.isAncestorOf(focus))
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


def test_missing_name_is_refused_with_the_reason_and_focus(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    type_text(intake.procedure_edit, "khai sinh")
    QTest.keyClick(intake.procedure_edit, Qt.Key.Key_Return)
    intake.mark_all_received()
    intake.save()
    settle(qtbot)
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


# --- Reviewer's findings: optional documents, free procedures, sex hint, card address ---------

MARITAL = "1.004873"  # xác nhận tình trạng hôn nhân: free, three optional documents


def _checked(intake) -> dict[str, bool]:
    return {
        intake.checklist.item(row, 1).data(Qt.ItemDataRole.UserRole).name: intake.checklist.item(
            row, 0
        ).checkState()
        == Qt.CheckState.Checked
        for row in range(intake.checklist.rowCount())
    }


def test_ctrl_d_receives_only_the_mandatory_documents(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    proc = next(p for p in intake.procedures if p.code == MARITAL)
    intake.choose(proc)
    optional = [d.name for d in proc.documents if not d.mandatory]
    assert optional and any("ủy quyền" in name for name in optional)
    # The clerk ticks one optional paper the citizen did bring, then Ctrl+D for the rest.
    brought = optional[0]
    row = next(r for r, d in enumerate(proc.documents) if d.name == brought)
    intake.checklist.item(row, 0).setCheckState(Qt.CheckState.Checked)
    QTest.keyClick(intake.checklist, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    checked = _checked(intake)
    assert all(checked[d.name] for d in proc.documents if d.mandatory)
    assert checked[brought] is True  # left as it was
    assert not any(checked[name] for name in optional[1:])
    received = [d.name for d in intake.received_documents()]
    assert not any("ủy quyền" in name for name in received)
    assert intake.due_label.text().startswith("Hẹn trả: ")
    assert QApplication.focusWidget() is intake.id_number
    # What is saved (and printed on Mẫu 01) lists only what was handed in.
    intake.full_name.setText("Hồ Thị Lan")
    result = save_intake(qtbot, intake)
    assert result is not None and result.outcome == "accepted"
    from counter.printing.data import load

    names = [d["name"] for d in load(window.state.ctx, result.dossier.code).intake["documents"]]
    assert brought in names and not any("ủy quyền" in name for name in names)


def test_a_free_procedure_asks_for_no_payment(qtbot, window) -> None:
    from ui import format as fmt

    window.go(INTAKE)
    intake = window.intake
    paid = next(p for p in intake.procedures if p.fee > 0)
    intake.choose(paid)
    assert intake.fee_amount.text() == fmt.money(paid.fee)
    assert intake.payment.isVisibleTo(intake) and intake.payment.itemData(0) == ""
    free = next(p for p in intake.procedures if p.code == "1.001193")  # khai sinh: free by law
    assert free.fee == 0
    intake.choose(free)
    assert intake.fee_label.text() == "Miễn phí"
    assert "Phí, lệ phí: Miễn phí" in intake.procedure_info.text()
    assert not intake.payment.isVisibleTo(intake)  # no "Chưa thu", not in the Tab chain
    intake.mark_all_received()
    intake.full_name.setText("Hồ Thị Lan")
    result = save_intake(qtbot, intake)
    assert result is not None and result.outcome == "accepted"
    stored = queries.find_by_code(window.state.ctx, result.dossier.code)
    assert stored is not None and stored.fee == 0 and stored.paid_amount == 0
    assert stored.payment_method == ""
    kinds = [e.kind for e in queries.timeline(window.state.ctx, result.dossier.code)]
    assert "payment_recorded" not in kinds and "Đã thu" not in intake.banner.text()
    # The next citizen's paid procedure offers the payment again.
    intake.choose(paid)
    assert intake.payment.isVisibleTo(intake) and intake.fee_label.text() != "Miễn phí"


def test_supplement_reason_placeholder_is_shown_whole(qtbot, window) -> None:
    window.go(INTAKE)
    edit = window.intake.supplement_reason
    window.intake.layout().activate()  # sizes settled now, not after some event-loop turns
    qtbot.waitUntil(lambda: edit.contentsRect().width() > 0)
    text = edit.placeholderText()
    assert "Mẫu 02" in text and "Mẫu 02" in edit.toolTip()
    room = edit.contentsRect().width() - 2 * edit.fontMetrics().horizontalAdvance("x")
    assert edit.fontMetrics().horizontalAdvance(text) <= room


def test_sex_is_preselected_from_the_id_number(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    assert intake.sex.currentData() is None
    QTest.keyClicks(intake.id_number, "07919000123")  # 11 digits: not yet a number
    assert intake.sex.currentData() is None
    QTest.keyClicks(intake.id_number, "4")  # G = 1: a woman born in the 1900s
    assert intake.sex.currentData() is False
    # A typo corrected: the hint follows the number while the clerk has chosen nothing.
    intake.id_number.setText("079090001234")
    assert intake.sex.currentData() is True
    intake.id_number.setText("07909")
    assert intake.sex.currentData() is None
    intake.id_number.setText("079090001234")
    # The clerk chooses (the citizen says otherwise): a later number never overrides it.
    intake.sex.setFocus()
    QTest.keyClick(intake.sex, Qt.Key.Key_N)  # keyboard search: Nam → Nữ
    assert intake.sex.currentData() is False
    intake.id_number.setText("079290001234")
    assert intake.sex.currentData() is False
    intake.reset()
    assert intake.sex.currentData() is None


def test_sex_hint_keeps_a_choice_made_before_the_number(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    intake.sex.setFocus()
    QTest.keyClick(intake.sex, Qt.Key.Key_N)  # keyboard search: Nam
    assert intake.sex.currentData() is True
    intake.id_number.setText("079190001234")  # says Nữ: only a warning when saved
    assert intake.sex.currentData() is True
    intake.reset()
    QTest.keyClicks(intake.id_number, "012345678")  # old CMND: encodes nothing
    assert intake.sex.currentData() is None


def _set_province(intake, name: str) -> None:
    intake.province.setCurrentIndex(intake.province.findText(name))


def test_card_qr_address_goes_to_the_pickers(qtbot, window) -> None:
    from tests.ui.helpers import scan

    window.go(INTAKE)
    intake = window.intake
    intake.choose(next(p for p in intake.procedures if p.code == MARITAL))
    intake.mark_all_received()
    _set_province(intake, "Thành phố Hà Nội")  # the office's default, say
    intake.id_number.setFocus()
    scan(
        "068190001234|012345678|Nguyễn Thị Hồng Nhung|17051990|Nữ|"
        "Thôn Phú Điền, Xã Hàm Thuận Nam, Tỉnh Lâm Đồng|01022021"
    )
    assert intake.province.currentText() == "Tỉnh Lâm Đồng"
    assert intake.commune.currentText() == "Xã Hàm Thuận Nam"
    assert intake.address.text() == "Thôn Phú Điền"
    assert intake.sex.currentData() is False
    result = save_intake(qtbot, intake)
    assert result is not None
    whole = "Thôn Phú Điền, xã Hàm Thuận Nam, tỉnh Lâm Đồng"
    assert queries.details(window.state.ctx, result.dossier.code).address == whole
    if window.preview is not None:
        window.preview.reject()
    window.open_dossier(result.dossier.code)
    assert window.dossier.fields["address"].text() == whole


def test_card_qr_with_an_unknown_commune_keeps_it_in_the_address(qtbot, window) -> None:
    from tests.ui.helpers import scan

    window.go(INTAKE)
    intake = window.intake
    _set_province(intake, "Tỉnh Lâm Đồng")
    intake.id_number.setFocus()
    scan("001190012345||Trần Thị Mai|17051990|Nữ|Số 8, ngõ 4, Phường Ba Đình, Hà Nội|01022021")
    assert intake.province.currentText() == "Thành phố Hà Nội"
    assert intake.commune.currentText() == ""
    assert intake.address.text() == "Số 8, ngõ 4, Phường Ba Đình"
    assert intake.applicant().address == "Số 8, ngõ 4, Phường Ba Đình"


def test_card_qr_with_a_pre_2025_province_adds_no_other_province(qtbot, window) -> None:
    from counter.domain.address import full_address
    from tests.ui.helpers import scan

    window.go(INTAKE)
    intake = window.intake
    _set_province(intake, "Tỉnh Lâm Đồng")
    intake.id_number.setFocus()
    old = "Thôn 2, Xã Hàm Mỹ, Huyện Hàm Thuận Nam, Tỉnh Bình Thuận"
    scan(f"060090012345||Lê Văn Tài|02011990|Nam|{old}|15032022")
    assert intake.address.text() == old
    assert intake.province.currentText() == "" and intake.commune.currentText() == ""
    person = intake.applicant()
    assert full_address(person.address, person.commune, person.province) == old


def test_arrow_keys_move_in_the_checklist_not_the_procedure_list(qtbot, window) -> None:
    window.go(INTAKE)
    screen = window.intake
    screen.procedure_edit.setText("khai sinh")
    screen._suggest("khai sinh")
    screen._pick_suggestion()
    checklist = screen.checklist
    checklist.setFocus()
    checklist.setCurrentCell(0, 0)
    QTest.keyClick(checklist, Qt.Key.Key_Down)
    QTest.keyClick(checklist, Qt.Key.Key_Down)
    assert checklist.currentRow() == 2  # was stuck on row 0


# --- Review: a whole address typed into the street box ----------------------------------------


def _ready(window):
    window.go(INTAKE)
    intake = window.intake
    intake.choose(next(p for p in intake.procedures if p.code == MARITAL))
    intake.mark_all_received()
    intake.full_name.setText("Phạm Văn Hưng")
    _set_province(intake, "Tỉnh Lâm Đồng")  # the office's province
    return intake


def _type_address(intake, text: str) -> None:
    intake.address.setFocus()
    type_text(intake.address, text)
    QTest.keyClick(intake.address, Qt.Key.Key_Return)


def test_a_typed_whole_address_moves_its_province_to_the_picker(qtbot, window) -> None:
    intake = _ready(window)
    intake.commune.setEditText("Xã Hàm Thuận Nam")
    _type_address(intake, "Số 5, xã Tân Hưng, tỉnh Đồng Nai")
    assert intake.province.currentText() == "Tỉnh Đồng Nai"
    assert intake.commune.currentText() == ""  # a commune of Lâm Đồng is no longer right
    assert intake.address.text() == "Số 5, xã Tân Hưng"
    result = save_intake(qtbot, intake)
    assert result is not None
    stored = queries.details(window.state.ctx, result.dossier.code).address
    assert stored == "Số 5, xã Tân Hưng, tỉnh Đồng Nai"


def test_a_typed_commune_and_province_go_to_both_pickers(qtbot, window) -> None:
    intake = _ready(window)
    _set_province(intake, "Thành phố Hà Nội")
    _type_address(intake, "Số 5, thôn 2, xa ham thuan nam, tinh lam dong")
    assert intake.province.currentText() == "Tỉnh Lâm Đồng"
    assert intake.commune.currentText() == "Xã Hàm Thuận Nam"
    assert intake.address.text() == "Số 5, thôn 2"
    # Leaving the box again changes nothing more.
    intake.address.editingFinished.emit()
    assert intake.address.text() == "Số 5, thôn 2"
    assert intake.commune.currentText() == "Xã Hàm Thuận Nam"


def test_a_typed_street_leaves_the_pickers_alone(qtbot, window) -> None:
    intake = _ready(window)
    intake.commune.setEditText("Xã Hàm Thuận Nam")
    _type_address(intake, "Số 5, thôn Xà Bang")
    assert intake.address.text() == "Số 5, thôn Xà Bang"
    assert intake.province.currentText() == "Tỉnh Lâm Đồng"
    assert intake.commune.currentText() == "Xã Hàm Thuận Nam"


def test_saving_straight_from_the_address_box_splits_it_too(qtbot, window) -> None:
    intake = _ready(window)
    # Ctrl+S while the cursor is still in the box: no editingFinished before the save.
    intake.address.setText("Số 5, xã Tân Hưng, Đồng Nai")
    result = save_intake(qtbot, intake)
    assert result is not None
    stored = queries.details(window.state.ctx, result.dossier.code).address
    assert stored == "Số 5, xã Tân Hưng, tỉnh Đồng Nai"


def test_a_paid_intake_is_stored_with_its_payment_in_one_write(qtbot, window, monkeypatch) -> None:
    from counter.services import workflow

    window.go(INTAKE)
    intake = window.intake
    paid = next(p for p in intake.procedures if p.fee > 0)
    intake.choose(paid)
    intake.mark_all_received()
    intake.full_name.setText("Hồ Thị Lan")
    intake.payment.setCurrentIndex(intake.payment.findData("cash"))
    # The payment is not a second call across the line any more.
    monkeypatch.setattr(workflow, "record_payment", None)
    result = save_intake(qtbot, intake)
    assert result.dossier.paid_amount == paid.fee  # the view returned includes it
    kinds = [e.kind for e in queries.timeline(window.state.ctx, result.dossier.code)]
    assert kinds[:2] == ["received", "payment_recorded"]
    assert "Đã thu" in intake.banner.text()


def test_a_second_ctrl_s_while_saving_stores_one_dossier(qtbot, window) -> None:
    from sqlalchemy import func, select

    from counter.db.models import Dossier

    def stored() -> int:
        with window.state.ctx.db.session() as session:
            return session.scalar(select(func.count()).select_from(Dossier)) or 0

    window.go(INTAKE)
    intake = window.intake
    intake.choose(next(p for p in intake.procedures if p.code == MARITAL))
    intake.mark_all_received()
    intake.full_name.setText("Hồ Thị Lan")
    before = stored()
    with qtbot.waitSignal(intake.saved, timeout=10_000):
        assert intake.save() is not None
        assert intake.save() is None  # the first is still being stored
    settle(qtbot)
    assert stored() == before + 1
