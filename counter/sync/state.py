"""What a sync run keeps on the counter: its marks in the settings table, the pulled pages it
stores, and the report of the run (shared by the ordinary sync and the after-restore recovery)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter.db.events import REFERENCE_PREFIX, ingest
from counter.db.models import EventRow, Setting
from counter.domain.dossier import Event, EventType
from counter.domain.numbers import format_decimal, format_size
from counter.domain.validity import REFERENCE_PAYLOADS
from counter.services.backup import PULL_CURSOR, RECOVER_OWN, SYNC_TOKEN
from counter.services.context import Context
from counter.sync import reference

if TYPE_CHECKING:
    from counter.sync.files import FilesReport

# Keys of the `settings` table.
TOKEN = SYNC_TOKEN
OFFICE = "sync.office"
PUSHED = "sync.pushed_seq"  # highest local seq the server has acknowledged
CURSOR = PULL_CURSOR  # highest office seq received
RECOVER = RECOVER_OWN  # set by a restore: office seq after which to take back our own events
LAST_SUCCESS = "sync.last_success"
LAST_ERROR = "sync.last_error"
# Types of pulled events this release cannot apply (a newer release wrote them): JSON list.
UNKNOWN_TYPES = "sync.unknown_types"


def needs_update(types: list[str] | tuple[str, ...]) -> str:
    """What the clerk is told while the counter holds events of types it does not know."""
    names = ", ".join(f"«{t[:30]}»" for t in sorted(types)[:5])
    return (
        f"Quầy đã nhận sự kiện loại {names} mà phiên bản này chưa biết: phần mềm cần được cập "
        "nhật. Các sự kiện đó được giữ lại và sẽ được áp dụng sau khi cập nhật; đồng bộ vẫn "
        "tiếp tục bình thường."
    )


def known_type(kind: str) -> bool:
    return kind in _KNOWN or kind in REFERENCE_PAYLOADS


_KNOWN = frozenset(EventType)
LAST_ATTEMPT = "sync.last_attempt"
CLASHES = "sync.code_clashes"
LAST_FILE = "sync.last_file"  # last exchange with the server by a bundle (its answer taken)
EXCHANGE = "sync.exchange."  # + a counter's device id: the last bundle exchanged with it (JSON)


def setting(session: Session, key: str, default: str = "") -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value


def waiting(session: Session, ctx: Context) -> int:
    """Local events the server has not acknowledged yet."""
    return _own_after(session, ctx, int(setting(session, PUSHED, "0")))


@dataclass(frozen=True)
class Exchange:
    """One partner of this counter in the sync panel: the server or another counter of the
    office, what of this counter's events it still lacks, and the last exchange by each path."""

    counter_no: int  # 0: the server
    waiting: int  # this counter's events it has not confirmed holding
    last_network: str  # "" when never (always "" for another counter)
    last_file: str  # "" when never


def _own_after(session: Session, ctx: Context, seq: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(EventRow)
            .where(EventRow.seq > seq, EventRow.device == ctx.device_id)
        )
        or 0
    )


def exchanges(session: Session, ctx: Context) -> tuple[Exchange, ...]:
    """The server, then every counter this one exchanged bundles with, by counter number."""
    rows = [
        Exchange(
            0, waiting(session, ctx), setting(session, LAST_SUCCESS), setting(session, LAST_FILE)
        )
    ]
    peers = session.scalars(select(Setting).where(Setting.key.startswith(EXCHANGE)))
    for row in sorted(peers, key=lambda r: r.key):
        seen = json.loads(row.value)
        rows.append(
            Exchange(
                int(seen["counter_no"]), _own_after(session, ctx, int(seen["held"])), "", seen["at"]
            )
        )
    return (rows[0], *sorted(rows[1:], key=lambda e: e.counter_no))


def store_pulled(
    session: Session,
    events: list[Event],
    hashes: dict[str, str] | None = None,
    texts: dict[str, str] | None = None,
    heads: dict[str, str] | None = None,
) -> list[Event]:
    """Store a pulled page: dossier events into the log and projection, reference data into
    the catalogue, calendar, office and user tables (last writer wins per item)."""
    new = ingest(session, events, hashes, texts, heads)
    reference.apply_latest(
        session, {e.dossier_id for e in new if e.type.startswith(REFERENCE_PREFIX)}
    )
    return new


@dataclass
class SyncReport:
    pushed: int = 0  # events the server stored for the first time
    repeated: int = 0  # events the server already had (a re-sent batch)
    pulled: int = 0  # events from other counters stored here
    requests: int = 0
    retries: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    seconds: float = 0.0
    clashes: list[str] = field(default_factory=list)  # codes another counter also issued
    recovered: int = 0  # this counter's own events taken back after a restore
    recovered_dossiers: int = 0  # of which dossiers received here (their intake events)
    reference: int = 0  # local changes to reference data recorded for sending
    unknown_types: list[str] = field(default_factory=list)  # held, not applied: update needed
    files: FilesReport | None = None  # the digitised files sent and fetched (sync.files)
    progress: Callable[[str, int], None] | None = field(default=None, repr=False, compare=False)

    def tell(self, stage: str, count: int) -> None:
        if self.progress is not None:
            self.progress(stage, count)

    def summary(self) -> str:
        text = ""
        seconds = format_decimal(self.seconds)
        if self.recovered:
            text = (
                f"Đã lấy lại {self.recovered} sự kiện của quầy này ({self.recovered_dossiers} "
                "hồ sơ tiếp nhận) từ máy chủ sau khi khôi phục. "
            )
        text += (
            f"Đã gửi {self.pushed} sự kiện, nhận {self.pulled} sự kiện "
            f"trong {seconds} giây ({self.requests} lượt gửi/nhận"
        )
        text += f", {self.retries} lần thử lại)." if self.retries else ")."
        text += self._files_summary()
        if self.clashes:
            text += " Mã hồ sơ trùng với quầy khác: " + ", ".join(self.clashes) + "."
        if self.unknown_types:
            text += " " + needs_update(self.unknown_types)
        return text

    def _files_summary(self) -> str:
        """The digitised files the sync moved, and the own files it could not send: the clerk
        who scanned all day sees that the scans left, or that some are gone from this PC."""
        done = self.files
        if done is None:
            return ""
        text = ""
        if done.uploaded:
            text += f" Đã gửi {done.uploaded} tệp số hóa ({format_size(done.bytes_up)})."
        if done.downloaded:
            text += f" Đã tải về {done.downloaded} tệp số hóa ({format_size(done.bytes_down)})."
        if done.missing_here:
            text += (
                f" {done.missing_here} tệp số hóa do quầy này ghi nhận không còn trên máy nên "
                "không gửi được: hãy chạy «counter audit verify» và báo quản trị."
            )
        return text
