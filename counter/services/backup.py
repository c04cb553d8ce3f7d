"""Backups with SQLite's online backup API: daily and on demand, rotated, verified, restorable.

A backup is a copy of the encrypted database, encrypted under the same key (the
installation's, counter.db.keys): readable on this PC, or on another one after
`counter key import` of this PC's recovery code. Backups and kept files are owner-only (0600).

The digitised files (counter.services.files, encrypted under a key derived from the same one)
are backed up incrementally into one `counter-files/` folder beside the backups: each backup
copies only the files not there yet; a restore brings back the files this PC lacks.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from counter.db import encryption, keys
from counter.db.encryption import DatabaseError, OperationalError
from counter.db.engine import Database
from counter.errors import PermissionDenied, StorageError, ValidationError, os_reason
from counter.paths import backups_dir, private_file
from counter.services import files
from counter.services.context import Context

PREFIX = "counter-"
SUFFIX = ".sqlite3"
KEEP = 14  # two weeks of daily backups

# Settings rows a restore reads and writes for sync. counter.sync.client owns the others; the
# services never import sync, so the keys both sides use are named here.
SYNC_TOKEN = "sync.token"
PULL_CURSOR = "sync.pull_cursor"
# Set on a restored database of an enrolled counter: the office cursor from which the next
# sync must take back this counter's own events (pushed after the backup, so missing here).
RECOVER_OWN = "sync.recover_own"
# Where this counter's hash chain stood in the restored backup ("device hash", one pair per
# line, every restore of an enrolled counter adds one). Work done after the restore continues
# the chain from there, and so do the events the recovery takes back from the server: two
# branches from one point, which the audit accepts at these points only.
FORK_POINTS = "audit.fork_points"
# The head the recovery's next own event continues from (starts at the fork point).
RECOVER_HEAD = "sync.recover_head"
# This counter's signing key and the public key the server holds for it (sync/signing.py): a
# backup made before the key existed must not come back without it (the server takes no
# other key for this counter).
DEVICE_KEYS = ("device_key", "device_key_registered")
# The last hash of each branch worked offline between a restore and its recovery ("device
# hash" per line): nothing links to it once the recovered branch goes on, so the audit checks
# that it is still there.
BRANCH_ENDS = "audit.branch_ends"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int
    dossiers: int
    files: int = 0  # digitised files copied into the backup folder by this backup (new ones)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d-%H%M%S")


def _connect(path: Path, *, readonly: bool = False) -> Any:
    """An existing database only (mode=rw never creates an empty file by mistake)."""
    return encryption.connect(path, readonly=readonly)


def verify(path: Path) -> int:
    """Check a database file is whole and is a counter database; returns its dossier count."""
    try:
        conn = _connect(path, readonly=True)
    except encryption.Error as exc:
        raise ValidationError(f"Không mở được tệp sao lưu {path.name}: {exc}.") from exc
    except StorageError as exc:  # no key on this PC
        raise ValidationError(exc.message) from exc
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise ValidationError(f"Tệp sao lưu {path.name} bị hỏng ({check}).")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"alembic_version", "dossiers", "events"} <= tables:
            raise ValidationError(f"Tệp {path.name} không phải cơ sở dữ liệu của phần mềm một cửa.")
        return int(conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])
    except DatabaseError as exc:
        if encryption.is_wrong_key(exc) and not encryption.is_plaintext(path):
            raise ValidationError(encryption.wrong_key_message(f"tệp sao lưu {path.name}")) from exc
        raise ValidationError(f"Tệp {path.name} không phải cơ sở dữ liệu hợp lệ: {exc}.") from exc
    finally:
        conn.close()


def backup_now(
    db_path: Path, *, directory: Path | None = None, now: datetime | None = None, keep: int = KEEP
) -> BackupInfo:
    """Copy the live database (readers and writers may go on) into a new verified file."""
    directory = directory or backups_dir()
    directory.mkdir(parents=True, exist_ok=True)
    moment = now or datetime.now()
    final = directory / f"{PREFIX}{_stamp(moment)}{SUFFIX}"
    partial = final.with_suffix(".partial")
    try:
        source = _connect(db_path)
        partial.unlink(missing_ok=True)
        target = encryption.connect(partial, create=True)
        try:
            source.backup(target, pages=4096)
        finally:
            target.close()
            source.close()
        dossiers = verify(partial)
        partial.replace(final)
    except OperationalError as exc:
        partial.unlink(missing_ok=True)
        if "full" in str(exc):
            raise StorageError(
                "Ổ đĩa đã đầy, không sao lưu được. Hãy giải phóng dung lượng."
            ) from exc
        raise StorageError(f"Không sao lưu được: {exc}.") from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(f"Không ghi được tệp sao lưu: {os_reason(exc)}.") from exc
    rotate(directory, keep)
    copied = files.copy_new(files.store_dir(db_path), directory / files.BACKUP_FOLDER)
    return BackupInfo(final, moment, final.stat().st_size, dossiers, copied)


@dataclass(frozen=True)
class RestoreLosses:
    """What the database holds that a backup does not: what restoring it would take away."""

    dossiers: int  # received after the backup
    changed: int  # in the backup, with work recorded on them after it
    apologies: int  # apology letters (Mẫu 04) recorded after it
    users: int  # added or changed after it (name, role, password, sign-in allowed)
    settings: int  # office settings, days off and catalogue entries that differ

    @property
    def nothing(self) -> bool:
        return not (self.dossiers or self.changed or self.apologies or self.users or self.settings)


_LOSSES = {
    "dossiers": "SELECT count(*) FROM main.dossiers WHERE id NOT IN (SELECT id FROM b.dossiers)",
    "changed": "SELECT count(*) FROM main.dossiers m JOIN b.dossiers o ON o.id = m.id "
    "WHERE m.event_count > o.event_count",
    "apologies": "SELECT count(*) FROM main.events WHERE type = 'apology_issued' "
    "AND id NOT IN (SELECT id FROM b.events)",
    "users": "SELECT count(*) FROM (SELECT username, full_name, title, role, password_hash, "
    "active FROM main.users EXCEPT SELECT username, full_name, title, role, password_hash, "
    "active FROM b.users)",
}
# Compared whole row against whole row; a backup of an older release's tables counts as
# differing wherever its rows do not read the same.
_SETTINGS_TABLES = ("office", "day_overrides", "procedures", "procedure_documents")


def losses(db_path: Path, backup: Path) -> RestoreLosses:
    """Count what restoring `backup` over the database at `db_path` would lose."""
    try:
        conn = _connect(db_path, readonly=True)
        encryption.attach(conn, backup, "b")
    except encryption.Error as exc:
        raise ValidationError(f"Không đọc được tệp sao lưu {backup.name}: {exc}.") from exc
    try:
        counts = {key: int(conn.execute(sql).fetchone()[0]) for key, sql in _LOSSES.items()}
        settings = 0
        for table in _SETTINGS_TABLES:
            try:
                sql = f"SELECT count(*) FROM (SELECT * FROM main.{table} EXCEPT SELECT * FROM b.{table})"
                settings += int(conn.execute(sql).fetchone()[0])
            except OperationalError:  # the backup's table has other columns
                settings += int(conn.execute(f"SELECT count(*) FROM main.{table}").fetchone()[0])
        return RestoreLosses(**counts, settings=settings)
    except DatabaseError as exc:
        raise ValidationError(f"Không so sánh được với bản sao lưu {backup.name}: {exc}.") from exc
    finally:
        conn.close()


def copy_to(info: BackupInfo, folder: Path, keep: int = KEEP) -> Path:
    """A second copy of a backup in another place (another disk, a USB stick), verified and
    rotated there too: a backup on the same disk as the database dies with that disk."""
    target = folder / info.path.name
    partial = target.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(info.path, partial)
        verify(partial)
        partial.replace(target)
        source_files = info.path.parent / files.BACKUP_FOLDER
        files.copy_new(source_files, folder / files.BACKUP_FOLDER)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            f"Không chép được bản sao lưu sang {folder}: {os_reason(exc)}. Hãy kiểm tra "
            "ổ đĩa hoặc USB đã cắm và còn chỗ trống."
        ) from exc
    except ValidationError:
        partial.unlink(missing_ok=True)
        raise
    rotate(folder, keep)
    return target


def list_backups(directory: Path | None = None) -> list[BackupInfo]:
    directory = directory or backups_dir()
    found = []
    for path in sorted(directory.glob(f"{PREFIX}*{SUFFIX}"), reverse=True):
        try:
            taken = datetime.strptime(path.name[len(PREFIX) : -len(SUFFIX)], "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        found.append(BackupInfo(path, taken, path.stat().st_size, -1))
    return found


def rotate(directory: Path, keep: int = KEEP) -> list[Path]:
    """Keep the newest `keep` backups; returns the removed files."""
    removed = [b.path for b in list_backups(directory)[keep:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def backup_if_due(
    db_path: Path, *, directory: Path | None = None, now: datetime | None = None
) -> BackupInfo | None:
    """The automatic daily backup: taken when the newest one is a day old or missing."""
    moment = now or datetime.now()
    existing = list_backups(directory)
    if existing and moment - existing[0].taken_at < timedelta(days=1):
        return None
    return backup_now(db_path, directory=directory, now=moment)


def restore(db_path: Path, backup: Path, *, now: datetime | None = None) -> Path:
    """Replace the database with a verified backup; the current file is kept beside it first.

    On an enrolled counter the restored database is marked (RECOVER_OWN) so that the next sync
    takes back, before anything else, the events this counter sent after the backup: without
    them it would issue again dossier codes already given to citizens. The daily code sequences
    of the replaced database are carried over, so no code is issued twice even before that sync
    (or on a counter that is not enrolled at all).

    Close every connection to `db_path` before calling (the window does it for you)."""
    verify(backup)
    moment = now or datetime.now()
    kept = db_path.with_name(f"{db_path.stem}.truoc-khoi-phuc-{_stamp(moment)}{db_path.suffix}")
    if db_path.exists():
        _keep_replaced(db_path, kept)
    for extra in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        extra.unlink(missing_ok=True)
    tmp = db_path.with_suffix(".restoring")
    private_file(tmp)
    shutil.copyfile(backup, tmp)
    try:
        if encryption.is_plaintext(tmp):  # a backup from before encryption
            encryption.encrypt_in_place(tmp, keys.load_key())
        _mark_recovery(tmp)
        if kept.exists():
            _keep_sequences(kept, tmp)
    except encryption.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"Không chuẩn bị được bản sao lưu để khôi phục: {exc}.") from exc
    tmp.replace(db_path)
    # The digitised files the backup folder holds and this PC lost (none are ever removed).
    files.copy_new(backup.parent / files.BACKUP_FOLDER, files.store_dir(db_path))
    return kept


def _keep_replaced(db_path: Path, kept: Path) -> None:
    """Keep the database being replaced beside it. Through the backup API, so a WAL file still
    holding data is included; a file too damaged for that (often the reason to restore) is
    kept byte for byte, with its WAL file."""
    try:
        source = _connect(db_path)
        target = encryption.connect(kept, create=True)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    except DatabaseError:
        kept.unlink(missing_ok=True)
        private_file(kept)
        shutil.copyfile(db_path, kept)
        wal = Path(f"{db_path}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{kept}-wal"))


def _mark_recovery(path: Path) -> None:
    """Flag an enrolled counter's restored copy for recovery of its own events, before it takes
    the database's place (so a restored database is never left without the flag)."""
    conn = _connect(path)
    try:
        with conn:
            values = dict(
                conn.execute(
                    "SELECT key, value FROM settings WHERE key IN (?, ?, ?)",
                    (SYNC_TOKEN, PULL_CURSOR, RECOVER_OWN),
                ).fetchall()
            )
            if not values.get(SYNC_TOKEN):
                return
            # A backup of a database still recovering keeps the older starting point.
            start = values.get(RECOVER_OWN) or values.get(PULL_CURSOR) or "0"
            put = "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"
            conn.execute(put, (RECOVER_OWN, start))
            local = conn.execute(
                "SELECT id, chain_head FROM devices WHERE is_local = 1 LIMIT 1"
            ).fetchone()
            if local is not None and local[1]:
                device, head = local
                if not values.get(RECOVER_OWN):  # still recovering: the older point stands
                    conn.execute(put, (RECOVER_HEAD, head))
                row = conn.execute(
                    "SELECT value FROM settings WHERE key = ?", (FORK_POINTS,)
                ).fetchone()
                points = (row[0] if row else "").splitlines()
                if f"{device} {head}" not in points:
                    points.append(f"{device} {head}")
                conn.execute(put, (FORK_POINTS, "\n".join(points)))
    finally:
        conn.close()


