"""The counter's side of sync: enrolment, push of unsent events, pull of the office's events."""

from __future__ import annotations

import json
import random
import secrets
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter.db.events import REFERENCE_PREFIX, ingest
from counter.db.models import Device, EventRow, Setting
from counter.db.wire import row_to_wire
from counter.domain.dossier import Event, EventType
from counter.domain.hlc import Timestamp
from counter.errors import CounterError, ValidationError
from counter.services import office
from counter.services.backup import (
    BRANCH_ENDS,
    PULL_CURSOR,
    RECOVER_HEAD,
    RECOVER_OWN,
    SYNC_TOKEN,
)
from counter.services.context import Context
from counter.services.status_link import SERVER, STATUS_KEY
from counter.sync import reference
from counter.sync.protocol import (
    PROTOCOL_VERSION,
    PULL_PAGE,
    PUSH_BATCH,
    decode_events,
    gzip_json,
)

# Keys of the `settings` table.
TOKEN = SYNC_TOKEN
OFFICE = "sync.office"
PUSHED = "sync.pushed_seq"  # highest local seq the server has acknowledged
CURSOR = PULL_CURSOR  # highest office seq received
RECOVER = RECOVER_OWN  # set by a restore: office seq after which to take back our own events
LAST_SUCCESS = "sync.last_success"
LAST_ERROR = "sync.last_error"
LAST_ATTEMPT = "sync.last_attempt"
CLASHES = "sync.code_clashes"


class SyncError(CounterError):
    """Sync did not finish; the message says why in plain words. Safe to run again."""


class NotRegistered(SyncError):
    """This counter has no device token yet: `counter register` (or Đồng bộ → Đăng ký) first."""


# --- settings --------------------------------------------------------------------------------


def _get(session: Session, key: str, default: str = "") -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else default


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value


def _stamp(ctx: Context) -> str:
    return ctx.now().replace(microsecond=0).isoformat(sep=" ")


# --- status for the window -------------------------------------------------------------------


@dataclass(frozen=True)
class SyncStatus:
    registered: bool
    server: str
    office: str
    counter_no: int
    last_success: str  # "" when never
    last_attempt: str
    waiting: int  # local events the server has not acknowledged
    last_error: str  # plain Vietnamese, "" after a success
    code_clashes: tuple[str, ...] = ()  # codes the server reported as issued twice
    recovering: bool = False  # restored from a backup; own events not yet taken back


def _waiting(session: Session, ctx: Context) -> int:
    pushed = int(_get(session, PUSHED, "0"))
    return int(
        session.scalar(
            select(func.count())
            .select_from(EventRow)
            .where(EventRow.seq > pushed, EventRow.device == ctx.device_id)
        )
        or 0
    )


def status(ctx: Context) -> SyncStatus:
    """What "Đồng bộ ngay" shows: last success, events waiting, the last error."""
    with ctx.db.session() as session:
        return SyncStatus(
            registered=bool(_get(session, TOKEN)),
            server=_get(session, SERVER),
            office=_get(session, OFFICE),
            counter_no=ctx.counter_no,
            last_success=_get(session, LAST_SUCCESS),
            last_attempt=_get(session, LAST_ATTEMPT),
            waiting=_waiting(session, ctx),
            last_error=_get(session, LAST_ERROR),
            code_clashes=tuple(json.loads(_get(session, CLASHES, "[]"))),
            recovering=session.get(Setting, RECOVER) is not None,
        )


# --- HTTP with retries -----------------------------------------------------------------------


@dataclass
class RetryPolicy:
    attempts: int = 6
    base_delay: float = 1.0  # seconds; doubles each time, with jitter
    max_delay: float = 60.0
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep


_SSL: list[ssl.SSLContext] = []


def ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for the process: loading the CA bundle costs ~0.1 s, too much
    to repeat for every sync run (the window's "Đồng bộ ngay", tests)."""
    if not _SSL:
        _SSL.append(ssl.create_default_context())
    return _SSL[0]


class _Transient(Exception):
    """A failure worth retrying: no connection, timeout, dropped answer, 5xx, 429."""

    def __init__(self, message: str, wait: float = 0.0) -> None:
        super().__init__(message)
        self.wait = wait  # the server's Retry-After, at least this long before the next try


def _explain(exc: BaseException) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "Máy chủ không trả lời kịp (hết thời gian chờ). Đường truyền có thể đang chậm."
    if isinstance(exc, httpx.ConnectError):
        return "Không kết nối được tới máy chủ đồng bộ. Hãy kiểm tra mạng Internet."
    if isinstance(exc, httpx.TransportError):
        return "Kết nối tới máy chủ bị ngắt giữa chừng."
    return str(exc) or "Lỗi không xác định khi đồng bộ."


class _Session:
    """One sync run's HTTP client: authorised, gzip both ways, retried with backoff."""

    def __init__(
        self,
        base_url: str,
        token: str,
        policy: RetryPolicy,
        transport: httpx.BaseTransport | None,
    ) -> None:
        self.policy = policy
        headers = {"Accept-Encoding": "gzip"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            verify=ssl_context(),
            timeout=policy.timeout,
            transport=transport,
        )
        self.requests = 0
        self.bytes_sent = 0
        self.bytes_received = 0
        self.retries = 0

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, url: str, **kwargs: Any) -> Any:
        message = "Đồng bộ thất bại."
        wait = 0.0
        for attempt in range(self.policy.attempts):
            if attempt:
                self.retries += 1
                delay = min(self.policy.max_delay, self.policy.base_delay * 2 ** (attempt - 1))
                self.policy.sleep(max(wait, delay * (0.5 + random.random() / 2)))
            try:
                return self._once(method, url, **kwargs)
            except _Transient as exc:
                message = str(exc)
                wait = exc.wait
        raise SyncError(message)

    def _once(self, method: str, url: str, **kwargs: Any) -> Any:
        self.requests += 1
        try:
            response = self.http.request(method, url, **kwargs)
            body = response.read()
        except (httpx.TransportError, OSError) as exc:
            raise _Transient(_explain(exc)) from exc
        self.bytes_sent += len(kwargs.get("content", b""))
        self.bytes_received += int(response.num_bytes_downloaded)
        if response.status_code == 429:
            # Too many failed attempts from this address (see SECURITY.md): say so, and do not
            # keep knocking when the server asks for a longer wait than a retry would give.
            message = _detail(body) or "Máy chủ đồng bộ tạm thời từ chối vì có quá nhiều yêu cầu."
            wait = response.headers.get("retry-after", "")
            if wait.isdigit() and int(wait) > self.policy.max_delay:
                raise SyncError(message)
            raise _Transient(message, float(wait) if wait.isdigit() else 0.0)
        if response.status_code >= 500:
            raise _Transient(f"Máy chủ đồng bộ đang gặp sự cố (mã {response.status_code}).")
        try:
            data = json.loads(body) if body else {}
        except ValueError as exc:
            raise _Transient("Máy chủ trả về dữ liệu không đọc được.") from exc
        if response.status_code in (401, 403):
            raise SyncError(data.get("detail") or "Máy chủ từ chối quầy này; hãy đăng ký lại.")
        if response.status_code >= 400:
            raise SyncError(
                data.get("detail") or f"Máy chủ từ chối yêu cầu (mã {response.status_code})."
            )
        return data


