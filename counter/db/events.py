"""The event log and the `dossiers` projection kept equal to the fold of its events.

Storage only: events arrive built (counter/services/eventstore.py stamps a local one with the
counter's clock, device and user; sync brings the others) and are written in the one form
counter/db/wire.py defines.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields, replace
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.db import codec, fts
from counter.db.models import Device, Dossier, EventRow
from counter.db.wire import FIELDS, HASH, chain_hash, check, columns, from_row, payload_json
from counter.domain.dossier import (
    ORDER,
    Conflict,
    DossierState,
    Event,
    EventType,
    Status,
    apply,
    fold,
    intake,
)
from counter.domain.validity import REFERENCE_PREFIX, Invalid
from counter.errors import ValidationError


def append(session: Session, event: Event) -> None:
    """Store a new local event (chained to its device's previous one) and update its dossier."""
    _write_local(session, event)
    project(session, [event])


def record(session: Session, event: Event) -> None:
    """Store a local event that is not about a dossier (reference data travelling by sync):
    chained like any local event, never projected into `dossiers`."""
    if not event.type.startswith(REFERENCE_PREFIX):
        raise ValueError("record() is for reference events")
    _write_local(session, event)


def _write_local(session: Session, event: Event) -> None:
    text = payload_json(event.payload)
    try:
        check(event, text)
    except Invalid as exc:
        # A bug or an input no form should let through: refused here, with the field named,
        # rather than stored and then refused by the server at every push.
        raise ValidationError(
            f"Không lưu được: dữ liệu không hợp lệ ở «{exc.field}» ({exc.reason}).",
            field=exc.field,
        ) from None
    device = session.get(Device, event.device)
    prev = device.chain_head if device else ""
    digest = chain_hash(prev, event)
    session.add(EventRow(**columns(event, text), prev_link=codec.link_of(prev), hash=digest))
    if device is not None:
        device.chain_head = digest
    session.flush()


# Bulk writes go straight to the driver (a pulled page or a demo office is thousands of rows,
# and SQLAlchemy's per-row parameter processing would cost as much as SQLite's own work), so
# they encode the stored values themselves, with the column types' own codec functions.
_STORED = (*FIELDS, "prev_link", HASH)
INSERT_EVENT = f"INSERT INTO events ({', '.join(_STORED)}) VALUES ({', '.join('?' * len(_STORED))})"


def _same(value: Any) -> Any:
    return value


def _encoder(column: Any) -> Callable[[Any], Any]:
    """How a driver-level write stores a value of `column`: its type's codec function."""
    encode: Callable[[Any], Any] | None = getattr(column.type, "codec_in", None)
    if encode is codec.uuid_in and column.table is EventRow.__table__ and column.name != "id":
        return codec.uuid_in_cached  # dossier and device ids repeat across a page of events
    return encode or _same


_ENCODERS = tuple(_encoder(EventRow.__table__.c[name]) for name in FIELDS)
_ENCODE_HASH = _encoder(EventRow.__table__.c[HASH])
_ID = FIELDS.index("id")
_PAYLOAD = FIELDS.index("payload")


class _Record(Protocol):
    def __call__(
        self, event: Event, text: str, prev_hash: str, digest: str, key: bytes | str | None = None
    ) -> tuple[Any, ...]: ...


def _record_function() -> _Record:
    """`event_record`, written out for the event's fields: one tuple expression with each
    column's codec function called on its attribute (none for the columns stored as they are
    read), the id encoded only when the caller has not encoded it already. Runs for every
    pulled event: a dict of the columns first made a page of 2,000 events 40 % slower, and a
    loop over the encoded fields took 15 % more instructions than this (payload deflate
    aside; callgrind, 2 Dec 2026)."""
    env: dict[str, Any] = {"link_of": codec.link_of, "encode_hash": _ENCODE_HASH}
    parts = []
    for index, (name, encode) in enumerate(zip(FIELDS, _ENCODERS, strict=True)):
        value = "text" if index == _PAYLOAD else f"event.{name}"
        if encode is not _same:
            env[f"encode_{index}"] = encode
            value = f"encode_{index}({value})"
        if index == _ID:
            value = f"(key if key is not None else {value})"
        parts.append(value)
    source = (
        "def event_record(event, text, prev_hash, digest, key=None):\n"
        f"    return ({', '.join(parts)}, link_of(prev_hash), encode_hash(digest))\n"
    )
    exec(source, env)  # built from the column names above, nothing else
    made: _Record = env["event_record"]
    return made


# The INSERT_EVENT parameters of an event whose payload JSON text is `text` (`key`: its id
# already encoded).
event_record: _Record = _record_function()


# The `dossiers` columns a driver-level write encodes (ids as 16 bytes).
_DOSSIER_ENCODERS = {
    column.name: _encoder(column)
    for column in Dossier.__table__.c
    if hasattr(column.type, "codec_in")
}


def dossier_record(columns: dict[str, Any]) -> dict[str, Any]:
    """`state_columns` as stored, for a driver-level INSERT INTO dossiers."""
    stored = dict(columns)
    for name, encode in _DOSSIER_ENCODERS.items():
        stored[name] = encode(stored[name])
    return stored


def events_of(session: Session, dossier_id: str) -> list[Event]:
    """A dossier's events in (HLC, id) order (a dossier has a handful: sorted here, not by an
    index)."""
    rows = session.scalars(select(EventRow).where(EventRow.dossier_id == dossier_id))
    return sorted((from_row(r) for r in rows), key=ORDER)


def project(session: Session, events: Iterable[Event]) -> None:
    """Fold newly stored events into their dossiers: incrementally when they come last (the
    usual case), by a full re-fold when sync brings an event that sorts before ones applied."""
    by_dossier: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_dossier[event.dossier_id].append(event)
    for dossier_id, batch in by_dossier.items():
        batch.sort(key=ORDER)
        row = session.scalar(select(Dossier).where(Dossier.id == dossier_id))
        state = state_of(row) if row is not None else None
        if state is not None and batch[0].order_key > state.last_event:
            for event in batch:
                state = apply(state, event)
        else:
            stored = events_of(session, dossier_id)
            if intake(stored) is None:
                # Sync brought later events first (the dossier appears with its intake), or its
                # only intake is one this release cannot apply (kept, not applied).
                continue
            state = fold(stored)
        assert state is not None
        write_state(session, row, state)


# A dossier's row is its DossierState field by field, except these, stored otherwise: the
# status as its number, the conflicts as JSON text (with a `conflict` flag column for the
# lists), the last event folded in as two columns.
_AS_STORED = frozenset({"status", "conflicts", "last_event"})
_SAME = tuple(f.name for f in fields(DossierState) if f.name not in _AS_STORED)


def state_of(row: Dossier) -> DossierState:
    """The state a `dossiers` row holds."""
    conflicts = tuple(Conflict(**c) for c in json.loads(row.conflicts)) if row.conflicts else ()
    return DossierState(
        **{name: getattr(row, name) for name in _SAME},
        status=Status(row.status),
        conflicts=conflicts,
        last_event=(row.last_hlc, row.last_event_id),
    )


def state_columns(state: DossierState) -> dict[str, Any]:
    """The `dossiers` row of a state (without the local row number)."""
    values = {name: getattr(state, name) for name in _SAME}
    values["status"] = int(state.status)
    values["conflict"] = state.conflict
    values["conflicts"] = (
        json.dumps([c.__dict__ for c in state.conflicts], ensure_ascii=False)
        if state.conflicts
        else ""
    )
    values["last_hlc"], values["last_event_id"] = state.last_event
    return values


def ingest(
    session: Session,
    events: Iterable[Event],
    hashes: dict[str, str] | None = None,
    texts: dict[str, str] | None = None,
    heads: dict[str, str] | None = None,
) -> list[Event]:
    """Store events that came from other counters (by sync) and project them.

    Idempotent by event id: events already stored, or repeated in the batch, are skipped.
    Events must come in the order their device wrote them (sync keeps it): each continues its
    device's hash chain here as on the counter that wrote it, so `audit.verify_chain` checks
    other counters' events too. `hashes` are the origin's hashes by event id; stored as given,
    a tampered event shows as a break instead of being silently re-hashed. `texts` are the
    payloads as the origin stored them (JSON text), kept byte for byte when given.
    This counter's own events come back this way after a restore (`sync.client` recovery);
    its chain head then moves on to the last of them.
    `heads` gives the chain head to continue from for some devices instead of their newest
    stored event (a restored counter taking back its own events continues from where the
    backup left its chain, even if it has worked since); it is updated to where they end.
    Returns the events that were new. The caller observes their HLC on its clock.
    """
    with paused_gc():
        return _ingest(session, events, hashes, texts, heads)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a page of pulled events is stored: the page makes
    tens of thousands of short-lived objects (none of them cycles), and each collection they
    set off walks every object the process holds (a third of the apply time, measured on
    10,000 events). Reference counting still frees them; the collector resumes after, and is
    left alone if something else had already paused it."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _ingest(
    session: Session,
    events: Iterable[Event],
    hashes: dict[str, str] | None,
    texts: dict[str, str] | None,
    heads: dict[str, str] | None,
) -> list[Event]:
    session.flush()  # the driver-level reads below must see pending ORM writes
    fresh: dict[bytes | str, Event] = {}
    for event in events:
        fresh.setdefault(codec.uuid_in(event.id), event)
    if not fresh:
        return []
    for chunk in _chunks(list(fresh)):
        for (known,) in _rows(session, "SELECT id FROM events WHERE id IN ({})", chunk):
            fresh.pop(known, None)
    if not fresh:
        return []
    seeded = heads if heads is not None else {}
    heads = dict(seeded)
    hashes = hashes or {}
    texts = texts or {}
    rows = []
    for key, event in fresh.items():
        if event.device not in heads:
            heads[event.device] = (
                session.scalar(
                    select(EventRow.hash)
                    .where(EventRow.device == event.device)
                    .order_by(EventRow.seq.desc())
                    .limit(1)
                )
                or ""
            )
        prev = heads[event.device]
        text = texts.get(event.id) or payload_json(event.payload)
        digest = hashes.get(event.id) or chain_hash(prev, event, text)
        heads[event.device] = digest
        rows.append(event_record(event, text, prev, digest, key))
    session.connection().exec_driver_sql(INSERT_EVENT, rows)
    seeded.update({ident: heads[ident] for ident in seeded})
    for ident, head in heads.items():
        # This counter's own events taken back from the server after a restore: its next local
        # event must chain to the last of them, as it did before the backup was restored.
        device = session.get(Device, ident)
        if device is not None and device.is_local:
            device.chain_head = head
    new = list(fresh.values())
    project_many(session, [e for e in new if not e.type.startswith(REFERENCE_PREFIX)])
    return new


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _rows(session: Session, sql: str, keys: list[Any]) -> list[tuple[Any, ...]]:
    """A driver-level query over stored keys: `sql` has one `{}` for the `IN (?, …)` list."""
    marks = ", ".join("?" * len(keys))
    return [tuple(r) for r in session.connection().exec_driver_sql(sql.format(marks), tuple(keys))]


