"""The central sync server: offices, enrolment, push and pull of events, the status page."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from counter.db.wire import HASH, chain_hash, check, columns, from_row, payload_json, row_to_wire
from counter.domain.codes import DEMO_IDENTIFIER, validate_agency
from counter.domain.dossier import Event, EventType
from counter.domain.numbers import format_decimal
from counter.domain.text import clean
from counter.domain.validity import REFERENCE_PREFIX, Invalid
from counter.errors import NotFoundError, PermissionDenied, ValidationError
from counter.services import authority
from counter.sync import signing
from counter.sync.protocol import MAX_BATCH, PULL_PAGE, BadEvent, decode_events, dumps
from counter.sync.store import (
    CodeClash,
    DossierCode,
    Enrolment,
    PushHead,
    ServerDevice,
    ServerEvent,
    ServerOffice,
    ServerStore,
    new_secret,
)

log = logging.getLogger(__name__)

ENROL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read over the phone
ENROL_DAYS = 7
MAX_COUNTER_NO = 999


# The bytes of new events one device may push in a day (the server's date), unless the server
# is started with another (`counter server --device-quota-mb`). A counter's busy day is a few
# hundred dossiers of a few kB; a counter enrolled with a long offline history may need more.
DEVICE_QUOTA = 16 * 1024 * 1024
EVENT_OVERHEAD = 200  # bytes counted per event besides its payload (ids, clock, hash)


class QuotaExceeded(ValidationError):
    """A device over its daily quota (HTTP 413): the batch is refused whole."""


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
            identifier=identifier,
            name=name,
            secret=new_secret(),
            last_seq=0,
            last_counter_no=0,
            receipt_key=authority.private_bytes(authority.new_key()).hex(),
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
    # The office's root of trust for reference data (authority.root_text, "" for none) and the
    # server's public key that signs push receipts.
    authority: str = ""
    server_key: str = ""


def _receipt_key(office: ServerOffice) -> authority.Ed25519PrivateKey:
    """The office's receipt key, made at first need for an office older than receipts (the
    office row is locked or being written by the caller)."""
    if not office.receipt_key:
        office.receipt_key = authority.private_bytes(authority.new_key()).hex()
    return authority.key_from_bytes(bytes.fromhex(office.receipt_key))


def _enrolled(token: str, counter_no: int, office: ServerOffice) -> Enrolled:
    return Enrolled(
        token,
        counter_no,
        office.identifier,
        office.name,
        office.secret,
        office.authority,
        authority.public_text(_receipt_key(office)),
    )


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
    store: ServerStore, code: str, device_id: str, name: str, nonce: str = "", public_key: str = ""
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
            return _enrolled(token, device.counter_no, office)
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
        device.public_key = public_key[:60]
        # A key comes with the enrolment: what the device pushed under an earlier one (enrolled
        # again) is vouched for by the server, its new signed heads cover what follows.
        device.key_since = _newest_hash(session, office.id, device_id)
        device.key_registered = ""
        enrolment.used_by = device_id
        return _enrolled(token, enrolment.counter_no, office)


def _newest_hash(session: Session, office_id: int, device_id: str) -> str:
    """The hash of the device's newest event the server holds ("" for none)."""
    return str(
        session.scalar(
            select(ServerEvent.hash)
            .where(ServerEvent.office_id == office_id, ServerEvent.device == device_id)
            .order_by(ServerEvent.seq.desc())
            .limit(1)
        )
        or ""
    )


class KeyRefused(Forbidden):
    """A second key for a device that has one (HTTP 403)."""


