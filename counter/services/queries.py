"""Reading dossiers: by scanned code, by free text, the home lists, and one dossier's timeline."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter.db.models import Dossier
from counter.domain.dossier import CLOCK_RUNNING, EVENT_LABELS, Event, EventType, Status
from counter.domain.text import fold
from counter.errors import NotFoundError
from counter.services import office
from counter.services.context import Context
from counter.services.eventstore import events_of
from counter.services.views import DossierView, iso, view_of
from counter.services.workflow import normalize_code

_TOKEN = re.compile(r"[0-9a-z]+")
# Lists read plain rows rather than ORM objects: building ORM instances cost ten times more
# than the query itself for a page of 50 dossiers. view_of reads attributes by column name.
DOSSIERS = Dossier.__table__
_CLOCK = tuple(int(s) for s in CLOCK_RUNNING)


def find_by_code(ctx: Context, code: str) -> DossierView | None:
    """Exact code lookup: what a barcode scan gives."""
    with ctx.db.session() as session:
        row = session.execute(select(DOSSIERS).where(Dossier.code == normalize_code(code))).first()
        return view_of(row, ctx.now(), office.calendar(session)) if row else None


def fts_query(query: str) -> str:
    """Free text → an FTS5 query: every word, as a prefix, tone marks ignored, đ as d."""
    return " ".join(f'"{token}"*' for token in _TOKEN.findall(fold(query)))


def search(ctx: Context, query: str, limit: int = 50) -> list[DossierView]:
    """Search as you type over names, ID numbers, codes and procedure names; newest first.

    Applicant names and ID numbers that match every word come first, so "nguyen van duc"
    lists Nguyễn Văn Đức before dossiers whose procedure name happens to contain "văn".
    """
    match = fts_query(query)
    if not match:
        return []
    sql = text(
        "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :q ORDER BY rowid DESC LIMIT :n"
    )
    with ctx.db.session() as session:
        nums: list[int] = list(
            session.execute(
                sql, {"q": f"{{name id_number code}} : ({match})", "n": limit}
            ).scalars()
        )
        if len(nums) < limit:
            seen = set(nums)
            more = session.execute(sql, {"q": match, "n": limit + len(nums)}).scalars()
            nums += [n for n in more if n not in seen][: limit - len(nums)]
        if not nums:
            return []
        rows = {r.num: r for r in session.execute(select(DOSSIERS).where(Dossier.num.in_(nums)))}
        cal = office.calendar(session)
        return [view_of(rows[n], ctx.now(), cal) for n in nums if n in rows]


@dataclass(frozen=True)
class HomeCounts:
    due_today: int
    due_next_day: int
    overdue: int
    overdue_without_apology: int
    awaiting_supplement: int
    ready_to_return: int
    conflicts: int


def _views(session: Session, ctx: Context, query: Any, limit: int) -> list[DossierView]:
    cal = office.calendar(session)
    return [view_of(r, ctx.now(), cal) for r in session.execute(query.limit(limit))]


def _running() -> Any:
    return Dossier.status.in_(_CLOCK)


def due_today(ctx: Context, limit: int = 500) -> list[DossierView]:
    now = ctx.now()
    start, end = (
        iso(now.replace(hour=0, minute=0, second=0)),
        iso(now.replace(hour=23, minute=59, second=59)),
    )
    with ctx.db.session() as session:
        query = (
            select(DOSSIERS)
            .where(_running(), Dossier.due_at >= start, Dossier.due_at <= end)
            .order_by(Dossier.due_at)
        )
        return _views(session, ctx, query, limit)


def due_next_working_day(ctx: Context, limit: int = 500) -> list[DossierView]:
    """Due on the next working day and still unresolved: the apology must go out today."""
    with ctx.db.session() as session:
        day = office.calendar(session).next_working_day(ctx.now().date())
        start, end = f"{day.isoformat()} 00:00:00", f"{day.isoformat()} 23:59:59"
        query = (
            select(DOSSIERS)
            .where(_running(), Dossier.due_at >= start, Dossier.due_at <= end)
            .order_by(Dossier.due_at)
        )
        return _views(session, ctx, query, limit)


def overdue(ctx: Context, *, without_apology: bool = False, limit: int = 500) -> list[DossierView]:
    with ctx.db.session() as session:
        query = select(DOSSIERS).where(_running(), Dossier.original_due_at < iso(ctx.now()))
        if without_apology:
            query = query.where(Dossier.apology_count == 0)
        return _views(session, ctx, query.order_by(Dossier.original_due_at), limit)


def by_status(ctx: Context, status: Status, limit: int = 500) -> list[DossierView]:
    with ctx.db.session() as session:
        query = (
            select(DOSSIERS)
            .where(Dossier.status == int(status))
            .order_by(Dossier.received_at.desc())
        )
        return _views(session, ctx, query, limit)


def with_conflicts(ctx: Context, limit: int = 500) -> list[DossierView]:
    with ctx.db.session() as session:
        query = select(DOSSIERS).where(Dossier.conflict).order_by(Dossier.received_at.desc())
        return _views(session, ctx, query, limit)


def home_counts(ctx: Context) -> HomeCounts:
    """The figures on the home screen, in one read."""
    now = ctx.now()
    with ctx.db.session() as session:
        next_day = office.calendar(session).next_working_day(now.date())
        params = {
            "today0": f"{now.date().isoformat()} 00:00:00",
            "today1": f"{now.date().isoformat()} 23:59:59",
            "next0": f"{next_day.isoformat()} 00:00:00",
            "next1": f"{next_day.isoformat()} 23:59:59",
            "now": iso(now),
        }
        running = "status IN (2, 4)"

        def count(where: str) -> int:
            return int(
                session.execute(
                    text(f"SELECT count(*) FROM dossiers WHERE {where}"), params
                ).scalar()
                or 0
            )

        return HomeCounts(
            due_today=count(f"{running} AND due_at BETWEEN :today0 AND :today1"),
            due_next_day=count(f"{running} AND due_at BETWEEN :next0 AND :next1"),
            overdue=count(f"{running} AND original_due_at < :now"),
            overdue_without_apology=count(
                f"{running} AND original_due_at < :now AND apology_count = 0"
            ),
            awaiting_supplement=count("status = 5"),
            ready_to_return=count("status = 9"),
            conflicts=count("conflict = 1"),
        )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    label: str
    actor: str
    detail: str
    event_id: str
    in_conflict: bool


def _detail(event: Event) -> str:
    p = event.payload
    match event.type:
        case EventType.RECEIVED:
            outcome = {
                "accepted": "Tiếp nhận",
                "supplement": "Yêu cầu bổ sung",
                "refused": "Từ chối",
            }.get(p.get("outcome", ""), "")
            return f"{outcome}; mã {p.get('code', '')}"
        case EventType.TRANSFERRED:
            return f"{p.get('from_person', '')} → {p.get('to_person', '')} {p.get('to_unit', '')}".strip()
        case EventType.APOLOGY_ISSUED:
            new_due = datetime.fromisoformat(p["new_due_at"]).strftime("%d/%m/%Y")
            return f"Hẹn lại ngày {new_due}. Lý do: {p.get('reason', '')}"
        case EventType.RETURNED:
            return f"Người nhận: {p.get('collected_by', '')}"
        case EventType.PAYMENT_RECORDED:
            return f"{p.get('amount', 0):,} đ".replace(",", ".")
        case EventType.PRINTED:
            return f"Mẫu {p.get('form')}" + (" (bản in lại)" if p.get("reprint") else "")
        case EventType.NOTE_ADDED:
            return str(p.get("text", ""))
        case _:
            return str(p.get("reason") or p.get("note") or "")


def timeline(ctx: Context, code: str) -> list[TimelineEntry]:
    with ctx.db.session() as session:
        row = session.scalar(select(Dossier).where(Dossier.code == normalize_code(code)))
        if row is None:
            return []
        conflict_ids = (
            {c["event_id"] for c in json.loads(row.conflicts)} if row.conflicts else set()
        )
        return [
            TimelineEntry(
                at=datetime.fromisoformat(e.wall_time),
                kind=e.type,
                label=EVENT_LABELS[EventType(e.type)],
                actor=e.actor,
                detail=_detail(e),
                event_id=e.id,
                in_conflict=e.id in conflict_ids,
            )
            for e in events_of(session, row.id)
        ]


def dossier_events(ctx: Context, code: str) -> tuple[DossierView, list[Event]]:
    """A dossier and its events (for the forms: the intake payload, the hand-overs)."""
    with ctx.db.session() as session:
        row = session.scalar(select(Dossier).where(Dossier.code == normalize_code(code)))
        if row is None:
            raise NotFoundError(f"Không tìm thấy hồ sơ mã «{code}».", field="code")
        return view_of(row, ctx.now(), office.calendar(session)), events_of(session, row.id)
