"""Issue 17, the screens' part: the traps a tired clerk fell into, driven through real widgets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.services.helpers import receive
from tests.ui.helpers import press, settle, submit_sign_in, type_text
from ui.main_window import DOSSIERS, HOME

pytestmark = pytest.mark.gui
# A completion list opens as a clerk types: offscreen it cannot take the keyboard.
_POPUP = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")


def test_a_search_after_a_home_figure_spans_every_dossier(qtbot, window, clock) -> None:
    """Item 3: the tile's filter is shown as a chip; a search lets go of it (13 found)."""
    ctx = window.state.ctx
    for i in range(13):
        receive(ctx, name="Nguyễn Văn Đức", id_number=f"0790900{i:05d}")
    clock.set(clock.now() + timedelta(days=6))  # every one overdue
    window.go(HOME)
    qtbot.waitUntil(lambda: not window.home.loading)
    screen = window.dossiers
    model = screen.model
    with qtbot.waitSignal(model.loaded):
        window.home.tiles["supplement"].click()  # a figure none of them is in
    assert window.pages.currentIndex() == DOSSIERS
    assert screen.chip.isVisible()
    assert "Chờ công dân bổ sung" in screen.chip.text() and "✕" in screen.chip.text()
    screen.search.setFocus()
    type_text(screen.search, "nguyen van duc")
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        screen.apply_filter()
    qtbot.waitUntil(lambda: model.total is not None)
    assert model.total == 13 and model.rowCount() == 13
    assert not screen.chip.isVisible()
    assert "mọi hồ sơ" in screen.banner.text() and "Chờ công dân bổ sung" in screen.banner.text()
    assert screen.status.currentIndex() == 0 and screen.lateness.currentIndex() == 0


def test_the_figure_chip_clears_with_esc_or_its_cross(qtbot, window, clock) -> None:
    screen = window.dossiers
    model = screen.model
    window.go(HOME)
    qtbot.waitUntil(lambda: not window.home.loading)
    with qtbot.waitSignal(model.loaded):
        window.open_list("overdue")
    assert screen.chip.isVisible() and "Quá hạn" in screen.chip.text()
    filtered = model.filter
    assert filtered.lateness == "overdue"
    screen.search.setFocus()
    with qtbot.waitSignal(model.loaded):
        press(Qt.Key.Key_Escape, widget=screen.search)
    assert not screen.chip.isVisible() and model.filter.lateness == ""
    with qtbot.waitSignal(model.loaded):
        window.open_list("ready")
    assert screen.chip.isVisible()
    with qtbot.waitSignal(model.loaded):
        screen.chip.click()
    assert not screen.chip.isVisible() and model.filter.status is None


def test_the_reports_window_hides_behind_the_lock(qtbot, window) -> None:
    """Item 8: no late applicant's name and no export while the screen is locked."""
    window.open_reports()
    reports = window.reports
    qtbot.waitUntil(lambda: not reports.busy, timeout=10_000)
    assert reports.isVisible()
    window.lock()
    assert not reports.isVisible()
    window.signin.password.setText("motcua123")
    submit_sign_in(qtbot, window.signin)
    assert reports.isVisible()  # the same clerk back: as it was
    window.lock()
    window.signin.username.setText("lanhdao")
    window.signin.password.setText("lanhdao123")
    submit_sign_in(qtbot, window.signin)
    assert not reports.isVisible()  # another user: not the locked clerk's window
    settle(qtbot)
    QTest.qWait(0)


def _select_all_and_type(edit, text: str) -> None:
    """Into a date field as a clerk does it: Ctrl+A (or a click at its end), then the digits."""
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(edit, text)


