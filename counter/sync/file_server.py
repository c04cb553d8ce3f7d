"""The server's copy of the offices' digitised files: uploaded after the events that name them,
in resumable chunks, kept once per office and hash, served to the other counters.

Files live in a folder beside the server database (`server.sqlite3` → `server.files/`), or where
`$COUNTER_SERVER_FILES` says (needed with PostgreSQL): `<root>/<office id>/ab/<sha256>`, and a
partial upload in `<root>/<office id>/.partial/<sha256>.<device>` until its last byte arrives
(a chunk that came ahead of the bytes before it waits beside it, `<offset>+<sha256>.<device>`). The
server keeps a file only when the office has an `attachment_added` event naming it and its
bytes hash to its name; a client that lost its connection asks where the partial upload stands
and goes on from there (`offset`), after a cut or a restart of either side. A partial upload no
chunk was added to for `PARTIAL_DAYS` days (the server's `--partial-days`) is abandoned: it is
removed (`PartialSweeper`, run at most hourly when a counter asks which files the server has).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from counter.domain.dossier import EventType
from counter.errors import NotFoundError, ValidationError
from counter.paths import data_dir
from counter.sync.protocol import CHECK_BATCH, CHUNK  # noqa: F401 (CHUNK: the server's too)
from counter.sync.server import Caller
from counter.sync.store import ServerEvent, ServerOffice, ServerStore

ENV_DIR = "COUNTER_SERVER_FILES"
MAX_CHUNK = 4 * 1024 * 1024  # the most the server takes in one request
MAX_FILE = 512 * 1024 * 1024
ENV_PARTIAL_DAYS = "COUNTER_PARTIAL_DAYS"
PARTIAL_DAYS = 7  # an upload no chunk reached for this long is abandoned (0: never removed)
SWEEP_EVERY = 3600  # seconds between two sweeps of the abandoned partial uploads
_HASH = re.compile(r"[0-9a-f]{64}")


def default_dir(store: ServerStore) -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    database = store.engine.url.database if store.is_sqlite else None
    if database and database != ":memory:":
        db = Path(database)
        return db.with_name(db.stem + ".files")
    return data_dir() / "server-files"


def _name(file_hash: str) -> str:
    if not _HASH.fullmatch(file_hash):
        raise ValidationError("Mã tệp không hợp lệ (cần 64 chữ số hệ 16, chữ thường).")
    return file_hash


@dataclass(frozen=True)
class ServerFiles:
    store: ServerStore
    root: Path

    def final(self, office_id: int, file_hash: str) -> Path:
        return self.root / str(office_id) / file_hash[:2] / file_hash

    def partial(self, caller: Caller, file_hash: str) -> Path:
        """One partial upload per device: two counters sending the same new file at once never
        write into each other's (the first to finish makes the file; the other's is dropped)."""
        return self.root / str(caller.office_id) / ".partial" / f"{file_hash}.{caller.device_id}"

    def referenced(self, office_id: int, file_hash: str) -> bool:
        """Whether an attachment event of the office names this file."""
        with self.store.session() as session:
            texts = session.scalars(
                select(ServerEvent.payload).where(
                    ServerEvent.office_id == office_id,
                    ServerEvent.type == EventType.ATTACHMENT_ADDED,
                    ServerEvent.payload.contains(file_hash),
                )
            )
            return any(json.loads(t).get("file") == file_hash for t in texts)

    def sweep_partials(self, days: float, now: float | None = None) -> int:
        """Remove the partial uploads of every office that no chunk reached for `days` days (a
        file's modification time is its last chunk's). Returns how many were removed."""
        if days <= 0:
            return 0
        cutoff = (time.time() if now is None else now) - days * 86400
        removed = 0
        for part in self.root.glob("*/.partial/*"):
            try:
                if part.is_file() and part.stat().st_mtime < cutoff:
                    part.unlink()
                    removed += 1
            except FileNotFoundError:  # finished or removed meanwhile
                continue
        return removed

    def check(self, caller: Caller, hashes: list[str]) -> dict[str, Any]:
        """Which of `hashes` the server holds for the caller's office, and how far a partial
        upload of the others has come."""
        if len(hashes) > CHECK_BATCH:
            raise ValidationError(f"Hỏi tối đa {CHECK_BATCH} tệp một lần.")
        present: list[str] = []
        partial: dict[str, int] = {}
        for h in map(_name, hashes):
            if self.final(caller.office_id, h).exists():
                present.append(h)
            else:
                part = self.partial(caller, h)
                if part.exists():
                    partial[h] = part.stat().st_size
        return {"present": present, "partial": partial}

    def upload(
        self, caller: Caller, file_hash: str, offset: int, size: int, chunk: bytes
    ) -> dict[str, Any]:
        """Append `chunk` at `offset` of the file's partial upload. A chunk for an offset already
        passed (a retry of one already stored, a client that restarted) is not written: the
        answer says where the upload stands and the client goes on from there. A chunk a little
        ahead (the client keeps two requests in flight, which may arrive in either order) is
        held beside the partial upload and appended when the bytes before it arrive; the answer
        says so (`held`). The last chunk makes the file: kept only if its bytes hash to its
        name. One request at a time works on a partial upload (`_exclusive`)."""
        h = _name(file_hash)
        office = caller.office_id
        if not 0 < size <= MAX_FILE:
            raise ValidationError("Kích thước tệp không hợp lệ.")
        part = self.partial(caller, h)
        if self.final(office, h).exists():
            part.unlink(missing_ok=True)
            return {"offset": size, "complete": True}
        if not self.referenced(office, h):
            raise NotFoundError(
                "Không có sự kiện số hóa nào của cơ quan ghi nhận tệp này; hãy đồng bộ sự kiện "
                "trước khi gửi tệp."
            )
        part.parent.mkdir(parents=True, exist_ok=True)
        with _exclusive(part):
            if self.final(office, h).exists():  # finished by the request before this one
                part.unlink(missing_ok=True)
                return {"offset": size, "complete": True}
            done = part.stat().st_size
            if offset != done or not chunk:
                if chunk and done < offset <= done + MAX_CHUNK and offset + len(chunk) <= size:
                    _write(_held(part, offset), chunk)
                    return {"offset": done, "complete": False, "held": offset + len(chunk)}
                return {"offset": done, "complete": False}
            if done + len(chunk) > size:
                _drop(part)
                raise ValidationError("Tệp gửi lên dài hơn kích thước đã khai; máy chủ không nhận.")
            with part.open("ab") as out:
                out.write(chunk)
                done += len(chunk)
                while (ahead := _held(part, done)).exists():  # held earlier: its turn now
                    piece = ahead.read_bytes()
                    if done + len(piece) > size:
                        break
                    out.write(piece)
                    done += len(piece)
                    ahead.unlink()
                out.flush()
                os.fsync(out.fileno())
            if done < size:
                return {"offset": done, "complete": False}
            digest = hashlib.sha256()
            with part.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
            if digest.hexdigest() != h:
                _drop(part)
                raise ValidationError(
                    f"Tệp {h[:12]}… gửi lên không khớp mã SHA-256 của nó; máy chủ không nhận."
                )
            target = self.final(office, h)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(part, target)
            _drop(part)  # pieces held for it, if any are left
            return {"offset": done, "complete": True}

    def download(
        self, caller: Caller, file_hash: str, offset: int, length: int
    ) -> tuple[bytes, int]:
        """`length` bytes of the file from `offset`, and the file's whole size."""
        path = self.final(caller.office_id, _name(file_hash))
        try:
            with path.open("rb") as f:
                size = os.fstat(f.fileno()).st_size
                f.seek(offset)
                return f.read(min(length, MAX_CHUNK)), size
        except FileNotFoundError:
            raise NotFoundError("Máy chủ chưa có tệp số hóa này.") from None


