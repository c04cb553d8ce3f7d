"""Reference data (catalogue, day-off overrides, office settings, users) as sync events.

Each item travels as a `ref.<kind>` event keyed by `ref:<kind>:<key>` whose payload is the
whole item; the item's value is the payload of its latest event by (HLC, id), so the last
writer wins per item and every counter converges. Local edits are noticed by comparing each
item with its latest event and recorded just before a push (`record_changes`); the services that
edit reference data need not know about sync.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from counter.db.models import DayOverride, EventRow, Office, Procedure, ProcedureDocument, User
from counter.services.context import Context
from counter.services.eventstore import REFERENCE_PREFIX, record

_OFFICE_FIELDS = (
    "identifier",
    "governing_body",
    "unit_name",
    "place_name",
    "address",
    "phone",
    "email",
    "province",
    "hours",
    "workdays",
    "cutoff",
    "paper",
    "bank_bin",
    "bank_account",
    "bank_account_name",
    "status_url",
    "sequence_slice",
)
_PROCEDURE_FIELDS = (
    "code",
    "name",
    "field",
    "time_amount",
    "time_unit",
    "fee",
    "fee_note",
    "resolving_unit",
    "result_name",
    "active",
)
_USER_FIELDS = ("username", "full_name", "title", "role", "password_hash", "active")


def _normal(payload: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(json.dumps(payload, ensure_ascii=False)))


def current_items(session: Session) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every reference item on this counter: key → (event type, payload)."""
    items: dict[str, tuple[str, dict[str, Any]]] = {}
    office = session.scalar(select(Office).order_by(Office.id))
    if office is not None:
        items["ref:office"] = ("ref.office", {f: getattr(office, f) for f in _OFFICE_FIELDS})
    for proc in session.scalars(select(Procedure).options(selectinload(Procedure.documents))):
        payload = {f: getattr(proc, f) for f in _PROCEDURE_FIELDS}
        payload["documents"] = [
            [d.name, d.originals, d.copies, d.mandatory] for d in proc.documents
        ]
        items[f"ref:procedure:{proc.code}"] = ("ref.procedure", payload)
    for day in session.scalars(select(DayOverride)):
        items[f"ref:day:{day.day.isoformat()}"] = (
            "ref.day",
            {"day": day.day.isoformat(), "kind": day.kind, "note": day.note},
        )
    for user in session.scalars(select(User)):
        items[f"ref:user:{user.username}"] = (
            "ref.user",
            {f: getattr(user, f) for f in _USER_FIELDS},
        )
    return {key: (kind, _normal(payload)) for key, (kind, payload) in items.items()}


def latest(session: Session, keys: Iterable[str] | None = None) -> dict[str, EventRow]:
    """The winning (latest by HLC, id) event of each reference item."""
    query = select(EventRow).where(EventRow.type.startswith(REFERENCE_PREFIX))
    if keys is not None:
        wanted = list(keys)
        if not wanted:
            return {}
        query = query.where(EventRow.dossier_id.in_(wanted))
    winners: dict[str, EventRow] = {}
    for row in session.scalars(query.order_by(EventRow.hlc, EventRow.id)):
        winners[row.dossier_id] = row
    return winners


def record_changes(session: Session, ctx: Context) -> int:
    """Record an event for every item that differs from its latest event (or has none), and a
    deletion for a day override that is gone. Returns how many were recorded."""
    items = current_items(session)
    known = latest(session)
    count = 0
    for key, (kind, payload) in sorted(items.items()):
        row = known.get(key)
        if row is None or json.loads(row.payload) != payload:
            record(session, ctx, key, kind, payload)
            count += 1
    for key, row in known.items():
        gone = key.startswith("ref:day:") and key not in items
        if gone and not json.loads(row.payload).get("deleted"):
            record(session, ctx, key, "ref.day", {"day": key[8:], "deleted": True})
            count += 1
    return count


def apply_latest(session: Session, keys: set[str]) -> None:
    """Make the local tables hold the winning value of each of these items."""
    for row in latest(session, keys).values():
        payload = json.loads(row.payload)
        kind = row.type
        if kind == "ref.office":
            _apply_office(session, payload, row.hlc)
        elif kind == "ref.procedure":
            _apply_procedure(session, payload, row.hlc)
        elif kind == "ref.day":
            _apply_day(session, payload)
        elif kind == "ref.user":
            _apply_user(session, payload, row.hlc)
    session.flush()


def _apply_office(session: Session, payload: dict[str, Any], hlc: str) -> None:
    office = session.scalar(select(Office).order_by(Office.id))
    if office is None:
        office = Office(
            identifier=payload["identifier"], governing_body="", unit_name="", place_name=""
        )
        session.add(office)
    for name in _OFFICE_FIELDS:
        if name in payload:
            setattr(office, name, payload[name])
    office.updated_hlc = hlc


def _apply_procedure(session: Session, payload: dict[str, Any], hlc: str) -> None:
    proc = session.scalar(
        select(Procedure)
        .options(selectinload(Procedure.documents))
        .where(Procedure.code == payload["code"])
    )
    if proc is None:
        proc = Procedure(code=payload["code"], name="", field="", time_amount=0, time_unit="")
        session.add(proc)
    for name in _PROCEDURE_FIELDS:
        setattr(proc, name, payload[name])
    docs = [tuple(d) for d in payload.get("documents", [])]
    if [(d.name, d.originals, d.copies, d.mandatory) for d in proc.documents] != docs:
        proc.documents.clear()
        session.flush()
        for position, (name, originals, copies, mandatory) in enumerate(docs):
            proc.documents.append(
                ProcedureDocument(
                    position=position,
                    name=name,
                    originals=originals,
                    copies=copies,
                    mandatory=mandatory,
                )
            )
    proc.updated_hlc = hlc


def _apply_day(session: Session, payload: dict[str, Any]) -> None:
    day = date.fromisoformat(payload["day"])
    row = session.get(DayOverride, day)
    if payload.get("deleted"):
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(DayOverride(day=day, kind=payload["kind"], note=payload.get("note", "")))
    else:
        row.kind = payload["kind"]
        row.note = payload.get("note", "")


def _apply_user(session: Session, payload: dict[str, Any], hlc: str) -> None:
    user = session.scalar(select(User).where(User.username == payload["username"]))
    if user is None:
        user = User(username=payload["username"], full_name="", role="clerk", password_hash="")
        session.add(user)
    for name in _USER_FIELDS:
        setattr(user, name, payload[name])
    user.updated_hlc = hlc
