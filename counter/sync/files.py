"""Digitised files in the night's sync, after the events that name them.

Upload: every file named by an attachment event this counter holds (its own scans, and files
it fetched) that the server lacks goes up in pieces of half a chunk (`CHUNK`), two requests in
flight (`WINDOW`, see `_Window`): the next piece is on the wire while the server stores the one
before and answers, across the ends of files too, so the link does not idle between chunks.
The server says how far a partial upload has come, so after a cut connection (the HTTP retry
sends the same piece again) or a restart (the next sync asks first) at most the two pieces in
flight, one chunk's bytes, are sent twice. A mark (`MARK`, the highest event sequence whose file
is on the server) keeps later syncs from asking again about old files.

Download: another counter's file is fetched when it is opened (`fetch`), or during sync when
the admin turned on "fetch in advance" (`PREFETCH`); after the first chunk (which says the
file's size) two chunk requests are in flight, kept here in order. Both directions keep within
the bandwidth cap the admin sets (`CAP`, kbit/s; one token bucket in front of every request,
taken by the one thread that sends them, so the cap holds for both requests together).

Why two requests in flight, not larger chunks or one streamed request per file: at 2 Mbit/s
a 256 KB chunk takes ~1 s and the server's answer (append, fsync, the hash check of a file's
last chunk) plus the next request's start took ~0.15 s on a loaded machine, with the link idle
meanwhile: 80 s in the 100 MB run (README, issue 18). Larger chunks only shorten that share
and make the bytes sent twice after a cut larger; a streamed request per file keeps the gap
between files (~300 files of ~340 KB) and leaves the client far ahead of what the server
stored (socket buffers), so a cut would cost more than a chunk. Two requests of half a chunk
each keep the link busy as long as an answer takes less than half a chunk's time on the wire,
and what is in flight (so sent again after a cut) stays one chunk's bytes, as before.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter.db.models import Dossier, EventRow
from counter.domain.dossier import CLOSED, EventType
from counter.errors import PermissionDenied, StorageError, ValidationError
from counter.services import attachments
from counter.services.context import Context
from counter.services.files import digest
from counter.services.status_link import SERVER
from counter.sync.protocol import CHECK_BATCH, CHUNK
from counter.sync.state import TOKEN, set_setting, setting
from counter.sync.transport import HttpSession, RetryPolicy, SyncError

if TYPE_CHECKING:
    import httpx

MARK = "sync.files_mark"
CAP = "sync.files_cap_kbit"  # the admin's bandwidth cap for files, kbit/s; "" or 0: none
PREFETCH = "sync.files_prefetch"  # "1": fetch the other counters' files during sync
# The most digitised files (MB) an answer bundle brought by USB may carry to this counter; ""
# means BUNDLE_MB_DEFAULT. What does not fit comes with the next answer.
BUNDLE_MB = "sync.files_bundle_mb"
BUNDLE_MB_DEFAULT = 100
# Months after which the files of a closed dossier live on the server only; "" or 0: keep all.
KEEP_MONTHS = "sync.files_local_months"
WINDOW = 2  # file requests in flight at once, each way (an upload's carry chunk // WINDOW bytes)

K = TypeVar("K")
R = TypeVar("R")


class _Window(Generic[K, R]):
    """Up to `size` requests in flight, each in a thread of its own (so on its own connection
    of the session's pool); their answers are taken in the order they were sent. The caller's
    thread prepares the next request (reads the file, takes the bandwidth tokens) while the
    others are on the wire. Leaving it waits for the requests already sent (at most `size`)."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self.pool = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="files")
        self.flying: deque[tuple[K, Future[R]]] = deque()

    def __enter__(self) -> _Window[K, R]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.pool.shutdown(wait=True)

    def full(self) -> bool:
        return len(self.flying) >= self.size

    def send(self, key: K, job: Callable[[], R]) -> None:
        self.flying.append((key, self.pool.submit(job)))

    def next(self) -> tuple[K, R]:
        """The oldest request's answer (its exception, raised here)."""
        key, future = self.flying.popleft()
        return key, future.result()


class TokenBucket:
    """At most `rate` bytes a second on average, bursts of up to `burst` bytes."""

    def __init__(
        self,
        rate: float,
        burst: int = CHUNK,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate, self.burst = rate, burst
        self.clock, self.sleep = clock, sleep
        self.tokens = float(burst)
        self.last = clock()
        self.waited = 0.0

    def take(self, size: int) -> None:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        self.tokens -= size
        if self.tokens < 0:
            wait = -self.tokens / self.rate
            self.waited += wait
            self.sleep(wait)
            self.last = self.clock()
            self.tokens = 0.0


def bucket_for(ctx: Context) -> TokenBucket | None:
    with ctx.db.session() as session:
        text = setting(session, CAP, "")
    kbit = int(text) if text.isdigit() else 0
    return TokenBucket(kbit * 1000 / 8) if kbit > 0 else None


def _admin_sets(ctx: Context, key: str, value: int, what: str) -> None:
    if not ctx.actor.has_role("admin"):
        raise PermissionDenied(f"Chỉ quản trị viên được đặt {what}.")
    if value < 0:
        raise ValidationError(f"{what.capitalize()} không được âm.", field=key)
    with ctx.db.unit_of_work() as session:
        set_setting(session, key, str(value))


def set_cap(ctx: Context, kbit: int) -> None:
    """The admin's bandwidth cap for files (kbit/s; 0 removes it)."""
    _admin_sets(ctx, CAP, kbit, "giới hạn băng thông")


def set_prefetch(ctx: Context, on: bool) -> None:
    """The admin's "fetch in advance": the other counters' files come with the night's sync."""
    _admin_sets(ctx, PREFETCH, int(on), "việc tải trước tệp số hóa")


def set_bundle_mb(ctx: Context, mb: int) -> None:
    """The admin's size cap for the files an answer bundle (USB) brings to this counter."""
    _admin_sets(ctx, BUNDLE_MB, mb, "giới hạn dung lượng tệp số hóa trong tệp trả lời")


def bundle_mb(session: Session) -> int:
    text = setting(session, BUNDLE_MB, "")
    return int(text) if text.isdigit() else BUNDLE_MB_DEFAULT


def set_keep_months(ctx: Context, months: int) -> None:
    """The admin's disk bound: files of dossiers closed more than `months` ago (0: never)."""
    _admin_sets(ctx, KEEP_MONTHS, months, "thời hạn giữ tệp trên máy")


def evict(ctx: Context) -> int:
    """Remove here the files of dossiers closed more than the set months ago that the server
    has (their events are at or before the upload mark); a marker says so to the audit and
    the file is fetched again when opened. A file that a dossier still open here (or closed
    more recently) names is kept. Returns how many were removed."""
    with ctx.db.session() as session:
        text = setting(session, KEEP_MONTHS, "")
        mark = int(setting(session, MARK, "0"))
        months = int(text) if text.isdigit() else 0
        if months <= 0 or mark <= 0:
            return 0
        cutoff = (ctx.now() - timedelta(days=30 * months)).isoformat(sep=" ")[:19]
        ended = func.coalesce(Dossier.closed_at, Dossier.returned_at)
        rows = session.execute(
            select(EventRow.seq, EventRow.payload, Dossier.status, ended)
            .join(Dossier, Dossier.id == EventRow.dossier_id)
            .where(EventRow.type == EventType.ATTACHMENT_ADDED)
        ).all()
    old: set[str] = set()
    keep: set[str] = set()
    for seq, payload, status, end in rows:
        name = str(json.loads(payload).get("file", ""))
        if seq <= mark and status in CLOSED and end is not None and end < cutoff:
            old.add(name)
        else:
            keep.add(name)
    store = attachments.store(ctx)
    gone = [h for h in old - keep if store.has(h)]
    for h in gone:
        store.evict(h)
    return len(gone)


@dataclass
class FilesReport:
    uploaded: int = 0  # files the server did not have, sent whole
    chunks: int = 0  # chunks the server acknowledged
    resent: int = 0  # chunk requests sent again after a failure (a cut connection)
    bytes_up: int = 0
    downloaded: int = 0
    bytes_down: int = 0
    missing_here: int = 0  # own files named by events but not in the store (audit says more)
    evicted: int = 0  # removed here (closed dossiers past the set months; the server has them)


def _attachment_files(ctx: Context, after: int) -> list[tuple[int, str]]:
    with ctx.db.session() as session:
        rows = session.execute(
            select(EventRow.seq, EventRow.payload)
            .where(EventRow.type == EventType.ATTACHMENT_ADDED, EventRow.seq > after)
            .order_by(EventRow.seq)
        ).all()
    return [(seq, str(json.loads(text).get("file", ""))) for seq, text in rows]


def _batches(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), CHECK_BATCH):
        yield items[i : i + CHECK_BATCH]


def upload(
    ctx: Context,
    http: HttpSession,
    report: FilesReport,
    *,
    chunk: int = CHUNK,
    bucket: TokenBucket | None = None,
) -> None:
    files = attachments.store(ctx)
    with ctx.db.session() as session:
        mark = int(setting(session, MARK, "0"))
    rows = _attachment_files(ctx, mark)
    if not rows:
        return
    here = list(dict.fromkeys(h for _seq, h in rows if files.has(h)))
    with ctx.db.session() as session:
        own = {
            str(json.loads(p).get("file", ""))
            for p in session.scalars(
                select(EventRow.payload).where(
                    EventRow.type == EventType.ATTACHMENT_ADDED,
                    EventRow.seq > mark,
                    EventRow.device == ctx.device_id,
                )
            )
        }
    report.missing_here += len(own - set(here))
    for batch in _batches(here):
        answer = http.call("POST", "/v1/files/check", json={"hashes": batch})
        present = set(answer["present"])
        partials = {str(k): int(v) for k, v in answer["partial"].items()}
        todo = [(h, partials.get(h, 0)) for h in batch if h not in present]
        left = _send_all(http, files.read, todo, chunk, bucket, report)
        if left:
            # A piece the server did not take (it came too far ahead, or the upload was
            # changed meanwhile): those files go on one chunk at a time from where it stands.
            answer = http.call("POST", "/v1/files/check", json={"hashes": left})
            present = set(answer["present"])
            partials = {str(k): int(v) for k, v in answer["partial"].items()}
            for h in left:
                if h in present:
                    report.uploaded += 1
                else:
                    _send(http, h, files.read(h), partials.get(h, 0), chunk, bucket, report)
    with ctx.db.unit_of_work() as session:
        set_setting(session, MARK, str(rows[-1][0]))


def _put(http: HttpSession, file_hash: str, offset: int, size: int, piece: bytes) -> Any:
    return http.call_counted(
        "PUT",
        f"/v1/files/{file_hash}",
        params={"offset": offset, "size": size},
        content=piece,
        headers={"Content-Type": "application/octet-stream"},
    )


def _send_all(
    http: HttpSession,
    read: Callable[[str], bytes],
    todo: list[tuple[str, int]],
    chunk: int,
    bucket: TokenBucket | None,
    report: FilesReport,
    window: int = WINDOW,
) -> list[str]:
    """The files of `todo` (hash, where the server's partial upload stands), in pieces of
    chunk // window bytes, `window` requests in flight: the piece after one whose answer is
    pending is already on its way, also when it begins the next file. The files the server did
    not finish (a piece it did not take) are returned."""
    piece = max(1, chunk // window)
    finished: set[str] = set()
    stopped: set[str] = set()

    def settle(key: tuple[str, int, int], result: tuple[dict[str, Any], int]) -> None:
        (h, offset, length), (answer, retries) = key, result
        report.chunks += 1
        report.resent += retries
        report.bytes_up += length * (1 + retries)
        if answer["complete"]:
            if h not in finished:
                finished.add(h)
                report.uploaded += 1
        elif max(int(answer["offset"]), int(answer.get("held", 0))) < offset + length:
            stopped.add(h)  # not taken: no more pieces of it in this pass

    with _Window[tuple[str, int, int], tuple[dict[str, Any], int]](window) as flight:
        for h, offset in todo:
            data = read(h)
            while offset < len(data) and h not in stopped:
                while flight.full():
                    settle(*flight.next())
                body = data[offset : offset + piece]
                if bucket is not None:
                    bucket.take(len(body))
                flight.send((h, offset, len(body)), partial(_put, http, h, offset, len(data), body))
                offset += len(body)
        while flight.flying:
            settle(*flight.next())
    return [h for h, _offset in todo if h not in finished]


def _send(
    http: HttpSession,
    file_hash: str,
    data: bytes,
    offset: int,
    chunk: int,
    bucket: TokenBucket | None,
    report: FilesReport,
) -> None:
    while True:
        piece = data[offset : offset + chunk]
        if bucket is not None:
            bucket.take(len(piece))
        answer, retries = _put(http, file_hash, offset, len(data), piece)
        report.chunks += 1
        report.resent += retries
        report.bytes_up += len(piece) * (1 + retries)
        if answer["complete"]:
            report.uploaded += 1
            return
        offset = int(answer["offset"])


def _get(http: HttpSession, file_hash: str, offset: int, length: int) -> httpx.Response:
    response: httpx.Response = http.call(
        "GET", f"/v1/files/{file_hash}", raw=True, params={"offset": offset, "length": length}
    )
    return response


def download(
    ctx: Context,
    http: HttpSession,
    file_hash: str,
    report: FilesReport,
    *,
    chunk: int = CHUNK,
    bucket: TokenBucket | None = None,
    window: int = WINDOW,
) -> None:
    """Fetch one file, check its hash, store it (encrypted) here. Each chunk is kept as it
    arrives, so a download cut by a restart goes on from the last whole chunk. The first
    request says the file's size; the others go `window` at a time, kept in order."""
    store = attachments.store(ctx)
    kept, index = store.partial_read(file_hash)
    data = bytearray(kept)

    def get(offset: int) -> httpx.Response:
        if bucket is not None:
            bucket.take(chunk)
        return _get(http, file_hash, offset, chunk)

    def keep(content: bytes) -> None:
        nonlocal index
        data.extend(content)
        report.bytes_down += len(content)
        if content:
            store.partial_append(file_hash, content, index)
            index += 1

    response = get(len(data))
    keep(response.content)
    size = int(response.headers.get("x-file-size", "0"))
    if response.content and len(data) < size:
        with _Window[int, "httpx.Response"](window) as flight:
            asked = len(data)
            while True:
                while asked < size and not flight.full():
                    if bucket is not None:
                        bucket.take(min(chunk, size - asked))
                    flight.send(asked, partial(_get, http, file_hash, asked, chunk))
                    asked += chunk
                if not flight.flying:
                    break
                offset, response = flight.next()
                if offset != len(data) or not response.content:
                    break  # a short answer before it: the rest one at a time, below
                keep(response.content)
    while len(data) < size and response.content:  # what the window did not bring
        response = get(len(data))
        keep(response.content)
    if digest(bytes(data)) != file_hash:
        store.partial_drop(file_hash)
        raise SyncError(
            f"Tệp số hóa {file_hash[:12]}… tải về không khớp mã SHA-256; không lưu. Hãy báo "
            "cho quản trị viên máy chủ."
        )
    store.put(bytes(data))
    store.partial_drop(file_hash)
    report.downloaded += 1


def prefetch(
    ctx: Context, http: HttpSession, report: FilesReport, *, bucket: TokenBucket | None = None
) -> None:
    """Every file named by an event here that is not here yet ("fetch in advance")."""
    files = attachments.store(ctx)
    wanted = dict.fromkeys(
        h
        for _seq, h in _attachment_files(ctx, 0)
        if not files.has(h) and not files.on_server_only(h)
    )
    for h in wanted:
        try:
            download(ctx, http, h, report, bucket=bucket)
        except SyncError as exc:
            if "chưa có tệp" not in exc.message:  # not uploaded yet by its counter: next time
                raise


def sync_files(
    ctx: Context, http: HttpSession, *, chunk: int = CHUNK, bucket: TokenBucket | None = None
) -> FilesReport:
    """The files' part of the night's sync: upload, then the advance fetch if it is on."""
    report = FilesReport()
    bucket = bucket or bucket_for(ctx)
    upload(ctx, http, report, chunk=chunk, bucket=bucket)
    with ctx.db.session() as session:
        ahead = setting(session, PREFETCH, "0") == "1"
    if ahead:
        prefetch(ctx, http, report, bucket=bucket)
    report.evicted = evict(ctx)
    return report


def fetch(
    ctx: Context,
    file_hash: str,
    *,
    policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
) -> FilesReport:
    """Fetch a file scanned on another counter now (it is being opened)."""
    with ctx.db.session() as session:
        server_url, token = setting(session, SERVER), setting(session, TOKEN)
    if not token:
        raise StorageError("Quầy chưa đăng ký đồng bộ nên không tải được tệp của quầy khác.")
    report = FilesReport()
    http = HttpSession(server_url, token, policy or RetryPolicy(attempts=3), transport)
    try:
        download(ctx, http, file_hash, report, bucket=bucket_for(ctx))
    finally:
        http.close()
    return report
