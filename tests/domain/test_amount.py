"""Amounts in Vietnamese words and money formatting, checked against hand-written readings."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.domain.amount import amount_in_words, format_money
from counter.errors import ValidationError

# Every reading below was written by hand, not produced by the code under test.
WORDS = [
    (0, "Không đồng"),
    (1, "Một đồng"),
    (2, "Hai đồng"),
    (3, "Ba đồng"),
    (4, "Bốn đồng"),
    (5, "Năm đồng"),
    (6, "Sáu đồng"),
    (7, "Bảy đồng"),
    (8, "Tám đồng"),
    (9, "Chín đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (12, "Mười hai đồng"),
    (13, "Mười ba đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (16, "Mười sáu đồng"),
    (17, "Mười bảy đồng"),
    (18, "Mười tám đồng"),
    (19, "Mười chín đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (30, "Ba mươi đồng"),
    (41, "Bốn mươi mốt đồng"),
    (55, "Năm mươi lăm đồng"),
    (99, "Chín mươi chín đồng"),
    (100, "Một trăm đồng"),
    (101, "Một trăm linh một đồng"),
    (104, "Một trăm linh bốn đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (111, "Một trăm mười một đồng"),
    (115, "Một trăm mười lăm đồng"),
    (121, "Một trăm hai mươi mốt đồng"),
    (999, "Chín trăm chín mươi chín đồng"),
    (1000, "Một nghìn đồng"),
    (1001, "Một nghìn không trăm linh một đồng"),
    (1010, "Một nghìn không trăm mười đồng"),
    (1015, "Một nghìn không trăm mười lăm đồng"),
    (1100, "Một nghìn một trăm đồng"),
    (2024, "Hai nghìn không trăm hai mươi tư đồng"),
    (10000, "Mười nghìn đồng"),
    (15000, "Mười lăm nghìn đồng"),
    (21000, "Hai mươi mốt nghìn đồng"),
    (25000, "Hai mươi lăm nghìn đồng"),
    (50000, "Năm mươi nghìn đồng"),
    (100000, "Một trăm nghìn đồng"),
    (105000, "Một trăm linh năm nghìn đồng"),
    (150000, "Một trăm năm mươi nghìn đồng"),
    (1000000, "Một triệu đồng"),
    (1000001, "Một triệu không trăm linh một đồng"),
    (1005000, "Một triệu không trăm linh năm nghìn đồng"),
    (1050000, "Một triệu không trăm năm mươi nghìn đồng"),
    (1500000, "Một triệu năm trăm nghìn đồng"),
    (2500000, "Hai triệu năm trăm nghìn đồng"),
    (12345678, "Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng"),
    (100000000, "Một trăm triệu đồng"),
    (1000000000, "Một tỷ đồng"),
    (1000000005, "Một tỷ không trăm linh năm đồng"),
    (1000005000, "Một tỷ không trăm linh năm nghìn đồng"),
    (1050000000, "Một tỷ không trăm năm mươi triệu đồng"),
    (2000000021, "Hai tỷ không trăm hai mươi mốt đồng"),
    (1000000000000, "Một nghìn tỷ đồng"),
    (1005000000000, "Một nghìn không trăm linh năm tỷ đồng"),
    (1000000000005, "Một nghìn tỷ không trăm linh năm đồng"),
]


@pytest.mark.parametrize(("amount", "words"), WORDS)
def test_amount_in_words(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_table_is_nfc_and_large_enough() -> None:
    assert len(WORDS) >= 40
    assert all(unicodedata.is_normalized("NFC", words) for _, words in WORDS)


def test_negative_amount_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        amount_in_words(-1)
    assert info.value.field == "amount"


def test_non_integer_is_a_bug() -> None:
    with pytest.raises(TypeError):
        amount_in_words(1.5)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**15))
def test_words_are_well_formed(amount: int) -> None:
    words = amount_in_words(amount)
    assert words[0].isupper()
    assert words.endswith(" đồng")
    assert "  " not in words
    assert unicodedata.is_normalized("NFC", words)
    # Readings that are always wrong in Vietnamese.
    for wrong in ("mười mốt", "mười tư", "linh mốt", "linh lăm", "mươi năm ", "mười năm "):
        assert wrong not in words.lower()


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0 đ"),
        (5, "5 đ"),
        (999, "999 đ"),
        (1000, "1.000 đ"),
        (50000, "50.000 đ"),
        (1005000, "1.005.000 đ"),
        (1234567890, "1.234.567.890 đ"),
    ],
)
def test_format_money(amount: int, text: str) -> None:
    assert format_money(amount) == text
