"""The whole address from the typed street and the pickers; the place a card's address ends with."""

from __future__ import annotations

import json
import unicodedata

import pytest

from counter.domain.address import PROVINCES, Place, full_address, same_unit, split_place
from counter.paths import get_asset

LAM_DONG = "Tỉnh Lâm Đồng"
HAM_THUAN_NAM = "Xã Hàm Thuận Nam"


def _lists() -> tuple[list[str], dict[str, list[str]]]:
    data = json.loads(get_asset("demo", "provinces.json").read_text(encoding="utf-8"))
    return [p["name"] for p in data["provinces"]], data["communes"]


def test_street_commune_and_province_make_the_address() -> None:
    assert (
        full_address("Số 5, thôn 2", HAM_THUAN_NAM, LAM_DONG)
        == "Số 5, thôn 2, xã Hàm Thuận Nam, tỉnh Lâm Đồng"
    )
    assert full_address("12 Lê Lợi", "Phường Sài Gòn", "Thành phố Hồ Chí Minh") == (
        "12 Lê Lợi, phường Sài Gòn, thành phố Hồ Chí Minh"
    )
    assert full_address("Số 5", "", LAM_DONG) == "Số 5, tỉnh Lâm Đồng"
    assert full_address("", HAM_THUAN_NAM, LAM_DONG) == "xã Hàm Thuận Nam, tỉnh Lâm Đồng"
    assert full_address("Số 5, thôn 2") == "Số 5, thôn 2"


def test_a_province_alone_is_no_address() -> None:
    # The province picker starts on the office's province: that alone says nothing.
    assert full_address("", "", LAM_DONG) == ""
    assert full_address("  ", "", "") == ""


@pytest.mark.parametrize(
    "typed",
    [
        "Số 5, thôn 2, xã Hàm Thuận Nam, tỉnh Lâm Đồng",
        "Số 5, thôn 2, Xã Hàm Thuận Nam, Tỉnh Lâm Đồng",
        "Số 5, thôn 2, Hàm Thuận Nam, Lâm Đồng",
        "Số 5, thôn 2, xa ham thuan nam, tinh lam dong",
        unicodedata.normalize("NFD", "Số 5, thôn 2, xã Hàm Thuận Nam, tỉnh Lâm Đồng"),
    ],
)
def test_what_the_street_already_ends_with_is_not_repeated(typed: str) -> None:
    address = full_address(typed, HAM_THUAN_NAM, LAM_DONG)
    assert address.startswith("Số 5, thôn 2, ")
    assert address.count(",") == 3, address
    assert unicodedata.is_normalized("NFC", address)


def test_a_street_ending_with_the_province_only_gets_the_commune_added() -> None:
    assert full_address("Số 5, thôn 2, Xã Hàm Thuận Nam", HAM_THUAN_NAM, LAM_DONG) == (
        "Số 5, thôn 2, Xã Hàm Thuận Nam, tỉnh Lâm Đồng"
    )
    assert full_address("Số 5, tỉnh Lâm Đồng", HAM_THUAN_NAM, LAM_DONG) == (
        "Số 5, xã Hàm Thuận Nam, tỉnh Lâm Đồng"
    )


def test_a_different_unit_of_the_same_name_is_not_the_same_place() -> None:
    assert not same_unit("Tỉnh Bình Thuận", "Phường Bình Thuận")
    assert same_unit("Bình Thuận", "Phường Bình Thuận")
    assert same_unit("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh")
    assert full_address("Khu phố 1, Huyện Hàm Thuận Nam", HAM_THUAN_NAM, LAM_DONG) == (
        "Khu phố 1, Huyện Hàm Thuận Nam, xã Hàm Thuận Nam, tỉnh Lâm Đồng"
    )


def test_a_card_address_is_split_into_street_commune_and_province() -> None:
    provinces, communes = _lists()
    assert split_place(
        "Thôn Phú Điền, Xã Hàm Thuận Nam, Tỉnh Lâm Đồng", provinces, communes
    ) == Place("Thôn Phú Điền", HAM_THUAN_NAM, LAM_DONG)
    # Without accents or common nouns, and a commune found in the province picked now.
    assert split_place("12 Le Loi, Ham Thuan Nam", provinces, communes, LAM_DONG) == Place(
        "12 Le Loi", HAM_THUAN_NAM, LAM_DONG
    )
    # A province whose communes are not listed: the commune stays in the street part.
    assert split_place("Thôn Đông, Tân Hưng, Hà Nội", provinces, communes) == Place(
        "Thôn Đông, Tân Hưng", "", "Thành phố Hà Nội"
    )
    assert split_place("Số 1, TP. Hồ Chí Minh", provinces, communes).province == (
        "Thành phố Hồ Chí Minh"
    )


