"""Who may change reference data, and signatures of devices and the server.

Reference data (users, roles, office settings, catalogue, days off) has an authority: every
`ref.*` event carries in its payload `sig`, "<admin username>:<Ed25519 signature>", over the
event with the payload without `sig` (`signed_text`). An admin's key pair is made with the
account; the private key is kept encrypted under the admin's password (argon2id-derived key,
AES-GCM) in the account's reference item, the public key beside it, so the admin can sign at
any counter after signing in, and every counter and the server can check.

The chain of trust starts with the office's first admin, created on the server (`counter server
office setup`): the server keeps that admin's name and public key as the office's root and gives
it to each counter at enrolment. `authorised` folds an office's reference events in (HLC, id)
order: an event counts only if signed by an admin of the fold so far; an authorised `ref.user`
event that makes a user an active admin with a public key adds that key, any other removes it.
The server refuses a batch with an event that fails (4xx naming it) and counters ignore such an
event (kept in the log, never applied).

Devices sign the head of their hash chain at each push and the server answers with a signed
receipt of the head it stored (`sign`/`verify` over plain texts, `receipt_text`).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from counter.db.wire import canonical
from counter.domain.dossier import Event

SIG = "sig"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


def public_text(key: Ed25519PrivateKey) -> str:
    return _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def private_bytes(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def key_from_bytes(data: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(data)


def new_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


# --- a private key under a password ------------------------------------------------------------

# argon2id: 64 MiB, 3 passes as argon2-cffi's defaults; the salt is stored with the key.
_KDF = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4, "hash_len": 32}


def _wrapping_key(password: str, salt: bytes) -> bytes:
    return hash_secret_raw(password.encode(), salt, type=Type.ID, **_KDF)


def seal(key: Ed25519PrivateKey, password: str) -> str:
    """The private key encrypted under the password: "v1:<salt+nonce+ciphertext>"."""
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_wrapping_key(password, salt)).encrypt(nonce, private_bytes(key), b"ed25519")
    return "v1:" + _b64(salt + nonce + sealed)


def unseal(text: str, password: str) -> Ed25519PrivateKey | None:
    """The private key, or None for a wrong password or a damaged text."""
    if not text.startswith("v1:"):
        return None
    try:
        data = _unb64(text[3:])
        salt, nonce, sealed = data[:16], data[16:28], data[28:]
        raw = AESGCM(_wrapping_key(password, salt)).decrypt(nonce, sealed, b"ed25519")
        return key_from_bytes(raw)
    except (ValueError, InvalidTag):
        return None


def new_keys(password: str) -> tuple[str, str]:
    """A new key pair for an account: (public key, private key sealed under the password)."""
    key = new_key()
    return public_text(key), seal(key, password)


# --- signatures over texts ---------------------------------------------------------------------


def sign(key: Ed25519PrivateKey, text: str) -> str:
    return _b64(key.sign(text.encode()))


def verify(public: str, text: str, signature: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(_unb64(public)).verify(_unb64(signature), text.encode())
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


# --- reference events ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    """An unlocked admin key: who signs the reference changes made in this session."""

    username: str
    key: Ed25519PrivateKey


def unsigned(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != SIG}


def signed_text(event: Event) -> str:
    """What a reference event's signature covers: the event in its canonical form (id, key,
    type, clock, device, …), its payload without `sig`."""
    return canonical(replace(event, payload=unsigned(event.payload)))


def sign_reference(event: Event, signer: Signer) -> Event:
    """The event with `sig` in its payload."""
    payload = unsigned(event.payload)
    signature = sign(signer.key, signed_text(replace(event, payload=payload)))
    return replace(event, payload={**payload, SIG: f"{signer.username}:{signature}"})


def signer_of(event: Event) -> tuple[str, str] | None:
    found = event.payload.get(SIG)
    if not isinstance(found, str) or ":" not in found:
        return None
    username, _, signature = found.partition(":")
    return username, signature


def root_text(username: str, public: str) -> str:
    """An office's root of trust as stored in settings: JSON {username: public key}."""
    return json.dumps({username: public}, ensure_ascii=False) if username and public else ""


def parse_root(text: str) -> dict[str, str]:
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def check_signed(event: Event, admins: dict[str, str]) -> str | None:
    """Why the reference event is not authorised given the admins' keys, or None if it is."""
    found = signer_of(event)
    if found is None:
        return "không có chữ ký của quản trị viên"
    username, signature = found
    public = admins.get(username)
    if public is None:
        return f"được ký bởi «{username[:50]}», không phải quản trị viên của cơ quan"
    if not verify(public, signed_text(event), signature):
        return "chữ ký không khớp với nội dung"
    return None


def follow(event: Event, admins: dict[str, str]) -> None:
    """Update the admins' keys after an authorised event."""
    if event.type != "ref.user":
        return
    payload = event.payload
    username = str(payload.get("username", ""))
    public = payload.get("public_key")
    if (
        payload.get("role") == "admin"
        and payload.get("active")
        and isinstance(public, str)
        and public
    ):
        admins[username] = public
    else:
        admins.pop(username, None)


def authorised(
    events: Iterable[Event],
    root: dict[str, str],
    admins: dict[str, str] | None = None,
    accepted: set[str] | None = None,
) -> set[str]:
    """The ids of the reference events (given in (HLC, id) order) that the fold authorises.
    `admins` and `accepted` continue an earlier fold (updated in place)."""
    admins = dict(root) if admins is None else admins
    accepted = set() if accepted is None else accepted
    for event in events:
        if check_signed(event, admins) is None:
            accepted.add(event.id)
            follow(event, admins)
    return accepted


# --- push heads and receipts (counter/sync/signing.py) -------------------------------------------

SERVER_KEY = "server_key"  # the server's receipt key (public, base64), given at enrolment
RECEIPT = "push_receipt"  # the last receipt: {"head", "sig"}
OFFICE_SETTING = "sync.office"  # the enrolled office's identifier (sync.state.OFFICE)


def push_text(office: str, device: str, prev: str, head: str) -> str:
    """What a counter signs at a push: its chain from `prev` to `head`."""
    return f"counter-push-v1|{office}|{device}|{prev}|{head}"


def receipt_text(office: str, device: str, head: str) -> str:
    """What the server signs in its receipt: the device's chain head it stored."""
    return f"counter-receipt-v1|{office}|{device}|{head}"


def device_text(office: str, device: str, public: str, since: str) -> str:
    """What the server signs to vouch for a device (`server.device_certs`): its registered key
    ("" for a counter that has none yet) and the hash of its chain up to which the server
    vouches for its events by itself (what it pushed before its key was registered)."""
    return f"counter-device-v1|{office}|{device}|{public}|{since}"
