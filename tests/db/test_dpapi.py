"""The Windows key protection (DPAPI) through a ctypes-level stand-in for crypt32 and kernel32.

Real DPAPI is not exercised anywhere in these tests (they run on Linux): the stand-in checks
what `counter.db.keys` passes (DATA_BLOB structures by reference, the entropy, no prompt) and
what it does with the answers (the sealed blob in the key file, each returned buffer given back
with LocalFree once, a failure reported in plain words). Its "sealing" is bound to an account
and to the entropy like DPAPI's, so a blob from another account or with other entropy fails.
"""

from __future__ import annotations

import base64
import ctypes
import hashlib
import hmac
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from counter.cli import main
from counter.db import keys
from counter.errors import StorageError

ERROR_INVALID_DATA = 13
ERROR_ACCESS_DENIED = 5
_TAG = b"FAKE-DPAPI"


def _blob_bytes(ref: Any) -> bytes:
    """The bytes of a DATA_BLOB passed by reference (ctypes.byref)."""
    blob = ref._obj
    return ctypes.string_at(blob.pbData, blob.cbData)


def _address(pointer: Any) -> int | None:
    return ctypes.cast(pointer, ctypes.c_void_p).value


@dataclass
class FakeWindows:
    """crypt32 + kernel32 as ctypes would call them: BOOL results, GetLastError, LocalAlloc'd
    output buffers that the caller must LocalFree."""

    account: bytes = b"S-1-5-21-clerk"
    fail_protect: bool = False
    last: int = 0
    allocated: dict[int, ctypes.Array[ctypes.c_char]] = field(default_factory=dict)
    freed: list[int] = field(default_factory=list)
    bad_frees: list[int | None] = field(default_factory=list)
    calls: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)

    # --- the account's secret: what DPAPI derives from the user's logon credentials -----------
    def _stream(self, length: int, entropy: bytes) -> bytes:
        out, counter = b"", 0
        while len(out) < length:
            out += hashlib.sha256(self.account + entropy + counter.to_bytes(4, "big")).digest()
            counter += 1
        return out[:length]

    def _mac(self, entropy: bytes, data: bytes) -> bytes:
        return hmac.new(self.account, entropy + data, hashlib.sha256).digest()

    def _answer(self, out_ref: Any, value: bytes) -> int:
        buffer = ctypes.create_string_buffer(value, len(value))  # LocalAlloc
        self.allocated[ctypes.addressof(buffer)] = buffer
        out = out_ref._obj
        out.cbData = len(value)
        out.pbData = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))
        return 1

    def _check_arguments(self, args: tuple[Any, ...]) -> tuple[bytes, bytes, Any]:
        data_in, description, entropy, reserved, prompt, flags, data_out = args
        assert (description, reserved, prompt) == (None, None, None)
        assert flags == 0x1  # CRYPTPROTECT_UI_FORBIDDEN: never a dialog on the counter's PC
        return _blob_bytes(data_in), _blob_bytes(entropy), data_out

    def CryptProtectData(self, *args: Any) -> int:
        data, entropy, data_out = self._check_arguments(args)
        self.calls.append(("protect", (data, entropy)))
        if self.fail_protect:
            self.last = ERROR_ACCESS_DENIED
            return 0
        body = bytes(a ^ b for a, b in zip(data, self._stream(len(data), entropy), strict=True))
        return self._answer(data_out, _TAG + self._mac(entropy, body) + body)

    def CryptUnprotectData(self, *args: Any) -> int:
        blob, entropy, data_out = self._check_arguments(args)
        self.calls.append(("unprotect", (blob, entropy)))
        tag, mac, body = blob[: len(_TAG)], blob[len(_TAG) : len(_TAG) + 32], blob[len(_TAG) + 32 :]
        if tag != _TAG or not hmac.compare_digest(mac, self._mac(entropy, body)):
            self.last = ERROR_INVALID_DATA  # another account, other entropy, or a damaged blob
            return 0
        return self._answer(
            data_out,
            bytes(a ^ b for a, b in zip(body, self._stream(len(body), entropy), strict=True)),
        )

    def LocalFree(self, pointer: Any) -> None:
        address = _address(pointer)
        if address in self.allocated:
            # Windows would reuse the memory: the caller must have copied it out already.
            ctypes.memset(address, 0xDD, len(self.allocated.pop(address)))
            self.freed.append(address)
        else:
            self.bad_frees.append(address)

    def GetLastError(self) -> int:
        return self.last

    def api(self) -> keys._WindowsApi:
        return keys._WindowsApi(self, self, self.GetLastError)


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> FakeWindows:
    fake = FakeWindows()
    monkeypatch.setattr(keys, "_WINDOWS", True)
    monkeypatch.setattr(keys, "_windows_api", fake.api)
    return fake


