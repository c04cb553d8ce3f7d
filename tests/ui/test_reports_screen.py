"""The Reports screen: built off the GUI thread, it shows the known quarter's figures and charts."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.services.report_scenario import Scenario, quarter

pytestmark = pytest.mark.gui
__all__ = ["quarter"]


@pytest.fixture
def screen(qtbot, quarter: Scenario):  # type: ignore[no-untyped-def]
    from ui.screens.reports import ReportsScreen

    widget = ReportsScreen(quarter.ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    qtbot.waitUntil(lambda: not widget.busy, timeout=10_000)


def test_defaults_to_the_current_quarter(screen) -> None:  # type: ignore[no-untyped-def]
    # The scenario's clock stands at 15/10/2026.
    assert screen.period_spec() == "2026-Q4"
    assert screen.report is None and not screen.busy  # built by whoever opens it (F4)
    screen.kind.setCurrentIndex(1)  # month
    assert screen.period_spec() == "2026-10"
    assert screen.part.isVisibleTo(screen) and not screen.first_day.isVisibleTo(screen)
    screen.kind.setCurrentIndex(3)  # range
    assert screen.first_day.isVisibleTo(screen) and not screen.year.isVisibleTo(screen)
    assert screen.period_spec() == "2026-10-01..2026-10-15"


def test_builds_in_the_background_and_shows_the_figures(qtbot, screen, quarter) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    screen.part.setCurrentIndex(2)  # Quý III
    screen.grouping.setCurrentIndex(1)  # by field
    with qtbot.waitSignal(screen.reportReady, timeout=10_000) as ready:
        qtbot.mouseClick(screen.build_button, Qt.MouseButton.LeftButton)
        assert screen.busy and screen.progress.isVisible()
    report = ready.args[0]
    assert report.total.figures.handled == 14
    assert not screen.progress.isVisible() and screen.build_button.isEnabled()
    table = screen.table
    assert table.rowCount() == 5  # four fields and the total
    total = [table.item(4, c).text() for c in range(1, 21)]
    assert total[:6] == ["Tổng cộng", "14", "3", "8", "1", "2"]
    assert total[-2:] == ["63,6 %", "6,4"]
    assert table.horizontalHeaderItem(1).text() == "Lĩnh vực"
    values = {
        screen.indicator_table.item(r, 0).text(): screen.indicator_table.item(r, 1).text()
        for r in range(screen.indicator_table.rowCount())
    }
    assert values["Tỷ lệ hài lòng"] == "66,7 %"
    assert values["Tỷ lệ số hóa hồ sơ, kết quả"] == "Chưa ghi nhận"
    assert screen.late_table.rowCount() == 4
    assert screen.late_table.item(0, 0).text() == quarter.codes["C2"]
    assert screen.late_table.item(0, 4).text() == "Chưa có"
    # Charts: three months stacked by channel, a rate per month, late per procedure.
    stacked = screen.received_chart.chart().series()[0]
    assert [list(s.at(i) for i in range(s.count())) for s in stacked.barSets()] == [
        [1.0, 0.0, 7.0],
        [0.0, 1.0, 0.0],
        [0.0, 1.0, 1.0],
    ]
    line = screen.on_time_chart.chart().series()[0]
    assert [round(p.y(), 1) for p in line.points()] == [66.7, 100.0, 66.7]
    late = screen.late_chart.chart().series()[0].barSets()[0]
    assert late.at(late.count() - 1) == 2.0  # land procedures, on top
    assert "Quý III năm 2026" in screen.title.text()


def test_a_bad_range_is_reported_not_raised(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.failed, timeout=2_000) as failed:
        screen.build("2026-09-30..2026-07-01")
    assert "ngày kết thúc" in failed.args[0]
    assert "ngày kết thúc" in screen.status.text()


def test_exports_the_shown_report(qtbot, screen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.reportReady, timeout=10_000):
        screen.build("2026-09")
    target = tmp_path / "t9.xlsx"
    with qtbot.waitSignal(screen.exported, timeout=10_000):
        screen.export_to(target, "xlsx")
    assert load_workbook(target)["Tổng hợp"]["A3"].value == "Tháng 09/2026"
    pdf = tmp_path / "t9.pdf"
    with qtbot.waitSignal(screen.exported, timeout=10_000):
        screen.export_to(pdf, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_closing_the_screen_while_it_works_is_harmless(qtbot, quarter) -> None:  # type: ignore[no-untyped-def]
    from ui.screens import reports

    widget = reports.ReportsScreen(quarter.ctx)
    widget.build("2026")
    assert reports.pending() == 1
    widget.close()
    widget.deleteLater()
    qtbot.waitUntil(lambda: reports.pending() == 0, timeout=10_000)


def test_f4_opens_the_reports_window_from_the_main_window(window, qtbot) -> None:
    from PySide6.QtCore import Qt

    from ui.screens.reports import ReportsScreen

    qtbot.keyClick(window, Qt.Key.Key_F4)
    qtbot.waitUntil(
        lambda: (
            isinstance(getattr(window, "reports", None), ReportsScreen)
            and window.reports.isVisible()
        )
    )
    assert window.reports.windowTitle() == "Báo cáo thống kê"
    first = window.reports
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert window.reports is first  # one Reports window, raised again
    window.reports.close()
