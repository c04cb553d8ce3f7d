"""Paged, filtered lists of dossiers for the window's table: keyset pages and a count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter.db.models import Applicant, Dossier
from counter.services import lateness, office
from counter.services.context import Context
from counter.services.queries import TextMatch, text_match
from counter.services.views import DossierView, iso, view_of

# Lateness filters; each matches a home-screen figure.
LATENESS = {
    "due_today": "Đến hạn hôm nay",
    "due_next_day": "Đến hạn ngày làm việc tiếp theo",
    "overdue": "Quá hạn",
    "overdue_no_apology": "Quá hạn, chưa xin lỗi",
    "late_step": "Chậm ở bước đang xử lý",
}


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
    # The list's order: "" (newest first) or one of ORDERS, ascending or not.
    order: str = ""
    ascending: bool = True


# The columns a list can be sorted by (the list's column → the dossiers' column).
ORDERS = {
    "code": "code",
    "applicant": "applicant_name",
    "id_number": "id_number",
    "procedure": "procedure_name",
    "received": "received_at",
    "due": "due_at",
    "status": "status",
    "channel": "channel",
    "num": "num",  # the order of arrival: oldest first, to reach a long list's end at once
}


_NULLABLE = frozenset({"received_at", "due_at"})


def sort_value(view: DossierView, order: str) -> Any:
    """The value a sorted list's keyset continues after: the row's column as stored."""
    column = ORDERS[order]
    if column == "num":
        raise ValueError("a list in arrival order continues after its last key")
    value = getattr(view, column)
    if isinstance(value, datetime):
        return iso(value)
    return int(value) if column == "status" else (value or "")


def _where(ctx: Context, f: DossierFilter, cal_next_day: date | None) -> tuple[str, dict[str, Any]]:
    """SQL conditions over `d` (dossiers) for everything in the filter but its text."""
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
        parts.append(lateness.due_between("d"))
        params["day0"] = f"{now.date().isoformat()} 00:00:00"
        params["day1"] = f"{now.date().isoformat()} 23:59:59"
    elif f.lateness == "due_next_day" and cal_next_day is not None:
        parts.append(lateness.due_between("d"))
        params["day0"] = f"{cal_next_day.isoformat()} 00:00:00"
        params["day1"] = f"{cal_next_day.isoformat()} 23:59:59"
    elif f.lateness in ("overdue", "overdue_no_apology"):
        parts.append(lateness.overdue("d"))
        params["now"] = iso(now)
        if f.lateness == "overdue_no_apology":
            parts.append("d.apology_count = 0")
    elif f.lateness == "late_step":
        parts.append(lateness.step_overdue("d"))
        params["now"] = iso(now)
    return " AND ".join(parts) or "1", params


# How many of the newest full-text matches a page looks through before it lets SQLite plan the
# whole query: enough for any page when the other filters keep most matches, and a bounded walk
# (a few milliseconds) when they keep few.
WALK = 2000

_IN_WORDS = "d.num IN (SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :{})"


def _text_condition(match: TextMatch, params: dict[str, Any]) -> str:
    """The filter's text as one SQL condition over `d`: every word in the applicant's name, ID
    number or code, or in the procedure name with the other words there (for counting)."""
    either = [_IN_WORDS.format("match")]
    params["match"] = match.fts
    for i, (code, name, rest) in enumerate(match.procedures):
        cond = f"d.procedure_code = :pc{i} AND d.procedure_name = :pn{i}"
        params[f"pc{i}"], params[f"pn{i}"] = code, name
        if rest:
            cond += " AND " + _IN_WORDS.format(f"pm{i}")
            params[f"pm{i}"] = rest
        either.append(f"({cond})")
    return f"({' OR '.join(either)})"


def _ways(match: TextMatch) -> list[tuple[str, str, dict[str, Any]]]:
    """The ways the words find dossiers, each (full-text query or "", extra condition over
    `d`, its parameters): by name, ID number or code, or through each procedure name."""
    ways: list[tuple[str, str, dict[str, Any]]] = []
    if match.fts:
        ways.append((match.fts, "1", {}))
    for i, (code, name, rest) in enumerate(match.procedures):
        cond = f"d.procedure_code = :pc{i} AND d.procedure_name = :pn{i}"
        ways.append((rest, cond, {f"pc{i}": code, f"pn{i}": name}))
    return ways


def _newest(
    session: Session,
    where: str,
    params: dict[str, Any],
    words: str,
    before: int | None,
    limit: int,
) -> list[int]:
    """Up to `limit` keys, newest first, of dossiers under `where` (and before `before`) whose
    name, ID number or code hold `words` (an FTS5 query; "" for no words).

    With words, the full-text index reads its newest matches first and the filter is checked
    on at most WALK of them; only when that does not fill the page while more matches remain
    does one query let SQLite choose (the filter's index or the whole match set, ~1 s at 1M
    for a one-letter prefix under a rare status). One OR of every way, as before, made SQLite
    sort the whole match set for each keystroke (0.5–1.3 s at 1M for a common prefix)."""
    bound = {**params, "words": words, "before": before, "limit": limit, "walk": WALK}
    if not words:
        keyset = " AND d.num < :before" if before is not None else ""
        sql = f"SELECT d.num FROM dossiers d WHERE {where}{keyset} ORDER BY d.num DESC LIMIT :limit"
        return list(session.execute(text(sql), bound).scalars())
    fts_keyset = " AND rowid < :before" if before is not None else ""
    newest = (
        f"SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :words{fts_keyset} "
        "ORDER BY rowid DESC"
    )
    walked = (
        f"SELECT d.num FROM ({newest} LIMIT :walk) AS f CROSS JOIN dossiers d "
        f"ON d.num = f.rowid WHERE {where} ORDER BY d.num DESC LIMIT :limit"
    )
    nums = list(session.execute(text(walked), bound).scalars())
    if len(nums) == limit:
        return nums
    beyond = session.execute(text(f"{newest} LIMIT 1 OFFSET :walk"), bound).first()
    if beyond is None:
        return nums  # the walk saw every match
    keyset = " AND d.num < :before" if before is not None else ""
    planned = (
        f"SELECT d.num FROM dossiers d WHERE {where} AND {_IN_WORDS.format('words')}{keyset} "
        "ORDER BY d.num DESC LIMIT :limit"
    )
    return list(session.execute(text(planned), bound).scalars())


def _narrowed(session: Session, where: str, params: dict[str, Any], match: TextMatch) -> TextMatch:
    """When some dossier under the filter has every word in its applicant's name, ID number or
    code, the list shows only those: the clerk is looking for a person, and "nguyen van" must
    not list every Nguyễn whose procedure name happens to contain "văn bản" ("khai sinh nguyen"
    still finds birth registrations through the procedure name)."""
    if not match.procedures or not match.fts:
        return match
    if _newest(session, where, params, match.fts, None, 1):
        return TextMatch(match.fts, ())
    return match


def _next_day(ctx: Context, f: DossierFilter) -> date | None:
    if f.lateness != "due_next_day":
        return None
    with ctx.db.session() as session:
        return office.calendar(session).next_working_day(ctx.now().date())


def _sorted(
    session: Session,
    f: DossierFilter,
    where: str,
    params: dict[str, Any],
    match: TextMatch | None,
    after: tuple[Any, int] | None,
    limit: int,
) -> list[int]:
    """Keys of a list sorted by a column (then by `num`), after the row `after` (its sort
    value and key). Off the list's usual index: on a million dossiers without words a page
    sorts the whole filter (about a second), with words only their matches."""
    name = ORDERS[f.order]
    # The moments may be empty (a keyset cannot step over NULL); the other columns never
    # are, and bare they can use their index (the code's: 0.4 → 0.0x s a page at 1M).
    column = f"coalesce(d.{name}, '')" if name in _NULLABLE else f"d.{name}"
    sign, direction = (">", "ASC") if f.ascending else ("<", "DESC")
    bound = {**params, "limit": limit}
    if match is not None:
        where = f"{where} AND {_text_condition(_narrowed(session, where, params, match), bound)}"
    if after is not None:
        where = f"{where} AND ({column}, d.num) {sign} (:after_value, :after_num)"
        bound["after_value"], bound["after_num"] = after
    sql = (
        f"SELECT d.num FROM dossiers d WHERE {where} "
        f"ORDER BY {column} {direction}, d.num {direction} LIMIT :limit"
    )
    return list(session.execute(text(sql), bound).scalars())


def page(
    ctx: Context,
    f: DossierFilter,
    *,
    before: int | None = None,
    after: tuple[Any, int] | None = None,
    limit: int = 100,
) -> list[tuple[int, DossierView]]:
    """Up to `limit` dossiers, newest first (by `num`), strictly before `before` when given;
    for a filter with an `order`, in that order after the row `after` (see `sort_value`).

    Keyset paging: every page costs the same however deep the clerk scrolls.
    """
    with ctx.db.session() as session:
        match = text_match(session, f.text) if f.text else None
        if f.text and match is None:
            return []
        where, params = _where(ctx, f, _next_day(ctx, f))
        if f.order in ORDERS:
            nums = _sorted(session, f, where, params, match, after, limit)
        elif match is None:
            nums = _newest(session, where, params, "", before, limit)
        else:
            found: set[int] = set()
            for words, cond, extra in _ways(_narrowed(session, where, params, match)):
                found.update(
                    _newest(
                        session, f"{where} AND {cond}", {**params, **extra}, words, before, limit
                    )
                )
            nums = sorted(found, reverse=True)[:limit]
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


def birth_dates(ctx: Context, nums: list[int]) -> dict[int, date]:
    """The applicants' birth dates (those known) of the dossiers with these list keys, to tell
    people of the same name apart."""
    if not nums:
        return {}
    with ctx.db.session() as session:
        rows = session.execute(
            select(Dossier.num, Applicant.birth_date)
            .join(Applicant, Applicant.id == Dossier.applicant_id)
            .where(Dossier.num.in_(nums), Applicant.birth_date.is_not(None))
        )
        return {row.num: row.birth_date for row in rows}


def count(ctx: Context, f: DossierFilter) -> int:
    """How many dossiers the filter matches (may take a while on a very large database)."""
    with ctx.db.session() as session:
        match = text_match(session, f.text) if f.text else None
        if f.text and match is None:
            return 0
        where, params = _where(ctx, f, _next_day(ctx, f))
        if match is not None:
            match = _narrowed(session, where, params, match)
            where = f"{where} AND {_text_condition(match, params)}"
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
