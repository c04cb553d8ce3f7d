"""The counter's side of sync: enrolment, push of unsent events, pull of the office's events."""

from __future__ import annotations

import json
import platform
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from counter.db.models import EventRow, Setting
from counter.domain.hlc import Timestamp
from counter.errors import ValidationError
from counter.services import office
from counter.services.context import Context
from counter.services.reference_log import AUTHORITY_ROOT
from counter.services.status_link import SERVER, STATUS_KEY
from counter.sync import files, reference, signing
from counter.sync.protocol import (
    PROTOCOL_VERSION,
    PULL_PAGE,
    PUSH_BATCH,
    decode_events,
    gzip_json,
)
from counter.sync.recovery import recover
from counter.sync.state import (
    CLASHES,
    CURSOR,
    LAST_ATTEMPT,
    LAST_ERROR,
    LAST_SUCCESS,
    OFFICE,
    PUSHED,
    RECOVER,
    TOKEN,
    UNKNOWN_TYPES,
    Exchange,
    SyncReport,
    exchanges,
    known_type,
    needs_update,
    set_setting,
    setting,
    store_pulled,
    waiting,
)
from counter.sync.transport import HttpSession, RetryPolicy, SyncError

if TYPE_CHECKING:
    import httpx


class NotRegistered(SyncError):
    """This counter has no device token yet: `counter register` (or Đồng bộ → Đăng ký) first."""


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
    # Types of events held but not applied (a newer release wrote them): update the software.
    unknown_types: tuple[str, ...] = ()

    @property
    def needs_update(self) -> str:
        return needs_update(self.unknown_types) if self.unknown_types else ""

    # The server and the counters exchanged with by bundle (sync.bundle): waiting, last exchange.
    exchanges: tuple[Exchange, ...] = ()


def status(ctx: Context) -> SyncStatus:
    """What "Đồng bộ ngay" shows: last success, events waiting, the last error."""
    with ctx.db.session() as session:
        return SyncStatus(
            registered=bool(setting(session, TOKEN)),
            server=setting(session, SERVER),
            office=setting(session, OFFICE),
            counter_no=ctx.counter_no,
            last_success=setting(session, LAST_SUCCESS),
            last_attempt=setting(session, LAST_ATTEMPT),
            waiting=waiting(session, ctx),
            last_error=setting(session, LAST_ERROR),
            code_clashes=tuple(json.loads(setting(session, CLASHES, "[]"))),
            recovering=session.get(Setting, RECOVER) is not None,
            unknown_types=tuple(json.loads(setting(session, UNKNOWN_TYPES, "[]"))),
            exchanges=exchanges(session, ctx),
        )


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
    http = HttpSession(server_url, token, policy, transport)
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
        # The PC's own name, for the server admin's device list («which PC is this?»); its
        # counter number is the server's to assign (it once sent "Quầy 1" from every new PC).
        device_name = platform.node()[:100]
    device_key = signing.device_public_key(ctx)
    policy = policy or RetryPolicy(attempts=3)
    http = HttpSession(server_url, "", policy, transport)
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
                "public_key": device_key,
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
            set_setting(session, RECOVER, "0")  # the server may number its log differently too
        set_setting(session, SERVER, server_url)
        set_setting(session, TOKEN, data["token"])
        set_setting(session, OFFICE, identifier)
        set_setting(session, STATUS_KEY, data["status_key"])
        # The office's root admin (its reference data counts only when an admin signed it) and
        # the key of the server's receipts.
        set_setting(session, AUTHORITY_ROOT, str(data.get("authority") or ""))
        set_setting(session, signing.SERVER_KEY, str(data.get("server_key") or ""))
        if data.get("server_key"):
            # A server that keeps device keys registered this one with the enrolment; the
            # pulls from the start carry every device's certificate and signed heads.
            set_setting(session, signing.KEY_REGISTERED, device_key)
            set_setting(session, signing.TRUST_CAUGHT_UP, "1")
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


