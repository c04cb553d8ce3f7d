"""Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (what is missing, and why)."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from counter.domain.agency import running_name
from counter.domain.dossier import EventType
from counter.domain.forms import FormNotApplicable
from counter.domain.text import fold
from counter.printing.common import contact_lines, document_number, issued
from counter.printing.data import FormData, event_time
from counter.printing.layout import (
    Styles,
    esc,
    field,
    grid,
    moment_text,
    page_for,
    sentence,
    signatures,
    styles_for,
)


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


def copy_kind(name: str) -> str:
    """Where a required copy goes in Mẫu 02's table: a copy to be shown with its original
    ("kèm bản chính để đối chiếu") or named a photocopy is a plain photocopy; any other copy
    the catalogue asks for stands alone, so it must be a certified copy (bản chứng thực)."""
    folded = fold(name)
    return "photo" if "doi chieu" in folded or "photo" in folded else "certified"


def missing_table(st: Styles, data: FormData, missing: list[str], width: float) -> Flowable:
    """TT 03/2025 Mẫu 02's table: each document to supplement with how many originals,
    certified copies and photocopies (the catalogue's counts; '-' for none or unknown)."""
    known = {fold(d.name): d for d in data.required}
    rows: list[list[object]] = [
        [
            Paragraph(text, st.cell_head)
            for text in (
                "STT",
                "Tên giấy tờ cần bổ sung, hoàn thiện",
                "Bản<br/>chính",
                "Bản<br/>chứng thực",
                "Bản<br/>photo",
            )
        ]
    ]
    for i, name in enumerate(missing, 1):
        doc = known.get(fold(name))
        copies = doc.copies if doc else 0
        kind = copy_kind(name)
        counts = (
            doc.originals if doc else 0,
            copies if kind == "certified" else 0,
            copies if kind == "photo" else 0,
        )
        rows.append(
            [
                Paragraph(str(i), st.cell_center),
                Paragraph(esc(name), st.cell),
                *(Paragraph(str(n) if n else "-", st.cell_center) for n in counts),
            ]
        )
    # "chứng thực" in bold is 19.7 mm at 11.5 pt (A4), 13.7 mm at 8 pt (A5), plus padding.
    narrow, certified = (17 * mm, 23 * mm) if width > 120 * mm else (13 * mm, 17 * mm)
    name = width - 10 * mm - 2 * narrow - certified
    return grid(rows, [10 * mm, name, narrow, certified, narrow])


def build(data: FormData, paper: str, reprint: bool) -> bytes:
    page = page_for(paper)
    st = styles_for(page.font)
    view = data.dossier
    missing, reason, at, actor = request(data)
    guide = data.name_of(actor)
    phone = data.office.phone
    body: list[Flowable] = [
        field(st, "Mã hồ sơ", view.code, bold=True),
        field(st, "Hồ sơ của ông/bà", view.applicant_name, bold=True),
        *contact_lines(st, data),
        field(st, "Nội dung yêu cầu giải quyết", view.procedure_name),
        field(st, "Thời gian nộp hồ sơ", moment_text(at)),
        Paragraph(
            f"Sau khi xem xét thành phần hồ sơ, {esc(running_name(data.office.unit_name))} "
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
    number = f"Số: {document_number(view.code)}/YCBS"
    return issued(
        data, page, st, form="02", number=number, day=at.date(), body=body, reprint=reprint
    )
