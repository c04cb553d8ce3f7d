"""PAdES signatures through PKCS#11 (SoftHSM2), checked by poppler's pdfsig."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from counter.errors import ValidationError
from counter.services import scanning, signing
from counter.services.context import Actor
from counter.services.scanning import Page
from tests.scan.conftest import Token

WHEN = datetime(2026, 3, 2, 9, 15, 0)
ADMIN = Actor("quantri", "Quản trị", "admin")


def _scan() -> bytes:
    image = Image.new("L", (1654, 2339), 255)
    ImageDraw.Draw(image).text((400, 400), "GIẤY KHAI SINH", fill=0)
    return scanning.to_pdf([Page(image, dpi=200)], colour=False)


def _settings(token: Token) -> signing.TokenSettings:
    return signing.TokenSettings(token.module, token.label)


def test_a_scan_signed_on_the_token_is_valid_for_pdfsig_with_the_stamp_top_left(
    token: Token, tmp_path: Path
) -> None:
    signed = signing.sign(_scan(), _settings(token), token.pin, WHEN)
    assert signed.signer == token.signer
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed.pdf)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid." in report, report
    assert f"Signer Certificate Common Name: {token.signer}" in report
    assert "ETSI.CAdES.detached" in report  # PAdES
    # The stamp is drawn top left of page 1: its words are there, in the top-left corner.
    top_left = subprocess.run(
        ["pdftotext", "-x", "0", "-y", "0", "-W", "400", "-H", "100", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"Người số hóa: {token.signer}" in top_left
    assert "09:15:00 ngày 02/03/2026" in top_left


def test_a_wrong_pin_is_refused_in_vietnamese(token: Token) -> None:
    with pytest.raises(ValidationError, match="Mã PIN không đúng"):
        signing.sign(_scan(), _settings(token), "000000", WHEN)


def test_a_missing_module_says_so(tmp_path: Path) -> None:
    with pytest.raises(signing.SigningError, match="Không tìm thấy chữ ký số"):
        signing.sign(_scan(), signing.TokenSettings(str(tmp_path / "none.so")), "1", WHEN)


def test_with_a_token_configured_a_scan_is_signed_then_stored_and_counted_signed(
    ctx, token: Token, tmp_path: Path
) -> None:
    from counter.db.events import state_of
    from counter.services import attachments
    from counter.services.workflow import load
    from tests.services.helpers import receive

    code = receive(ctx).dossier.code
    line = attachments.checklist(ctx, code)[0]
    page = scanning.pages_of_file(_image(tmp_path))
    unsigned = attachments.digitise(ctx, code, line, page)  # no token yet: unsigned, counted so
    assert not unsigned.signed
    signing.configure_token(ctx.as_user(ADMIN), token.module, token.label)
    with pytest.raises(ValidationError, match="PIN"):
        attachments.digitise(ctx, code, line, page)  # a token is configured: no unsigned scans
    added = attachments.digitise(ctx, code, line, page, pin=token.pin)
    assert added.signed and added.signer == token.signer
    path = attachments.open_copy(ctx, added.file)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid." in report
    with ctx.db.session() as session:
        state = state_of(load(session, code))
    assert (state.attachments, state.signed_attachments) == (2, 1)


def _image(tmp_path: Path) -> Path:
    path = tmp_path / "page.png"
    Image.new("L", (1654, 2339), 255).save(path, dpi=(200, 200))
    return path
