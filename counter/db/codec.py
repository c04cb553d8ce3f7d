"""How event values are stored: compact on disk, the same strings everywhere else.

The event log is most of a counter's database, so its columns are stored small and converted
back at this boundary; the domain, the sync wire format (JSON, hex), the fold and the audit see
exactly the strings they always did:

- ids (event, dossier, device): a canonical UUID string → its 16 bytes;
- chain hashes: 64 lowercase hex digits → their 32 bytes;
- HLC timestamps "MMMMMMMMMMMMMMM.LLLLLL" → one integer (millis × 10⁶ + logical), same order;
- wall times "YYYY-MM-DD HH:MM:SS" → seconds since 1970-01-01 of that naive time;
- payload JSON → raw deflate with a fixed preset dictionary, a version byte in front
  (resources/storage/payload-N.zdict; never edited, see scripts/make_payload_dicts.py); a
  payload that compression would not shrink stays plain text.

Any value not in its canonical shape (an id that is not a UUID, such as a reference key) is
stored as the text it is, so every value reads back byte for byte. The SQLite columns have no
type affinity (BLOB), so an integer, a blob and a text value keep their storage class.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta
from functools import cache
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
    """What an event keeps of its predecessor's hash: the first 4 bytes. The hash itself covers
    the whole predecessor hash; the link only tells a missing predecessor (a deleted event)
    from an edited event when the chain is verified."""
    raw = hash_in(prev_hash)
    return raw[:4] if isinstance(raw, bytes) else prev_hash.encode()[:4]


# --- clocks ----------------------------------------------------------------------------------


def hlc_in(value: str) -> int | str:
    if len(value) == 22 and value[15] == "." and value.isascii():
        millis, logical = value[:15], value[16:]
        if millis.isdigit() and logical.isdigit():
            return int(millis) * 1_000_000 + int(logical)
    return value


def hlc_out(value: int | str) -> str:
    if isinstance(value, int):
        millis, logical = divmod(value, 1_000_000)
        return f"{millis:015d}.{logical:06d}"
    return value


_EPOCH = datetime(1970, 1, 1)


def wall_in(value: str) -> int | str:
    if len(value) == 19 and value[10] == " " and value.isascii():
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.isoformat(sep=" ") == value:
            return (moment - _EPOCH) // timedelta(seconds=1)
    return value


def wall_out(value: int | str) -> str:
    if isinstance(value, int):
        return (_EPOCH + timedelta(seconds=value)).isoformat(sep=" ")
    return value


# --- payloads --------------------------------------------------------------------------------

# version → (dictionary file, window bits of the raw deflate stream, memory level)
_FORMATS = {1: ("payload-1.zdict", -11, 1), 2: ("payload-2.zdict", -15, 4)}
_LARGE = 256  # bytes of JSON from which the catalogue dictionary (version 2) pays off
_TINY = 16  # shorter payloads stay text


@cache
def _zdict(version: int) -> bytes:
    return get_asset("storage", _FORMATS[version][0]).read_bytes()


def payload_in(text: str) -> bytes | str:
    data = text.encode()
    if len(data) < _TINY:
        return text
    version = 2 if len(data) >= _LARGE else 1
    _, wbits, mem = _FORMATS[version]
    deflate = zlib.compressobj(
        9, zlib.DEFLATED, wbits, mem, zlib.Z_DEFAULT_STRATEGY, _zdict(version)
    )
    packed = bytes((version,)) + deflate.compress(data) + deflate.flush()
    return packed if len(packed) < len(data) else text


def payload_out(value: bytes | str) -> str:
    if isinstance(value, str):
        return value
    version = value[0]
    if version not in _FORMATS:
        raise ValueError(f"unknown payload format {version}")
    inflate = zlib.decompressobj(_FORMATS[version][1], zdict=_zdict(version))
    return (inflate.decompress(value[1:]) + inflate.flush()).decode()


# --- SQLAlchemy column types -----------------------------------------------------------------


class _Stored(TypeDecorator[str]):
    """A string attribute stored through `codec_in`/`codec_out` (see the module docstring)."""

    impl = String  # no processing by the driver dialect; the DDL (migrations) says BLOB
    cache_ok = True

    @staticmethod
    def codec_in(value: str) -> Any:
        raise NotImplementedError

    @staticmethod
    def codec_out(value: Any) -> str:
        raise NotImplementedError

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
