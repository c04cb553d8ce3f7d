"""The event's one written form: its fields in wire order, the payload text, the canonical JSON
its tamper-evident hash covers, and the conversions between an event and a stored row.

Every place that writes an event down reads it from here: the local log (counter/db/events.py),
the audit, the sync client's push, the server's store and pull answers, the status page. The
field order is the `Event` dataclass's; it is the sync protocol's array order (version 1: id,
dossier_id, type, hlc, wall_time, device, actor, payload, then the hash) and, sorted, the
canonical form's key order, so a new field on `Event` changes both: it needs a new protocol
version and keeps the old events' hashes only if it is left out of the canonical form.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import fields
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from counter.domain.dossier import Event, problem
from counter.domain.validity import (
    FIRST_YEAR,
    LAST_YEAR,
    REFERENCE_PREFIX,
    Invalid,
    check_reference,
    moment,
)

FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Event))
# A stored row (the local log, the server's log) has the event's attributes under the same
# names, the payload as its JSON text, and the event's hash in its device's chain.
HASH = "hash"
_CANONICAL = tuple(sorted(FIELDS))


def payload_json(payload: dict[str, Any]) -> str:
    """How a payload is stored, sent and hashed: compact, keys sorted, so the hash input can be
    rebuilt from the stored text."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_PLAIN = re.compile(r"[0-9A-Za-z_.:\- ]*")


def _js(value: str) -> str:
    # json.dumps of a plain ASCII string is just the quoted string; skipping the encoder for
    # ids, clocks and type names halves the cost of hashing a million demo events.
    return f'"{value}"' if _PLAIN.fullmatch(value) else json.dumps(value, ensure_ascii=False)


# The canonical form's text around the payload, with a slot for each other field's JSON: built
# once, as formatting a template is cheaper than joining the keys for every event.
_AT = _CANONICAL.index("payload")
_BEFORE, _AFTER = attrgetter(*_CANONICAL[:_AT]), attrgetter(*_CANONICAL[_AT + 1 :])
_HEAD = "{" + "".join(f'"{name}":%s,' for name in _CANONICAL[:_AT]) + '"payload":'
_TAIL = "".join(f',"{name}":%s' for name in _CANONICAL[_AT + 1 :]) + "}"


def canonical(event: Event, payload_text: str | None = None) -> str:
    """The text the tamper-evident hash covers: every field, keys in sorted order, the payload
    as `payload_text` (the stored text) or else as `payload_json` gives it."""
    body = payload_text if payload_text is not None else payload_json(event.payload)
    return _HEAD % tuple(map(_js, _BEFORE(event))) + body + _TAIL % tuple(map(_js, _AFTER(event)))


def chain_hash(prev_hash: str, event: Event, payload_text: str | None = None) -> str:
    """The event's hash in its device's chain: it covers the previous hash and the event."""
    return hashlib.sha256((prev_hash + canonical(event, payload_text)).encode()).hexdigest()


def columns(event: Event, payload_text: str) -> dict[str, Any]:
    """The event as a stored row's values (payload as its JSON text), without the hash."""
    values = {name: getattr(event, name) for name in FIELDS}
    values["payload"] = payload_text
    return values


def from_row(row: Any) -> Event:
    """The event a stored row (local or server log) holds."""
    values = {name: getattr(row, name) for name in FIELDS}
    values["payload"] = json.loads(values["payload"])
    return Event(**values)


def to_wire(event: Any, digest: str) -> list[Any]:
    """The event as the sync protocol sends it: its fields as an array, then its hash.

    `event` is an `Event` (payload as an object) or a stored row (payload as its JSON text,
    which is how counters and the server send it: the receiver keeps the very text the origin
    hashed). Arrays, not objects: field names repeated on every event would double the bytes.
    """
    return [*(getattr(event, name) for name in FIELDS), digest]


# An HLC's wall part is milliseconds since 1970: within the dates' window too, or one device's
# wrong clock would drag every counter's clock along (a clock never goes back).
_HLC_FIRST = int(datetime(FIRST_YEAR, 1, 1, tzinfo=UTC).timestamp() * 1000)
_HLC_LAST = int(datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC).timestamp() * 1000)


# The longest payload (its JSON text) an event may carry: a received dossier is a few kB.
MAX_PAYLOAD = 64 * 1024


def check(event: Event, text: str | None = None) -> None:
    """Raise `Invalid` unless the event follows the protocol: a type this release knows (a
    dossier event or reference data), a clock and wall time in the dates' window, the payload
    its type needs and, given its JSON `text`, no longer than MAX_PAYLOAD. The server runs it
    on every pushed event before sharing any, and a counter on every event it writes, so no
    counter stores what the server would refuse (its pushes would stop there)."""
    if text is not None and len(text) > MAX_PAYLOAD:
        raise Invalid("payload", f"dài quá {MAX_PAYLOAD // 1024} KB")
    millis = event.hlc.partition(".")[0]
    if not millis.isdigit() or not _HLC_FIRST <= int(millis) < _HLC_LAST:
        raise Invalid("hlc", f"phải là thời điểm trong khoảng năm {FIRST_YEAR}–{LAST_YEAR}")
    if event.type.startswith(REFERENCE_PREFIX):
        try:
            moment(event.wall_time)
        except Invalid as exc:
            raise exc.within("wall_time") from None
        check_reference(event.type, event.dossier_id, event.payload)
        return
    found = problem(event)
    if found is not None:
        raise found


def row_to_wire(row: Any) -> list[Any]:
    """A stored row as the sync protocol sends it, with the hash it is stored with."""
    return to_wire(row, getattr(row, HASH))
