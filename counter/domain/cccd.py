"""Personal ID numbers (CCCD / old CMND): normalising, decoding hints and reading the card's QR."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from counter.domain.text import clean, fold, nfc
from counter.errors import ValidationError

# Province of birth registration, the first three digits of the 12-digit number
# (Thông tư 07/2016/TT-BCA). This is the pre-2025 list of 63 provinces: numbers already issued
# keep these codes after the 2025 merger into 34 provinces, so the old list is what decodes them.
PROVINCES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

ID_MESSAGE = "Số định danh cá nhân phải gồm 12 chữ số (CMND cũ: 9 chữ số)."
QR_MESSAGE = "Không đọc được mã QR của thẻ căn cước: "

# Clerks copy numbers grouped ("001 090 012 345", "001.090.012345") from papers and screens.
_SEPARATORS = re.compile(r"[\s.\-_/]")
_DIGITS_12 = re.compile(r"[0-9]{12}")
_DIGITS_9 = re.compile(r"[0-9]{9}")
_NON_DIGITS = re.compile(r"[^0-9]")


@dataclass(frozen=True)
class IdHints:
    """What the 12-digit number says about its holder; a hint only, never authoritative."""

    province_code: str
    province: str | None
    male: bool
    century: int
    birth_year: int


@dataclass(frozen=True)
class CardQr:
    """The fields of the chip ID card's front QR code."""

    id_number: str
    old_id: str | None
    full_name: str
    birth_date: date | None
    male: bool | None
    address: str
    issue_date: date | None


def _strip(text: str) -> str:
    # NFKC turns full-width digits from some input methods into ASCII ones.
    text = unicodedata.normalize("NFKC", clean(text))
    return _SEPARATORS.sub("", text)


def is_old_cmnd(text: str) -> bool:
    """True for an old 9-digit identity card (CMND) number, separators allowed."""
    return bool(_DIGITS_9.fullmatch(_strip(text)))


def normalize_id_number(text: str) -> str:
    """The bare digits of a 12-digit ID number or a 9-digit CMND number."""
    digits = _strip(text)
    if _DIGITS_12.fullmatch(digits) or _DIGITS_9.fullmatch(digits):
        return digits
    raise ValidationError(ID_MESSAGE, field="id_number")


def decode(id_number: str) -> IdHints | None:
    """Decode `PPP G YY RRRRRR`; None for a 9-digit CMND number, which encodes nothing usable."""
    digits = normalize_id_number(id_number)
    if len(digits) == 9:
        return None
    code = digits[:3]
    gender_century = int(digits[3])
    # Thông tư 07/2016/TT-BCA: even digit male, odd female; each pair is one century starting
    # at 1900 (0/1), so 8/9 is the 2300s. No living person has 2100s+ digits: such a number is
    # miscoded, and the birth-year check below will say so.
    century = 1900 + 100 * (gender_century // 2)
    return IdHints(
        province_code=code,
        province=PROVINCES.get(code),
        male=gender_century % 2 == 0,
        century=century,
        birth_year=century + int(digits[4:6]),
    )


def _sex_word(male: bool) -> str:
    return "Nam" if male else "Nữ"


def check_consistency(
    id_number: str,
    *,
    birth_year: int | None = None,
    male: bool | None = None,
    birth_date: date | None = None,
) -> list[str]:
    """Vietnamese warnings where the number disagrees with what was typed.

    Mismatches never raise: wrongly coded numbers exist and are kept unless the citizen asks
    to correct them, so the clerk is only told. A malformed number raises ValidationError
    like `normalize_id_number`. A 9-digit CMND number gives no warnings.
    """
    hints = decode(id_number)
    if hints is None:
        return []
    warnings: list[str] = []
    if hints.province is None:
        warnings.append(
            f"Mã nơi đăng ký khai sinh trong số định danh ({hints.province_code}) không có "
            "trong danh mục 63 tỉnh, thành phố (có thể là mã quốc gia nếu đăng ký khai sinh "
            "ở nước ngoài)."
        )
    if birth_date is not None and birth_year is not None and birth_date.year != birth_year:
        warnings.append(
            f"Năm sinh đã nhập ({birth_year}) khác năm của ngày sinh ({birth_date:%d/%m/%Y})."
        )
    typed_years = [
        y for y in (birth_year, birth_date.year if birth_date else None) if y is not None
    ]
    for year in dict.fromkeys(typed_years):
        if year != hints.birth_year:
            warnings.append(
                f"Năm sinh trong số định danh ({hints.birth_year}) khác năm sinh đã nhập ({year})."
            )
    if male is not None and male != hints.male:
        warnings.append(
            f"Giới tính trong số định danh ({_sex_word(hints.male)}) khác giới tính đã nhập "
            f"({_sex_word(male)})."
        )
    return warnings


def _parse_date(text: str) -> date | None:
    # The card writes ddmmyyyy; separators are tolerated because people retype it by hand.
    digits = _NON_DIGITS.sub("", unicodedata.normalize("NFKC", text))
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return None


def _parse_sex(text: str) -> bool | None:
    word = fold(text)
    if word == "nam":
        return True
    if word == "nu":
        return False
    return None


def parse_card_qr(text: str) -> CardQr:
    """Read the text a 2D scanner types from the card's front QR.

    Lenient by design: the scanner may add Enter and control characters, input may be NFD,
    trailing fields may be missing or extra. Only a missing ID number or name is an error,
    because without them nothing can be filled in.
    """
    fields = [clean(part) for part in nfc(text or "").split("|")]
    fields += [""] * (7 - len(fields))
    raw_id, raw_old, name, raw_birth, raw_sex, address, raw_issue = fields[:7]

    id_number = _strip(raw_id)
    if not _DIGITS_12.fullmatch(id_number):
        raise ValidationError(
            QR_MESSAGE + "không có số định danh cá nhân 12 chữ số.", field="card_qr"
        )
    if not name:
        raise ValidationError(QR_MESSAGE + "không có họ và tên.", field="card_qr")

    # The old-number field holds the 9-digit CMND, or a previous 12-digit number on reissue.
    old_id = _strip(raw_old)
    has_old = _DIGITS_9.fullmatch(old_id) or _DIGITS_12.fullmatch(old_id)

    return CardQr(
        id_number=id_number,
        old_id=old_id if has_old else None,
        full_name=name,
        birth_date=_parse_date(raw_birth),
        male=_parse_sex(raw_sex),
        address=address,
        issue_date=_parse_date(raw_issue),
    )