def register_key(store: ServerStore, caller: Caller, public_key: str) -> dict[str, Any]:
    """The signing key of a counter enrolled before device keys existed, registered once with
    its device token (trust on first use): refused when the device already has another key,
    logged, and shown by `counter server device list`. From then on its pushes must be signed.
    Answers the server's certificate of the device (`device_cert`)."""
    try:
        valid = len(base64.b64decode(public_key.encode(), validate=True)) == 32
    except ValueError:
        valid = False
    if not valid:
        raise ValidationError("Khóa công khai của quầy không hợp lệ.", field="public_key")
    with store.transaction() as session:
        device = session.get(ServerDevice, caller.device_id, with_for_update=True)
        office = session.get(ServerOffice, caller.office_id)
        assert device is not None and office is not None
        if device.public_key and device.public_key != public_key:
            log.warning(
                "refused a second signing key for device %s (office %s, counter %d)",
                device.id,
                office.identifier,
                device.counter_no,
            )
            raise KeyRefused(
                f"Máy chủ đã có khóa ký của quầy số {device.counter_no} và không nhận một khóa "
                "khác. Nếu máy này được cài lại hoặc khôi phục từ bản sao lưu cũ, hãy xin quản "
                "trị máy chủ một mã đăng ký mới và đăng ký lại quầy; nếu không, có thể một máy "
                "khác đang dùng mã truy cập của quầy này: hãy báo ngay cho quản trị."
            )
        if not device.public_key:
            device.public_key = public_key
            device.key_since = _newest_hash(session, office.id, device.id)
            device.key_registered = _now()
            log.warning(
                "device %s (office %s, counter %d) registered its signing key after enrolment",
                device.id,
                office.identifier,
                device.counter_no,
            )
        return {"cert": device_cert(office, device)}


def device_cert(
    office: ServerOffice, device: ServerDevice, since: str | None = None
) -> dict[str, str]:
    """The server's word on a device, signed with the office's receipt key: its key and the
    hash up to which the server vouches for its events by itself (`since`; for a device with
    no key, its newest event the caller is given)."""
    since = device.key_since if since is None else since
    text = authority.device_text(office.identifier, device.id, device.public_key, since)
    return {
        "key": device.public_key,
        "since": since,
        "sig": authority.sign(_receipt_key(office), text),
    }


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    counter_no: int
    name: str
    enrolled_at: str
    last_seen: str
    revoked: bool
    # "" no key; "enrolment" given at enrolment; else when it was registered later
    key: str = ""


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
                r.key_registered or ("enrolment" if r.public_key else ""),
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
    *,
    verify: Callable[[], None] | None = None,
    quota: int | None = None,
    head: dict[str, str] | None = None,
) -> PushResult:
    """Store a batch in one transaction, idempotently by event id. `verify` runs once every
    event passed the protocol's checks, before anything is stored (`handle_push`).

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
    if verify is not None:
        verify()
    result = PushResult()
    with store.transaction() as session:
        office = session.scalar(
            select(ServerOffice).where(ServerOffice.id == caller.office_id).with_for_update()
        )
        assert office is not None
        _check_authority(session, office, events)
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
        device = session.get(ServerDevice, caller.device_id)
        if new and quota is not None and device is not None:
            _charge(device, caller, sum(len(payloads[e.id]) + EVENT_OVERHEAD for e in new), quota)
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
            if head is not None:
                # The signed head, pulled with the events it covers (checked by `verify`).
                session.add(
                    PushHead(
                        office_id=office.id,
                        seq=seq,
                        device=caller.device_id,
                        prev=head["prev"],
                        hash=head["hash"],
                        sig=head["sig"],
                    )
                )
        if device is not None:
            device.last_seen = _now()
        result.accepted = len(new)
        result.last_seq = office.last_seq
    return result


def handle_push(
    store: ServerStore, caller: Caller, data: Any, quota: int | None = None
) -> dict[str, Any]:
    """A push body (`signing.push_body`) as the answer to send: decoded and checked whole
    (protocol, the sender's chain and its signed head, reference data's authority), stored,
    and receipted with the head stored, signed with the office's receipt key. The HTTP push
    and the USB bundles both come here."""
    items = data.get("events") if isinstance(data, dict) else None
    if not isinstance(items, list) or len(items) > MAX_BATCH:
        raise ValidationError(f"Một lần gửi phải là danh sách tối đa {MAX_BATCH} sự kiện.")
    try:
        events, hashes, texts = decode_events(items)
    except BadEvent as exc:
        raise ValidationError(exc.message, field=exc.field) from exc
    head = data.get("head")
    with store.session() as session:
        device = session.get(ServerDevice, caller.device_id)
        office = session.get(ServerOffice, caller.office_id)
        assert office is not None
        public = device.public_key if device is not None else ""
        identifier = office.identifier

    def check_head() -> None:
        if public:
            _check_head(identifier, caller, public, events, hashes, texts, head)

    result = push_events(
        store,
        caller,
        events,
        hashes,
        texts,
        verify=check_head,
        quota=quota or DEVICE_QUOTA,
        head=head if public else None,  # checked by check_head
    )
    answer: dict[str, Any] = {
        "accepted": result.accepted,
        "repeated": result.repeated,
        "clashes": result.clashes,
    }
    if isinstance(head, dict) and events:
        with store.transaction() as session:
            office = session.get(ServerOffice, caller.office_id)
            assert office is not None
            key = _receipt_key(office)
            # The head as the server holds it: an event sent again with other content (edited
            # and re-hashed on the PC) keeps what was stored first, and so does the receipt.
            stored = session.scalar(
                select(ServerEvent.hash).where(
                    ServerEvent.office_id == caller.office_id, ServerEvent.id == events[-1].id
                )
            ) or str(head.get("hash", ""))
        text = signing.receipt_text(identifier, caller.device_id, stored)
        answer["receipt"] = {"head": stored, "sig": authority.sign(key, text)}
    return answer


def _charge(device: ServerDevice, caller: Caller, size: int, quota: int) -> None:
    """Count `size` bytes against the device's quota of the day, or refuse the batch."""
    today = datetime.now().date().isoformat()
    used = device.quota_bytes if device.quota_day == today else 0
    if used + size > quota:
        mb = 1024 * 1024
        raise QuotaExceeded(
            f"Quầy số {caller.counter_no} đã gửi {format_decimal(used / mb)} MB hôm nay; lần gửi này "
            f"({format_decimal(size / mb)} MB) vượt hạn mức {quota / mb:.0f} MB mỗi ngày của máy chủ nên "
            "không được nhận. Nếu đây là dữ liệu thật (quầy có nhiều hồ sơ cũ chưa gửi), hãy "
            "nhờ quản trị máy chủ nâng hạn mức (counter server --device-quota-mb)."
        )
    device.quota_day, device.quota_bytes = today, used + size


