"""The Reports screen: built off the GUI thread, it shows the known quarter's figures and charts."""

from __future__ import annotations

import re
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


def _texts(chart) -> list[str]:  # type: ignore[no-untyped-def]
    """The words of a chart as the window shows it, in drawing order."""
    return re.findall(r">([^<]*)</text>", chart.svg.decode())


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
    assert values["Tỷ lệ số hóa hồ sơ"] == "0,0 %"
    assert screen.late_table.rowCount() == 4
    assert screen.late_table.item(0, 0).text() == quarter.codes["C2"]
    assert screen.late_table.item(0, 4).text() == "Chưa có"
    # Charts: the PDF's drawings, as SVG: three months by channel, a rate per month written
    # the Vietnamese way (Qt Charts wrote "66.7"), late per procedure, the most on top.
    assert _texts(screen.received_chart)[:4] == [
        "Hồ sơ tiếp nhận theo tháng và hình thức",
        "07/2026",
        "08/2026",
        "09/2026",
    ]
    assert _texts(screen.received_chart)[-3:] == ["Trực tiếp", "Bưu chính", "Trực tuyến"]
    assert _texts(screen.on_time_chart)[-3:] == ["66,7", "100,0", "66,7"]
    late = _texts(screen.late_chart)
    assert late[0] == "Hồ sơ quá hạn theo thủ tục"
    assert late[3] == "2" and late[6].startswith("Đăng ký đất đai")  # the last bar, drawn on top
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
    from ui import tasks
    from ui.screens.reports import ReportsScreen

    widget = ReportsScreen(quarter.ctx)
    widget.build("2026")
    assert tasks.pending() == 1
    widget.close()
    widget.deleteLater()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)


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


def _built(qtbot, screen, spec: str, by: str | None = None):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.reportReady, timeout=10_000) as ready:
        screen.build(spec, by)
    return ready.args[0]


