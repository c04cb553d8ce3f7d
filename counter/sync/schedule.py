"""When a counter syncs by itself: nightly at a configured time, spread by a per-counter jitter."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from counter.errors import ValidationError
from counter.services.context import Context

AT_KEY = "sync.nightly_at"
JITTER_KEY = "sync.jitter_minutes"
DEFAULT_AT = time(21, 30)
DEFAULT_JITTER = 60  # minutes: a province's counters arrive over an hour, not in one minute


@dataclass(frozen=True)
class Schedule:
    at: time = DEFAULT_AT
    jitter_minutes: int = DEFAULT_JITTER

    def offset(self, device_id: str, day: datetime) -> timedelta:
        """This counter's delay on that day: stable (a restart does not move it), different
        per counter and per day, within [0, jitter)."""
        if self.jitter_minutes <= 0:
            return timedelta(0)
        digest = hashlib.sha256(f"{device_id}:{day.date().isoformat()}".encode()).digest()
        seconds = int.from_bytes(digest[:8], "big") % (self.jitter_minutes * 60)
        return timedelta(seconds=seconds)

    def planned(self, device_id: str, day: datetime) -> datetime:
        """The moment this counter syncs on `day`'s evening."""
        base = datetime.combine(day.date(), self.at)
        return base + self.offset(device_id, base)

    def is_due(self, device_id: str, now: datetime, last_success: datetime | None) -> bool:
        """True when today's planned moment has passed and no sync succeeded since it (the
        window asks this every minute; a PC switched on the next morning catches up)."""
        planned = self.planned(device_id, now)
        if now < planned:
            planned = self.planned(device_id, now - timedelta(days=1))
        return last_success is None or last_success < planned


def parse_at(text: str) -> time:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise ValidationError(
            f"Giờ đồng bộ không hợp lệ: «{text}» (dạng HH:MM).", field="at"
        ) from exc


def get_schedule(ctx: Context) -> Schedule:
    from counter.db.models import Setting

    with ctx.db.session() as session:
        at = session.get(Setting, AT_KEY)
        jitter = session.get(Setting, JITTER_KEY)
        return Schedule(
            parse_at(at.value) if at else DEFAULT_AT,
            int(jitter.value) if jitter else DEFAULT_JITTER,
        )


def set_schedule(ctx: Context, at: str, jitter_minutes: int = DEFAULT_JITTER) -> Schedule:
    from counter.db.models import Setting

    moment = parse_at(at)
    if not 0 <= jitter_minutes <= 240:
        raise ValidationError("Độ trễ ngẫu nhiên phải từ 0 đến 240 phút.", field="jitter")
    with ctx.db.unit_of_work() as session:
        for key, value in ((AT_KEY, moment.strftime("%H:%M")), (JITTER_KEY, str(jitter_minutes))):
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value
    return Schedule(moment, jitter_minutes)


def is_due(ctx: Context, now: datetime | None = None) -> bool:
    """Whether the nightly sync should run now (for the window's timer and `counter sync
    --if-due` run every few minutes by the operating system's scheduler)."""
    from counter.sync.client import status

    now = now or ctx.now()
    info = status(ctx)
    if not info.registered:
        return False
    last = datetime.fromisoformat(info.last_success) if info.last_success else None
    return get_schedule(ctx).is_due(ctx.device_id, now, last)
