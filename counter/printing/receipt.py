"""Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, two copies (Liên 1 kept, Liên 2 given)."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from counter.domain.dossier import EventType, Status
from counter.domain.text import nfc
from counter.printing.barcodes import BarcodeFlowable
from counter.printing.common import (
    FormNotApplicable,
    beside_vietqr,
    delivery_text,
    fee_text,
    sequence_number,
    time_allowed,
)
from counter.printing.data import FormData
from counter.printing.fonts import SERIF
from counter.printing.layout import (
    CornerNote,
    Page,
    Styles,
    build_pdf,
    content_frame,
    esc,
    field,
    grid,
    header,
    moment_text,
    page_for,
    page_marks,
    place_date,
    signatures,
    styles_for,
    title,
)
from counter.services.views import CHANNELS

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
COPIES = ("Liên 1: Lưu", "Liên 2: Giao người nộp hồ sơ")


def check(data: FormData) -> None:
    if data.dossier.status is Status.REFUSED:
        raise FormNotApplicable(
            f"Hồ sơ {data.dossier.code} đã bị từ chối tiếp nhận: không in Giấy tiếp nhận "
            "(Mẫu 01); hãy in Phiếu từ chối (Mẫu 03)."
        )
    if not data.accepted or data.dossier.original_due_at is None:
        raise FormNotApplicable(
            f"Hồ sơ {data.dossier.code} chưa đủ thành phần nên chưa được tiếp nhận: không in "
            "Giấy tiếp nhận (Mẫu 01); hãy in Phiếu yêu cầu bổ sung (Mẫu 02)."
        )


def documents_table(st: Styles, data: FormData, width: float) -> Flowable:
    rows: list[list[object]] = [
        [
            Paragraph("STT", st.cell_head),
            Paragraph("Tên giấy tờ", st.cell_head),
            Paragraph("Bản chính", st.cell_head),
            Paragraph("Bản sao", st.cell_head),
        ]
    ]
    documents = list(data.intake.get("documents", []))
    # Documents brought later with the supplement belong on the receipt too.
    for event in data.of_type(EventType.SUPPLEMENT_RECEIVED):
        documents += [
            {"name": n, "originals": 1, "copies": 0} for n in event.payload.get("documents", [])
        ]
    for i, doc in enumerate(documents, 1):
        rows.append(
            [
                Paragraph(str(i), st.cell_center),
                Paragraph(esc(doc.get("name", "")), st.cell),
                Paragraph(str(doc.get("originals", 0) or "-"), st.cell_center),
                Paragraph(str(doc.get("copies", 0) or "-"), st.cell_center),
            ]
        )
    if len(rows) == 1:
        rows.append(["", Paragraph("<i>(Không có giấy tờ)</i>", st.cell), "", ""])
    narrow = 16 * mm if width > 120 * mm else 13 * mm
    return grid(rows, [10 * mm, width - 10 * mm - 2 * narrow, narrow, narrow])


def copy_story(data: FormData, page: Page, st: Styles, copy: str) -> list[Flowable]:
    view = data.dossier
    applicant = data.applicant
    width = page.width
    received = view.received_at
    story: list[Flowable] = [
        header(
            st,
            data.office,
            width,
            f"Số: {sequence_number(view.code)}/GTN",
            place_date(
                data.office.place_name, received.date() if received else data.printed_at.date()
            ),
        ),
        *([CornerNote(copy)] if copy else []),
        *title(st, TITLE),
        BarcodeFlowable(
            view.code, module=0.3 * mm if width > 120 * mm else 0.26 * mm, height=10 * mm
        ),
        Spacer(1, 1 * mm),
        Paragraph(f"Mã hồ sơ: <b>{esc(view.code)}</b>", st.center),
        Spacer(1, st.size * 0.4),
        Paragraph(f"{esc(data.office.unit_name.capitalize())} tiếp nhận hồ sơ của:", st.body),
        field(st, "Ông/Bà", view.applicant_name, bold=True),
    ]
    if applicant.get("address"):
        story.append(field(st, "Địa chỉ", str(applicant["address"])))
    contact = []
    if view.id_number:
        contact.append(f"Số định danh cá nhân: {esc(view.id_number)}")
    if applicant.get("phone"):
        contact.append(f"Số điện thoại: {esc(applicant['phone'])}")
    if applicant.get("email"):
        contact.append(f"Thư điện tử: {esc(applicant['email'])}")
    if contact:
        story.append(Paragraph("; ".join(contact), st.body))
    story += [
        field(st, "Nội dung yêu cầu giải quyết", view.procedure_name, bold=True),
        field(st, "Hình thức nộp hồ sơ", CHANNELS.get(view.channel, view.channel)),
        Paragraph("1. Thành phần hồ sơ nộp gồm:", st.body),
        documents_table(st, data, width),
        Spacer(1, st.size * 0.4),
    ]
    items: list[Flowable] = [
        Paragraph(f"2. Số lượng hồ sơ: {int(data.intake.get('sets', 1)):02d} bộ", st.body_left),
        Paragraph(
            f"3. Thời gian giải quyết hồ sơ theo quy định: {esc(time_allowed(data.procedure))}",
            st.body_left,
        ),
        Paragraph(f"4. Thời gian nhận hồ sơ: {esc(moment_text(received))}", st.body_left),
        Paragraph(
            f"5. Thời gian trả kết quả giải quyết hồ sơ: <b>{esc(moment_text(view.original_due_at))}</b>",
            st.body_left,
        ),
        Paragraph(f"6. Hình thức nhận kết quả: {esc(delivery_text(data))}", st.body_left),
        Paragraph(f"7. Phí, lệ phí: {esc(fee_text(data))}", st.body_left),
    ]
    story += beside_vietqr(st, data, items, width, 24 * mm if width > 120 * mm else 20 * mm)
    story.append(
        signatures(
            st,
            width,
            [
                ("NGƯỜI NỘP HỒ SƠ", view.applicant_name),
                ("NGƯỜI TIẾP NHẬN HỒ SƠ", data.name_of(data.first(EventType.RECEIVED).actor)),
            ],
            gap=15 * mm if width > 120 * mm else 10 * mm,
        )
    )
    return story


def build(data: FormData, paper: str, reprint: bool) -> bytes:
    page = page_for(paper)
    st = styles_for(page.font)
    # The two copies differ only in their marker: lay the page out once, as a form XObject, and
    # place it on both pages (half the layout work, one QR encoding, a smaller file).
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page.size, initialFontName=SERIF)
    canvas.setTitle(nfc(f"Mẫu 01 - {data.dossier.code}"))
    canvas.setAuthor("counter")
    canvas.setCreator("counter")
    # A bare frame cannot split KeepTogether (a document template does): unwrap it.
    story: list[Flowable] = []
    for item in copy_story(data, page, st, ""):
        story += item._content if isinstance(item, KeepTogether) else [item]
    canvas.beginForm("copy")
    content_frame(page).addFromList(story, canvas)
    canvas.endForm()
    if story:
        # Too long for one page (many documents on A5): flow both copies page by page.
        return build_flowing(data, page, st, reprint)
    marks = page_marks(page, reprint=reprint)
    for copy in COPIES:
        canvas.doForm("copy")
        canvas._counter_corner = copy  # type: ignore[attr-defined]
        marks(canvas, None)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def build_flowing(data: FormData, page: Page, st: Styles, reprint: bool) -> bytes:
    story: list[Flowable] = []
    for i, copy in enumerate(COPIES):
        if i:
            story.append(PageBreak())
        story += copy_story(data, page, st, copy)
    return build_pdf(page, story, reprint=reprint, title_text=f"Mẫu 01 - {data.dossier.code}")
