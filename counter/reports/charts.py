"""The report's three charts, drawn once with reportlab: the PDF places the drawings, the window
shows them as SVG."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm

from counter.domain.numbers import format_count, format_decimal
from counter.domain.text import nfc
from counter.printing.fonts import SERIF, ensure_fonts
from counter.reports.figures import Report
from counter.reports.presentation import procedure_label

REGULAR, BOLD, ITALIC = SERIF, f"{SERIF}-Bold", f"{SERIF}-Italic"
CHANNEL_COLOURS = (
    colors.HexColor("#2F5D8A"),
    colors.HexColor("#E08A2E"),
    colors.HexColor("#4C9A5B"),
)
LATE_COLOUR = colors.HexColor("#C0392B")
HEIGHT = 72 * mm  # the PDF's; the window draws at its own size
# The font family each reportlab face is in the bundled font files, for an SVG viewer.
_SVG_FONTS = {
    REGULAR: {"family": "Liberation Serif"},
    BOLD: {"family": "Liberation Serif", "weight": "bold"},
    ITALIC: {"family": "Liberation Serif", "style": "italic"},
}


@dataclass(frozen=True)
class ChartWords:
    """The words the charts print; the window passes them in the interface language."""

    received: str = "Hồ sơ tiếp nhận theo tháng và hình thức"
    on_time: str = "Tỷ lệ giải quyết đúng hạn theo tháng (%)"
    late: str = "Hồ sơ quá hạn theo thủ tục"
    no_late: str = "Không có hồ sơ quá hạn"
    channels: tuple[str, str, str] = ("Trực tiếp", "Bưu chính", "Trực tuyến")


VIETNAMESE = ChartWords()


class Chart(Protocol):
    """A chart of the report at a size, in points."""

    def __call__(
        self, report: Report, width: float, height: float = ..., words: ChartWords = ...
    ) -> Drawing: ...


def svg(drawing: Drawing) -> bytes:
    """The drawing as SVG, its text naming the families of the bundled fonts."""
    # useClip: a clip property, not a clipPath element, which Qt's SVG renderer draws black.
    text: str = renderSVG.drawToString(drawing, fontHacks=_SVG_FONTS, useClip=True)
    # reportlab writes an unfilled line as "fill: None", which SVG reads as black.
    return text.replace("fill: None;", "fill: none;").encode("utf-8")


def _frame(width: float, height: float, title: str) -> Drawing:
    ensure_fonts()  # the charts measure their labels in the fonts they name
    drawing = Drawing(width, height)
    drawing.add(
        String(width / 2, height - 11, nfc(title), fontName=BOLD, fontSize=9, textAnchor="middle")
    )
    return drawing


def _axis_bottom(report: Report) -> float:
    """Room under a chart for its month labels (slanted past six months) and its legend."""
    return 56 if len(report.months) > 6 else 42


def _over_months(
    chart: VerticalBarChart | HorizontalLineChart, report: Report, width: float, height: float
) -> None:
    """Place `chart` in its frame, over the months of the report."""
    bottom = _axis_bottom(report)
    chart.x, chart.y = 30, bottom
    chart.width, chart.height = width - 40, height - bottom - 30
    chart.categoryAxis.categoryNames = [m.label for m in report.months] or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(report.months) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(report.months) > 6 else "n"
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7


def received_chart(
    report: Report, width: float, height: float = HEIGHT, words: ChartWords = VIETNAMESE
) -> Drawing:
    """Received per month, stacked by channel."""
    drawing = _frame(width, height, words.received)
    chart = VerticalBarChart()
    _over_months(chart, report, width, height)
    series = [
        [m.received_direct for m in report.months],
        [m.received_postal for m in report.months],
        [m.received_online for m in report.months],
    ]
    chart.data = series if report.months else [[0], [0], [0]]
    chart.categoryAxis.style = "stacked"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: format_count(int(v))
    for i, colour in enumerate(CHANNEL_COLOURS):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 10, 14  # its top: the swatches and descenders stay inside
    legend.fontName = REGULAR
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 62
    legend.dxTextSpace = 3
    legend.colorNamePairs = list(
        zip(CHANNEL_COLOURS, [nfc(name) for name in words.channels], strict=True)
    )
    drawing.add(legend)
    return drawing


def on_time_chart(
    report: Report, width: float, height: float = HEIGHT, words: ChartWords = VIETNAMESE
) -> Drawing:
    """Share of the month's resolved dossiers resolved ahead or on time, in per cent."""
    drawing = _frame(width, height, words.on_time)
    rates = [m.on_time_rate for m in report.months]
    chart = HorizontalLineChart()
    _over_months(chart, report, width, height)
    # A month with nothing resolved has no rate: reportlab skips None points.
    chart.data = [[None if r is None else round(r * 100, 1) for r in rates] or [None]]
    known = [r * 100 for r in rates if r is not None]
    low = min(known, default=100.0)
    chart.valueAxis.valueMin = max(0, (int(low) // 10) * 10 - 10) if low < 100 else 80
    chart.valueAxis.valueMax = 100
    # A line needs two points: with fewer months resolved, only the markers are drawn
    # (reportlab refuses a one-point line, and the whole PDF with it).
    chart.lines[0].strokeColor = CHANNEL_COLOURS[0] if len(known) >= 2 else None
    chart.lines[0].strokeWidth = 1.5
    chart.lines[0].symbol = makeMarker("FilledCircle", size=4)
    # reportlab numbers a line's labels by its drawn points, which skip the None ones: a label
    # per point, in order (a format of the data put the first month's rate on a later month).
    chart.lineLabelFormat = "values"
    chart.lineLabelArray = [[format_decimal(v) for v in chart.data[0] if v is not None]]
    chart.lineLabels.fontName = REGULAR
    chart.lineLabels.fontSize = 6.5
    chart.lineLabels.dy = 6
    drawing.add(chart)
    return drawing


def late_chart(
    report: Report, width: float, height: float = HEIGHT, words: ChartWords = VIETNAMESE
) -> Drawing:
    """Late dossiers of the period by procedure (the eight with the most)."""
    drawing = _frame(width, height, words.late)
    late = report.late_by_procedure()[:8]
    if not late:
        drawing.add(
            String(
                width / 2,
                height / 2,
                nfc(words.no_late),
                fontName=ITALIC,
                fontSize=9,
                textAnchor="middle",
            )
        )
        return drawing
    chart = HorizontalBarChart()
    label_w = min(width * 0.5, 250)  # a wide window gives the bars the room
    chart.x, chart.y = label_w, 14
    chart.width, chart.height = width - label_w - 12, height - 34
    late = list(reversed(late))  # the largest on top
    chart.data = [[n for _, n in late]]
    # As many characters as the label column holds at 6.5 pt (3.65 pt a character, with room),
    # on as many lines (7.5 pt each) as a bar's height holds, up to three.
    limit = max(12, int(label_w / 3.65))
    lines = max(1, min(3, int(chart.height / len(late) / 7.5)))
    chart.categoryAxis.categoryNames = [procedure_label(name, limit, lines) for name, _ in late]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"  # wrapped lines end at the axis
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: format_count(int(v)) if v == int(v) else ""
    chart.bars[0].fillColor = LATE_COLOUR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lambda v: format_count(int(v))
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


CHARTS: tuple[Chart, ...] = (received_chart, on_time_chart, late_chart)
