"""Reference data (catalogue, day-off overrides, office settings, users) as events.

Each item is keyed `ref:<kind>:<key>` and its value is the payload of its latest event by (HLC,
id): the last writer wins per item, and every counter converges (counter/sync/reference.py
applies what sync brings). The services that edit reference data call `stamp` in the same
transaction as the edit, so the event carries the hybrid-clock time of the edit itself: when
two counters edit the same item between syncs, the later edit wins whatever order they sync in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, selectinload

from counter.db.events import REFERENCE_PREFIX
from counter.db.models import DayOverride, EventRow, Office, Procedure, Setting, User
from counter.db.wire import from_row
from counter.domain.dossier import Event
from counter.domain.validity import Invalid, check_reference
from counter.errors import PermissionDenied
from counter.services import authority
from counter.services.context import Context
from counter.services.eventstore import record

# The office item is its row but for the local id and the clock of the last change applied:
# the same fields as services.office.OfficeSettings (a test holds them equal).
OFFICE_FIELDS = tuple(
    a.key for a in inspect(Office).column_attrs if a.key not in ("id", "updated_hlc")
)
PROCEDURE_FIELDS = (
    "code",
    "name",
    "field",
    "time_amount",
    "time_unit",
    "fee",
    "fee_note",
    "fee_rule",
    "resolving_unit",
    "result_name",
    "active",
)
USER_FIELDS = ("username", "full_name", "title", "role", "password_hash", "active")
# An account's key pair (services/authority.py) travels with it once it has one: an item
# without keys reads as it did before keys existed, so old logs need no new events.
KEY_FIELDS = ("public_key", "secret_key")
# The office's root of trust (authority.root_text), given by the server at enrolment: with it,
# only reference events an admin signed count (`latest`).
AUTHORITY_ROOT = "authority_root"

OFFICE_KEY = "ref:office"


def procedure_key(code: str) -> str:
    return f"ref:procedure:{code}"


def day_key(day: date) -> str:
    return f"ref:day:{day.isoformat()}"


def user_key(username: str) -> str:
    return f"ref:user:{username}"


def _normal(payload: dict[str, Any]) -> dict[str, Any]:
    # What the payload reads as after a trip through JSON (tuples become lists, …).
    return dict(json.loads(json.dumps(payload, ensure_ascii=False)))


def office_item(office: Office) -> tuple[str, dict[str, Any]]:
    return "ref.office", _normal({f: getattr(office, f) for f in OFFICE_FIELDS})


def procedure_item(proc: Procedure) -> tuple[str, dict[str, Any]]:
    payload: dict[str, Any] = {f: getattr(proc, f) for f in PROCEDURE_FIELDS}
    payload["documents"] = [[d.name, d.originals, d.copies, d.mandatory] for d in proc.documents]
    if proc.steps:
        payload["steps"] = json.loads(proc.steps)
    return "ref.procedure", _normal(payload)


def day_item(day: DayOverride) -> tuple[str, dict[str, Any]]:
    return "ref.day", _normal({"day": day.day.isoformat(), "kind": day.kind, "note": day.note})


def user_item(user: User) -> tuple[str, dict[str, Any]]:
    payload = {f: getattr(user, f) for f in USER_FIELDS}
    payload.update({f: getattr(user, f) for f in KEY_FIELDS if getattr(user, f)})
    return "ref.user", _normal(payload)


def current_items(session: Session) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every reference item on this counter: key → (event type, payload)."""
    items: dict[str, tuple[str, dict[str, Any]]] = {}
    office = session.scalar(select(Office).order_by(Office.id))
    if office is not None:
        items[OFFICE_KEY] = office_item(office)
    for proc in session.scalars(select(Procedure).options(selectinload(Procedure.documents))):
        items[procedure_key(proc.code)] = procedure_item(proc)
    for day in session.scalars(select(DayOverride)):
        items[day_key(day.day)] = day_item(day)
    for user in session.scalars(select(User)):
        items[user_key(user.username)] = user_item(user)
    return items


def current_item(session: Session, key: str) -> tuple[str, dict[str, Any]] | None:
    """One item's current value, or None when it does not exist (a removed day override)."""
    if key == OFFICE_KEY:
        office = session.scalar(select(Office).order_by(Office.id))
        return office_item(office) if office is not None else None
    kind, _, name = key[4:].partition(":")
    if kind == "procedure":
        proc = session.scalar(
            select(Procedure)
            .options(selectinload(Procedure.documents))
            .where(Procedure.code == name)
        )
        return procedure_item(proc) if proc is not None else None
    if kind == "day":
        row = session.get(DayOverride, date.fromisoformat(name))
        return day_item(row) if row is not None else None
    if kind == "user":
        user = session.scalar(select(User).where(User.username == name))
        return user_item(user) if user is not None else None
    raise ValueError(f"not a reference key: {key}")


def valid(row: EventRow) -> bool:
    """Whether this release can apply the reference event: a kind it knows, filed under a key
    its payload matches, with the fields it needs."""
    try:
        check_reference(row.type, row.dossier_id, json.loads(row.payload))
    except (Invalid, ValueError, RecursionError):
        return False
    return True


