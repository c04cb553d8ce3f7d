"""Vietnamese text: NFC normalisation for storage and accent folding for search."""

from __future__ import annotations

import re
import unicodedata

# Characters a barcode/QR scanner or a paste may bring that never belong in stored text:
# control characters, zero-width ones, the bidirectional controls (U+202E would print a name
# backwards and make a list show other text than what is stored), invisible operators, and a
# lone UTF-16 surrogate (an escaped "\ud800" in JSON), which no database can store.
_CONTROL = re.compile(
    "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)
_SPACES = re.compile(r"[\s\x00]+")  # a NUL separates words as a space would ("Văn\x00An")


def nfc(text: str) -> str:
    """NFC form: what is stored and printed (reportlab cannot shape NFD accents)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str:
    """NFC, control, zero-width and bidirectional characters removed, runs of whitespace (and
    NUL) collapsed to one space, trimmed."""
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


def procedure_title(name: str) -> str:
    """A procedure's name after a «Thủ tục:» label: without its own leading "Thủ tục" (the
    national catalogue's names begin with it, so the label would say it twice), capitalised."""
    text = nfc(name).strip()
    for prefix in ("Thủ tục ", "Thực hiện, "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            text = text[:1].upper() + text[1:]
    return text
