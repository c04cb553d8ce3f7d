"""The counter's content-addressed file store: each digitised paper is a file named by its SHA-256,
written whole and flushed to disk before the event that refers to it is stored.

Files are encrypted at rest like the database: AES-256-GCM under a key derived (HKDF-SHA256)
from this installation's database key (counter.db.keys), a fresh 96-bit nonce per file and the
file's name (the plaintext's SHA-256) as associated data, so a file cannot be swapped for
another one under its name. The name stays the plaintext's hash: deduplication, the audit and
sync compare plaintext hashes. A plain file of an earlier release is still read, and encrypted
in place the first time it is read.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from counter.db import keys
from counter.errors import StorageError, os_reason
from counter.paths import private_file

# Files of one database live beside it, in a folder named after it (counter.sqlite3 →
# counter.files/), so the demo office's scans never mix with the office's.
SUFFIX = ".files"


def store_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + SUFFIX)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


SERVER_ONLY = ".server"  # see FileStore.marker
MAGIC = b"CTRFILE1"  # an encrypted file starts with this, then the nonce, then the ciphertext
NONCE = 12


def files_key(db_key: bytes | None = None) -> bytes:
    """The files' AES-256 key, derived from the database key (never stored itself)."""
    base = db_key if db_key is not None else keys.load_key()
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"counter files v1")
    return hkdf.derive(base)


def seal(key: bytes, name: str, data: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, name.encode("ascii"))


def unseal(key: bytes, name: str, blob: bytes) -> bytes | None:
    """The plaintext of a stored file, or None when it does not decrypt (tampered, other key).
    A plain file (no MAGIC) is returned as it is."""
    if not blob.startswith(MAGIC):
        return blob
    body = blob[len(MAGIC) :]
    try:
        return AESGCM(key).decrypt(body[:NONCE], body[NONCE:], name.encode("ascii"))
    except (InvalidTag, ValueError):
        return None


