"""Working calendar of the office: days off, office hours and due dates of dossiers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from itertools import pairwise

from counter.errors import ValidationError


class TimeUnit(StrEnum):
    """How a procedure's time allowed is counted."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"


class OverrideKind(StrEnum):
    """What an office-edited calendar entry does to a day."""

    DAY_OFF = "day_off"  # extra day off decided by the office or the government
    NOT_DAY_OFF = "not_day_off"  # a statutory day the office does not observe
    MAKEUP_WORKDAY = "makeup_workday"  # a rest day worked to make up a swapped day


@dataclass(frozen=True)
class DayOverride:
    """One entry of the office's own list of days off and make-up working days."""

    day: date
    kind: OverrideKind
    note: str = ""


def _period_error(message: str) -> ValidationError:
    return ValidationError(message, field="periods")


@dataclass(frozen=True)
class OfficeHours:
    """Opening periods of a working day, the same-day cut-off and the working weekdays."""

    periods: tuple[tuple[time, time], ...] = (
        (time(7, 0), time(11, 30)),
        (time(13, 30), time(17, 0)),
    )
    cutoff: time = time(15, 0)
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0

    def __post_init__(self) -> None:
        # Settings may arrive as lists (JSON); store tuples so the object stays hashable.
        periods = tuple((p[0], p[1]) for p in self.periods)
        object.__setattr__(self, "periods", periods)
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        if not periods:
            raise _period_error("Giờ làm việc phải có ít nhất một buổi.")
        for opening, closing in periods:
            if not opening < closing:
                raise _period_error(
                    f"Buổi làm việc {opening:%H:%M}–{closing:%H:%M}: giờ mở cửa phải trước giờ đóng cửa."
                )
        for (_, closing), (opening, _) in pairwise(periods):
            # Touching periods (close == next open) are allowed: they do not overlap.
            if opening < closing:
                raise _period_error(
                    "Các buổi làm việc phải theo thứ tự thời gian và không chồng lên nhau."
                )
        if not self.workdays:
            raise ValidationError("Phải có ít nhất một ngày làm việc trong tuần.", field="workdays")
        if not self.workdays <= set(range(7)):
            raise ValidationError(
                "Ngày làm việc trong tuần phải từ 0 (Thứ Hai) đến 6 (Chủ nhật).", field="workdays"
            )

    @property
    def opening(self) -> time:
        """Time the office opens in the morning."""
        return self.periods[0][0]

    @property
    def closing(self) -> time:
        """Time the office closes at the end of the day."""
        return self.periods[-1][1]

    def is_open(self, t: time) -> bool:
        """Whether `t` falls in a period; periods are half-open [open, close)."""
        return any(opening <= t < closing for opening, closing in self.periods)

    def clamp(self, t: time) -> time:
        """`t` moved into office hours: early → opening, break → next opening, late → closing."""
        for opening, closing in self.periods:
            if t < opening:
                return opening
            if t <= closing:
                return t
        return self.closing


DEFAULT_HOURS = OfficeHours()


@dataclass(frozen=True)
class SkippedSpan:
    """Contiguous non-working days jumped over by a due date, with why they are off."""

    start: date
    end: date
    reason: str


# Reason of a span made only of weekly rest days; such spans are not worth explaining.
WEEKEND_REASON = "nghỉ cuối tuần"
TET_REASON = "nghỉ Tết"
SWAP_REASON = "nghỉ hoán đổi"
OFFICE_DAY_OFF_REASON = "ngày nghỉ theo quyết định của cơ quan"


def _ddmm(d: date) -> str:
    return f"{d:%d/%m}"


@dataclass(frozen=True)
class DueDate:
    """A computed due moment and the notable days off it stepped over."""

    due_at: datetime
    skipped: tuple[SkippedSpan, ...]

    def explanation(self) -> str:
        """Vietnamese note for the slip, e.g. "bỏ qua 14/02–22/02: nghỉ Tết"; "" if nothing notable."""
        parts = []
        for span in self.skipped:
            # Plain weekends are obvious to everyone; only holidays deserve a word.
            if span.reason == WEEKEND_REASON:
                continue
            days = (
                _ddmm(span.start)
                if span.start == span.end
                else f"{_ddmm(span.start)}–{_ddmm(span.end)}"
            )
            parts.append(f"{days}: {span.reason}")
        return "bỏ qua " + "; ".join(parts) if parts else ""


_WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

# Package names (language="vi") shortened for slips; names not listed are used as they are.
_SHORT_NAMES = {
    "Ngày Giỗ Tổ Hùng Vương": "Giỗ Tổ Hùng Vương",
}
_OBSERVED_SUFFIX = "(nghỉ bù)"
_SWAP_NAME = re.compile(r"^Ngày nghỉ \(thay cho ngày (\d{2}/\d{2}/\d{4})\)$")


@dataclass(frozen=True)
class _DayOff:
    reason: str  # what day_off_reason shows for the single day
    group: str  # what the day contributes to a span's reason
    kind: str  # "weekly" | "swap" | "holiday" | "office"


