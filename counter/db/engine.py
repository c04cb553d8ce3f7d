"""Open the local database: SQLite (encrypted with SQLCipher, see counter.db.encryption) in WAL
mode with foreign keys, migrated on start."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import URL, Connection, Engine, QueuePool, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from counter.db import encryption, keys
from counter.errors import StorageError, os_reason
from counter.paths import private_file

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SOFT_HEAP_LIMIT = 16 * 1024 * 1024  # bytes, for the whole process (PRAGMA soft_heap_limit)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable across application crashes in WAL mode; a power cut may lose the last
    # transaction but never corrupts the file.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA cache_size=-32000")
    # Up to 32 MB of cache per connection, but all connections of the process together (the
    # window runs queries on several threads, each with its own connection and cache) stay
    # near SOFT_HEAP_LIMIT: SQLite then reuses pages instead of growing. The file's pages stay
    # in the OS cache: on a million dossiers the home figures, a count of every dossier, a
    # search and a quarter's report took the same time with 16 MB as with 32 MB (within the
    # machine's noise), and the window's peak memory through a clerk's session fell from
    # ~275 MB (no limit) to ~230 MB (with two malloc arenas, see ui.app).
    cursor.execute(f"PRAGMA soft_heap_limit={SOFT_HEAP_LIMIT}")
    cursor.close()


def make_engine(path: Path | str, key: bytes | None = None) -> Engine:
    """An engine on an encrypted SQLite file (created if missing, owner-only), under `key` (by
    default this installation's). Does not migrate or encrypt a plain file: see `Database`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    private_file(path)
    key = key if key is not None else keys.load_key()
    url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(path))
    # The file pool of plain pysqlite (the SQLCipher dialect would keep one connection per
    # thread); the key is given raw, so opening a connection costs no key derivation. Last in,
    # first out: the connection used last has the freshest page cache (after another
    # connection writes, a connection's whole cache is read and decrypted again): on intake
    # this halves what encryption costs (+19 % → +8 % CPU).
    engine = create_engine(url, future=True, poolclass=QueuePool, pool_use_lifo=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _begin)
    return engine


def _begin(conn: Connection) -> None:
    # pysqlite's own transaction handling is switched off (isolation_level None in
    # _on_connect); a write unit of work takes the write lock at its start (BEGIN IMMEDIATE) so
    # it can never fail half-way on a lock, while readers use plain deferred transactions.
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


_REVISION = re.compile(r"^(down_)?revision\b[^=]*=\s*[\"']?([0-9A-Za-z_]*)", re.MULTILINE)


@cache
def _migrations() -> tuple[frozenset[str], frozenset[str]]:
    """(revisions, their parents) read from the migration files without importing Alembic;
    read once (the start-up asks twice: whether to say "upgrading", then to upgrade)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for down, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (parents if down else revisions).add(value)
    return frozenset(revisions), frozenset(parents)


def _newest_migration() -> str | None:
    """The head revision read from the migration files without importing Alembic (~0.3 s of a
    window's start-up); None when the files cannot be read that simply."""
    revisions, parents = _migrations()
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def _stored_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:
            return None


def needs_upgrade(path: Path | str) -> bool:
    """Whether opening the database at `path` will migrate an older schema or encrypt a plain
    database (either can take minutes on a large office: 0003 rewrites the event log). False
    for a missing or new file."""
    path = Path(path)
    if not path.exists():
        return False
    with suppress(encryption.Error):
        if encryption.plain_kind(path) == "ours" and _stored_plain_revision(path):
            return True  # from a version that did not encrypt: encrypting takes a while too
    try:
        conn = encryption.connect(path, readonly=True)
    except (encryption.Error, StorageError):
        return False
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except encryption.Error:
        return False  # not created yet, or not a database: opening it says so
    finally:
        conn.close()
    # Only an older revision of ours: a database from a newer program is not "upgraded" (opening
    # it reports the mismatch instead).
    return row is not None and row[0] in _migrations()[0] and row[0] != _newest_migration()


def _stored_plain_revision(path: Path) -> bool:
    """Whether a plain database holds one of our revisions (not a newer program's)."""
    conn = encryption.connect(path, readonly=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except encryption.Error:
        return False
    finally:
        conn.close()
    return row is not None and row[0] in _migrations()[0]


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration."""
    newest = _newest_migration()
    if newest is not None and _stored_revision(engine) == newest:
        return  # already up to date: the common start-up, without Alembic
    stored = current_revision(engine)
    if stored != head_revision(engine):
        from alembic import command

        command.upgrade(alembic_config(engine), "head")
        if stored in _REWRITTEN_BY_0003 and engine.url.database:
            # 0003 rewrote the event log into half the space; give the freed pages back. Best
            # effort: the database is complete without it (VACUUM needs as much free disk
            # space as the file takes).
            conn = encryption.connect(engine.url.database)
            conn.isolation_level = None
            with suppress(encryption.Error):
                conn.execute("VACUUM")
            conn.close()


# Revisions whose databases migration 0003 rewrites (the event log, compacted).
_REWRITTEN_BY_0003 = ("0001", "0002")


class Database:
    """An open, migrated database and its session factory."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            key = keys.load_key(create=not _encrypted(self.path))
            plain = encryption.plain_kind(self.path)
            if plain == "foreign":
                raise StorageError(
                    f"Tệp {self.path.name} là cơ sở dữ liệu của một chương trình khác, không phải "
                    "của phần mềm một cửa: không mở, không thay đổi."
                )
            if plain == "ours":
                # From a version that did not encrypt: encrypted now, in place (atomically).
                encryption.encrypt_in_place(self.path, key)
            self.engine = make_engine(self.path, key)
            upgrade(self.engine)
        except (OperationalError, encryption.Error) as exc:
            raise StorageError(_storage_message(exc)) from exc
        except DatabaseError as exc:
            if encryption.is_wrong_key(exc):
                raise StorageError(encryption.wrong_key_message("cơ sở dữ liệu")) from exc
            raise StorageError(_storage_message(exc)) from exc
        except OSError as exc:  # the path is a folder, or the folder is not ours
            raise StorageError(
                f"Không mở được tệp cơ sở dữ liệu {self.path}: {os_reason(exc)}."
            ) from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writers = sessionmaker(
            self.engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        session = self._writers()
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            raise StorageError(_storage_message(exc)) from exc
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _encrypted(path: Path) -> bool:
    """An existing database already encrypted (so a missing key must not be made anew)."""
    return path.is_file() and path.stat().st_size > 0 and not encryption.is_plaintext(path)


def _storage_message(exc: DatabaseError | encryption.Error) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig) if orig else str(exc)
    if ("disk" in text and "full" in text) or "database or disk is full" in text:
        return "Ổ đĩa đã đầy, không lưu được dữ liệu. Hãy giải phóng dung lượng rồi thử lại."
    if "readonly" in text or "read-only" in text:
        return "Cơ sở dữ liệu đang ở chế độ chỉ đọc, không lưu được. Hãy kiểm tra quyền ghi của thư mục dữ liệu."
    if "locked" in text or "busy" in text:
        return "Cơ sở dữ liệu đang bận (một chương trình khác đang ghi). Hãy thử lại sau giây lát."
    if "unable to open" in text:
        return "Không mở được tệp cơ sở dữ liệu. Hãy kiểm tra đường dẫn và quyền truy cập."
    return f"Lỗi cơ sở dữ liệu: {text}"


def open_database(path: Path | str) -> Database:
    return Database(path)