def test_the_controls_say_what_the_table_shows(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    # A report asked for by code (the main window, a test) moves the controls with it.
    _built(qtbot, screen, "2026-09", "field")
    assert screen.kind.currentData() == "month" and screen.part.currentText() == "Tháng 9"
    assert screen.year.value() == 2026 and screen.grouping.currentData() == "field"
    assert screen.period_spec() == "2026-09"
    assert screen.table.horizontalHeaderItem(1).text() == "Lĩnh vực"
    _built(qtbot, screen, "2026")
    assert screen.kind.currentData() == "year" and screen.grouping.currentData() is None
    # Ungrouped, the one row is the period, under a header saying so (was "Toàn bộ").
    assert screen.table.horizontalHeaderItem(1).text() == "Kỳ báo cáo"
    assert screen.table.rowCount() == 1 and screen.table.item(0, 1).text() == "Năm 2026"
    _built(qtbot, screen, "2026-07-01..2026-08-15", "procedure")
    assert screen.kind.currentData() == "range"
    assert screen.period_spec() == "2026-07-01..2026-08-15"
    assert screen.table.horizontalHeaderItem(1).text() == "Thủ tục"
    _built(qtbot, screen, "2026-Q3")
    assert screen.kind.currentData() == "quarter" and screen.part.currentText() == "Quý III"


def test_changing_a_control_rebuilds_the_report(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    _built(qtbot, screen, "2026-Q3")
    with qtbot.waitSignal(screen.reportReady, timeout=10_000) as ready:
        screen.grouping.setCurrentIndex(screen.grouping.findData("procedure"))
    assert ready.args[0].by == "procedure" and ready.args[0].period.label == "Quý III năm 2026"
    with qtbot.waitSignal(screen.reportReady, timeout=10_000) as ready:
        screen.part.setCurrentIndex(1)  # Quý II: nothing received then
    assert ready.args[0].period.label == "Quý II năm 2026"
    assert screen.title.text().startswith("Quý II năm 2026")


def test_only_the_latest_request_is_shown(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    from ui import tasks

    shown = []
    screen.reportReady.connect(shown.append)
    screen.build("2026-07", "field")
    screen.build("2026-09")
    qtbot.waitUntil(lambda: tasks.pending() == 0 and not screen.busy, timeout=10_000)
    assert [r.period.label for r in shown] == ["Tháng 09/2026"]
    assert screen.period_spec() == "2026-09" and screen.grouping.currentData() is None


def test_the_status_line_speaks_to_a_leader(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    _built(qtbot, screen, "2026-Q3", "field")
    text = screen.status.text()
    assert text.startswith("14 hồ sơ nhận giải quyết, 4 hồ sơ quá hạn.")
    assert "giây" not in text
    _built(qtbot, screen, "2026-Q4")
    assert "Kỳ báo cáo chưa kết thúc" in screen.status.text()


def test_the_table_fits_1366_pixels(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    from counter.reports.presentation import COLUMNS
    from ui.screens.report_table import FIGURES

    screen.resize(1366, 700)
    _built(qtbot, screen, "2026-Q3", "procedure")
    table = screen.table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0)
    header = table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(table.columnCount()))
    assert used <= table.viewport().width()
    # Each group name is written once, in a band over its columns.
    assert [g[2] for g in screen.table_header.groups] == [
        "Số hồ sơ nhận giải quyết",
        "Số hồ sơ đã giải quyết",
        "Số hồ sơ đang giải quyết",
        "Không tiếp tục giải quyết",
        "Kết quả khác",
    ]
    assert table.horizontalHeaderItem(FIGURES).toolTip() == "Số hồ sơ nhận giải quyết: Tổng số"
    assert table.horizontalHeaderItem(FIGURES + len(COLUMNS) - 1).text().count("\n") >= 1
    # Long names wrap (at most three lines) and keep their whole text in a tooltip.
    assert table.wordWrap()
    names = [table.item(r, 1) for r in range(table.rowCount() - 1)]
    assert all(n.toolTip() == n.text() for n in names)
    assert header.sectionSize(1) >= screen.fontMetrics().horizontalAdvance("M") * 12


def test_f4_opens_the_current_quarter_already_built(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from ui import tasks

    qtbot.keyClick(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: getattr(window, "reports", None) is not None, timeout=5_000)
    screen = window.reports
    qtbot.waitUntil(lambda: screen.report is not None, timeout=10_000)
    today = window.state.ctx.now().date()
    quarter = (today.month - 1) // 3 + 1
    assert screen.period_spec() == f"{today.year}-Q{quarter}"
    assert screen.report.period.first.month == 3 * quarter - 2
    assert screen.table.rowCount() == 1 and screen.report.total.figures.handled > 0
    screen.close()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)


def test_the_navigation_list_opens_the_reports(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from ui import tasks
    from ui.main_window import HOME, REPORTS

    window.go(HOME)
    row = window.nav.row_of(REPORTS)
    item = window.nav.item(row)
    assert item.text() == "Báo cáo"
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: getattr(window, "reports", None) is not None, timeout=5_000)
    assert window.reports.isVisible()
    assert window.nav.currentRow() == window.nav.row_of(HOME)  # the work page stays selected
    assert window.pages.currentIndex() == HOME
    qtbot.waitUntil(lambda: window.reports.report is not None, timeout=10_000)
    window.reports.close()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10_000)


def test_a_control_changed_while_building_is_kept(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    from ui import tasks

    screen.build("2026-Q3")
    screen.grouping.setCurrentIndex(screen.grouping.findData("field"))  # before it is shown
    qtbot.waitUntil(
        lambda: (
            tasks.pending() == 0
            and not screen.busy
            and screen.report is not None
            and screen.report.by == "field"
        ),
        timeout=10_000,
    )
    assert screen.grouping.currentData() == "field" and screen.period_spec() == "2026-Q3"


def test_the_window_needs_no_pyside6_addons() -> None:
    """The charts were Qt Charts, from PySide6-Addons (161 MB for three charts): the window uses
    only modules of PySide6-Essentials and PySide6-Pdf, which pyproject.toml lists."""
    import ast
    from importlib import metadata

    try:
        addons = {
            Path(str(f)).name.split(".")[0]
            for f in metadata.files("PySide6_Addons") or []
            if str(f).startswith("PySide6/Qt") and str(f).endswith((".so", ".pyd"))
        }
    except metadata.PackageNotFoundError:
        return  # not installed: nothing of it can be imported
    assert "QtCharts" in addons
    used = set()
    for path in (Path(__file__).resolve().parents[2] / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                used.add((node.module or "").split(".")[1])
            elif isinstance(node, ast.Import):
                used |= {a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6.")}
    # Before PySide6 6.12 the PDF preview's QtPdf ships in Addons, which pyproject.toml then
    # lists for it alone.
    assert used and used & (addons - {"QtPdf", "QtPdfWidgets"}) == set()


def test_a_chart_is_drawn_again_at_its_new_size(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    def width() -> float:
        return float(re.search(rb'<svg width="([\d.]+)"', screen.late_chart.svg)[1])  # type: ignore[index]

    _built(qtbot, screen, "2026-Q3")
    screen.tabs.setCurrentIndex(screen.tabs.indexOf(screen.late_chart.parentWidget()))
    qtbot.waitUntil(lambda: screen.late_chart.isVisible())
    before = width()
    screen.resize(1600, 800)
    qtbot.waitUntil(lambda: width() > before * 1.2, timeout=2_000)