def test_the_key_file_holds_a_sealed_blob_that_unseals_to_the_key(
    windows: FakeWindows, tmp_path: Path
) -> None:
    path = tmp_path / "counter.key"
    key = keys.load_key(path)  # made and sealed on first use
    magic, kind, value = path.read_text(encoding="ascii").split()
    assert (magic, kind) == ("counter-key-v1", "dpapi")
    sealed = base64.b64decode(value)
    assert key not in sealed and key.hex().encode() not in path.read_bytes()
    assert windows.calls[0] == ("protect", (key, b"counter database key"))
    assert keys.load_key(path, create=False) == key
    assert windows.calls[-1] == ("unprotect", (sealed, b"counter database key"))
    # Every buffer DPAPI handed back was freed once, after its bytes were copied out.
    assert windows.allocated == {} and windows.bad_frees == [] and len(windows.freed) >= 2
    # Saving (a recovery code imported) seals again; the file is replaced whole.
    other = os.urandom(32)
    keys.save_key(other, path)
    assert path.read_text().split()[1] == "dpapi" and keys.load_key(path) == other
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter.key"]


def test_another_windows_account_cannot_unseal_and_is_told_what_to_do(
    windows: FakeWindows, tmp_path: Path
) -> None:
    path = tmp_path / "counter.key"
    keys.load_key(path)
    windows.account = b"S-1-5-21-someone-else"
    with pytest.raises(StorageError, match="tài khoản Windows khác") as caught:
        keys.load_key(path, create=False)
    assert "counter key import" in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)
    assert caught.value.__cause__.errno == ERROR_INVALID_DATA
    assert windows.bad_frees == [] and windows.allocated == {}  # nothing to free on failure
    assert path.read_text().split()[1] == "dpapi"  # the file is left as it was


@pytest.mark.parametrize(
    "blob",
    [b"", b"not a dpapi blob at all", "one-byte-changed", "sixteen-byte-key"],
    ids=["empty", "garbage", "one-byte-changed", "unseals-to-16-bytes"],
)
def test_a_damaged_blob_is_refused_plainly(
    windows: FakeWindows, tmp_path: Path, blob: bytes | str
) -> None:
    path = tmp_path / "counter.key"
    keys.load_key(path)
    if blob == "one-byte-changed":
        sealed = bytearray(base64.b64decode(path.read_text().split()[2]))
        sealed[-1] ^= 0x01
        blob = bytes(sealed)
    elif blob == "sixteen-byte-key":
        blob = keys._seal(b"sixteen byte key")  # unseals, but is no key of ours
    assert isinstance(blob, bytes)
    path.write_text(f"counter-key-v1 dpapi {base64.b64encode(blob).decode()}\n")
    with pytest.raises(StorageError, match="bị hỏng"):
        keys.load_key(path, create=False)
    assert windows.allocated == {} and windows.bad_frees == []


def test_sealing_that_fails_stores_nothing_and_says_so(
    windows: FakeWindows, tmp_path: Path
) -> None:
    windows.fail_protect = True
    path = tmp_path / "counter.key"
    with pytest.raises(StorageError, match="Không niêm phong được khoá mã hoá") as caught:
        keys.load_key(path)
    assert f"lỗi {ERROR_ACCESS_DENIED}" in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # no key file, no temporary left behind
    assert windows.allocated == {} and windows.freed == []


def test_a_windows_key_off_windows_is_not_sent_to_dpapi(
    windows: FakeWindows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "counter.key"
    keys.load_key(path)
    monkeypatch.setattr(keys, "_WINDOWS", False)
    windows.calls.clear()
    with pytest.raises(StorageError, match="counter key import"):
        keys.load_key(path, create=False)
    assert windows.calls == []


def test_the_real_api_is_only_looked_up_on_windows() -> None:
    if os.name == "nt":
        pytest.skip("on Windows this would load the real crypt32")
    with pytest.raises(OSError, match="chỉ có trên Windows"):
        keys._windows_api()


def test_recovery_code_round_trip_through_a_sealed_key_file(
    windows: FakeWindows,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`counter key export` reads the sealed key; `counter key import` on the new PC (another
    account) seals it under that account."""
    monkeypatch.setenv(keys.ENV_KEY_FILE, str(tmp_path / "old" / "counter.key"))
    key = keys.load_key()
    assert main(["key", "export"]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1].strip()
    assert keys.parse_recovery_code(code) == key
    windows.account = b"S-1-5-21-new-pc"
    monkeypatch.setenv(keys.ENV_KEY_FILE, str(tmp_path / "new" / "counter.key"))
    assert main(["key", "import", code, "--yes"]) == 0
    capsys.readouterr()
    new_file = tmp_path / "new" / "counter.key"
    assert new_file.read_text().split()[1] == "dpapi"
    assert keys.load_key(create=False) == key
    assert windows.allocated == {} and windows.bad_frees == []
