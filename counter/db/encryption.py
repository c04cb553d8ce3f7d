"""SQLCipher: the counter's database files are encrypted (AES-256, HMAC-SHA512 per page) under
the installation's key (counter.db.keys), given raw (no password derivation on each open).

A plain SQLite file from an older version is encrypted in place the first time it is opened
(`encrypt_in_place`): exported into a new encrypted file beside it, checked, then moved over
the old one in one rename, so a crash at any point leaves either the old plain file or the
new encrypted one, never a half-written database.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, cast

import sqlcipher3

from counter.db import keys
from counter.errors import StorageError
from counter.paths import private_file

SQLITE_HEADER = b"SQLite format 3\x00"
Error = sqlcipher3.Error
DatabaseError = sqlcipher3.DatabaseError
OperationalError = sqlcipher3.OperationalError

# The driver binds int, float and str directly but passes every other parameter through its
# adaptation protocol, which, finding no adapter, raises and formats two AttributeErrors
# (`__adapt__`, `__conform__`) per value. Blobs (ids, hashes, deflated payloads) and NULLs are
# most of what the event log writes: 10,051 pulled events bound ~90,000 of them, a fifth of
# its whole apply time (callgrind, 2 Dec 2026); booleans (a dossier's flags) go the same way.
# An adapter that returns the value as it is bound anyway (C functions, no Python frame:
# `bytes.__bytes__` of a bytes object is that object, `{}.get` of anything is None, `int` of a
# bool is the 0 or 1 stored before) makes each a dictionary lookup and a call; what is stored is
# unchanged. None of these types is one whose adaptation switches off the driver's fast path
# for int, float and str.
sqlcipher3.register_adapter(bytes, bytes.__bytes__)
sqlcipher3.register_adapter(type(None), cast("Callable[[None], None]", {}.get))
sqlcipher3.register_adapter(bool, int)


def key_literal(key: bytes) -> str:
    """The key as SQLCipher's raw-key literal, quoted for a PRAGMA."""
    return f"\"x'{key.hex()}'\""


