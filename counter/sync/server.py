"""The central sync server: offices, enrolment, push and pull of events, the status page."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from counter.db.wire import HASH, check, columns, payload_json, row_to_wire
from counter.domain.codes import DEMO_IDENTIFIER, validate_agency
from counter.domain.dossier import Event, EventType
from counter.domain.text import clean
from counter.domain.validity import Invalid
from counter.errors import NotFoundError, PermissionDenied, ValidationError
from counter.sync.protocol import MAX_BATCH, PULL_PAGE, BadEvent, decode_events, dumps
from counter.sync.store import (
    CodeClash,
    DossierCode,
    Enrolment,
    ServerDevice,
    ServerEvent,
    ServerOffice,
    ServerStore,
    new_secret,
)

ENROL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read over the phone
ENROL_DAYS = 7
MAX_COUNTER_NO = 999


class Forbidden(PermissionDenied):
    """An authenticated device asking for something it may not do (HTTP 403); other
    PermissionDenied errors here mean it is not known who is asking (401)."""


def _now() -> str:
    return datetime.now().replace(microsecond=0).isoformat(sep=" ")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalize_enrol_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass(frozen=True)
class OfficeInfo:
    id: int
    identifier: str
    name: str


def add_office(store: ServerStore, identifier: str, name: str) -> OfficeInfo:
    identifier = validate_agency(identifier)
    if identifier == DEMO_IDENTIFIER:
        # The demo office exists on every PC that tried the demo: its accounts and dossiers
        # must never reach a real server.
        raise ValidationError(
            f"«{DEMO_IDENTIFIER}» là mã định danh của cơ quan mẫu; máy chủ không nhận cơ quan mẫu.",
            field="identifier",
        )
    name = clean(name)
    if not name:
        raise ValidationError("Tên cơ quan không được để trống.", field="name")
    with store.transaction() as session:
        if session.scalar(select(ServerOffice).where(ServerOffice.identifier == identifier)):
            raise ValidationError(f"Cơ quan «{identifier}» đã có trên máy chủ.", field="identifier")
        office = ServerOffice(
            identifier=identifier, name=name, secret=new_secret(), last_seq=0, last_counter_no=0
        )
        session.add(office)
        session.flush()
        return OfficeInfo(office.id, office.identifier, office.name)


def list_offices(store: ServerStore) -> list[OfficeInfo]:
    with store.session() as session:
        rows = session.scalars(select(ServerOffice).order_by(ServerOffice.identifier))
        return [OfficeInfo(r.id, r.identifier, r.name) for r in rows]


def _office(session: Session, identifier: str, *, lock: bool = False) -> ServerOffice:
    query = select(ServerOffice).where(ServerOffice.identifier == identifier.strip().upper())
    if lock:
        query = query.with_for_update()
    office = session.scalar(query)
    if office is None:
        raise NotFoundError(f"Không có cơ quan «{identifier}» trên máy chủ.")
    return office


@dataclass(frozen=True)
class EnrolmentCode:
    code: str
    counter_no: int
    expires_at: str


def create_enrolment(store: ServerStore, identifier: str) -> EnrolmentCode:
    """A one-time code for a new counter of the office; the counter number is reserved now, so
    two counters can never be given the same slice of the daily sequence."""
    raw = "".join(secrets.choice(ENROL_ALPHABET) for _ in range(12))
    with store.transaction() as session:
        office = _office(session, identifier, lock=True)
        if office.last_counter_no >= MAX_COUNTER_NO:
            raise ValidationError("Cơ quan đã dùng hết số quầy (tối đa 999).")
        office.last_counter_no += 1
        expires = (datetime.now() + timedelta(days=ENROL_DAYS)).replace(microsecond=0)
        session.add(
            Enrolment(
                code_hash=_sha(raw),
                office_id=office.id,
                counter_no=office.last_counter_no,
                created_at=_now(),
                expires_at=expires.isoformat(sep=" "),
                used_by="",
            )
        )
        return EnrolmentCode(
            f"{raw[:4]}-{raw[4:8]}-{raw[8:]}", office.last_counter_no, expires.isoformat(sep=" ")
        )


@dataclass(frozen=True)
class Enrolled:
    token: str
    counter_no: int
    office_identifier: str
    office_name: str
    status_key: str


REPLAY_MINUTES = 15
REVOKED = "revoked:"  # prefix of a voided device's token_hash


def enrolment_token(code: str, device_id: str, nonce: str) -> str:
    """The device token one enrolment request earns: the same for every copy of that request
    (a proxy's resend, a retry), so copies arriving together never leave the counter holding a
    token the server has replaced. Keyed by the one-time code, which only the operator and the
    counter know, over the counter's own random nonce."""
    digest = hmac.new(
        normalize_enrol_code(code).encode(), f"{device_id}:{nonce}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def enroll_device(
    store: ServerStore, code: str, device_id: str, name: str, nonce: str = ""
) -> Enrolled:
    """Enrol a device with a one-time code.

    Copies of one request get one token. The same device may present the same code again with a
    new nonce for a short while (its first attempt failed on its side), which issues a fresh
    token and voids the first; after REPLAY_MINUTES, or once the device has pushed with its
    token, the code is spent for everybody."""
    if not device_id or len(device_id) > 36:
        raise ValidationError("Mã thiết bị không hợp lệ.", field="device_id")
    now = _now()
    with store.transaction() as session:
        enrolment = session.get(Enrolment, _sha(normalize_enrol_code(code)), with_for_update=True)
        if enrolment is None or enrolment.expires_at < now:
            raise PermissionDenied("Mã đăng ký không đúng hoặc đã hết hạn.")
        if enrolment.used_by and enrolment.used_by != device_id:
            raise PermissionDenied("Mã đăng ký này đã được một máy khác sử dụng.")
        office = session.get(ServerOffice, enrolment.office_id)
        assert office is not None
        # Without a nonce (a client older than it) the token could be derived from the code
        # and the device id, which other counters see: such a client gets a random one.
        token = enrolment_token(code, device_id, nonce) if nonce else secrets.token_urlsafe(32)
        device = session.get(ServerDevice, device_id)
        if device is not None and device.office_id != office.id:
            raise PermissionDenied("Máy này đã đăng ký với một cơ quan khác.")
        if (
            enrolment.used_by == device_id
            and device is not None
            and device.token_hash == _sha(token)
        ):
            # A copy of a request already answered: the same answer, nothing changes.
            return Enrolled(token, device.counter_no, office.identifier, office.name, office.secret)
        if enrolment.used_by and not (
            device is not None
            and not device.last_seen
            and not device.token_hash.startswith(REVOKED)
            and datetime.fromisoformat(now)
            <= datetime.fromisoformat(device.enrolled_at) + timedelta(minutes=REPLAY_MINUTES)
        ):
            raise PermissionDenied(
                "Mã đăng ký này đã được dùng. Hãy xin quản trị máy chủ cấp một mã mới."
            )
        if device is None:
            device = ServerDevice(id=device_id, office_id=office.id, enrolled_at=now)
            session.add(device)
        elif not enrolment.used_by:
            device.enrolled_at = now  # enrolling again with a new code
        # Re-using the code (a lost answer) issues a fresh token; the old one stops working.
        device.counter_no = enrolment.counter_no
        device.name = clean(name)[:100]
        device.token_hash = _sha(token)
        device.last_seen = ""
        enrolment.used_by = device_id
        return Enrolled(token, enrolment.counter_no, office.identifier, office.name, office.secret)


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    counter_no: int
    name: str
    enrolled_at: str
    last_seen: str
    revoked: bool


def list_devices(store: ServerStore, identifier: str) -> list[DeviceInfo]:
    with store.session() as session:
        office = _office(session, identifier)
        rows = session.scalars(
            select(ServerDevice)
            .where(ServerDevice.office_id == office.id)
            .order_by(ServerDevice.counter_no, ServerDevice.enrolled_at)
        )
        return [
            DeviceInfo(
                r.id,
                r.counter_no,
                r.name,
                r.enrolled_at,
                r.last_seen,
                r.token_hash.startswith(REVOKED),
            )
            for r in rows
        ]


def revoke_device(store: ServerStore, identifier: str, counter_no: int) -> int:
    """Void the tokens of an office's counter (a stolen or retired PC); returns how many
    devices were revoked. The counter can come back only with a new enrolment code."""
    with store.transaction() as session:
        office = _office(session, identifier)
        rows = list(
            session.scalars(
                select(ServerDevice).where(
                    ServerDevice.office_id == office.id, ServerDevice.counter_no == counter_no
                )
            )
        )
        if not rows:
            raise NotFoundError(f"Cơ quan «{office.identifier}» không có quầy số {counter_no}.")
        count = 0
        for row in rows:
            if not row.token_hash.startswith(REVOKED):
                # Unique like a hash, and no token hashes to it (a hash is 64 hex digits).
                row.token_hash = REVOKED + secrets.token_hex(24)
                count += 1
        # Unused codes reserving the same number go too.
        for enrolment in session.scalars(
            select(Enrolment).where(
                Enrolment.office_id == office.id,
                Enrolment.counter_no == counter_no,
                Enrolment.used_by == "",
            )
        ):
            enrolment.expires_at = "2000-01-01 00:00:00"
        return count


@dataclass(frozen=True)
class Caller:
    """The authenticated device and its office."""

    device_id: str
    office_id: int
    counter_no: int


def authenticate(store: ServerStore, token: str) -> Caller:
    if not token:
        raise PermissionDenied("Thiếu mã xác thực của quầy.")
    with store.session() as session:
        device = session.scalar(select(ServerDevice).where(ServerDevice.token_hash == _sha(token)))
        if device is None:
            raise PermissionDenied("Mã xác thực của quầy không đúng; hãy đăng ký lại quầy.")
        return Caller(device.id, device.office_id, device.counter_no)


@dataclass
class PushResult:
    accepted: int = 0
    repeated: int = 0
    clashes: list[dict[str, str]] = field(default_factory=list)
    last_seq: int = 0


def check_pushed(
    device_id: str, events: Sequence[Event], texts: dict[str, str] | None = None
) -> dict[str, str]:
    """The checks of a pushed batch, before anything is stored (the server's push, and a
    counter taking another counter's sync bundle): every event written by `device_id` and
    following the protocol. Returns the payload texts to store, by event id."""
    payloads: dict[str, str] = {}
    for number, event in enumerate(events, 1):
        if event.device != device_id:
            raise Forbidden("Quầy chỉ được gửi các sự kiện do chính quầy tạo ra.")
        # An object payload is stored in the form its hash covers (payload_json), so the
        # counters that pull it can verify the sender's chain.
        text = payloads.setdefault(
            event.id, (texts or {}).get(event.id) or payload_json(event.payload)
        )
        try:
            check(event, text)
        except Invalid as exc:
            refused = BadEvent(number, [event.id, event.dossier_id, event.type], exc)
            raise ValidationError(refused.message, field=exc.field) from None
        if event.type == EventType.RECEIVED and "code" in event.payload:
            # The code and the dossier id go into the code table (sync_dossier_codes).
            code = event.payload["code"]
            if not isinstance(code, str) or not 0 < len(code) <= 60 or len(event.dossier_id) > 36:
                raise ValidationError(
                    "Sự kiện tiếp nhận hồ sơ có mã hoặc mã định danh không hợp lệ."
                )
            if code.startswith(DEMO_IDENTIFIER + "-"):
                raise ValidationError(
                    "Quầy gửi hồ sơ mẫu (mã cơ quan mẫu): máy chủ không nhận dữ liệu mẫu."
                )
    return payloads


def push_events(
    store: ServerStore,
    caller: Caller,
    events: Sequence[Event],
    hashes: dict[str, str] | None = None,
    texts: dict[str, str] | None = None,
) -> PushResult:
    """Store a batch in one transaction, idempotently by event id.

    The office row is locked (FOR UPDATE) before anything else and stays locked until commit.
    Sequence numbers are handed out under that lock, so a transaction with larger numbers
    always commits after every transaction with smaller ones: a reader that sees number N can
    see everything below N, and a pull cursor can never pass an event still in flight. It
    serialises pushes of one office only; offices do not wait for each other.

    Every event is checked against the protocol first (`wire.check`, and the payload's size):
    a batch with one bad event is refused whole, naming it, and nothing of it is stored, so
    no counter ever pulls an event it cannot read.
    """
    payloads = check_pushed(caller.device_id, events, texts)
    result = PushResult()
    with store.transaction() as session:
        office = session.scalar(
            select(ServerOffice).where(ServerOffice.id == caller.office_id).with_for_update()
        )
        assert office is not None
        fresh: dict[str, Event] = {}
        for event in events:
            fresh.setdefault(event.id, event)
        ids = list(fresh)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            known = session.scalars(
                select(ServerEvent.id).where(
                    ServerEvent.office_id == office.id, ServerEvent.id.in_(chunk)
                )
            )
            for ident in known:
                del fresh[ident]
        result.repeated = len(events) - len(fresh)
        new = sorted(fresh.values(), key=lambda e: e.order_key)
        if new:
            result.clashes = _claim_codes(session, office.id, caller, new)
            seq = office.last_seq
            rows = []
            for event in new:
                seq += 1
                rows.append(
                    {
                        **columns(event, payloads[event.id]),
                        HASH: (hashes or {}).get(event.id, ""),
                        "office_id": office.id,
                        "seq": seq,
                    }
                )
            session.execute(insert(ServerEvent), rows)
            office.last_seq = seq
        device = session.get(ServerDevice, caller.device_id)
        if device is not None:
            device.last_seen = _now()
        result.accepted = len(new)
        result.last_seq = office.last_seq
    return result


def handle_push(store: ServerStore, caller: Caller, data: Any) -> dict[str, Any]:
    """A push request's body as the server handles it, from the network (`/v1/push`) or from
    a sync bundle (`sync.bundle`): read, checked, stored in one transaction; returns the
    answer to send."""
    items = data.get("events") if isinstance(data, dict) else None
    if not isinstance(items, list) or len(items) > MAX_BATCH:
        raise ValidationError(f"Một lần gửi phải là danh sách tối đa {MAX_BATCH} sự kiện.")
    try:
        events, hashes, texts = decode_events(items)
    except BadEvent as exc:
        raise ValidationError(exc.message, field=exc.field) from exc
    result = push_events(store, caller, events, hashes, texts)
    return {"accepted": result.accepted, "repeated": result.repeated, "clashes": result.clashes}


def _claim_codes(
    session: Session, office_id: int, caller: Caller, events: list[Event]
) -> list[dict[str, str]]:
    """Record each new dossier's code; a code another dossier already holds is a clash: the
    events are still stored (nothing is lost), the clash is kept and reported to the sender."""
    received = [e for e in events if e.type == EventType.RECEIVED and "code" in e.payload]
    if not received:
        return []
    codes = {str(e.payload["code"]) for e in received}  # checked in push_events
    holders = {
        row.code: row.dossier_id
        for row in session.scalars(
            select(DossierCode).where(
                DossierCode.office_id == office_id, DossierCode.code.in_(codes)
            )
        )
    }
    clashes = []
    for event in received:
        code = str(event.payload["code"])
        holder = holders.get(code)
        if holder is None:
            holders[code] = event.dossier_id
            session.add(
                DossierCode(
                    office_id=office_id,
                    code=code,
                    dossier_id=event.dossier_id,
                    device=caller.device_id,
                )
            )
        elif holder != event.dossier_id:
            session.add(
                CodeClash(
                    office_id=office_id,
                    code=code,
                    dossier_id=event.dossier_id,
                    other_dossier_id=holder,
                    device=caller.device_id,
                    event_id=event.id,
                    reported_at=_now(),
                )
            )
            clashes.append({"code": code, "dossier_id": event.dossier_id, "event_id": event.id})
    session.flush()
    return clashes


@dataclass
class PullPage:
    events: list[ServerEvent]
    cursor: int
    more: bool
    office_seq: int


def pull_events(
    store: ServerStore, caller: Caller, after: int, limit: int = PULL_PAGE, *, own: bool = False
) -> PullPage:
    """The office's events with seq > `after`, in seq order: the caller's own only with `own`
    (a counter restored from a backup takes back what it pushed after the backup)."""
    limit = max(1, min(limit, 5000))
    with store.session() as session:
        rows = list(
            session.execute(
                select(ServerEvent.seq, ServerEvent.device)
                .where(ServerEvent.office_id == caller.office_id, ServerEvent.seq > after)
                .order_by(ServerEvent.seq)
                .limit(limit)
            )
        )
        if not rows:
            return PullPage([], after, False, after)
        cursor = rows[-1][0]
        query = select(ServerEvent).where(
            ServerEvent.office_id == caller.office_id,
            ServerEvent.seq > after,
            ServerEvent.seq <= cursor,
        )
        if not own:
            query = query.where(ServerEvent.device != caller.device_id)
        events = list(session.scalars(query.order_by(ServerEvent.seq)))
        return PullPage(events, cursor, len(rows) == limit, cursor)


def pull_answer(
    store: ServerStore, caller: Caller, after: int, limit: int = PULL_PAGE, *, own: bool = False
) -> bytes:
    """The JSON answer to a pull (`/v1/pull`, and each page of a sync bundle's answer)."""
    page = pull_events(store, caller, after, limit, own=own)
    # Payloads go as the JSON text stored (and hashed by the origin), never re-encoded.
    parts = [dumps(row_to_wire(e)) for e in page.events]
    # `own` is echoed so that a counter can tell a server that ignored the flag (older than
    # it) from one that has nothing of its own to give back.
    fields: dict[str, Any] = {"cursor": page.cursor, "more": page.more}
    if own:
        fields["own"] = True
    head = dumps(fields)[:-1]
    return head + b',"events":[' + b",".join(parts) + b"]}"


def office_counts(store: ServerStore, identifier: str) -> dict[str, Any]:
    with store.session() as session:
        office = _office(session, identifier)
        events = session.scalar(
            select(func.count()).select_from(ServerEvent).where(ServerEvent.office_id == office.id)
        )
        dossier_events = session.scalar(
            select(func.count())
            .select_from(ServerEvent)
            .where(ServerEvent.office_id == office.id, ~ServerEvent.type.startswith("ref."))
        )
        devices = session.scalar(
            select(func.count())
            .select_from(ServerDevice)
            .where(ServerDevice.office_id == office.id)
        )
        clashes = session.scalar(
            select(func.count()).select_from(CodeClash).where(CodeClash.office_id == office.id)
        )
        return {
            "events": events,
            "dossier_events": dossier_events,
            "devices": devices,
            "code_clashes": clashes,
        }
