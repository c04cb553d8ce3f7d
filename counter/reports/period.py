"""A reporting period: a quarter, a month, a year or a range of whole days."""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from counter.errors import ValidationError

_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    """A reporting period: whole days from `first` to `last`, both included."""

    first: date
    last: date
    label: str

    @classmethod
    def parse(cls, spec: str) -> Period:
        """'2026-Q3', '2026-09', '2026' or '2026-07-01..2026-09-30'."""
        value = spec.strip().upper()
        try:
            if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
                year, quarter = int(m[1]), int(m[2])
                first = date(year, 3 * quarter - 2, 1)
                last = _month_end(year, 3 * quarter)
                return cls(first, last, f"Quý {_ROMAN[quarter - 1]} năm {year}")
            if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
                year, month = int(m[1]), int(m[2])
                return cls(
                    date(year, month, 1), _month_end(year, month), f"Tháng {month:02d}/{year}"
                )
            if m := re.fullmatch(r"(\d{4})", value):
                year = int(m[1])
                return cls(date(year, 1, 1), date(year, 12, 31), f"Năm {year}")
            if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", value):
                first, last = date.fromisoformat(m[1]), date.fromisoformat(m[2])
                if last < first:
                    raise ValidationError(
                        "Kỳ báo cáo: ngày kết thúc phải sau ngày bắt đầu.", field="period"
                    )
                return cls(first, last, f"Từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}")
        except ValueError:
            pass  # a month 13 or a 31 February: reported below like any other bad spec
        raise ValidationError(
            f"Kỳ báo cáo không hợp lệ: «{spec.strip()}» (ví dụ: 2026-Q3, 2026-09, 2026, "
            "2026-07-01..2026-09-30).",
            field="period",
        )

    @property
    def start(self) -> str:
        """First moment of the period, as stored timestamps sort."""
        return f"{self.first.isoformat()} 00:00:00"

    @property
    def end(self) -> str:
        """First moment after the period (exclusive bound)."""
        return f"{(self.last + timedelta(days=1)).isoformat()} 00:00:00"

    def months(self) -> list[str]:
        """'YYYY-MM' of every month the period touches."""
        out = []
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def _month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])
