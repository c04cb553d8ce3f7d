"""Vietnamese display formats: dd/mm/yyyy dates, "50.000 đ" money."""

from __future__ import annotations

from datetime import date, datetime

from counter.domain.amount import format_money


def day(value: date | datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def moment(value: datetime | None) -> str:
    """ "08:30 02/03/2026": the time first, as on the slips."""
    return value.strftime("%H:%M %d/%m/%Y") if value else ""


def stamp(text: str) -> str:
    """A stored ISO moment ("2026-03-02 21:37:05") shown as `moment` does; "" when never, the
    text as it is when it is not a moment."""
    if not text:
        return ""
    try:
        return moment(datetime.fromisoformat(text))
    except ValueError:
        return text


def money(amount: int | None) -> str:
    return format_money(int(amount or 0))


def parse_day(text: str, *, today: date | None = None) -> date | None:
    """dd/mm/yyyy (or d/m/yyyy, dots or dashes, or the ID card's ddmmyyyy) → date; a two-digit
    year is the latest such year not after `today` ("01/02/90" → 1990, "01/02/05" → 2005).
    None when empty or not a date."""
    cleaned = text.strip().replace(".", "/").replace("-", "/")
    if not cleaned:
        return None
    if cleaned.isdigit() and len(cleaned) == 8:
        cleaned = f"{cleaned[:2]}/{cleaned[2:4]}/{cleaned[4:]}"
    try:
        d, m, y_text = cleaned.split("/")
        year = int(y_text)
        if len(y_text) == 2:
            now = today or date.today()
            year += now.year - now.year % 100
            if date(year, int(m), int(d)) > now:
                year -= 100  # never in the future: "01/12/25" typed in March 2025 is 1925
        elif len(y_text) != 4 or year < 1900:
            return None  # "01/02/190", "01/02/0090": a slip of the keyboard, not a year
        return date(year, int(m), int(d))
    except ValueError:
        return None
