"""The internal process (quy trình nội bộ): a procedure's published steps, each step's deadline
under the office calendar, and the result of a hand-over judged against its own step."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from counter.domain.calendar import TimeUnit, WorkCalendar
from counter.errors import ValidationError

# The body a catalogue names generically, as the office's own body (Mẫu 06, the reports).
COUNTER_BODY = "Bộ phận Một cửa"
SPECIALIST_BODY = "Công chức chuyên môn"
LEADER_BODY = "Lãnh đạo UBND cấp xã"
MAX_STEPS = 20


@dataclass(frozen=True)
class Step:
    """One published step: what is done, by which body or role, and its share of the time
    allowed, in the procedure's own unit (working days may be split, e.g. 0.5)."""

    name: str
    body: str
    share: float

    def as_row(self) -> list[Any]:
        """How a step is stored (catalogue, reference data, the intake's snapshot)."""
        share = int(self.share) if float(self.share).is_integer() else round(self.share, 2)
        return [self.name, self.body, share]


def steps_from_rows(rows: Iterable[Sequence[Any]] | None) -> tuple[Step, ...]:
    """Steps as stored ([name, body, share] rows); anything else is skipped, not guessed."""
    found: list[Step] = []
    for item in rows or ():
        if isinstance(item, (list, tuple)) and len(item) == 3:
            name, body, share = item
            if isinstance(name, str) and isinstance(body, str) and isinstance(share, (int, float)):
                found.append(Step(name, body, float(share)))
    return tuple(found)


def default_steps(amount: int, unit: TimeUnit | str) -> tuple[Step, ...]:
    """Sensible steps for a procedure whose province has not published its own: the counter
    receives, the specialist examines, the leader signs, the counter returns. A same-day
    procedure keeps the whole day for each step (nothing to split)."""
    unit = TimeUnit(unit)
    if unit is TimeUnit.SAME_DAY or amount <= 0:
        return (
            Step("Tiếp nhận, chuyển hồ sơ", COUNTER_BODY, 0),
            Step("Thẩm định, ký duyệt", LEADER_BODY, 0),
            Step("Trả kết quả", COUNTER_BODY, 0),
        )
    counter: float
    leader: float
    if unit is TimeUnit.WORKING_HOURS:
        counter, leader = (1, 1) if amount >= 4 else (0, 0)
    elif amount >= 4:
        counter, leader = 0.5, 1
    elif amount >= 2:
        counter, leader = 0.5, 0.5
    else:
        counter, leader = 0, 0
    return (
        Step("Tiếp nhận, chuyển hồ sơ", COUNTER_BODY, counter),
        Step("Thẩm định, xử lý hồ sơ", SPECIALIST_BODY, amount - counter - leader),
        Step("Ký duyệt kết quả", LEADER_BODY, leader),
        Step("Trả kết quả", COUNTER_BODY, 0),
    )


def check_steps(steps: Sequence[Step], amount: int, unit: TimeUnit | str) -> tuple[Step, ...]:
    """The steps an admin entered, cleaned, or a ValidationError that names what is wrong:
    every step named with its body, shares not negative, and (in days or hours) adding up
    to the time allowed."""
    unit = TimeUnit(unit)
    if not steps:
        return ()
    if len(steps) > MAX_STEPS:
        raise ValidationError(f"Quy trình có nhiều nhất {MAX_STEPS} bước.", field="steps")
    cleaned: list[Step] = []
    for number, step in enumerate(steps, 1):
        name, body = " ".join(step.name.split()), " ".join(step.body.split())
        if not name or not body:
            raise ValidationError(
                f"Bước {number} của quy trình phải có tên bước và cơ quan, bộ phận thực hiện.",
                field="steps",
            )
        if len(name) > 200 or len(body) > 200:
            raise ValidationError(f"Bước {number}: tên quá dài (tối đa 200 ký tự).", field="steps")
        share = float(step.share)
        if not math.isfinite(share) or share < 0:
            raise ValidationError(
                f"Bước {number}: thời gian thực hiện không được âm.", field="steps"
            )
        cleaned.append(Step(name, body, round(share, 2)))
    if unit is not TimeUnit.SAME_DAY:
        total = sum(s.share for s in cleaned)
        if abs(total - amount) > 0.005:
            label = "ngày làm việc" if unit is TimeUnit.WORKING_DAYS else "giờ làm việc"
            raise ValidationError(
                f"Tổng thời gian các bước ({_number(total)} {label}) phải bằng thời hạn giải "
                f"quyết ({amount} {label}).",
                field="steps",
            )
    return tuple(cleaned)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def share_text(step: Step, unit: TimeUnit | str) -> str:
    """'0,5 ngày', '2 giờ', 'trong ngày': a step's share as the published process states it."""
    unit = TimeUnit(unit)
    if unit is TimeUnit.SAME_DAY:
        return "trong ngày"
    return f"{_number(step.share)} {'ngày' if unit is TimeUnit.WORKING_DAYS else 'giờ'}"


