"""The event log: the projection equals the fold of its events, whatever their arrival order."""

from __future__ import annotations

import json

from sqlalchemy import select

from counter.db.events import events_of, project, state_columns, state_of
from counter.db.models import Dossier, EventRow
from counter.db.wire import canonical, from_row, payload_json
from counter.domain.dossier import Conflict, Event, Status, fold, replace
from counter.services import workflow
from counter.services.context import Context
from tests.services.helpers import receive


def test_canonical_form_is_the_sorted_json_of_the_event() -> None:
    event = Event(
        "id-1",
        "d",
        "note_added",
        "1.2",
        "2026-03-02 10:00:00",
        "dev",
        'Lê "Tí"',
        {"b": [1], "a": "ư"},
    )
    expected = json.dumps(
        {
            "id": event.id,
            "dossier_id": event.dossier_id,
            "type": event.type,
            "hlc": event.hlc,
            "wall_time": event.wall_time,
            "device": event.device,
            "actor": event.actor,
            "payload": event.payload,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    assert canonical(event) == expected


def test_an_event_that_sorts_before_applied_ones_triggers_a_refold(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    workflow.transfer(ctx, code, "Lê Văn Đạt")
    workflow.resolve(ctx, code)
    with ctx.db.session() as s:
        row = s.scalar(select(Dossier).where(Dossier.code == code))
        assert row is not None
        dossier_id = row.id
        received = s.scalar(select(EventRow).where(EventRow.type == "received"))
        assert received is not None
        first_hlc = received.hlc
    # Another counter's note, stamped between intake and hand-over, arrives late (by sync).
    millis, logical = first_hlc.split(".")
    late = Event(
        "00000000-0000-7000-8000-0000000000aa",
        dossier_id,
        "returned",  # invalid at its place (not yet resolved there): must flag a conflict
        f"{millis}.{int(logical) + 1:06d}",
        "2026-03-02 09:01:00",
        "other-device",
        "x",
        {"collected_by": "Ai đó"},
    )
    with ctx.db.unit_of_work() as s:
        s.add(
            EventRow(
                id=late.id,
                dossier_id=late.dossier_id,
                type=late.type,
                hlc=late.hlc,
                wall_time=late.wall_time,
                device=late.device,
                actor=late.actor,
                payload=payload_json(late.payload),
            )
        )
        s.flush()
        project(s, [late])
    with ctx.db.session() as s:
        row = s.scalar(select(Dossier).where(Dossier.code == code))
        assert row is not None
        state = state_of(row)
        assert state == fold(events_of(s, dossier_id))
        assert state.conflict and state.conflicts[0].event_id == late.id
        assert state.status.name == "RESOLVED"
        assert [from_row(r).id for r in s.scalars(select(EventRow).order_by(EventRow.seq))][
            -1
        ] == late.id


def test_a_dossier_row_holds_its_state_field_by_field(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    workflow.add_note(ctx, code, "Công dân hẹn chiều quay lại")
    with ctx.db.session() as s:
        row = s.scalar(select(Dossier).where(Dossier.code == code))
        assert row is not None
        state = state_of(row)
    # Every column of the table but the local row number, and nothing else.
    assert set(state_columns(state)) == {c.name for c in Dossier.__table__.c} - {"num"}
    unusual = replace(
        state,
        status=Status.RESOLVED,
        satisfaction=3,
        conflicts=(Conflict("e-1", "Trùng sự kiện «tiếp nhận»"),),
        resolved_at="2026-03-03 10:00:00",
    )
    assert state_of(Dossier(**state_columns(unusual))) == unusual
    assert state_columns(unusual)["conflict"] is True and state_columns(state)["conflict"] is False


def test_a_pulled_page_is_stored_with_the_collector_paused_and_resumed_after(
    ctx: Context, monkeypatch
) -> None:
    """The cyclic collector, set off again and again by a page's short-lived objects, cost a
    third of the apply time: paused while the page is stored, enabled again after (and left
    paused when something else had paused it)."""
    import gc

    from counter.db import events as module

    seen: list[bool] = []
    real = module._ingest
    monkeypatch.setattr(module, "_ingest", lambda *args: seen.append(gc.isenabled()) or real(*args))
    code = receive(ctx).dossier.code
    with ctx.db.session() as session:
        pulled = [from_row(r) for r in session.scalars(select(EventRow))]
    assert pulled and code
    with ctx.db.unit_of_work() as session:
        assert module.ingest(session, pulled) == []  # already stored: nothing new
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with module.paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
