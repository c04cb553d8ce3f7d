"""Receiving a dossier: code, due date, applicant, first event and the fee collected at the
counter, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter.db.models import Applicant, DailySequence, Dossier, Office
from counter.domain import cccd, forms, register
from counter.domain.address import full_address
from counter.domain.amount import format_money
from counter.domain.codes import format_code, sequence_number
from counter.domain.dossier import EventType
from counter.domain.fees import check_counts
from counter.domain.hlc import uuid7
from counter.domain.text import clean, fold
from counter.domain.validity import FIRST_BIRTH_YEAR, FIRST_YEAR
from counter.errors import ValidationError
from counter.services import catalogue, office, process, workflow
from counter.services.context import Context
from counter.services.eventstore import append
from counter.services.views import CHANNELS, DELIVERIES, DossierView, iso, view_of

MAX_NAME = 200
MAX_TEXT = 400


@dataclass
class ApplicantInput:
    full_name: str
    id_number: str = ""
    birth_date: date | None = None
    male: bool | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    province: str = ""
    commune: str = ""


@dataclass
class ReceivedDocument:
    name: str
    originals: int = 1
    copies: int = 0


@dataclass
class IntakeRequest:
    procedure_code: str
    applicant: ApplicantInput
    documents: list[ReceivedDocument] = field(default_factory=list)
    channel: str = "direct"
    delivery: str = "counter"
    received_at: datetime | None = None
    sets: int = 1
    note: str = ""
    refuse_reason: str = ""  # a reason means the dossier is refused (Mẫu 03)
    supplement_reason: str = ""  # why documents are asked for, printed on Mẫu 02
    # How the fee was collected at the counter ("cash", "transfer"…), "" when not now. Taken
    # only for an accepted dossier of a procedure with a fee: recorded with it, or neither is.
    payment_method: str = ""
    receipt_no: str = ""  # the fee receipt's number (biên lai thu phí, lệ phí), when typed
    # The counts the fee rule reads (pages of the original, copies asked for; domain/fees.py)
    # and the clerk's correction of the computed amount, which needs a reason.
    fee_pages: int = 1
    fee_copies: int = 1
    fee_amount: int | None = None
    fee_reason: str = ""


@dataclass(frozen=True)
class IntakeResult:
    dossier: DossierView
    outcome: str  # accepted | supplement | refused
    missing: tuple[str, ...]
    warnings: tuple[str, ...]
    due_explanation: str

    @property
    def form(self) -> str:
        """Which form the counter prints now."""
        form = forms.printed_after(EventType.RECEIVED, self.outcome)
        assert form is not None, self.outcome
        return form.code


def _text(value: str, name: str, limit: int, *, required: bool = False, label: str = "") -> str:
    text = clean(value)
    if required and not text:
        raise ValidationError(f"{label} không được để trống.", field=name)
    if len(text) > limit:
        raise ValidationError(f"{label} quá dài (tối đa {limit} ký tự).", field=name)
    return text


def _checked_applicant(data: ApplicantInput, now: datetime) -> tuple[ApplicantInput, list[str]]:
    warnings: list[str] = []
    id_number = ""
    if clean(data.id_number):
        id_number = cccd.normalize_id_number(data.id_number)
        warnings = cccd.check_consistency(
            id_number,
            birth_year=data.birth_date.year if data.birth_date else None,
            male=data.male,
            birth_date=data.birth_date,
        )
    if data.birth_date and data.birth_date > now.date():
        raise ValidationError(
            "Ngày sinh không được sau ngày hôm nay.", field="applicant.birth_date"
        )
    if data.birth_date and data.birth_date.year < FIRST_BIRTH_YEAR:
        raise ValidationError(
            f"Ngày sinh phải từ năm {FIRST_BIRTH_YEAR} trở đi.", field="applicant.birth_date"
        )
    phone = clean(data.phone)
    if phone and not all(ch.isdigit() or ch in " +.-()" for ch in phone):
        raise ValidationError("Số điện thoại chỉ gồm chữ số.", field="applicant.phone")
    email = clean(data.email)
    if email and ("@" not in email or " " in email):
        raise ValidationError("Địa chỉ thư điện tử không hợp lệ.", field="applicant.email")
    return (
        ApplicantInput(
            full_name=_text(
                data.full_name,
                "applicant.full_name",
                MAX_NAME,
                required=True,
                label="Họ và tên người nộp",
            ),
            id_number=id_number,
            birth_date=data.birth_date,
            male=data.male,
            phone=_text(phone, "applicant.phone", 30, label="Số điện thoại"),
            email=_text(email, "applicant.email", 120, label="Thư điện tử"),
            address=_text(data.address, "applicant.address", MAX_TEXT, label="Địa chỉ"),
            province=_text(data.province, "applicant.province", 100, label="Tỉnh, thành phố"),
            commune=_text(data.commune, "applicant.commune", 100, label="Xã, phường"),
        ),
        warnings,
    )


def _store_applicant(session: Session, data: ApplicantInput) -> Applicant:
    """Reuse the applicant known by this ID number (prefill next time), else create one."""
    row = None
    if data.id_number:
        row = session.scalar(select(Applicant).where(Applicant.id_number == data.id_number))
    if row is None:
        row = Applicant(id=uuid7(), full_name=data.full_name, id_number=data.id_number)
        session.add(row)
    row.full_name = data.full_name
    for name in ("birth_date", "male", "phone", "email", "address", "province", "commune"):
        value = getattr(data, name)
        if value not in (None, ""):
            setattr(row, name, value)
    return row


def find_applicant(ctx: Context, id_number: str) -> ApplicantInput | None:
    """An earlier applicant with this ID number, to prefill the intake form."""
    try:
        number = cccd.normalize_id_number(id_number)
    except ValidationError:
        return None
    with ctx.db.session() as session:
        row = session.scalar(select(Applicant).where(Applicant.id_number == number))
        if row is None:
            return None
        return ApplicantInput(
            full_name=row.full_name,
            id_number=row.id_number,
            birth_date=row.birth_date,
            male=row.male,
            phone=row.phone,
            email=row.email,
            address=row.address,
            province=row.province,
            commune=row.commune,
        )


def next_code(session: Session, ctx: Context, day: date) -> str:
    """Issue the next code of this counter's slice for the day (inside the caller's transaction)."""
    office_row = session.scalar(select(Office).order_by(Office.id))
    assert office_row is not None
    row = session.get(DailySequence, (day, ctx.counter_no))
    if row is None:
        row = DailySequence(day=day, counter_no=ctx.counter_no, last=0)
        session.add(row)
    while True:
        row.last += 1
        code = format_code(
            office_row.identifier,
            day,
            sequence_number(ctx.counter_no, row.last, office_row.sequence_slice),
        )
        # A code already present (another counter misconfigured with our number, synced in)
        # is skipped rather than issued twice.
        if session.scalar(select(Dossier.num).where(Dossier.code == code)) is None:
            return code


def next_register_entry(session: Session, ctx: Context, day: date) -> tuple[str, int]:
    """The next entry of this counter's register book for the year of `day` (inside the
    caller's transaction): read from the dossiers themselves, so a restored backup that took
    its dossiers back from the server goes on after them."""
    name = register.book(ctx.counter_no, day.year)
    last = session.scalar(
        select(func.max(Dossier.register_no)).where(Dossier.register_book == name)
    )
    return name, int(last or 0) + 1


def _match_documents(
    required: tuple[catalogue.RequiredDocument, ...], received: list[ReceivedDocument]
) -> tuple[list[dict[str, object]], list[str]]:
    by_name = {fold(d.name): d for d in received}
    documents: list[dict[str, object]] = []
    missing: list[str] = []
    seen: set[str] = set()
    for doc in required:
        got = by_name.get(fold(doc.name))
        if got is not None and (got.originals or got.copies):
            seen.add(fold(doc.name))
            documents.append({"name": doc.name, "originals": got.originals, "copies": got.copies})
        elif doc.mandatory:
            missing.append(doc.name)
    for key, extra in by_name.items():
        if key not in seen and (extra.originals or extra.copies):
            documents.append(
                {"name": clean(extra.name), "originals": extra.originals, "copies": extra.copies}
            )
    return documents, missing


MAX_FEE = 10_000_000_000


def fee_payload(procedure: catalogue.ProcedureInfo, request: IntakeRequest) -> dict[str, object]:
    """The fee the intake records: the rule's amount for the counts entered, or the clerk's
    amount with the reason for the difference (checked: a different amount needs a reason)."""
    rule = procedure.rule
    computed = rule.compute(
        request.fee_pages, request.fee_copies, online=request.channel == "online"
    )
    amount = computed if request.fee_amount is None else request.fee_amount
    if not isinstance(amount, int) or not 0 <= amount <= MAX_FEE:
        raise ValidationError("Số tiền phí, lệ phí phải là số nguyên không âm.", field="fee_amount")
    fee: dict[str, object] = {"amount": amount, "computed": computed}
    if rule.counts_copies or rule.provincial or amount != computed:
        # The rule's words where the amount needs them to be read (counts, a province's
        # rate, a correction); a plain amount per case is its own explanation (and every
        # intake's event would carry the same sentence).
        fee["rule"] = rule.describe()
    if rule.counts_pages:
        fee["pages"] = request.fee_pages
    if rule.counts_copies:
        fee["copies"] = request.fee_copies
    if amount != computed:
        reason = _text(request.fee_reason, "fee_reason", 300, label="Lý do sửa phí, lệ phí")
        if not reason:
            raise ValidationError(
                f"Số tiền {format_money(amount)} khác mức tính theo quy định"
                f" ({format_money(computed)}): nhập lý do sửa.",
                field="fee_reason",
            )
        fee["reason"] = reason
    return fee


def receive(ctx: Context, request: IntakeRequest) -> IntakeResult:
    """Receive a dossier. Complete → accepted (Mẫu 01); missing mandatory documents → supplement
    request (Mẫu 02); a refusal reason → refused (Mẫu 03). With `payment_method`, an accepted
    dossier's fee is recorded as collected. All stored in one transaction; the result's view is
    the dossier as stored, read once, ready for its form."""
    now = ctx.now().replace(microsecond=0)
    received_at = (request.received_at or now).replace(second=0, microsecond=0)
    if received_at > now.replace(second=59):
        raise ValidationError("Thời điểm tiếp nhận không được ở tương lai.", field="received_at")
    if received_at.year < FIRST_YEAR:
        # The dossier code carries the date (…-000101-…) and every event's dates must be in
        # the protocol's window, or the server would refuse to share it.
        raise ValidationError(
            f"Thời điểm tiếp nhận phải từ năm {FIRST_YEAR} trở đi.", field="received_at"
        )
    if request.channel not in CHANNELS:
        raise ValidationError("Hình thức nộp phải là direct, postal hoặc online.", field="channel")
    if request.delivery not in DELIVERIES:
        raise ValidationError(
            "Hình thức nhận kết quả phải là counter hoặc postal.", field="delivery"
        )
    if not 1 <= request.sets <= 99:
        raise ValidationError("Số bộ hồ sơ phải từ 1 đến 99.", field="sets")
    for doc in request.documents:
        if doc.originals < 0 or doc.copies < 0 or doc.originals > 99 or doc.copies > 99:
            raise ValidationError("Số bản chính, bản sao phải từ 0 đến 99.", field="documents")
        _text(doc.name, "documents", MAX_TEXT, required=True, label="Tên giấy tờ")
    check_counts(request.fee_pages, request.fee_copies)
    applicant, warnings = _checked_applicant(request.applicant, now)
    refuse_reason = _text(request.refuse_reason, "refuse_reason", 1000, label="Lý do từ chối")
    note = _text(request.note, "note", 1000, label="Ghi chú")

    with ctx.db.unit_of_work() as session:
        procedure = catalogue.get_procedure(session, request.procedure_code)
        if not procedure.active:
            raise ValidationError(
                f"Thủ tục «{procedure.name}» đã ngừng áp dụng.", field="procedure_code"
            )
        documents, missing = _match_documents(procedure.documents, request.documents)
        fee = fee_payload(procedure, request)
        outcome = "refused" if refuse_reason else "supplement" if missing else "accepted"
        explanation = ""
        due_at = None
        if outcome == "accepted":
            due = office.calendar(session).due(
                received_at, procedure.time_amount, procedure.time_unit
            )
            due_at = due.due_at
            explanation = due.explanation()
        person = _store_applicant(session, applicant)
        session.flush()
        dossier_id = uuid7()
        code = next_code(session, ctx, received_at.date())
        book, number = next_register_entry(session, ctx, received_at.date())
        payload: dict[str, object] = {
            "code": code,
            "outcome": outcome,
            "procedure": procedure.snapshot(),
            "applicant": {
                "id": person.id,
                "full_name": applicant.full_name,
                "id_number": applicant.id_number,
                "birth_date": applicant.birth_date.isoformat() if applicant.birth_date else None,
                "phone": applicant.phone,
                "email": applicant.email,
                # The whole address (street, commune, province): every form prints this one.
                "address": full_address(applicant.address, applicant.commune, applicant.province),
            },
            "documents": documents,
            "sets": request.sets,
            "channel": request.channel,
            "delivery": request.delivery,
            "received_at": iso(received_at),
            "due_at": iso(due_at),
            "fee": fee,
            "register_book": book,
            "register_no": number,
        }
        if outcome == "accepted":
            payload["step_due_at"] = process.first_step_due(
                office.calendar(session),
                received_at,
                procedure.snapshot(),
                office.get_settings(session),
            )
        if missing:
            payload["missing"] = missing
            payload["supplement_reason"] = (
                clean(request.supplement_reason) or "Hồ sơ còn thiếu giấy tờ bắt buộc."
            )
        if refuse_reason:
            payload["refuse_reason"] = refuse_reason
        if note:
            payload["note"] = note
        append(session, ctx, dossier_id, EventType.RECEIVED, payload)
        amount = fee["amount"]
        assert isinstance(amount, int)
        if outcome == "accepted" and request.payment_method and amount > 0:
            paid = workflow.payment_payload(ctx, amount, request.payment_method, request.receipt_no)
            append(session, ctx, dossier_id, EventType.PAYMENT_RECORDED, paid)
        row = session.scalar(select(Dossier).where(Dossier.id == dossier_id))
        assert row is not None
        view = view_of(row, now, office.calendar(session))
    return IntakeResult(view, outcome, tuple(missing), tuple(warnings), explanation)
