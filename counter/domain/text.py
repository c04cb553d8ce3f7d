"""Vietnamese text: NFC normalisation for storage and accent folding for search."""

from __future__ import annotations

import re
import unicodedata

# Characters a barcode/QR scanner or a paste may bring that never belong in stored text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """NFC form: what is stored and printed (reportlab cannot shape NFD accents)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC, control characters removed, runs of whitespace collapsed, trimmed."""
    if not text:
        return ""
    # NFC last: removing a control character can bring a base letter and a combining mark
    # together ("A\x1f\u0323" → "Ạ"), which only a normalisation afterwards composes.
    return nfc(_SPACES.sub(" ", _CONTROL.sub("", text)).strip())


def fold(text: str | None) -> str:
    """Lower-case, tone marks and diacritics removed, đ→d: "Nguyễn Văn Đức" → "nguyen van duc"."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()
