"""Reference data (catalogue, day-off overrides, office settings, users) as sync events.

Each item travels as a `ref.<kind>` event keyed by `ref:<kind>:<key>` whose payload is the
whole item; the item's value is the payload of its latest event by (HLC, id), so the last
writer wins per item and every counter converges. The services that edit reference data record
that event in the edit's own transaction, stamped with the edit's time
(counter/services/reference_log.py); `record_changes` runs before each push as a safety net for
items changed without one (the bundled catalogue, demo data), and `apply_latest` here makes the
local tables hold each item's winning value after a pull.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from counter.db.models import DayOverride, Office, Procedure, ProcedureDocument, User
from counter.services.reference_log import (
    KEY_FIELDS,
    OFFICE_FIELDS,
    PROCEDURE_FIELDS,
    USER_FIELDS,
    current_items,
    latest,
    record_changes,
)

__all__ = ["apply_latest", "current_items", "latest", "record_changes"]


def apply_latest(session: Session, keys: set[str]) -> None:
    """Make the local tables hold the winning value of each of these items (the latest valid
    event of each: `reference_log.latest`)."""
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
    for name in OFFICE_FIELDS:
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
    for name in PROCEDURE_FIELDS:
        # An item recorded before fee rules has none: its fee is per case (domain/fees.rule_of).
        setattr(proc, name, payload.get(name, "") if name == "fee_rule" else payload[name])
    steps = payload.get("steps")
    proc.steps = json.dumps(steps, ensure_ascii=False) if steps else ""
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
    for name in USER_FIELDS:
        setattr(user, name, payload[name])
    for name in KEY_FIELDS:
        setattr(user, name, payload.get(name) or "")
    user.updated_hlc = hlc
