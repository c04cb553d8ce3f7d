"""A SoftHSM2 signing token made on the spot (tests and the digitisation benchmark)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
PIN = "123456"
SIGNER = "Nguyễn Thị Hoa"


@dataclass(frozen=True)
class Token:
    module: str
    label: str
    pin: str
    signer: str


def make_token(home: Path) -> Token:
    """A SoftHSM2 token (a real PKCS#11 module) in `home`, holding an RSA key and a
    self-signed certificate, as a CA's USB token holds the official's. Sets SOFTHSM2_CONF."""
    if not SOFTHSM.exists() or not shutil.which("pkcs11-tool"):
        raise RuntimeError(
            "SoftHSM2 and OpenSC are needed: apt-get install softhsm2 opensc (./dev)"
        )
    (home / "tokens").mkdir(parents=True)
    conf = home / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {home / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    run = functools.partial(subprocess.run, check=True, capture_output=True)
    run(["softhsm2-util", "--init-token", "--free", "--label", "counter-test",
         "--pin", PIN, "--so-pin", "654321"])  # fmt: skip
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, SIGNER),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND xã Tân Hưng"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .sign(key, hashes.SHA256())
    )
    (home / "key.der").write_bytes(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (home / "cert.der").write_bytes(cert.public_bytes(serialization.Encoding.DER))
    for kind, path in (("privkey", "key.der"), ("cert", "cert.der")):
        run(["pkcs11-tool", "--module", str(SOFTHSM), "--login", "--pin", PIN,
             "--write-object", str(home / path), "--type", kind, "--id", "01",
             "--label", "hoa", "--usage-sign"][: 14 if kind == "cert" else None])  # fmt: skip
    return Token(str(SOFTHSM), "counter-test", PIN, SIGNER)
