"""The counter's content-addressed file store: each digitised paper is a file named by its SHA-256,
written whole and flushed to disk before the event that refers to it is stored."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from counter.errors import StorageError

# Files of one database live beside it, in a folder named after it (counter.sqlite3 →
# counter.files/), so the demo office's scans never mix with the office's.
SUFFIX = ".files"


def store_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + SUFFIX)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileStore:
    """Files under `root/ab/<hash>` (two-letter fan-out keeps folders small at millions)."""

    root: Path

    def path(self, file_hash: str) -> Path:
        return self.root / file_hash[:2] / file_hash

    def put(self, data: bytes) -> str:
        """Store `data` (idempotent) and return its hash. The file is readable by this user
        only, and is on disk — its bytes and its name — when this returns."""
        name = digest(data)
        target = self.path(name)
        if target.exists() and self.intact(name):
            return name
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # mkstemp creates the file 0600: scans of ID cards are for this user only.
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _sync_dir(target.parent)
        except OSError as exc:
            raise StorageError(
                f"Không ghi được tệp số hóa vào {self.root}: {exc.strerror}"
            ) from exc
        return name

    def read(self, file_hash: str) -> bytes:
        try:
            return self.path(file_hash).read_bytes()
        except OSError as exc:
            raise StorageError(
                f"Không đọc được tệp số hóa {file_hash[:12]}…: {exc.strerror}"
            ) from exc

    def intact(self, file_hash: str) -> bool:
        """Whether the file is there and still has the hash it is named by."""
        h = hashlib.sha256()
        try:
            with self.path(file_hash).open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
        except OSError:
            return False
        return h.hexdigest() == file_hash


def _sync_dir(path: Path) -> None:
    # The rename is durable only once the folder's entry is flushed (POSIX; Windows has no
    # directory handles to flush and commits the rename itself).
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