def _detail(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    detail = data.get("detail") if isinstance(data, dict) else None
    return detail if isinstance(detail, str) else ""


# --- enrolment -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    office_identifier: str
    office_name: str
    counter_no: int
    # The office's settings, accounts and catalogue arrived with the registration (a server
    # that holds the office); False for a counter that already had its office.
    office_received: bool = False


def _confirm_token(
    server_url: str, token: str, policy: RetryPolicy, transport: httpx.BaseTransport | None
) -> None:
    """The counter is registered only once the server accepts its token: an empty pull past
    the end of the log, which any server version answers."""
    http = _Session(server_url, token, policy, transport)
    try:
        http.call("GET", "/v1/pull", params={"after": 2**62, "limit": 1})
    except SyncError as exc:
        raise SyncError(
            "Máy chủ đã cấp mã truy cập nhưng không chấp nhận nó khi thử lại; quầy chưa được "
            f"đăng ký. Hãy xin mã đăng ký mới và đăng ký lại. ({exc})"
        ) from None
    finally:
        http.close()


def register(
    ctx: Context,
    server_url: str,
    code: str,
    *,
    policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
) -> Registration:
    """Enrol this counter with a one-time code; takes the counter number the server assigns."""
    server_url = server_url.strip().rstrip("/")
    if not server_url.startswith(("http://", "https://")):
        raise ValidationError(
            "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.", field="server"
        )
    with ctx.db.session() as session:
        local_office = office.get_settings(session).identifier if office.has_office(session) else ""
        device_name = f"Quầy {ctx.counter_no}"
    policy = policy or RetryPolicy(attempts=3)
    http = _Session(server_url, "", policy, transport)
    try:
        # One nonce for this request and all its retries: every copy earns the same token.
        data = http.call(
            "POST",
            "/v1/enroll",
            json={
                "code": code,
                "device_id": ctx.device_id,
                "name": device_name,
                "nonce": secrets.token_urlsafe(24),
                "protocol": PROTOCOL_VERSION,
            },
        )
    finally:
        http.close()
    _confirm_token(server_url, data["token"], policy, transport)
    identifier = data["office"]["identifier"]
    if local_office and local_office != identifier:
        raise ValidationError(
            f"Mã đăng ký thuộc cơ quan «{identifier}», nhưng quầy này đang thiết lập cho cơ quan "
            f"«{local_office}».",
            field="code",
        )
    with ctx.db.unit_of_work() as session:
        # Enrolling again may mean a new or restored server that lacks some of this counter's
        # events and numbers its log differently: send everything and receive everything once
        # more (both sides skip what they already have).
        for key in (PUSHED, CURSOR):
            row = session.get(Setting, key)
            if row is not None:
                session.delete(row)
        if session.get(Setting, RECOVER) is not None:
            _put(session, RECOVER, "0")  # the server may number its log differently too
        _put(session, SERVER, server_url)
        _put(session, TOKEN, data["token"])
        _put(session, OFFICE, identifier)
        _put(session, STATUS_KEY, data["status_key"])
    office.assign_counter_number(ctx, int(data["counter_no"]))
    received = False
    if not local_office:
        # A new PC takes the office the server holds (header, hours, accounts, catalogue)
        # now, so its first intake already carries the office's identifier.
        try:
            sync_now(ctx, policy=policy, transport=transport)
        except SyncError as exc:
            raise SyncError(
                "Đã đăng ký nhưng chưa tải được thông tin cơ quan từ máy chủ: "
                f"{exc.message} Hãy đồng bộ lại trước khi tiếp nhận hồ sơ."
            ) from None
        with ctx.db.session() as session:
            received = office.has_office(session)
    return Registration(identifier, data["office"]["name"], int(data["counter_no"]), received)


# --- sync ------------------------------------------------------------------------------------


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
    progress: Callable[[str, int], None] | None = field(default=None, repr=False, compare=False)

    def _tell(self, stage: str, count: int) -> None:
        if self.progress is not None:
            self.progress(stage, count)

    def summary(self) -> str:
        text = ""
        if self.recovered:
            text = (
                f"Đã lấy lại {self.recovered} sự kiện của quầy này ({self.recovered_dossiers} "
                "hồ sơ tiếp nhận) từ máy chủ sau khi khôi phục. "
            )
        text += (
            f"Đã gửi {self.pushed} sự kiện, nhận {self.pulled} sự kiện "
            f"trong {self.seconds:.1f} giây ({self.requests} lượt gửi/nhận"
        )
        text += f", {self.retries} lần thử lại)." if self.retries else ")."
        if self.clashes:
            text += " Mã hồ sơ trùng với quầy khác: " + ", ".join(self.clashes) + "."
        return text


def sync_now(
    ctx: Context,
    *,
    policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
    batch: int = PUSH_BATCH,
    page: int = PULL_PAGE,
    progress: Callable[[str, int], None] | None = None,
) -> SyncReport:
    """Push every unsent local event, then pull until up to date.

    After a restore from a backup (see `backup.restore`) it first takes back this counter's own
    events that the backup lacks (`_recover`), so nothing else is sent or received before the
    counter knows every code it has issued.

    Resumable: the push mark moves only after the server acknowledged a batch, the pull cursor
    only in the transaction that stored the page, so an interruption anywhere repeats at most
    one batch, which both sides ignore by event id. Raises SyncError (message for the clerk)
    and records it for `status()`. `progress(stage, count)` is called after each batch
    ("push", events sent so far) and page ("recover", "pull": events received so far), from
    the calling thread: the window re-emits it as a signal.
    """
    started = time.perf_counter()
    with ctx.db.unit_of_work() as session:
        server_url = _get(session, SERVER)
        token = _get(session, TOKEN)
        _put(session, LAST_ATTEMPT, _stamp(ctx))
    if not token:
        raise NotRegistered(
            "Quầy chưa đăng ký với máy chủ đồng bộ. Hãy chạy «counter register --server … --code …»."
        )
    report = SyncReport()
    report.progress = progress
    http = _Session(server_url, token, policy or RetryPolicy(), transport)
    try:
        _recover(ctx, http, report, page)
        with ctx.db.session() as session:
            first = session.get(Setting, CURSOR) is None
        if first:
            # A new counter adopts the office's reference data before offering its own: its
            # bundled catalogue must not overwrite what the office has edited since.
            _pull(ctx, http, report, page)
        with ctx.db.unit_of_work() as session:
            report.reference = reference.record_changes(session, ctx)
        _push(ctx, http, report, batch)
        _pull(ctx, http, report, page)
    except SyncError as exc:
        _record_error(ctx, exc.message)
        raise
    except (KeyError, TypeError, ValueError) as exc:
        message = "Máy chủ trả về dữ liệu không đúng định dạng đồng bộ."
        _record_error(ctx, message)
        raise SyncError(message) from exc
    finally:
        http.close()
        report.requests = http.requests
        report.retries = http.retries
        report.bytes_sent = http.bytes_sent
        report.bytes_received = http.bytes_received
        report.seconds = time.perf_counter() - started
    with ctx.db.unit_of_work() as session:
        _put(session, LAST_SUCCESS, _stamp(ctx))
        _put(session, LAST_ERROR, "")
    return report


def _record_error(ctx: Context, message: str) -> None:
    with ctx.db.unit_of_work() as session:
        _put(session, LAST_ERROR, message)


def _push(ctx: Context, http: _Session, report: SyncReport, batch: int) -> None:
    while True:
        with ctx.db.session() as session:
            pushed = int(_get(session, PUSHED, "0"))
            rows = list(
                session.scalars(
                    select(EventRow)
                    .where(EventRow.seq > pushed, EventRow.device == ctx.device_id)
                    .order_by(EventRow.seq)
                    .limit(batch)
                )
            )
        if not rows:
            return
        # Payloads travel as the stored JSON text: the server and the other counters keep the
        # very bytes this counter hashed.
        body = gzip_json({"events": [row_to_wire(r) for r in rows]})
        data = http.call(
            "POST",
            "/v1/push",
            content=body,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )
        report.pushed += int(data["accepted"])
        report.repeated += int(data["repeated"])
        report._tell("push", report.pushed + report.repeated)
        codes = [str(c["code"]) for c in data.get("clashes", [])]
        report.clashes.extend(codes)
        with ctx.db.unit_of_work() as session:
            _put(session, PUSHED, str(rows[-1].seq))
            if codes:
                known = json.loads(_get(session, CLASHES, "[]"))
                _put(session, CLASHES, json.dumps(sorted({*known, *codes}), ensure_ascii=False))


def _pull(ctx: Context, http: _Session, report: SyncReport, page: int) -> None:
    while True:
        with ctx.db.session() as session:
            cursor = int(_get(session, CURSOR, "0"))
        data = http.call("GET", "/v1/pull", params={"after": cursor, "limit": page})
        events, hashes, texts = decode_events(data["events"])
        with ctx.db.unit_of_work() as session:
            new = store_pulled(session, events, hashes, texts)
            _put(session, CURSOR, str(int(data["cursor"])))
        report.pulled += len(new)
        report._tell("pull", report.pulled)
        if new:
            ctx.clock.observe(Timestamp.decode(max(e.hlc for e in new)))
        if not data["more"]:
            return


SERVER_CANNOT_RECOVER = (
    "Máy chủ đồng bộ chưa hỗ trợ lấy lại dữ liệu của quầy sau khi khôi phục. Hãy nhờ quản trị "
    "máy chủ nâng cấp, rồi đồng bộ lại trước khi tiếp nhận hồ sơ mới."
)


def _recover(ctx: Context, http: _Session, report: SyncReport, page: int) -> None:
    """Take back this counter's own events after a restore: pull from the office cursor the
    restore recorded, with the counter's own events included, until caught up.

    Every page is stored like a pulled one (by event id, so what the backup already holds is
    skipped; the own events continue this device's hash chain from where the backup left it)
    and moves the recovery mark in the same transaction, so an interruption resumes from the
    last stored page. The ordinary cursor follows when the recovery covers it (the page brings
    the other counters' events too), never backwards; the flag goes once caught up.
    """
    while True:
        with ctx.db.session() as session:
            mark = _get(session, RECOVER)
        if not mark:
            return
        after = int(mark)
        data = http.call("GET", "/v1/pull", params={"after": after, "limit": page, "own": "true"})
        if data.get("own") is not True:
            # An older server ignores the flag and would leave our own events out: finishing
            # the recovery on its answer would lose them for good.
            raise SyncError(SERVER_CANNOT_RECOVER)
        events, hashes, texts = decode_events(data["events"])
        reached = int(data["cursor"])
        with ctx.db.unit_of_work() as session:
            pushed = int(_get(session, PUSHED, "0"))
            unsent = _waiting(session, ctx)
            # Our own events continue the chain from where the restored backup left it (the
            # fork point), not from work done since the restore.
            head = session.get(Setting, RECOVER_HEAD)
            heads = {ctx.device_id: head.value} if head is not None else None
            if head is not None:
                _keep_branch_end(session, ctx.device_id, head.value)
            new = store_pulled(session, events, hashes, texts, heads)
            if head is not None and heads is not None:
                head.value = heads[ctx.device_id]
            own = [e for e in new if e.device == ctx.device_id]
            if own and not unsent:
                # Taken from the server, so acknowledged by it: nothing to send again.
                top = session.scalar(
                    select(func.max(EventRow.seq)).where(EventRow.device == ctx.device_id)
                )
                _put(session, PUSHED, str(max(pushed, int(top or 0))))
            cursor = session.get(Setting, CURSOR)
            if cursor is None or int(cursor.value) >= after:
                _put(session, CURSOR, str(max(reached, int(cursor.value) if cursor else 0)))
            flag = session.get(Setting, RECOVER)
            if data["more"]:
                _put(session, RECOVER, str(reached))
            elif flag is not None:
                session.delete(flag)
                if head is not None:
                    session.delete(head)
        report.recovered += len(own)
        report.recovered_dossiers += sum(e.type == EventType.RECEIVED for e in own)
        report.pulled += len(new) - len(own)
        report._tell("recover", report.recovered + report.pulled)
        if new:
            ctx.clock.observe(Timestamp.decode(max(e.hlc for e in new)))
        if not data["more"]:
            return


def _keep_branch_end(session: Session, device_id: str, recovering_from: str) -> None:
    """Work done offline since the restore ends where the counter's chain head stands now;
    once the recovered branch goes on from the fork point, nothing links to that end, so it is
    recorded for the audit (backup.BRANCH_ENDS)."""
    device = session.get(Device, device_id)
    if device is None or not device.chain_head or device.chain_head == recovering_from:
        return  # no work since the restore, or already continuing the recovered branch
    line = f"{device_id} {device.chain_head}"
    row = session.get(Setting, BRANCH_ENDS)
    lines = (row.value if row is not None else "").splitlines()
    if line not in lines:
        _put(session, BRANCH_ENDS, "\n".join([*lines, line]))


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