@dataclass(frozen=True)
class _StatutoryYear:
    days_off: dict[date, _DayOff]
    makeup_days: frozenset[date]


def _describe_statutory(name: str) -> _DayOff:
    """Short Vietnamese reason for one package holiday name."""
    name = unicodedata.normalize("NFC", name).strip()
    swap = _SWAP_NAME.match(name)
    if swap:
        return _DayOff(f"{SWAP_REASON} (làm bù ngày {swap.group(1)})", SWAP_REASON, "swap")
    observed = name.endswith(_OBSERVED_SUFFIX)
    base = name.removesuffix(_OBSERVED_SUFFIX).strip() if observed else name
    # "29 Tết", "Giao thừa Tết Nguyên Đán", "Mùng hai Tết…": one reason for the whole break.
    if "Tết" in base and "Dương lịch" not in base:
        group = TET_REASON
    else:
        group = _SHORT_NAMES.get(base, base)
    reason = f"{group} {_OBSERVED_SUFFIX}" if observed and group != TET_REASON else group
    return _DayOff(reason, group, "holiday")


@cache
def _statutory_year(year: int) -> _StatutoryYear:
    """Statutory days off of one year, copied out of the package once (it is slow to build).

    The package is imported here, not at the top: it takes ~20 ms, which the window's start-up
    does not need."""
    import holidays

    calendar = holidays.Vietnam(years=year, language="vi")
    days_off: dict[date, _DayOff] = {}
    for day, names in calendar.items():
        # The package joins several holidays of one day with "; "; the first names the day.
        parts = [_describe_statutory(n) for n in str(names).split("; ") if n.strip()]
        holiday_parts = [p for p in parts if p.kind == "holiday"] or parts
        days_off[day] = holiday_parts[0]
    makeup = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return _StatutoryYear(days_off, makeup)


def _span_reason(offs: list[_DayOff]) -> str:
    groups: list[str] = []
    for off in offs:
        if off.kind in ("holiday", "office") and off.group not in groups:
            groups.append(off.group)
    if groups:
        # A swapped day or weekend next to a holiday is part of that holiday's break.
        return ", ".join(groups)
    if any(off.kind == "swap" for off in offs):
        return SWAP_REASON
    return WEEKEND_REASON


@dataclass(frozen=True)
class YearException:
    """One day of a year that is not as the ordinary week has it (`WorkCalendar.year_exceptions`).

    `kind`: "holiday" (statutory), "swap" (the government's swapped day), "office" (the office's
    own day off) or "worked" (a working day that would otherwise be off); `overridden`: the day
    is in the office's override list (so the office can take it out again)."""

    day: date
    kind: str
    reason: str
    overridden: bool


