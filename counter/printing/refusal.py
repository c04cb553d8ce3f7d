"""Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reason."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Flowable, Paragraph

from counter.domain.agency import running_name
from counter.domain.dossier import EventType
from counter.domain.forms import FormNotApplicable
from counter.printing.common import contact_lines, document_number, issued
from counter.printing.data import FormData, event_time
from counter.printing.layout import (
    esc,
    field,
    moment_text,
    page_for,
    sentence,
    signatures,
    styles_for,
)


def refusal(data: FormData) -> tuple[str, datetime, str]:
    """(reason, when, who refused): at intake, or later on a registered/supplement dossier."""
    event = data.latest(EventType.REFUSED)
    if event is not None:
        return str(event.payload.get("reason", "")), event_time(event), event.actor
    intake = data.intake
    if intake.get("outcome") == "refused":
        received = data.first(EventType.RECEIVED)
        at = (
            datetime.fromisoformat(intake["received_at"])
            if intake.get("received_at")
            else event_time(received)
        )
        return str(intake.get("refuse_reason", "")), at, received.actor
    raise FormNotApplicable(
        f"Hồ sơ {data.dossier.code} không bị từ chối tiếp nhận: không in Phiếu từ chối "
        "tiếp nhận giải quyết hồ sơ (Mẫu 03)."
    )


def check(data: FormData) -> None:
    refusal(data)


def build(data: FormData, paper: str, reprint: bool) -> bytes:
    page = page_for(paper)
    st = styles_for(page.font)
    view = data.dossier
    reason, at, actor = refusal(data)
    body: list[Flowable] = [
        field(st, "Mã hồ sơ", view.code, bold=True),
        Paragraph(
            f"{esc(running_name(data.office.unit_name))} tiếp nhận hồ sơ của ông/bà "
            f"<b>{esc(view.applicant_name)}</b> vào lúc {esc(moment_text(at))}.",
            st.body,
        ),
        *contact_lines(st, data),
        field(st, "Nội dung yêu cầu giải quyết", view.procedure_name),
        Paragraph(
            "Sau khi xem xét, đối chiếu thành phần hồ sơ với quy định của pháp luật, "
            f"{esc(running_name(data.office.unit_name))} thông báo không tiếp nhận, giải quyết hồ sơ "
            "này với lý do cụ thể như sau:",
            st.body,
        ),
        Paragraph(f"<b>{esc(sentence(reason))}</b>", st.letter),
        Paragraph("Xin thông báo để ông/bà được biết và thực hiện./.", st.body),
        signatures(
            st,
            page.width,
            [
                ("NGƯỜI NỘP HỒ SƠ", view.applicant_name),
                ("NGƯỜI TIẾP NHẬN HỒ SƠ", data.name_of(actor)),
            ],
        ),
    ]
    number = f"Số: {document_number(view.code)}/TCHS"
    return issued(
        data, page, st, form="03", number=number, day=at.date(), body=body, reprint=reprint
    )
