"""Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ, one row per hand-over of the paper file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from counter.domain.dossier import OPEN, EventType
from counter.domain.forms import FORMS, FormNotApplicable
from counter.domain.process import COUNTER_BODY, StepResult, as_in_running_text, judge
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
from counter.services.process import body_of
from counter.services.views import Timeliness, parse_moment

# Rows left empty for hand-overs written by hand while the dossier is still being resolved.
BLANK_ROWS = 2


def check(data: FormData) -> None:
    if not data.accepted:
        raise FormNotApplicable(
            f"Hồ sơ {data.dossier.code} chưa được tiếp nhận giải quyết: không có quá trình "
            "giải quyết để kiểm soát (Mẫu 06)."
        )


def _when(moment: datetime | None) -> str:
    """The form's own wording: '10 giờ 30 phút, ngày 02 tháng 03 năm 2026'."""
    if moment is None:
        return "…giờ…phút, ngày … tháng … năm ……"
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d} tháng {moment:%m} năm {moment:%Y}"


@dataclass(frozen=True)
class HandOver:
    """A row of Mẫu 06: who gave to whom, when, and how the giver's step ended."""

    giver: str
    giver_body: str
    receiver: str
    receiver_body: str
    at: datetime
    step_due: datetime | None  # the deadline of the step the giver was doing
    result: StepResult | None
    note: str


def hand_overs(data: FormData) -> list[HandOver]:
    """Each hand-over judged against the deadline of the step it ends (the one its giver was
    doing: started at intake or by the previous hand-over), not the dossier's final due date;
    a hand-over written before the process existed falls back to the dossier's due moment."""
    settings = data.office
    intake = data.intake
    due = parse_moment(intake.get("step_due_at"))
    rows: list[HandOver] = []
    for event in data.of_type(EventType.TRANSFERRED, EventType.SUPPLEMENT_RECEIVED):
        p = event.payload
        if event.type == EventType.SUPPLEMENT_RECEIVED:
            due = parse_moment(p.get("step_due_at")) or due
            continue
        at = event_time(event)
        judged = due or data.dossier.original_due_at
        rows.append(
            HandOver(
                giver=str(p.get("from_person", "")) or data.name_of(event.actor),
                giver_body=body_of(str(p.get("from_unit", "")), settings),
                receiver=str(p.get("to_person", "")),
                receiver_body=body_of(str(p.get("to_unit") or p.get("step_body", "")), settings),
                at=at,
                step_due=judged,
                result=judge(at, judged) if judged else None,
                note=_note(p),
            )
        )
        due = parse_moment(p.get("step_due_at")) or due
    return rows


def _note(payload: dict[str, object]) -> str:
    parts: list[str] = []
    if payload.get("step_due_at"):
        due = parse_moment(str(payload["step_due_at"]))
        assert due is not None
        # The step the receiver does, and when it must be handed on.
        parts.append(f"Bước {payload.get('step')}, hạn {due:%H:%M} {due:%d/%m/%Y}")
    if payload.get("outside"):
        consignment = payload.get("consignment")
        parts.append(f"Liên thông, bưu gửi {consignment}" if consignment else "Liên thông")
    if payload.get("note"):
        parts.append(str(payload["note"]))
    return "; ".join(parts)


def coordinating_bodies(data: FormData) -> list[str]:
    """The bodies the dossier went to by liên thông, in order, each once (the body it went to,
    or on the way back the one it came from)."""
    ours = body_of(COUNTER_BODY, data.office)
    found: list[str] = []
    for event in data.of_type(EventType.TRANSFERRED):
        if event.payload.get("outside"):
            to_unit = str(event.payload.get("to_unit", ""))
            other = to_unit if to_unit != ours else str(event.payload.get("from_unit", ""))
            body = body_of(other, data.office)
            if body and body not in found:
                found.append(body)
    return found


def _party(role: str, body: str, person: str) -> str:
    who = f"<b>{esc(body)}</b>" if body else ""
    if person:
        who += f" – {esc(person)}" if who else f"<b>{esc(person)}</b>"
    return f"{role}: {who}"


