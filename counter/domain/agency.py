"""Names of bodies as NĐ 30/2020 writes them in running text, and the office's own bodies in
place of the catalogue's generic ones ("UBND cấp xã" → "UBND xã Tân Hưng").

NĐ 30/2020 Phụ lục II: in running text the name of a body capitalises the first letter of the
words naming its kind, its function or its field ("Trung tâm Phục vụ hành chính công", "Bộ phận
Tiếp nhận và Trả kết quả", "Ủy ban nhân dân xã Tân Hưng"); a place name capitalises every word.
"""

from __future__ import annotations

from counter.domain.text import nfc

# Kinds of body and units as the decree's examples write them, by their lower-case form.
_KNOWN = {
    "trung tâm phục vụ hành chính công": "Trung tâm Phục vụ hành chính công",
    "bộ phận tiếp nhận và trả kết quả": "Bộ phận Tiếp nhận và Trả kết quả",
    "bộ phận một cửa": "Bộ phận Một cửa",
    "ủy ban nhân dân": "Ủy ban nhân dân",
    "uỷ ban nhân dân": "Ủy ban nhân dân",
    "ubnd": "UBND",
    "chủ tịch ubnd": "Chủ tịch UBND",
    "công an": "Công an",
}
# The word that starts the place part of a name: lower case, the place after it capitalised.
_PLACE_KINDS = ("đặc khu", "thị trấn", "thành phố", "phường", "tỉnh", "xã")


def _title(words: list[str]) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _split_place(words: list[str]) -> int:
    """Index where the place part ("xã Tân Hưng") starts, or len(words)."""
    for i in range(len(words)):
        for kind in _PLACE_KINDS:
            kind_words = kind.split()
            if words[i : i + len(kind_words)] == kind_words:
                return i
    return len(words)


def running_name(name: str) -> str:
    """A body's name as running text writes it: the kinds of body the decree spells are
    spelled so whatever the case typed ("Bộ phận tiếp nhận và trả kết quả" → "Bộ phận Tiếp
    nhận và Trả kết quả"); the rest of a name typed in mixed case is the office's own spelling
    and kept; a name typed (or stored by older releases) in capitals is rewritten by the rule:
    "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN HƯNG" → "Trung tâm Phục vụ hành chính công xã
    Tân Hưng"."""
    text = " ".join(nfc(name).split())
    if not text:
        return text
    capitals = text == text.upper()
    words = text.lower().split() if capitals else text.split()
    lowered = [w.lower() for w in words]
    place = _split_place(lowered) if capitals else len(words)
    head = " ".join(words[:place])
    for known in sorted(_KNOWN, key=len, reverse=True):
        if head.lower() == known or head.lower().startswith(known + " "):
            head = _KNOWN[known] + head[len(known) :]
            break
    else:
        head = head[:1].upper() + head[1:]
    rest = words[place:]
    if not rest:
        return head
    kind = next(k for k in _PLACE_KINDS if rest[: len(k.split())] == k.split())
    place_words = rest[len(kind.split()) :]
    return " ".join(part for part in (head, kind, _title(place_words)) if part)


def locality(governing_body: str) -> str:
    """The office's place as its governing body names it: "UBND xã Tân Hưng" → "xã Tân Hưng";
    "" when the name carries no place."""
    words = running_name(governing_body).split()
    lowered = [w.lower() for w in words]
    start = _split_place(lowered)
    return " ".join(words[start:])


def real_body(catalogue_text: str, governing_body: str) -> str:
    """The catalogue's generic body made the office's own: "UBND cấp xã" → "UBND xã Tân Hưng",
    "Công an cấp xã" → "Công an xã Tân Hưng". Text without "cấp xã" is kept."""
    text = nfc(catalogue_text)
    place = locality(governing_body)
    if not place or "cấp xã" not in text:
        return text
    return text.replace("cấp xã", place)
