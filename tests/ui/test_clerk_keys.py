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


def _office_in(ctx, province: str, place: str) -> None:
    from dataclasses import replace

    from counter.services import office

    with ctx.db.unit_of_work() as session:
        office.save_settings(
            session, replace(office.get_settings(session), province=province, place_name=place)
        )


@_POPUP
def test_the_address_starts_on_the_offices_own_commune(qtbot, window) -> None:
    """Most applicants live in the commune: the xã picker starts on the office's own (its
    place name in its province's list), Enter walks past it to the street; another xã typed
    replaces it, and each new intake starts on it again."""
    from ui.main_window import INTAKE

    _office_in(window.state.ctx, "Tỉnh Lâm Đồng", "Hàm Thuận Nam")
    intake = window.intake
    intake.load_catalogue()
    window.go(INTAKE)
    intake.reset()
    assert intake.province.currentText() == "Tỉnh Lâm Đồng"
    assert intake.commune.currentText() == "Xã Hàm Thuận Nam"
    intake.phone.setFocus()
    for _ in range(4):  # phone, e-mail, province, commune
        press(Qt.Key.Key_Return)
    assert window.focusWidget() is intake.address
    person = intake.applicant()
    assert (person.province, person.commune) == ("Tỉnh Lâm Đồng", "Xã Hàm Thuận Nam")
    intake.commune.setEditText("")
    type_text(intake.commune.lineEdit(), "Xã Hàm Kiệm")
    assert intake.applicant().commune == "Xã Hàm Kiệm"
    intake.reset()
    assert intake.commune.currentText() == "Xã Hàm Thuận Nam"


def test_an_office_whose_place_is_not_listed_starts_on_no_commune(qtbot, window) -> None:
    from ui.main_window import INTAKE

    _office_in(window.state.ctx, "Tỉnh Lâm Đồng", "Tân Hưng")  # not a xã of Lâm Đồng here
    window.intake.load_catalogue()
    window.go(INTAKE)
    window.intake.reset()
    assert window.intake.commune.currentText() == ""


def test_digits_after_ticks_by_hand_go_on_to_the_id_number(qtbot, window) -> None:
    """An incomplete dossier: Space ticks the paper that came, the ID number's first digit
    leaves the list with the ticks kept (Mẫu 02); before any tick by hand a digit does nothing
    (only Ctrl+D says every paper came)."""
    from PySide6.QtWidgets import QApplication

    from ui.main_window import INTAKE

    window.go(INTAKE)
    intake = window.intake
    type_text(intake.procedure_edit, "khai sinh")
    press(Qt.Key.Key_Return, widget=intake.procedure_edit)
    assert QApplication.focusWidget() is intake.checklist
    type_text(intake.checklist, "0")  # no tick yet: stays, nothing ticked
    assert QApplication.focusWidget() is intake.checklist and not intake.received_documents()
    press(Qt.Key.Key_Space, widget=intake.checklist)
    type_text(None, "079088012345")
    assert QApplication.focusWidget() is intake.id_number
    assert intake.id_number.text() == "079088012345"
    assert len(intake.received_documents()) == 1 and "Mẫu 02" in intake.due_label.text()


def _resolved(ctx, *args, **kwargs) -> str:
    from counter.services import workflow

    code = receive(ctx, *args, **kwargs).dossier.code
    workflow.resolve(ctx, code, "Đã xác nhận")
    return code