@dataclass(frozen=True)
class FileStore:
    """Files under `root/ab/<hash>` (two-letter fan-out keeps folders small at millions)."""

    root: Path
    key: bytes | None = None  # the files' key (files_key()); None: derived on first use

    def _key(self) -> bytes:
        if self.key is None:
            object.__setattr__(self, "key", files_key())
        assert self.key is not None
        return self.key

    def path(self, file_hash: str) -> Path:
        return self.root / file_hash[:2] / file_hash

    def put(self, data: bytes) -> str:
        """Store `data` (idempotent) and return its hash. The file is readable by this user
        only, and is on disk — its bytes and its name — when this returns."""
        name = digest(data)
        if self.path(name).exists() and self.intact(name):
            return name
        self._write(name, seal(self._key(), name, data))
        return name

    def put_sealed(self, name: str, blob: bytes) -> None:
        """Keep an already encrypted file as it is (a backup's copy, restored)."""
        self._write(name, blob)

    def _write(self, name: str, data: bytes) -> None:
        target = self.path(name)
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
                target.with_name(name + SERVER_ONLY).unlink(missing_ok=True)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            _sync_dir(target.parent)
        except OSError as exc:
            raise StorageError(
                f"Không ghi được tệp số hóa vào {self.root}: {os_reason(exc)}."
            ) from exc

    def has(self, file_hash: str) -> bool:
        return self.path(file_hash).exists()

    def marker(self, file_hash: str) -> Path:
        """Left in a file's place when it was removed to bound the disk: the server has it."""
        return self.path(file_hash).with_name(file_hash + SERVER_ONLY)

    def on_server_only(self, file_hash: str) -> bool:
        return not self.has(file_hash) and self.marker(file_hash).exists()

    def evict(self, file_hash: str) -> None:
        """Remove the file, leaving the marker that says the server holds it."""
        marker = self.marker(file_hash)
        marker.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        marker.touch()
        self.path(file_hash).unlink(missing_ok=True)

    def read(self, file_hash: str) -> bytes:
        """The file's plaintext, checked against its name. A plain file of an earlier release
        is encrypted in place now."""
        try:
            blob = self.path(file_hash).read_bytes()
        except OSError as exc:
            raise StorageError(
                f"Không đọc được tệp số hóa {file_hash[:12]}…: {os_reason(exc)}."
            ) from exc
        data = unseal(self._key(), file_hash, blob)
        if data is None or digest(data) != file_hash:
            raise StorageError(
                f"Tệp số hóa {file_hash[:12]}… đã bị sửa hoặc hỏng (không khớp mã SHA-256)."
            )
        if not blob.startswith(MAGIC):
            self._write(file_hash, seal(self._key(), file_hash, data))
        return data

    def intact(self, file_hash: str) -> bool:
        """Whether the file is there, decrypts, and still has the hash it is named by."""
        try:
            blob = self.path(file_hash).read_bytes()
        except OSError:
            return False
        data = unseal(self._key(), file_hash, blob)
        return data is not None and digest(data) == file_hash

    # A download from the server in progress: its chunks so far, each sealed on its own (a
    # frame: length, nonce, ciphertext), so a restart goes on from the last whole chunk and
    # no plaintext is ever on disk.

    def _partial(self, file_hash: str) -> Path:
        return self.root / ".partial" / file_hash

    def partial_read(self, file_hash: str) -> tuple[bytes, int]:
        """The chunks of an interrupted download and their count ((b"", 0) if none or not
        readable)."""
        try:
            blob = self._partial(file_hash).read_bytes()
        except OSError:
            return b"", 0
        data, pos, index = bytearray(), 0, 0
        while pos + 4 <= len(blob):
            size = int.from_bytes(blob[pos : pos + 4], "big")
            frame = blob[pos + 4 : pos + 4 + size]
            if len(frame) < size:
                break  # a frame cut by the crash: the chunk is fetched again
            part = unseal(self._key(), f"{file_hash}.{index}", MAGIC + frame)
            if part is None:
                return b"", 0
            data += part
            pos, index = pos + 4 + size, index + 1
        return bytes(data), index

    def partial_append(self, file_hash: str, chunk: bytes, index: int) -> None:
        path = self._partial(file_hash)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        frame = seal(self._key(), f"{file_hash}.{index}", chunk)[len(MAGIC) :]
        if index == 0:
            path.unlink(missing_ok=True)
        private_file(path)
        with path.open("ab") as out:
            out.write(len(frame).to_bytes(4, "big") + frame)
            out.flush()
            os.fsync(out.fileno())

    def partial_drop(self, file_hash: str) -> None:
        self._partial(file_hash).unlink(missing_ok=True)

    def names(self) -> list[str]:
        """Every file held (names), in no particular order."""
        if not self.root.is_dir():
            return []
        return [
            p.name
            for sub in self.root.iterdir()
            if sub.is_dir() and len(sub.name) == 2
            for p in sub.iterdir()
            if len(p.name) == 64
        ]


def rekey(root: Path, old_db_key: bytes, new_db_key: bytes) -> int:
    """Re-encrypt the store at `root` from the files' key of `old_db_key` to that of
    `new_db_key` (after `counter key import`); files already under the new key, plain files and
    files neither key opens are left as they are. Returns how many were re-encrypted."""
    old, new = FileStore(root, files_key(old_db_key)), FileStore(root, files_key(new_db_key))
    moved = 0
    for name in old.names():
        blob = old.path(name).read_bytes()
        if not blob.startswith(MAGIC):
            continue
        data = unseal(old._key(), name, blob)
        if data is not None and digest(data) == name:
            new._write(name, seal(new._key(), name, data))
            moved += 1
    return moved


# Backups keep the files in one folder beside the backup databases, shared by all of them: a
# backup copies only the files not there yet (files never change: a name is its content).
BACKUP_FOLDER = "counter-files"


def copy_new(source: Path, target: Path) -> int:
    """Copy the files of store `source` that store `target` lacks, as they are (encrypted),
    each whole or not at all; returns how many were copied."""
    src, dst = FileStore(source), FileStore(target)
    copied = 0
    for name in src.names():
        if dst.has(name):
            continue
        try:
            dst.put_sealed(name, src.path(name).read_bytes())
        except OSError as exc:
            raise StorageError(
                f"Không chép được tệp số hóa {name[:12]}…: {os_reason(exc)}."
            ) from exc
        copied += 1
    return copied


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
