"""SANE's own `test` backend (a real driver, no hardware) as the scanner of these tests."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

SANE_TEST = "test:0"


@pytest.fixture(scope="session", autouse=True)
def _sane_test_backend(tmp_path_factory: pytest.TempPathFactory) -> None:
    # libsane reads its configuration once, at the first init: only the test backend is
    # listed, so no network or USB probing happens in the tests.
    config = tmp_path_factory.mktemp("sane")
    (config / "dll.conf").write_text("test\n")
    system = Path("/etc/sane.d/test.conf")
    if system.exists():
        (config / "test.conf").write_text(system.read_text())
    os.environ["SANE_CONFIG_DIR"] = str(config)


SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
PIN = "123456"
SIGNER = "Nguyễn Thị Hoa"


@dataclass(frozen=True)
class Token:
    module: str
    label: str
    pin: str
    signer: str


@pytest.fixture(scope="session")
def token(tmp_path_factory: pytest.TempPathFactory) -> Token:
    """A SoftHSM2 token (a real PKCS#11 module) holding an RSA key and a self-signed
    certificate, made here: as a CA's USB token holds the official's."""
    if not SOFTHSM.exists() or not shutil.which("pkcs11-tool"):
        pytest.fail("SoftHSM2 and OpenSC are needed: apt-get install softhsm2 opensc (./dev)")
    home = tmp_path_factory.mktemp("softhsm")
    (home / "tokens").mkdir()
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
