"""Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, two copies (Liên 1 kept, Liên 2 given).

Printed at every intake, so drawn with the direct engine (`direct.py`), not platypus: the page is
laid out once into a form XObject and both copies place it, each adding its copy marker.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from counter.domain import register
from counter.domain.agency import running_name
from counter.domain.dossier import EventType, Status
from counter.domain.forms import FORMS, FormNotApplicable
from counter.domain.text import nfc
from counter.printing.common import (
    delivery_text,
    document_number,
    fee_text,
    time_allowed,
    vietqr_caption,
    vietqr_payload,
)
from counter.printing.data import FormData, event_time
from counter.printing.direct import (
    BOLD,
    ITALIC,
    Barcode,
    Block,
    Cell,
    Columns,
    Gap,
    Grid,
    Qr,
    Rule,
    Sheet,
    Stack,
    Text,
    keep_together,
    print_copies,
    runs,
)
from counter.printing.fonts import SERIF, ensure_fonts
from counter.printing.layout import (
    Page,
    balanced_lines,
    canvas_class,
    moment_text,
    no_widow,
    page_for,
    page_marks,
    place_date,
)
from counter.services.office import OfficeSettings
from counter.services.views import CHANNELS
from counter.services.workflow import supplement_papers

TITLE = FORMS["01"].title.upper()
DOTS = "…"
# Item 6 of the form names where the result is collected ("Nơi trả kết quả", TT 01/2018 Mẫu 01
# as one-stop systems print it); the text of TT 03/2025 Phụ lục I was not at hand to confirm
# its wording (README, "Wording not confirmed").
RESULT_PLACE = "Nơi trả kết quả"
COPIES = ("Liên 1: Lưu", "Liên 2: Giao người nộp hồ sơ")
MOTTO = "Độc lập - Tự do - Hạnh phúc"


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


def moved_due(data: FormData, size: float, after: float) -> list[Text]:
    """Item 5 keeps the appointment given at intake (Mẫu 01 records the receipt); once an
    apology (Mẫu 04) has set a new one, a print made after it says so under item 5, in the
    words of Mẫu 04, with the letter's date, so the paper and the slip do not disagree. Short:
    an A5 copy stays on one sheet."""
    view = data.dossier
    event = data.latest(EventType.APOLOGY_ISSUED)
    if event is None or view.due_at is None or view.due_at == view.original_due_at:
        return []
    dated = event_time(event)
    return [
        Text(
            runs(
                f"Thời gian hẹn trả kết quả lại (Mẫu 04 ngày {dated:%d/%m/%Y}): ",
                (keep_together(moment_text(view.due_at)), BOLD),
            ),
            size,
            "left",
            after=after,
        )
    ]


def heading(office: OfficeSettings, width: float, size: float, number: str, dateline: str) -> Stack:
    """Issuing body and unit on the left, national title and motto on the right, each centred
    in its column; then "Số: …" and the dateline on one line (NĐ 30/2020 layout)."""
    left_w = width * 0.44
    small = size - 1
    unit = nfc(office.unit_name.upper())
    left = Stack(
        [
            Text(runs(office.governing_body.upper()), small, "center"),
            *[
                Text(runs((line, BOLD)), small, "center")
                for line in balanced_lines(unit, BOLD, small, left_w)
            ],
            Rule(left_w * 0.35, before=2.5),
        ]
    )
    right = Stack(
        [
            Text(runs(("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD)), small, "center"),
            Text(runs((MOTTO, BOLD)), size, "center"),
            # The rule under the motto is exactly as long as the motto (NĐ 30/2020).
            Rule(stringWidth(MOTTO, BOLD, size), before=2.5),
        ]
    )
    return Stack(
        [
            Columns([(left_w, left), (0, right)]),
            Columns(
                [
                    (left_w, Text(runs(number), size, "center")),
                    (0, Text(runs((dateline, ITALIC)), size, "center")),
                ]
            ),
        ]
    )


def documents_grid(data: FormData, width: float, size: float) -> Grid:
    documents = list(data.intake.get("documents", []))
    # Documents brought later with the supplement belong on the receipt too.
    for event in data.of_type(EventType.SUPPLEMENT_RECEIVED):
        documents += supplement_papers(event.payload)
    rows = [
        [
            Cell(runs(str(i)), "center"),
            Cell(runs(str(doc.get("name", ""))), "left"),
            Cell(runs(str(doc.get("originals", 0) or "-")), "center"),
            Cell(runs(str(doc.get("copies", 0) or "-")), "center"),
        ]
        for i, doc in enumerate(documents, 1)
    ]
    if not rows:
        rows.append([Cell([]), Cell(runs(("(Không có giấy tờ)", ITALIC))), Cell([]), Cell([])])
    head = [Cell(runs((h, BOLD)), "center") for h in ("STT", "Tên giấy tờ", "Bản chính", "Bản sao")]
    narrow = 20 * mm if width > 120 * mm else 15 * mm  # "Bản chính" on one line
    return Grid([10 * mm, width - 10 * mm - 2 * narrow, narrow, narrow], head, rows, size - 1.5)


def draw_page(sheet: Sheet, data: FormData, page: Page) -> None:
    """The content shared by both copies; the copy marker's place is kept free."""
    view = data.dossier
    applicant = data.applicant
    size = page.font
    width = page.width
    wide = width > 120 * mm
    after = size * 0.12
    received = view.received_at
    sheet.add(
        heading(
            data.office,
            width,
            size,
            f"Số: {document_number(view.code)}/GTN",
            place_date(
                data.office.place_name, received.date() if received else data.printed_at.date()
            ),
        )
    )
    sheet.add(
        Stack(
            [
                Text(
                    runs((TITLE, BOLD)),
                    size + 1,
                    "center",
                    leading=(size + 1) * 1.25,
                    before=size * 0.8,
                    after=size * 0.2 + size * 0.6,
                ),
            ]
        )
    )
    code_block = Stack(
        [
            Barcode(view.code, module=0.3 * mm if wide else 0.26 * mm, height=10 * mm),
            Gap(1 * mm),
            Text(runs("Mã hồ sơ: ", (view.code, BOLD)), size, "center"),
        ]
    )
    if data.status_link:
        # The link for the citizen to follow the dossier, beside the code it looks up: the
        # page keeps its height (an A5 copy stays on one sheet).
        side = 16 * mm if wide else 13 * mm
        column = side + 6 * mm
        lookup = Stack(
            [
                Qr(data.status_link, side),
                Text(runs("Quét để tra cứu"), size - 3, "center"),
            ]
        )
        sheet.add(
            Columns(
                [(column, Gap(0)), (width - 2 * column, code_block), (column, lookup)],
                valign="middle",
            )
        )
    else:
        sheet.add(code_block)
    sheet.mark("copy", size * 1.2)  # "(Liên 1: Lưu)", drawn on each copy
    sheet.y -= size * 0.4
    unit = running_name(data.office.unit_name)
    identity = f"; Số định danh cá nhân: {view.id_number}" if view.id_number else ""
    body: list[Text] = [
        Text(runs(f"{unit} tiếp nhận hồ sơ của:"), size, "justify"),
        Text(runs("Ông/Bà: ", (view.applicant_name, BOLD), identity), size, "justify", after=after),
    ]
    # The official form always has the address, phone and e-mail lines: left for the pen
    # when nothing was typed.
    address = applicant.get("address") or DOTS * 30
    body.append(Text(runs(f"Địa chỉ: {address}"), size, "justify", after=after))
    phone = applicant.get("phone") or DOTS * 10
    email = applicant.get("email") or DOTS * 10
    body.append(
        Text(runs(f"Số điện thoại: {phone}; Thư điện tử: {email}"), size, "justify", after=after)
    )
    body += [
        Text(
            runs("Nội dung yêu cầu giải quyết: ", (no_widow(view.procedure_name), BOLD)),
            size,
            "justify",
            after=after,
        ),
        Text(
            runs(f"Hình thức nộp hồ sơ: {CHANNELS.get(view.channel, view.channel)}"),
            size,
            "justify",
            after=after,
        ),
        Text(runs("1. Thành phần hồ sơ nộp gồm:"), size, "justify", after=after),
    ]
    for block in body:
        sheet.add(block)
    sheet.grid(documents_grid(data, width, size))
    sheet.y -= size * 0.4
    items = Stack(
        [
            Text(runs(text), size, "left", after=after)
            for text in (
                f"2. Số lượng hồ sơ: {int(data.intake.get('sets', 1)):02d} bộ",
                f"3. Thời gian giải quyết hồ sơ theo quy định: {time_allowed(data.procedure)}",
                f"4. Thời gian nhận hồ sơ: {moment_text(received)}",
            )
        ]
        + [
            Text(
                runs(
                    "5. Thời gian trả kết quả giải quyết hồ sơ: ",
                    (keep_together(moment_text(view.original_due_at)), BOLD),
                ),
                size,
                "left",
                after=after,
            ),
            *moved_due(data, size, after),
            Text(runs(f"6. {RESULT_PLACE}: {delivery_text(data)}"), size, "left", after=after),
            Text(runs(f"7. Phí, lệ phí: {fee_text(data)}"), size, "left", after=after),
        ]
    )
    payload = vietqr_payload(data)
    side = 24 * mm if wide else 20 * mm
    codes: list[Block] = []
    if payload is not None:
        caption = vietqr_caption(data)
        codes += [
            Qr(payload, side),
            Text(runs((caption[0], BOLD)), size - 2, "center"),
            Text(runs(caption[1]), size - 2, "center"),
            # "Nội dung:" may wrap, the transfer note itself must not.
            Text(runs(keep_together(caption[2], after=":")), size - 2, "center"),
        ]
    if not codes:
        sheet.add(items)
    else:
        column = side + (22 * mm if wide else 14 * mm)
        sheet.add(Columns([(width - column, items), (0, Stack(codes))], valign="middle"))
    # The entry in the register (Mẫu 07), given at intake: the same book and number there.
    sheet.add(
        Text(
            runs(
                "Vào Sổ theo dõi hồ sơ, Quyển số: ",
                (view.register_book or DOTS * 5, BOLD),
                ", Số thứ tự: ",
                (register.number_text(view.register_no) or DOTS * 5, BOLD),
            ),
            size,
            "left",
            before=size * 0.2,
        )
    )
    receiver = data.name_of(data.first(EventType.RECEIVED).actor)

    def signature(heading_text: str, name: str, gap: float) -> tuple[float, Block]:
        return (
            width / 2,
            Stack(
                [
                    Text(runs((heading_text, BOLD)), size, "center"),
                    Text(runs(("(Ký và ghi rõ họ tên)", ITALIC)), size, "center"),
                    Gap(gap),
                    Text(runs((name, BOLD)), size, "center"),
                ]
            ),
        )

    # An applicant who submitted online is not at the counter to sign: the receiver alone
    # signs, in the right-hand column as on a letter.
    def signing(gap: float, before: float) -> Stack:
        applicant_block = (
            (width / 2, Gap(0))
            if view.channel == "online"
            else signature("NGƯỜI NỘP HỒ SƠ", view.applicant_name, gap)
        )
        receiver_block = signature("NGƯỜI TIẾP NHẬN HỒ SƠ", receiver, gap)
        return Stack([Gap(before), Columns([applicant_block, receiver_block])])

    signed = signing(15 * mm if wide else 10 * mm, size * 0.8)
    if signed.layout(sheet.width) > sheet.y - page.bottom:
        # A copy stays on one sheet where a little less room to sign lets it (an A5 copy with
        # the line of an appointment moved by Mẫu 04): a second page would carry only the
        # signatures.
        tight = signing(7 * mm, 0)
        if tight.layout(sheet.width) <= sheet.y - page.bottom:
            signed = tight
    sheet.add(signed)


def build(data: FormData, paper: str, reprint: bool) -> bytes:
    ensure_fonts()
    page = page_for(paper)
    buffer = io.BytesIO()
    canvas = canvas_class(data.demo)(buffer, pagesize=page.size, initialFontName=SERIF)
    canvas.setTitle(nfc(f"Mẫu 01 - {data.dossier.code}"))
    canvas.setAuthor("counter")
    canvas.setCreator("counter")
    sheet = Sheet(canvas, page, "copy")
    draw_page(sheet, data, page)
    pages = sheet.finish()
    marks = page_marks(page, reprint=reprint)
    copy_top = sheet.marks["copy"]

    def per_page(canvas: Canvas, copy: str, n: int) -> None:
        if n == 0:
            marker = Text(runs((f"({copy})", ITALIC)), page.font, "center")
            marker.layout(page.width)
            marker.draw(canvas, page.left, copy_top, page.width)
            canvas._counter_corner = ""  # type: ignore[attr-defined]
        else:  # a copy that runs onto a second page keeps its marker in the corner
            canvas._counter_corner = copy  # type: ignore[attr-defined]
        marks(canvas, None)

    print_copies(canvas, pages, COPIES, per_page)
    canvas.save()
    return buffer.getvalue()