def test_a_typed_day_off_is_taken_as_typed_after_a_question(qtbot, admin_window) -> None:
    """Item 4: 24122026 typed over the whole field is the day added, and only once confirmed."""
    from datetime import date

    from counter.services import office
    from ui.main_window import SETTINGS

    window = admin_window
    window.go(SETTINGS)
    screen = window.settings
    screen.tabs.setCurrentIndex(1)
    ctx = window.state.ctx
    _select_all_and_type(screen.day_edit, "2412")  # not a whole date: refused in words
    assert screen.add_override() is None
    assert screen.banner.kind == "error" and "24122026" in screen.banner.text()
    _select_all_and_type(screen.day_edit, "24122026")
    assert screen.day_edit.day() == date(2026, 12, 24)
    box = screen.add_override()
    assert box is not None and "24/12/2026" in box.text() and "Thứ Năm" in box.text()
    assert "Hạn trả" in box.informativeText()
    box.escapeButton().click()  # no: nothing added
    settle(qtbot)
    with ctx.db.session() as session:
        assert office.calendar(session).is_working_day(date(2026, 12, 24))
    box = screen.add_override()
    box.defaultButton().click()
    settle(qtbot)
    assert screen.banner.kind == "ok", screen.banner.text()
    with ctx.db.session() as session:
        calendar = office.calendar(session)
    assert not calendar.is_working_day(date(2026, 12, 24))
    assert calendar.is_working_day(date(2026, 3, 2))  # today stays a working day


@pytest.mark.qt_log_ignore(
    "This plugin does not support grabbing the keyboard"
)  # the reasons offered
def test_the_apology_date_is_taken_as_typed(qtbot, window, clock) -> None:
    from datetime import date

    from counter.services import queries

    ctx = window.state.ctx
    code = receive(ctx).dossier.code
    clock.set(clock.now() + timedelta(days=6))
    window.open_dossier(code)
    screen = window.dossier
    QTest.keyClick(screen, Qt.Key.Key_F7)
    dialog = screen.dialog
    assert dialog is not None
    moment = dialog.inputs["new_due"]
    QTest.keyClick(moment.date_edit, Qt.Key.Key_End)  # the cursor in the year
    QTest.keyClicks(moment.date_edit, "20032026")
    type_text(dialog.inputs["reason"], "Chờ xác minh")
    dialog.submit()
    settle(qtbot)
    view = queries.find_by_code(ctx, code)
    assert view.apology_count == 1 and view.due_at.date() == date(2026, 3, 20)
    if window.preview is not None:
        window.preview.close()


def _finished(ctx) -> str:
    from counter.services import workflow

    code = receive(ctx).dossier.code
    workflow.resolve(ctx, code, "Đã xác nhận")
    workflow.return_result(ctx, code, "Nguyễn Văn Đức")
    return code


def test_the_survey_asks_and_can_be_corrected_and_shows_the_comment(qtbot, window) -> None:
    """Item 7: nothing preselected (a bare Enter records nothing); a second answer corrects
    the first; the citizen's words show on the dossier screen."""
    from counter.services import queries

    ctx = window.state.ctx
    code = _finished(ctx)
    window.open_dossier(code)
    screen = window.dossier
    dialog = screen.start("record_survey")
    assert dialog is not None
    rating = dialog.inputs["rating"]
    assert rating.currentData() is None and rating.currentText().startswith("—")
    dialog.inputs["rating"].setFocus()
    QTest.keyClick(dialog, Qt.Key.Key_Return)  # the bare Enter
    settle(qtbot)
    assert dialog.isVisible() and "Hãy chọn" in dialog.banner.text()
    assert queries.find_by_code(ctx, code).satisfaction is None
    rating.setCurrentIndex(rating.findData(3))
    dialog.inputs["comment"].setText("Cán bộ hướng dẫn tận tình")
    dialog.submit()
    settle(qtbot)
    assert queries.find_by_code(ctx, code).satisfaction == 3
    qtbot.waitUntil(lambda: "tận tình" in screen.fields["survey"].text())
    assert "Rất hài lòng" in screen.fields["survey"].text()
    assert screen.action_buttons["record_survey"].isEnabled()  # it can be corrected
    again = screen.start("record_survey")
    assert "Đã ghi nhận «Rất hài lòng»" in again.banner.text()
    again.inputs["rating"].setCurrentIndex(again.inputs["rating"].findData(1))
    again.submit()
    settle(qtbot)
    assert queries.find_by_code(ctx, code).satisfaction == 1
    qtbot.waitUntil(lambda: screen.fields["survey"].text() == "Không hài lòng")


