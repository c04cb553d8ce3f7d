"""The period report as an A4 PDF (reportlab): header, figures, indicators, charts, late list."""

from __future__ import annotations

import unicodedata
from functools import cache
from io import BytesIO
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from counter.errors import CounterError
from counter.paths import get_asset
from counter.services.reports import COLUMNS, GROUPINGS, Report, format_count, indicators

# Times New Roman's metric twin, with full Vietnamese coverage. resources/fonts/ wins when the
# bundled fonts arrive; the system copy is the fallback on Debian/Ubuntu (fonts-liberation2).
FONT_FILES = {
    "ReportSerif": "LiberationSerif-Regular.ttf",
    "ReportSerif-Bold": "LiberationSerif-Bold.ttf",
    "ReportSerif-Italic": "LiberationSerif-Italic.ttf",
}
FONT_DIRS = (
    get_asset("fonts"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
REGULAR, BOLD, ITALIC = "ReportSerif", "ReportSerif-Bold", "ReportSerif-Italic"

CHANNEL_COLOURS = (
    colors.HexColor("#2F5D8A"),
    colors.HexColor("#E08A2E"),
    colors.HexColor("#4C9A5B"),
)
LATE_COLOUR = colors.HexColor("#C0392B")
# The PDF is read on paper: a long list of codes belongs in the Excel export.
LATE_LIST_LIMIT = 100


@cache
def register_fonts() -> None:
    """Register the report fonts once; a clear message when none can be found."""
    for name, filename in FONT_FILES.items():
        path = next((d / filename for d in FONT_DIRS if (d / filename).is_file()), None)
        if path is None:
            raise CounterError(
                f"Không tìm thấy phông chữ {filename} để in báo cáo. "
                "Hãy cài gói fonts-liberation2 hoặc chép phông vào thư mục resources/fonts."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=10, leading=12.5)
    return {
        "base": base,
        "center": ParagraphStyle("center", base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", base, fontName=BOLD, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER
        ),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=6),
        "cell": ParagraphStyle("cell", base, fontSize=7.5, leading=9),
        "head": ParagraphStyle(
            "head", base, fontName=BOLD, fontSize=7, leading=8.5, alignment=TA_CENTER
        ),
        "note": ParagraphStyle("note", base, fontName=ITALIC, fontSize=9, leading=11),
    }


def render_pdf(report: Report, target: Path | BytesIO) -> None:
    """Write the report as a landscape A4 PDF (the table is 21 columns wide)."""
    register_fonts()
    st = _styles()
    page = landscape(A4)
    doc = SimpleDocTemplate(
        target if isinstance(target, BytesIO) else str(target),
        pagesize=page,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=_nfc(f"Báo cáo kết quả giải quyết TTHC - {report.period.label}"),
        author=_nfc(report.office_name),
    )
    width = page[0] - 24 * mm

    def p(text: str, style: str = "base") -> Paragraph:
        return Paragraph(_nfc(text), st[style])

    story: list = []
    story.append(_header(report, width, p))
    story.append(Spacer(1, 5 * mm))
    story.append(p("BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "title"))
    story.append(p(report.period.label, "center_bold"))
    as_of = f"Số liệu tính đến {report.as_of:%H:%M} ngày {report.as_of:%d/%m/%Y}"
    if not report.complete:
        as_of += " (kỳ báo cáo chưa kết thúc)"
    story.append(p(as_of, "center"))
    story.append(Spacer(1, 4 * mm))

    story.append(p("I. SỐ LIỆU TỔNG HỢP", "h2"))
    story.append(_figures_table(report, width, p))
    story.append(
        p(
            "Kỳ trước chuyển qua: hồ sơ tiếp nhận trước kỳ, chưa giải quyết xong khi bắt đầu kỳ. "
            "Tổng số nhận giải quyết = đã giải quyết + đang giải quyết + từ chối + dừng + rút. "
            "Quá hạn tính theo hạn trả theo quy định (trước khi xin lỗi, hẹn lại).",
            "note",
        )
    )

    story.append(CondPageBreak(70 * mm))
    story.append(p("II. CÁC CHỈ SỐ CHẤT LƯỢNG (QĐ 766/QĐ-TTg)", "h2"))
    story.append(_indicator_table(report, width, p))

    story.append(CondPageBreak(80 * mm))
    story.append(p("III. BIỂU ĐỒ", "h2"))
    chart_w = (width - 10 * mm) / 3
    charts = Table(
        [
            [
                _received_chart(report, chart_w),
                _on_time_chart(report, chart_w),
                _late_chart(report, chart_w),
            ]
        ],
        colWidths=[chart_w + 10 * mm / 3] * 3,
    )
    charts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(charts)

    missing = report.without_apology
    story.append(CondPageBreak(30 * mm))
    story.append(p("IV. HỒ SƠ QUÁ HẠN CHƯA CÓ VĂN BẢN XIN LỖI", "h2"))
    if missing:
        story.append(
            p(
                f"Có {format_count(len(missing))} hồ sơ quá hạn chưa có văn bản xin lỗi "
                "(Mẫu 04); danh sách ở phụ lục kèm theo."
            )
        )
    else:
        story.append(p("Không có hồ sơ quá hạn nào thiếu văn bản xin lỗi."))

    story.append(Spacer(1, 8 * mm))
    sign = Table(
        [
            [p("NGƯỜI LẬP BÁO CÁO", "center_bold"), p("LÃNH ĐẠO", "center_bold")],
            [p("(Ký và ghi rõ họ tên)", "center"), p("(Ký tên, đóng dấu)", "center")],
        ],
        colWidths=[width / 2, width / 2],
    )
    story.append(KeepTogether([sign]))
    if missing:
        # The list is an appendix: the signed report stays short, however long the list.
        story.append(PageBreak())
        story.append(p("PHỤ LỤC: DANH SÁCH HỒ SƠ QUÁ HẠN CHƯA CÓ VĂN BẢN XIN LỖI", "title"))
        story.append(p(report.period.label, "center_bold"))
        story.append(Spacer(1, 4 * mm))
        story.append(_late_table(report, width, p))
    doc.build(story, onFirstPage=_footer(report), onLaterPages=_footer(report))


def _header(report: Report, width: float, p) -> Table:  # type: ignore[no-untyped-def]
    place = f"{report.place_name}, " if report.place_name else ""
    table = Table(
        [
            [
                p(report.governing_body.upper(), "center"),
                p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "center_bold"),
            ],
            [
                p(f"<u>{report.office_name.upper()}</u>", "center_bold"),
                p("<u>Độc lập - Tự do - Hạnh phúc</u>", "center_bold"),
            ],
            [
                p("", "center"),
                p(
                    f"<i>{place}ngày {report.generated_at:%d} tháng {report.generated_at:%m} "
                    f"năm {report.generated_at:%Y}</i>",
                    "center",
                ),
            ],
        ],
        colWidths=[width * 0.4, width * 0.6],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _footer(report: Report):  # type: ignore[no-untyped-def]
    def draw(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(REGULAR, 8)
        canvas.drawRightString(
            doc.pagesize[0] - 12 * mm,
            7 * mm,
            _nfc(f"{report.period.label} - trang {doc.page}"),
        )
        canvas.restoreState()

    return draw


def _figures_table(report: Report, width: float, p) -> Table:  # type: ignore[no-untyped-def]
    name_w = 52 * mm
    col_w = (width - name_w - 8 * mm) / len(COLUMNS)
    groups = [p("STT", "head"), p(GROUPINGS[report.by], "head")]
    heads = ["", ""]
    spans = []
    start = 2
    for i, col in enumerate(COLUMNS):
        groups.append(p(col.group, "head") if i == 0 or COLUMNS[i - 1].group != col.group else "")
        heads.append(p(col.header, "head"))
        last = i + 1 == len(COLUMNS) or COLUMNS[i + 1].group != col.group
        if last:
            spans.append(("SPAN", (start, 0), (2 + i, 0)))
            start = 3 + i
    data = [groups, heads]
    items = [*report.rows, report.total] if report.by else [report.total]
    for n, item in enumerate(items, start=1):
        total = item is report.total
        label = p(f"<b>{item.label}</b>" if total else item.label, "cell")
        data.append(["" if total else str(n), label, *(col.text(item.figures) for col in COLUMNS)])
    table = Table(data, colWidths=[8 * mm, name_w, *[col_w] * len(COLUMNS)], repeatRows=2)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 7.5),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#DDE6F0")),
                ("SPAN", (0, 0), (0, 1)),
                ("SPAN", (1, 0), (1, 1)),
                *spans,
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 2), (-1, -1), "RIGHT"),
                ("ALIGN", (0, 2), (0, -1), "CENTER"),
                ("FONT", (0, -1), (-1, -1), BOLD, 7.5),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F2F2F2")),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _indicator_table(report: Report, width: float, p) -> Table:  # type: ignore[no-untyped-def]
    data = [[p("<b>Chỉ số</b>"), p("<b>Giá trị</b>"), p("<b>Ghi chú</b>")]]
    for item in indicators(report):
        data.append([p(item.label), item.text(), p(item.note, "note") if item.note else ""])
    table = Table(data, colWidths=[width * 0.45, width * 0.13, width * 0.42], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 10),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F0")),
                ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _late_table(report: Report, width: float, p) -> Table:  # type: ignore[no-untyped-def]
    data = [
        [
            p("<b>STT</b>"),
            p("<b>Mã hồ sơ</b>"),
            p("<b>Thủ tục</b>"),
            p("<b>Người nộp</b>"),
            p("<b>Hạn trả theo quy định</b>"),
            p("<b>Tình trạng</b>"),
        ]
    ]
    missing = report.without_apology
    for n, d in enumerate(missing[:LATE_LIST_LIMIT], start=1):
        due = d.legal_due_at or ""
        state = (
            f"Giải quyết xong {_ddmmyyyy(d.resolved_at)}" if d.resolved_at else "Đang giải quyết"
        )
        data.append(
            [
                str(n),
                d.code,
                p(_short(d.procedure_name, 90), "cell"),
                p(d.applicant_name, "cell"),
                _ddmmyyyy(due, with_time=True),
                state,
            ]
        )
    if len(missing) > LATE_LIST_LIMIT:
        rest = len(missing) - LATE_LIST_LIMIT
        data.append(
            [
                "",
                p(f"… và {format_count(rest)} hồ sơ khác (xem danh sách đầy đủ trong tệp Excel)."),
                "",
                "",
                "",
                "",
            ]
        )
    table = Table(
        data,
        colWidths=[12 * mm, 52 * mm, width - 194 * mm, 45 * mm, 35 * mm, 50 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F0")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _ddmmyyyy(moment: str | None, *, with_time: bool = False) -> str:
    """'2026-09-23 09:00:00' → '23/09/2026' (or '09:00 23/09/2026')."""
    if not moment:
        return ""
    day = f"{moment[8:10]}/{moment[5:7]}/{moment[:4]}"
    return f"{moment[11:16]} {day}" if with_time else day


# --- charts --------------------------------------------------------------------------------

_CHART_H = 72 * mm


def _chart_frame(width: float, title: str) -> Drawing:
    drawing = Drawing(width, _CHART_H)
    drawing.add(
        String(
            width / 2, _CHART_H - 11, _nfc(title), fontName=BOLD, fontSize=9, textAnchor="middle"
        )
    )
    return drawing


def _axis_bottom(report: Report) -> float:
    """Room under a chart for its month labels (slanted past six months) and its legend."""
    return 56 if len(report.months) > 6 else 42


def _month_labels(report: Report) -> list[str]:
    return [m.label for m in report.months]


def _received_chart(report: Report, width: float) -> Drawing:
    """Received per month, stacked by channel."""
    drawing = _chart_frame(width, "Hồ sơ tiếp nhận theo tháng và hình thức")
    chart = VerticalBarChart()
    bottom = _axis_bottom(report)
    chart.x, chart.y = 30, bottom
    chart.width, chart.height = width - 40, _CHART_H - bottom - 30
    series = [
        [m.received_direct for m in report.months],
        [m.received_postal for m in report.months],
        [m.received_online for m in report.months],
    ]
    chart.data = series if report.months else [[0], [0], [0]]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = _month_labels(report) or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(report.months) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(report.months) > 6 else "n"
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: format_count(int(v))
    for i, colour in enumerate(CHANNEL_COLOURS):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 10, 8
    legend.fontName = REGULAR
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 62
    legend.dxTextSpace = 3
    legend.colorNamePairs = list(
        zip(
            CHANNEL_COLOURS, [_nfc("Trực tiếp"), _nfc("Bưu chính"), _nfc("Trực tuyến")], strict=True
        )
    )
    drawing.add(legend)
    return drawing


def _on_time_chart(report: Report, width: float) -> Drawing:
    """Share of the month's resolved dossiers resolved ahead or on time, in per cent."""
    drawing = _chart_frame(width, "Tỷ lệ giải quyết đúng hạn theo tháng (%)")
    rates = [m.on_time_rate for m in report.months]
    chart = HorizontalLineChart()
    bottom = _axis_bottom(report)
    chart.x, chart.y = 30, bottom
    chart.width, chart.height = width - 40, _CHART_H - bottom - 30
    # A month with nothing resolved has no rate: reportlab skips None points.
    chart.data = [[None if r is None else round(r * 100, 1) for r in rates] or [None]]
    chart.categoryAxis.categoryNames = _month_labels(report) or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(report.months) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(report.months) > 6 else "n"
    known = [r * 100 for r in rates if r is not None]
    low = min(known, default=100.0)
    chart.valueAxis.valueMin = max(0, (int(low) // 10) * 10 - 10) if low < 100 else 80
    chart.valueAxis.valueMax = 100
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.lines[0].strokeColor = CHANNEL_COLOURS[0]
    chart.lines[0].strokeWidth = 1.5
    chart.lines[0].symbol = makeMarker("FilledCircle", size=4)
    chart.lineLabelFormat = lambda v: "" if v is None else f"{v:.1f}".replace(".", ",")
    chart.lineLabels.fontName = REGULAR
    chart.lineLabels.fontSize = 6.5
    chart.lineLabels.dy = 6
    drawing.add(chart)
    return drawing


def _late_chart(report: Report, width: float) -> Drawing:
    """Late dossiers of the period by procedure (the eight with the most)."""
    drawing = _chart_frame(width, "Hồ sơ quá hạn theo thủ tục")
    late = report.late_by_procedure()[:8]
    if not late:
        drawing.add(
            String(
                width / 2,
                _CHART_H / 2,
                _nfc("Không có hồ sơ quá hạn"),
                fontName=ITALIC,
                fontSize=9,
                textAnchor="middle",
            )
        )
        return drawing
    chart = HorizontalBarChart()
    label_w = width * 0.5
    chart.x, chart.y = label_w, 14
    chart.width, chart.height = width - label_w - 12, _CHART_H - 34
    late = list(reversed(late))  # the largest on top
    chart.data = [[n for _, n in late]]
    chart.categoryAxis.categoryNames = [_short(name, 34) for name, _ in late]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.boxAnchor = "e"
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


def _short(text: str, limit: int) -> str:
    text = _nfc(text)
    for prefix in ("Thủ tục ", "Thực hiện, "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            text = text[0].upper() + text[1:]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