def project_many(session: Session, events: list[Event]) -> None:
    """`project` for a page of thousands of stored events (sync): the same result, with the
    common cases done in bulk — a dossier whose events all arrived in this page is folded and
    inserted at once; events that come after a dossier's last one are applied to it. Anything
    else (an earlier event, a code clash) goes through `project` one dossier at a time."""
    by_dossier: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_dossier[event.dossier_id].append(event)
    keys = {codec.uuid_in_cached(d): d for d in by_dossier}
    existing: set[str] = set()
    stored: dict[str, int] = {}
    for chunk in _chunks(list(keys)):
        found = {
            keys[k] for (k,) in _rows(session, "SELECT id FROM dossiers WHERE id IN ({})", chunk)
        }
        existing |= found
        missing = [k for k in chunk if keys[k] not in found]
        if missing:
            counted = _rows(
                session,
                "SELECT dossier_id, count(*) FROM events WHERE dossier_id IN ({}) "
                "GROUP BY dossier_id",
                missing,
            )
            stored.update({codec.uuid_out(d): int(n) for d, n in counted})
    rows: dict[str, Dossier] = {}
    if existing:  # ORM objects only for the dossiers that change (loaded in chunks)
        for chunk in _chunks(sorted(existing)):
            for row in session.scalars(select(Dossier).where(Dossier.id.in_(chunk))):
                rows[row.id] = row
    created: list[DossierState] = []
    slow: list[Event] = []
    for dossier_id, batch in by_dossier.items():
        batch.sort(key=ORDER)
        known = rows.get(dossier_id)
        if known is not None and batch[0].order_key > (known.last_hlc, known.last_event_id):
            state = state_of(known)
            for event in batch:
                state = apply(state, event)
            for key, value in state_columns(state).items():
                if getattr(known, key) != value:
                    setattr(known, key, value)
        elif (
            known is None
            and stored.get(dossier_id, 0) == len(batch)
            and (first := intake(batch)) is not None
        ):
            created.append(fold(batch, first))
        else:
            slow.extend(batch)
    if created:
        codes = [state.code for state in created]
        taken: set[str] = set()
        for chunk in _chunks(codes):
            taken.update(
                c for (c,) in _rows(session, "SELECT code FROM dossiers WHERE code IN ({})", chunk)
            )
        fresh: list[DossierState] = []
        seen: set[str] = set()
        for state in created:
            if state.code in taken or state.code in seen:
                slow.extend(by_dossier[state.id])  # a code clash: settled one by one
            else:
                seen.add(state.code)
                fresh.append(state)
        if fresh:
            values = [dossier_record(state_columns(s)) for s in fresh]
            names = list(values[0])
            # Straight to the driver, like the events: no per-row parameter processing.
            fts.insert_dossiers(
                session.connection(), names, [[v[n] for n in names] for v in values]
            )
    session.flush()
    if slow:
        project(session, slow)


