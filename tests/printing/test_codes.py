"""Barcodes and QR codes: drawn as vectors, decoded back with zbarimg from a 300 dpi page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from barcode import Code128

from counter.domain import vietqr
from counter.printing import common, render
from counter.printing.barcodes import QUIET_MODULES, CanvasWriter, code128_modules
from counter.services.context import Context
from tests.printing.conftest import Dossiers, page_size, pdf_text, scan, scan_thermal

# DOMAIN.md: BIN 970436, account 0123456789, 50 000 đ, purpose "LEPHI HS000123".
CHECK_VALUE = (
    "00020101021238540010A00000072701240006970436011001234567890208QRIBFTTA530370454055000058"
    "02VN62180814LEPHI HS0001236304FB1F"
)
MM = 72 / 25.4


def test_writer_bars_match_python_barcode_modules() -> None:
    text = "000.00.12.H40-260302-0001"
    bars, total = CanvasWriter().bars_for(text)
    modules = Code128(text).build()[0]
    assert total == len(modules) + 2 * QUIET_MODULES == code128_modules(text)
    drawn = ["0"] * len(modules)
    for start, width in bars:
        for i in range(int(start) - QUIET_MODULES, int(start + width) - QUIET_MODULES):
            drawn[i] = "1"
    assert "".join(drawn) == modules


def test_receipt_barcode_and_vietqr_scan_at_300_dpi(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    pdf = render(bank_ctx, dossiers.accepted, "01", record=False)
    symbols = scan(pdf, tmp_path)
    assert f"CODE-128:{dossiers.accepted}" in symbols
    expected = vietqr.payload(
        bin_code="970436",
        account="0123456789",
        amount=50_000,
        purpose=common.payment_purpose(dossiers.accepted),
    )
    assert f"QR-Code:{expected}" in symbols
    assert "5405" + "50000" in expected and "LEPHI 2603020001" in expected
    # The second copy carries the same barcode.
    assert f"CODE-128:{dossiers.accepted}" in scan(pdf, tmp_path, page=2)


def test_vietqr_on_the_receipt_equals_the_check_value(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawn and decoded, the payload is byte for byte DOMAIN.md's check value."""
    monkeypatch.setattr(common, "payment_purpose", lambda code: "LEPHI HS000123")
    pdf = render(bank_ctx, dossiers.accepted, "01", record=False)
    assert f"QR-Code:{CHECK_VALUE}" in scan(pdf, tmp_path)
    text = " ".join(pdf_text(pdf, tmp_path, layout=False)[0].split())
    assert "VietQR nộp phí, lệ phí:" in text
    assert "Nội dung: LEPHI HS000123" in text


def test_roll_slip_scans_and_is_as_tall_as_its_content(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    pdf = render(bank_ctx, dossiers.accepted, "slip")
    width, height = page_size(pdf, tmp_path)
    assert width == pytest.approx(80 * MM, abs=0.1)
    assert 100 * MM < height < 230 * MM
    symbols = scan(pdf, tmp_path)
    assert f"CODE-128:{dossiers.accepted}" in symbols
    assert f"QR-Code:https://dichvucong.tanhung.gov.vn/tra-cuu?ma={dossiers.accepted}" in symbols
    assert any(s.startswith("QR-Code:000201010212") for s in symbols)  # the fee's VietQR
    text = " ".join(pdf_text(pdf, tmp_path, layout=False)[0].split())
    assert "PHIẾU HẸN TRẢ KẾT QUẢ" in text
    assert "04/03/2026" in text and "lúc 09 giờ 05 phút" in text
    assert "Điện thoại liên hệ: 0270 3851 234" in text
    assert "Nguyễn Thị Ngọc Ánh" in text


def test_slip_due_date_is_printed_large(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    path = tmp_path / "slip.pdf"
    path.write_bytes(render(bank_ctx, dossiers.accepted, "slip", record=False))
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout

    def heights(word: str) -> list[float]:
        pattern = re.compile(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">' + re.escape(word) + "</word>"
        )
        return [float(y1) - float(y0) for y0, y1 in pattern.findall(html)]

    due = max(heights("04/03/2026"))
    received = min(heights("02/03/2026"))
    assert due > 2 * received


def test_a6_slip_without_status_page_encodes_the_code(
    ctx: Context, tmp_path: Path, clock: object
) -> None:
    from counter.services import intake
    from tests.printing.conftest import MARITAL, documents

    code = intake.receive(
        ctx,
        intake.IntakeRequest(MARITAL, intake.ApplicantInput("Võ Thị Sáu"), documents(ctx, MARITAL)),
    ).dossier.code
    pdf = render(ctx, code, "slip", paper="a6")
    assert page_size(pdf, tmp_path) == pytest.approx((105 * MM, 148 * MM), abs=0.2)
    symbols = scan(pdf, tmp_path)
    # No bank account and no fee: one QR, holding the bare code, beside the barcode.
    assert sorted(symbols) == sorted([f"CODE-128:{code}", f"QR-Code:{code}"])


def test_control_sheet_barcode_scans(bank_ctx: Context, dossiers: Dossiers, tmp_path: Path) -> None:
    pdf = render(bank_ctx, dossiers.accepted, "06", paper="a5", record=False)
    assert scan(pdf, tmp_path) == [f"CODE-128:{dossiers.accepted}"]


@pytest.mark.parametrize("threshold", [96, 128, 160])
def test_roll_slip_scans_from_a_203_dpi_thermal_print(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path, threshold: int
) -> None:
    """The 80 mm slip as a thermal head burns it (203 dpi, each dot black or white, with the
    threshold a little lighter or darker): the Code 128, the status QR and the VietQR decode."""
    pdf = render(bank_ctx, dossiers.accepted, "slip", paper="80mm", record=False)
    symbols = scan_thermal(pdf, tmp_path, threshold)
    assert f"CODE-128:{dossiers.accepted}" in symbols
    assert f"QR-Code:https://dichvucong.tanhung.gov.vn/tra-cuu?ma={dossiers.accepted}" in symbols
    assert any(s.startswith("QR-Code:000201010212") for s in symbols)