def _keep_sequences(replaced: Path, restored: Path) -> None:
    """Carry the replaced database's daily code sequences into the restored copy, each at the
    higher of the two: codes issued after the backup are on citizens' slips, so the counter
    must not issue them again, synced or not (its lost dossiers come back only through sync);
    and its signing key (DEVICE_KEYS).
    Best effort: a replaced file too damaged to read leaves the backup's sequences."""
    local = "SELECT id FROM devices WHERE is_local = 1 LIMIT 1"
    try:
        source = _connect(replaced, readonly=True)
        try:
            issued = source.execute("SELECT day, counter_no, last FROM daily_sequences").fetchall()
            device = source.execute(local).fetchone()
            keys = source.execute(
                "SELECT key, value FROM settings WHERE key IN (?, ?)", DEVICE_KEYS
            ).fetchall()
        finally:
            source.close()
    except encryption.Error:
        return
    conn = _connect(restored)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO daily_sequences (day, counter_no, last) VALUES (?, ?, ?) "
                "ON CONFLICT (day, counter_no) DO UPDATE SET last = max(last, excluded.last)",
                issued,
            )
            # The signing key goes with the counter (the same device), newest first.
            if device is not None and conn.execute(local).fetchone() == device:
                conn.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", keys)
    finally:
        conn.close()


