"""The appointment slip (phiếu hẹn) for the citizen's pocket: 80 mm roll, A6 or A5."""

from __future__ import annotations

import io

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, HRFlowable, Paragraph, Spacer, Table, TableStyle

from counter.domain.amount import format_money
from counter.domain.forms import FORMS, FormNotApplicable
from counter.domain.text import nfc, procedure_title
from counter.printing.barcodes import BarcodeFlowable, QrFlowable, code128_modules
from counter.printing.common import fee_text, vietqr_payload
from counter.printing.data import FormData
from counter.printing.fonts import SANS, ensure_fonts
from counter.printing.layout import REPRINT_MARK, canvas_class, esc, moment_text, no_widow
from counter.printing.receipt import check as receipt_check
from counter.services.views import DELIVERIES

ROLL_WIDTH = 80 * mm
# Thermal heads of 80 mm printers print 72 mm; 4 mm each side stays blank.
ROLL_MARGIN = 4 * mm
PAPER = {"a6": (105 * mm, 148 * mm), "a5": (148 * mm, 210 * mm)}
# Wider modules scan more easily; on the roll the 72 mm print width sets the limit (about
# 0.23 mm for a 25-character code, still 2.7 dots at 300 dpi).
MAX_MODULE = 0.33 * mm


def check(data: FormData) -> None:
    try:
        receipt_check(data)
    except FormNotApplicable as exc:
        raise FormNotApplicable(
            exc.message.replace("Giấy tiếp nhận (Mẫu 01)", "Phiếu hẹn")
        ) from None


def _styles(size: float) -> dict[str, ParagraphStyle]:
    ensure_fonts()

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": SANS,
            "fontSize": size,
            "leading": size * 1.22,
            "alignment": TA_LEFT,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)  # type: ignore[arg-type]

    return {
        "body": style("body"),
        "center": style("center", alignment=TA_CENTER),
        "small": style(
            "small", fontSize=size - 1.5, leading=(size - 1.5) * 1.2, alignment=TA_CENTER
        ),
        "title": style(
            "title",
            fontName=f"{SANS}-Bold",
            fontSize=size + 3,
            leading=(size + 3) * 1.2,
            alignment=TA_CENTER,
        ),
        "due": style(
            "due",
            fontName=f"{SANS}-Bold",
            fontSize=size * 2.4,
            leading=size * 2.8,
            alignment=TA_CENTER,
        ),
        "mark": style("mark", fontName=f"{SANS}-Bold", fontSize=size + 1, alignment=TA_CENTER),
    }


def status_qr_text(data: FormData) -> str:
    """The signed link to the status page on an enrolled counter; before enrolment a link to
    the office's own status address with the code (a portal that needs no check value), or
    the bare code."""
    if data.status_link:
        return data.status_link
    url = data.office.status_url.strip()
    if not url:
        return data.dossier.code
    if "{code}" in url:
        return url.replace("{code}", data.dossier.code)
    separator = "" if url.endswith(("=", "/")) else ("&code=" if "?" in url else "?code=")
    return f"{url}{separator}{data.dossier.code}"


