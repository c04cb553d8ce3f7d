"""The sync wire format: compact event arrays in gzip JSON, and the status-link check value."""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import json
import re
import zlib
from typing import Any

from counter.domain.dossier import Event

PROTOCOL_VERSION = 1
PUSH_BATCH = 500
PULL_PAGE = 2000
MAX_BATCH = 2000

_HLC = re.compile(r"^\d{15}\.\d{6}$")


def event_to_wire(event: Event, digest: str = "") -> list[Any]:
    # Arrays, not objects: field names repeated on every event would double the bytes on the
    # wire. The last field is the event's hash in its device's tamper-evident chain.
    return [
        event.id,
        event.dossier_id,
        event.type,
        event.hlc,
        event.wall_time,
        event.device,
        event.actor,
        event.payload,
        digest,
    ]


def decode_event(item: Any) -> tuple[Event, str, str | None]:
    """Decode and check one event: (event, chain hash, payload text as sent or None).

    The payload is either an object or (in pull answers) the JSON text the origin hashed, which
    the counter stores as it is: no re-encoding, and the audit checks exactly what arrived.
    """
    if not isinstance(item, list) or len(item) not in (8, 9):
        raise ValueError("an event is an array of 9 fields")
    ident, dossier_id, kind, hlc, wall_time, device, actor, payload = item[:8]
    digest = item[8] if len(item) == 9 else ""
    text: str | None = None
    if isinstance(payload, str):
        text = payload
        try:
            payload = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise ValueError("payload text is not JSON") from exc
    texts = (ident, dossier_id, kind, hlc, wall_time, device, actor, digest)
    if not all(isinstance(t, str) for t in texts) or not isinstance(payload, dict):
        raise ValueError("event fields have the wrong types")
    shown = text if text is not None else json.dumps(payload, ensure_ascii=False)
    if not all(storable(t) for t in (*texts, shown)):
        raise ValueError("event fields contain a NUL character or a lone surrogate")
    limits = (36, 60, 30, 30, 19, 36, 50, 64)
    if any(len(t) > n for t, n in zip(texts, limits, strict=True)) or not ident or not dossier_id:
        raise ValueError("event fields are too long or empty")
    if not _HLC.match(hlc):
        raise ValueError("bad HLC timestamp")
    return Event(ident, dossier_id, kind, hlc, wall_time, device, actor, payload), digest, text


def event_from_wire(item: Any) -> Event:
    return decode_event(item)[0]


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


def check_value(secret: str, code: str) -> str:
    """The check value a status-page link carries: HMAC of the code under the office's key, so
    codes (which are sequential) cannot be enumerated. 72 bits, URL-safe."""
    digest = hmac.new(secret.encode(), code.strip().upper().encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:9]).decode()


def status_link(base_url: str, code: str, secret: str) -> str:
    """The address the QR code on the slip opens."""
    from urllib.parse import urlencode

    base = base_url.rstrip("/")
    if not base.endswith("/tra-cuu"):
        base += "/tra-cuu"
    return f"{base}?{urlencode({'ma': code, 'k': check_value(secret, code)})}"