CODE_CLASH = "Mã hồ sơ «{code}» trùng với hồ sơ khác do quầy khác tiếp nhận; hồ sơ này tạm mang mã «{alt}», cần kiểm tra và báo lại cho công dân."


def _received_key(session: Session, dossier_id: str) -> tuple[str, str]:
    keys = session.execute(
        select(EventRow.hlc, EventRow.id).where(
            EventRow.dossier_id == dossier_id, EventRow.type == EventType.RECEIVED
        )
    ).all()
    return min((str(h), str(i)) for h, i in keys) if keys else ("", "")


def _clash_conflict(session: Session, dossier_id: str, code: str, alt: str) -> Conflict | None:
    """The conflict a renamed dossier carries, unless a clerk has already resolved it."""
    event_id = _received_key(session, dossier_id)[1]
    for payload in session.scalars(
        select(EventRow.payload).where(
            EventRow.dossier_id == dossier_id, EventRow.type == EventType.CONFLICT_RESOLVED
        )
    ):
        if event_id in json.loads(payload).get("event_ids", ()):
            return None
    return Conflict(event_id, CODE_CLASH.format(code=code, alt=alt))


def _alt_code(code: str, dossier_id: str) -> str:
    return f"{code}/{dossier_id.replace('-', '')[-4:].upper()}"


