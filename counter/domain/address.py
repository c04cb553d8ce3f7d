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
_FOLDED_UNITS = tuple(fold(word) for word in _UNIT_WORDS)
_SEGMENTS = re.compile(r"\s*[,;]\s*")


def _split_unit(name: str) -> tuple[str, str]:
    """(common noun, name) folded: "Tỉnh Lâm Đồng" → ("tinh", "lam dong")."""
    folded = fold(name)
    for word in _FOLDED_UNITS:
        if folded.startswith(word + " ") or (word.endswith(".") and folded.startswith(word)):
            unit = "thanh pho" if word.startswith("tp") else word
            return unit, folded[len(word) :].strip()
    return "", folded


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
    for word in _UNIT_WORDS:
        if word.endswith(".") or word == "tp":
            continue
        if fold(text[: len(word)]) == fold(word) and text[len(word) : len(word) + 1] == " ":
            return word + text[len(word) :]
    return text


def _segments(text: str) -> list[str]:
    return [part for part in _SEGMENTS.split(clean(text)) if part]


def full_address(street: str, commune: str = "", province: str = "") -> str:
    """The address the forms print: "Số 5, thôn 2, xã Hàm Thuận Nam, tỉnh Lâm Đồng".

    `street` is what was typed (or read from the ID card's QR, which already holds the whole
    address); the commune and province come from the pickers. A commune or province the
    street already ends with is not repeated (compared without accents or the common noun).
    A province alone is not an address (the picker starts on the office's province), so it
    gives "".
    """
    parts = _segments(street)
    commune, province = clean(commune), clean(province)
    if province and parts and same_unit(parts[-1], province):
        province_written = parts.pop()
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
