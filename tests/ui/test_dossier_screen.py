"""What the dossier screen shows: the missing apology, contact and papers, names, the fee, the
apology dialog's due moment, and the lock screen's button."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from counter.services import intake, queries, workflow
from counter.services.intake import ApplicantInput, IntakeRequest
from tests.services.helpers import CERTIFY, LAND, MARITAL, all_documents
from tests.ui.helpers import apologise_with_f7, gone, settle, submit_sign_in, type_text

pytestmark = pytest.mark.gui

TEMPORARY_RESIDENCE = "1.004194"  # 15.000 đ, 3 working days


def _receive(ctx, procedure: str = MARITAL, **applicant) -> str:
    result = intake.receive(
        ctx,
        IntakeRequest(
            procedure,
            ApplicantInput("Võ Thị Sáu", "079190007777", **applicant),
            documents=all_documents(ctx, procedure),
        ),
    )
    assert result.outcome == "accepted"
    return result.dossier.code


def _column(tree, column: int) -> list[str]:
    return [tree.topLevelItem(i).text(column) for i in range(tree.topLevelItemCount())]


def test_an_overdue_dossier_without_apology_says_so_until_one_is_made(qtbot, window, clock) -> None:
    ctx = window.state.ctx
    code = _receive(ctx)  # received Monday 02/03 09:00, due Thursday 05/03 09:00
    window.open_dossier(code)
    screen = window.dossier
    assert screen.apology_warning.isHidden()  # in time: nothing to say
    clock.set(datetime(2026, 3, 6, 9, 0))
    window.open_dossier(code)
    assert screen.apology_warning.isVisible() and screen.apology_warning.kind == "error"
    assert screen.apology_warning.text() == (
        "Hồ sơ quá hạn, chưa có văn bản xin lỗi (Mẫu 04). Nhấn F7 để lập."
    )
    apologise_with_f7(qtbot, window, "Chờ xác minh", date(2026, 3, 12))
    assert screen.apology_warning.isHidden()
    assert "đã xin lỗi 1 lần" in screen.status_label.text()


def test_a_dossier_due_on_the_next_working_day_also_asks_for_the_apology(window, clock) -> None:
    code = _receive(window.state.ctx)
    clock.set(datetime(2026, 3, 4, 10, 0))  # Wednesday: due tomorrow, still unresolved
    window.open_dossier(code)
    warning = window.dossier.apology_warning
    assert warning.isVisible()
    assert "09:00 05/03/2026" in warning.text() and "Mẫu 04" in warning.text()
    workflow.resolve(window.state.ctx, code, "Đã ký")
    window.dossier.reload()
    assert warning.isHidden()  # resolved in time: no apology needed


def test_a_dossier_due_later_today_is_the_days_work_not_an_alarm(window, clock) -> None:
    from tests.services.helpers import CERTIFY

    code = _receive(window.state.ctx, CERTIFY)  # same day: due 17:00 the day it is received
    window.open_dossier(code)
    view = window.dossier.view
    assert view is not None and view.needs_apology  # "sắp đến hạn", as the list says
    assert window.dossier.apology_warning.isHidden()
    clock.set(datetime(2026, 3, 2, 17, 30))  # past 17:00, unresolved: now it is late
    window.open_dossier(code)
    assert window.dossier.apology_warning.isVisible()


def test_the_screen_shows_contact_papers_and_people_by_name(window) -> None:
    ctx = window.state.ctx
    code = _receive(ctx, phone="0912 345 678", address="Thôn 4, xã Tân Hưng")
    window.open_dossier(code)
    screen = window.dossier
    fields = screen.fields
    assert fields["address"].text() == "Thôn 4, xã Tân Hưng"
    assert fields["phone"].text() == "0912 345 678"
    for blank in ("resolved", "returned", "survey"):
        assert fields[blank].text() == "—"
    expected = [(d.name, str(d.originals), str(d.copies)) for d in all_documents(ctx, MARITAL)]
    papers = screen.documents
    assert (
        list(zip(_column(papers, 0), _column(papers, 1), _column(papers, 2), strict=True))
        == expected
    )
    # The clerk signed in as "motcua": the timeline and the holder give her name.
    assert _column(screen.timeline, 2)[0] == "Trần Thị Thu Hà"
    assert fields["holder"].text().startswith("Trần Thị Thu Hà")
    assert "motcua" not in fields["holder"].text()
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Công chức chuyên môn")
    screen.reload()
    assert fields["holder"].text() == "Lê Văn Đạt (Công chức chuyên môn)"
    assert _column(screen.timeline, 3)[-1].endswith("→ Lê Văn Đạt (Công chức chuyên môn)")


def test_papers_brought_later_are_listed_as_a_supplement(window, clock) -> None:
    ctx = window.state.ctx
    code = intake.receive(
        ctx, IntakeRequest(MARITAL, ApplicantInput("Võ Thị Sáu", "079190007777"), documents=[])
    ).dossier.code
    workflow.receive_supplement(ctx, code, ["Giấy xác nhận cư trú"])
    window.open_dossier(code)
    names = _column(window.dossier.documents, 0)
    assert names[-1] == "Giấy xác nhận cư trú (nộp bổ sung 02/03/2026)"


def test_a_long_procedure_name_reads_across_the_screen(window) -> None:
    ctx = window.state.ctx
    code = _receive(ctx, CERTIFY)
    window.open_dossier(code)
    label = window.dossier.procedure_label
    # The catalogue's name begins with "Thủ tục" itself: the label does not say it twice.
    assert label.text().startswith("Thủ tục: Chứng thực bản sao")
    assert label.text().count("Thủ tục") == 1
    assert label.text().endswith(f"({CERTIFY})")
    # Not squeezed into the details column: at 1366×768 it takes at most three lines.
    assert label.width() > window.dossier.width() * 0.8
    assert label.height() <= label.fontMetrics().lineSpacing() * 3 + 4


def test_fee_collection_is_disabled_when_nothing_is_left_to_collect(qtbot, window) -> None:
    ctx = window.state.ctx
    screen = window.dossier
    free = _receive(ctx, LAND)  # no fee
    window.open_dossier(free)
    assert screen.fields["fee"].text() == "Miễn phí"
    button = screen.action_buttons["record_payment"]
    assert not button.isEnabled()
    assert button.toolTip() == "Thủ tục này không thu phí, lệ phí."
    QTest.keyClick(screen, Qt.Key.Key_F9)
    assert screen.dialog is None and screen.banner.text() == button.toolTip()

    paying = _receive(ctx, TEMPORARY_RESIDENCE)
    window.open_dossier(paying)
    assert button.isEnabled() and button.toolTip() == ""
    workflow.record_payment(ctx, paying, 5_000, "cash", allow_mismatch=True)  # a part
    screen.reload()
    assert button.isEnabled()  # 10.000 đ still to collect
    dialog = screen.start("record_payment")
    assert dialog.values()["amount"] == 10_000
    # Vietnamese grouping whatever the PC's regional setting (an English one wrote 10,000).
    assert dialog.inputs["amount"].text().startswith("10.000")
    dialog.submit()
    settle(qtbot)
    assert gone(dialog), dialog.banner.text()
    assert not button.isEnabled()
    assert button.toolTip() == "Đã thu đủ phí, lệ phí (15.000 đ)."


@pytest.mark.qt_log_ignore(
    "This plugin does not support grabbing the keyboard"
)  # the reasons offered
def test_apology_dialog_shows_the_due_moment_and_takes_a_time(qtbot, window, clock) -> None:
    ctx = window.state.ctx
    code = _receive(ctx)  # due Thursday 05/03 09:00
    clock.set(datetime(2026, 3, 6, 10, 0))
    window.open_dossier(code)
    dialog = window.dossier.start("apologise")
    assert dialog.current_due.text() == "09:00 05/03/2026 (đã quá hạn)"
    assert "Mẫu 04" in dialog.print_note.text() and dialog.print_note.isVisible()
    moment = dialog.inputs["new_due"]
    # Three working days on (Fri 06/03 → Wed 11/03), at the time of day of the current due.
    assert moment.moment() == datetime(2026, 3, 11, 9, 0)

    def refused(message: str) -> None:
        dialog.submit()
        settle(qtbot)
        assert dialog.isVisible() and dialog.banner.kind == "error"
        assert message in dialog.banner.text()
        assert queries.find_by_code(ctx, code).apology_count == 0

    type_text(dialog.inputs["reason"], "Chờ xác minh của cơ quan khác")
    dialog.set_value("new_due", datetime(2026, 3, 5, 8, 0))
    refused("phải sau ngày hẹn trả hiện tại")
    dialog.set_value("new_due", datetime(2026, 3, 12, 12, 15))
    refused("ngoài giờ làm việc")
    moment.set_moment(date(2026, 3, 12))
    moment.time_edit.setTime(QTime(14, 30))
    dialog.submit()
    settle(qtbot)
    assert gone(dialog), dialog.banner.text()
    if window.preview is not None:
        window.preview.close()
    view = queries.find_by_code(ctx, code)
    assert view.due_at == datetime(2026, 3, 12, 14, 30) and view.apology_count == 1
    assert "14:30 12/03/2026" in window.dossier.fields["due"].text()


@pytest.mark.parametrize(
    ("due_time", "expected"),
    [(QTime(18, 10), QTime(17, 0)), (QTime(12, 0), QTime(13, 30)), (QTime(6, 0), QTime(7, 0))],
)
def test_apology_default_time_moves_into_office_hours(window, due_time, expected) -> None:
    """Due moments from elsewhere (another counter, an old import) may lie outside hours."""
    from dataclasses import replace

    from ui.dialogs.action_dialog import ActionDialog
    from ui.dialogs.actions import BY_KEY

    view = queries.find_by_code(window.state.ctx, _receive(window.state.ctx))
    odd = replace(view, due_at=datetime(2026, 3, 5, due_time.hour(), due_time.minute()))
    dialog = ActionDialog(window.state, odd, BY_KEY["apologise"], window.dossier)
    assert dialog.inputs["new_due"].time_edit.time() == expected
    dialog.deleteLater()


def test_the_lock_screen_button_says_unlock(qtbot, window) -> None:
    signin = window.signin
    window.lock()
    assert signin.submit.text() == "Mở khóa"
    assert signin.title.text() == "Màn hình đã khóa"
    window.signin.password.setText("motcua123")
    submit_sign_in(qtbot, window.signin)
    assert window.state.signed_in
    window.sign_out()
    assert signin.submit.text() == "Đăng nhập"


def test_returning_an_unpaid_result_warns_and_a_survey_is_taken(qtbot, window) -> None:
    ctx = window.state.ctx
    code = _receive(ctx, TEMPORARY_RESIDENCE)  # 15.000 đ
    workflow.resolve(ctx, code, "Đã ký")
    window.open_dossier(code)
    screen = window.dossier
    dialog = screen.start("return_result")
    assert dialog is not None and dialog.banner.kind == "error"
    assert "còn 15.000 đ" in dialog.banner.text()
    dialog.submit()  # a warning, not a refusal: some fees are paid elsewhere
    settle(qtbot)
    assert gone(dialog), dialog.banner.text()
    survey = screen.action_buttons["record_survey"]
    assert survey.isEnabled()
    rating = screen.start("record_survey")
    assert rating is not None
    rating.set_value("rating", 2)  # nothing is preselected: the citizen's answer is chosen
    rating.submit()
    settle(qtbot)
    assert gone(rating), rating.banner.text()
    assert survey.isEnabled()  # a second answer corrects the first (issue 17)
    paid = _receive(ctx, TEMPORARY_RESIDENCE)
    workflow.record_payment(ctx, paid, 15_000, "cash")
    workflow.resolve(ctx, paid, "Đã ký")
    window.open_dossier(paid)
    quiet = screen.start("return_result")
    assert quiet is not None and quiet.banner.text() == ""
    quiet.reject()


def test_hand_over_offers_the_offices_people_and_their_unit(window) -> None:
    from sqlalchemy import update

    from counter.db.models import User

    with window.state.ctx.db.unit_of_work() as session:
        session.execute(
            update(User)
            .where(User.username == "chuyenvien")
            .values(title="Công chức Tư pháp - Hộ tịch")
        )
    code = _receive(window.state.ctx)
    window.open_dossier(code)
    dialog = window.dossier.start("transfer")
    assert dialog is not None
    person = dialog.inputs["to_person"]
    completer = person.completer()
    completer.setCompletionPrefix("Đạt")
    model = completer.completionModel()
    names = [model.index(i, 0).data() for i in range(completer.completionCount())]
    assert names == ["Lê Văn Đạt"]
    completer.activated.emit("Lê Văn Đạt")
    person.setText("Lê Văn Đạt")
    assert dialog.inputs["to_unit"].text() == "Công chức Tư pháp - Hộ tịch"
    dialog.reject()


def _waiting_for_papers(ctx) -> tuple[str, list[str]]:
    """A dossier received with nothing: every mandatory paper is asked for."""
    result = intake.receive(
        ctx, IntakeRequest(MARITAL, ApplicantInput("Võ Thị Sáu", "079190007777"), documents=[])
    )
    assert result.outcome == "supplement" and len(result.missing) >= 2
    return result.dossier.code, list(result.missing)


def test_the_supplement_dialog_lists_the_papers_asked_for_and_takes_their_counts(
    qtbot, window
) -> None:
    ctx = window.state.ctx
    code, missing = _waiting_for_papers(ctx)
    window.open_dossier(code)
    screen = window.dossier
    dialog = screen.start("receive_supplement")
    assert dialog is not None
    papers = dialog.inputs["documents"]
    assert [box.toolTip() for box, _o, _c in papers.rows] == missing
    # Keyboard only: Space ticks the first paper, Tab to its counts, type them.
    first, originals, copies = papers.rows[0]
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is first  # the dialog opens on the first paper
    QTest.keyClick(first, Qt.Key.Key_Space)
    assert first.isChecked()
    QTest.keyClick(first, Qt.Key.Key_Tab)
    assert originals.hasFocus()
    originals.selectAll()
    QTest.keyClicks(originals, "2")
    QTest.keyClick(originals, Qt.Key.Key_Tab)
    assert copies.hasFocus()
    copies.selectAll()
    QTest.keyClicks(copies, "1")
    QTest.keyClick(copies, Qt.Key.Key_Tab)
    second, second_originals, second_copies = papers.rows[1]
    assert second.hasFocus()
    QTest.keyClick(second, Qt.Key.Key_Space)
    second_originals.setValue(0)
    second_copies.setValue(3)
    dialog.submit()
    settle(qtbot)
    assert gone(dialog), dialog.banner.text()
    if window.preview is not None:
        window.preview.close()
    screen.reload()
    day = "02/03/2026"
    rows = {
        screen.documents.topLevelItem(i).text(0): (
            screen.documents.topLevelItem(i).text(1),
            screen.documents.topLevelItem(i).text(2),
        )
        for i in range(screen.documents.topLevelItemCount())
    }
    assert rows == {
        f"{missing[0]} (nộp bổ sung {day})": ("2", "1"),
        f"{missing[1]} (nộp bổ sung {day})": ("0", "3"),
    }
    labels = _column(screen.timeline, 1)
    detail = _column(screen.timeline, 3)[labels.index("Nhận hồ sơ bổ sung")]
    assert f"{missing[0]} (2 bản chính, 1 bản sao)" in detail
    assert f"{missing[1]} (3 bản sao)" in detail


def test_a_paper_typed_in_the_supplement_dialog_is_received_too(window) -> None:
    ctx = window.state.ctx
    code, _missing = _waiting_for_papers(ctx)
    window.open_dossier(code)
    dialog = window.dossier.start("receive_supplement")
    papers = dialog.inputs["documents"]
    type_text(papers.other, "Giấy ủy quyền")
    papers.other_copies.setValue(1)
    assert [(p.name, p.originals, p.copies) for p in dialog.values()["documents"]] == [
        ("Giấy ủy quyền", 1, 1)
    ]


def test_an_empty_supplement_dialog_is_refused_and_stays_open(qtbot, window) -> None:
    ctx = window.state.ctx
    code, _missing = _waiting_for_papers(ctx)
    window.open_dossier(code)
    dialog = window.dossier.start("receive_supplement")
    before = len(queries.timeline(ctx, code))
    dialog.submit()
    settle(qtbot)
    assert dialog.isVisible()
    assert dialog.banner.text() == "Hãy đánh dấu hoặc ghi ít nhất một giấy tờ công dân nộp bổ sung."
    assert len(queries.timeline(ctx, code)) == before


def test_a_dossier_due_today_that_was_received_days_ago_still_asks(window, clock) -> None:
    code = _receive(window.state.ctx)  # received Monday 02/03 09:00, due Thursday 05/03 09:00
    clock.set(datetime(2026, 3, 5, 8, 0))  # the due day, before the hour: the last chance
    window.open_dossier(code)
    assert window.dossier.apology_warning.isVisible()


def test_an_action_draws_the_screen_once_with_one_read_of_its_details(
    qtbot, window, monkeypatch
) -> None:
    code = _receive(window.state.ctx)
    window.open_dossier(code)
    screen = window.dossier
    reads: list[str] = []
    for name in ("details", "find_by_code", "timeline"):
        real = getattr(queries, name)

        def spy(ctx, code_, _real=real, _name=name):
            reads.append(_name)
            return _real(ctx, code_)

        monkeypatch.setattr(queries, name, spy)
    dialog = screen.start("add_note")
    dialog.set_value("text", "Công dân gọi hỏi tiến độ")
    dialog.submit()
    settle(qtbot)
    assert gone(dialog), dialog.banner.text()
    assert "Đã ghi nhận" in screen.banner.text()
    assert screen.timeline.topLevelItem(screen.timeline.topLevelItemCount() - 1).text(3) == (
        "Công dân gọi hỏi tiến độ"
    )
    # One drawing: one read of each (it was three of the details and two of the dossier).
    assert sorted(reads) == ["details", "find_by_code", "timeline"]