def test_a_scanned_result_opens_ready_to_hand_over_with_enter(qtbot, window) -> None:
    """Scan → the dossier opens on «Trả kết quả cho <applicant> (Enter)»; Enter records the
    applicant as the collector, at the counter. F8 still opens the whole dialog."""
    from PySide6.QtWidgets import QApplication

    from counter.domain.dossier import Status
    from counter.services import queries
    from tests.ui.helpers import scan
    from ui.main_window import HOME

    ctx = window.state.ctx
    code = _resolved(ctx, name="Nguyễn Văn Đức")
    view = queries.find_by_code(ctx, code)
    assert view.fee <= view.paid_amount, "a free procedure, or paid at intake"
    window.go(HOME)
    window.home.focus_first()
    scan(code)
    assert window.dossier.view.code == code
    button = window.dossier.action_buttons["return_result"]
    assert QApplication.focusWidget() is button
    assert "Nguyễn Văn Đức" in button.text() and "(Enter)" in button.text()
    press(Qt.Key.Key_F8, widget=button)
    dialog = window.dossier.dialog
    assert dialog is not None and dialog.inputs["collected_by"].text() == "Nguyễn Văn Đức"
    dialog.reject()
    window.dossier.dialog = None
    button.setFocus()
    qtbot.wait(150)  # a person's pace: no scanner burst
    press(Qt.Key.Key_Return, widget=button)
    qtbot.waitUntil(lambda: queries.find_by_code(ctx, code).status is Status.RETURNED)
    _view, events = queries.dossier_events(ctx, code)
    returned = [e for e in events if e.type == "returned"][-1]
    assert returned.payload["collected_by"] == "Nguyễn Văn Đức"
    assert returned.payload["method"] == "counter"
    qtbot.waitUntil(lambda: "(Enter)" not in button.text())


def test_the_survey_is_offered_when_the_result_is_handed_over_not_before(qtbot, window) -> None:
    """A result waiting at the counter has nobody to ask: «Đánh giá hài lòng» is off until the
    result is handed over; then the citizen is still there, and the survey takes the focus
    and Enter (its dialog preselects nothing)."""
    from PySide6.QtWidgets import QApplication

    from counter.domain.dossier import Status
    from counter.services import queries

    ctx = window.state.ctx
    code = _resolved(ctx, name="Nguyễn Thị Ánh Tuyết")
    window.open_dossier(code)
    screen = window.dossier
    survey = screen.action_buttons["record_survey"]
    assert not survey.isEnabled()  # resolved, not yet returned
    assert screen.start("record_survey") is None
    handed = screen.action_buttons["return_result"]
    handed.setFocus()
    qtbot.wait(150)
    press(Qt.Key.Key_Return, widget=handed)
    qtbot.waitUntil(lambda: queries.find_by_code(ctx, code).status is Status.RETURNED)
    qtbot.waitUntil(lambda: survey.isEnabled())
    assert "Mời công dân đánh giá" in screen.banner.text()
    assert QApplication.focusWidget() is survey and survey.autoDefault()
    press(Qt.Key.Key_Return, widget=survey)
    dialog = screen.dialog
    assert dialog is not None and dialog.action.key == "record_survey"
    assert dialog.values()["rating"] is None  # nothing chosen for the citizen
    dialog.reject()
    screen.dialog = None
    window.open_dossier(code)  # opened again later: the offer is not made twice
    assert not survey.autoDefault()


def test_an_unpaid_result_keeps_the_dialog(qtbot, window) -> None:
    """Fees still owed: no hand-over on Enter; the button opens the dialog and its warning."""
    from counter.services import catalogue, queries

    ctx = window.state.ctx
    with ctx.db.session() as session:
        paid = next(p for p in catalogue.list_procedures(session) if p.fee > 0)
    code = _resolved(ctx, paid.code)
    assert queries.find_by_code(ctx, code).paid_amount < queries.find_by_code(ctx, code).fee
    window.open_dossier(code)
    button = window.dossier.action_buttons["return_result"]
    assert "(Enter)" not in button.text() and not button.autoDefault()
    button.click()
    dialog = window.dossier.dialog
    assert dialog is not None and "Chưa thu đủ" in dialog.banner.text()
    dialog.reject()


def test_a_second_scan_on_a_ready_result_opens_the_other_dossier(qtbot, window) -> None:
    """The scanner's Enter ends its burst: it never hands over the result the focus is on."""
    from PySide6.QtWidgets import QApplication

    from counter.domain.dossier import Status
    from counter.services import queries
    from tests.ui.helpers import scan

    ctx = window.state.ctx
    first = _resolved(ctx, name="Nguyễn Văn Đức")
    second = _resolved(ctx, name="Lê Thị Hoa", id_number="079190005678")
    window.open_dossier(first)
    assert QApplication.focusWidget() is window.dossier.action_buttons["return_result"]
    scan(second)
    settle(qtbot)
    assert window.dossier.view.code == second
    assert queries.find_by_code(ctx, first).status is Status.RESOLVED
    assert queries.find_by_code(ctx, second).status is Status.RESOLVED