@_POPUP
def test_pickers_fold_accents_and_taking_back_names_the_holder(qtbot, window) -> None:
    """Item 11: "dat" finds "Lê Văn Đạt"; Enter takes it; "Người giao" starts as the holder."""
    from counter.services import workflow

    ctx = window.state.ctx
    code = receive(ctx).dossier.code
    window.open_dossier(code)
    dialog = window.dossier.start("transfer")
    person = dialog.inputs["to_person"]
    person.setFocus()
    type_text(person, "dat")
    completer = person.completer()
    model = completer.completionModel()
    assert [model.index(i, 0).data() for i in range(completer.completionCount())] == ["Lê Văn Đạt"]
    person.returnPressed.emit()  # what Enter does before the dialog's own button
    assert person.text() == "Lê Văn Đạt"
    dialog.reject()
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Tư pháp - Hộ tịch")
    window.dossier.reload()
    back = window.dossier.start("take_back")
    assert back.inputs["from_person"].text() == "Lê Văn Đạt"
    back.reject()


@_POPUP
def test_the_commune_picker_folds_accents_without_the_prefix(qtbot, window) -> None:
    from tests.ui.helpers import press
    from ui.main_window import INTAKE

    window.go(INTAKE)
    intake = window.intake
    intake.province.setCurrentIndex(intake.province.findText("Tỉnh Lâm Đồng"))
    line = intake.commune.lineEdit()
    line.setFocus()
    type_text(line, "tan minh")
    completer = intake.commune.completer()
    assert completer.currentCompletion() == "Xã Tân Minh"
    press(Qt.Key.Key_Return, widget=line)
    assert intake.commune.currentText() == "Xã Tân Minh"
    intake.commune.setEditText("")
    type_text(line, "duc linh")
    press(Qt.Key.Key_Return, widget=line)
    assert intake.commune.currentText() == "Xã Đức Linh"


def test_an_unknown_scan_is_said_on_the_screen(qtbot, window) -> None:
    """Item 14: not only a status-bar line."""
    from tests.ui.helpers import scan

    window.go(HOME)
    window.home.focus_first()
    scan("000.21.36.H36-260101-0999")
    banner = window.home.banner
    assert banner.isVisible() and banner.kind == "error"
    assert "000.21.36.H36-260101-0999" in banner.text() and "Ctrl+F" in banner.text()


def test_the_last_saved_dossier_has_keys_and_alt_h_is_the_menu(qtbot, window) -> None:
    """Item 14: Ctrl+Shift+O opens and Ctrl+Shift+P reprints the intake's last dossier, from any
    screen; no button of the dossier screen takes Alt+H from the «Hồ sơ» menu."""
    from PySide6.QtGui import QKeySequence

    from tests.ui.helpers import save_intake, shortcut
    from ui.main_window import DOSSIER, INTAKE

    window.go(INTAKE)
    intake = window.intake
    assert "Ctrl+Shift+O" in intake.open_button.text()
    assert "Ctrl+Shift+P" in intake.reprint_button.text()
    intake.choose(next(p for p in intake.procedures if p.documents))
    intake.mark_all_received()
    intake.full_name.setText("Hồ Thị Lan")
    result = save_intake(qtbot, intake)
    settle(qtbot)
    if window.preview is not None:
        window.preview.close()
    window.go(HOME)
    shortcut(qtbot, window, "Ctrl+Shift+P")
    assert window.preview is not None and window.preview.code == result.dossier.code
    window.preview.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    shortcut(qtbot, window, "Ctrl+Shift+O")
    assert window.pages.currentIndex() == DOSSIER
    assert window.dossier.view.code == result.dossier.code
    mnemonics = {
        QKeySequence.mnemonic(button.text()).toString()
        for button in window.dossier.action_buttons.values()
    }
    assert "Alt+H" not in mnemonics
    menus = [action.text() for action in window.menuBar().actions()]
    assert "&Hồ sơ" in menus