def step_deadlines(
    calendar: WorkCalendar,
    received: datetime,
    steps: Sequence[Step],
    amount: int,
    unit: TimeUnit | str,
) -> list[datetime]:
    """When each step must be handed on: its cumulative share counted from receipt under the
    office calendar (days off skipped; part of a day counted in office hours). The last step
    ends at the dossier's own due moment, so the steps never promise more than the law."""
    unit = TimeUnit(unit)
    final = calendar.due_at(received, amount, unit)
    dues: list[datetime] = []
    cumulative = 0.0
    for index, step in enumerate(steps):
        cumulative += step.share
        if unit is TimeUnit.SAME_DAY or index == len(steps) - 1 or cumulative >= amount - 0.005:
            dues.append(final)
            continue
        if unit is TimeUnit.WORKING_HOURS:
            dues.append(calendar.add_working_time(received, timedelta(hours=cumulative)))
            continue
        whole = math.floor(cumulative + 0.005)
        part = cumulative - whole
        start = calendar.due_at(received, whole, TimeUnit.WORKING_DAYS) if whole else received
        if part > 0.005:
            start = calendar.add_working_time(start, calendar.day_length * part)
        dues.append(min(start, final))
    return dues


class StepResult(StrEnum):
    """The three results Mẫu 06 knows for a hand-over (and the law for a dossier)."""

    AHEAD = "ahead"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"ahead": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}[self.value]


def judge(done: datetime, due: datetime) -> StepResult:
    """Ahead when done on a day before the due day, on time on the due day (even after the
    hour, as the quarterly report counts), late on a later day."""
    if done.date() < due.date():
        return StepResult.AHEAD
    if done <= due or done.date() == due.date():
        return StepResult.ON_TIME
    return StepResult.LATE


_LEVELS = ("cấp xã", "cấp phường")
_COUNCIL = ("ủy ban nhân dân", "uỷ ban nhân dân", "ubnd")


@lru_cache(maxsize=1024)  # a handful of bodies, asked for at every hand-over and demo dossier
def office_body(text: str, governing_body: str, place: str) -> str:
    """A body as the office names it: the catalogue's 'UBND cấp xã' is this office's 'UBND xã
    Tân Hưng', 'Công an cấp xã' its 'Công an xã Tân Hưng', 'Lãnh đạo UBND cấp xã' its 'Lãnh đạo
    UBND xã Tân Hưng'. Text without a generic level is kept as it is."""
    name = " ".join(text.split())
    governing_body = as_in_running_text(governing_body)
    where = _locality(governing_body, place)
    lowered = name.casefold()
    for level in _LEVELS:
        start = lowered.find(level)
        if start < 0 or not where:
            continue
        before, after = name[:start].rstrip(), name[start + len(level) :]
        for council in _COUNCIL:
            if governing_body and before.casefold().endswith(council):
                return f"{before[: len(before) - len(council)]}{governing_body}{after}".strip()
        return f"{before} {where}{after}".strip()
    return name


def _locality(governing_body: str, place: str) -> str:
    """'xã Tân Hưng' from 'UBND xã Tân Hưng' (or 'phường …', 'đặc khu …'), else from the
    place name."""
    words = governing_body.split()
    for index, word in enumerate(words):
        if word.casefold() in ("xã", "phường", "đặc"):
            return " ".join(words[index:])
    return f"xã {place}" if place else ""


def as_in_running_text(name: str) -> str:
    """A body's name as running text writes it (NĐ 30/2020): 'UBND XÃ TÂN HƯNG', kept upper
    case for the header, becomes 'UBND xã Tân Hưng'. A name not all in capitals is kept."""
    name = " ".join(name.split())
    if not name.isupper():
        return name
    council = "ỦY BAN NHÂN DÂN"
    head = ""
    if name.startswith(council):
        head, name = "Ủy ban nhân dân", name[len(council) :].strip()
    words: list[str] = []
    for word in name.split():
        lowered = word.lower()
        if word == "UBND":
            words.append(word)
        elif lowered in ("xã", "phường", "đặc", "khu", "thị", "trấn"):
            words.append(lowered)
        else:
            words.append(word[:1] + word[1:].lower())
    return " ".join([head, *words]).strip()
