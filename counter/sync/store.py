"""The central server's database: offices, enrolled devices and every office's event log."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from counter.db.models import NAMING

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "sync_alembic_version"


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ServerOffice(ServerBase):
    """An office (one commune's one-stop unit) and the counter that orders its event log."""

    __tablename__ = "sync_offices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identifier: Mapped[str] = mapped_column(String(35), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Key of the check value on status-page links; counters receive it to print QR codes offline.
    secret: Mapped[str] = mapped_column(String(64))
    # Highest event sequence handed out. Taken under this row's lock and kept until commit, so
    # an office's sequence numbers become visible in order (see server.push_events).
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_counter_no: Mapped[int] = mapped_column(Integer, default=0)
    # The office's root of trust for reference data (services/authority.py): the first admin
    # created on the server, {username: public key} as JSON; "" for an office added bare.
    authority: Mapped[str] = mapped_column(Text, default="")
    # The server's Ed25519 key for this office's push receipts (raw private key, hex).
    receipt_key: Mapped[str] = mapped_column(String(64), default="")


class ServerDevice(ServerBase):
    """An enrolled counter. Only a hash of its token is kept."""

    __tablename__ = "sync_devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("sync_offices.id"), index=True)
    counter_no: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[str] = mapped_column(String(19))
    last_seen: Mapped[str] = mapped_column(String(19), default="")
    # The counter's Ed25519 public key, given at enrolment: it signs each push's chain head.
    public_key: Mapped[str] = mapped_column(String(60), default="")
    # What it pushed on the server's day `quota_day` (bytes of new events): a per-day quota.
    quota_day: Mapped[str] = mapped_column(String(10), default="")
    quota_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    # The device's chain hash up to which the server vouches for its events by itself (those
    # pushed before it had a registered key, or before heads were kept): "" for none.
    key_since: Mapped[str] = mapped_column(String(64), default="")
    # When a counter enrolled before device keys registered its key with its token ("" when
    # the key came with the enrolment): shown to the admin (`counter server device list`).
    key_registered: Mapped[str] = mapped_column(String(19), default="")


class Enrolment(ServerBase):
    """A one-time enrolment code (hashed) reserving a counter number of an office."""

    __tablename__ = "sync_enrolments"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("sync_offices.id"))
    counter_no: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String(19))
    expires_at: Mapped[str] = mapped_column(String(19))
    used_by: Mapped[str] = mapped_column(String(36), default="")


class ServerEvent(ServerBase):
    """An office's event log in commit order: `seq` is what pull cursors count."""

    __tablename__ = "sync_events"

    office_id: Mapped[int] = mapped_column(ForeignKey("sync_offices.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[str] = mapped_column(String(36))
    dossier_id: Mapped[str] = mapped_column(String(60))
    type: Mapped[str] = mapped_column(String(30))
    hlc: Mapped[str] = mapped_column(String(30))
    wall_time: Mapped[str] = mapped_column(String(19))
    device: Mapped[str] = mapped_column(String(36))
    actor: Mapped[str] = mapped_column(String(50))
    payload: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64), default="")  # in the device's chain

    __table_args__ = (
        UniqueConstraint("office_id", "id"),
        Index("ix_sync_events_dossier", "office_id", "dossier_id"),
    )


class PushHead(ServerBase):
    """A signed push: the device's chain from `prev` to `hash`, signed with its key, stored
    with the office seq of the push's last new event; pulled with the events it covers, so every
    counter can check every device's signature (`counter audit verify`)."""

    __tablename__ = "sync_heads"

    office_id: Mapped[int] = mapped_column(ForeignKey("sync_offices.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    device: Mapped[str] = mapped_column(String(36))
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    sig: Mapped[str] = mapped_column(String(100))


class DossierCode(ServerBase):
    """Which dossier first claimed a code in an office: how a duplicate code is noticed."""

    __tablename__ = "sync_dossier_codes"

    office_id: Mapped[int] = mapped_column(ForeignKey("sync_offices.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(String(36))
    device: Mapped[str] = mapped_column(String(36))


class CodeClash(ServerBase):
    """A dossier pushed with a code another device's dossier already holds (kept, reported)."""

    __tablename__ = "sync_code_clashes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("sync_offices.id"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    dossier_id: Mapped[str] = mapped_column(String(36))
    other_dossier_id: Mapped[str] = mapped_column(String(36))
    device: Mapped[str] = mapped_column(String(36))
    event_id: Mapped[str] = mapped_column(String(36))
    reported_at: Mapped[str] = mapped_column(String(19))


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the lock at BEGIN so two pushes never deadlock upgrading a read lock.
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_server_engine(url: str, *, schema: str | None = None, pool_size: int = 10) -> Engine:
    """An engine on `url` (a SQLite path or URL, or PostgreSQL). `schema` sets PostgreSQL's
    search_path, so tests and several deployments can share one database."""
    if "://" not in url:
        path = Path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    if url.startswith("sqlite"):
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args: dict[str, Any] = {}
    if schema:
        connect_args["options"] = f"-csearch_path={schema}"
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        connect_args=connect_args,
    )


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Create or upgrade the server schema to the newest migration."""
    config = _alembic_config(engine)
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(
            conn, opts={"version_table": VERSION_TABLE}
        ).get_current_revision()
    if current != head:
        command.upgrade(config, "head")


class ServerStore:
    """The open server database: read sessions and write transactions."""

    def __init__(self, url: str, *, schema: str | None = None, pool_size: int = 10) -> None:
        self.url = url
        self.schema = schema
        self.engine = make_server_engine(url, schema=schema, pool_size=pool_size)
        upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writers = sessionmaker(
            self.engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        session = self._writers()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def new_secret() -> str:
    return secrets.token_hex(32)
