"""Pieces several forms share: numbering, time allowed, delivery, fee, the VietQR block, and
the heading and title every issued form opens with."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from counter.domain import vietqr
from counter.domain.agency import running_name
from counter.domain.amount import amount_in_words, format_money
from counter.domain.calendar import TimeUnit
from counter.domain.fees import counts_text
from counter.domain.forms import FORMS
from counter.printing.barcodes import QrFlowable
from counter.printing.data import FormData
from counter.printing.fonts import SERIF
from counter.printing.layout import (
    Page,
    Styles,
    build_pdf,
    closing,
    esc,
    field,
    header,
    place_date,
    title,
)
from counter.services.views import DELIVERIES, PAYMENT_METHODS


def document_number(code: str) -> str:
    """'000.00.12.H40-260302-0001' → '260302-0001': the number a form carries after 'Số:'.

    The daily sequence alone ('0001') starts again every day, so every day's first receipt
    would be 'Số: 0001/GTN'; with the day of receipt in front the number is the office's part of
    the dossier code, unique and the same on every form of the dossier."""
    _, day, sequence = code.rsplit("-", 2)
    return f"{day}-{sequence}"


def time_allowed(procedure: dict[str, object]) -> str:
    unit = str(procedure.get("time_unit", TimeUnit.WORKING_DAYS))
    amount = int(str(procedure.get("time_amount", 0)))
    if unit == TimeUnit.SAME_DAY:
        return "Trả kết quả trong ngày"
    label = "giờ làm việc" if unit == TimeUnit.WORKING_HOURS else "ngày làm việc"
    return f"{amount:02d} {label}"


def delivery_text(data: FormData) -> str:
    """Where the result is collected: at the office's unit (its address), or by post to the
    applicant's address."""
    label = DELIVERIES.get(data.dossier.delivery, data.dossier.delivery)
    if data.dossier.delivery == "counter":
        where = f"Tại {running_name(data.office.unit_name)}"
        if data.office.address:
            where += f" ({data.office.address})"
        return where
    address = str(data.applicant.get("address") or "")
    return f"{label}, đến địa chỉ: {address}" if address else label


def fee_counts(data: FormData) -> str:
    """The counts the intake's fee was computed from ("bản chính 5 trang, 2 bản"), or ""."""
    return counts_text(dict(data.intake.get("fee") or {}))


def fee_text(data: FormData) -> str:
    fee = data.dossier.fee
    rule = str((data.intake.get("fee") or {}).get("rule", ""))
    if fee <= 0 and "HĐND tỉnh" in rule:
        # A provincial rate the office has not entered yet: not "free".
        return "Chưa xác định (mức thu do HĐND tỉnh quy định)"
    if fee <= 0:
        return "Không thu phí, lệ phí"
    text = f"{format_money(fee)} ({amount_in_words(fee)})"
    counts = fee_counts(data)
    if counts:
        text += f", tính cho {counts}"
    if data.dossier.paid_amount >= fee:
        method = PAYMENT_METHODS.get(data.dossier.payment_method, "")
        text += f"; đã nộp{' - ' + method.lower() if method else ''}"
    return text


def payment_purpose(code: str) -> str:
    """Transfer note: the date and number of the code, so the bank statement names the dossier
    (the office prefix is the same for every dossier of the account)."""
    _, day, number = code.rsplit("-", 2)
    return f"LEPHI {day}{number}"


def vietqr_payload(data: FormData) -> str | None:
    """The VietQR text for the fee, when the office has an account and something is still due."""
    fee = data.dossier.fee
    if fee <= 0 or data.dossier.paid_amount >= fee:
        return None
    if not (data.office.bank_bin and data.office.bank_account):
        return None
    return vietqr.payload(
        bin_code=data.office.bank_bin,
        account=data.office.bank_account,
        amount=fee,
        purpose=payment_purpose(data.dossier.code),
    )


