"""VietQR (EMVCo merchant-presented QR) payloads so citizens can pay fees from a bank app."""

from __future__ import annotations

import re

from counter.domain.text import fold
from counter.errors import ValidationError

# NAPAS's application identifier and service code for "transfer to account" (chuyển nhanh
# 24/7 đến tài khoản); the other service code, QRIBFTTC, is for transfer to a card.
NAPAS_AID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
# Many bank apps reject or cut a purpose longer than 25 characters or with non-ASCII ones.
PURPOSE_MAX = 25
# Tag 54 holds at most 13 characters (EMVCo).
AMOUNT_MAX = 10**13 - 1

_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
_NOT_PURPOSE = re.compile(r"[^A-Z0-9 ]")
_SPACES = re.compile(r" +")


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    # Lengths count characters; every value here is ASCII, so characters are bytes too.
    if len(value) > 99:
        raise ValueError(f"EMVCo field {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def purpose_text(text: str) -> str:
    """The transfer note as bank apps accept it: "Lệ phí HS000123" → "LE PHI HS000123"."""
    # Other characters are dropped, not spaced, so "HS-000123" stays one searchable word.
    folded = _NOT_PURPOSE.sub("", fold(text).upper())
    return _SPACES.sub(" ", folded).strip()[:PURPOSE_MAX].rstrip()


def payload(*, bin_code: str, account: str, amount: int | None, purpose: str) -> str:
    """The text to encode in the QR; with an amount it is a one-off (dynamic) code."""
    bin_code = bin_code.strip()
    if not _BIN.fullmatch(bin_code):
        raise ValidationError(
            "Mã BIN ngân hàng phải gồm đúng 6 chữ số (ví dụ 970436).", field="bin_code"
        )
    account = account.replace(" ", "").strip()
    if not _ACCOUNT.fullmatch(account):
        raise ValidationError(
            "Số tài khoản chỉ gồm chữ số và chữ cái không dấu, từ 1 đến 19 ký tự.",
            field="account",
        )
    if amount is not None and (isinstance(amount, bool) or not 0 < amount <= AMOUNT_MAX):
        raise ValidationError("Số tiền trên mã QR phải lớn hơn 0 đồng.", field="amount")

    beneficiary = _tlv("00", bin_code) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_AID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_TO_ACCOUNT)
    parts = [
        _tlv("00", "01"),
        # 12 = dynamic: the amount is fixed for one payment; 11 = static, the payer types it.
        _tlv("01", "12" if amount is not None else "11"),
        _tlv("38", merchant),
        _tlv("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(_tlv("54", str(amount)))
    parts.append(_tlv("58", COUNTRY_VN))
    note = purpose_text(purpose)
    if note:
        parts.append(_tlv("62", _tlv("08", note)))
    # The CRC covers its own tag and length, "6304", as EMVCo requires.
    body = "".join(parts) + "6304"
    return f"{body}{crc16_ccitt_false(body.encode('ascii')):04X}"
