"""The server's files of an office, as the status page reads them: `get(office, hash)`.

The status page serves a citizen's electronic result by the hash its `attachment_added`
event names. It reads through `OfficeFiles` only, so the file sync between counters and the
server (which uploads files by hash into the server's storage) plugs in behind the same two
calls; `LocalOfficeFiles` is the storage on the server's disk, one content-addressed store per
office (counter.services.files.FileStore), which that sync can write into with `put`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from counter.errors import StorageError
from counter.services.files import FileStore, digest

_HASH = re.compile(r"[0-9a-f]{64}")
# Where the server keeps the offices' files when its database is not a file (PostgreSQL).
ENV = "COUNTER_SERVER_FILES"


class OfficeFiles(Protocol):
    def get(self, office: str, file_hash: str) -> bytes | None:
        """The file's bytes if this office's storage holds it intact, else None."""
        ...

    def put(self, office: str, data: bytes) -> str:
        """Store a file of this office (idempotent); its SHA-256."""
        ...


@dataclass(frozen=True)
class LocalOfficeFiles:
    root: Path

    def _store(self, office: str) -> FileStore:
        # Office identifiers are "000.00.12.H40": dots and letters, safe as a folder name.
        safe = re.sub(r"[^0-9A-Za-z.]", "_", office)
        return FileStore(self.root / safe)

    def get(self, office: str, file_hash: str) -> bytes | None:
        if not _HASH.fullmatch(file_hash):
            return None
        files = self._store(office)
        try:
            data = files.read(file_hash)
        except StorageError:
            return None
        return data if digest(data) == file_hash else None  # a damaged copy is not served

    def put(self, office: str, data: bytes) -> str:
        return self._store(office).put(data)