def latest(session: Session, keys: list[str] | set[str] | None = None) -> dict[str, EventRow]:
    """The winning (latest by HLC, id) valid event of each reference item. An event this
    release cannot apply (a kind it does not know, a bad payload or key stored before the
    server checked) is kept in the log but never wins, and an item with no valid event does
    not exist here: nothing is recorded against it, which the server would refuse."""
    query = select(EventRow).where(EventRow.type.startswith(REFERENCE_PREFIX))
    if keys is not None:
        wanted = list(keys)
        if not wanted:
            return {}
        query = query.where(EventRow.dossier_id.in_(wanted))
    root = authority.parse_root(_setting(session, AUTHORITY_ROOT))
    allowed = _authorised(session, root) if root else None
    winners: dict[str, EventRow] = {}
    for row in session.scalars(query.order_by(EventRow.hlc, EventRow.id)):
        if valid(row) and (allowed is None or row.id in allowed):
            winners[row.dossier_id] = row
    return winners


def _setting(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else ""


@dataclass
class _Fold:
    """A finished fold of a database's reference events: where it stopped, so the next call
    folds only the events stored since when they all sort after it (the usual case: an edit
    here, a page pulled), instead of verifying every signature again."""

    root: dict[str, str]
    seq: int
    count: int  # reference events up to `seq`: a rolled-back write or a restore changes it
    at_seq: str  # the id of the event at `seq` (a rolled-back one's number is given again)
    last: tuple[str, str]
    admins: dict[str, str]
    accepted: set[str]


_FOLDS: dict[str, _Fold] = {}


def _authorised(session: Session, root: dict[str, str]) -> set[str]:
    """The ids of the reference events an admin signed (`authority.authorised`)."""
    key = str(session.connection().engine.url)
    fold = _FOLDS.get(key)
    query = select(EventRow).where(EventRow.type.startswith(REFERENCE_PREFIX))
    if (
        fold is not None
        and fold.root == root
        and session.scalar(
            select(func.count())
            .select_from(EventRow)
            .where(EventRow.type.startswith(REFERENCE_PREFIX), EventRow.seq <= fold.seq)
        )
        == fold.count
        and (
            fold.seq == 0
            or session.scalar(select(EventRow.id).where(EventRow.seq == fold.seq)) == fold.at_seq
        )
    ):
        newer = sorted(
            session.scalars(query.where(EventRow.seq > fold.seq)),
            key=lambda r: (r.hlc, r.id),
        )
        if not newer or (newer[0].hlc, newer[0].id) > fold.last:
            events = [from_row(r) for r in newer if valid(r)]
            authority.authorised(events, root, fold.admins, fold.accepted)
            if newer:
                top = max(newer, key=lambda r: r.seq)
                fold.seq, fold.at_seq = top.seq, top.id
                fold.count += len(newer)
                fold.last = (newer[-1].hlc, newer[-1].id)
            return set(fold.accepted)
    rows = list(session.scalars(query.order_by(EventRow.hlc, EventRow.id)))
    admins = dict(root)
    accepted = authority.authorised((from_row(r) for r in rows if valid(r)), root, admins)
    last = (rows[-1].hlc, rows[-1].id) if rows else ("", "")
    highest = max(rows, key=lambda r: r.seq, default=None)
    seq, at_seq = (highest.seq, highest.id) if highest is not None else (0, "")
    _FOLDS[key] = _Fold(dict(root), seq, len(rows), at_seq, last, admins, set(accepted))
    return accepted


def authorised_ids(session: Session) -> set[str] | None:
    """The reference events that count on this counter, or None when the office has no root
    of trust (every valid event counts)."""
    root = authority.parse_root(_setting(session, AUTHORITY_ROOT))
    return _authorised(session, root) if root else None


def _differs(
    key: str, item: tuple[str, dict[str, Any]] | None, row: EventRow | None
) -> tuple[str, dict[str, Any]] | None:
    """The event to record so the log's latest value of `key` is `item`, or None if it is."""
    if item is None:
        # A removed day override; other items are never deleted, only made inactive.
        if (
            key.startswith("ref:day:")
            and row is not None
            and not json.loads(row.payload).get("deleted")
        ):
            return "ref.day", {"day": key[8:], "deleted": True}
        return None
    if row is None or authority.unsigned(json.loads(row.payload)) != item[1]:
        return item
    return None


def stamp(session: Session, ctx: Context, key: str) -> Event | None:
    """Record the item's current value as an event stamped now, unless the log already holds
    it. Call in the transaction that edited the item, after the edit."""
    session.flush()
    change = _differs(key, current_item(session, key), latest(session, [key]).get(key))
    if change is None:
        return None
    if ctx.signer is None and _setting(session, AUTHORITY_ROOT):
        # The office's reference data has an authority: an unsigned change would be refused by
        # the server and ignored by every counter. Nothing of the edit is kept.
        raise PermissionDenied(
            "Thay đổi cài đặt, danh mục hoặc tài khoản phải được quản trị viên ký: hãy đăng "
            "nhập bằng tài khoản quản trị (có mật khẩu) rồi làm lại."
        )
    return record(session, ctx, key, change[0], change[1])


def record_changes(session: Session, ctx: Context) -> int:
    """Record an event for every item that differs from its latest event (edits made without
    a context, such as the bundled catalogue and demo data), and a deletion for a day override
    that is gone. Returns how many were recorded."""
    if ctx.signer is None and _setting(session, AUTHORITY_ROOT):
        return 0  # unsigned changes would count nowhere (see `stamp`)
    items = current_items(session)
    known = latest(session)
    count = 0
    for key in sorted(set(items) | {k for k in known if k.startswith("ref:day:")}):
        change = _differs(key, items.get(key), known.get(key))
        if change is not None:
            record(session, ctx, key, change[0], change[1])
            count += 1
    return count