def _held(part: Path, offset: int) -> Path:
    """Where a chunk that came ahead of the partial upload's end waits for the bytes before it."""
    return part.with_name(f"{offset}+{part.name}")


def _write(path: Path, data: bytes) -> None:
    """Written whole or not at all (a crash leaves no short piece to append later)."""
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def _drop(part: Path) -> None:
    """The partial upload and the chunks held beside it."""
    part.unlink(missing_ok=True)
    for piece in part.parent.glob(f"*+{part.name}"):
        piece.unlink(missing_ok=True)


_ONE_AT_A_TIME = threading.Lock()  # where there is no flock (not a POSIX server)


@contextmanager
def _exclusive(part: Path) -> Iterator[None]:
    """Hold the partial upload `part` (created if missing) for one request: the two requests a
    client keeps in flight, on two connections, may reach two threads or two worker processes
    at once. An flock on the file itself; taken again if the file was finished (renamed) or
    removed while this request waited for it."""
    while True:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            else:
                _ONE_AT_A_TIME.acquire()
            try:
                try:
                    same = os.path.samestat(os.fstat(fd), os.stat(part))
                except FileNotFoundError:
                    same = False
                if same:
                    yield
                    return
            finally:
                if fcntl is None:
                    _ONE_AT_A_TIME.release()
        finally:
            os.close(fd)  # releases the flock


@dataclass
class PartialSweeper:
    """Runs `ServerFiles.sweep_partials` at most every `every` seconds (the first call sweeps):
    called when a counter asks which files the server has, so a server that serves no one
    does no work, and one that does sweeps once an hour whatever the number of workers."""

    files: ServerFiles
    days: float = PARTIAL_DAYS
    every: float = SWEEP_EVERY
    clock: Callable[[], float] = time.monotonic
    last: float | None = None
    removed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def maybe(self) -> int:
        with self.lock:
            now = self.clock()
            if self.days <= 0 or (self.last is not None and now - self.last < self.every):
                return 0
            self.last = now
        gone = self.files.sweep_partials(self.days)
        self.removed += gone
        return gone


def partial_days_from_environment() -> float:
    text = os.environ.get(ENV_PARTIAL_DAYS, "")
    try:
        return float(text) if text else PARTIAL_DAYS
    except ValueError:
        return PARTIAL_DAYS


@dataclass(frozen=True)
class SyncedOfficeFiles:
    """The status page's view (`result_files.OfficeFiles`) of the files the counters uploaded:
    by office identifier and hash, read from `ServerFiles`' folder and checked against the hash
    before it is served."""

    files: ServerFiles

    def _office_id(self, office: str) -> int | None:
        with self.files.store.session() as session:
            return session.scalar(select(ServerOffice.id).where(ServerOffice.identifier == office))

    def get(self, office: str, file_hash: str) -> bytes | None:
        office_id = self._office_id(office)
        if office_id is None or not _HASH.fullmatch(file_hash):
            return None
        try:
            data = self.files.final(office_id, file_hash).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == file_hash else None

    def put(self, office: str, data: bytes) -> str:
        office_id = self._office_id(office)
        if office_id is None:
            raise NotFoundError(f"Không có cơ quan {office} trên máy chủ.")
        file_hash = hashlib.sha256(data).hexdigest()
        final = self.files.final(office_id, file_hash)
        if not final.exists():
            final.parent.mkdir(parents=True, exist_ok=True)
            partial = final.with_name(final.name + ".tmp")
            partial.write_bytes(data)
            os.replace(partial, final)
        return file_hash