def _settle_code(session: Session, row: Dossier | None, state: DossierState) -> DossierState:
    """Two counters issued the same code (misconfigured number, or before enrolment): the
    dossier received later keeps its events but carries a suffixed code and a conflict, the same
    on every counter whatever order sync brought them in."""
    if row is not None and row.code != state.code and row.code.startswith(state.code + "/"):
        conflict = _clash_conflict(session, state.id, state.code, row.code)
        extra = (conflict,) if conflict and conflict not in state.conflicts else ()
        return replace(state, code=row.code, conflicts=(*state.conflicts, *extra))
    if row is not None and row.code == state.code:
        return state
    other = session.scalar(
        select(Dossier).where(Dossier.code == state.code, Dossier.id != state.id)
    )
    if other is None:
        return state
    if _received_key(session, state.id) > _received_key(session, other.id):
        alt = _alt_code(state.code, state.id)
        conflict = _clash_conflict(session, state.id, state.code, alt)
        extra = (conflict,) if conflict else ()
        return replace(state, code=alt, conflicts=(*state.conflicts, *extra))
    alt = _alt_code(other.code, other.id)
    other_state = state_of(other)
    conflict = _clash_conflict(session, other.id, other.code, alt)
    extra = (conflict,) if conflict else ()
    other_state = replace(other_state, code=alt, conflicts=(*other_state.conflicts, *extra))
    for key, value in state_columns(other_state).items():
        if getattr(other, key) != value:
            setattr(other, key, value)
    session.flush()
    return state


def write_state(session: Session, row: Dossier | None, state: DossierState) -> Dossier:
    state = _settle_code(session, row, state)
    values = state_columns(state)
    if row is None:
        row = Dossier(**values)
        session.add(row)
    else:
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    session.flush()
    return row
