"""Sync figures: 10,000 events pushed and pulled on loopback, bytes per event, client apply
rate, the same events by USB file (bench/bench_bundle.py) and through PouchDB's replication,
and server throughput with 200 counters syncing at once against PostgreSQL.

Run `python bench/bench_sync.py [--events 10000] [--counters 200] [--pg URL]`; also run by
`python -m bench` through bench/sync.py.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from bench.bench_bundle import bundles, pouchdb, snapshot  # noqa: E402
from bench.harness import Figure, table  # noqa: E402
from counter.db.engine import Database  # noqa: E402
from counter.db.models import EventRow  # noqa: E402
from counter.db.wire import from_row, to_wire  # noqa: E402
from counter.demo import generate  # noqa: E402
from counter.services import catalogue, office, users  # noqa: E402
from counter.services.context import Actor, Context  # noqa: E402
from counter.sync import client, server  # noqa: E402
from counter.sync.protocol import PULL_PAGE, gzip_json  # noqa: E402
from counter.sync.store import ServerStore  # noqa: E402

OFFICE = "000.00.12.H40"
PG_URL = os.environ.get("COUNTER_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    def __init__(
        self, url: str, schema: str | None = None, workers: int = 1, start_timeout: float = 120
    ) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "counter", "server", "--db", url, "--port", str(self.port)]
        if schema:
            args += ["--schema", schema]
        if workers > 1:
            args += ["--workers", str(workers)]
        self.proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/v1/health", timeout=0.5).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        self.proc.kill()  # never left running after a failed start
        self.proc.wait()
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _counter(path: Path, now: datetime) -> Context:
    db = Database(path)
    ctx = Context(db, Actor("motcua", "Trần Thị Thu Hà", "clerk"), now=lambda: now)
    with db.unit_of_work() as session:
        office.save_settings(
            session,
            office.OfficeSettings(
                identifier=OFFICE,
                governing_body="UBND xã Tân Hưng",
                unit_name="Bộ phận tiếp nhận và trả kết quả",
                place_name="Tân Hưng",
            ),
        )
        catalogue.load_catalogue(session)
        users.create_user(session, "motcua", "Trần Thị Thu Hà", "clerk", "motcua123")
    return ctx


def _count(ctx: Context) -> int:
    with ctx.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(EventRow)) or 0)


def loopback(work: Path, events_target: int) -> list[Figure]:
    """A counter with ~events_target events pushes them all; a fresh counter pulls them all."""
    now = datetime(2026, 3, 2, 17, 0)
    a = _counter(work / "a.sqlite3", now)
    dossiers = max(10, events_target * 10 // 66)  # the demo averages ~6.6 events a dossier
    generate(a, dossiers, seed=1, end=now)
    while _count(a) < events_target:
        generate(a, max(10, (events_target - _count(a)) // 4), seed=_count(a), end=now)
    events = _count(a)
    # The same events before any sync, for the USB-file and PouchDB figures of this run.
    offline = snapshot(a.db.path, work / "a-offline.sqlite3")
    fresh = _counter(work / "c-usb.sqlite3", now)
    fresh.db.close()
    store = ServerStore(str(work / "server.sqlite3"))
    server.add_office(store, OFFICE, "UBND xã Tân Hưng")
    codes = [server.create_enrolment(store, OFFICE).code for _ in range(2)]
    store.close()
    srv = ServerProcess(str(work / "server.sqlite3"))
    try:
        client.register(a, srv.base, codes[0])
        t0 = time.perf_counter()
        pushed = client.sync_now(a)
        push_s = time.perf_counter() - t0
        b = _counter(work / "b.sqlite3", now)
        client.register(b, srv.base, codes[1])
        t0 = time.perf_counter()
        pulled = client.sync_now(b)
        pull_s = time.perf_counter() - t0
    finally:
        srv.stop()
    assert _count(b) == _count(a), "the pulling counter must hold every event"
    moved = pushed.pushed
    per_event = (pushed.bytes_sent + pulled.bytes_received) / (moved + pulled.pulled)
    # Client apply rate, without the network: a fresh counter stores and projects the pages.
    with a.db.session() as session:
        rows = list(session.scalars(select(EventRow).order_by(EventRow.seq)))
        wire = [(from_row(r), r.hash, r.payload) for r in rows]
    del rows  # 10,000 ORM objects the real client would not be holding
    rates = []
    for attempt in range(3):  # median of three fresh counters: the machine may be busy
        c = _counter(work / f"c{attempt}.sqlite3", now)
        gc.collect()
        t0 = time.perf_counter()
        for start in range(0, len(wire), PULL_PAGE):
            page = wire[start : start + PULL_PAGE]
            with c.db.unit_of_work() as session:
                client.store_pulled(
                    session,
                    [e for e, _, _ in page],
                    {e.id: h for e, h, _ in page},
                    {e.id: t for e, _, t in page},
                )
        rates.append(len(wire) / (time.perf_counter() - t0))
        c.db.close()
    rate = sorted(rates)[1]
    raw = len(gzip_json({"events": [to_wire(e, h) for e, h, _ in wire]})) / len(wire)
    for ctx in (a, b):
        ctx.db.close()
    network = {
        "push_s": push_s,
        "pull_s": pull_s,
        "events": float(events),
        "bytes_per_event": per_event,
    }
    beside = bundles(work, offline, work / "c-usb.sqlite3", OFFICE, network)
    beside += pouchdb(work, offline, network)
    return [
        Figure(
            f"sync: {events:,} events pushed then pulled (loopback)",
            push_s + pull_s,
            "s",
            target="< 5 s",
            ok=push_s + pull_s < 5,
            note=f"push {push_s:.2f} s, pull {pull_s:.2f} s, {dossiers:,} dossiers",
        ),
        Figure(
            "sync: bytes on the wire per event (gzip, both ways)",
            per_event,
            "B",
            target="< 150 B",
            ok=per_event < 150,
            note=f"gzip of one batch alone: {raw:.0f} B/event",
        ),
        Figure(
            "sync: events applied per second on the client",
            rate,
            "events/s",
            target="> 20,000",
            ok=rate > 20_000,
            note="median of 3; stored, hash-chained and projected, pages of "
            f"{PULL_PAGE}; runs: " + ", ".join(f"{r:,.0f}" for r in rates),
        ),
        *beside,
    ]


def verification(count: int = 2000) -> Figure:
    """Reference events checked per second against the office's authority (Ed25519 signature
    over the canonical event, admin keys folded in HLC order), as a counter with a root of trust
    does when it applies a pulled page, and the server for a pushed one."""
    from counter.domain.dossier import Event
    from counter.services import authority

    key = authority.new_key()
    signer = authority.Signer("quantri", key)
    signed = [
        authority.sign_reference(
            Event(
                id=f"0190a000-0000-7000-8000-{n:012d}",
                dossier_id=f"ref:procedure:{n}",
                type="ref.procedure",
                hlc=f"{1772420000000 + n:015d}.000000",
                wall_time="2026-03-02 10:00:00",
                device="bench",
                actor="quantri",
                payload={"code": str(n), "name": "Cấp bản sao trích lục hộ tịch", "fee": 8000},
            ),
            signer,
        )
        for n in range(count)
    ]
    t0 = time.perf_counter()
    accepted = authority.authorised(signed, {"quantri": authority.public_text(key)})
    rate = count / (time.perf_counter() - t0)
    assert len(accepted) == count
    return Figure(
        "sync: signed reference events verified per second",
        rate,
        "events/s",
        note="Ed25519 over the canonical event; dossier events carry no signature of their "
        "own (a push's signed chain head covers them)",
    )


RETRIES: list[int] = []  # transport errors retried during the throughput run


async def _request(http: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request as the real client makes it: a dropped connection is retried (push is
    idempotent, pull is a read) after a short backoff, and counted for the figure's note."""
    for attempt in range(5):
        try:
            return await http.request(method, url, **kwargs)
        except httpx.TransportError:
            if attempt == 4:
                raise
            RETRIES.append(1)
            await asyncio.sleep(0.2 * 2**attempt)
    raise AssertionError("unreachable")