def _check_head(
    office: str,
    caller: Caller,
    public: str,
    events: Sequence[Event],
    hashes: dict[str, str],
    texts: dict[str, str],
    head: Any,
) -> None:
    """The batch is one chain of the sender's events from `head.prev` to `head.hash`, and the
    sender signed that head with its key: otherwise refused (403), nothing stored."""
    if not isinstance(head, dict) or not all(
        isinstance(head.get(k), str) and len(head[k]) <= limit
        for k, limit in (("prev", 64), ("hash", 64), ("sig", 100))
    ):
        raise Forbidden("Lần gửi thiếu chữ ký của quầy trên đầu chuỗi sự kiện.")
    current = head["prev"]
    for number, event in enumerate(events, 1):
        digest = hashes.get(event.id, "")
        if digest != chain_hash(current, event, texts.get(event.id)):
            raise Forbidden(
                f"Sự kiện thứ {number} của lần gửi (mã {event.id}, loại «{event.type}») không "
                "khớp chuỗi băm của quầy: nội dung đã bị sửa. Máy chủ không nhận lần gửi này."
            )
        current = digest
    text = signing.push_text(office, caller.device_id, head["prev"], head["hash"])
    if current != head["hash"] or not authority.verify(public, text, head["sig"]):
        raise Forbidden(
            "Chữ ký của quầy trên đầu chuỗi sự kiện không hợp lệ; máy chủ không nhận lần gửi này."
        )


def _check_authority(session: Session, office: ServerOffice, events: Sequence[Event]) -> None:
    """Refuse the batch (naming the event) when a reference change in it is not signed by an
    admin of the office (services/authority.py): the office's stored reference events and the
    batch's, folded in (HLC, id) order from the office's root of trust."""
    root = authority.parse_root(office.authority)
    batch = [e for e in events if e.type.startswith(REFERENCE_PREFIX)]
    if not root or not batch:
        return
    stored = [
        from_row(row)
        for row in session.scalars(
            select(ServerEvent).where(
                ServerEvent.office_id == office.id, ServerEvent.type == "ref.user"
            )
        )
    ]
    ids = {e.id for e in batch}
    admins = dict(root)
    for event in sorted([*(e for e in stored if e.id not in ids), *batch], key=_order):
        why = authority.check_signed(event, admins)
        if why is None:
            authority.follow(event, admins)
        elif event.id in ids:
            number = next(n for n, e in enumerate(events, 1) if e.id == event.id)
            raise Forbidden(
                f"Sự kiện thứ {number} của lần gửi (mã {event.id}, loại «{event.type}») thay "
                f"đổi dữ liệu danh mục nhưng {why}. Chỉ quản trị viên của cơ quan được thay đổi "
                "người dùng, cài đặt, danh mục thủ tục và ngày nghỉ; máy chủ không nhận lần gửi "
                "này và chưa lưu sự kiện nào của nó."
            )


