"""The period report as an A4 PDF (reportlab): header, figures, indicators, charts, late list."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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

from counter.domain.numbers import format_count
from counter.domain.text import nfc
from counter.printing.fonts import ensure_fonts
from counter.printing.layout import canvas_class
from counter.reports.charts import BOLD, CHARTS, ITALIC, REGULAR
from counter.reports.figures import Report
from counter.reports.presentation import (
    COLUMNS,
    GROUPINGS,
    indicators,
    short_procedure_name,
)

# The PDF is read on paper: a long list of codes belongs in the Excel export.
LATE_LIST_LIMIT = 100


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
    ensure_fonts()
    st = _styles()
    page = landscape(A4)
    doc = SimpleDocTemplate(
        target if isinstance(target, BytesIO) else str(target),
        pagesize=page,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=nfc(f"Báo cáo kết quả giải quyết TTHC - {report.period.label}"),
        author=nfc(report.office_name),
    )
    width = page[0] - 24 * mm

    def p(text: str, style: str = "base") -> Paragraph:
        return Paragraph(nfc(text), st[style])

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
        [[chart(report, chart_w) for chart in CHARTS]],
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

    story.extend(late_steps_section(report, width, p))

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
    doc.build(
        story,
        onFirstPage=_footer(report),
        onLaterPages=_footer(report),
        canvasmaker=canvas_class(report.demo),
    )


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
            nfc(f"{report.period.label} - trang {doc.page}"),
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
                p(short_procedure_name(d.procedure_name, 90), "cell"),
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


def late_steps_section(report: Report, width: float, p) -> list:  # type: ignore[no-untyped-def]
    """V. The dossiers late at a step of the internal process, by official and by body."""
    story: list = [
        CondPageBreak(40 * mm),
        p("V. HỒ SƠ CHẬM Ở TỪNG BƯỚC XỬ LÝ (QUY TRÌNH NỘI BỘ)", "h2"),
    ]
    steps = report.late_steps
    made = f"{report.generated_at:%H:%M} ngày {report.generated_at:%d/%m/%Y}"
    if not steps:
        return [*story, p(f"Đến {made} không có hồ sơ nào chậm ở bước đang xử lý.")]
    story.append(
        p(
            f"Đến {made} có {format_count(len(steps))} hồ sơ đã quá hạn của bước đang xử lý "
            "(hạn từng bước theo quy trình nội bộ của thủ tục)."
        )
    )
    half = (width - 6 * mm) / 2
    tables = []
    for by, title in (("official", "Theo người xử lý"), ("body", "Theo cơ quan, bộ phận")):
        data = [[p(f"<b>{title}</b>"), p("<b>Số hồ sơ</b>")]]
        for group in report.late_by(by)[:LATE_LIST_LIMIT]:
            data.append([p(group.name, "cell"), format_count(group.count)])
        table = Table(data, colWidths=[half - 25 * mm, 25 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F0")),
                    ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        tables.append(table)
    both = Table([tables], colWidths=[half + 3 * mm, half + 3 * mm])
    both.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    story.append(both)
    story.append(p("Danh sách từng hồ sơ (bước, người và hạn của bước): trong tệp Excel.", "note"))
    return story