async def _one_counter(
    http: httpx.AsyncClient, token: str, device: str, events: int, latencies: list[float]
) -> int:
    """A synthetic counter: pushes its evening's events in batches, then pulls until up to date."""
    headers = {"Authorization": f"Bearer {token}"}
    base = int(time.time() * 1000)
    batch: list[Any] = []
    moved = 0
    for n in range(events):
        dossier = f"{device[:8]}-{n // 5}"
        batch.append(
            [
                str(uuid.uuid4()),
                dossier,
                "note_added",
                f"{base + n:015d}.000000",
                "2026-03-02 16:00:00",
                device,
                "motcua",
                {"text": "Đã chuyển hồ sơ cho công chức chuyên môn", "n": n},
                "",
            ]
        )
        if len(batch) == 100 or n == events - 1:
            t0 = time.perf_counter()
            r = await _request(
                http,
                "POST",
                "/v1/push",
                content=gzip_json({"events": batch}),
                headers={**headers, "Content-Encoding": "gzip"},
            )
            latencies.append(time.perf_counter() - t0)
            r.raise_for_status()
            moved += len(batch)
            batch = []
    cursor = 0
    while True:
        t0 = time.perf_counter()
        r = await _request(
            http, "GET", "/v1/pull", params={"after": cursor, "limit": 1000}, headers=headers
        )
        latencies.append(time.perf_counter() - t0)
        r.raise_for_status()
        data = r.json()
        moved += len(data["events"])
        cursor = data["cursor"]
        if not data["more"]:
            return moved


