"""The sync protocol: batch sizes, gzip JSON bodies, and the check of an event as it arrives."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from typing import Any

from counter.db.wire import FIELDS, HASH
from counter.domain.dossier import Event
from counter.domain.validity import Invalid

# Files (counter/sync/files.py ↔ file_server.py): here so that a counter sends and checks its
# files without importing the server's modules (SQLAlchemy's server tables, Alembic).
CHUNK = 256 * 1024  # what the counters send at once
CHECK_BATCH = 1000  # the most file hashes asked about in one request

PROTOCOL_VERSION = 1
PUSH_BATCH = 500
PULL_PAGE = 2000
MAX_BATCH = 2000

_HLC = re.compile(r"^\d{15}\.\d{6}$")
# The longest value each text field may have: the server log's column sizes (sync_events).
LIMITS = {
    "id": 36,
    "dossier_id": 60,
    "type": 30,
    "hlc": 30,
    "wall_time": 19,
    "device": 36,
    "actor": 50,
    HASH: 64,
}


def decode_event(item: Any) -> tuple[Event, str, str | None]:
    """Decode and check one event of the wire form (`wire.to_wire`): (event, chain hash,
    payload text as sent or None). The hash may be missing (an array of the fields alone).
    Raises `Invalid` (a ValueError) naming the field.

    The payload is either an object or the JSON text the origin hashed (as counters push and the
    server answers a pull), which the receiver stores as it is: no re-encoding, and the audit
    checks exactly what arrived.
    """
    if not isinstance(item, list) or len(item) not in (len(FIELDS), len(FIELDS) + 1):
        raise Invalid("sự kiện", f"phải là một mảng {len(FIELDS) + 1} giá trị")
    values = dict(zip(FIELDS, item, strict=False))
    digest = item[len(FIELDS)] if len(item) > len(FIELDS) else ""
    payload = values["payload"]
    text: str | None = None
    if isinstance(payload, str):
        text = payload
        try:
            values["payload"] = payload = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise Invalid("payload", "không phải JSON đọc được") from exc
    texts = {name: value for name, value in values.items() if name != "payload"}
    texts[HASH] = digest
    for name, value in texts.items():
        if not isinstance(value, str):
            raise Invalid(name, "phải là chuỗi ký tự")
        if not storable(value):
            raise Invalid(name, "chứa ký tự NUL hoặc nửa cặp UTF-16 đứng một mình")
        if len(value) > LIMITS[name]:
            raise Invalid(name, f"dài quá {LIMITS[name]} ký tự")
    if not isinstance(payload, dict):
        raise Invalid("payload", "phải là một đối tượng")
    if not storable(text if text is not None else json.dumps(payload, ensure_ascii=False)):
        raise Invalid("payload", "chứa ký tự NUL hoặc nửa cặp UTF-16 đứng một mình")
    for name in ("id", "dossier_id"):
        if not texts[name]:
            raise Invalid(name, "bị thiếu")
    if not _HLC.match(texts["hlc"]):
        raise Invalid("hlc", "phải là đồng hồ lai dạng 000000000000000.000000")
    return Event(**values), digest, text


class BadEvent(ValueError):
    """An event of a batch that does not follow the protocol: `message` (Vietnamese) names it
    and the field, for the sender's clerk and the server's log."""

    def __init__(self, number: int, item: Any, problem: Invalid) -> None:
        ident = item[0] if isinstance(item, list) and item and isinstance(item[0], str) else ""
        kind = item[2] if isinstance(item, list) and len(item) > 2 else ""
        named = f" (mã {ident[:36]}, loại «{kind[:30]}»)" if ident and isinstance(kind, str) else ""
        message = (
            f"Sự kiện thứ {number} của lần gửi{named} không hợp lệ: trường «{problem.field}» "
            f"{problem.reason}. Máy chủ không nhận lần gửi này và chưa lưu sự kiện nào của nó."
        )
        # The id, type and field names are the sender's text, a lone surrogate maybe: the
        # answer must still be UTF-8.
        self.message = message.encode(errors="replace").decode()
        super().__init__(self.message)
        self.field = problem.field


def decode_events(items: list[Any]) -> tuple[list[Event], dict[str, str], dict[str, str]]:
    """A batch or page of events: the events, and the origin's hashes and payload texts by
    event id (for `events.ingest` on a counter, `server.push_events` on the server). Raises
    `BadEvent` for the first event that cannot be read."""
    decoded = []
    for number, item in enumerate(items, 1):
        try:
            decoded.append(decode_event(item))
        except Invalid as problem:
            raise BadEvent(number, item, problem) from None
    events = [event for event, _, _ in decoded]
    hashes = {event.id: digest for event, digest, _ in decoded if digest}
    texts = {event.id: text for event, _, text in decoded if text is not None}
    return events, hashes, texts


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def gzip_json(data: Any) -> bytes:
    # Level 6: nearly the ratio of 9 at a fraction of the CPU, on both ends.
    return gzip.compress(dumps(data), compresslevel=6)


MAX_BODY = 32 * 1024 * 1024  # bytes, as sent and after gunzip; a batch of 2,000 events is a few MB


class BodyTooLarge(ValueError):
    """A request body (as sent or once inflated) larger than MAX_BODY."""


def read_json(body: bytes, encoding: str | None, limit: int | None = None) -> Any:
    """Parse a request body, gunzipping it first when sent so.

    Refused with ValueError: a truncated or corrupt gzip stream (even one that inflates to valid
    JSON: a missing trailer means the CRC was never checked), bytes after the gzip stream, and
    text that is not JSON or nests deeper than the parser can go. Refused with BodyTooLarge: a
    body larger than `limit` (default MAX_BODY) as sent or once inflated (a "gzip bomb"), which
    is never inflated further than the limit.
    """
    limit = MAX_BODY if limit is None else limit
    if len(body) > limit:
        raise BodyTooLarge("request body too large")
    if encoding and encoding.strip().lower() == "gzip":
        inflater = zlib.decompressobj(wbits=31)
        try:
            text = inflater.decompress(body, limit + 1)
        except zlib.error as exc:
            raise ValueError("corrupt gzip stream") from exc
        if len(text) > limit or inflater.unconsumed_tail:
            raise BodyTooLarge("request body too large once inflated")
        if not inflater.eof:
            raise ValueError("truncated gzip stream")
        if inflater.unused_data:
            raise ValueError("data after the gzip stream")
        body = text
    elif encoding and encoding.strip().lower() not in ("identity", ""):
        raise ValueError(f"unsupported content encoding {encoding!r}")
    try:
        return json.loads(body)
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply") from exc
    except UnicodeDecodeError as exc:
        raise ValueError("body is not UTF-8") from exc


def storable(text: str) -> bool:
    """Whether a string can be stored as it is in SQLite and PostgreSQL: no NUL character
    (PostgreSQL refuses it) and no lone surrogate (not encodable as UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True