def recovery_pending(db_path: Path) -> bool:
    """Whether a (restored) database still has to take back its own events from the sync
    server: `counter sync` or the window's sync does it."""
    conn = _connect(db_path, readonly=True)
    try:
        row = conn.execute("SELECT 1 FROM settings WHERE key = ?", (RECOVER_OWN,)).fetchone()
    finally:
        conn.close()
    return row is not None


# --- from the window: the signed-in user must be an admin -----------------------------------


def _require_admin(ctx: Context) -> None:
    if not ctx.actor.has_role("admin"):
        raise PermissionDenied("Chỉ quản trị viên được sao lưu và khôi phục dữ liệu.")


def backup_database(ctx: Context, *, directory: Path | None = None) -> BackupInfo:
    """Back up the context's database now (admins only)."""
    _require_admin(ctx)
    return backup_now(ctx.db.path, directory=directory)


def restore_database(ctx: Context, backup: Path) -> tuple[Context, Path]:
    """Replace the context's database with a verified backup (admins only): close its engine,
    restore, open it again. Returns the new context (acting as the system until someone signs
    in) and where the replaced database was kept; `ctx` must not be used afterwards."""
    _require_admin(ctx)
    verify(backup)
    ctx.db.close()
    kept = restore(ctx.db.path, backup)
    return Context(Database(ctx.db.path), now=ctx.now), kept
