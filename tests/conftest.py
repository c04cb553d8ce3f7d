"""Shared fixtures: every test gets a fresh database file and a fixed clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

# Set before anything imports Qt: UI tests run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The forms in the bundled fonts whatever this machine has: the same PDF everywhere.
os.environ.setdefault("COUNTER_FONTS", "bundled")

from counter.db.engine import Database
from counter.services import catalogue, office, users
from counter.services.context import Actor, Context


class Clock:
    """A settable clock for services: `clock.now` is passed as the context's time source."""

    def __init__(self, start: datetime) -> None:
        self.value = start

    def now(self) -> datetime:
        return self.value

    def set(self, value: datetime) -> None:
        self.value = value


@pytest.fixture(autouse=True, scope="session")
def _faked_time_of_day() -> Iterator[None]:
    """COUNTER_FAKE_TIME=HH:MM (CI runs the suite again at 16:00 and 23:59): the whole run
    believes it is that time today, the clock running on from there (a run at 23:59 crosses
    midnight), to show that no test reads the real clock behind the fixed one. Python's clocks
    only (time-machine); the monotonic clock, sleeps and Qt's timers are left alone."""
    moment = os.environ.get("COUNTER_FAKE_TIME")
    if not moment:
        yield
        return
    import time_machine

    hour, minute = (int(part) for part in moment.split(":"))
    start = datetime.combine(date.today(), time(hour, minute))
    with time_machine.travel(start.astimezone(), tick=True):
        yield


@pytest.fixture(autouse=True, scope="session")
def _session_db_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One database key for the whole run (databases are encrypted under it): the migrated
    template is made before any test's own data directory, and subprocesses inherit it."""
    from counter.db.keys import ENV_KEY_FILE

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENV_KEY_FILE, str(tmp_path_factory.mktemp("key") / "counter.key"))
        yield


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTER_HOME", str(tmp_path / "home"))


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 9, 0))  # a Monday morning


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """argon2 with the production cost takes ~50 ms a hash; tests need it to work, not to be slow."""
    from argon2 import PasswordHasher

    saved = users._hasher
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    users._hasher = saved


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated empty database per run, copied for each test (Alembic takes ~0.2 s)."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    database = Database(path)
    database.close()
    return path


@pytest.fixture
def db(tmp_path: Path, _migrated_template: Path) -> Iterator[Database]:
    import shutil

    path = tmp_path / "counter.sqlite3"
    shutil.copyfile(_migrated_template, path)
    database = Database(path)
    yield database
    database.close()


TEST_OFFICE = office.OfficeSettings(
    identifier="000.00.12.H40",
    governing_body="UBND xã Tân Hưng",
    unit_name="Bộ phận tiếp nhận và trả kết quả",
    place_name="Tân Hưng",
    phone="0270 3851 234",
)


# An operator's office file (`counter office setup`, `counter server office setup`): the test
# office as a real one is set up, with its first admin.
OFFICE_FILE = {
    "identifier": TEST_OFFICE.identifier,
    "governing_body": "UBND xã Tân Hưng",
    "unit_name": "Bộ phận tiếp nhận và trả kết quả",
    "place_name": "Tân Hưng",
    "address": "Ấp 3, xã Tân Hưng, tỉnh Cà Mau",
    "phone": "0290 3851 234",
    "hours": "07:00-11:00,13:00-17:00",
    "cutoff": "16:00",
    "bank_bin": "970436",
    "bank_account": "0011223344",
    "bank_account_name": "UBND XA TAN HUNG",
    "admin": {"username": "quantri", "full_name": "Nguyễn Quản Trị", "password": "mat-khau-dai"},
}


@pytest.fixture
def ctx(db: Database, clock: Clock) -> Context:
    """A counter with the office, the bundled catalogue and four users, acting as the clerk."""
    context = Context(db, Actor("motcua", "Trần Thị Thu Hà", "clerk"), now=clock.now)
    with db.unit_of_work() as session:
        office.save_settings(session, TEST_OFFICE)
        catalogue.load_catalogue(session)
        users.create_user(session, "motcua", "Trần Thị Thu Hà", "clerk", "motcua123")
        users.create_user(session, "chuyenvien", "Lê Văn Đạt", "specialist", "chuyenvien123")
        users.create_user(session, "lanhdao", "Phạm Minh Đức", "leader", "lanhdao123")
        users.create_user(session, "admin", "Nguyễn Quản Trị", "admin", "admin123")
    return context
