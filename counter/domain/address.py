"""Postal addresses: the full address printed on the forms, and the place a typed one ends with."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from counter.domain.text import clean, fold

# The common nouns in front of an administrative unit's name. Decree 30/2020/NĐ-CP writes them
# in lower case inside an address ("xã Tân Hưng, tỉnh Đồng Nai"); the 2025 list names them
# with a capital ("Tỉnh Lâm Đồng"). Longer words first so "thành phố" wins over a bare match.
_UNIT_WORDS = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "tỉnh",
    "xã",
    "quận",
    "huyện",
    "tp.",
    "tp",
)
_SEGMENTS = re.compile(r"\s*[,;]\s*")

# The 34 provinces of the two-level government (Resolution 202/2025/QH15), as the pickers list
# them (resources/demo/provinces.json, checked by the tests). An address that ends with one of
# them already names its province.
PROVINCES = (
    "Thành phố Hà Nội",
    "Tỉnh Cao Bằng",
    "Tỉnh Tuyên Quang",
    "Tỉnh Điện Biên",
    "Tỉnh Lai Châu",
    "Tỉnh Sơn La",
    "Tỉnh Lào Cai",
    "Tỉnh Thái Nguyên",
    "Tỉnh Lạng Sơn",
    "Tỉnh Quảng Ninh",
    "Tỉnh Bắc Ninh",
    "Tỉnh Phú Thọ",
    "Thành phố Hải Phòng",
    "Tỉnh Hưng Yên",
    "Tỉnh Ninh Bình",
    "Tỉnh Thanh Hóa",
    "Tỉnh Nghệ An",
    "Tỉnh Hà Tĩnh",
    "Tỉnh Quảng Trị",
    "Thành phố Huế",
    "Thành phố Đà Nẵng",
    "Tỉnh Quảng Ngãi",
    "Tỉnh Gia Lai",
    "Tỉnh Khánh Hòa",
    "Tỉnh Đắk Lắk",
    "Tỉnh Lâm Đồng",
    "Tỉnh Đồng Nai",
    "Thành phố Hồ Chí Minh",
    "Tỉnh Tây Ninh",
    "Tỉnh Đồng Tháp",
    "Tỉnh Vĩnh Long",
    "Tỉnh An Giang",
    "Thành phố Cần Thơ",
    "Tỉnh Cà Mau",
)


def _has_marks(text: str) -> bool:
    """Whether `text` carries any Vietnamese diacritic (typed with accents)."""
    return fold(text) != clean(text).casefold()


def _unit_word(text: str) -> str:
    """The common noun `text` (NFC, trimmed) starts with, as in _UNIT_WORDS, or "".

    Matched with the accents kept: "Xà Bang" is a name, not "xã Bang". Only a text typed
    without any accent is matched without them ("xa ham thuan nam" is "xã Hàm Thuận Nam")."""
    lower = text.lower()
    if not _has_marks(text):
        lower = fold(text)
        words: tuple[tuple[str, str], ...] = tuple((fold(w), w) for w in _UNIT_WORDS)
    else:
        words = tuple((w, w) for w in _UNIT_WORDS)
    for written, word in words:
        if lower.startswith(written + " ") or (written.endswith(".") and lower.startswith(written)):
            return word
    return ""


def _split_unit(name: str) -> tuple[str, str]:
    """(common noun, name) folded: "Tỉnh Lâm Đồng" → ("tinh", "lam dong")."""
    text = clean(name)
    word = _unit_word(text)
    if not word:
        return "", fold(text)
    unit = "thanh pho" if word.startswith("tp") else fold(word)
    return unit, fold(text[len(word) :])


def bare_name(name: str) -> str:
    """A unit's name folded, without its common noun: "Tỉnh Lâm Đồng" → "lam dong"."""
    return _split_unit(name)[1]


def same_unit(written: str, name: str) -> bool:
    """Whether `written` (typed, maybe without accents or common noun) names the unit `name`.
    Different common nouns are different units: "Tỉnh Bình Thuận" is not "Phường Bình Thuận"."""
    unit_a, bare_a = _split_unit(written)
    unit_b, bare_b = _split_unit(name)
    return bare_a == bare_b and (not unit_a or not unit_b or unit_a == unit_b)


def _in_address(name: str) -> str:
    """The unit as written inside an address: its common noun in lower case."""
    text = clean(name)
    word = _unit_word(text)
    if not word or word.startswith("tp"):
        return text
    return text[: len(word)].lower() + text[len(word) :]


def _names_a_province(written: str) -> bool:
    return any(same_unit(written, name) for name in PROVINCES)


def _segments(text: str) -> list[str]:
    return [part for part in _SEGMENTS.split(clean(text)) if part]


def full_address(street: str, commune: str = "", province: str = "") -> str:
    """The address the forms print: "Số 5, thôn 2, xã Hàm Thuận Nam, tỉnh Lâm Đồng".

    `street` is what was typed (or read from the ID card's QR, which already holds the whole
    address); the commune and province come from the pickers. A commune or province the
    street already ends with is not repeated (compared without accents or the common noun).
    A province alone is not an address (the picker starts on the office's province), so it
    gives "". A street that ends with another province (a whole address typed into the street
    box, the picker left on the office's province) is kept as typed: adding a second province
    would print a contradiction.
    """
    parts = _segments(street)
    commune, province = clean(commune), clean(province)
    if province and parts and same_unit(parts[-1], province):
        province_written = parts.pop()
    elif parts and _names_a_province(parts[-1]):
        return ", ".join(parts)
    else:
        province_written = _in_address(province) if province else ""
    if commune and parts and same_unit(parts[-1], commune):
        commune_written = parts.pop()
    else:
        commune_written = _in_address(commune) if commune else ""
    if not parts and not commune_written:
        return ""
    return ", ".join(p for p in (*parts, commune_written, province_written) if p)


@dataclass(frozen=True)
class Place:
    """A typed address split into the street part and the known units it ended with."""

    street: str
    commune: str = ""  # as the picker lists it, "" when not recognised
    province: str = ""


def split_place(
    address: str,
    provinces: Iterable[str],
    communes: Mapping[str, Iterable[str]],
    current_province: str = "",
) -> Place:
    """Find the province and commune a whole address ends with among the picker's lists.

    `provinces` are the pickers' names ("Tỉnh Lâm Đồng"), `communes` the known communes of
    each of them. A commune is looked for in the province found, else in `current_province`,
    else in every province where it is the only commune of that name. What is recognised is
    taken off the end of the street part, so `full_address` gives the address back whole.
    """
    parts = _segments(address)
    by_bare = {bare_name(name): clean(name) for name in provinces}
    province = ""
    found = by_bare.get(bare_name(parts[-1])) if parts else None
    if found and same_unit(parts[-1], found):
        province = found
        parts.pop()
    commune = ""
    if parts:
        wanted = parts[-1]
        where = bare_name(province or current_province)
        candidates = [
            (by_bare.get(bare_name(owner), clean(owner)), clean(name))
            for owner, names in communes.items()
            if not where or bare_name(owner) == where
            for name in names
            if same_unit(wanted, name)
        ]
        if len(candidates) == 1:
            owner, commune = candidates[0]
            province = province or owner
            parts.pop()
    return Place(", ".join(parts), commune, province)
