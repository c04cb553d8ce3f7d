"""The internal process in the window: the hand-over dialog shows the step and its deadline and
records a liên thông hand-over; home lists which step, body and official is late."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter.services import intake, process, queries
from counter.services.intake import ApplicantInput, IntakeRequest
from tests.services.helpers import MARITAL, all_documents
from tests.ui.helpers import gone, settle
from ui.main_window import HOME
from ui.screens.home import LATE_SHOWN

pytestmark = pytest.mark.gui


def _receive(ctx) -> str:
    result = intake.receive(
        ctx,
        IntakeRequest(
            MARITAL,  # 3 working days: counter ½ · specialist 2 · leader ½
            ApplicantInput("Võ Thị Sáu", "079190007777"),
            documents=all_documents(ctx, MARITAL),
        ),
    )
    return result.dossier.code


def test_hand_over_shows_the_step_and_records_a_liaison(qtbot, window, clock) -> None:
    ctx = window.state.ctx
    clock.set(datetime(2026, 3, 2, 9, 0))
    code = _receive(ctx)
    clock.set(datetime(2026, 3, 2, 10, 0))
    window.open_dossier(code)
    dialog = window.dossier.start("transfer")
    assert dialog is not None and dialog.step_note is not None
    assert "Đang ở bước 1: Tiếp nhận, chuyển hồ sơ, hạn 15:00 02/03/2026" in dialog.step_note.text()
    assert (
        "Chuyển sang bước 2: Thẩm định, xử lý hồ sơ (Công chức chuyên môn), hạn 15:00 04/03/2026"
        in (dialog.step_note.text())
    )
    assert dialog.inputs["to_unit"].text() == "Công chức chuyên môn"
    dialog.set_value("to_person", "Bưu điện xã Tân Hưng")
    dialog.set_value("to_unit", "Chi cục Thuế khu vực XV")
    dialog.set_value("outside", True)
    dialog.set_value("consignment", "EE123456789VN")
    dialog.submit()
    settle(qtbot)
    assert gone(dialog), dialog.banner.text()
    _view, events = queries.dossier_events(ctx, code)
    sent = [e for e in events if e.type == "transferred"][-1].payload
    assert (sent["outside"], sent["consignment"], sent["to_unit"], sent["step"]) == (
        True, "EE123456789VN", "Chi cục Thuế khu vực XV", 2,
    )  # fmt: skip


def test_a_consignment_without_liaison_is_refused_in_the_dialog(qtbot, window) -> None:
    code = _receive(window.state.ctx)
    window.open_dossier(code)
    dialog = window.dossier.start("transfer")
    assert dialog is not None
    dialog.set_value("to_person", "Lê Văn Đạt")
    dialog.set_value("consignment", "EE1")
    dialog.submit()
    settle(qtbot)
    assert not gone(dialog)
    assert "Số hiệu bưu gửi chỉ ghi khi chuyển hồ sơ liên thông" in dialog.banner.text()
    dialog.reject()


def test_home_lists_the_late_step_its_body_and_official(qtbot, window, clock) -> None:
    from counter.services import workflow

    ctx = window.state.ctx
    clock.set(datetime(2026, 3, 2, 9, 0))
    code = _receive(ctx)
    clock.set(datetime(2026, 3, 2, 9, 30))
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Công chức Tư pháp - Hộ tịch")
    clock.set(datetime(2026, 3, 4, 16, 0))  # the specialist's step ended 04/03 15:00
    window.go(HOME)
    home = window.home
    home.refresh()
    qtbot.waitUntil(lambda: not home.loading)
    expected = queries.home_counts(ctx).late_steps
    assert expected >= 1 and home.tiles["late_step"].number.text() == str(expected)
    assert home.late_steps.isVisible()
    text = home.late_steps.text()
    assert text.startswith("Chậm ở bước đang xử lý:")
    mine = (
        f"{code} · bước 2: Thẩm định, xử lý hồ sơ · Công chức Tư pháp - Hộ tịch · Lê Văn Đạt"
        " · hạn 15:00 04/03/2026"
    )
    with ctx.db.session() as session:
        late = process.late_steps(session, clock.now())
    assert code in [s.code for s in late]
    shown = text.splitlines()[1:]
    assert len(shown) == min(len(late), LATE_SHOWN) + (len(late) > LATE_SHOWN)
    assert mine in shown or len(late) > LATE_SHOWN
    home.tiles["late_step"].opened.emit("late_step")
    settle(qtbot)
    assert window.dossiers.isVisible()


def test_admin_edits_a_procedures_steps_and_a_wrong_total_is_refused(qtbot, admin_window) -> None:
    from PySide6.QtCore import Qt

    from counter.services import catalogue
    from tests.ui.helpers import accepted
    from ui.main_window import SETTINGS

    window = admin_window
    window.go(SETTINGS)
    screen = window.settings
    row = next(i for i, p in enumerate(screen._procedures) if p.code == MARITAL)
    screen.procedures.setCurrentCell(row, 1)
    dialog = screen.edit_procedure()
    steps = dialog.steps
    assert [steps.table.item(r, 0).text() for r in range(steps.table.rowCount())] == [
        "Tiếp nhận, chuyển hồ sơ", "Thẩm định, xử lý hồ sơ", "Ký duyệt kết quả", "Trả kết quả",
    ]  # fmt: skip
    assert "Tổng thời gian các bước: 3 / thời hạn giải quyết 3." in steps.total.text()
    steps.table.item(1, 1).setText("Công chức Tư pháp - Hộ tịch")
    steps.table.item(1, 2).setData(Qt.ItemDataRole.EditRole, 2.5)  # 3.5 in all: refused
    assert "3,5 / thời hạn giải quyết 3" in steps.total.text()
    assert not accepted(qtbot, dialog)
    assert "Tổng thời gian các bước (3,5 ngày làm việc)" in dialog.banner.text()
    steps.table.item(2, 2).setData(Qt.ItemDataRole.EditRole, 0.0)
    assert accepted(qtbot, dialog), dialog.banner.text()
    with window.state.ctx.db.session() as session:
        saved = catalogue.get_procedure(session, MARITAL).steps
    assert (saved[1].body, saved[1].share, saved[2].share) == (
        "Công chức Tư pháp - Hộ tịch",
        2.5,
        0,
    )


def test_the_reports_screen_shows_late_steps_by_official_and_body(qtbot, ctx, clock) -> None:
    from counter.reports.figures import build_report
    from counter.services import workflow
    from ui.screens.reports import ReportsScreen

    clock.set(datetime(2026, 3, 2, 9, 0))
    code = _receive(ctx)
    clock.set(datetime(2026, 3, 2, 9, 30))
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Công chức Tư pháp - Hộ tịch")
    clock.set(datetime(2026, 3, 5, 8, 0))
    screen = ReportsScreen(ctx)
    qtbot.addWidget(screen)
    tabs = [screen.tabs.tabText(i) for i in range(screen.tabs.count())]
    assert tabs[-1] == "Chậm theo bước"
    view = screen.late_steps
    view.fill(build_report(ctx, "2026-Q1"))
    assert (
        view.summary.text() == "1 hồ sơ đã quá hạn của bước đang xử lý, tính đến 08:00 05/03/2026."
    )
    assert [view.by_official.item(0, c).text() for c in range(2)] == ["Lê Văn Đạt", "1"]
    assert view.by_body.item(0, 0).text() == "Công chức Tư pháp - Hộ tịch"
    assert [view.steps.item(0, c).text() for c in range(5)] == [
        code, "2. Thẩm định, xử lý hồ sơ", "Công chức Tư pháp - Hộ tịch", "Lê Văn Đạt",
        "15:00 04/03/2026",
    ]  # fmt: skip
    qtbot.waitUntil(lambda: not screen.busy, timeout=10_000)
