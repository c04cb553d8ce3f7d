"""Plain read models the UI, the CLI and the printing layer receive."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any, get_type_hints

from counter.domain.calendar import WorkCalendar
from counter.domain.dossier import CLOCK_RUNNING, FINISHED, DossierFields, Moment, Status
from counter.domain.process import judge

CHANNELS = {"direct": "Trực tiếp", "postal": "Qua bưu chính công ích", "online": "Trực tuyến"}
DELIVERIES = {"counter": "Tại Bộ phận Một cửa", "postal": "Qua dịch vụ bưu chính công ích"}
PAYMENT_METHODS = {
    "cash": "Tiền mặt",
    "transfer": "Chuyển khoản",
    "card": "Thẻ",
    "online": "Thanh toán trực tuyến",
}
SATISFACTION = {1: "Không hài lòng", 2: "Hài lòng", 3: "Rất hài lòng"}


class Timeliness(StrEnum):
    """Derived lateness (DOMAIN.md): for finished dossiers and for open ones."""

    AHEAD = "ahead"  # trước hạn
    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # quá hạn (finished late, or open past its due moment)
    IN_TIME = "in_time"  # trong hạn
    DUE_SOON = "due_soon"  # sắp đến hạn
    NONE = "none"  # not applicable (refused, stopped, waiting for the citizen…)

    @property
    def label(self) -> str:
        return TIMELINESS_LABELS[self]


TIMELINESS_LABELS = {
    Timeliness.AHEAD: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
    Timeliness.IN_TIME: "Trong hạn",
    Timeliness.DUE_SOON: "Sắp đến hạn",
    Timeliness.NONE: "",
}


def parse_moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def timeliness(
    status: Status,
    due_at: datetime | None,
    resolved_at: datetime | None,
    now: datetime,
    calendar: WorkCalendar | None = None,
) -> Timeliness:
    """`due_at` is the legal due moment (before any apology): a dossier resolved after it is
    late even when the citizen accepted a new date (QĐ 766 counts it late)."""
    if due_at is None:
        return Timeliness.NONE
    if status in FINISHED and resolved_at is not None:
        # The same three results Mẫu 06 gives each hand-over (counter.domain.process).
        return Timeliness(judge(resolved_at, due_at).value)
    if status in CLOCK_RUNNING:
        if now > due_at:
            return Timeliness.LATE
        next_day = calendar.next_working_day(now.date()) if calendar else now.date()
        if due_at.date() <= next_day:
            return Timeliness.DUE_SOON
        return Timeliness.IN_TIME
    return Timeliness.NONE


@dataclass(frozen=True, kw_only=True)
class DossierView(DossierFields[datetime]):
    """A dossier as the UI, the CLI and the printing layer read it: moments as datetimes."""

    conflict: bool
    conflicts: tuple[dict[str, str], ...]
    timeliness: Timeliness

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def late(self) -> bool:
        return self.timeliness is Timeliness.LATE

    @property
    def needs_apology(self) -> bool:
        """Late (or due by the next working day) and not yet apologised for."""
        return (
            self.apology_count == 0
            and self.timeliness in (Timeliness.LATE, Timeliness.DUE_SOON)
            and self.status in CLOCK_RUNNING
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = int(self.status)
        data["status_label"] = self.status_label
        data["timeliness"] = self.timeliness.value
        data["timeliness_label"] = self.timeliness.label
        data["conflicts"] = list(self.conflicts)
        for key, value in data.items():
            if isinstance(value, datetime):
                data[key] = value.strftime("%Y-%m-%d %H:%M")
            elif isinstance(value, date):
                data[key] = value.isoformat()
        return data


# A view takes a `dossiers` row's columns of the same name: moments parsed, the status as its
# enum, the conflicts from their JSON text; `timeliness` is derived.
_MOMENTS = tuple(
    name for name, kind in get_type_hints(DossierFields).items() if kind == Moment | None
)
_DERIVED = frozenset({"status", "conflicts", "timeliness", *_MOMENTS})
_SAME = tuple(f.name for f in fields(DossierView) if f.name not in _DERIVED)


def view_of(row: Any, now: datetime, calendar: WorkCalendar | None = None) -> DossierView:
    """A view of a `dossiers` row: an ORM `Dossier` or a plain result row with its columns."""
    status = Status(row.status)
    values = {name: getattr(row, name) for name in _SAME}
    values.update((name, parse_moment(getattr(row, name))) for name in _MOMENTS)
    return DossierView(
        **values,
        status=status,
        conflicts=tuple(json.loads(row.conflicts)) if row.conflicts else (),
        timeliness=timeliness(
            status, values["original_due_at"], values["resolved_at"], now, calendar
        ),
    )


def iso(moment: datetime | None) -> str | None:
    """How moments are stored: local time, to the second, sortable as text."""
    return moment.replace(microsecond=0).isoformat(sep=" ") if moment else None