def test_enter_in_the_enrolment_code_registers(qtbot, admin_window) -> None:
    """Item 14: Enter in «Mã đăng ký» submits (here: refused in words, nothing typed)."""
    window = admin_window
    dialog = window.open_sync(start=False)
    qtbot.waitUntil(lambda: window.sync.last is not None)
    assert dialog.enrol_box.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.server_edit.setFocus()
    QTest.keyClick(dialog.server_edit, Qt.Key.Key_Return)
    assert dialog.code_edit.hasFocus()
    dialog.code_edit.setText("ABCD-EFGH-JKLM")
    dialog.server_edit.clear()
    dialog.code_edit.setFocus()
    QTest.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    assert "địa chỉ máy chủ" in dialog.banner.text()  # start_register ran and said why not
    dialog.close()


def test_the_register_prints_for_a_typed_day_or_a_month(qtbot, window) -> None:
    """Item 14: Hồ sơ → In sổ theo dõi (Mẫu 07) for a day or a month, then its preview."""
    import subprocess
    from datetime import date

    from tests.ui.helpers import shortcut

    ctx = window.state.ctx
    code = receive(ctx, name="Trần Văn Sổ").dossier.code
    shortcut(qtbot, window, "Ctrl+Shift+R")
    dialog = window.register_dialog
    assert dialog.isVisible()
    _select_all_and_type(dialog.day, "02032026")
    assert dialog.period()[:2] == (date(2026, 3, 2), date(2026, 3, 2))
    assert dialog.submit()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    preview = dialog.preview
    assert preview.form == "07" and "02/03/2026" in preview.windowTitle()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        tmp = f"{folder}/so.pdf"
        assert preview.save_pdf(tmp)
        pdf = subprocess.run(["pdftotext", "-layout", tmp, "-"], capture_output=True, text=True)
    assert code in pdf.stdout.replace("\n", " ") or "Trần Văn Sổ" in pdf.stdout
    preview.close()
    # The menu's action again (the shortcut was exercised above; whether the offscreen window
    # is active again after the preview closes depends on what ran before).
    dialog = window.open_register()
    dialog.month.setCurrentIndex(1)  # Tháng 2: choosing a month switches to it
    assert dialog.by_month.isChecked()
    assert dialog.period()[:2] == (date(2026, 2, 1), date(2026, 2, 28))
    dialog.reject()


def test_the_reports_window_for_the_keyboard_and_the_late_list(qtbot, window, clock) -> None:
    """Item 13: visible focus, Esc closes, the late tab shows the whole code and due moment,
    a double click opens the dossier, the chart's bars are labelled in words (not "…")."""
    from counter.reports import charts
    from ui.main_window import DOSSIER

    ctx = window.state.ctx
    code = receive(ctx, name="Nguyễn Văn Trễ").dossier.code
    clock.set(clock.now() + timedelta(days=6))
    window.open_reports()
    reports = window.reports
    reports.resize(1024, 768)
    qtbot.waitUntil(lambda: reports.report is not None and not reports.busy, timeout=20_000)
    assert ":focus" in reports.styleSheet()
    reports.tabs.setCurrentIndex(3)
    table = reports.late_table
    qtbot.waitUntil(lambda: table.isVisible() and table.rowCount() > 0)
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert code in rows
    row = rows[code]
    metrics = table.fontMetrics()
    for column in (0, 3):
        text = table.item(row, column).text()
        assert table.columnWidth(column) >= metrics.horizontalAdvance(text), text
    # The procedure as in the dossier list (without its «Thủ tục»), whole in its tooltip.
    from counter.domain.text import procedure_title

    whole = table.item(row, 1).toolTip()
    assert table.item(row, 1).text() == procedure_title(whole) != whole
    rect = table.visualRect(table.model().index(row, 2))
    assert table.viewport().rect().contains(rect.center()), (rect, table.viewport().rect())
    with qtbot.waitSignal(reports.open_dossier, timeout=2000):
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.pages.currentIndex() == DOSSIER and window.dossier.view.code == code
    # The chart of the late ones, as drawn in the window: every bar's label has its words.
    chart = reports.late_chart
    drawing = charts.late_chart(reports.report, 520, 200, chart.words)
    bars = next(c for c in drawing.contents if hasattr(c, "categoryAxis"))
    names = bars.categoryAxis.categoryNames
    assert names and all(name.strip("…") and "…" not in name for name in names), names
    reports.activateWindow()
    qtbot.waitUntil(reports.isActiveWindow)
    QTest.keyClick(reports, Qt.Key.Key_Escape)
    assert not reports.isVisible()


