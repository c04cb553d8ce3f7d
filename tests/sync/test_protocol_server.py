"""The server's services on SQLite and PostgreSQL: offices, enrolment, push and pull."""

from __future__ import annotations

import pytest

from counter.db.wire import FIELDS, HASH, chain_hash, payload_json, row_to_wire, to_wire
from counter.domain.dossier import Event
from counter.errors import PermissionDenied, ValidationError
from counter.services.status_link import check_value, status_link
from counter.sync import server
from counter.sync.protocol import LIMITS, decode_event
from counter.sync.store import ServerStore
from tests.sync.conftest import received_payload


def _event(n: int, device: str, dossier: str = "d1", kind: str = "note_added") -> Event:
    return Event(
        id=f"00000000-0000-7000-8000-{n:012d}",
        dossier_id=dossier,
        type=kind,
        hlc=f"{1_700_000_000_000 + n:015d}.000000",
        wall_time="2026-03-02 09:00:00",
        device=device,
        actor="motcua",
        payload={"text": f"ghi chú {n}"},
    )


def _enrolled(store: ServerStore, identifier: str, device: str) -> server.Caller:
    code = server.create_enrolment(store, identifier)
    done = server.enroll_device(store, code.code, device, "Quầy")
    return server.authenticate(store, done.token)


def test_wire_round_trip_and_validation() -> None:
    event = _event(1, "dev-a")
    assert decode_event(to_wire(event, "")) == (event, "", None)
    with pytest.raises(ValueError):
        decode_event([*to_wire(event, "")[:3], "not-an-hlc", *to_wire(event, "")[4:]])
    with pytest.raises(ValueError):
        decode_event({"id": "x"})


def test_wire_form_is_protocol_version_1() -> None:
    # Byte-compatibility with counters and servers already out there: the array's order.
    event = _event(1, "dev-a")
    assert to_wire(event, "h" * 64) == [
        event.id,
        event.dossier_id,
        event.type,
        event.hlc,
        event.wall_time,
        event.device,
        event.actor,
        event.payload,
        "h" * 64,
    ]
    assert set(LIMITS) == {*FIELDS, HASH} - {"payload"}


def test_the_server_log_has_a_column_per_field_as_long_as_the_protocol_allows() -> None:
    from counter.sync.store import ServerEvent

    table = ServerEvent.__table__
    assert {name: table.c[name].type.length for name in LIMITS} == LIMITS  # type: ignore[attr-defined]


def test_an_object_payload_is_stored_in_the_form_its_hash_covers(store: ServerStore) -> None:
    # A sender may push a payload as an object (the protocol allows it): the server must keep
    # the text the sender hashed (keys sorted), or every counter that pulls it sees a break
    # in the sender's chain.
    server.add_office(store, "000.00.12.H40", "UBND xã Tân Hưng")
    a = _enrolled(store, "000.00.12.H40", "dev-a")
    b = _enrolled(store, "000.00.12.H40", "dev-b")
    event = _event(1, "dev-a")
    event = Event(**{**event.__dict__, "payload": {"text": "ghi chú", "at": "2026-03-02 09:00:00"}})
    digest = chain_hash("", event)
    server.push_events(store, a, [event], {event.id: digest})
    (row,) = server.pull_events(store, b, 0).events
    assert row.hash == digest == chain_hash("", event, row.payload)
    assert decode_event(row_to_wire(row)) == (event, digest, payload_json(event.payload))


def test_status_link_check_value_depends_on_code_and_secret() -> None:
    a = check_value("secret", "000.00.12.H40-260302-0001")
    assert a == check_value("secret", " 000.00.12.h40-260302-0001 ")
    assert a != check_value("secret", "000.00.12.H40-260302-0002")
    assert a != check_value("other", "000.00.12.H40-260302-0001")
    link = status_link("https://dvc.example.vn", "000.00.12.H40-260302-0001", "secret")
    assert link.startswith("https://dvc.example.vn/tra-cuu?ma=000.00.12.H40-260302-0001&k=")


def test_enrolment_assigns_counter_numbers_once(store: ServerStore) -> None:
    server.add_office(store, "000.00.12.h40", "UBND xã Tân Hưng")
    with pytest.raises(ValidationError):
        server.add_office(store, "000.00.12.H40", "lần hai")
    first = server.create_enrolment(store, "000.00.12.H40")
    second = server.create_enrolment(store, "000.00.12.H40")
    assert (first.counter_no, second.counter_no) == (1, 2)
    done = server.enroll_device(store, first.code.lower().replace("-", " "), "dev-a", "Quầy A")
    assert done.counter_no == 1 and done.office_identifier == "000.00.12.H40"
    with pytest.raises(PermissionDenied):
        server.enroll_device(store, first.code, "dev-b", "Quầy B")  # one-time
    with pytest.raises(PermissionDenied):
        server.enroll_device(store, "AAAA-BBBB-CCCC", "dev-b", "Quầy B")
    # Tokens are stored hashed: the database never holds the token itself.
    from sqlalchemy import select

    from counter.sync.store import ServerDevice

    with store.session() as session:
        stored = session.scalar(select(ServerDevice.token_hash))
    assert stored and done.token not in stored and len(stored) == 64
    assert server.authenticate(store, done.token).counter_no == 1
    with pytest.raises(PermissionDenied):
        server.authenticate(store, done.token + "x")


