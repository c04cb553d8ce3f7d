"""Personal ID numbers: normalising, decoding, consistency warnings and the card's QR."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.domain.cccd import (
    PROVINCES,
    CardQr,
    IdHints,
    check_consistency,
    decode,
    is_old_cmnd,
    normalize_id_number,
    parse_card_qr,
)
from counter.errors import ValidationError


def test_provinces_are_the_63_pre_2025_codes() -> None:
    assert len(PROVINCES) == 63
    assert PROVINCES["001"] == "Hà Nội"
    assert PROVINCES["002"] == "Hà Giang"
    assert PROVINCES["004"] == "Cao Bằng"
    assert PROVINCES["048"] == "Đà Nẵng"
    assert PROVINCES["079"] == "Hồ Chí Minh"
    assert PROVINCES["096"] == "Cà Mau"
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCES)
    assert all(name == unicodedata.normalize("NFC", name) for name in PROVINCES.values())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("001090012345", "001090012345"),
        (" 001 090 012 345 ", "001090012345"),
        ("001.090.012.345", "001090012345"),
        ("001-090-012345\r\n", "001090012345"),
        ("\x1b001090012345\x00", "001090012345"),
        ("０７９３０１２３４５６７", "079301234567"),  # full-width digits from an IME
        ("012345678", "012345678"),
        ("012 345 678", "012345678"),
    ],
)
def test_normalize_accepts_12_or_9_digits(typed: str, expected: str) -> None:
    assert normalize_id_number(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "   ", "00109001234", "0010900123456", "00109001234A", "12345678", "abc"]
)
def test_normalize_rejects_other_lengths(typed: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_id_number(typed)
    assert info.value.field == "id_number"
    assert info.value.message == "Số định danh cá nhân phải gồm 12 chữ số (CMND cũ: 9 chữ số)."


def test_is_old_cmnd() -> None:
    assert is_old_cmnd("012345678")
    assert is_old_cmnd("012 345 678")
    assert not is_old_cmnd("001090012345")
    assert not is_old_cmnd("01234567")
    assert not is_old_cmnd("")


def test_decode_real_shapes() -> None:
    assert decode("001090012345") == IdHints(
        province_code="001", province="Hà Nội", male=True, century=1900, birth_year=1990
    )
    assert decode("079301234567") == IdHints(
        province_code="079", province="Hồ Chí Minh", male=False, century=2000, birth_year=2001
    )
    assert decode("036 1 85 000123") == IdHints(
        province_code="036", province="Nam Định", male=False, century=1900, birth_year=1985
    )


def test_decode_old_cmnd_gives_nothing() -> None:
    assert decode("012345678") is None


def test_decode_unknown_province() -> None:
    hints = decode("003090012345")
    assert hints is not None
    assert hints.province_code == "003"
    assert hints.province is None


@pytest.mark.parametrize(
    ("digit", "male", "century"),
    [
        (0, True, 1900),
        (1, False, 1900),
        (2, True, 2000),
        (3, False, 2000),
        (4, True, 2100),
        (5, False, 2100),
        (6, True, 2200),
        (7, False, 2200),
        # Thông tư 07/2016/TT-BCA: the fifth pair is the 24th century (2300s).
        (8, True, 2300),
        (9, False, 2300),
    ],
)
def test_decode_century_and_sex_digit(digit: int, male: bool, century: int) -> None:
    hints = decode(f"001{digit}07123456")
    assert hints is not None
    assert hints.male is male
    assert hints.century == century
    assert hints.birth_year == century + 7


def test_decode_rejects_malformed() -> None:
    with pytest.raises(ValidationError):
        decode("0010900")


def test_consistent_number_gives_no_warning() -> None:
    assert check_consistency("001090012345", birth_year=1990, male=True) == []
    assert check_consistency("001090012345", birth_date=date(1990, 5, 17), male=True) == []
    assert check_consistency("001090012345") == []
    assert check_consistency("012345678", birth_year=1950, male=False) == []


def test_birth_year_mismatch_warns() -> None:
    assert check_consistency("001090012345", birth_year=1991) == [
        "Năm sinh trong số định danh (1990) khác năm sinh đã nhập (1991)."
    ]


def test_birth_date_mismatch_warns() -> None:
    assert check_consistency("001090012345", birth_date=date(1991, 1, 2)) == [
        "Năm sinh trong số định danh (1990) khác năm sinh đã nhập (1991)."
    ]


def test_same_typed_year_warns_once() -> None:
    warnings = check_consistency("001090012345", birth_year=1991, birth_date=date(1991, 1, 2))
    assert warnings == ["Năm sinh trong số định danh (1990) khác năm sinh đã nhập (1991)."]


def test_typed_year_and_birth_date_disagreeing_is_told() -> None:
    warnings = check_consistency("001090012345", birth_year=1990, birth_date=date(1991, 1, 2))
    assert "Năm sinh đã nhập (1990) khác năm của ngày sinh (02/01/1991)." in warnings
    assert "Năm sinh trong số định danh (1990) khác năm sinh đã nhập (1991)." in warnings


def test_sex_mismatch_warns() -> None:
    assert check_consistency("001090012345", male=False) == [
        "Giới tính trong số định danh (Nam) khác giới tính đã nhập (Nữ)."
    ]
    assert check_consistency("001190012345", male=True) == [
        "Giới tính trong số định danh (Nữ) khác giới tính đã nhập (Nam)."
    ]


def test_unknown_province_is_a_warning_not_an_error() -> None:
    warnings = check_consistency("099090012345", birth_year=1990, male=True)
    assert len(warnings) == 1
    assert "(099)" in warnings[0]


def test_every_mismatch_at_once() -> None:
    warnings = check_consistency("003290012345", birth_year=1990, male=False)
    assert len(warnings) == 3
    assert all(w == unicodedata.normalize("NFC", w) for w in warnings)


# --- The card's front QR ---------------------------------------------------------------------

NAME = "Nguyễn Thị Hồng Nhung"
ADDRESS = "Thôn Đông, Tân Hưng, Hà Nội"
QR = f"001190012345|012345678|{NAME}|17051990|Nữ|{ADDRESS}|01022021"


def test_parse_full_qr() -> None:
    assert parse_card_qr(QR) == CardQr(
        id_number="001190012345",
        old_id="012345678",
        full_name=NAME,
        birth_date=date(1990, 5, 17),
        male=False,
        address=ADDRESS,
        issue_date=date(2021, 2, 1),
    )


def test_parse_qr_typed_decomposed_with_enter() -> None:
    decomposed = unicodedata.normalize("NFD", QR) + "\r\n"
    assert decomposed != QR + "\r\n"
    card = parse_card_qr(decomposed)
    assert card.full_name == NAME
    assert unicodedata.is_normalized("NFC", card.full_name)
    assert card.address == ADDRESS
    assert card.male is False
    assert card.issue_date == date(2021, 2, 1)


def test_parse_qr_with_empty_old_id() -> None:
    card = parse_card_qr(f"001090012345||Trần Văn Đức|02011985|Nam|{ADDRESS}|15032022")
    assert card.old_id is None
    assert card.male is True
    assert card.full_name == "Trần Văn Đức"


def test_parse_qr_keeps_a_previous_12_digit_number() -> None:
    card = parse_card_qr(f"001090012345|001090099999|Trần Văn Đức|02011985|Nam|{ADDRESS}|")
    assert card.old_id == "001090099999"


def test_parse_qr_scanner_noise_and_spaces() -> None:
    text = (
        f"\x02 001190012345 | 012345678 |  {NAME}\t| 17051990 | nữ |  {ADDRESS} | 01022021 \x03\r"
    )
    card = parse_card_qr(text)
    assert card.id_number == "001190012345"
    assert card.full_name == NAME
    assert card.birth_date == date(1990, 5, 17)
    assert card.male is False
    assert card.address == ADDRESS


@pytest.mark.parametrize(
    ("word", "male"),
    [
        ("Nam", True),
        ("NAM", True),
        ("nam", True),
        ("Nữ", False),
        ("nữ", False),
        ("NỮ", False),
        ("nu", False),
        ("Nu", False),
        ("", None),
        ("X", None),
    ],
)
def test_parse_qr_sex_word(word: str, male: bool | None) -> None:
    card = parse_card_qr(f"001190012345||{NAME}|17051990|{word}|{ADDRESS}|01022021")
    assert card.male is male


def test_parse_qr_missing_trailing_fields() -> None:
    card = parse_card_qr(f"001190012345|012345678|{NAME}|17051990|Nữ|{ADDRESS}")
    assert card.issue_date is None
    assert card.address == ADDRESS
    card = parse_card_qr(f"001190012345||{NAME}")
    assert card == CardQr("001190012345", None, NAME, None, None, "", None)


def test_parse_qr_extra_trailing_fields_ignored() -> None:
    card = parse_card_qr(QR + "|something new|another\r\n")
    assert card == parse_card_qr(QR)


@pytest.mark.parametrize("bad_date", ["31021990", "00001990", "1705199", "abc", "99999999"])
def test_parse_qr_invalid_date_is_none(bad_date: str) -> None:
    card = parse_card_qr(f"001190012345||{NAME}|{bad_date}|Nữ|{ADDRESS}|{bad_date}")
    assert card.birth_date is None
    assert card.issue_date is None
    assert card.full_name == NAME


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "số định danh"),
        ("\r\n", "số định danh"),
        ("hello world", "số định danh"),
        (f"0011900123|012345678|{NAME}|17051990|Nữ|{ADDRESS}|01022021", "số định danh"),
        (f"|012345678|{NAME}|17051990|Nữ", "số định danh"),
        ("001190012345", "họ và tên"),
        ("001190012345|012345678|  |17051990|Nữ", "họ và tên"),
        ("001190012345|012345678", "họ và tên"),
    ],
)
def test_parse_qr_unusable(text: str, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_card_qr(text)
    assert info.value.message.startswith("Không đọc được mã QR của thẻ căn cước: ")
    assert reason in info.value.message
    assert info.value.field == "card_qr"


@given(st.text())
def test_parse_qr_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        card = parse_card_qr(text)
    except ValidationError:
        return
    assert isinstance(card, CardQr)
    assert len(card.id_number) == 12
    assert card.full_name


_field = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)


@given(
    st.lists(_field, max_size=10),
    st.sampled_from(["", "\r", "\n", "\r\n", "\x00", "\x1d"]),
    st.sampled_from(["001190012345", "001 190 012 345", "", "1234"]),
)
def test_parse_qr_never_crashes_on_qr_shaped_text(
    fields: list[str], tail: str, id_number: str
) -> None:
    text = "|".join([id_number, *fields]) + tail
    try:
        card = parse_card_qr(text)
    except ValidationError:
        return
    assert card.id_number == "001190012345"
    assert unicodedata.is_normalized("NFC", card.full_name)
    assert unicodedata.is_normalized("NFC", card.address)