def _header_click(table, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_the_list_tells_namesakes_apart_and_sorts_by_a_column(qtbot, window) -> None:
    """Item 12: ID number and birth date beside the name; a header click sorts (keyset pages
    in that order), a second click the other way."""
    from datetime import date

    from counter.services import intake
    from tests.services.helpers import MARITAL, all_documents
    from ui.models.dossier_table import COL_APPLICANT, COL_BIRTH, COL_ID_NUMBER

    ctx = window.state.ctx
    for i in range(13):
        request = intake.IntakeRequest(
            MARITAL,
            intake.ApplicantInput(
                "Nguyễn Văn Đức", f"0790900{i:05d}", birth_date=date(1960 + i, 1, 2)
            ),
            all_documents(ctx, MARITAL),
        )
        intake.receive(ctx, request)
    window.go(DOSSIERS)
    screen = window.dossiers
    model = screen.model
    header = screen.table.horizontalHeader()
    assert header.visualIndex(COL_ID_NUMBER) == header.visualIndex(COL_APPLICANT) + 1
    assert header.visualIndex(COL_BIRTH) == header.visualIndex(COL_APPLICANT) + 2
    type_text(screen.search, "nguyen van duc")
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        screen.apply_filter()
    shown = {
        (model.index(r, COL_ID_NUMBER).data(), model.index(r, COL_BIRTH).data())
        for r in range(model.rowCount())
    }
    assert ("079090000003", "02/01/1963") in shown and len(shown) == 13
    screen.search.clear()
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        screen.apply_filter()
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        _header_click(screen.table, COL_APPLICANT)
    assert model.filter.order == "applicant" and model.filter.ascending
    while model.canFetchMore():
        with qtbot.waitSignal(model.page_added, timeout=10_000):
            model.fetchMore()
    names = [model.view_at(r).applicant_name for r in range(model.rowCount())]
    assert len(names) == model.total == 73 and names == sorted(names)
    codes = [model.view_at(r).code for r in range(model.rowCount())]
    assert len(set(codes)) == 73  # no row twice, none lost across the pages
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        _header_click(screen.table, COL_APPLICANT)
    assert not model.filter.ascending
    assert model.view_at(0).applicant_name == max(names)


def test_ctrl_end_reaches_the_real_last_row(qtbot, window, monkeypatch) -> None:
    """Item 12: not the last loaded page's end."""
    from counter import demo
    from ui.screens import dossiers

    ctx = window.state.ctx
    demo.generate(ctx, 240, end=window.state.ctx.now())
    window.go(DOSSIERS)
    screen = window.dossiers
    model = screen.model
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        screen.apply_filter()
    qtbot.waitUntil(lambda: model.total is not None)
    total = model.total
    assert total > 200 and model.rowCount() == 100
    screen.table.setFocus()
    with qtbot.waitSignal(model.reached_end, timeout=20_000):
        press(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier, widget=screen.table)
    assert model.rowCount() == total
    assert screen.table.currentIndex().row() == total - 1
    oldest = model.view_at(total - 1).code
    # A list too long to read to its end is turned round: its last rows come first.
    monkeypatch.setattr(dossiers, "END_READ", 50)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        screen.apply_filter()
    qtbot.waitUntil(lambda: model.total is not None)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        press(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier, widget=screen.table)
    assert model.view_at(0).code == oldest and "đảo thứ tự" in screen.banner.text()


def test_the_procedure_stays_readable_at_1024(qtbot, window) -> None:
    """Item 12: at 1024×768 what gives way is the channel and the moment of receipt, not the
    procedure; its whole name is in the tooltip."""
    from ui.models.dossier_table import COL_CHANNEL, COL_ID_NUMBER, COL_PROCEDURE
    from ui.screens.dossier_columns import PROCEDURE_CHARS

    window.resize(1024, 768)
    window.go(DOSSIERS)
    screen = window.dossiers
    model = screen.model
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        screen.apply_filter()
    qtbot.waitUntil(lambda: screen.table.viewport().width() < 900)
    assert window.width() <= 1024, window.minimumSizeHint()  # the filters row does not widen it
    table = screen.table
    chars = table.columnWidth(COL_PROCEDURE) / table.fontMetrics().averageCharWidth()
    assert chars >= PROCEDURE_CHARS, chars
    assert not table.isColumnHidden(COL_ID_NUMBER)  # namesakes told apart
    assert table.isColumnHidden(COL_CHANNEL)
    index = model.index(0, COL_PROCEDURE)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == model.view_at(0).procedure_name
    assert not index.data().startswith("Thủ tục ")
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: table.viewport().width() > 1000)
    assert table.columnWidth(COL_PROCEDURE) / table.fontMetrics().averageCharWidth() >= 30


