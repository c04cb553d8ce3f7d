"""VietQR payloads: the DOMAIN.md check value, CRC, purpose folding and validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.domain.vietqr import crc16_ccitt_false, payload, purpose_text
from counter.errors import ValidationError

CHECK_VALUE = (
    "00020101021238540010A00000072701240006970436011001234567890208QRIBFTTA"
    "53037045405500005802VN62180814LEPHI HS0001236304FB1F"
)


def test_domain_check_value() -> None:
    assert (
        payload(bin_code="970436", account="0123456789", amount=50000, purpose="LEPHI HS000123")
        == CHECK_VALUE
    )


def test_crc_standard_check_vector() -> None:
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert crc16_ccitt_false(b"") == 0xFFFF


def test_crc_of_check_value() -> None:
    assert crc16_ccitt_false(CHECK_VALUE[:-4].encode()) == 0xFB1F


def test_static_code_without_amount() -> None:
    text = payload(bin_code="970436", account="0123456789", amount=None, purpose="LEPHI")
    assert text.startswith("000201010211")
    assert "5405" not in text
    assert "5303704" + "5802VN" in text
    assert text[-8:-4] == "6304"
    assert int(text[-4:], 16) == crc16_ccitt_false(text[:-4].encode())


def test_purpose_is_folded_inside_payload() -> None:
    text = payload(bin_code="970436", account="0123456789", amount=50000, purpose="Lệ phí HS1")
    assert "62140810LE PHI HS16304" in text


def test_empty_purpose_omits_field_62() -> None:
    text = payload(bin_code="970436", account="0123456789", amount=50000, purpose="—")
    assert "5802VN6304" in text


def test_account_spaces_are_removed() -> None:
    assert (
        payload(bin_code=" 970436", account="0123 456 789", amount=50000, purpose="LEPHI HS000123")
        == CHECK_VALUE
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LEPHI HS000123", "LEPHI HS000123"),
        ("Lệ phí chứng thực", "LE PHI CHUNG THUC"),
        ("Đăng ký khai sinh", "DANG KY KHAI SINH"),
        ("  nộp   phí\tHS-000123 ", "NOP PHI HS000123"),
        ("Lệ phí đăng ký kết hôn hồ sơ 000123", "LE PHI DANG KY KET HON HO"),
        ("!!!", ""),
        ("", ""),
    ],
)
def test_purpose_text(text: str, expected: str) -> None:
    assert purpose_text(text) == expected


@given(st.text())
def test_purpose_text_is_always_bank_safe(text: str) -> None:
    result = purpose_text(text)
    assert len(result) <= 25
    assert all(ch.isascii() and (ch.isupper() or ch.isdigit() or ch == " ") for ch in result)
    assert result == result.strip()


@pytest.mark.parametrize("bin_code", ["", "97043", "9704361", "97043A", "970 436x"])
def test_bad_bin(bin_code: str) -> None:
    with pytest.raises(ValidationError) as info:
        payload(bin_code=bin_code, account="0123456789", amount=1000, purpose="X")
    assert info.value.field == "bin_code"


@pytest.mark.parametrize("account", ["", "01234567890123456789", "0123-456", "tài khoản"])
def test_bad_account(account: str) -> None:
    with pytest.raises(ValidationError) as info:
        payload(bin_code="970436", account=account, amount=1000, purpose="X")
    assert info.value.field == "account"


@pytest.mark.parametrize("amount", [0, -1, 10**13])
def test_bad_amount(amount: int) -> None:
    with pytest.raises(ValidationError) as info:
        payload(bin_code="970436", account="0123456789", amount=amount, purpose="X")
    assert info.value.field == "amount"
