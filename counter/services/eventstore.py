"""Writing this counter's own events: stamped with its clock, device and signed-in user."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from counter.db import events
from counter.domain.dossier import Event
from counter.domain.hlc import uuid7
from counter.services import authority
from counter.services.context import Context


def new_event(ctx: Context, dossier_id: str, kind: str, payload: dict[str, Any]) -> Event:
    stamp = ctx.clock.now()
    return Event(
        id=uuid7(stamp.millis),
        dossier_id=dossier_id,
        type=kind,
        hlc=stamp.encode(),
        wall_time=ctx.now().replace(microsecond=0).isoformat(sep=" "),
        device=ctx.device_id,
        actor=ctx.actor.username,
        payload=payload,
    )


def append(
    session: Session, ctx: Context, dossier_id: str, kind: str, payload: dict[str, Any]
) -> Event:
    """Write a new local event about a dossier and update the dossier."""
    event = new_event(ctx, dossier_id, kind, payload)
    events.append(session, event)
    return event


def record(session: Session, ctx: Context, key: str, kind: str, payload: dict[str, Any]) -> Event:
    """Write a local event of reference data (`events.REFERENCE_PREFIX`), keyed by `key`."""
    event = new_event(ctx, key, kind, payload)
    if ctx.signer is not None:
        event = authority.sign_reference(event, ctx.signer)
    events.record(session, event)
    return event