def test_restoring_says_what_will_be_lost_and_backups_go_to_a_second_place(
    qtbot, admin_window, clock, tmp_path
) -> None:
    """Item 9: the counts before the question; every backup also copied to another folder."""
    from datetime import date

    from counter.services import backup, office, users, workflow

    window = admin_window
    ctx = window.state.ctx
    dialog = window.open_backups()
    second = tmp_path / "usb"
    assert "chưa chọn" in dialog.second.text()
    dialog.set_second_folder(second)
    assert str(second) in dialog.second.text()
    dialog.backup_now()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.banner.kind == "ok" and str(second) in dialog.banner.text()
    (info,) = backup.list_backups()
    assert backup.verify(second / info.path.name) >= 60
    # After the backup: a dossier, an apology, a user, a day off.
    code = receive(ctx, name="Lê Văn Mất").dossier.code
    clock.set(clock.now() + timedelta(days=6))
    workflow.apologise(ctx, code, "Chờ xác minh", date(2026, 3, 13))
    with ctx.db.unit_of_work() as session:
        users.create_user(session, "moi", "Người Dùng Mới", "clerk", "matkhau123")
        office.set_override(session, date(2026, 12, 24), "day_off", "Nghỉ thêm")
    dialog.table.selectRow(0)
    box = dialog.ask_restore()
    assert not dialog.restore_yes.isEnabled()  # not before the count
    qtbot.waitUntil(dialog.restore_yes.isEnabled, timeout=10_000)
    text = box.informativeText()
    assert "Sẽ mất:" in text
    assert "• 1 hồ sơ tiếp nhận sau thời điểm đó" in text
    assert "• 1 văn bản xin lỗi (Mẫu 04)" in text
    assert "• 1 người dùng mới hoặc đã sửa" in text
    assert "• 1 thay đổi trong cài đặt" in text
    box.defaultButton().click()
    dialog.close()


def test_the_daily_backup_is_copied_to_the_second_place_too(qtbot, ctx, tmp_path) -> None:
    from counter.services import backup
    from ui.autobackup import DailyBackup, set_second_folder
    from ui.bridge import Bridge
    from ui.state import AppState

    receive(ctx)
    set_second_folder(tmp_path / "usb")
    guard = DailyBackup(
        ctx.db.path, state=AppState(ctx, Bridge()), directory=tmp_path / "local",
        first_check_ms=10, interval_ms=60_000,
    )  # fmt: skip
    with qtbot.waitSignal(guard.taken, timeout=10_000) as taken:
        guard.start()
    guard.stop()
    info = taken.args[0]
    assert backup.verify(tmp_path / "usb" / info.path.name) == 1
    set_second_folder(None)