def vietqr_caption(data: FormData) -> list[str]:
    """The lines under the fee's VietQR: amount, account, transfer note."""
    account = f"TK {data.office.bank_account}"
    if data.office.bank_account_name:
        account += f" - {data.office.bank_account_name}"
    return [
        f"VietQR nộp phí, lệ phí: {format_money(data.dossier.fee)}",
        account,
        f"Nội dung: {vietqr.purpose_text(payment_purpose(data.dossier.code))}",
    ]


def beside_vietqr(
    st: Styles, data: FormData, items: list[Flowable], width: float, side: float
) -> list[Flowable]:
    """`items` with the fee's VietQR to their right (amount, account and transfer note in small
    print under it); just `items` when there is nothing to pay by transfer."""
    payload = vietqr_payload(data)
    if payload is None:
        return items
    first, *rest = vietqr_caption(data)
    caption = [f"<b>{esc(first)}</b>", *(esc(line) for line in rest)]
    column = side + (22 * mm if width > 120 * mm else 14 * mm)
    right: list[Flowable] = [QrFlowable(payload, side)]
    right += [Paragraph(line, st.small_center) for line in caption]
    table = Table([[items, right]], colWidths=[width - column, column])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table]


def issued(
    data: FormData,
    page: Page,
    st: Styles,
    *,
    form: str,
    number: str,
    day: date,
    body: list[Flowable],
    reprint: bool,
    subtitle: str = "",
    issuer: str = "",
) -> bytes:
    """A form as the office issues it (Mẫu 02–06): the heading (issuing body and national
    motto, the document's number, place and date), the form's title as the registry names it,
    then `body`; the PDF is titled after the form and the dossier."""
    story: list[Flowable] = [
        header(
            st,
            data.office,
            page.width,
            number,
            place_date(data.office.place_name, day),
            issuer=issuer,
        ),
        *title(st, FORMS[form].title.upper(), subtitle),
        *body,
    ]
    return build_pdf(
        page,
        story,
        reprint=reprint,
        title_text=f"Mẫu {form} - {data.dossier.code}",
        demo=data.demo,
    )


def contact_lines(st: Styles, data: FormData) -> list[Flowable]:
    """The applicant's address, phone and e-mail lines of Mẫu 02 and 03, each printed always
    (dots for the pen when nothing was typed)."""
    applicant = data.applicant
    dots = "…" * 12  # a run of dots is one word: short enough to stay on the line
    return [
        field(st, "Địa chỉ", str(applicant.get("address") or dots * 3)),
        Paragraph(
            f"Số điện thoại: {esc(applicant.get('phone') or dots)}; "
            f"Thư điện tử: {esc(applicant.get('email') or dots)}",
            st.body_left,
        ),
    ]


def signer(data: FormData) -> tuple[str, str]:
    """(heading, name) of the signature on a letter of the governing body (Mẫu 04, 05), from
    the office settings: "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH", and the name. Not set: on behalf
    of the body, title and name left for the pen."""
    office = data.office
    title = office.signer_title.strip().upper()
    power = office.signer_power.strip().upper()
    if not title:
        return f"TM. {office.governing_body.upper()}\n………………………", office.signer_name
    return (f"{power}\n{title}" if power else title), office.signer_name


def letter(data: FormData, page: Page, st: Styles, body: list[Flowable]) -> list[Flowable]:
    """An official letter of the governing body to the applicant (Mẫu 04, Mẫu 05): "Kính gửi:
    Ông/Bà …" before the body, then "Nơi nhận" and the signature of the body's head or deputy
    (office settings). Issued with its number left blank for the body's register of outgoing
    documents."""
    heading, name = signer(data)
    return [
        Paragraph(f"Kính gửi: Ông/Bà <b>{esc(data.dossier.applicant_name)}</b>", st.center),
        Paragraph("", st.letter),
        *body,
        closing(
            st,
            page.width,
            ["Như trên;", f"{running_name(data.office.unit_name)};", "Lưu: VT, hồ sơ."],
            heading,
            name,
            note="",
        ),
    ]
