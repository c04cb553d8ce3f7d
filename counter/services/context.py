"""The context every service runs in: the database, this counter, the signed-in user, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from counter.db.engine import Database
from counter.db.models import Device, EventRow
from counter.domain.hlc import HybridClock, Timestamp, uuid7
from counter.errors import PermissionDenied

ROLES = ("clerk", "specialist", "leader", "admin")
ROLE_LABELS = {
    "clerk": "Công chức một cửa",
    "specialist": "Công chức chuyên môn",
    "leader": "Lãnh đạo",
    "admin": "Quản trị",
}


@dataclass(frozen=True)
class Actor:
    """Who acts: the signed-in user (or the system for scripted work)."""

    username: str
    full_name: str
    role: str = "clerk"

    def has_role(self, *roles: str) -> bool:
        return self.role in roles or self.role == "admin"


SYSTEM = Actor("system", "Hệ thống", "admin")

ADMIN_ONLY = "Chỉ quản trị viên được thay đổi cài đặt, danh mục thủ tục và tài khoản người dùng."


def require_admin(ctx: Context | None) -> None:
    """Office settings, catalogue and users are the admin's: checked in the services, so a
    hidden button is never the only guard. `None` is the bootstrap path (first start, tests)."""
    if ctx is not None and not ctx.actor.has_role("admin"):
        raise PermissionDenied(ADMIN_ONLY)


@dataclass
class Context:
    """Passed to every service. `now` is injectable so tests and demo data can set the time."""

    db: Database
    actor: Actor = SYSTEM
    now: Callable[[], datetime] = datetime.now
    device_id: str = ""
    counter_no: int = 1
    clock: HybridClock = field(init=False)
    # The signed-in admin's unlocked key (services.authority.Signer): reference changes made
    # in this session are signed with it. None for other users and scripted work.
    signer: Any = None

    def __post_init__(self) -> None:
        # The clock resumes past every event already stored, whatever the PC clock says; the
        # lookup reads every event (no index on hlc), so it runs at the first timestamp, or
        # earlier in the background (`clock.resume_now()`, as the window does).
        self.clock = HybridClock(
            lambda: int(self.now().timestamp() * 1000), resume=self._newest_stamp
        )
        with self.db.unit_of_work() as session:
            device = session.scalars(select(Device).where(Device.is_local)).first()
            if device is None:
                device = Device(id=uuid7(), counter_no=1, name="Quầy 1", is_local=True)
                session.add(device)
            self.device_id = device.id
            self.counter_no = device.counter_no

    def _newest_stamp(self) -> Timestamp | None:
        with self.db.session() as session:
            newest = session.scalar(select(func.max(EventRow.hlc)))
            # The pages that lookup read are of no further use: give their memory back.
            session.execute(text("PRAGMA shrink_memory"))
        return Timestamp.decode(newest) if newest else None

    def as_user(self, actor: Actor, signer: Any = None) -> Context:
        """The same counter acting for another user (sign-in), with that user's unlocked key
        when an admin signed in with a password (`users.unlock_signer`)."""
        other = Context.__new__(Context)
        other.__dict__.update(self.__dict__)
        other.actor = actor
        other.signer = signer
        return other

    def refresh_device(self) -> None:
        with self.db.unit_of_work() as session:
            device = session.get(Device, self.device_id)
            if device is not None:
                self.counter_no = device.counter_no


def open_context(path: Path | str, actor: Actor = SYSTEM) -> Context:
    return Context(Database(path), actor)
