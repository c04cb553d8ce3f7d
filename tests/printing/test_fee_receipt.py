"""The fee as computed at intake on Mẫu 01 and in its VietQR, and the fee receipt (biên lai thu
phí, lệ phí) with the number typed with the payment."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter.domain import vietqr
from counter.printing import FormNotApplicable, render
from counter.services import intake, workflow
from counter.services.context import Context
from tests.printing.conftest import documents, pdf_text, scan

CERTIFY = "2.000815"


def flat(text: str) -> str:
    return " ".join(text.split())


def _copies(ctx: Context, pages: int, copies: int = 1, **kwargs: object) -> str:
    request = intake.IntakeRequest(
        CERTIFY,
        intake.ApplicantInput("Nguyễn Thị Ngọc Ánh", address="Số 12, ấp Bình Thạnh"),
        documents(ctx, CERTIFY),
        fee_pages=pages,
        fee_copies=copies,
        **kwargs,  # type: ignore[arg-type]
    )
    return intake.receive(ctx, request).dossier.code


def _vietqr_amount(symbols: list[str]) -> int:
    (payload,) = [s.removeprefix("QR-Code:") for s in symbols if s.startswith("QR-Code:000201")]
    assert vietqr.crc16_ccitt_false(payload[:-4].encode()) == int(payload[-4:], 16)
    # EMVCo TLV: two digits of id, two of length, then the value.
    at = 0
    while at < len(payload):
        tag, size = payload[at : at + 2], int(payload[at + 2 : at + 4])
        if tag == "54":
            return int(payload[at + 4 : at + 4 + size])
        at += 4 + size
    raise AssertionError(f"no amount in {payload}")


@pytest.mark.parametrize(("pages", "copies", "amount"), [(5, 1, 7000), (40, 2, 84_000)])
def test_receipt_form_and_its_vietqr_ask_for_the_computed_fee(
    bank_ctx: Context, tmp_path: Path, pages: int, copies: int, amount: int
) -> None:
    code = _copies(bank_ctx, pages, copies)
    pdf = render(bank_ctx, code, "01", record=False)
    text = flat(pdf_text(pdf, tmp_path, layout=False)[0])
    assert f"tính cho bản chính {pages} trang, {copies} bản" in text
    assert f"{amount:,} đ".replace(",", ".") in text
    assert _vietqr_amount(scan(pdf, tmp_path)) == amount


def test_the_fee_receipt_prints_its_number_amount_and_basis(
    bank_ctx: Context, tmp_path: Path
) -> None:
    code = _copies(
        bank_ctx,
        5,
        fee_amount=5000,
        fee_reason="Hai trang là bản dịch",
        payment_method="cash",
        receipt_no="0001234",
    )
    pdf = render(bank_ctx, code, "BL", record=False)
    (page,) = pdf_text(pdf, tmp_path, layout=False)
    text = flat(page)
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert "Số: 0001234" in text
    assert "Nguyễn Thị Ngọc Ánh" in text and code in text
    assert "Số tiền: 5.000 đ" in text and "Bằng chữ: Năm nghìn đồng" in text
    assert "bản chính 5 trang, 1 bản" in text
    assert "mức tính theo quy định 7.000 đ, điều chỉnh: Hai trang là bản dịch" in text
    assert "NGƯỜI NỘP TIỀN" in text and "NGƯỜI THU TIỀN" in text
    assert "Hình thức nộp: Tiền mặt" in text


def test_a_later_payment_prints_its_own_number(bank_ctx: Context, tmp_path: Path) -> None:
    code = _copies(bank_ctx, 1)
    with pytest.raises(FormNotApplicable):
        render(bank_ctx, code, "BL", record=False)
    workflow.record_payment(bank_ctx, code, 2000, "transfer", "BL-000777")
    text = flat(pdf_text(render(bank_ctx, code, "BL", record=False), tmp_path, layout=False)[0])
    assert "Số: BL-000777" in text and "Số tiền: 2.000 đ" in text
