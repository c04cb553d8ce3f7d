"""What the intake tells the clerk about the applicant while typing, before anything is saved:
the ID number against the birth date and sex, the sex preset from the ID number (a hint, which
a name with «Thị» or «Văn» may contradict), and the address or phone Mẫu 01 would print empty."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QCoreApplication

from counter.domain import cccd
from counter.domain.text import fold
from counter.errors import CounterError


@dataclass(frozen=True)
class Typed:
    """The applicant's fields as typed (the birth date parsed; None when empty or not a date)."""

    id_number: str
    full_name: str
    birth_date: date | None
    male: bool | None
    sex_from_id: bool  # the sex shown is the ID number's hint, not the clerk's choice
    address: str
    commune: str
    phone: str


@dataclass(frozen=True)
class Checks:
    lines: tuple[str, ...]
    birth_date: bool = False  # a field the warnings are about: marked
    sex: bool = False
    address: bool = False
    phone: bool = False


def _sex(male: bool) -> str:
    return (
        QCoreApplication.translate("IntakeChecks", "Nam")
        if male
        else QCoreApplication.translate("IntakeChecks", "Nữ")
    )


def check(typed: Typed) -> Checks:
    lines: list[str] = []
    birth = sex = False
    hints = None
    if "|" not in typed.id_number and typed.id_number.strip():
        try:
            hints = cccd.decode(typed.id_number)
        except CounterError:
            hints = None  # a number still being typed (its own error comes at saving)
    born = typed.birth_date
    if hints is not None and born is not None and born.year != hints.birth_year:
        birth = True
        lines.append(
            QCoreApplication.translate(
                "IntakeChecks",
                "Năm sinh trong số định danh ({id_year}) khác năm sinh đã nhập ({year}).",
            ).format(id_year=hints.birth_year, year=born.year)
        )
    if hints is not None and typed.male is not None and typed.male != hints.male:
        sex = True
        lines.append(
            QCoreApplication.translate(
                "IntakeChecks",
                "Giới tính trong số định danh ({id_sex}) khác giới tính đã chọn ({sex}).",
            ).format(id_sex=_sex(hints.male), sex=_sex(typed.male))
        )
    words = fold(typed.full_name).split()
    middle = words[1:-1]
    if typed.male is not None and (
        (typed.male and "thi" in middle) or (not typed.male and "van" in middle)
    ):
        sex = True
        lines.append(
            QCoreApplication.translate(
                "IntakeChecks",
                "Tên «{name}» thường là của {other}, giới tính đang là {sex}: kiểm tra lại.",
            ).format(
                name=typed.full_name.strip(),
                other=QCoreApplication.translate("IntakeChecks", "nữ")
                if typed.male
                else QCoreApplication.translate("IntakeChecks", "nam"),
                sex=_sex(typed.male),
            )
        )
    elif typed.sex_from_id and typed.male is not None and not sex:
        lines.append(
            QCoreApplication.translate(
                "IntakeChecks", "Giới tính {sex} lấy theo số định danh: kiểm tra lại với người nộp."
            ).format(sex=_sex(typed.male))
        )
    no_address = not typed.address.strip() and not typed.commune.strip()
    no_phone = not typed.phone.strip()
    if typed.full_name.strip() and (no_address or no_phone):
        missing = [
            name
            for name, empty in (
                (QCoreApplication.translate("IntakeChecks", "địa chỉ"), no_address),
                (QCoreApplication.translate("IntakeChecks", "số điện thoại"), no_phone),
            )
            if empty
        ]
        lines.append(
            QCoreApplication.translate(
                "IntakeChecks", "Chưa có {what}: Mẫu 01 sẽ để trống (dấu chấm)."
            ).format(what=", ".join(missing))
        )
    return Checks(
        tuple(lines),
        birth,
        sex,
        no_address and bool(typed.full_name.strip()),
        no_phone and bool(typed.full_name.strip()),
    )
