"""Paged, filtered lists of dossiers for the window's table: keyset pages and a count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, text

from counter.db.models import Dossier
from counter.services import office
from counter.services.context import Context
from counter.services.queries import TextMatch, text_match
from counter.services.views import DossierView, iso, view_of

# Lateness filters; each matches a home-screen figure.
LATENESS = {
    "due_today": "Đến hạn hôm nay",
    "due_next_day": "Đến hạn ngày làm việc tiếp theo",
    "overdue": "Quá hạn",
    "overdue_no_apology": "Quá hạn, chưa xin lỗi",
}
_RUNNING = "d.status IN (2, 4)"


@dataclass(frozen=True)
class DossierFilter:
    """What the dossier list shows. Empty values mean "any"."""

    text: str = ""
    status: int | None = None
    lateness: str = ""
    procedure_code: str = ""
    channel: str = ""
    received_from: date | None = None
    received_to: date | None = None  # inclusive
    conflict: bool = False  # only dossiers with a sync conflict to resolve


def _where(
    ctx: Context, f: DossierFilter, cal_next_day: date | None, match: TextMatch | None = None
) -> tuple[str, dict[str, Any]]:
    """SQL conditions over `d` (dossiers); `match` is the plan of the filter's text."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    if f.status is not None:
        parts.append("d.status = :status")
        params["status"] = int(f.status)
    if f.procedure_code:
        parts.append("d.procedure_code = :procedure")
        params["procedure"] = f.procedure_code
    if f.channel:
        parts.append("d.channel = :channel")
        params["channel"] = f.channel
    if f.received_from:
        parts.append("d.received_at >= :from_")
        params["from_"] = f"{f.received_from.isoformat()} 00:00:00"
    if f.received_to:
        parts.append("d.received_at < :to_")
        params["to_"] = f"{(f.received_to + timedelta(days=1)).isoformat()} 00:00:00"
    if f.conflict:
        parts.append("d.conflict = 1")
    now = ctx.now()
    if f.lateness == "due_today":
        parts.append(f"{_RUNNING} AND d.due_at BETWEEN :day0 AND :day1")
        params["day0"] = f"{now.date().isoformat()} 00:00:00"
        params["day1"] = f"{now.date().isoformat()} 23:59:59"
    elif f.lateness == "due_next_day" and cal_next_day is not None:
        parts.append(f"{_RUNNING} AND d.due_at BETWEEN :day0 AND :day1")
        params["day0"] = f"{cal_next_day.isoformat()} 00:00:00"
        params["day1"] = f"{cal_next_day.isoformat()} 23:59:59"
    elif f.lateness in ("overdue", "overdue_no_apology"):
        parts.append(f"{_RUNNING} AND d.original_due_at < :now")
        params["now"] = iso(now)
        if f.lateness == "overdue_no_apology":
            parts.append("d.apology_count = 0")
    if match is not None:
        fts = "d.num IN (SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :{})"
        either = [fts.format("match")]
        params["match"] = match.fts
        for i, (code, name, rest) in enumerate(match.procedures):
            cond = f"d.procedure_code = :pc{i} AND d.procedure_name = :pn{i}"
            params[f"pc{i}"], params[f"pn{i}"] = code, name
            if rest:
                cond += " AND " + fts.format(f"pm{i}")
                params[f"pm{i}"] = rest
            either.append(f"({cond})")
        parts.append(f"({' OR '.join(either)})")
    return " AND ".join(parts) or "1", params


def _next_day(ctx: Context, f: DossierFilter) -> date | None:
    if f.lateness != "due_next_day":
        return None
    with ctx.db.session() as session:
        return office.calendar(session).next_working_day(ctx.now().date())


def page(
    ctx: Context, f: DossierFilter, *, before: int | None = None, limit: int = 100
) -> list[tuple[int, DossierView]]:
    """Up to `limit` dossiers, newest first (by `num`), strictly before `before` when given.

    Keyset paging: every page costs the same however deep the clerk scrolls.
    """
    with ctx.db.session() as session:
        match = text_match(session, f.text) if f.text else None
        if f.text and match is None:
            return []
        where, params = _where(ctx, f, _next_day(ctx, f), match)
        if before is not None:
            where += " AND d.num < :before"
            params["before"] = before
        params["limit"] = limit
        sql = text(f"SELECT d.num FROM dossiers d WHERE {where} ORDER BY d.num DESC LIMIT :limit")
        nums = list(session.execute(sql, params).scalars())
        if not nums:
            return []
        rows = {r.num: r for r in session.scalars(select(Dossier).where(Dossier.num.in_(nums)))}
        cal = office.calendar(session)
        now = ctx.now()
        return [(n, view_of(rows[n], now, cal)) for n in nums if n in rows]


def views(ctx: Context, nums: list[int]) -> dict[int, DossierView]:
    """The dossiers with these list keys (`num`), as the list shows them now. A list that let
    rows it scrolled past go reads them again through here when the clerk scrolls back."""
    if not nums:
        return {}
    with ctx.db.session() as session:
        rows = list(session.scalars(select(Dossier).where(Dossier.num.in_(nums))))
        cal = office.calendar(session)
        now = ctx.now()
        return {row.num: view_of(row, now, cal) for row in rows}


def count(ctx: Context, f: DossierFilter) -> int:
    """How many dossiers the filter matches (may take a while on a very large database)."""
    with ctx.db.session() as session:
        match = text_match(session, f.text) if f.text else None
        if f.text and match is None:
            return 0
        where, params = _where(ctx, f, _next_day(ctx, f), match)
        sql = text(f"SELECT count(*) FROM dossiers d WHERE {where}")
        return int(session.execute(sql, params).scalar() or 0)


def period(name: str, today: date) -> tuple[date | None, date | None]:
    """Named periods of the filter bar → (from, to), inclusive."""
    if name == "today":
        return today, today
    if name == "week":
        return today - timedelta(days=today.weekday()), today
    if name == "month":
        return today.replace(day=1), today
    if name == "30days":
        return today - timedelta(days=29), today
    if name == "year":
        return today.replace(month=1, day=1), today
    return None, None
