"""Pull never skips an event whose transaction commits late, with concurrent writers."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from counter.domain.dossier import Event
from counter.sync import server
from counter.sync.store import ServerOffice, ServerStore

OFFICE = "000.00.12.H40"


def _events(device: str, start: int, count: int) -> list[Event]:
    return [
        Event(
            id=f"{device}-{n:08d}",
            dossier_id=f"{device}-d",
            type="note_added",
            hlc=f"{1_700_000_000_000 + n:015d}.000000",
            wall_time="2026-03-02 09:00:00",
            device=device,
            actor="motcua",
            payload={"n": n},
        )
        for n in range(start, start + count)
    ]


def _caller(store: ServerStore, device: str) -> server.Caller:
    code = server.create_enrolment(store, OFFICE)
    return server.authenticate(store, server.enroll_device(store, code.code, device, "").token)


def test_concurrent_pushes_and_a_reader_see_every_event_once(store: ServerStore) -> None:
    server.add_office(store, OFFICE, "Tân Hưng")
    writers = [_caller(store, f"w{i}") for i in range(6)]
    reader = _caller(store, "reader")
    done = threading.Event()
    errors: list[BaseException] = []
    seen: list[str] = []

    def write(caller: server.Caller) -> None:
        try:
            for batch in range(20):
                server.push_events(store, caller, _events(caller.device_id, batch * 5, 5))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def read() -> None:
        cursor = 0
        try:
            while True:
                finished = done.is_set()
                page = server.pull_events(store, reader, cursor, limit=7)
                seen.extend(e.id for e in page.events)
                cursor = page.cursor
                if finished and not page.more:
                    return
                if not page.more:
                    # Caught up: a real client would not spin. Spinning here starved the
                    # writers of the GIL, and SQLite's unfair lock then let one wait past its
                    # 30 s busy timeout on a loaded machine.
                    time.sleep(0.002)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    reading = threading.Thread(target=read)
    reading.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    done.set()
    reading.join(timeout=60)
    assert not errors
    assert len(seen) == len(set(seen)) == 6 * 100
    # Each writer's events arrive in the order it pushed them.
    for w in writers:
        mine = [i for i in seen if i.startswith(w.device_id + "-")]
        assert mine == sorted(mine)


@pytest.mark.postgres
def test_reader_cannot_pass_an_uncommitted_push(pg_store: ServerStore) -> None:
    """An in-flight push holds the office lock: a later push waits for it, so the numbers it
    takes are larger and become visible only after the earlier ones."""
    store = pg_store  # SQLite serialises all writers; the row lock matters on PostgreSQL
    server.add_office(store, OFFICE, "Tân Hưng")
    slow, fast, reader = (_caller(store, d) for d in ("slow", "fast", "reader"))
    started = threading.Event()
    release = threading.Event()
    real_claim = server._claim_codes

    def held_claim(session, office_id, caller, events):  # type: ignore[no-untyped-def]
        if caller.device_id == "slow":
            started.set()
            release.wait(10)  # the slow push sits inside its transaction, lock held
        return real_claim(session, office_id, caller, events)

    server._claim_codes = held_claim  # type: ignore[assignment]
    try:
        slow_thread = threading.Thread(
            target=server.push_events, args=(store, slow, _events("slow", 0, 3))
        )
        slow_thread.start()
        assert started.wait(10)
        fast_thread = threading.Thread(
            target=server.push_events, args=(store, fast, _events("fast", 0, 3))
        )
        fast_thread.start()
        time.sleep(0.3)
        # Nothing is visible yet: the fast push is waiting for the office lock, not committed
        # with numbers above the slow one's.
        assert server.pull_events(store, reader, 0).events == []
        assert fast_thread.is_alive()
        release.set()
        slow_thread.join(10)
        fast_thread.join(10)
    finally:
        server._claim_codes = real_claim  # type: ignore[assignment]
    page = server.pull_events(store, reader, 0)
    assert [e.device for e in page.events] == ["slow"] * 3 + ["fast"] * 3
    assert [e.seq for e in page.events] == [1, 2, 3, 4, 5, 6]
    with store.session() as session:
        assert session.scalar(select(ServerOffice.last_seq)) == 6
