"""Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (TT 03/2025 title), from
the latest apology event: the reason, the apology and the new return date."""

from __future__ import annotations

from datetime import datetime

from reportlab.platypus import Paragraph

from counter.domain.agency import running_name
from counter.domain.dossier import Event, EventType
from counter.domain.forms import FormNotApplicable
from counter.printing.common import issued, letter
from counter.printing.data import FormData, event_time
from counter.printing.layout import esc, moment_text, no_widow, page_for, sentence, styles_for


def apology(data: FormData) -> Event:
    event = data.latest(EventType.APOLOGY_ISSUED)
    if event is None:
        late = "đã quá hạn" if data.dossier.late else "chưa quá hạn"
        raise FormNotApplicable(
            f"Hồ sơ {data.dossier.code} {late} và chưa có xin lỗi, hẹn lại ngày trả: không in "
            "Văn bản xin lỗi (Mẫu 04). Hãy ghi nhận lý do và ngày hẹn mới trước."
        )
    return event


def check(data: FormData) -> None:
    apology(data)


def late_wording(before_due: bool, reason: str) -> str:
    """The sentence on the delay, true on the day the letter is dated: sent at least a day
    before the deadline (DOMAIN.md) it says the dossier will not be resolved on time; dated
    after, that it was not."""
    if before_due:
        return (
            "Tuy nhiên, hồ sơ của ông/bà không thể giải quyết xong trong thời hạn nêu trên. "
            f"Lý do: {reason}"
        )
    return (
        f"Tuy nhiên, đến nay hồ sơ của ông/bà chưa được giải quyết xong đúng hạn. Lý do: {reason}"
    )


def build(data: FormData, paper: str, reprint: bool) -> bytes:
    page = page_for(paper)
    st = styles_for(page.font)
    view = data.dossier
    event = apology(data)
    p = event.payload
    previous = p.get("previous_due_at")
    old_due = datetime.fromisoformat(previous) if previous else view.original_due_at
    new_due = datetime.fromisoformat(p["new_due_at"])
    dated = event_time(event)
    before_due = old_due is not None and dated < old_due
    unit = running_name(data.office.unit_name)
    # The letter is the governing body's: it resolves the dossier and answers for the delay.
    body_name = running_name(data.office.governing_body)
    reason = esc(sentence(str(p.get("reason", ""))))
    delay = (
        f"{esc(body_name)} trân trọng xin lỗi ông/bà vì sự chậm trễ này và đề nghị gia hạn "
        "thời gian giải quyết hồ sơ."
        if before_due
        else f"Sự chậm trễ này đã gây phiền hà cho ông/bà. {esc(body_name)} trân trọng xin lỗi "
        "ông/bà và đề nghị gia hạn thời gian giải quyết hồ sơ."
    )
    body = letter(
        data,
        page,
        st,
        [
            Paragraph(
                f"Ngày {esc(view.received_at.strftime('%d/%m/%Y') if view.received_at else '…')}, "
                f"{esc(unit)} tiếp nhận hồ sơ của ông/bà, đề nghị giải quyết: "
                f"{esc(no_widow(view.procedure_name))}.",
                st.letter,
            ),
            Paragraph(f"Mã hồ sơ: <b>{esc(view.code)}</b>", st.letter),
            Paragraph(f"Thời gian hẹn trả kết quả: {esc(moment_text(old_due))}", st.letter),
            Paragraph(late_wording(before_due, reason), st.letter),
            Paragraph(delay, st.letter),
            Paragraph(
                # The new appointment with its time, as the dialog takes it and the slip and
                # Mẫu 06 print it.
                f"<b>Thời gian hẹn trả kết quả lại: {new_due:%H} giờ {new_due:%M} phút, "
                f"ngày {new_due:%d} tháng {new_due:%m} năm {new_due:%Y}.</b>",
                st.letter,
            ),
            Paragraph("Rất mong nhận được sự thông cảm của ông/bà. Trân trọng./.", st.letter),
        ],
    )
    return issued(
        data,
        page,
        st,
        form="04",
        number="Số: ……/……",
        day=dated.date(),
        body=body,
        reprint=reprint,
        issuer=data.office.governing_body,
    )
