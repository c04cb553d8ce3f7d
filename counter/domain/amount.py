"""Money amounts for fee documents: Vietnamese amount in words and "50.000 đ" formatting."""

from __future__ import annotations

from counter.domain.numbers import format_count
from counter.errors import ValidationError

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 1_000_000_000
# Below a billion the groups of three digits are named; from a billion on, Vietnamese repeats
# "tỷ" ("nghìn tỷ", "triệu tỷ", "tỷ tỷ"), so the part above a billion is read recursively.
_SCALES = ((1_000_000, "triệu"), (1_000, "nghìn"), (1, ""))


def _units_after_tens(tens: int, units: int) -> str:
    """How the units digit is read after a tens digit of 1–9."""
    if units == 5:
        return "lăm"  # 15 mười lăm, 25 hai mươi lăm (but 105 một trăm linh năm)
    if tens >= 2 and units == 1:
        return "mốt"  # 21 hai mươi mốt (but 11 mười một)
    if tens >= 2 and units == 4:
        # "tư" and "bốn" are both correct after mươi (24 hai mươi tư / hai mươi bốn). We pick
        # "tư" once so that every printed document reads the same; 14 stays "mười bốn".
        return "tư"
    return _DIGITS[units]


def _group(value: int, inner: bool) -> list[str]:
    """Words for a group of three digits (1–999).

    An inner group (one after a higher non-empty group) always reads its hundreds, "không
    trăm" included, and "linh" for a zero tens digit: 1 005 000 is "một triệu không trăm linh
    năm nghìn". A leading group reads only what it has: 5 000 is "năm nghìn".
    """
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or inner:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append(_units_after_tens(tens, units))
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append(_units_after_tens(tens, units))
    return words


def _words(amount: int, inner: bool) -> list[str]:
    words: list[str] = []
    if amount >= _BILLION:
        high, amount = divmod(amount, _BILLION)
        words += [*_words(high, inner), "tỷ"]
        inner = True
    for scale, name in _SCALES:
        value, amount = divmod(amount, scale)
        if value:  # empty groups are skipped: 1 000 000 is "một triệu"
            words += _group(value, inner)
            if name:
                words.append(name)
            inner = True
    return words


def amount_in_words(amount: int) -> str:
    """The "Số tiền bằng chữ" line of a receipt: 50000 → "Năm mươi nghìn đồng"."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an int, not {type(amount).__name__}")
    if amount < 0:
        raise ValidationError("Số tiền không được âm.", field="amount")
    text = " ".join(_words(amount, inner=False)) if amount else "không"
    return f"{text[0].upper()}{text[1:]} đồng"


def format_money(amount: int) -> str:
    """50000 → "50.000 đ": Vietnamese groups thousands with a dot."""
    return format_count(amount) + " đ"
