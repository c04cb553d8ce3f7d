"""Sync without a network: a bundle of this counter's unsent events carried on a USB stick, its
import on the server or on another counter of the office, and the answer bundle that comes back.

A bundle carries exactly the push requests' bodies the network would send (`signing.push_body`,
batches of PUSH_BATCH), and the server takes them through the very function that handles a
network push (`server.handle_push`, after reading and checking every body first, so a bundle is
taken whole or not at all) and answers with its push answers and pull pages
(`server.pull_answer`): whatever a push is checked for, a bundle is too.

Until devices sign (the trust issue), a bundle is authenticated by two HMACs over its body: one
keyed by the device's token (the server keeps its hash, which is the key), one by the office's
key that every enrolled counter of the office holds (the status-link key), for a counter that
takes the bundle when no server is reachable. Both keys are bound to the office and the device.
The file is gzip JSON: a truncated copy fails gzip's own check before anything is read.

Digitised files travel in the same body (`files`: SHA-256 → base64 of the plaintext), so the
MACs cover them: the files named by the bundle's own attachment events that this counter holds
(`export(..., with_files=False)` leaves them out, for a small stick). On import each file must
hash to its name and be named by an attachment event (in the bundle, or already held), or the
whole bundle is refused before anything is stored. The server keeps them where the network
upload puts them (`ServerFiles.upload`); another counter keeps them in its encrypted store.

Answer bundles carry files back the same way: an export says which files its counter wants
(`files_wanted`: those it lacks of its open dossiers, and with "tải trước" on all it lacks; its
open dossiers, so the files of the answer's new attachment events to them come too; and its
size cap), and whoever answers (the server, or a counter) puts in those it holds, open dossiers
first, within the cap; the answer says how many did not fit, and the next export asks again.
The receiving counter checks every file's hash and that an attachment event names it before it
stores anything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.orm import Session

from counter.db.models import Device, Dossier, EventRow
from counter.db.wire import row_to_wire
from counter.domain.dossier import CLOSED, Event, EventType
from counter.domain.hlc import Timestamp
from counter.domain.numbers import format_mb
from counter.errors import CounterError, os_reason
from counter.services import attachments
from counter.services.context import Context
from counter.services.files import digest
from counter.services.status_link import STATUS_KEY
from counter.sync import files as file_sync
from counter.sync import reference, server, signing
from counter.sync.file_server import MAX_FILE, ServerFiles, default_dir
from counter.sync.protocol import (
    MAX_BATCH,
    PROTOCOL_VERSION,
    PULL_PAGE,
    PUSH_BATCH,
    BadEvent,
    BodyTooLarge,
    decode_events,
    dumps,
    gzip_json,
    read_json,
)
from counter.sync.state import (
    CURSOR,
    EXCHANGE,
    LAST_FILE,
    OFFICE,
    PUSHED,
    TOKEN,
    set_setting,
    setting,
    store_pulled,
)
from counter.sync.store import ServerDevice, ServerEvent, ServerOffice, ServerStore

FORMAT = "counter-sync-bundle"
VERSION = 1
MAX_BUNDLE = 512 * 1024 * 1024  # bytes, as written and once inflated
NOTHING_CHANGED = " Không có gì thay đổi."


class BundleRefused(CounterError):
    """A bundle that is not taken: its message says why, in plain Vietnamese; nothing was
    stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message + NOTHING_CHANGED)


# --- the file --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bundle:
    body: dict[str, Any]
    text: bytes  # the body as its MACs cover it
    macs: dict[str, str]


def _write(path: Path, body: dict[str, Any], keys: dict[str, bytes]) -> int:
    """Write atomically (a stick pulled out mid-write leaves the old file or none)."""
    text = dumps(body)
    macs = {name: _mac(key, text) for name, key in keys.items()}
    raw = gzip_json({"format": FORMAT, "version": VERSION, "mac": macs, "body": text.decode()})
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    with open(partial, "wb") as out:
        out.write(raw)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)
    return len(raw)


