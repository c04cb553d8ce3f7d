"""Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (what is missing, and why)."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from counter.domain.dossier import EventType
from counter.domain.text import fold
from counter.printing.common import FormNotApplicable, document_number
from counter.printing.data import FormData, event_time
from counter.printing.layout import (
    Styles,
    build_pdf,
    esc,
    field,
    grid,
    header,
    moment_text,
    page_for,
    place_date,
    sentence,
    signatures,
    styles_for,
    title,
)

TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"


def request(data: FormData) -> tuple[list[str], str, datetime, str]:
    """(missing documents, reason, when, who asked): the latest request, or the intake's."""
    event = data.latest(EventType.SUPPLEMENT_REQUESTED)
    if event is not None:
        return (
            list(event.payload.get("missing", [])),
            str(event.payload.get("reason", "")),
            event_time(event),
            event.actor,
        )
    intake = data.intake
    if intake.get("outcome") == "supplement" and intake.get("missing"):
        received = data.first(EventType.RECEIVED)
        return (
            list(intake["missing"]),
            str(intake.get("supplement_reason", "")),
            event_time(received)
            if not intake.get("received_at")
            else datetime.fromisoformat(intake["received_at"]),
            received.actor,
        )
    raise FormNotApplicable(
        f"Hồ sơ {data.dossier.code} không có yêu cầu bổ sung nào: không in Phiếu yêu cầu "
        "bổ sung, hoàn thiện hồ sơ (Mẫu 02)."
    )


def check(data: FormData) -> None:
    request(data)


def missing_table(st: Styles, data: FormData, missing: list[str], width: float) -> Flowable:
    known = {fold(d.name): d for d in data.required}
    rows: list[list[object]] = [
        [
            Paragraph("STT", st.cell_head),
            Paragraph("Tên giấy tờ cần bổ sung, hoàn thiện", st.cell_head),
            Paragraph("Bản chính", st.cell_head),
            Paragraph("Bản sao", st.cell_head),
        ]
    ]
    for i, name in enumerate(missing, 1):
        doc = known.get(fold(name))
        rows.append(
            [
                Paragraph(str(i), st.cell_center),
                Paragraph(esc(name), st.cell),
                Paragraph(str(doc.originals) if doc and doc.originals else "-", st.cell_center),
                Paragraph(str(doc.copies) if doc and doc.copies else "-", st.cell_center),
            ]
        )
    narrow = 16 * mm if width > 120 * mm else 13 * mm
    return grid(rows, [10 * mm, width - 10 * mm - 2 * narrow, narrow, narrow])


def build(data: FormData, paper: str, reprint: bool) -> bytes:
    page = page_for(paper)
    st = styles_for(page.font)
    view = data.dossier
    missing, reason, at, actor = request(data)
    guide = data.name_of(actor)
    phone = data.office.phone
    story: list[Flowable] = [
        header(
            st,
            data.office,
            page.width,
            f"Số: {document_number(view.code)}/YCBS",
            place_date(data.office.place_name, at.date()),
        ),
        *title(st, TITLE),
        field(st, "Mã hồ sơ", view.code, bold=True),
        field(st, "Hồ sơ của ông/bà", view.applicant_name, bold=True),
        field(st, "Nội dung yêu cầu giải quyết", view.procedure_name),
        field(st, "Thời gian nộp hồ sơ", moment_text(at)),
        Paragraph(
            f"Sau khi xem xét thành phần hồ sơ, {esc(data.office.unit_name.lower())} "
            "đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
            st.body,
        ),
        missing_table(st, data, missing, page.width),
        Spacer(1, st.size * 0.5),
        field(st, "Lý do", sentence(reason)),
        Paragraph(
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ với "
            f"{esc(guide)}"
            + (f", số điện thoại {esc(phone)}" if phone else "")
            + " để được hướng dẫn.",
            st.body,
        ),
        signatures(
            st,
            page.width,
            [("NGƯỜI NỘP HỒ SƠ", view.applicant_name), ("NGƯỜI HƯỚNG DẪN", guide)],
        ),
    ]
    return build_pdf(page, story, reprint=reprint, title_text=f"Mẫu 02 - {view.code}")
