"""Vietnamese display formats: dd/mm/yyyy dates, "50.000 đ" money."""

from __future__ import annotations

from datetime import date, datetime

from counter.domain.amount import format_money


def day(value: date | datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def moment(value: datetime | None) -> str:
    """ "08:30 02/03/2026": the time first, as on the slips."""
    return value.strftime("%H:%M %d/%m/%Y") if value else ""


def money(amount: int | None) -> str:
    return format_money(int(amount or 0))


def parse_day(text: str) -> date | None:
    """dd/mm/yyyy (or d/m/yyyy, dots or dashes) → date; None when empty or not a date."""
    cleaned = text.strip().replace(".", "/").replace("-", "/")
    if not cleaned:
        return None
    try:
        d, m, y = (int(p) for p in cleaned.split("/"))
        return date(y, m, d)
    except ValueError:
        return None
