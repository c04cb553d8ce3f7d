"""Sync fixtures: a real server on loopback (SQLite or PostgreSQL) and counters to enrol."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from counter.db.engine import Database
from counter.services import catalogue, office, users
from counter.services.context import Actor, Context
from counter.sync import server, transport
from counter.sync.app import create_app
from counter.sync.client import register
from counter.sync.store import ServerStore
from tests.conftest import TEST_OFFICE, Clock

PG_URL = os.environ.get("COUNTER_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("COUNTER_REQUIRE_PG") == "1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """uvicorn serving the app in a thread of the test process, on 127.0.0.1."""

    def __init__(
        self, store: ServerStore, port: int | None = None, app: FastAPI | None = None
    ) -> None:
        self.store = store
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = app or create_app(store)
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="error", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the sync server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def _pg_available() -> bool:
    import sqlalchemy

    try:
        engine = sqlalchemy.create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_available() -> bool:
    return _pg_available()


def pg_schema_store(
    url: str = PG_URL, pool_size: int = 10
) -> tuple[ServerStore, Callable[[], None]]:
    """A store in a fresh PostgreSQL schema (parallel runs never collide); and its clean-up."""
    import sqlalchemy

    schema = f"t_sync_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    store = ServerStore(url, schema=schema, pool_size=pool_size)

    def drop() -> None:
        store.close()
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()

    return store, drop


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerStore]:
    if request.param == "sqlite":
        sqlite_store = ServerStore(str(tmp_path / "server.sqlite3"))
        yield sqlite_store
        sqlite_store.close()
        return
    if not _pg_available():
        if REQUIRE_PG:
            pytest.fail(
                f"PostgreSQL is required (COUNTER_REQUIRE_PG=1) but {PG_URL} is unreachable"
            )
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    pg_store, drop = pg_schema_store()
    yield pg_store
    drop()


def _require_pg() -> None:
    if not _pg_available():
        if REQUIRE_PG:
            pytest.fail(
                f"PostgreSQL is required (COUNTER_REQUIRE_PG=1) but {PG_URL} is unreachable"
            )
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")


@pytest.fixture
def pg_store() -> Iterator[ServerStore]:
    _require_pg()
    pg, drop = pg_schema_store()
    yield pg
    drop()


@pytest.fixture
def live(store: ServerStore) -> Iterator[LiveServer]:
    running = LiveServer(store).start()
    yield running
    running.stop()


@dataclass
class Counter:
    """One counter PC: its own database, context and clock."""

    ctx: Context
    clock: Clock
    name: str


_TEMPLATE: dict[str, Path] = {}


def _template() -> Path:
    """A seeded counter database (office, catalogue, one user) built once and copied: migrating
    and hashing a password for every counter of every test would dominate the run time."""
    if "path" not in _TEMPLATE:
        import atexit
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix="counter-template-")
        atexit.register(shutil.rmtree, folder, True)
        path = Path(folder) / "template.sqlite3"
        db = Database(path)
        with db.unit_of_work() as session:
            office.save_settings(session, TEST_OFFICE)
            catalogue.load_catalogue(session)
            users.create_user(session, "motcua", "Trần Thị Thu Hà", "clerk", "motcua123")
        db.close()  # the last connection closing checkpoints the WAL into the file
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


def new_counter(path: Path, clock: Clock | None = None) -> Counter:
    """A fresh counter PC (its own device id) with the test office already set up."""
    import shutil

    clock = clock or Clock(datetime(2026, 3, 2, 9, 0))
    shutil.copyfile(_template(), path)
    db = Database(path)
    ctx = Context(db, Actor("motcua", "Trần Thị Thu Hà", "clerk"), now=clock.now)
    return Counter(ctx, clock, path.stem)


def enrol(
    store: ServerStore, counter: Counter, url: str, identifier: str = TEST_OFFICE.identifier
) -> None:
    code = server.create_enrolment(store, identifier)
    register(counter.ctx, url, code.code)


@pytest.fixture
def make_counter(tmp_path: Path) -> Iterator[Callable[..., Counter]]:
    made: list[Counter] = []

    def make(name: str, clock: Clock | None = None) -> Counter:
        counter = new_counter(tmp_path / f"{name}.sqlite3", clock)
        made.append(counter)
        return counter

    yield make
    for counter in made:
        counter.ctx.db.close()


PROCEDURE = "1.004873"


def received_payload(code: object, **changes: object) -> dict[str, object]:
    """The smallest payload of a 'received' event that the protocol accepts."""
    return {
        "code": code,
        "procedure": {"code": PROCEDURE, "name": "Cấp bản sao trích lục hộ tịch"},
        "applicant": {"full_name": "Nguyễn Văn An"},
        "received_at": "2026-03-02 09:00:00",
        **changes,
    }


def intake(counter: Counter, name: str = "Nguyễn Văn An") -> str:
    """Receive a complete dossier at this counter; returns its code."""
    from counter.services.intake import ApplicantInput, IntakeRequest, ReceivedDocument, receive

    with counter.ctx.db.session() as session:
        proc = catalogue.get_procedure(session, PROCEDURE)
    request = IntakeRequest(
        procedure_code=PROCEDURE,
        applicant=ApplicantInput(full_name=name, phone="0912345678"),
        documents=[ReceivedDocument(d.name, d.originals, d.copies) for d in proc.documents],
    )
    result = receive(counter.ctx, request)
    assert result.outcome == "accepted"
    return result.dossier.code


def dossier_rows(counter: Counter) -> list[dict[str, object]]:
    """Every dossier's projected columns (minus the local row number), sorted by id."""
    from sqlalchemy import select

    from counter.db.events import state_columns, state_of
    from counter.db.models import Dossier

    with counter.ctx.db.session() as session:
        rows = session.scalars(select(Dossier).order_by(Dossier.id))
        return [state_columns(state_of(r)) for r in rows]


# Debian's chromium, driven by Playwright (no browser download): a phone opening the status page.
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser() -> Iterator[object]:
    if shutil.which("chromium") is None:
        pytest.fail(
            "Debian's chromium is needed for the status page test (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=30_000)
        yield chromium
        chromium.close()


class Relay(httpx.BaseTransport):
    """A real connection to the test server, for doubles that change what goes through."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport(verify=transport.ssl_context())

    def relay(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        return response

    def close(self) -> None:
        self.inner.close()