class WorkCalendar:
    """Which days and hours the office works, and the due dates that follow from them."""

    def __init__(
        self,
        hours: OfficeHours = DEFAULT_HOURS,
        overrides: Iterable[DayOverride] = (),
        *,
        statutory: bool = True,
    ) -> None:
        self.hours = hours
        self.statutory = statutory
        # Later entries win, so an edited list can be applied in the order it was edited.
        self.overrides: dict[date, DayOverride] = {o.day: o for o in overrides}

    # --- days ---------------------------------------------------------------------------

    def _day_off(self, d: date) -> _DayOff | None:
        """Why `d` is off, or None if it is worked. Office > statutory > weekly rest."""
        override = self.overrides.get(d)
        if override is not None:
            if override.kind == OverrideKind.DAY_OFF:
                note = unicodedata.normalize("NFC", override.note).strip()
                reason = note or OFFICE_DAY_OFF_REASON
                return _DayOff(reason, reason, "office")
            if override.kind == OverrideKind.MAKEUP_WORKDAY:
                return None
        if self.statutory:
            year = _statutory_year(d.year)
            off = year.days_off.get(d)
            not_observed = override is not None and override.kind == OverrideKind.NOT_DAY_OFF
            if off is not None and not not_observed:
                return off
            if d in year.makeup_days:
                return None
        if d.weekday() in self.hours.workdays:
            return None
        name = _WEEKDAY_NAMES[d.weekday()]
        return _DayOff(name, WEEKEND_REASON, "weekly")

    def year_exceptions(self, year: int) -> list[YearException]:
        """The days of `year` that differ from the office's ordinary week, by date: statutory
        days off (Tết and the other holidays, with their compensatory days), the government's
        swapped days, the office's own days off, and days worked although they would be off
        (make-up Saturdays, a holiday the office does not observe). What an admin checks each
        year against the government's announcements."""
        found: list[YearException] = []
        d = date(year, 1, 1)
        while d.year == year:
            off = self._day_off(d)
            override = self.overrides.get(d)
            if off is not None and off.kind != "weekly":
                found.append(YearException(d, off.kind, off.reason, override is not None))
            elif off is None and (override is not None or d.weekday() not in self.hours.workdays):
                reason = unicodedata.normalize("NFC", override.note).strip() if override else ""
                if not reason and override is None:
                    reason = self._makeup_for(d)
                found.append(YearException(d, "worked", reason, override is not None))
            d += timedelta(days=1)
        return found

    def _makeup_for(self, worked: date) -> str:
        """The government's make-up working day `worked`: which swapped day off it pays for."""
        mark = worked.strftime("%d/%m/%Y")
        for day, off in _statutory_year(worked.year).days_off.items():
            if off.kind == "swap" and mark in off.reason:
                return f"làm bù cho ngày nghỉ {day:%d/%m/%Y}"
        return ""

    def is_working_day(self, d: date) -> bool:
        """Whether the office works on `d`."""
        return self._day_off(d) is None

    def day_off_reason(self, d: date) -> str | None:
        """Vietnamese reason `d` is off ("Chủ nhật", "nghỉ Tết", …), None for a working day."""
        off = self._day_off(d)
        return None if off is None else off.reason

    def next_working_day(self, d: date) -> date:
        """First working day strictly after `d`."""
        d += timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day strictly after `d`; `d` itself when n == 0."""
        if n < 0:
            raise ValidationError("Số ngày làm việc không được âm.", field="amount")
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative, counted in (end, start], if end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        d = start + timedelta(days=1)
        while d <= end:
            count += self.is_working_day(d)
            d += timedelta(days=1)
        return count

    # --- hours --------------------------------------------------------------------------

    def is_open_at(self, moment: datetime) -> bool:
        """Whether the counter is open at `moment` (periods are [open, close))."""
        return self.is_working_day(moment.date()) and self.hours.is_open(moment.time())

    def _next_open_moment(self, moment: datetime) -> datetime:
        """`moment` itself if the office is open then, else the next opening."""
        if self.is_open_at(moment):
            return moment
        d = moment.date()
        if self.is_working_day(d):
            for opening, _ in self.hours.periods:
                if moment.time() < opening:
                    return datetime.combine(d, opening)
        return datetime.combine(self.next_working_day(d), self.hours.opening)

    @property
    def day_length(self) -> timedelta:
        """The working time of one working day (the sum of its periods)."""
        return sum(
            (
                datetime.combine(date.min, c) - datetime.combine(date.min, o)
                for o, c in self.hours.periods
            ),
            timedelta(),
        )

    def add_working_time(self, start: datetime, span: timedelta) -> datetime:
        """The moment `span` of working time after `start` (counted in office hours only)."""
        return self._add_working_hours(start, span)

    def _add_working_hours(self, received: datetime, amount: int | timedelta) -> datetime:
        remaining = amount if isinstance(amount, timedelta) else timedelta(hours=amount)
        cursor = self._next_open_moment(received)
        while True:
            closing = next(
                close for opening, close in self.hours.periods if opening <= cursor.time() < close
            )
            period_end = datetime.combine(cursor.date(), closing)
            # `<=`: a count ending exactly at a close is due at that close, not the next opening.
            if remaining <= period_end - cursor:
                return cursor + remaining
            remaining -= period_end - cursor
            cursor = self._next_open_moment(period_end)

    # --- due dates ----------------------------------------------------------------------

    def due(self, received: datetime, amount: int, unit: TimeUnit | str) -> DueDate:
        """Due moment of a dossier received at `received` with `amount` `unit`s allowed."""
        try:
            unit = TimeUnit(unit)
        except ValueError:
            raise ValidationError(f"Đơn vị thời hạn không hợp lệ: {unit}.", field="unit") from None
        if unit != TimeUnit.SAME_DAY and amount < 0:
            raise ValidationError("Thời hạn giải quyết không được âm.", field="amount")
        day = received.date()
        if unit == TimeUnit.WORKING_DAYS:
            due_day = self.add_working_days(day, amount)
            # Civil Code art. 148: a deadline falling on a day off moves to the next working day
            # (only possible with 0 days received on a day off).
            if not self.is_working_day(due_day):
                due_day = self.next_working_day(due_day)
            due_at = datetime.combine(due_day, self.hours.clamp(received.time()))
        elif unit == TimeUnit.WORKING_HOURS:
            due_at = self._add_working_hours(received, amount)
        else:
            if self.is_working_day(day) and received.time() < self.hours.cutoff:
                due_day = day
            else:
                due_day = self.next_working_day(day)
            due_at = datetime.combine(due_day, self.hours.closing)
        return DueDate(due_at, self._skipped(day, due_at.date()))

    def due_at(self, received: datetime, amount: int, unit: TimeUnit | str) -> datetime:
        """Shortcut for `due(...).due_at`."""
        return self.due(received, amount, unit).due_at

    def _skipped(self, start: date, end: date) -> tuple[SkippedSpan, ...]:
        """Non-working days strictly between `start` and `end`, grouped into contiguous spans."""
        spans: list[SkippedSpan] = []
        run: list[tuple[date, _DayOff]] = []

        def close_run() -> None:
            if run:
                reason = _span_reason([off for _, off in run])
                spans.append(SkippedSpan(run[0][0], run[-1][0], reason))
                run.clear()

        d = start + timedelta(days=1)
        while d < end:
            off = self._day_off(d)
            if off is None:
                close_run()
            else:
                run.append((d, off))
            d += timedelta(days=1)
        close_run()
        return tuple(spans)
