"""The office's settings: form header, hours, calendar overrides, paper, bank account, counter."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter.db.models import DayOverride as DayOverrideRow
from counter.db.models import Device, Office, Setting
from counter.domain import forms
from counter.domain.calendar import DayOverride, OfficeHours, OverrideKind, WorkCalendar
from counter.domain.codes import DEMO_IDENTIFIER as DEMO_IDENTIFIER  # re-exported
from counter.domain.codes import validate_agency
from counter.domain.text import clean
from counter.errors import NotFoundError, ValidationError
from counter.services import reference_log
from counter.services.context import Context, require_admin


def default_papers() -> dict[str, str]:
    """Each form's paper before the office chooses (the forms registry's default)."""
    return {code: form.default_paper for code, form in forms.FORMS.items()}


_HOURS = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")

# The demo office's agency identifier: while an office still has it, it is the demo (its sign-in
# shows the demo accounts); a real office sets its own in Settings.


@dataclass
class OfficeSettings:
    """Plain copy of the office row for the UI and the printing layer."""

    identifier: str
    governing_body: str
    unit_name: str
    place_name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    province: str = ""
    hours: str = "07:00-11:30,13:30-17:00"
    workdays: str = "0,1,2,3,4"
    cutoff: str = "15:00"
    paper: dict[str, str] = field(default_factory=default_papers)
    bank_bin: str = ""
    bank_account: str = ""
    bank_account_name: str = ""
    status_url: str = ""
    sequence_slice: int = 1000
    signer_power: str = ""
    signer_title: str = ""
    signer_name: str = ""

    def office_hours(self) -> OfficeHours:
        return OfficeHours(
            periods=parse_hours(self.hours),
            cutoff=parse_time(self.cutoff, "cutoff"),
            workdays=frozenset(int(d) for d in self.workdays.split(",") if d.strip()),
        )


def parse_time(text: str, field_name: str) -> time:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise ValidationError(
            f"Giờ không hợp lệ: «{text}» (dạng HH:MM).", field=field_name
        ) from exc


def parse_hours(text: str) -> tuple[tuple[time, time], ...]:
    """'07:00-11:30,13:30-17:00' → periods."""
    periods = []
    for part in text.split(","):
        match = _HOURS.match(part.strip())
        if not match:
            raise ValidationError(
                f"Giờ làm việc không hợp lệ: «{part.strip()}» (dạng 07:00-11:30,13:30-17:00).",
                field="hours",
            )
        try:
            start = time(int(match[1]), int(match[2]))
            end = time(int(match[3]), int(match[4]))
        except ValueError as exc:
            raise ValidationError(
                f"Giờ làm việc không hợp lệ: «{part.strip()}».", field="hours"
            ) from exc
        periods.append((start, end))
    return tuple(periods)


def _office_row(session: Session) -> Office:
    office = session.scalar(select(Office).order_by(Office.id))
    if office is None:
        raise NotFoundError(
            "Chưa thiết lập thông tin cơ quan. Hãy chạy «counter demo-data» hoặc vào Cài đặt."
        )
    return office


def get_settings(session: Session) -> OfficeSettings:
    row = _office_row(session)
    paper = default_papers()
    for code, key in json.loads(row.paper or "{}").items():
        # A paper its form cannot take (stored before Settings checked it, or synced from a
        # counter that did not) would refuse every print of the form: the default serves.
        if code in forms.FORMS and key in forms.FORMS[code].papers:
            paper[code] = key
    values = {name: getattr(row, name) for name in reference_log.OFFICE_FIELDS}
    values["paper"] = paper
    return OfficeSettings(**values)


def has_office(session: Session) -> bool:
    return session.scalar(select(Office.id)) is not None


def save_settings(
    session: Session, settings: OfficeSettings, *, ctx: Context | None = None
) -> OfficeSettings:
    """Validate and store the office settings (creating the office on first use). With `ctx`
    the change is recorded as a reference event stamped now (see reference_log)."""
    require_admin(ctx)
    identifier = validate_agency(settings.identifier)
    for name in ("governing_body", "unit_name", "place_name"):
        if not clean(getattr(settings, name)):
            raise ValidationError("Thông tin tiêu đề cơ quan không được để trống.", field=name)
    settings.office_hours()  # validates hours, cut-off and weekdays
    for code, paper in settings.paper.items():
        if code not in forms.FORMS:
            raise ValidationError(f"Không có mẫu in «{code}».", field="paper")
        forms.check_paper(forms.FORMS[code], paper)
    if settings.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", settings.email):
        raise ValidationError(
            "Thư điện tử không hợp lệ, ví dụ: motcua@tanhung.gov.vn.", field="email"
        )
    if settings.bank_bin and not re.fullmatch(r"\d{6}", settings.bank_bin):
        raise ValidationError("Mã BIN ngân hàng gồm 6 chữ số.", field="bank_bin")
    if settings.bank_account and not re.fullmatch(r"[0-9A-Za-z]{1,19}", settings.bank_account):
        raise ValidationError(
            "Số tài khoản chỉ gồm chữ và số, tối đa 19 ký tự.", field="bank_account"
        )
    row = session.scalar(select(Office).order_by(Office.id))
    if row is None:
        row = Office(identifier=identifier, governing_body="", unit_name="", place_name="")
        session.add(row)
    stored: dict[str, object] = {
        "identifier": identifier,
        "hours": settings.hours.replace(" ", ""),
        "workdays": settings.workdays,
        "cutoff": settings.cutoff,
        "paper": json.dumps(settings.paper, sort_keys=True),
        "bank_bin": settings.bank_bin,
        "bank_account": settings.bank_account,
        "sequence_slice": settings.sequence_slice,
    }
    for name in reference_log.OFFICE_FIELDS:
        # Every field not stored as checked above is free text as typed: stored cleaned.
        setattr(row, name, stored[name] if name in stored else clean(getattr(settings, name)))
    # In capitals as the headers print them; running text spells them by NĐ 30/2020's rule
    # (counter.domain.agency.running_name).
    row.governing_body = row.governing_body.upper()
    row.unit_name = row.unit_name.upper()
    session.flush()
    if ctx is not None:
        reference_log.stamp(session, ctx, reference_log.OFFICE_KEY)
    return get_settings(session)


def overrides(session: Session) -> list[DayOverride]:
    rows = session.scalars(select(DayOverrideRow).order_by(DayOverrideRow.day))
    return [DayOverride(r.day, OverrideKind(r.kind), r.note) for r in rows]


def set_override(
    session: Session,
    day: date,
    kind: OverrideKind | str,
    note: str = "",
    *,
    ctx: Context | None = None,
) -> None:
    require_admin(ctx)
    try:
        kind = OverrideKind(kind)
    except ValueError as exc:
        raise ValidationError(f"Loại ngày không hợp lệ: {kind}.", field="kind") from exc
    row = session.get(DayOverrideRow, day)
    if row is None:
        _check_override_changes_something(session, day, kind)
        session.add(DayOverrideRow(day=day, kind=kind.value, note=clean(note)))
    else:
        row.kind = kind.value
        row.note = clean(note)
    session.flush()
    if ctx is not None:
        reference_log.stamp(session, ctx, reference_log.day_key(day))


def _check_override_changes_something(session: Session, day: date, kind: OverrideKind) -> None:
    """An override that changes nothing is a mistake to say, not to store silently (an extra
    day off on Tết, a make-up day that is a working day anyway)."""
    cal = calendar(session)
    shown = day.strftime("%d/%m/%Y")
    reason = cal.day_off_reason(day)
    if kind == OverrideKind.DAY_OFF and reason is not None:
        raise ValidationError(f"Ngày {shown} đã là ngày nghỉ ({reason}).", field="day")
    if kind == OverrideKind.MAKEUP_WORKDAY and reason is None:
        raise ValidationError(f"Ngày {shown} đã là ngày làm việc.", field="day")
    if kind == OverrideKind.NOT_DAY_OFF and (
        reason is None or day.weekday() not in cal.hours.workdays
    ):
        raise ValidationError(
            f"Ngày {shown} không phải ngày lễ rơi vào ngày làm việc: «Không nghỉ» không đổi gì.",
            field="day",
        )


def remove_override(session: Session, day: date, *, ctx: Context | None = None) -> None:
    require_admin(ctx)
    row = session.get(DayOverrideRow, day)
    if row is not None:
        session.delete(row)
        session.flush()
    if ctx is not None:
        reference_log.stamp(session, ctx, reference_log.day_key(day))


def calendar(session: Session) -> WorkCalendar:
    """The office's working-day calendar: statutory days off, overrides, weekdays and hours.

    Read on every query that classifies lateness, so it is built from two small raw reads and
    memoised on their content: an edited setting or override gives a new calendar at once."""
    office_row = session.execute(
        text("SELECT hours, workdays, cutoff FROM office ORDER BY id LIMIT 1")
    ).first()
    if office_row is None:
        raise NotFoundError(
            "Chưa thiết lập thông tin cơ quan. Hãy chạy «counter demo-data» hoặc vào Cài đặt."
        )
    days = tuple(
        (r[0], r[1], r[2])
        for r in session.execute(text("SELECT day, kind, note FROM day_overrides ORDER BY day"))
    )
    return _calendar(tuple(office_row), days)


@lru_cache(maxsize=32)
def _calendar(
    office_row: tuple[str, str, str], days: tuple[tuple[str, str, str], ...]
) -> WorkCalendar:
    hours, workdays, cutoff = office_row
    settings = OfficeSettings("X", "X", "X", "X", hours=hours, workdays=workdays, cutoff=cutoff)
    return WorkCalendar(
        settings.office_hours(),
        [DayOverride(date.fromisoformat(str(d)), OverrideKind(k), n) for d, k, n in days],
    )


def set_counter_number(ctx: Context, number: int, *, session: Session | None = None) -> None:
    """The admin renumbers this counter (Settings); with `session`, inside the caller's
    transaction (the Settings screen saves it with the office settings, all or nothing).

    Refused on a counter enrolled for sync: the server gave it its number, and another counter
    of the office may hold the one chosen here (two counters would issue the same codes)."""
    require_admin(ctx)
    if session is not None:
        _renumber(session, ctx, number, admin=True)
        return  # the caller sets ctx.counter_no once its transaction is committed
    with ctx.db.unit_of_work() as own:
        _renumber(own, ctx, number, admin=True)
    ctx.counter_no = number


def assign_counter_number(ctx: Context, number: int) -> None:
    """Store this counter's number as the sync server assigned it at enrolment (the one-time
    enrolment code is that authority)."""
    with ctx.db.unit_of_work() as session:
        _renumber(session, ctx, number, admin=False)
    ctx.counter_no = number


def _renumber(session: Session, ctx: Context, number: int, *, admin: bool) -> None:
    if not 1 <= number <= 999:
        raise ValidationError("Số quầy phải từ 1 đến 999.", field="counter_no")
    device = session.get(Device, ctx.device_id)
    if device is None:
        raise NotFoundError("Không tìm thấy thông tin quầy này.")
    if admin and number != device.counter_no and session.get(Setting, "sync.token") is not None:
        raise ValidationError(
            "Quầy đã đăng ký đồng bộ: số quầy do máy chủ cấp khi đăng ký, không đổi tại đây "
            "(hai quầy cùng số sẽ cấp trùng mã hồ sơ).",
            field="counter_no",
        )
    device.counter_no = number
    device.name = f"Quầy {number}"
