"""Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ, one row per hand-over of the paper file."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from counter.domain.dossier import OPEN, Event, EventType, Status
from counter.domain.forms import FORMS, FormNotApplicable
from counter.printing.barcodes import BarcodeFlowable
from counter.printing.common import document_number, issued
from counter.printing.data import FormData, event_time
from counter.printing.fonts import SERIF
from counter.printing.layout import (
    Styles,
    esc,
    field,
    grid,
    moment_text,
    page_for,
    styles_for,
)
from counter.services.views import Timeliness, timeliness

# Rows left empty for hand-overs written by hand while the dossier is still being resolved.
BLANK_ROWS = 2


def check(data: FormData) -> None:
    if not data.accepted:
        raise FormNotApplicable(
            f"Hồ sơ {data.dossier.code} chưa được tiếp nhận giải quyết: không có quá trình "
            "giải quyết để kiểm soát (Mẫu 06)."
        )


def step_result(data: FormData, event: Event) -> str:
    """Trước hạn / đúng hạn / quá hạn of a hand-over, against the dossier's legal due time."""
    result = timeliness(
        Status.RESOLVED, data.dossier.original_due_at, event_time(event), data.printed_at
    )
    return result.label


def _signing_cell(st: Styles, width: float, giver: str, receiver: str, when: str) -> Flowable:
    inner = Table(
        [
            [Paragraph(esc(when), st.cell_center), ""],
            [
                Paragraph("<b>Người giao</b>", st.cell_center),
                Paragraph("<b>Người nhận</b>", st.cell_center),
            ],
            ["", ""],
            [Paragraph(esc(giver), st.cell_center), Paragraph(esc(receiver), st.cell_center)],
        ],
        colWidths=[width / 2, width / 2],
        rowHeights=[None, None, 9 * mm, None],
    )
    inner.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("SPAN", (0, 0), (1, 0)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return inner


def hand_over_table(st: Styles, data: FormData, width: float) -> Flowable:
    widths = [width * 0.32, width * 0.36, width * 0.19, width * 0.13]
    rows: list[list[object]] = [
        [
            Paragraph("TÊN CƠ QUAN,<br/>NGƯỜI GIAO, NHẬN", st.cell_head),
            Paragraph("THỜI GIAN GIAO,<br/>NHẬN HỒ SƠ", st.cell_head),
            Paragraph(
                "KẾT QUẢ GIẢI QUYẾT HỒ SƠ<br/><font size=-1><i>(Trước hạn/đúng hạn/quá hạn)</i></font>",
                st.cell_head,
            ),
            Paragraph("GHI CHÚ", st.cell_head),
        ]
    ]
    for i, event in enumerate(data.of_type(EventType.TRANSFERRED), 1):
        p = event.payload
        giver = str(p.get("from_person", "")) or data.name_of(event.actor)
        receiver = str(p.get("to_person", ""))
        from_unit = str(p.get("from_unit", ""))
        to_unit = str(p.get("to_unit", ""))
        who = [
            f"{i}. Giao: <b>{esc(giver)}</b>" + (f" ({esc(from_unit)})" if from_unit else ""),
            f"Nhận: <b>{esc(receiver)}</b>" + (f" ({esc(to_unit)})" if to_unit else ""),
        ]
        rows.append(
            [
                [Paragraph(line, st.cell) for line in who],
                _signing_cell(st, widths[1] - 6, giver, receiver, moment_text(event_time(event))),
                Paragraph(esc(step_result(data, event)), st.cell_center),
                Paragraph(esc(p.get("note", "")), st.cell),
            ]
        )
    if data.dossier.status in OPEN:
        n = len(rows)
        for j in range(BLANK_ROWS):
            rows.append(
                [
                    [Paragraph(f"{n + j}. Giao:", st.cell), Paragraph("Nhận:", st.cell)],
                    _signing_cell(st, widths[1] - 6, "", "", moment_text(None)),
                    "",
                    "",
                ]
            )
    if len(rows) == 1:
        rows.append(["", Paragraph("<i>(Chưa có lần bàn giao nào)</i>", st.cell_center), "", ""])
    table = grid(rows, widths)
    table.setStyle(TableStyle([("VALIGN", (0, 1), (-1, -1), "TOP")]))
    return table


def build(data: FormData, paper: str, reprint: bool) -> bytes:
    page = page_for(paper)
    st = styles_for(page.font)
    view = data.dossier
    wide = page.width > 120 * mm
    due = moment_text(view.original_due_at)
    if view.due_at and view.original_due_at and view.due_at != view.original_due_at:
        due += f" (hẹn lại: {moment_text(view.due_at)})"
    outcome = view.timeliness
    body: list[Flowable] = [
        BarcodeFlowable(view.code, module=0.3 * mm if wide else 0.26 * mm, height=10 * mm),
        Spacer(1, 1 * mm),
        Paragraph(f"Mã hồ sơ: <b>{esc(view.code)}</b>", st.center),
        Spacer(1, st.size * 0.4),
        field(st, "Người nộp hồ sơ", view.applicant_name, bold=True),
        field(st, "Nội dung yêu cầu giải quyết", view.procedure_name),
        field(
            st,
            "Cơ quan giải quyết hồ sơ",
            str(data.procedure.get("resolving_unit") or data.office.governing_body),
        ),
        field(st, "Thời gian nhận hồ sơ", moment_text(view.received_at)),
        field(st, "Thời gian hẹn trả kết quả", due),
        Spacer(1, st.size * 0.3),
        hand_over_table(st, data, page.width),
    ]
    if outcome is not Timeliness.NONE:
        body += [
            Spacer(1, st.size * 0.5),
            field(st, "Kết quả giải quyết hồ sơ đến thời điểm in phiếu", outcome.label, bold=True),
        ]
    return issued(
        data,
        page,
        st,
        form="06",
        number=f"Số: {document_number(view.code)}/PKS",
        day=(view.received_at or data.printed_at).date(),
        body=body,
        reprint=reprint,
        subtitle=f"Kèm theo {FORMS['01'].title} số: {document_number(view.code)}/GTN",
    )