def _order(event: Event) -> tuple[str, str]:
    return event.hlc, event.id


def set_authority(store: ServerStore, office_id: int, root: str) -> None:
    """Make `root` (authority.root_text) the office's root of trust for reference data."""
    with store.transaction() as session:
        office = session.get(ServerOffice, office_id)
        assert office is not None
        office.authority = root


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
    authority: str = ""  # the office's root of trust, for counters enrolled before it had one
    # What a counter needs to check the signatures of the page's events (`trust_of`).
    trust: dict[str, Any] = field(default_factory=dict)


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
        office = session.get(ServerOffice, caller.office_id)
        root = office.authority if office is not None else ""
        if not rows:
            return PullPage([], after, False, after, root)
        cursor = rows[-1][0]
        query = select(ServerEvent).where(
            ServerEvent.office_id == caller.office_id,
            ServerEvent.seq > after,
            ServerEvent.seq <= cursor,
        )
        if not own:
            query = query.where(ServerEvent.device != caller.device_id)
        events = list(session.scalars(query.order_by(ServerEvent.seq)))
        assert office is not None
        devices: dict[str, str] = {}  # device → hash of its newest event in the page
        for event in events:
            devices[event.device] = event.hash
        trust = trust_of(session, office, caller, after, cursor, devices, own=own)
        return PullPage(events, cursor, len(rows) == limit, cursor, root, trust)


def trust_of(
    session: Session,
    office: ServerOffice,
    caller: Caller,
    after: int,
    upto: int,
    devices: dict[str, str],
    *,
    own: bool = False,
) -> dict[str, Any]:
    """The signed heads of the pushes stored in (after, upto] and the server's certificate of
    each device in `devices` (device → its newest hash the caller is given): with them a counter
    checks every other device's chain and signature (`audit.verify_chain`)."""
    query = select(PushHead).where(
        PushHead.office_id == office.id, PushHead.seq > after, PushHead.seq <= upto
    )
    if not own:
        query = query.where(PushHead.device != caller.device_id)
    heads = [
        [h.device, h.prev, h.hash, h.sig] for h in session.scalars(query.order_by(PushHead.seq))
    ]
    certs: dict[str, list[str]] = {}
    for row in session.scalars(
        select(ServerDevice).where(
            ServerDevice.office_id == office.id, ServerDevice.id.in_(list(devices))
        )
    ):
        # A device without a key: the server vouches for its events up to the newest given.
        cert = device_cert(office, row, None if row.public_key else devices[row.id])
        certs[row.id] = [cert["key"], cert["since"], cert["sig"]]
    trust: dict[str, Any] = {}
    if heads:
        trust["heads"] = heads
    if certs:
        trust["devices"] = certs
    return trust


def trust_answer(store: ServerStore, caller: Caller, upto: int) -> dict[str, Any]:
    """Every device's certificate and every signed head up to the office seq `upto`: once, for
    a counter that pulled events before the pulls carried them (`client._catch_up_trust`)."""
    with store.session() as session:
        office = session.get(ServerOffice, caller.office_id)
        assert office is not None
        last = (
            select(ServerEvent.device, func.max(ServerEvent.seq).label("seq"))
            .where(
                ServerEvent.office_id == office.id,
                ServerEvent.seq <= upto,
                ServerEvent.device != caller.device_id,
            )
            .group_by(ServerEvent.device)
            .subquery()
        )
        newest = {
            str(device): str(digest or "")
            for device, digest in session.execute(
                select(ServerEvent.device, ServerEvent.hash).join(
                    last, (ServerEvent.office_id == office.id) & (ServerEvent.seq == last.c.seq)
                )
            )
        }
        return trust_of(session, office, caller, 0, upto, newest)


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
    if page.authority:
        fields["authority"] = page.authority
    fields.update(page.trust)
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
