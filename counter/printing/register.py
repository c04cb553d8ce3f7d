"""Mẫu 07: Sổ theo dõi hồ sơ, the register of dossiers received in a period (A4 landscape)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer
from sqlalchemy import select

from counter.db.models import Dossier, EventRow
from counter.domain.dossier import EventType
from counter.errors import ValidationError
from counter.printing.layout import (
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

TITLE = "SỔ THEO DÕI HỒ SƠ"
MAX_DAYS = 366
HEADINGS = (
    ("STT", 9),
    ("Mã hồ sơ", 30),
    ("Tên thủ tục hành chính", 45),
    ("Tên người nộp hồ sơ", 28),
    ("Địa chỉ, số điện thoại", 36),
    ("Cơ quan chủ trì giải quyết", 24),
    ("Nhận hồ sơ", 17),
    ("Hẹn trả kết quả", 17),
    ("Có kết quả", 17),
    ("Trả kết quả", 17),
    ("Hình thức nhận kết quả", 17),
    ("Ký nhận", 17),
)


def _day_time(text: str | None) -> str:
    moment = parse_moment(text)
    return f"{moment:%d/%m/%Y}<br/>{moment:%H:%M}" if moment else ""


def _code(code: str) -> str:
    # Break after the office prefix: the 25-character code does not fit one narrow line.
    head, _, tail = code.partition("-")
    return f"{esc(head)}-<br/>{esc(tail)}" if tail else esc(code)


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
    rows: list[list[object]] = [[Paragraph(esc(h), st.cell_head) for h, _ in HEADINGS]]
    for i, d in enumerate(dossiers, 1):
        payload = intake.get(d.id, {})
        applicant = payload.get("applicant", {})
        contact = ", ".join(
            esc(x) for x in (applicant.get("address", ""), applicant.get("phone", "")) if x
        )
        collected = "" if d.returned_at is None else DELIVERIES.get(d.delivery, d.delivery)
        rows.append(
            [
                Paragraph(str(i), st.cell_center),
                Paragraph(_code(d.code), st.cell),
                Paragraph(esc(d.procedure_name), st.cell),
                Paragraph(esc(d.applicant_name), st.cell),
                Paragraph(contact, st.cell),
                Paragraph(esc(payload.get("procedure", {}).get("resolving_unit", "")), st.cell),
                Paragraph(_day_time(d.received_at), st.cell_center),
                Paragraph(_day_time(d.due_at), st.cell_center),
                Paragraph(_day_time(d.resolved_at), st.cell_center),
                Paragraph(_day_time(d.returned_at), st.cell_center),
                Paragraph(esc(collected), st.cell_center),
                "",
            ]
        )
    if len(rows) == 1:
        rows.append(
            ["", Paragraph("<i>Không có hồ sơ nào trong thời gian này.</i>", st.cell), *[""] * 10]
        )
    story: list[Flowable] = [
        header(
            st,
            settings,
            page.width,
            "",
            place_date(settings.place_name, ctx.now().date()),
        ),
        *title(
            st, TITLE, f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y} ({len(dossiers)} hồ sơ)"
        ),
        Spacer(1, 2 * mm),
        grid(rows, widths),
    ]
    printed = ctx.now()
    return build_pdf(
        page,
        story,
        reprint=False,
        marks=lambda n: f"Sổ theo dõi hồ sơ {start:%d/%m/%Y} - {end:%d/%m/%Y} · Trang {n}",
        title_text=f"Mẫu 07 - {printed:%d/%m/%Y}",
    )
