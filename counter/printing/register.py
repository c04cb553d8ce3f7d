"""Mẫu 07: Sổ theo dõi hồ sơ, the register of dossiers received in a period (A4 landscape)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer
from sqlalchemy import select

from counter.db.models import Dossier, EventRow
from counter.domain.agency import real_body
from counter.domain.codes import DEMO_IDENTIFIER
from counter.domain.dossier import EventType, Status
from counter.domain.forms import FORMS
from counter.domain.register import number_text
from counter.errors import ValidationError
from counter.printing.fonts import SERIF
from counter.printing.layout import (
    Page,
    build_pdf,
    esc,
    grid,
    header,
    page_for,
    place_date,
    styles_for,
    title,
)
from counter.services import office
from counter.services.context import Context
from counter.services.views import DELIVERIES, parse_moment

TITLE = FORMS["07"].title.upper()
MAX_DAYS = 366
HEADING_SIZE = 12  # the form's heading and title; the table keeps the page's smaller size
HEADINGS = (
    ("Số thứ tự (Quyển số)", 17),
    ("Mã hồ sơ", 30),
    ("Tên thủ tục hành chính", 43),
    ("Tên người nộp hồ sơ", 28),
    ("Địa chỉ, số điện thoại", 35),
    ("Cơ quan chủ trì giải quyết", 24),
    ("Nhận hồ sơ", 17),  # the four dates under "Ngày, tháng, năm" (DATES)
    ("Hẹn trả kết quả", 17),
    ("Có kết quả", 17),
    ("Trả kết quả", 17),
    ("Hình thức nhận kết quả", 17),
    ("Ký nhận", 15),
    ("Ghi chú", 22),
)
DATES = range(6, 10)
HEAD_ROWS = 3  # the headings, the dates under their group heading, the column numbers
# Statuses worth a note in the register: the dossier ended, or waits, without a result.
NOTED = {Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.SUPPLEMENT, Status.FINANCIAL}


def _day_time(text: str | None) -> str:
    moment = parse_moment(text)
    return f"{moment:%d/%m/%Y}\n{moment:%H:%M}" if moment else ""


def _code(code: str) -> str:
    # Break after the office prefix: the 25-character code does not fit one narrow line.
    head, _, tail = code.partition("-")
    return f"{head}-\n{tail}" if tail else code


def head_rows(st: Any) -> tuple[list[list[object]], list[tuple[Any, ...]]]:
    """The three header rows of the register (repeated on every page) and their spans: the
    headings, "Ngày, tháng, năm" over the four dates, and the numbered row (1), (2), …"""
    top: list[object] = []
    below: list[object] = []
    for column, (heading, _) in enumerate(HEADINGS):
        if column in DATES:
            top.append(Paragraph("Ngày, tháng, năm", st.cell_head) if column == DATES[0] else "")
            below.append(Paragraph(esc(heading), st.cell_head))
        else:
            top.append(Paragraph(esc(heading), st.cell_head))
            below.append("")
    numbers: list[object] = [
        Paragraph(f"({n})", st.cell_center) for n in range(1, len(HEADINGS) + 1)
    ]
    spans: list[tuple[Any, ...]] = [("SPAN", (DATES[0], 0), (DATES[-1], 0))]
    spans += [("SPAN", (c, 0), (c, 1)) for c in range(len(HEADINGS)) if c not in DATES]
    return [top, below, numbers], spans


def paginate(
    rows: list[list[object]],
    widths: list[float],
    page: Page,
    heading: list[Flowable],
    extra: list[tuple[Any, ...]],
) -> list[Flowable]:
    """One table per page, each opening with the header rows.

    A single long table that platypus splits page by page re-measures every remaining row at
    each split (minutes for a year's register); measuring once and cutting here is linear.
    """
    frame_height = page.size[1] - page.top - page.bottom
    whole = grid(rows, widths, header_rows=HEAD_ROWS, extra=extra)
    whole.wrap(page.width, 10**9)
    heights: list[float] = list(whole._rowHeights)  # measured once, reused below
    head_heights = heights[:HEAD_ROWS]
    head = sum(head_heights)
    available = frame_height - sum(f.wrap(page.width, frame_height)[1] for f in heading)
    # Paragraph spacing between the heading flowables is not in wrap(): keep a margin.
    available -= 12
    story: list[Flowable] = []
    chunk: list[list[object]] = []
    chunk_heights: list[float] = []
    used = head

    def table() -> Flowable:
        return grid(
            [*rows[:HEAD_ROWS], *chunk],
            widths,
            header_rows=HEAD_ROWS,
            row_heights=[*head_heights, *chunk_heights],
            extra=extra,
        )

    for row, height in zip(rows[HEAD_ROWS:], heights[HEAD_ROWS:], strict=True):
        if chunk and used + height > available:
            story += [table(), PageBreak()]
            chunk, chunk_heights, used = [], [], head
            available = frame_height - 2
        chunk.append(row)
        chunk_heights.append(height)
        used += height
    story.append(table())
    return story


def note(d: Dossier) -> str:
    """The register's note: an appointment moved by an apology (Mẫu 04) with its new date, the
    appointment on the receipt staying in its column; a dossier ended without a result."""
    notes = []
    if d.apology_count and d.due_at and d.due_at != d.original_due_at:
        moved = parse_moment(d.due_at)
        assert moved is not None
        notes.append(f"Gia hạn (Mẫu 04), hẹn lại: {moved:%d/%m/%Y %H:%M}")
    if d.status in NOTED:
        notes.append(Status(d.status).label)
    return "; ".join(notes)


def build(ctx: Context, start: date, end: date) -> bytes:
    if end < start:
        raise ValidationError("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.", field="end")
    if (end - start).days >= MAX_DAYS:
        raise ValidationError("Sổ theo dõi in tối đa một năm mỗi lần.", field="end")
    page = page_for("a4", landscape_page=True)
    st = styles_for(page.font)
    low = f"{start.isoformat()} 00:00:00"
    high = f"{(end + timedelta(days=1)).isoformat()} 00:00:00"
    with ctx.db.session() as session:
        settings = office.get_settings(session)
        dossiers = list(
            session.scalars(
                select(Dossier)
                .where(Dossier.received_at >= low, Dossier.received_at < high)
                .order_by(Dossier.received_at, Dossier.code)
            )
        )
        intake = {
            dossier_id: json.loads(payload)
            for dossier_id, payload in session.execute(
                select(EventRow.dossier_id, EventRow.payload)
                .join(Dossier, Dossier.id == EventRow.dossier_id)
                .where(
                    EventRow.type == EventType.RECEIVED,
                    Dossier.received_at >= low,
                    Dossier.received_at < high,
                )
            )
        }
    scale = page.width / (sum(w for _, w in HEADINGS) * mm)
    widths = [w * mm * scale for _, w in HEADINGS]
    rows, spans = head_rows(st)
    for d in dossiers:
        payload = intake.get(d.id, {})
        applicant = payload.get("applicant", {})
        contact = ", ".join(
            esc(x) for x in (applicant.get("address", ""), applicant.get("phone", "")) if x
        )
        collected = "" if d.returned_at is None else DELIVERIES.get(d.delivery, d.delivery)
        body = real_body(
            str(payload.get("procedure", {}).get("resolving_unit", "")), settings.governing_body
        )
        # The entry given at intake, the same as on Mẫu 01 (empty for a dossier received
        # before entries were given).
        entry = f"{number_text(d.register_no)}\n({d.register_book})" if d.register_no else ""
        rows.append(
            [
                entry,
                _code(d.code),
                Paragraph(esc(d.procedure_name), st.cell),
                Paragraph(esc(d.applicant_name), st.cell),
                Paragraph(contact, st.cell),
                Paragraph(esc(body), st.cell),
                _day_time(d.received_at),
                # The appointment the receipt gave; a new one is in the note.
                _day_time(d.original_due_at or d.due_at),
                _day_time(d.resolved_at),
                _day_time(d.returned_at),
                Paragraph(esc(collected), st.cell_center) if collected else "",
                "",
                Paragraph(esc(note(d)), st.cell),
            ]
        )
    if len(rows) == HEAD_ROWS:
        rows.append(
            ["", Paragraph("<i>Không có hồ sơ nào trong thời gian này.</i>", st.cell), *[""] * 11]
        )
    # The heading at the size of a portrait form's (NĐ 30/2020), not the table's.
    big = styles_for(HEADING_SIZE)
    heading: list[Flowable] = [
        header(big, settings, page.width, "", place_date(settings.place_name, ctx.now().date())),
        *title(
            big, TITLE, f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y} ({len(dossiers)} hồ sơ)"
        ),
        Spacer(1, 2 * mm),
    ]
    size = st.size - 1.5
    # Plain-text cells (number, code, times) are drawn by the table itself, much faster than
    # paragraphs; they need the table's font settings.
    extra: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, HEAD_ROWS), (-1, -1), SERIF),
        ("FONTSIZE", (0, HEAD_ROWS), (-1, -1), size),
        ("LEADING", (0, HEAD_ROWS), (-1, -1), size * 1.2),
        ("ALIGN", (0, HEAD_ROWS), (0, -1), "CENTER"),
        ("ALIGN", (6, HEAD_ROWS), (9, -1), "CENTER"),
        *spans,
    ]
    story = heading + paginate(rows, widths, page, heading, extra)
    return build_pdf(
        page,
        story,
        reprint=False,
        demo=settings.identifier == DEMO_IDENTIFIER,
        marks=lambda n: f"Sổ theo dõi hồ sơ {start:%d/%m/%Y} - {end:%d/%m/%Y} · Trang {n}",
        title_text=f"Mẫu 07 - {start:%d/%m/%Y} - {end:%d/%m/%Y}",
    )