def test_an_old_province_is_not_mistaken_for_a_commune() -> None:
    provinces, communes = _lists()
    old = "Thôn 2, Xã Hàm Mỹ, Huyện Hàm Thuận Nam, Tỉnh Bình Thuận"  # before the 2025 merger
    assert split_place(old, provinces, communes) == Place(old)


def test_the_split_address_composes_back_without_repeats() -> None:
    provinces, communes = _lists()
    card = "Thôn Phú Điền, Xã Hàm Thuận Nam, Tỉnh Lâm Đồng"
    place = split_place(card, provinces, communes)
    assert full_address(place.street, place.commune, place.province) == (
        "Thôn Phú Điền, xã Hàm Thuận Nam, tỉnh Lâm Đồng"
    )


# --- Review: a second province, names read as common nouns -----------------------------------


def test_the_known_provinces_are_the_pickers_list() -> None:
    provinces, _communes = _lists()
    assert list(PROVINCES) == provinces


@pytest.mark.parametrize(
    "typed",
    [
        "Số 5, xã Tân Hưng, tỉnh Đồng Nai",
        "Số 5, xã Tân Hưng, Đồng Nai",
        "So 5, xa Tan Hung, tinh Dong Nai",
    ],
)
def test_a_street_ending_with_another_province_gets_no_second_one(typed: str) -> None:
    assert full_address(typed, "", LAM_DONG) == typed
    # Nor a commune of the picked province after it: what was typed is stored as it is.
    assert full_address(typed, HAM_THUAN_NAM, LAM_DONG) == typed


def test_a_street_ending_with_the_picked_province_is_still_completed() -> None:
    assert full_address("Số 5, Đồng Nai", "", "Tỉnh Đồng Nai") == "Số 5, Đồng Nai"
    assert full_address("Số 5, Phường Bình Thuận", "", LAM_DONG) == (
        "Số 5, Phường Bình Thuận, tỉnh Lâm Đồng"
    )


def test_a_name_that_only_looks_like_a_common_noun_is_a_name() -> None:
    # "Xà", "Tinh", "Phương" with other accents are names, not "xã", "tỉnh", "phường".
    assert not same_unit("Xà Bang", "Xã Bang")
    assert not same_unit("Phương Lâm", "Phường Lâm")
    assert not same_unit("Tính Lâm Đồng", LAM_DONG)
    assert full_address("Số 5, Xà Bang", "Xã Bang", "Tỉnh Đồng Nai") == (
        "Số 5, Xà Bang, xã Bang, tỉnh Đồng Nai"
    )
    # Nor is its accent changed when the name is written into the address.
    assert full_address("Số 5", "Xà Bang", "Tỉnh Đồng Nai") == "Số 5, Xà Bang, tỉnh Đồng Nai"


def test_a_common_noun_typed_without_any_accent_is_still_recognised() -> None:
    assert same_unit("xa bang", "Xã Bang")
    assert same_unit("XA BANG", "Xã Bang")
    assert same_unit("tinh lam dong", LAM_DONG)
    assert full_address("Số 5, xa bang", "Xã Bang", "Tỉnh Đồng Nai") == (
        "Số 5, xa bang, tỉnh Đồng Nai"
    )
    # Capitals and decomposed accents are still the common noun.
    assert same_unit("XÃ BANG", "Xã Bang")
    assert same_unit(unicodedata.normalize("NFD", "Xã Bang"), "Xã Bang")


def test_split_place_does_not_read_a_name_as_the_common_noun() -> None:
    communes = {"Tỉnh Đồng Nai": ["Xã Bang"]}
    assert split_place("Số 5, Xà Bang", ["Tỉnh Đồng Nai"], communes) == Place("Số 5, Xà Bang")
    assert split_place("Số 5, Xã Bang", ["Tỉnh Đồng Nai"], communes) == Place(
        "Số 5", "Xã Bang", "Tỉnh Đồng Nai"
    )
