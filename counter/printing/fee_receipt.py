"""Biên lai thu phí, lệ phí: the receipt for a fee paid at the counter, with the number the
clerk typed (the receipt book's or the e-receipt's), the rule and the counts it was computed
from, the amount in figures and words, and both signatures."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from counter.domain.amount import amount_in_words, format_money
from counter.domain.dossier import Event, EventType
from counter.domain.forms import FormNotApplicable
from counter.printing.common import fee_counts, issued
from counter.printing.data import FormData, event_time
from counter.printing.layout import esc, field, page_for, signatures, styles_for
from counter.services.views import PAYMENT_METHODS


def payment_event(data: FormData) -> Event:
    """The payment the receipt is for: the latest one recorded."""
    event = data.latest(EventType.PAYMENT_RECORDED)
    if event is None:
        raise FormNotApplicable(
            f"Hồ sơ {data.dossier.code} chưa ghi nhận khoản thu phí, lệ phí nào: "
            "không in Biên lai thu phí, lệ phí."
        )
    return event


def check(data: FormData) -> None:
    payment_event(data)


def receipt_number(event: Event) -> str:
    """The number typed with the payment, or dots for the pen."""
    return str(event.payload.get("receipt_no") or "") or "……………"


def basis_text(data: FormData) -> str:
    """What the amount was computed from: the rule and the counts, and a correction's reason."""
    fee = data.intake.get("fee") or {}
    parts = []
    if fee.get("rule"):
        parts.append(str(fee["rule"]))
    counts = fee_counts(data)
    if counts:
        parts.append(counts)
    if fee.get("reason"):
        parts.append(
            f"mức tính theo quy định {format_money(int(fee.get('computed', 0)))},"
            f" điều chỉnh: {fee['reason']}"
        )
    return "; ".join(parts)


def build(data: FormData, paper: str, reprint: bool) -> bytes:
    page = page_for(paper)
    st = styles_for(page.font)
    view = data.dossier
    event = payment_event(data)
    at = event_time(event)
    amount = int(event.payload["amount"])
    method = PAYMENT_METHODS.get(str(event.payload.get("method", "")), "")
    address = str(data.applicant.get("address") or "")
    body = [
        field(st, "Họ và tên người nộp", view.applicant_name, bold=True),
        *([field(st, "Địa chỉ", address)] if address else []),
        field(st, "Mã hồ sơ", view.code),
        Paragraph(
            f"Nội dung thu: phí, lệ phí giải quyết thủ tục hành chính «{esc(view.procedure_name)}»",
            st.body,
        ),
    ]
    basis = basis_text(data)
    if basis:
        body.append(field(st, "Căn cứ tính", basis))
    body += [
        field(st, "Số tiền", format_money(amount), bold=True),
        field(st, "Bằng chữ", amount_in_words(amount)),
        *([field(st, "Hình thức nộp", method)] if method else []),
        field(st, "Thời điểm thu", at.strftime("%H giờ %M phút, ngày %d/%m/%Y")),
        signatures(
            st,
            page.width,
            [("NGƯỜI NỘP TIỀN", ""), ("NGƯỜI THU TIỀN", data.name_of(event.actor))],
        ),
    ]
    return issued(
        data,
        page,
        st,
        form="BL",
        number=f"Số: {receipt_number(event)}",
        day=at.date(),
        body=body,
        reprint=reprint,
    )
