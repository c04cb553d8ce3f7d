"""Mẫu 05: Thông báo dừng giải quyết hồ sơ, when the citizen stops or withdraws the dossier."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from counter.domain.agency import running_name
from counter.domain.dossier import Event, EventType
from counter.domain.forms import FormNotApplicable
from counter.printing.common import issued, letter
from counter.printing.data import FormData, event_time
from counter.printing.layout import NBSP, esc, moment_text, no_widow, page_for, sentence, styles_for


def stop_event(data: FormData) -> Event:
    event = data.latest(EventType.STOPPED, EventType.WITHDRAWN)
    if event is None:
        raise FormNotApplicable(
            f"Hồ sơ {data.dossier.code} không có đề nghị dừng giải quyết hay rút hồ sơ: "
            "không in Thông báo dừng giải quyết hồ sơ (Mẫu 05)."
        )
    return event


def check(data: FormData) -> None:
    stop_event(data)


def build(data: FormData, paper: str, reprint: bool) -> bytes:
    page = page_for(paper)
    st = styles_for(page.font)
    view = data.dossier
    event = stop_event(data)
    at = event_time(event)
    unit = running_name(data.office.unit_name)
    body_name = running_name(data.office.governing_body)
    asked = "rút hồ sơ" if event.type == EventType.WITHDRAWN else "dừng giải quyết hồ sơ"
    body = letter(
        data,
        page,
        st,
        [
            Paragraph(
                f"{esc(unit)} đã tiếp nhận hồ sơ của ông/bà vào lúc "
                f"{esc(moment_text(view.received_at))}, đề nghị giải quyết: "
                f"{esc(no_widow(view.procedure_name))}.",
                st.letter,
            ),
            Paragraph(f"Mã hồ sơ: <b>{esc(view.code)}</b>", st.letter),
            Paragraph(
                f"Vào lúc {esc(moment_text(at))}, ông/bà có đề nghị {asked}. "
                f"Lý do: {esc(sentence(str(event.payload.get('reason', ''))))}",
                st.letter,
            ),
            Paragraph(
                f"{esc(body_name)} thông báo dừng giải quyết hồ sơ nêu trên kể từ "
                f"ngày {at:%d/%m/%Y}. Ông/bà liên hệ {esc(unit)}"
                + (
                    f" (số điện thoại {esc(data.office.phone.replace(' ', NBSP))})"
                    if data.office.phone
                    else ""
                )
                + " để nhận lại hồ sơ, giấy tờ đã nộp (nếu có).",
                st.letter,
            ),
            Paragraph("Xin thông báo để ông/bà được biết./.", st.letter),
        ],
    )
    number = "Số: ……/TB-……"
    return issued(
        data,
        page,
        st,
        form="05",
        number=number,
        day=at.date(),
        body=body,
        reprint=reprint,
        issuer=data.office.governing_body,
    )