# How small a signer's name may be set to stay on one line: a typical four-word name
# («Nguyễn Thị Ánh Tuyết», «Trương Thị Ngọc Hường») fits at this on A4 and A5.
NAME_SHRINK = 0.75


def _name(st: Styles, name: str, width: float) -> Paragraph:
    """A signer's name on one line where up to a quarter less type lets it (a name split over
    two lines reads as two people); a longer one wraps at the cell's size."""
    style = st.cell_center
    width -= 2 * mm  # a gap between the giver's name and the receiver's
    wide = stringWidth(name, style.fontName, style.fontSize)
    if wide > width and wide * NAME_SHRINK <= width:
        size = style.fontSize * width / wide
        style = ParagraphStyle(f"{style.name}-fit", style, fontSize=size, leading=size * 1.2)
    return Paragraph(esc(name), style)


def _signing_cell(st: Styles, width: float, giver: str, receiver: str, when: str) -> Flowable:
    inner = Table(
        [
            [Paragraph(esc(when), st.cell_center), ""],
            [
                Paragraph("<b>Người giao</b>", st.cell_center),
                Paragraph("<b>Người nhận</b>", st.cell_center),
            ],
            ["", ""],
            [_name(st, giver, width / 2), _name(st, receiver, width / 2)],
        ],
        colWidths=[width / 2, width / 2],
        rowHeights=[None, None, 7 * mm, None],
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
    # The signing column is the widest: two names side by side, each on one line.
    widths = [width * 0.24, width * 0.42, width * 0.14, width * 0.20]
    rows: list[list[object]] = [
        [
            Paragraph("TÊN CƠ QUAN", st.cell_head),
            Paragraph("THỜI GIAN GIAO, NHẬN HỒ SƠ", st.cell_head),
            Paragraph(
                "KẾT QUẢ GIẢI QUYẾT HỒ SƠ<br/><font size=-1><i>(Trước hạn/đúng hạn/quá hạn)</i></font>",
                st.cell_head,
            ),
            Paragraph("GHI CHÚ", st.cell_head),
        ]
    ]
    for i, row in enumerate(hand_overs(data), 1):
        who = [
            f"{i}. " + _party("Giao", row.giver_body, row.giver),
            _party("Nhận", row.receiver_body, row.receiver),
        ]
        rows.append(
            [
                [Paragraph(line, st.cell) for line in who],
                _signing_cell(st, widths[1] - 6, row.giver, row.receiver, _when(row.at)),
                Paragraph(esc(row.result.label if row.result else ""), st.cell_center),
                Paragraph(esc(row.note), st.cell),
            ]
        )
    if data.dossier.status in OPEN:
        n = len(rows)
        for j in range(BLANK_ROWS):
            rows.append(
                [
                    [Paragraph(f"{n + j}. Giao:", st.cell), Paragraph("Nhận:", st.cell)],
                    _signing_cell(st, widths[1] - 6, "", "", _when(None)),
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
            "Cơ quan (bộ phận) giải quyết hồ sơ",
            body_of(str(data.procedure.get("resolving_unit") or ""), data.office)
            or as_in_running_text(data.office.governing_body),
        ),
        field(
            st,
            "Cơ quan phối hợp giải quyết hồ sơ",
            ", ".join(coordinating_bodies(data)) or "……………………………………",
        ),
        field(st, "Thời gian nhận hồ sơ", moment_text(view.received_at)),
        field(st, "Thời gian hẹn trả kết quả", due),
        Spacer(1, st.size * 0.3),
        hand_over_table(st, data, page.width),
    ]
    # Only the form's three results: a dossier still in time has no result yet.
    if outcome in (Timeliness.AHEAD, Timeliness.ON_TIME, Timeliness.LATE):
        body += [
            Spacer(1, st.size * 0.5),
            field(st, "Kết quả giải quyết hồ sơ", outcome.label, bold=True),
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