def is_plaintext(path: Path) -> bool:
    """Whether `path` is an unencrypted SQLite database (an empty or missing file is not)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def plain_kind(path: Path) -> str | None:
    """For a plain SQLite file: "ours" (a counter database, or one with no tables yet, which
    opening encrypts), "foreign" (someone else's, never touched) or None (not a plain file)."""
    if not is_plaintext(path):
        return None
    conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlcipher3.Error:
        return "foreign"
    finally:
        conn.close()
    return "ours" if not tables or "alembic_version" in tables else "foreign"


def apply_key(conn: Any, key: bytes) -> None:
    cursor = conn.cursor()
    # A wrong key is reported to the user by us; SQLCipher would also print to stderr.
    cursor.execute("PRAGMA cipher_log_level = NONE")
    cursor.execute(f"PRAGMA key = {key_literal(key)}")
    cursor.close()


def attach(conn: Any, path: Path, alias: str) -> None:
    """Attach the counter database at `path` (read-only) to `conn` under `alias`, with this PC's
    key, or none for a plain file of an older release."""
    key = "''" if is_plaintext(path) else key_literal(keys.load_key(create=False))
    conn.execute(f"ATTACH DATABASE ? AS {alias} KEY {key}", (f"file:{path}?mode=ro",))


def connect(
    path: Path | str, *, key: bytes | None = None, readonly: bool = False, create: bool = False
) -> Any:
    """A DB-API connection to a counter database, encrypted or (from an older version) plain.
    An existing file only unless `create` (mode=rw never creates an empty file by mistake)."""
    path = Path(path)
    mode = "ro" if readonly else ("rwc" if create else "rw")
    if create:
        private_file(path)
    conn = sqlcipher3.connect(f"file:{path}?mode={mode}", uri=True, timeout=10)
    if not is_plaintext(path):
        # An existing encrypted file never gets a new key made for it (that key could not open it).
        apply_key(conn, key if key is not None else keys.load_key(create=create))
    return conn


def wrong_key_message(name: str) -> str:
    # SQLCipher cannot tell a wrong key from a file that is not a database at all.
    return (
        f"Không mở được {name}: tệp bị lỗi, không phải cơ sở dữ liệu của phần mềm, hoặc được mã "
        "hoá bằng khoá của máy khác (hoặc khoá của máy này đã mất). Nếu dữ liệu từ máy cũ, hãy "
        "nhập mã khôi phục của máy đó («counter key import MÃ») rồi thử lại. Tệp không bị thay đổi."
    )


def is_wrong_key(exc: BaseException) -> bool:
    return "file is not a database" in str(exc)


IN_USE = (
    "Cơ sở dữ liệu đang được mở ở nơi khác (cửa sổ phần mềm hoặc một lệnh khác): hãy đóng lại "
    "rồi thử lại. Tệp không bị thay đổi."
)


def encrypt_in_place(path: Path, key: bytes, *, old_key: bytes | None = None) -> None:
    """Re-write the database at `path` encrypted under `key` (from plain, or from `old_key`),
    atomically. Close every other connection to it first."""
    tmp = path.with_name(path.name + ".encrypting")
    for leftover in (tmp, Path(f"{tmp}-journal")):
        leftover.unlink(missing_ok=True)
    private_file(tmp)
    source = sqlcipher3.connect(f"file:{path}?mode=rw", uri=True, timeout=10, isolation_level=None)
    try:
        if old_key is not None:
            apply_key(source, old_key)
        # Leaving WAL mode needs every other connection closed (it fails at once otherwise), and
        # puts everything committed, including what is still in the WAL file, into the main
        # file: no other process can be writing to the file that the rename will replace.
        try:
            source.execute("PRAGMA journal_mode=DELETE")
        except sqlcipher3.OperationalError as exc:
            raise StorageError(IN_USE) from exc
        version = source.execute("PRAGMA user_version").fetchone()[0]
        source.execute(f"ATTACH DATABASE ? AS encrypted KEY {key_literal(key)}", (str(tmp),))
        source.execute("BEGIN EXCLUSIVE")  # nobody opens it during the copy either
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        source.execute("COMMIT")
        source.execute("DETACH DATABASE encrypted")
    except (sqlcipher3.Error, StorageError):
        source.close()
        tmp.unlink(missing_ok=True)
        raise
    source.close()
    try:
        check = sqlcipher3.connect(str(tmp))
        try:
            apply_key(check, key)
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
        if result != "ok":
            raise StorageError(
                f"Mã hoá cơ sở dữ liệu không thành công ({result}); tệp cũ giữ nguyên."
            )
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        # The old file's WAL was emptied by the checkpoint; an empty one left beside the new file
        # would be harmless, a non-empty one would not: stop rather than risk it.
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StorageError(IN_USE)
        for extra in (wal, Path(f"{path}-shm")):
            extra.unlink(missing_ok=True)
        tmp.replace(path)
        _sync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _sync_dir(folder: Path) -> None:
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        with suppress(OSError):
            os.fsync(fd)
        os.close(fd)


def replace_key(new_key: bytes, databases: list[Path]) -> list[Path]:
    """Make `new_key` this installation's key (from a recovery code): each of `databases`
    still under the current key is re-encrypted under the new one (atomically, one by one);
    the current key file is kept beside the new one, renamed, so nothing becomes unreadable.
    Returns the databases re-encrypted."""
    path = keys.key_path()
    old_key = keys.load_key(path, create=False) if path.exists() else None
    moved: list[Path] = []
    if old_key is not None and old_key != new_key:
        try:
            for database in databases:
                if database.is_file() and not is_plaintext(database) and _opens(database, old_key):
                    encrypt_in_place(database, new_key, old_key=old_key)
                    moved.append(database)
        except (Error, StorageError, OSError):
            # One is open elsewhere (or the disk failed): put back the ones already moved, so
            # everything still opens with the key this PC keeps.
            for database in moved:
                with suppress(Error, StorageError, OSError):
                    encrypt_in_place(database, old_key, old_key=new_key)
            raise
        kept = path.with_name(f"{path.name}.cu-{hashlib.sha256(old_key).hexdigest()[:8]}")
        private_file(kept)
        kept.write_bytes(path.read_bytes())
    keys.save_key(new_key, path)
    return moved


def _opens(database: Path, key: bytes) -> bool:
    try:
        conn = connect(database, key=key, readonly=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except DatabaseError:
        return False
    return True
