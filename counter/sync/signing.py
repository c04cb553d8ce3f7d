"""What a push carries besides its events, and what its answer brings back (issue 15, item 3).

The client builds a push body with `push_body` and takes the server's answer with
`take_receipt`; the server handles a body with `server.handle_push`. Sync over HTTP and the USB
bundles both go through these, so a bundle is signed and receipted as a push is.

- Each counter has an Ed25519 key pair made at enrolment (the private key in the settings
  table, the public key registered with the server).
- A push first checks its own events' hash chain (an event edited on this PC is never sent:
  `ChainRefused`, in Vietnamese) and signs the chain's head after the batch, with the hash the
  batch continues from (`head`).
- The server checks the chain of the batch and the signature, stores the events, and answers
  with a receipt: the head it stored, signed with the office's receipt key. The counter keeps
  the last receipt; `counter audit verify` checks that the chain still reaches it.
- A counter enrolled before device keys existed makes its key at its first sync after the
  upgrade and registers it once with its device token (`register_key`); the server then
  refuses its unsigned pushes and any other key for it.
- Pulls carry the signed heads of the other devices' pushes and the server's certificate of
  each device (its key, and the hash up to which the server vouches for events pushed before
  the key): kept here (`take_trust`), so `counter audit verify` checks every device's
  signature, not only this counter's chain.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.db.codec import link_of
from counter.db.models import EventRow, Setting
from counter.db.wire import FIELDS, chain_hash, row_to_wire
from counter.domain.dossier import Event
from counter.services import authority
from counter.services.context import Context
from counter.sync.transport import SyncError

DEVICE_KEY = "device_key"  # this counter's Ed25519 private key (raw, hex)
KEY_REGISTERED = "device_key_registered"  # the public key the server holds for this counter
TRUST_CAUGHT_UP = "trust_caught_up"  # the certificates and heads of what was pulled before
CERT = "cert:"  # + device: the server's certificate of another device, JSON [key, since, sig]
HEADS = "heads:"  # + device: its signed push heads, one "prev hash sig" a line
SERVER_KEY, RECEIPT = authority.SERVER_KEY, authority.RECEIPT
push_text, receipt_text = authority.push_text, authority.receipt_text


class ChainRefused(SyncError):
    """An own event fails its hash chain: it was changed after it was written."""


def _get(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else ""


def _set(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def device_key(session: Session) -> authority.Ed25519PrivateKey:
    """This counter's private key, made at first need."""
    text = _get(session, DEVICE_KEY)
    if not text:
        key = authority.new_key()
        _set(session, DEVICE_KEY, authority.private_bytes(key).hex())
        session.flush()
        return key
    return authority.key_from_bytes(bytes.fromhex(text))


def device_public_key(ctx: Context) -> str:
    with ctx.db.unit_of_work() as session:
        return authority.public_text(device_key(session))


_READ = tuple(name for name in FIELDS if name != "payload")


def _intact(prev: str, row: EventRow) -> bool:
    event = Event(**{name: getattr(row, name) for name in _READ}, payload={})
    return bool(row.hash == chain_hash(prev, event, row.payload))


def _previous(session: Session, row: EventRow) -> str | None:
    """The hash the row continues from: "" for a device's first event, None when no own
    event before it has the link it keeps (deleted)."""
    if not row.prev_link:
        return ""
    earlier = (
        select(EventRow.hash)
        .where(EventRow.device == row.device, EventRow.seq < row.seq)
        .order_by(EventRow.seq.desc())
    )
    last = session.scalar(earlier.limit(1))
    if last is not None and link_of(last) == row.prev_link:
        return str(last)  # the usual case; a restore's fork point is further back
    for digest in session.scalars(earlier.execution_options(yield_per=500)):
        if link_of(digest) == row.prev_link:
            return str(digest)
    return None


def _refuse(row: EventRow, why: str) -> ChainRefused:
    return ChainRefused(
        f"Không gửi được: sự kiện {row.id} (loại «{row.type}») của quầy này {why}. Dữ liệu trên "
        "máy đã bị sửa sau khi ghi; hãy chạy «counter audit verify» và báo cho lãnh đạo cơ quan."
    )


