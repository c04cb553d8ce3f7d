"""The database key: 32 random bytes per installation, protected by the operating system.

Every database the program writes (the counter's, the demo's, the backups) is encrypted with
SQLCipher under this key. The key lives in `counter.key` in the data directory (or where
`$COUNTER_KEY_FILE` says):

- on Windows the file holds the key sealed with DPAPI (CryptProtectData, current user): only
  the same Windows account on the same PC can unseal it;
- elsewhere it holds the key itself, in a file only the account running the counter may read
  (0600, in a 0700 folder).

A dead PC takes its key with it, so the admin writes down the recovery code once
(`counter key export`) and types it on the new PC (`counter key import CODE`) before
restoring a backup.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from counter.errors import StorageError, ValidationError
from counter.paths import data_dir, private_file

KEY_FILE = "counter.key"
ENV_KEY_FILE = "COUNTER_KEY_FILE"
KEY_BYTES = 32
_MAGIC = "counter-key-v1"
_ENTROPY = b"counter database key"  # DPAPI's optional entropy: binds the blob to this use
_WINDOWS = sys.platform == "win32"  # the key file holds a DPAPI blob (tests stand in for it)


def key_path() -> Path:
    override = os.environ.get(ENV_KEY_FILE)
    return Path(override) if override else data_dir() / KEY_FILE


def has_key(path: Path | None = None) -> bool:
    return (path or key_path()).exists()


def load_key(path: Path | None = None, *, create: bool = True) -> bytes:
    """This installation's key, made (and stored, protected) on first use when `create`."""
    path = path or key_path()
    try:
        text = path.read_text(encoding="ascii").split()
    except FileNotFoundError:
        if not create:
            raise StorageError(NO_KEY) from None
        return _create_key(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageError(f"Không đọc được khoá mã hoá {path}: {exc}.") from exc
    try:
        magic, kind, value = text
        if magic != _MAGIC:
            raise ValueError(magic)
        key = _unseal(base64.b64decode(value)) if kind == "dpapi" else bytes.fromhex(value)
    except (ValueError, OSError) as exc:
        raise StorageError(
            f"Tệp khoá mã hoá {path} bị hỏng hoặc thuộc tài khoản Windows khác. "
            "Hãy nhập lại mã khôi phục («counter key import»)."
        ) from exc
    if len(key) != KEY_BYTES:
        raise StorageError(f"Tệp khoá mã hoá {path} bị hỏng.")
    return key


def save_key(key: bytes, path: Path | None = None) -> Path:
    """Store the key, protected, replacing the file atomically (a crash keeps the old one)."""
    path = path or key_path()
    _written(key, path).replace(path)
    return path


def _create_key(path: Path) -> bytes:
    """A new key, unless another process (the window and a command started together) made
    one first: then that one, so both encrypt under the same key."""
    tmp = _written(secrets.token_bytes(KEY_BYTES), path, suffix=f".{os.getpid()}.new")
    try:
        os.link(tmp, path)  # fails if the key exists by now, never replaces it
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not path.exists():
            tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return load_key(path, create=False)


def _written(key: bytes, path: Path, suffix: str = ".tmp") -> Path:
    if _WINDOWS:
        try:
            sealed = _seal(key)
        except OSError as exc:
            raise StorageError(
                "Không niêm phong được khoá mã hoá bằng DPAPI của Windows "
                f"(lỗi {exc.errno}): khoá không được lưu."
            ) from exc
        line = f"{_MAGIC} dpapi {base64.b64encode(sealed).decode('ascii')}\n"
    else:
        line = f"{_MAGIC} file {key.hex()}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + suffix)
    tmp.unlink(missing_ok=True)
    private_file(tmp)
    with tmp.open("w", encoding="ascii") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())
    return tmp


NO_KEY = (
    "Không tìm thấy khoá mã hoá dữ liệu trên máy này. Nếu đây là máy thay thế, hãy nhập mã "
    "khôi phục đã lưu khi cài đặt («counter key import MÃ»)."
)

# --- the recovery code: the key in base32 with a checksum, in groups of five ---------------


def recovery_code(key: bytes) -> str:
    raw = key + hashlib.sha256(key).digest()[:2]
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 5] for i in range(0, len(text), 5))


def parse_recovery_code(code: str) -> bytes:
    """The key from a recovery code as typed (dashes, spaces and case do not matter; 0/1 read
    as O/I); a typo is caught by the checksum."""
    text = "".join(ch for ch in code.upper() if ch.isalnum()).replace("0", "O").replace("1", "I")
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError:
        raw = b""
    key, check = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if len(raw) != KEY_BYTES + 2 or hashlib.sha256(key).digest()[:2] != check:
        raise ValidationError(
            "Mã khôi phục không đúng: hãy kiểm tra lại từng nhóm ký tự.", field="code"
        )
    return key


# --- Windows: DPAPI through ctypes ----------------------------------------------------------
# Real DPAPI is never exercised here (no Windows in the tests): tests/db/test_dpapi.py drives
# this code through a ctypes-level stand-in for crypt32 and kernel32 (`_windows_api`), which
# checks the arguments, the blobs and that every returned buffer is freed.

_CRYPTPROTECT_UI_FORBIDDEN = 0x1


class _WindowsApi(NamedTuple):
    crypt32: Any  # CryptProtectData, CryptUnprotectData
    kernel32: Any  # LocalFree
    last_error: Callable[[], int]


def _windows_api() -> _WindowsApi:
    if sys.platform == "win32":
        import ctypes

        return _WindowsApi(ctypes.windll.crypt32, ctypes.windll.kernel32, ctypes.GetLastError)
    raise OSError("DPAPI chỉ có trên Windows")


def _seal(data: bytes) -> bytes:
    return _dpapi(data, protect=True)


def _unseal(data: bytes) -> bytes:
    if not _WINDOWS:
        raise ValueError("khoá được niêm phong bằng DPAPI của Windows")
    return _dpapi(data, protect=False)


def _dpapi(data: bytes, *, protect: bool) -> bytes:
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):  # DATA_BLOB
        _fields_ = (("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char)))

    def blob(value: bytes) -> tuple[Blob, ctypes.Array[ctypes.c_char]]:
        buffer = ctypes.create_string_buffer(value, len(value))
        return Blob(len(value), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), buffer

    api = _windows_api()
    source, _keep = blob(data)
    entropy, _keep2 = blob(_ENTROPY)
    out = Blob()
    # The same arguments both ways (CryptUnprotectData's description out-pointer unused).
    call = api.crypt32.CryptProtectData if protect else api.crypt32.CryptUnprotectData
    ok = call(
        ctypes.byref(source),
        None,
        ctypes.byref(entropy),
        None,
        None,
        _CRYPTPROTECT_UI_FORBIDDEN,
        ctypes.byref(out),
    )
    if not ok:
        raise OSError(api.last_error(), "DPAPI")
    try:
        return ctypes.string_at(out.pbData, out.cbData)
    finally:
        api.kernel32.LocalFree(out.pbData)