def test_push_is_idempotent_and_pull_pages_by_cursor(store: ServerStore) -> None:
    server.add_office(store, "000.00.12.H40", "UBND xã Tân Hưng")
    a = _enrolled(store, "000.00.12.H40", "dev-a")
    b = _enrolled(store, "000.00.12.H40", "dev-b")
    batch = [_event(n, "dev-a") for n in range(1, 8)]
    first = server.push_events(store, a, batch)
    again = server.push_events(store, a, batch + batch[:2])
    assert (first.accepted, first.repeated) == (7, 0)
    assert (again.accepted, again.repeated) == (0, 9)
    seen: list[str] = []
    cursor, pages = 0, 0
    while True:
        page = server.pull_events(store, b, cursor, limit=3)
        seen += [e.id for e in page.events]
        cursor, pages = page.cursor, pages + 1
        if not page.more:
            break
    assert seen == [e.id for e in batch] and pages == 3
    # The sender does not get its own events back, but its cursor still moves past them.
    own = server.pull_events(store, a, 0, limit=100)
    assert own.events == [] and own.cursor == 7
    with pytest.raises(PermissionDenied):
        server.push_events(store, b, [_event(99, "dev-a")])  # only one's own events


def test_pull_with_own_includes_the_callers_events(store: ServerStore) -> None:
    server.add_office(store, "000.00.12.H40", "UBND xã Tân Hưng")
    a = _enrolled(store, "000.00.12.H40", "dev-a")
    b = _enrolled(store, "000.00.12.H40", "dev-b")
    server.push_events(store, a, [_event(1, "dev-a"), _event(2, "dev-a")])
    server.push_events(store, b, [_event(3, "dev-b")])
    server.push_events(store, a, [_event(4, "dev-a")])
    assert [e.id for e in server.pull_events(store, a, 0).events] == [_event(3, "x").id]
    everything = server.pull_events(store, a, 0, own=True)
    assert [(e.id, e.device) for e in everything.events] == [
        (_event(n, "x").id, device)
        for n, device in ((1, "dev-a"), (2, "dev-a"), (3, "dev-b"), (4, "dev-a"))
    ]
    assert (everything.cursor, everything.more) == (4, False)
    # Paged like the ordinary pull; another office's events never come with it.
    server.add_office(store, "000.00.12.H41", "Tân Phú")
    server.push_events(store, _enrolled(store, "000.00.12.H41", "dev-x"), [_event(9, "dev-x")])
    first = server.pull_events(store, a, 1, limit=2, own=True)
    assert [e.device for e in first.events] == ["dev-a", "dev-b"] and first.more
    rest = server.pull_events(store, a, first.cursor, limit=2, own=True)
    assert [e.id for e in rest.events] == [_event(4, "x").id] and not rest.more


def test_offices_are_isolated(store: ServerStore) -> None:
    server.add_office(store, "000.00.12.H40", "Tân Hưng")
    server.add_office(store, "000.00.12.H41", "Tân Phú")
    a = _enrolled(store, "000.00.12.H40", "dev-a")
    other = _enrolled(store, "000.00.12.H41", "dev-x")
    server.push_events(store, a, [_event(1, "dev-a")])
    assert server.pull_events(store, other, 0).events == []
    # The same event id in another office is that office's own business, not a duplicate.
    same_id = [_event(1, "dev-x")]
    assert server.push_events(store, other, same_id).accepted == 1


def test_duplicate_code_from_another_device_is_kept_and_reported(store: ServerStore) -> None:
    server.add_office(store, "000.00.12.H40", "Tân Hưng")
    a = _enrolled(store, "000.00.12.H40", "dev-a")
    b = _enrolled(store, "000.00.12.H40", "dev-b")
    code = "000.00.12.H40-260302-0001"

    def received(n: int, device: str, dossier: str) -> Event:
        e = _event(n, device, dossier, "received")
        return Event(
            e.id,
            e.dossier_id,
            e.type,
            e.hlc,
            e.wall_time,
            e.device,
            e.actor,
            received_payload(code),
        )

    assert server.push_events(store, a, [received(1, "dev-a", "d-a")]).clashes == []
    result = server.push_events(store, b, [received(2, "dev-b", "d-b")])
    assert result.accepted == 1
    assert result.clashes == [{"code": code, "dossier_id": "d-b", "event_id": _event(2, "x").id}]
    assert server.office_counts(store, "000.00.12.H40")["code_clashes"] == 1
    assert [e.dossier_id for e in server.pull_events(store, a, 0).events] == ["d-b"]


def test_gzip_bodies_are_read_and_bombs_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    from counter.sync import protocol

    assert protocol.read_json(protocol.gzip_json({"a": "Việt"}), "gzip") == {"a": "Việt"}
    monkeypatch.setattr(protocol, "MAX_BODY", 1000)
    with pytest.raises(ValueError):
        protocol.read_json(gzip.compress(b" " * 10_000), "gzip")
