"""The report's charts, one drawing for the PDF and the window: their words and where they sit."""

from __future__ import annotations

import re

from counter.reports import charts
from counter.reports.figures import build_report
from tests.services.report_scenario import Scenario, quarter

__all__ = ["quarter"]


def _texts(svg: bytes) -> dict[str, list[float]]:
    """Each text of the SVG with the x of every place it is anchored: the labels of axes and
    points sit in a group moved to their anchor (other texts: their own x)."""
    found: dict[str, list[float]] = {}
    anchored = rb'(?:<g transform=" matrix\(1,0,0,1,([-\d.]+),[-\d.]+\)">\s*)?'
    for moved, x, text in re.findall(anchored + rb'<text x="([-\d.]+)"[^>]*>([^<]*)</text>', svg):
        found.setdefault(text.decode(), []).append(float(moved or x))
    return found


def test_each_rate_is_written_over_its_own_month(quarter: Scenario) -> None:
    # May: nothing resolved, so no point; the labels used to shift onto the months before.
    report = build_report(quarter.ctx, "2026-05-01..2026-09-30")
    assert report.months[0].on_time_rate is None
    texts = _texts(charts.svg(charts.on_time_chart(report, 400)))
    for month in report.months[1:]:
        rate = f"{month.on_time_rate * 100:.1f}".replace(".", ",")  # type: ignore[operator]
        assert texts[month.label][0] in texts[rate], month.label


def test_the_svg_names_the_bundled_fonts_and_draws_no_black_box(quarter: Scenario) -> None:
    report = build_report(quarter.ctx, "2026-Q3")
    for chart in charts.CHARTS:
        svg = charts.svg(chart(report, 400, 200)).decode()
        assert "font-family: Liberation Serif" in svg and "CounterSerif" not in svg
        # Qt's SVG renderer fills an unknown fill ("None") and draws a clipPath rect black.
        assert "fill: None" not in svg and "<clipPath" not in svg


def test_the_window_may_name_the_charts_in_its_own_language(quarter: Scenario) -> None:
    report = build_report(quarter.ctx, "2026-04")  # nothing late then
    words = charts.ChartWords(late="Late dossiers by procedure", no_late="No late dossiers")
    texts = _texts(charts.svg(charts.late_chart(report, 400, words=words)))
    assert set(texts) == {"Late dossiers by procedure", "No late dossiers"}