def throughput(pg_url: str, counters: int, per_office: int, events: int) -> list[Figure]:
    """`counters` counters (in offices of `per_office`) push and pull at once through one server
    process on PostgreSQL."""
    import sqlalchemy

    schema = f"bench_sync_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(pg_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        store = ServerStore(pg_url, schema=schema)
        tokens = []
        for o in range((counters + per_office - 1) // per_office):
            identifier = f"000.00.{o // 100:02d}.H{o % 100:02d}"
            server.add_office(store, identifier, f"Xã {o}")
            for _ in range(min(per_office, counters - o * per_office)):
                device = str(uuid.uuid4())
                code = server.create_enrolment(store, identifier).code
                tokens.append((server.enroll_device(store, code, device, "").token, device))
        store.close()
        srv = ServerProcess(pg_url, schema, workers=os.cpu_count() or 1)
        latencies: list[float] = []

        async def run() -> int:
            limits = httpx.Limits(max_connections=counters, max_keepalive_connections=counters)
            async with httpx.AsyncClient(base_url=srv.base, limits=limits, timeout=120) as http:
                moved = await asyncio.gather(
                    *(_one_counter(http, t, d, events, latencies) for t, d in tokens)
                )
                return sum(moved)

        RETRIES.clear()
        try:
            t0 = time.perf_counter()
            moved = asyncio.run(run())
            seconds = time.perf_counter() - t0
        finally:
            srv.stop()
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000
    return [
        Figure(
            f"sync server: {counters} counters at once on PostgreSQL (events pushed + pulled)",
            moved / seconds,
            "events/s",
            note=f"{moved:,} events in {seconds:.1f} s, {len(latencies):,} requests, "
            f"p95 {p95:.0f} ms, {os.cpu_count()} server worker processes, {per_office} counters per "
            f"office; the {counters} clients run on the same machine; "
            f"{len(RETRIES)} dropped connections retried",
        ),
        Figure("sync server: request latency p95 under that load", p95, "ms"),
    ]


def measure(env: Any) -> list[Figure]:
    """Plugin entry for `python -m bench`."""
    work = Path(tempfile.mkdtemp(prefix="counter-bench-sync-", dir=env.work))
    figures = loopback(work, 2000 if env.quick else 10_000)
    figures.append(verification())
    figures += throughput(PG_URL, 20 if env.quick else 200, 10, 50 if env.quick else 100)
    shutil.rmtree(work, ignore_errors=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--counters", type=int, default=200)
    parser.add_argument("--per-office", type=int, default=10)
    parser.add_argument("--counter-events", type=int, default=100)
    parser.add_argument("--pg", default=PG_URL)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--quick", action="store_true", help="2,000 events, no PostgreSQL run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="counter-bench-sync-"))
    try:
        figures = loopback(work, 2000 if args.quick else args.events)
        figures.append(verification())
        if not (args.skip_pg or args.quick):
            figures += throughput(args.pg, args.counters, args.per_office, args.counter_events)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(figures))
    for f in figures:
        if f.note:
            print(f"- {f.name}: {f.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