def sync_now(
    ctx: Context,
    *,
    policy: RetryPolicy | None = None,
    transport: httpx.BaseTransport | None = None,
    batch: int = PUSH_BATCH,
    page: int = PULL_PAGE,
    progress: Callable[[str, int], None] | None = None,
    file_chunk: int = files.CHUNK,
    file_bucket: files.TokenBucket | None = None,
) -> SyncReport:
    """Push every unsent local event, then pull until up to date.

    After a restore from a backup (see `backup.restore`) it first takes back this counter's own
    events that the backup lacks (`recovery.recover`), so nothing else is sent or received before the
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
        server_url = setting(session, SERVER)
        token = setting(session, TOKEN)
        set_setting(session, LAST_ATTEMPT, _stamp(ctx))
    if not token:
        raise NotRegistered(
            "Quầy chưa đăng ký với máy chủ đồng bộ. Hãy chạy «counter register --server … --code …»."
        )
    report = SyncReport()
    report.progress = progress
    http = HttpSession(server_url, token, policy or RetryPolicy(), transport)
    try:
        recover(ctx, http, report, page)
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
        _catch_up_trust(ctx, http)
        # The files after the events that name them: the server keeps only named files.
        report.files = files.sync_files(ctx, http, chunk=file_chunk, bucket=file_bucket)
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
        set_setting(session, LAST_SUCCESS, _stamp(ctx))
        set_setting(session, LAST_ERROR, "")
    return report


def _record_error(ctx: Context, message: str) -> None:
    with ctx.db.unit_of_work() as session:
        set_setting(session, LAST_ERROR, message)


def _register_key(ctx: Context, http: HttpSession) -> None:
    """A counter enrolled before device keys: make its key and register it with the server,
    once (the server logs it and shows it to the admin, and refuses another key later)."""
    public = signing.device_public_key(ctx)  # made now if this counter had none
    with ctx.db.session() as session:
        if setting(session, signing.KEY_REGISTERED) == public:
            return
    try:
        http.call("POST", "/v1/device-key", json={"public_key": public})
    except SyncError as exc:
        if exc.status == 404:
            return  # a server older than device keys: nothing to register with
        raise
    with ctx.db.unit_of_work() as session:
        set_setting(session, signing.KEY_REGISTERED, public)


def _catch_up_trust(ctx: Context, http: HttpSession) -> None:
    """Once, after the upgrade: the certificates and signed heads of the events pulled before
    the pulls carried them."""
    with ctx.db.session() as session:
        if setting(session, signing.TRUST_CAUGHT_UP):
            return
        cursor = int(setting(session, CURSOR, "0"))
    try:
        data = http.call("GET", "/v1/trust", params={"upto": cursor})
    except SyncError as exc:
        if exc.status == 404:
            return  # a server older than this: the audit checks chains only
        raise
    with ctx.db.unit_of_work() as session:
        signing.take_trust(session, ctx, data)
        set_setting(session, signing.TRUST_CAUGHT_UP, "1")


def _push(ctx: Context, http: HttpSession, report: SyncReport, batch: int) -> None:
    _register_key(ctx, http)
    while True:
        with ctx.db.session() as session:
            pushed = int(setting(session, PUSHED, "0"))
            rows = list(
                session.scalars(
                    select(EventRow)
                    .where(EventRow.seq > pushed, EventRow.device == ctx.device_id)
                    .order_by(EventRow.seq)
                    .limit(batch)
                )
            )
            if rows:
                # Payloads travel as the stored JSON text: the server and the other counters
                # keep the very bytes this counter hashed. The chain is checked and its head
                # signed first (an event edited on this PC is never sent).
                prev, count = signing.check_chain(session, rows)
                rows = rows[:count]
                office_id = setting(session, OFFICE)
                payload = signing.push_body(session, ctx, office_id, rows, prev)
        if not rows:
            return
        body = gzip_json(payload)
        try:
            data = http.call(
                "POST",
                "/v1/push",
                content=body,
                headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
            )
        except SyncError as exc:
            if "Sự kiện thứ" not in exc.message:
                raise
            # The server named an event it refuses: it stays here, for review.
            raise SyncError(
                f"{exc.message} Sự kiện đó vẫn được giữ trên máy này để xem xét; các sự kiện "
                "của quầy từ nó trở đi chưa được gửi. Hãy báo cho quản trị viên."
            ) from None
        report.pushed += int(data["accepted"])
        report.repeated += int(data["repeated"])
        report.tell("push", report.pushed + report.repeated)
        codes = [str(c["code"]) for c in data.get("clashes", [])]
        report.clashes.extend(codes)
        with ctx.db.unit_of_work() as session:
            signing.take_receipt(session, ctx, office_id, data)
            set_setting(session, PUSHED, str(rows[-1].seq))
            if codes:
                known = json.loads(setting(session, CLASHES, "[]"))
                set_setting(
                    session, CLASHES, json.dumps(sorted({*known, *codes}), ensure_ascii=False)
                )


def _pull(ctx: Context, http: HttpSession, report: SyncReport, page: int) -> None:
    while True:
        with ctx.db.session() as session:
            cursor = int(setting(session, CURSOR, "0"))
        data = http.call("GET", "/v1/pull", params={"after": cursor, "limit": page})
        events, hashes, texts = decode_events(data["events"])
        with ctx.db.unit_of_work() as session:
            root = data.get("authority")
            if isinstance(root, str) and root and not setting(session, AUTHORITY_ROOT):
                # The office got its first admin on the server after this counter enrolled.
                set_setting(session, AUTHORITY_ROOT, root)
            new = store_pulled(session, events, hashes, texts)
            signing.take_trust(session, ctx, data)
            set_setting(session, CURSOR, str(int(data["cursor"])))
            unknown = {e.type for e in new if not known_type(e.type)}
            if unknown:
                held = set(json.loads(setting(session, UNKNOWN_TYPES, "[]"))) | unknown
                set_setting(session, UNKNOWN_TYPES, json.dumps(sorted(held), ensure_ascii=False))
                report.unknown_types = sorted(set(report.unknown_types) | unknown)
        report.pulled += len(new)
        report.tell("pull", report.pulled)
        if new:
            ctx.clock.observe(Timestamp.decode(max(e.hlc for e in new)))
        if not data["more"]:
            return
