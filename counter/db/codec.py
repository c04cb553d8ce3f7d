"""How event values are stored: compact on disk, the same strings everywhere else.

The event log is most of a counter's database, so its columns are stored small and converted
back at this boundary; the domain, the sync wire format (JSON, hex), the fold and the audit see
exactly the strings they always did:

- ids (event, dossier, device): a canonical UUID string → its 16 bytes;
- chain hashes: 64 lowercase hex digits → their 32 bytes;
- HLC timestamps "MMMMMMMMMMMMMMM.LLLLLL" → one integer (millis × 10⁶ + logical), same order;
- wall times "YYYY-MM-DD HH:MM:SS" → seconds since 1970-01-01 of that naive time;
- payload JSON → raw deflate with a fixed preset dictionary, a version byte in front
  (resources/storage/payload-N.zdict, built once from the catalogue texts and payload shapes;
  never edited, see scripts/make_payload_dicts.py); a payload that compression would not
  shrink stays plain text.

Any value not in its canonical shape (an id that is not a UUID, such as a reference key) is
stored as the text it is, so every value reads back byte for byte. The SQLite columns have no
type affinity (BLOB), so an integer, a blob and a text value keep their storage class.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

from counter.paths import get_asset

# --- ids -------------------------------------------------------------------------------------


def uuid_in(value: str) -> bytes | str:
    if len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-":
        digits = value.replace("-", "")
        try:
            raw = bytes.fromhex(digits)
        except ValueError:
            return value
        if len(raw) == 16 and raw.hex() == digits:
            return raw
    return value


# Dossier and device ids repeat across a page of events: encoded once.
uuid_in_cached = lru_cache(maxsize=8192)(uuid_in)


def uuid_out(value: bytes | str) -> str:
    if isinstance(value, bytes):
        h = value.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return value


# --- hashes ----------------------------------------------------------------------------------


def hash_in(value: str) -> bytes | str:
    if len(value) == 64:
        try:
            raw = bytes.fromhex(value)
        except ValueError:
            return value
        if raw.hex() == value:
            return raw
    return value


def hash_out(value: bytes | str) -> str:
    return value.hex() if isinstance(value, bytes) else value


def link_of(prev_hash: str) -> bytes:
    """What an event keeps of its predecessor's hash: its first 4 bytes. The event's own hash
    covers the whole predecessor hash; the link only tells a missing predecessor (a deleted
    event) from an edited event when the chain is verified."""
    head = prev_hash[:8]
    try:
        return bytes.fromhex(head) if len(head) == 8 else head.encode()
    except ValueError:
        return head.encode()[:4]


# --- clocks ----------------------------------------------------------------------------------


def hlc_in(value: str) -> int | str:
    if len(value) == 22 and value[15] == "." and value.isascii():
        digits = value[:15] + value[16:]  # millis × 10⁶ + logical: the 21 digits as one number
        if digits.isdigit():
            return int(digits)
    return value


def hlc_out(value: int | str) -> str:
    if isinstance(value, int):
        millis, logical = divmod(value, 1_000_000)
        return f"{millis:015d}.{logical:06d}"
    return value


_EPOCH = datetime(1970, 1, 1)


@lru_cache(maxsize=4096)
def _day_seconds(day: str) -> int | None:
    try:
        moment = datetime.fromisoformat(day)
    except ValueError:
        return None
    if moment.date().isoformat() != day:
        return None
    return (moment - _EPOCH) // timedelta(seconds=1)


def wall_in(value: str) -> int | str:
    if (
        len(value) == 19
        and value[10] == " "
        and value[13] == ":"
        and value[16] == ":"
        and value.isascii()
    ):
        day = _day_seconds(value[:10])
        hh, mm, ss = value[11:13], value[14:16], value[17:19]
        if day is not None and hh.isdigit() and mm.isdigit() and ss.isdigit():
            h, m, sec = int(hh), int(mm), int(ss)
            if h < 24 and m < 60 and sec < 60:
                return day + h * 3600 + m * 60 + sec
    return value


def wall_out(value: int | str) -> str:
    if isinstance(value, int):
        return (_EPOCH + timedelta(seconds=value)).isoformat(sep=" ")
    return value


# --- payloads --------------------------------------------------------------------------------

# Version 1: raw deflate (2 KiB window) with resources/storage/payload-1.zdict, the shapes of
# the small payloads. Version 2, for an intake of a procedure of the bundled catalogue: a second
# byte names the procedure's segment of payload-2.zdict, used after version 1's text (8 KiB
# window). Both files are fixed for ever (tests/db/test_codec.py pins them).
_WBITS = {1: -11, 2: -13}
# zlib's memory level (the format does not depend on it). An intake is ~1.4 kB of JSON: with
# level 1 its symbols fill several small blocks, each with its Huffman trees built; level 3
# makes one block of most intakes at the cost of a slightly larger state to copy per payload
# (measured on the bench's 1,525 intakes: 62 → 42 µs each, and 0.6 % smaller). Levels 2 and 5
# instead of 1 and 3 made the very same bytes of all 10,051 bench payloads with 4 % fewer
# instructions for deflating them (callgrind, 2 Dec 2026).
_MEMLEVEL = {1: 2, 2: 5}
_LARGE = 256  # bytes of JSON from which an intake's procedure segment is looked for
_TINY = 16  # shorter payloads stay text
_PROCEDURE = re.compile(r'"procedure":\{"code":"([^"\\]*)"')


@cache
def _common() -> bytes:
    return get_asset("storage", "payload-1.zdict").read_bytes()


@cache
def _segments() -> tuple[dict[str, int], tuple[bytes, ...]]:
    data = json.loads(get_asset("storage", "payload-2.zdict").read_text("utf-8"))
    common = data["common"]
    codes = {code: i for i, (code, _) in enumerate(data["segments"])}
    return codes, tuple((common + text).encode()[-8192:] for _, text in data["segments"])


@cache
def _primed(version: int, segment: int) -> Any:
    """A compressor with the dictionary already loaded; each payload deflates with a copy of it
    (copying the small state is cheaper than loading the dictionary again)."""
    zdict = _common() if version == 1 else _segments()[1][segment]
    return zlib.compressobj(
        9, zlib.DEFLATED, _WBITS[version], _MEMLEVEL[version], zlib.Z_DEFAULT_STRATEGY, zdict
    )


def _deflate(data: bytes, version: int, segment: int = 0) -> bytes:
    deflate = _primed(version, segment).copy()
    return deflate.compress(data) + deflate.flush()


def payload_in(text: str) -> bytes | str:
    return _payload_in_short(text) if len(text) < _SHORT else _payload_in(text)


_SHORT = 64  # characters: payloads this short often repeat exactly (prints, payments, surveys)


def _payload_in(text: str) -> bytes | str:
    data = text.encode()
    if len(data) < _TINY:
        return text
    segment = None
    if len(data) >= _LARGE:
        found = _PROCEDURE.search(text)
        segment = _segments()[0].get(found.group(1)) if found else None
    if segment is None:
        packed = b"\x01" + _deflate(data, 1)
    else:
        packed = bytes((2, segment)) + _deflate(data, 2, segment)
    return packed if len(packed) < len(data) else text


_payload_in_short = lru_cache(maxsize=4096)(_payload_in)


def payload_out(value: bytes | str) -> str:
    if isinstance(value, str):
        return value
    version = value[0] if value else 0
    if version == 1:
        zdict, body = _common(), value[1:]
    elif version == 2 and len(value) > 1 and value[1] < len(_segments()[1]):
        zdict, body = _segments()[1][value[1]], value[2:]
    else:
        raise ValueError(f"unknown payload format {version}")
    inflate = zlib.decompressobj(_WBITS[version], zdict=zdict)
    return (inflate.decompress(body) + inflate.flush()).decode()


# --- SQLAlchemy column types -----------------------------------------------------------------


class _Stored(TypeDecorator[str]):
    """A string attribute stored through `codec_in`/`codec_out` (see the module docstring)."""

    impl = String  # no processing by the driver dialect; the DDL (migrations) says BLOB
    cache_ok = True
    # Each column type below sets its pair of codec functions.
    codec_in: Callable[[str], Any]
    codec_out: Callable[[Any], str]

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return None if value is None else self.codec_in(value) if isinstance(value, str) else value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else self.codec_out(value)


class UuidType(_Stored):
    cache_ok = True
    codec_in = staticmethod(uuid_in)
    codec_out = staticmethod(uuid_out)


class HashType(_Stored):
    cache_ok = True
    codec_in = staticmethod(hash_in)
    codec_out = staticmethod(hash_out)


class HlcType(_Stored):
    cache_ok = True
    codec_in = staticmethod(hlc_in)
    codec_out = staticmethod(hlc_out)


class WallType(_Stored):
    cache_ok = True
    codec_in = staticmethod(wall_in)
    codec_out = staticmethod(wall_out)


class PayloadType(_Stored):
    cache_ok = True
    codec_in = staticmethod(payload_in)
    codec_out = staticmethod(payload_out)
