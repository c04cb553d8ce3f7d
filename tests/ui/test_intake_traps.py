"""Issue 17, the intake without traps: the procedure picked by the closest match, an ID card
scanned into a half-typed intake, warnings at the field, a half-filled intake on closing, the
checklist left by Tab, Ctrl+D on an incomplete dossier, a scanner typing Alt+numpad codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from counter.services import catalogue
from tests.ui.helpers import press, type_text
from ui.main_window import INTAKE

pytestmark = pytest.mark.gui


def _pick(intake, typed: str) -> str:
    intake.procedure_edit.setFocus()
    intake.procedure_edit.clear()
    type_text(None, typed)
    press(Qt.Key.Key_Return)
    assert intake.procedure is not None, typed
    return intake.procedure.name


def test_khai_tu_enter_picks_the_death_registration(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    assert _pick(intake, "khai tu") == "Thủ tục đăng ký khai tử"
    assert _pick(intake, "khai tử") == "Thủ tục đăng ký khai tử"
    assert _pick(intake, "dang ky khai sinh") == "Thủ tục đăng ký khai sinh"
    assert _pick(intake, "ket hon") == "Thủ tục đăng ký kết hôn"
    assert _pick(intake, "tam tru") == "Đăng ký tạm trú"
    assert _pick(intake, "chung thuc ban sao").startswith("Thủ tục chứng thực bản sao từ bản chính")
    assert _pick(intake, "di chuc") == "Thủ tục chứng thực di chúc"
    assert _pick(intake, "2.001019") == "Thủ tục chứng thực di chúc"


def test_closest_match_order_over_the_real_catalogue(window) -> None:
    procs = window.intake.procedures
    names = [p.name for p in catalogue.complete(procs, "khai tu")]
    assert names[0] == "Thủ tục đăng ký khai tử"
    # "tu" inside "tục" (of "Thủ tục") and out of order comes after the words found in order.
    assert names.index("Thủ tục đăng ký khai sinh") > 0
    names = [p.name for p in catalogue.complete(procs, "lai khai sinh")]
    assert names[0] == "Thủ tục đăng ký lại khai sinh"


# --- item 10: the checklist is one Tab stop; Ctrl+D keeps an incomplete dossier's ticks ----


def _ticked(intake) -> list[bool]:
    return [
        intake.checklist.item(row, 0).checkState() == Qt.CheckState.Checked
        for row in range(intake.checklist.rowCount())
    ]


def test_tab_leaves_the_checklist_at_once(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    _pick(intake, "khai sinh")
    assert QApplication.focusWidget() is intake.checklist
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Space)  # the second paper, by the arrows and Space
    assert _ticked(intake)[:2] == [False, True]
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is intake.all_received
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is intake.id_number
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is intake.checklist


def test_ctrl_d_keeps_the_ticks_of_an_incomplete_dossier(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    _pick(intake, "khai sinh")
    rows = intake.checklist.rowCount()
    assert rows >= 2
    press(Qt.Key.Key_Space)  # only the first paper came
    assert "Nhận đủ" not in intake.all_received.text()
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert _ticked(intake) == [True] + [False] * (rows - 1)
    assert QApplication.focusWidget() is intake.id_number
    assert "Mẫu 02" in intake.due_label.text()
    # Untouched, Ctrl+D still receives every mandatory paper at once.
    _pick(intake, "khai sinh")
    assert "Nhận đủ" in intake.all_received.text()
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    mandatory = [d.mandatory for d in intake.procedure.documents]
    assert _ticked(intake) == mandatory
    assert intake.due_label.text().startswith("Hẹn trả: ")


# --- item 15: a scanner typing Vietnamese letters as Windows Alt+numpad codes ---------------


def _scan_with_alt_codes(value: str) -> None:
    """As a wedge scanner on Windows types: ASCII as keys, any other letter as Alt held, its
    code on the keypad (keys without text), Alt released, then the letter; Enter at the end."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    alt = Qt.KeyboardModifier.AltModifier
    keypad = alt | Qt.KeyboardModifier.KeypadModifier

    def send(
        key: int, modifiers, text: str = "", kinds=(QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
    ) -> None:
        target = QApplication.focusWidget()
        for kind in kinds:
            QApplication.sendEvent(target, QKeyEvent(kind, key, modifiers, text))

    for ch in value:
        if ord(ch) < 128:
            send(0, Qt.KeyboardModifier.NoModifier, ch)
            continue
        send(Qt.Key.Key_Alt, alt, kinds=(QEvent.Type.KeyPress,))
        for digit in f"{ord(ch):05d}":
            send(Qt.Key.Key_0 + int(digit), keypad)
        send(Qt.Key.Key_Alt, Qt.KeyboardModifier.NoModifier, kinds=(QEvent.Type.KeyRelease,))
        send(0, Qt.KeyboardModifier.NoModifier, ch)
    send(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")


def test_card_qr_typed_with_alt_codes_is_recognised(qtbot, window) -> None:
    from ui.main_window import HOME

    window.go(HOME)  # scanned from the home screen: the detector must know the burst
    window.home.focus_first()
    intake = window.intake
    _scan_with_alt_codes(
        "079190001234|025123456|Nguyễn Thị Ánh Tuyết|05091990|Nữ|12 Lê Lợi, Xã Hàm Thuận Nam|01012022"
    )
    assert intake.full_name.text() == "Nguyễn Thị Ánh Tuyết"
    assert intake.id_number.text() == "079190001234"
    assert intake.sex.currentData() is False
    assert "Đã đọc thẻ CCCD" in intake.banner.text()
    assert window.pages.currentIndex() == INTAKE


# --- item 2: another citizen's ID card scanned into a half-typed intake ---------------------

OTHER_QR = "079190001234|025123456|Trần Văn Bình|05091990|Nam|12 Lê Lợi, Xã Hàm Thuận Nam|01012022"


def _half_typed(intake) -> None:
    _pick(intake, "khai sinh")
    press(Qt.Key.Key_Space)  # one paper ticked
    intake.id_number.setFocus()
    type_text(None, "079185004321")
    press(Qt.Key.Key_Return)
    type_text(None, "Lê Thị Hoa")
    press(Qt.Key.Key_Return)
    intake.phone.setText("0911000111")


def test_another_card_asks_and_starts_a_new_intake(qtbot, window) -> None:
    from tests.ui.helpers import scan

    window.go(INTAKE)
    intake = window.intake
    _half_typed(intake)
    scan(OTHER_QR)
    box = getattr(intake, "card_question", None)
    assert box is not None and box.isVisible(), "the card replaced the applicant silently"
    assert "Lê Thị Hoa" in box.text() and "Trần Văn Bình" in box.text()
    # Nothing changed while the clerk decides.
    assert intake.full_name.text() == "Lê Thị Hoa" and intake.procedure is not None
    press(Qt.Key.Key_Return, widget=box)  # the default: a new intake for the card's holder
    assert intake.card_question is None
    assert intake.full_name.text() == "Trần Văn Bình"
    assert intake.id_number.text() == "079190001234"
    assert intake.phone.text() == ""  # not the previous citizen's phone
    assert intake.procedure is None and intake.checklist.rowCount() == 0
    assert QApplication.focusWidget() is intake.procedure_edit


def test_another_card_can_replace_the_applicant_or_be_ignored(qtbot, window) -> None:
    from tests.ui.helpers import scan

    window.go(INTAKE)
    intake = window.intake
    _half_typed(intake)
    scan(OTHER_QR)
    press(Qt.Key.Key_Escape, widget=intake.card_question)
    qtbot.waitUntil(lambda: intake.card_question is None or not intake.card_question.isVisible())
    assert intake.full_name.text() == "Lê Thị Hoa" and intake.phone.text() == "0911000111"
    scan(OTHER_QR)
    replace = next(b for b in intake.card_question.buttons() if b.text() == "Thay người nộp")
    replace.click()
    assert intake.full_name.text() == "Trần Văn Bình" and intake.phone.text() == ""
    assert intake.procedure is not None and _ticked(intake)[0] is True
    # The same citizen's card again asks nothing.
    scan(OTHER_QR)
    assert intake.card_question is None


def test_card_after_the_procedure_fills_without_asking(qtbot, window) -> None:
    from tests.ui.helpers import scan

    window.go(INTAKE)
    intake = window.intake
    _pick(intake, "chung thuc ban sao")
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    scan(OTHER_QR)
    assert getattr(intake, "card_question", None) is None
    assert intake.full_name.text() == "Trần Văn Bình" and intake.procedure is not None
    assert QApplication.focusWidget() is intake.phone


# --- item 5: the applicant's warnings at the fields, before saving ---------------------------


def test_id_and_birth_year_mismatch_is_shown_at_the_field(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    _pick(intake, "khai sinh")
    press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    type_text(None, "079090001234")  # born in 1990, a man
    press(Qt.Key.Key_Return)
    type_text(None, "Trần Văn Bình")
    press(Qt.Key.Key_Return)
    type_text(None, "05/09/1991")
    press(Qt.Key.Key_Return)
    check = intake.applicant_check
    assert check.isVisible(), "no warning before saving"
    assert "(1990)" in check.text() and "(1991)" in check.text()
    assert intake.birth_date.styleSheet()  # the field is marked
    assert intake.window().preview is None  # nothing saved, no preview over it
    intake.birth_date.setText("05/09/1990")
    assert "1991" not in check.text()


def test_sex_preset_from_the_id_says_so_and_a_contradicting_name_is_flagged(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    intake.id_number.setFocus()
    type_text(None, "079090001234")  # the number says «Nam»
    assert intake.sex.currentText() == "Nam"
    assert "lấy theo số định danh" in intake.applicant_check.text()
    press(Qt.Key.Key_Return)
    type_text(None, "Nguyễn Thị Ánh Tuyết")
    text = intake.applicant_check.text()
    assert "Nguyễn Thị Ánh Tuyết" in text and "nữ" in text and intake.sex.styleSheet()
    # The clerk chooses «Nữ»: the name agrees, the number's sex is the one to check.
    intake.sex.setCurrentIndex(intake.sex.findData(False))
    intake.sex.activated.emit(intake.sex.currentIndex())
    assert "Giới tính trong số định danh (Nam) khác giới tính đã chọn (Nữ)" in (
        intake.applicant_check.text()
    )


def test_empty_address_and_phone_are_flagged_before_printing(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    intake.full_name.setFocus()
    type_text(None, "Lê Văn Tám")
    assert "Chưa có địa chỉ, số điện thoại" in intake.applicant_check.text()
    assert intake.phone.styleSheet() and intake.address.styleSheet()
    intake.phone.setText("0911000111")
    intake.address.setText("12 Lê Lợi")
    assert not intake.applicant_check.isVisible()
    assert not intake.phone.styleSheet()


def test_birth_day_and_month_take_the_year_of_the_id(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    intake.id_number.setFocus()
    type_text(None, "075088012345")
    press(Qt.Key.Key_Return)
    type_text(None, "Trần Văn Hùng")
    press(Qt.Key.Key_Return)
    type_text(None, "1203")
    press(Qt.Key.Key_Return)
    assert intake.birth_date.text() == "12/03/1988"


# --- item 6: closing over a half-filled intake; Ctrl+S again in the preview ------------------


def test_closing_the_window_over_a_half_filled_intake_asks(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    _pick(intake, "khai sinh")
    intake.full_name.setText("Lê Thị Hoa")
    window.close()
    box = getattr(intake, "close_question", None)
    assert window.isVisible(), "the half-filled intake was lost without a question"
    assert box is not None and "Lê Thị Hoa" in box.text()
    press(Qt.Key.Key_Return, widget=box)  # the default keeps the intake
    assert window.isVisible() and intake.full_name.text() == "Lê Thị Hoa"
    window.close()
    leave = next(b for b in intake.close_question.buttons() if b.text().startswith("Đóng"))
    leave.click()
    assert not window.isVisible()


def test_closing_with_an_empty_intake_asks_nothing(qtbot, window) -> None:
    window.go(INTAKE)
    window.close()
    assert not window.isVisible()


def test_second_ctrl_s_in_the_preview_opens_no_file_dialog(qtbot, window, monkeypatch) -> None:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    from tests.ui.helpers import save_intake

    asked: list[tuple] = []  # the system's blocking dialog, English and in the program folder
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    window.go(INTAKE)
    intake = window.intake
    _pick(intake, "khai sinh")
    intake.mark_all_received()
    intake.full_name.setText("Lê Văn Tám")
    save_intake(qtbot, intake)
    preview = window.preview
    assert preview is not None
    qtbot.waitExposed(preview)
    preview.activateWindow()
    preview.view.setFocus()
    QTest.keyClick(preview.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not asked
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()
    ]
    assert "đã được lưu" in preview.banner.text()
    assert window.preview is preview  # one preview, not a second one
    # «Lưu PDF…» asks in Vietnamese, in the Documents folder, not the program's.
    preview.save_button.click()
    dialog = preview.file_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.labelText(QFileDialog.DialogLabel.Accept) == "Lưu"
    assert dialog.labelText(QFileDialog.DialogLabel.FileName) == "Tên tệp:"
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(dialog.directory().absolutePath())
    assert folder == Path(documents).resolve() and folder != Path.cwd()
    assert dialog.selectedFiles()[0].endswith("-mau-01.pdf")
    dialog.reject()


# --- fewer keys: the procedures received most on ↓, initials ---------------------------------


def test_down_in_the_empty_procedure_field_offers_the_most_received(qtbot, window) -> None:
    from tests.ui.helpers import settle

    window.go(INTAKE)
    intake = window.intake
    settle(qtbot)
    with window.state.ctx.db.session() as session:
        codes = catalogue.most_received(session, "2000-01-01")
    intake.procedure_edit.setFocus()
    press(Qt.Key.Key_Down)
    assert intake.suggestions.isVisible()
    shown = [
        intake.suggestions.item(i).data(Qt.ItemDataRole.UserRole).code
        for i in range(intake.suggestions.count())
    ]
    assert shown[0] == codes[0] == "2.000815"  # certification of copies, received most
    assert len(shown) == 8
    press(Qt.Key.Key_Return)
    assert intake.procedure is not None and intake.procedure.code == "2.000815"


def test_initials_pick_a_procedure(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    assert _pick(intake, "ks") == "Thủ tục đăng ký khai sinh"
    assert _pick(intake, "dkkt") == "Thủ tục đăng ký khai tử"