def check_chain(session: Session, rows: list[EventRow]) -> tuple[str, int]:
    """(the hash the first row continues from, how many rows form one chain from it); raises
    ChainRefused for an own event that fails its hash. A batch stops before a restore's fork
    point (an event that does not continue from the one before it), which the next batch then
    starts from."""
    prev = _previous(session, rows[0])
    if prev is None:
        raise _refuse(rows[0], "không nối được với sự kiện trước nó (sự kiện trước đã bị xóa)")
    start, current = prev, prev
    for count, row in enumerate(rows):
        if count and row.prev_link != link_of(current):
            return start, count
        if not _intact(current, row):
            raise _refuse(row, "không khớp với mã băm của nó (nội dung đã bị sửa)")
        current = row.hash
    return start, len(rows)


def push_body(
    session: Session, ctx: Context, office: str, rows: list[EventRow], prev: str | None = None
) -> dict[str, Any]:
    """The body of a push of `rows` (own events in seq order, all of them one chain from
    `prev`, as `check_chain` gives it), its head signed with this counter's key."""
    if prev is None:
        prev = _previous(session, rows[0]) or ""
    head = rows[-1].hash
    signature = authority.sign(device_key(session), push_text(office, ctx.device_id, prev, head))
    return {
        "events": [row_to_wire(r) for r in rows],
        "head": {"prev": prev, "hash": head, "sig": signature},
    }


def take_receipt(session: Session, ctx: Context, office: str, answer: dict[str, Any]) -> None:
    """Keep the server's receipt after checking its signature (SyncError if it fails)."""
    receipt = answer.get("receipt")
    if not isinstance(receipt, dict):
        return  # a server older than receipts
    server_key = _get(session, SERVER_KEY)
    head, signature = str(receipt.get("head", "")), str(receipt.get("sig", ""))
    if server_key and not authority.verify(
        server_key, receipt_text(office, ctx.device_id, head), signature
    ):
        raise SyncError(
            "Biên nhận của máy chủ không có chữ ký hợp lệ: có thể đang nói chuyện với một máy "
            "chủ giả. Chưa ghi nhận lần gửi này; hãy báo cho quản trị máy chủ."
        )
    _set(session, RECEIPT, json.dumps({"head": head, "sig": signature}))


def take_trust(session: Session, ctx: Context, data: dict[str, Any]) -> None:
    """Keep the certificates and signed heads of other devices that a pull (or `/v1/trust`)
    brought; `audit.verify_chain` checks them."""
    certs = data.get("devices")
    if isinstance(certs, dict):
        for device, cert in certs.items():
            if device != ctx.device_id and isinstance(cert, list) and len(cert) == 3:
                _set(session, CERT + str(device)[:36], json.dumps([str(v) for v in cert]))
    heads = data.get("heads")
    if not isinstance(heads, list):
        return
    by_device: dict[str, list[str]] = {}
    for head in heads:
        if isinstance(head, list) and len(head) == 4 and head[0] != ctx.device_id:
            by_device.setdefault(str(head[0])[:36], []).append(" ".join(map(str, head[1:])))
    for device, lines in by_device.items():
        held = _get(session, HEADS + device)
        known = set(held.splitlines())
        fresh = [line for line in lines if line not in known]
        if fresh:
            _set(session, HEADS + device, "\n".join([*([held] if held else []), *fresh]))


def certificates(session: Session) -> dict[str, tuple[str, str, str]]:
    """Device → (key, since, server's signature) of the certificates held."""
    found: dict[str, tuple[str, str, str]] = {}
    for row in session.scalars(select(Setting).where(Setting.key.startswith(CERT))):
        try:
            key, since, sig = json.loads(row.value)
        except ValueError:
            key, since, sig = "", "", ""
        found[row.key[len(CERT) :]] = (str(key), str(since), str(sig))
    return found


def heads_of(session: Session, device: str) -> list[tuple[str, str, str]]:
    """The signed heads held for a device: (prev, hash, sig)."""
    heads = []
    for line in _get(session, HEADS + device).splitlines():
        parts = line.split(" ")
        if len(parts) == 3:
            heads.append((parts[0], parts[1], parts[2]))
    return heads
