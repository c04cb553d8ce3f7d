"""Dossier codes in the official shape `<agency>-<YYMMDD>-<sequence>`, sliced per counter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counter.errors import ValidationError

AGENCY_PATTERN = re.compile(r"^[.0-9A-Z]{1,35}$")
CODE_PATTERN = re.compile(r"^(?P<agency>[.0-9A-Z]{1,35})-(?P<day>\d{6})-(?P<seq>\d{4,})$")

# Each counter owns `slice_size - 1` numbers per day: counter 1 issues 0001–0999, counter 2
# 1001–1999, … Past its slice a counter continues in a block far above every slice, so two
# counters can never issue the same number, even offline, even on a very busy day.
DEFAULT_SLICE = 1000
MAX_COUNTERS = 1000


# The demo office's identifier: it marks a demo database everywhere (screens, forms, the server
# refusing it), so it is never a real office's.
DEMO_IDENTIFIER = "000.21.36.H36"
DEMO_MARK = "DỮ LIỆU MẪU"  # across every page printed for the demo office, and on its window
DEMO_NOTE = "DỮ LIỆU MẪU – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"


def validate_agency(identifier: str) -> str:
    identifier = identifier.strip().upper()
    if not AGENCY_PATTERN.match(identifier):
        raise ValidationError(
            "Mã định danh cơ quan chỉ gồm chữ in hoa, chữ số và dấu chấm, tối đa 35 ký tự "
            "(ví dụ 000.17.22.H56).",
            field="agency_identifier",
        )
    return identifier


def sequence_number(counter_no: int, nth: int, slice_size: int = DEFAULT_SLICE) -> int:
    """The printed sequence for the `nth` dossier (1-based) a counter receives in a day."""
    if not 1 <= counter_no <= MAX_COUNTERS:
        raise ValidationError(f"Số quầy phải từ 1 đến {MAX_COUNTERS}.", field="counter_no")
    if nth < 1:
        raise ValueError("nth starts at 1")
    per_slice = slice_size - 1
    block, offset = divmod(nth - 1, per_slice)
    return block * slice_size * MAX_COUNTERS + (counter_no - 1) * slice_size + offset + 1


def counter_of_sequence(seq: int, slice_size: int = DEFAULT_SLICE) -> int:
    """Which counter issued a sequence number (inverse of `sequence_number`)."""
    return (seq % (slice_size * MAX_COUNTERS)) // slice_size + 1


def format_code(agency: str, day: date, seq: int) -> str:
    return f"{agency}-{day:%y%m%d}-{seq:04d}"


@dataclass(frozen=True)
class ParsedCode:
    agency: str
    day: date
    sequence: int


def parse_code(text: str) -> ParsedCode | None:
    """Parse a scanned or typed code; None when it does not have the official shape."""
    match = CODE_PATTERN.match(text.strip().upper())
    if not match:
        return None
    raw = match["day"]
    try:
        day = date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError:
        return None
    return ParsedCode(match["agency"], day, int(match["seq"]))