def _read(path: Path) -> _Bundle:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise CounterError(f"Không tìm thấy tệp «{path}».") from None
    except OSError as exc:
        raise CounterError(f"Không đọc được tệp «{path}»: {os_reason(exc)}.") from None
    try:
        data = read_json(raw, "gzip", MAX_BUNDLE)
    except BodyTooLarge:
        raise BundleRefused("Tệp đồng bộ lớn quá mức cho phép.") from None
    except ValueError:
        raise BundleRefused(
            "Tệp đồng bộ bị cắt cụt hoặc hỏng (có thể chưa chép xong sang USB, hoặc USB bị "
            "rút ra khi đang ghi). Hãy chép lại tệp từ máy đã xuất nó."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BundleRefused("Tệp này không phải tệp đồng bộ của phần mềm Một cửa.")
    if data.get("version") != VERSION:
        raise BundleRefused(
            "Tệp đồng bộ do một phiên bản khác của phần mềm tạo ra; hãy cập nhật phần mềm."
        )
    text, macs = data.get("body"), data.get("mac")
    try:
        body = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(macs, dict) or not _fields_ok(body):
        raise BundleRefused("Tệp đồng bộ không đúng định dạng.")
    return _Bundle(body, str(text).encode(), {k: v for k, v in macs.items() if isinstance(v, str)})


def _fields_ok(body: dict[str, Any]) -> bool:
    texts = ("kind", "office", "device")
    return all(isinstance(body.get(name), str) for name in texts)


# --- keys ------------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """What the server keeps of a device token (and keys that device's bundles with)."""
    return hashlib.sha256(token.encode()).hexdigest()


def device_key(hashed_token: str, office: str, device: str) -> bytes:
    return hmac.new(
        hashed_token.encode(), f"{FORMAT}/device {office} {device}".encode(), hashlib.sha256
    ).digest()


def office_key(status_key: str, office: str) -> bytes:
    return hmac.new(
        status_key.encode(), f"{FORMAT}/office {office}".encode(), hashlib.sha256
    ).digest()


def _mac(key: bytes, text: bytes) -> str:
    return hmac.new(key, text, hashlib.sha256).hexdigest()


def _verify(bundle: _Bundle, name: str, key: bytes) -> None:
    if not hmac.compare_digest(bundle.macs.get(name, ""), _mac(key, bundle.text)):
        raise BundleRefused(
            "Tệp đồng bộ đã bị sửa đổi hoặc không phải do quầy của cơ quan này tạo ra (mã xác "
            "thực không khớp)."
        )


# --- on the counter: export ------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    path: Path
    events: int
    first_seq: int  # this counter's position in its own log: the bundle's first and last event
    last_seq: int
    size: int  # bytes written
    files: int = 0  # digitised files carried
    files_left: int = 0  # named by the bundle's events and held here, but left out


@dataclass(frozen=True)
class _Keys:
    office: str
    token: str
    status_key: str


def _keys(session: Session) -> _Keys:
    keys = _Keys(setting(session, OFFICE), setting(session, TOKEN), setting(session, STATUS_KEY))
    if not keys.token or not keys.office:
        raise CounterError(
            "Quầy chưa đăng ký với máy chủ đồng bộ nên chưa trao đổi được bằng tệp. Hãy đăng ký "
            "quầy (counter register) trước."
        )
    return keys


def _own_keys(keys: _Keys, device: str) -> dict[str, bytes]:
    found = {"device": device_key(token_hash(keys.token), keys.office, device)}
    if keys.status_key:
        found["office"] = office_key(keys.status_key, keys.office)
    return found


def _own_hash_before(session: Session, device: str, seq: int) -> str:
    return (
        session.scalar(
            select(EventRow.hash)
            .where(EventRow.device == device, EventRow.seq <= seq)
            .order_by(EventRow.seq.desc())
            .limit(1)
        )
        or ""
    )


def _known(session: Session, me: str) -> dict[str, str]:
    """The newest event held here of every other device (the HLC grows along a device's
    chain): what another counter answering this bundle may leave out."""
    rows = session.execute(
        select(EventRow.device, func.max(EventRow.hlc))
        .where(EventRow.device != me)
        .group_by(EventRow.device)
    )
    return {str(device): str(hlc) for device, hlc in rows}


def export(ctx: Context, path: Path, *, with_files: bool = True) -> Exported:
    """Write every event of this counter the server has not acknowledged yet, with where it
    stands in its own log, in its chain and in the office's log (its pull cursor), and the
    files those events attach (unless `with_files` is off)."""
    me = ctx.device_id
    signing.device_public_key(ctx)  # made now if this counter enrolled before it had one
    with ctx.db.unit_of_work() as session:
        keys = _keys(session)
        if setting(session, CURSOR):
            # Local edits of reference data travel as events, as before a network push.
            reference.record_changes(session, ctx)
    with ctx.db.session() as session:
        pushed = int(setting(session, PUSHED, "0"))
        rows = list(
            session.scalars(
                select(EventRow)
                .where(EventRow.seq > pushed, EventRow.device == me)
                .order_by(EventRow.seq)
            )
        )
        base = _own_hash_before(session, me, pushed)
        device = session.get(Device, me)
        body = {
            "kind": "push",
            "protocol": PROTOCOL_VERSION,
            "office": keys.office,
            "device": me,
            "counter_no": ctx.counter_no,
            "name": device.name if device is not None else "",
            "created": _stamp(ctx),
            "first_seq": rows[0].seq if rows else pushed,
            "last_seq": rows[-1].seq if rows else pushed,
            "base": base,
            "head": rows[-1].hash if rows else base,
            "cursor": int(setting(session, CURSOR, "0")),
            "known": _known(session, me),
            # The push bodies the network would send, batch by batch.
            "pushes": _push_bodies(session, ctx, keys.office, rows),
            # The files the answer should bring back to this counter.
            "files_wanted": _files_wanted(ctx, session),
        }
    store = attachments.store(ctx)
    held = [h for h in dict.fromkeys(_row_files(rows)) if store.has(h)]
    carried = held if with_files else []
    encoded = {h: base64.b64encode(store.read(h)).decode() for h in carried}
    body["files"] = encoded
    if sum(len(text) for text in encoded.values()) > MAX_BUNDLE // 2:
        raise CounterError(
            "Các tệp số hóa chưa gửi quá lớn để ghi vào một tệp đồng bộ. Hãy xuất không kèm tệp "
            "số hóa (counter sync export --without-files): chúng sẽ được gửi khi có mạng."
        )
    size = _write(path, body, _own_keys(keys, me))
    first, last = (rows[0].seq, rows[-1].seq) if rows else (pushed, pushed)
    return Exported(
        Path(path), len(rows), first, last, size, len(carried), len(held) - len(carried)
    )


def _files_wanted(ctx: Context, session: Session) -> dict[str, Any]:
    """What this counter wants an answer to bring: the files named here that it lacks, those
    of its open dossiers first (open, and this counter recorded something on them) and, with
    "tải trước" on, all the others (but those left on the server on purpose, of long-closed
    dossiers); its open dossiers (so the files the answer's new events attach to them come as
    well); and its size cap in bytes."""
    ahead = setting(session, file_sync.PREFETCH, "0") == "1"
    touched = select(EventRow.dossier_id).where(EventRow.device == ctx.device_id)
    mine = {
        str(i)
        for i in session.scalars(
            select(Dossier.id).where(Dossier.status.not_in(list(CLOSED)), Dossier.id.in_(touched))
        )
    }
    query = (
        select(EventRow.payload, EventRow.dossier_id)
        .where(EventRow.type == EventType.ATTACHMENT_ADDED)
        .order_by(EventRow.seq)
    )
    if not ahead:  # only its open dossiers' (a small share of all the office's files)
        query = query.where(EventRow.dossier_id.in_(mine))
    store = attachments.store(ctx)
    of_open: dict[str, str] = {}
    others: dict[str, str] = {}
    for payload, dossier in session.execute(query):
        name = str(json.loads(payload).get("file", ""))
        if not name or store.has(name) or name in of_open:
            continue
        if str(dossier) in mine:
            of_open[name] = str(dossier)
            others.pop(name, None)
        elif not store.on_server_only(name):
            others.setdefault(name, str(dossier))
    return {
        "prefetch": ahead,
        "cap": file_sync.bundle_mb(session) * 1024 * 1024,
        "open": sorted(mine),
        # [file, dossier] pairs: the answer names each file's dossier, checked on import.
        "missing_open": [list(item) for item in of_open.items()],
        "missing": [list(item) for item in others.items()],
    }


_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class _Carry:
    files: dict[str, str]  # SHA-256 → base64 of the plaintext
    dossiers: dict[str, str]  # SHA-256 → the dossier an attachment event names it for
    left: int = 0  # wanted and held, but over the cap: the next answer brings them
    left_bytes: int = 0
    absent: int = 0  # wanted but not held by whoever answers (not uploaded yet)


def _answer_files(
    wanted: Any,
    named: Iterable[tuple[str, str]],
    size_of: Callable[[str], int | None],
    read: Callable[[str], bytes],
) -> _Carry:
    """The files an answer carries: of those the receiver wants (`files_wanted` of its
    export; `named`: (file, dossier) of the answer's attachment events), those held here
    (`size_of` None: not held), open dossiers first, until the receiver's cap is reached."""
    if not isinstance(wanted, dict):
        return _Carry({}, {})  # an export of an earlier release asks for nothing
    cap = wanted.get("cap")
    budget = min(cap if isinstance(cap, int) and cap >= 0 else 0, MAX_BUNDLE // 2)
    open_ids = {str(d) for d in wanted.get("open") or [] if isinstance(d, str)}
    named = list(named)

    def pairs(key: str) -> list[tuple[str, str]]:
        items = wanted.get(key)
        return [
            (str(item[0]), str(item[1]))
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, list) and len(item) == 2
        ]

    order = pairs("missing_open") + [(h, d) for h, d in named if d in open_ids]
    if wanted.get("prefetch") is True:
        order += pairs("missing") + named
    carried: dict[str, str] = {}
    dossiers: dict[str, str] = {}
    left = left_bytes = absent = 0
    for name, dossier in order:
        if not _HASH.fullmatch(name) or name in dossiers:
            continue
        dossiers[name] = dossier
        size = size_of(name)
        if size is None:
            absent += 1
        elif size > budget:
            left += 1
            left_bytes += size
        else:
            carried[name] = base64.b64encode(read(name)).decode()
            budget -= size
    return _Carry(carried, {h: dossiers[h] for h in carried}, left, left_bytes, absent)


def _row_files(rows: Sequence[EventRow]) -> list[str]:
    return [
        str(json.loads(r.payload).get("file", ""))
        for r in rows
        if r.type == EventType.ATTACHMENT_ADDED
    ]


def _carried_files(body: dict[str, Any], events: Sequence[Event]) -> dict[str, bytes]:
    """The bundle's files, each checked against its name, before anything is stored; with
    the hashes its attachment events name (a file named by none is checked by the caller)."""
    items = body.get("files", {})
    if not isinstance(items, dict):
        raise BundleRefused("Tệp đồng bộ không đúng định dạng.")
    found: dict[str, bytes] = {}
    for name, text in items.items():
        try:
            data = base64.b64decode(str(text), validate=True)
        except ValueError:
            raise BundleRefused("Tệp đồng bộ không đúng định dạng.") from None
        if digest(data) != name or not 0 < len(data) <= MAX_FILE:
            raise BundleRefused(
                f"Tệp số hóa {str(name)[:12]}… trong tệp đồng bộ không khớp mã SHA-256 của nó "
                "(tệp bị hỏng hoặc bị sửa)."
            )
        found[name] = data
    return found


def _attached(items: Iterable[tuple[str, str, Any]]) -> list[tuple[str, str]]:
    """(file, dossier) of the attachment events among (type, dossier, payload) triples."""
    found = []
    for kind, dossier, payload in items:
        if kind == EventType.ATTACHMENT_ADDED:
            data = json.loads(payload) if isinstance(payload, str) else payload
            found.append((str(data.get("file", "")), str(dossier)))
    return found


def _named(events: Sequence[Event]) -> set[str]:
    return {str(e.payload.get("file", "")) for e in events if e.type == EventType.ATTACHMENT_ADDED}


def _unnamed(name: str) -> BundleRefused:
    return BundleRefused(
        f"Tệp số hóa {name[:12]}… trong tệp đồng bộ không được sự kiện số hóa nào của cơ quan "
        "ghi nhận."
    )


def _held_names(session: Session, names: set[str]) -> set[str]:
    """Of `names`, those an attachment event held on this counter names. Payloads are stored
    deflated (a SQL text match never finds a hash in them): read through the model. Only
    asked about files a bundle carries that none of its own events names (rare)."""
    held: set[str] = set()
    if not names:
        return held
    payloads = session.scalars(
        select(EventRow.payload).where(EventRow.type == EventType.ATTACHMENT_ADDED)
    )
    for payload in payloads:
        name = json.loads(payload).get("file")
        if name in names:
            held.add(name)
            if held == names:
                break
    return held


def _push_bodies(
    session: Session, ctx: Context, office: str, rows: list[EventRow]
) -> list[dict[str, Any]]:
    """The push bodies the network would send for `rows`, batch by batch: each batch one chain
    checked here (an event edited on this PC is refused, as by a push) and its head signed."""
    bodies = []
    start = 0
    while start < len(rows):
        batch = rows[start : start + PUSH_BATCH]
        prev, count = signing.check_chain(session, batch)
        bodies.append(signing.push_body(session, ctx, office, batch[:count], prev))
        start += count
    return bodies


def _stamp(ctx: Context) -> str:
    return ctx.now().replace(microsecond=0).isoformat(sep=" ")


# --- on the counter: import ------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    kind: str  # "push": another counter's bundle (an answer was written); "answer"
    source: str  # "server" or "counter"
    counter_no: int  # the counter the bundle came from (0: the server)
    events: int  # events in the bundle
    new: int  # of which stored here for the first time
    answer: Path | None = None
    answer_events: int = 0
    files: int = 0  # digitised files carried (kept here, or already here)
    answer_files: int = 0  # files the answer written carries back
    answer_left: int = 0  # files the receiver wants, over its cap: the next answer brings them
    left_bytes: int = 0  # (an answer imported) files that did not fit: how many bytes
    absent: int = 0  # (an answer imported) files wanted that the answerer did not have yet

    def summary(self) -> str:
        origin = "máy chủ" if self.source == "server" else f"quầy số {self.counter_no}"
        if self.kind == "answer":
            text = (
                f"Đã nhập tệp trả lời của {origin}: {self.new} sự kiện mới, {self.files} tệp "
                "số hóa."
            )
            if self.source == "server":
                text += " Máy chủ đã nhận đủ các sự kiện trong tệp quầy này gửi đi."
            if self.answer_left:
                text += (
                    f" {self.answer_left} tệp số hóa ({format_mb(self.left_bytes)}) chưa vừa giới "
                    "hạn dung lượng của tệp trả lời: chúng sẽ có trong tệp trả lời lần sau "
                    "(hoặc được tải qua mạng khi mở)."
                )
            if self.absent:
                text += (
                    f" {self.absent} tệp số hóa {origin} chưa có (quầy đã số hóa chưa gửi lên): "
                    "sẽ có ở lần trao đổi sau."
                )
            return text
        text = (
            f"Đã nhập tệp của {origin}: {self.events} sự kiện, {self.new} sự kiện mới "
            f"({self.events - self.new} đã có từ trước), {self.files} tệp số hóa."
        )
        if self.answer is not None:
            text += (
                f" Tệp trả lời «{self.answer}» chứa {self.answer_events} sự kiện và "
                f"{self.answer_files} tệp số hóa mà quầy số {self.counter_no} còn thiếu: hãy "
                "mang về và nhập ở quầy đó."
            )
            if self.answer_left:
                text += (
                    f" {self.answer_left} tệp số hóa khác chưa vừa giới hạn dung lượng của quầy "
                    "đó: sẽ gửi ở lần sau."
                )
        return text


def answer_path(path: Path) -> Path:
    """Where an import writes its answer by default: beside the bundle, named after it."""
    path = Path(path)
    return path.with_name(f"{path.stem}-tra-loi{path.suffix or '.dongbo'}")


def import_file(ctx: Context, path: Path, answer: Path | None = None) -> Imported:
    """Take a bundle on this counter: another counter's (its events are applied as the server
    would take them, and an answer with what that counter lacks is written to `answer`), or
    an answer bundle (from the server or another counter) to an export of this counter."""
    bundle = _read(path)
    body = bundle.body
    with ctx.db.session() as session:
        keys = _keys(session)
    if body["office"] != keys.office:
        raise BundleRefused(
            f"Tệp này của cơ quan «{body['office']}», không phải của cơ quan «{keys.office}» mà "
            "quầy này thuộc về."
        )
    if body["kind"] == "push":
        return _take_peer_bundle(ctx, bundle, keys, answer or answer_path(path))
    if body["kind"] == "answer":
        return _take_answer(ctx, bundle, keys)
    raise BundleRefused("Tệp đồng bộ không đúng định dạng.")


def _decode(items: Any) -> tuple[list[Event], dict[str, str], dict[str, str]]:
    if not isinstance(items, list):
        raise BundleRefused("Tệp đồng bộ không đúng định dạng.")
    try:
        return decode_events(items)
    except BadEvent as exc:
        raise BundleRefused(exc.message.replace(" Máy chủ không nhận", " Không nhận")) from None


def _checked(events: Sequence[Event], texts: dict[str, str]) -> None:
    """The server's checks of a push, per device (`server.check_pushed`)."""
    by_device: dict[str, list[Event]] = {}
    for event in events:
        by_device.setdefault(event.device, []).append(event)
    try:
        for device, written in by_device.items():
            server.check_pushed(device, written, texts)
    except CounterError as exc:
        raise BundleRefused(exc.message) from None


def _unknown_ids(session: Session, ids: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        known.update(session.scalars(select(EventRow.id).where(EventRow.id.in_(chunk))))
    return set(ids) - known


def _out_of_order(where: str, body: dict[str, Any]) -> BundleRefused:
    return BundleRefused(
        f"Tệp này nối tiếp một tệp trước của quầy số {body.get('counter_no')} (đến sự kiện số "
        f"{int(body.get('first_seq') or 1) - 1} của quầy đó) mà {where} chưa nhận. Hãy nhập tệp "
        "trước đó trước, hoặc để quầy đó đồng bộ qua mạng."
    )


def _take_peer_bundle(ctx: Context, bundle: _Bundle, keys: _Keys, answer: Path) -> Imported:
    body = bundle.body
    sender = body["device"]
    if sender == ctx.device_id:
        raise BundleRefused(
            "Tệp này do chính quầy này xuất ra. Hãy mang nó tới máy chủ hoặc một quầy khác."
        )
    if not keys.status_key:
        raise BundleRefused("Quầy này chưa nhận khoá của cơ quan nên không kiểm tra được tệp.")
    _verify(bundle, "office", office_key(keys.status_key, keys.office))
    events, hashes, texts = _pushed(sender, body)
    carried = _carried_files(body, events)
    with ctx.db.unit_of_work() as session:
        fresh = _unknown_ids(session, [e.id for e in events])
        base = str(body.get("base") or "")
        if fresh and base and not _holds(session, sender, base):
            raise _out_of_order("quầy này", body)
        stray = set(carried) - _named(events)
        for name in sorted(stray - _held_names(session, stray)):
            raise _unnamed(name)
        new = store_pulled(session, events, hashes, texts)
        # The sender's signed heads, for the audit's check of its signature.
        heads = [p.get("head") for p in body["pushes"]]
        signing.take_trust(
            session,
            ctx,
            {
                "heads": [
                    [sender, h.get("prev"), h.get("hash"), h.get("sig")]
                    for h in heads
                    if isinstance(h, dict)
                ]
            },
        )
        _remember(session, sender, int(body.get("counter_no") or 0), ctx, _held(session, ctx, body))
        reply = _answer_rows(session, sender, body.get("known"))
        store = attachments.store(ctx)
        carry = _answer_files(
            body.get("files_wanted"),
            _attached((r.type, r.dossier_id, r.payload) for r in reply),
            lambda h: store.path(h).stat().st_size if store.has(h) else None,
            store.read,
        )
        reply_body = {
            "kind": "answer",
            "source": "counter",
            "office": keys.office,
            "device": ctx.device_id,
            "counter_no": ctx.counter_no,
            "to": sender,
            "created": _stamp(ctx),
            "acks": {"seq": int(body.get("last_seq") or 0), "head": body.get("head", "")},
            "events": [row_to_wire(r) for r in reply],
            "files": carry.files,
            "file_dossiers": carry.dossiers,
            "files_left": _left(carry),
        }
    if new:
        ctx.clock.observe(Timestamp.decode(max(e.hlc for e in new)))
    for data in carried.values():
        store.put(data)  # encrypted here, as a scan made at this counter
    _write(answer, reply_body, {"office": office_key(keys.status_key, keys.office)})
    return Imported(
        "push",
        "counter",
        int(body.get("counter_no") or 0),
        len(events),
        len(new),
        answer,
        len(reply),
        len(carried),
        answer_files=len(carry.files),
        answer_left=carry.left,
    )


def _left(carry: _Carry) -> dict[str, int]:
    return {"count": carry.left, "bytes": carry.left_bytes, "absent": carry.absent}


def _held(session: Session, ctx: Context, body: dict[str, Any]) -> int:
    """How far the sender holds this counter's events, by what its bundle says it holds."""
    known = body.get("known")
    newest = known.get(ctx.device_id) if isinstance(known, dict) else None
    if not isinstance(newest, str) or not _is_hlc(newest):
        return 0
    return int(
        session.scalar(
            select(func.max(EventRow.seq)).where(
                EventRow.device == ctx.device_id, EventRow.hlc <= newest
            )
        )
        or 0
    )


def _pushed(
    sender: str, body: dict[str, Any]
) -> tuple[list[Event], dict[str, str], dict[str, str]]:
    """Every event of a bundle's push bodies, decoded and checked as the server checks a push
    (`server.check_pushed`), before anything is stored."""
    pushes = body.get("pushes")
    if not isinstance(pushes, list) or not all(isinstance(p, dict) for p in pushes):
        raise BundleRefused("Tệp đồng bộ không đúng định dạng.")
    events: list[Event] = []
    hashes: dict[str, str] = {}
    texts: dict[str, str] = {}
    for push in pushes:
        items = push.get("events")
        if isinstance(items, list) and len(items) > MAX_BATCH:
            raise BundleRefused("Tệp đồng bộ không đúng định dạng.")
        batch, batch_hashes, batch_texts = _decode(items)
        events += batch
        hashes.update(batch_hashes)
        texts.update(batch_texts)
    try:
        server.check_pushed(sender, events, texts)
    except CounterError as exc:
        raise BundleRefused(exc.message) from None
    return events, hashes, texts


def _holds(session: Session, device: str, digest: str) -> bool:
    return (
        session.scalar(
            select(EventRow.seq).where(EventRow.device == device, EventRow.hash == digest).limit(1)
        )
        is not None
    )


def _answer_rows(session: Session, to: str, known: Any) -> list[EventRow]:
    """The events held here that the counter `to` lacks, by what its bundle says it holds."""
    known = known if isinstance(known, dict) else {}
    newer = [
        and_(EventRow.device == device, EventRow.hlc > hlc)
        for device, hlc in known.items()
        if isinstance(device, str) and isinstance(hlc, str) and _is_hlc(hlc)
    ]
    named = [d for d in known if isinstance(d, str)]
    wanted = or_(not_(EventRow.device.in_(named)) if named else EventRow.seq > 0, *newer)
    return list(
        session.scalars(
            select(EventRow).where(EventRow.device != to, wanted).order_by(EventRow.seq)
        )
    )


def _is_hlc(text: str) -> bool:
    try:
        Timestamp.decode(text)
    except (ValueError, TypeError):
        return False
    return True


def _remember(session: Session, device: str, counter_no: int, ctx: Context, held: int) -> None:
    """The last bundle exchanged with another counter, for the sync panel."""
    key = EXCHANGE + device
    seen = json.loads(setting(session, key, "{}"))
    seen.update({"counter_no": counter_no, "at": _stamp(ctx)})
    seen["held"] = max(held, int(seen.get("held", 0)))
    set_setting(session, key, json.dumps(seen))


def _take_answer(ctx: Context, bundle: _Bundle, keys: _Keys) -> Imported:
    body = bundle.body
    if body.get("to") != ctx.device_id:
        raise BundleRefused(
            "Tệp trả lời này dành cho một quầy khác; hãy nhập nó ở quầy đã xuất tệp gửi đi."
        )
    acks = body.get("acks")
    acked = acks.get("seq") if isinstance(acks, dict) else 0
    acked = acked if isinstance(acked, int) else 0
    if body.get("source") == "server":
        _verify(bundle, "device", device_key(token_hash(keys.token), keys.office, ctx.device_id))
        pages = body.get("pages")
        if not isinstance(pages, list) or not all(isinstance(p, dict) for p in pages):
            raise BundleRefused("Tệp đồng bộ không đúng định dạng.")
        decoded = [_decode(page.get("events")) for page in pages]
        for events, _hashes, texts in decoded:
            _checked(events, texts)
        new: list[Event] = []
        total = sum(len(events) for events, _, _ in decoded)
        carried = _answer_carried(ctx, body, [e for events, _, _ in decoded for e in events])
        with ctx.db.unit_of_work() as session:
            for (events, hashes, texts), page in zip(decoded, pages, strict=True):
                new += store_pulled(session, events, hashes, texts)
                signing.take_trust(session, ctx, page)
            cursor = int(setting(session, CURSOR, "0"))
            after, reached = body.get("after"), body.get("cursor")
            if isinstance(after, int) and isinstance(reached, int) and after <= cursor:
                set_setting(session, CURSOR, str(max(cursor, reached)))
            for receipt in body.get("receipts") or []:
                # The server's signed receipts of the heads it stored, as a push's answer.
                if isinstance(receipt, dict):
                    signing.take_receipt(session, ctx, keys.office, receipt)
            pushed = int(setting(session, PUSHED, "0"))
            set_setting(session, PUSHED, str(max(pushed, acked)))
            set_setting(session, LAST_FILE, _stamp(ctx))
        counter_no = 0
    elif body.get("source") == "counter":
        if not keys.status_key:
            raise BundleRefused("Quầy này chưa nhận khoá của cơ quan nên không kiểm tra được tệp.")
        _verify(bundle, "office", office_key(keys.status_key, keys.office))
        events, hashes, texts = _decode(body.get("events"))
        _checked(events, texts)
        total = len(events)
        counter_no = int(body.get("counter_no") or 0)
        carried = _answer_carried(ctx, body, events)
        with ctx.db.unit_of_work() as session:
            new = store_pulled(session, events, hashes, texts)
            _remember(session, body["device"], counter_no, ctx, held=acked)
    else:
        raise BundleRefused("Tệp đồng bộ không đúng định dạng.")
    if new:
        ctx.clock.observe(Timestamp.decode(max(e.hlc for e in new)))
    left = body.get("files_left")
    left = left if isinstance(left, dict) else {}
    return Imported(
        "answer",
        str(body["source"]),
        counter_no,
        total,
        len(new),
        files=carried,
        answer_left=_count(left.get("count")),
        left_bytes=_count(left.get("bytes")),
        absent=_count(left.get("absent")),
    )


def _count(value: Any) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def _answer_carried(ctx: Context, body: dict[str, Any], events: Sequence[Event]) -> int:
    """The answer's files: each checked against its hash and named by an attachment event
    (of the answer, or held here for the dossier the answer says) before any is kept, then
    kept here (encrypted) before the events that name them are stored. Refused whole on the
    first that does not match."""
    carried = _carried_files(body, events)
    dossiers = body.get("file_dossiers")
    dossiers = dossiers if isinstance(dossiers, dict) else {}
    stray = set(carried) - _named(events)
    if stray:
        with ctx.db.session() as session:
            for name in sorted(stray):
                if not _named_here(session, name, str(dossiers.get(name, ""))):
                    raise _unnamed(name)
    store = attachments.store(ctx)
    for data in carried.values():
        store.put(data)
    return len(carried)


def _named_here(session: Session, name: str, dossier: str) -> bool:
    """Whether an attachment event held here names file `name` for `dossier` (payloads are
    stored deflated: read through the model, for that dossier's few events only)."""
    payloads = session.scalars(
        select(EventRow.payload).where(
            EventRow.dossier_id == dossier, EventRow.type == EventType.ATTACHMENT_ADDED
        )
    )
    return any(json.loads(p).get("file") == name for p in payloads)


# --- on the server ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerImported:
    office: str
    counter_no: int
    events: int
    accepted: int  # stored for the first time
    repeated: int  # already there (a copy imported again, or delivered by the network)
    answer: Path
    answer_events: int
    clashes: tuple[str, ...] = ()
    files: int = 0  # digitised files carried (kept, or already there)
    answer_files: int = 0  # files the answer carries back to the counter
    answer_left: int = 0  # files it wants, over its cap: the next answer brings them

    def summary(self) -> str:
        text = (
            f"Đã nhập tệp của quầy số {self.counter_no} ({self.office}): {self.events} sự kiện, "
            f"{self.accepted} sự kiện mới, {self.repeated} đã có từ trước, {self.files} tệp số "
            "hóa."
        )
        if self.clashes:
            text += " Mã hồ sơ trùng với quầy khác: " + ", ".join(self.clashes) + "."
        text += (
            f" Tệp trả lời «{self.answer}» chứa {self.answer_events} sự kiện và "
            f"{self.answer_files} tệp số hóa mà quầy còn thiếu: hãy mang về và nhập ở quầy đó "
            "(counter sync import)."
        )
        if self.answer_left:
            text += (
                f" {self.answer_left} tệp số hóa khác chưa vừa giới hạn dung lượng của quầy: sẽ "
                "gửi ở lần sau."
            )
        return text


def import_on_server(
    store: ServerStore,
    path: Path,
    answer: Path | None = None,
    office: str = "",
    files: ServerFiles | None = None,
) -> ServerImported:
    """Take a counter's bundle on the server as its network push would be taken (the same
    checks, `server.handle_push`), keep its files where the network upload puts them
    (`files`, by default the folder the server app uses), and write the answer: the office's
    events the counter lacks, as the pull pages it would have received (`server.pull_answer`)."""
    files = files or ServerFiles(store, default_dir(store))
    bundle = _read(path)
    body = bundle.body
    if body["kind"] != "push":
        raise BundleRefused(
            "Đây là tệp trả lời dành cho một quầy; hãy nhập nó ở quầy đó, không phải ở máy chủ."
        )
    with store.session() as session:
        device = session.get(ServerDevice, body["device"])
        if device is None:
            raise BundleRefused(
                "Máy chủ không biết quầy đã xuất tệp này (chưa đăng ký, hoặc đăng ký với máy "
                "chủ khác)."
            )
        holder = session.get(ServerOffice, device.office_id)
        assert holder is not None
        if body["office"] != holder.identifier or (
            office and office.strip().upper() != holder.identifier
        ):
            raise BundleRefused(
                f"Tệp này ghi cơ quan «{body['office']}», nhưng quầy số {device.counter_no} "
                f"đăng ký với cơ quan «{holder.identifier}»"
                + (f" và lệnh nhập cho cơ quan «{office}»." if office else ".")
            )
        if device.token_hash.startswith(server.REVOKED):
            raise BundleRefused(
                f"Quầy số {device.counter_no} của cơ quan «{holder.identifier}» đã bị thu hồi "
                "trên máy chủ: tệp của quầy này không được nhận."
            )
        _verify(bundle, "device", device_key(device.token_hash, holder.identifier, device.id))
        caller = server.Caller(device.id, device.office_id, device.counter_no)
        # Every body is read and checked before any is stored: a bundle is taken whole or not.
        events, _hashes, _texts = _pushed(device.id, body)
        carried = _carried_files(body, events)
        ids = [e.id for e in events]
        base = str(body.get("base") or "")
        if ids and base and not _server_holds(session, caller, base):
            stored: set[str] = set()
            for start in range(0, len(ids), 500):
                stored.update(
                    session.scalars(
                        select(ServerEvent.id).where(
                            ServerEvent.office_id == caller.office_id,
                            ServerEvent.id.in_(ids[start : start + 500]),
                        )
                    )
                )
            if set(ids) - stored:
                raise _out_of_order("máy chủ", body)
    for name in sorted(set(carried) - _named(events)):
        if not files.referenced(caller.office_id, name):
            raise _unnamed(name)
    receipts = []
    try:
        for push in body["pushes"]:
            receipts.append(server.handle_push(store, caller, push))
        for name, data in carried.items():
            # As the network upload would, in one chunk (already there: nothing is written).
            if not files.upload(caller, name, 0, len(data), data)["complete"]:
                # A network upload of it cut midway: the whole file is here, start again.
                files.partial(caller, name).unlink(missing_ok=True)
                files.upload(caller, name, 0, len(data), data)
    except CounterError as exc:
        raise BundleRefused(exc.message) from None
    after = body.get("cursor")
    after = after if isinstance(after, int) and after >= 0 else 0
    start, pages = after, []
    while True:
        page = json.loads(server.pull_answer(store, caller, start, PULL_PAGE))
        pages.append(page)
        start = page["cursor"]
        if not page["more"]:
            break
    found = [e for page in pages for e in _decode(page["events"])[0]]
    carry = _answer_files(
        body.get("files_wanted"),
        _attached((e.type, e.dossier_id, e.payload) for e in found),
        lambda h: _size(files.final(caller.office_id, h)),
        lambda h: files.final(caller.office_id, h).read_bytes(),
    )
    reply = {
        "kind": "answer",
        "source": "server",
        "office": holder.identifier,
        "device": "",
        "to": device.id,
        "created": datetime.now().replace(microsecond=0).isoformat(sep=" "),
        "acks": {"seq": int(body.get("last_seq") or 0), "head": body.get("head", "")},
        "after": after,
        "cursor": start,
        # The server's answers to the push bodies, as the network push would have had them.
        "receipts": receipts,
        "pages": pages,
        # The files the counter wants that the server holds, within its cap.
        "files": carry.files,
        "file_dossiers": carry.dossiers,
        "files_left": _left(carry),
    }
    answer = answer or answer_path(path)
    _write(answer, reply, {"device": device_key(device.token_hash, holder.identifier, device.id)})
    return ServerImported(
        holder.identifier,
        device.counter_no,
        len(ids),
        sum(int(r["accepted"]) for r in receipts),
        sum(int(r["repeated"]) for r in receipts),
        answer,
        sum(len(p["events"]) for p in pages),
        tuple(str(c["code"]) for r in receipts for c in r["clashes"]),
        len(carried),
        len(carry.files),
        carry.left,
    )


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return None


def _server_holds(session: Session, caller: server.Caller, digest: str) -> bool:
    return (
        session.scalar(
            select(ServerEvent.seq)
            .where(
                ServerEvent.office_id == caller.office_id,
                ServerEvent.device == caller.device_id,
                ServerEvent.hash == digest,
            )
            .limit(1)
        )
        is not None
    )