def story(data: FormData, width: float, size: float, reprint: bool) -> list[Flowable]:
    st = _styles(size)
    view = data.dossier
    due = view.due_at or view.original_due_at
    module = min(MAX_MODULE, width / code128_modules(view.code))
    items: list[Flowable] = []
    if reprint:
        items.append(Paragraph(f"[ {REPRINT_MARK} ]", st["mark"]))
    items += [
        Paragraph(esc(data.office.governing_body.upper()), st["small"]),
        Paragraph(f"<b>{esc(data.office.unit_name.upper())}</b>", st["small"]),
        Spacer(1, 1.5 * mm),
        Paragraph(FORMS["slip"].title.upper(), st["title"]),
        Spacer(1, 1.5 * mm),
        BarcodeFlowable(view.code, module=module, height=12 * mm),
        Spacer(1, 1 * mm),
        Paragraph(f"<b>{esc(view.code)}</b>", st["center"]),
        HRFlowable(width="100%", thickness=0.5, spaceBefore=2 * mm, spaceAfter=2 * mm, dash=(2, 2)),
        Paragraph(f"Người nộp: <b>{esc(view.applicant_name)}</b>", st["body"]),
        Paragraph(f"Thủ tục: {esc(no_widow(procedure_title(view.procedure_name)))}", st["body"]),
        Paragraph(f"Nhận hồ sơ: {esc(moment_text(view.received_at))}", st["body"]),
        Spacer(1, 2 * mm),
        Paragraph("NGÀY HẸN TRẢ KẾT QUẢ", st["center"]),
        Paragraph(esc(due.strftime("%d/%m/%Y") if due else "…/…/……"), st["due"]),
        Paragraph(
            f"<b>lúc {esc(due.strftime('%H giờ %M phút') if due else '…')}</b>", st["center"]
        ),
        Spacer(1, 2 * mm),
        Paragraph(f"Nhận kết quả: {esc(DELIVERIES.get(view.delivery, view.delivery))}", st["body"]),
        Paragraph(f"Phí, lệ phí: {esc(fee_text(data))}", st["body"]),
    ]
    if data.office.phone:
        items.append(Paragraph(f"Điện thoại liên hệ: <b>{esc(data.office.phone)}</b>", st["body"]))
    if data.office.address:
        items.append(Paragraph(f"Địa chỉ: {esc(data.office.address)}", st["body"]))
    items.append(Spacer(1, 2 * mm))
    codes: list[list[Flowable]] = []
    side = min(30 * mm, (width - 4 * mm) / 2)
    lookup = "Quét để tra cứu hồ sơ" if data.status_link or data.office.status_url else "Mã hồ sơ"
    codes.append([QrFlowable(status_qr_text(data), side), Paragraph(lookup, st["small"])])
    pay = vietqr_payload(data)
    if pay is not None:
        codes.append(
            [
                QrFlowable(pay, side),
                Paragraph(f"VietQR nộp {esc(format_money(view.fee))}", st["small"]),
            ]
        )
    table = Table([codes], colWidths=[width / len(codes)] * len(codes))
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    items += [
        table,
        Spacer(1, 2 * mm),
        Paragraph(
            "Khi đến nhận kết quả, xin mang theo phiếu này và giấy tờ tùy thân.", st["small"]
        ),
    ]
    return items


def _content_height(items: list[Flowable], width: float) -> float:
    height = 0.0
    previous_after = 0.0
    for i, item in enumerate(items):
        _, h = item.wrap(width, 10_000)
        before = item.getSpaceBefore() if i else 0
        height += h + max(before, previous_after)
        previous_after = item.getSpaceAfter()
    return height + previous_after


def build(data: FormData, paper: str, reprint: bool) -> bytes:
    if paper == "80mm":
        width = ROLL_WIDTH - 2 * ROLL_MARGIN
        items = story(data, width, 8.5, reprint)
        # The roll is cut after the content: the page is as tall as what is printed on it.
        height = _content_height(items, width) + 2 * ROLL_MARGIN + 6 * mm
        size = (ROLL_WIDTH, height)
        margin = ROLL_MARGIN
        items = story(data, width, 8.5, reprint)  # wrap() leaves state behind: build afresh
    else:
        size = PAPER[paper]
        margin = 7 * mm if paper == "a6" else 12 * mm
        width = size[0] - 2 * margin
        items = story(data, width, 8 if paper == "a6" else 10.5, reprint)
    buffer = io.BytesIO()
    canvas = canvas_class(data.demo)(buffer, pagesize=size, initialFontName=SANS)
    canvas.setTitle(nfc(f"Phiếu hẹn - {data.dossier.code}"))
    canvas.setAuthor("counter")
    while items:
        left = len(items)
        # A fresh frame per page (a frame that has been filled takes nothing more).
        Frame(margin, margin, width, size[1] - 2 * margin, 0, 0, 0, 0).addFromList(items, canvas)
        canvas.showPage()
        if len(items) == left:  # nothing fitted on an empty page: never loop forever
            break
    canvas.save()
    return buffer.getvalue()
