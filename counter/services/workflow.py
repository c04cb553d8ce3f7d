"""Actions on a received dossier; each checks role and state, then appends one event."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.db.events import events_of, state_of
from counter.db.models import Dossier, EventRow
from counter.domain import forms
from counter.domain.actions import RULES, ActionKey, refusal
from counter.domain.calendar import TimeUnit, WorkCalendar
from counter.domain.dossier import DossierState, EventType, apply
from counter.domain.fees import payment_mismatch
from counter.domain.process import COUNTER_BODY
from counter.domain.text import clean
from counter.errors import NotFoundError, PermissionDenied, TransitionError, ValidationError
from counter.services import office, process
from counter.services.context import Context
from counter.services.eventstore import append, new_event
from counter.services.views import PAYMENT_METHODS, SATISFACTION, DossierView, iso, view_of


def normalize_code(text: str) -> str:
    """What a scanner or a clerk typed, as stored: no control characters or spaces, upper case."""
    return "".join(ch for ch in text if ch.isprintable() and not ch.isspace()).upper()


def load(session: Session, code: str) -> Dossier:
    row = session.scalar(select(Dossier).where(Dossier.code == normalize_code(code)))
    if row is None:
        raise NotFoundError(f"Không tìm thấy hồ sơ mã «{clean(code)}».", field="code")
    return row


def _required(value: str, field: str, label: str, limit: int = 1000) -> str:
    text = clean(value)
    if not text:
        raise ValidationError(f"{label} không được để trống.", field=field)
    if len(text) > limit:
        raise ValidationError(f"{label} quá dài (tối đa {limit} ký tự).", field=field)
    return text


@dataclass(frozen=True)
class ActionResult:
    dossier: DossierView
    event_id: str


def _act(
    ctx: Context,
    code: str,
    action: ActionKey,
    build: Callable[[Session, Dossier, DossierState, WorkCalendar], dict[str, Any]],
    *,
    roles: tuple[str, ...] = ("clerk", "specialist", "leader"),
) -> ActionResult:
    """Check role and state, build the payload, and store the event in one transaction."""
    if not ctx.actor.has_role(*roles):
        raise PermissionDenied("Tài khoản của bạn không có quyền thực hiện thao tác này.")
    kind = RULES[action].event
    with ctx.db.unit_of_work() as session:
        row = load(session, code)
        state = state_of(row)
        refused = refusal(action, state)
        if refused is not None:
            raise TransitionError(refused.text)
        cal = office.calendar(session)
        payload = build(session, row, state, cal)
        # Refuse before writing anything if the event would not be valid here: the fold
        # would keep it as a conflict, which is for merged histories, not for a clerk's click.
        trial = apply(state, new_event(ctx, state.id, kind, payload))
        if len(trial.conflicts) > len(state.conflicts):
            raise TransitionError(trial.conflicts[-1].reason)
        event = append(session, ctx, state.id, kind, payload)
        return ActionResult(view_of(row, ctx.now(), cal), event.id)


def _liaison(outside: bool, consignment: str) -> dict[str, Any]:
    """Liên thông: a hand-over to (or back from) another body, with the postal consignment
    number when it travels by the public postal service."""
    number = normalize_code(consignment)
    if number and not outside:
        raise ValidationError(
            "Số hiệu bưu gửi chỉ ghi khi chuyển hồ sơ liên thông đến cơ quan khác.",
            field="consignment",
        )
    if len(number) > 40:
        raise ValidationError("Số hiệu bưu gửi quá dài (tối đa 40 ký tự).", field="consignment")
    return {"outside": True, "consignment": number} if outside else {}


_LAST = -1  # the process's last step (returning the result)


def _hand_over(
    session: Session,
    state: DossierState,
    cal: WorkCalendar,
    number: int | None,
    to_unit: str,
    from_unit: str = "",
) -> dict[str, Any]:
    """What a hand-over writes of the process: the receiving and giving bodies as the office
    names them, and the step the receiver starts (`number`; None: the next, _LAST: the last),
    held by the receiving body when one is named."""
    settings = office.get_settings(session)
    snapshot = _procedure_snapshot(session, state.id)
    if number == _LAST:
        number = len(snapshot.get("steps") or ())
    fields = process.hand_over_fields(cal, state, snapshot, settings, number)
    if clean(from_unit):
        fields["from_unit"] = process.body_of(clean(from_unit), settings)
    unit = process.body_of(clean(to_unit), settings)
    if unit and "step" in fields:
        fields["step_body"] = unit
    return {"to_unit": unit, **fields}


def transfer(
    ctx: Context,
    code: str,
    to_person: str,
    to_unit: str = "",
    note: str = "",
    *,
    step: int | None = None,
    outside: bool = False,
    consignment: str = "",
) -> ActionResult:
    """Hand the paper dossier over (a line of Mẫu 06): to a specialist, a leader, another body
    (liên thông, `outside`, with the postal `consignment` number), or back. The receiver starts
    the next step of the procedure's process (or step number `step`) with its own deadline."""
    liaison = _liaison(outside, consignment)
    if outside and not clean(to_unit):
        raise ValidationError("Hãy ghi cơ quan nhận hồ sơ liên thông.", field="to_unit")

    def build(
        session: Session, _r: Dossier, state: DossierState, cal: WorkCalendar
    ) -> dict[str, Any]:
        # The unit as typed (the window proposes the step's body).
        fields = _hand_over(session, state, cal, step, to_unit)
        return {
            "from_person": ctx.actor.full_name,
            "from_user": ctx.actor.username,
            "to_person": _required(to_person, "to_person", "Người nhận", 200),
            **fields,
            **liaison,
            "note": clean(note),
            "at": iso(ctx.now()),
        }

    return _act(ctx, code, ActionKey.TRANSFER, build, roles=("clerk", "specialist", "leader"))


def take_back(
    ctx: Context,
    code: str,
    from_person: str,
    note: str = "",
    *,
    from_unit: str = "",
    outside: bool = False,
    consignment: str = "",
    step: int | None = None,
) -> ActionResult:
    """The counter takes the dossier (usually its result) back: from the specialist, or from
    another body (liên thông, `outside`: the day it came back, with its consignment number).
    The counter then does the last step of the process (returning the result); back from
    liên thông, the next step (or step number `step`)."""
    liaison = _liaison(outside, consignment)

    def build(
        session: Session, _r: Dossier, state: DossierState, cal: WorkCalendar
    ) -> dict[str, Any]:
        number = step if step is not None else (state.step + 1 if outside else _LAST)
        fields = _hand_over(session, state, cal, number, COUNTER_BODY, from_unit)
        return {
            "from_person": _required(from_person, "from_person", "Người giao", 200),
            "to_person": ctx.actor.full_name,
            "to_user": ctx.actor.username,
            **fields,
            **liaison,
            "note": clean(note),
            "at": iso(ctx.now()),
        }

    return _act(ctx, code, ActionKey.TAKE_BACK, build)


def resolve(ctx: Context, code: str, result_note: str = "", approved: bool = True) -> ActionResult:
    def build(_s: Session, _r: Dossier, _st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        return {"approved": approved, "note": clean(result_note), "at": iso(ctx.now())}

    return _act(ctx, code, ActionKey.RESOLVE, build)


def request_supplement(ctx: Context, code: str, missing: list[str], reason: str) -> ActionResult:
    def build(_s: Session, _r: Dossier, _st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        items = [clean(m) for m in missing if clean(m)]
        if not items:
            raise ValidationError("Hãy nêu ít nhất một giấy tờ cần bổ sung.", field="missing")
        return {
            "missing": items,
            "reason": _required(reason, "reason", "Lý do"),
            "at": iso(ctx.now()),
        }

    return _act(ctx, code, ActionKey.REQUEST_SUPPLEMENT, build)


@dataclass(frozen=True)
class SuppliedPaper:
    """A paper the citizen brings with a supplement, with how many originals and copies."""

    name: str
    originals: int = 1
    copies: int = 0


def supplied_papers(documents: Sequence[str | SuppliedPaper] | None) -> list[dict[str, Any]]:
    """The papers as stored in the event: a name alone (older callers) is one original."""
    papers: list[dict[str, Any]] = []
    for doc in documents or []:
        paper = SuppliedPaper(doc) if isinstance(doc, str) else doc
        name = clean(paper.name)
        if not name:
            continue
        if len(name) > 1000:
            raise ValidationError("Tên giấy tờ quá dài (tối đa 1000 ký tự).", field="documents")
        if not (0 <= paper.originals <= 99 and 0 <= paper.copies <= 99):
            raise ValidationError("Số bản chính, bản sao phải từ 0 đến 99.", field="documents")
        if paper.originals == 0 and paper.copies == 0:
            raise ValidationError(
                f"Giấy tờ «{name}» phải có ít nhất một bản chính hoặc một bản sao.",
                field="documents",
            )
        papers.append({"name": name, "originals": paper.originals, "copies": paper.copies})
    return papers


def supplement_papers(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The papers a stored supplement event holds, each {name, originals, copies}; events
    written before counts were taken hold names only, read as one original each."""
    papers: list[dict[str, Any]] = []
    for doc in payload.get("documents") or []:
        if isinstance(doc, dict):
            papers.append(
                {
                    "name": str(doc.get("name", "")),
                    "originals": int(doc.get("originals") or 0),
                    "copies": int(doc.get("copies") or 0),
                }
            )
        else:
            papers.append({"name": str(doc), "originals": 1, "copies": 0})
    return papers


def receive_supplement(
    ctx: Context, code: str, documents: Sequence[str | SuppliedPaper] | None = None
) -> ActionResult:
    """The citizen brings what was missing: the full time allowed counts again from now.
    Each paper is stored with its counts; a plain name means one original."""

    def build(
        session: Session, row: Dossier, state: DossierState, cal: WorkCalendar
    ) -> dict[str, Any]:
        papers = supplied_papers(documents)
        if not papers:
            raise ValidationError(
                "Hãy đánh dấu hoặc ghi ít nhất một giấy tờ công dân nộp bổ sung.",
                field="documents",
            )
        now = ctx.now().replace(second=0, microsecond=0)
        snapshot = _procedure_snapshot(session, state.id)
        due = cal.due(now, int(snapshot["time_amount"]), TimeUnit(snapshot["time_unit"]))
        payload = {
            "documents": papers,
            "received_at": iso(now),
            "due_at": iso(due.due_at),
            "at": iso(now),
        }
        # The process counts again from the complete dossier, at the step it is at.
        steps = process.plan(cal, now, snapshot, office.get_settings(session))
        if steps:
            payload["step_due_at"] = iso(steps[max(state.step, 1) - 1].due_at)
        return payload

    return _act(ctx, code, ActionKey.RECEIVE_SUPPLEMENT, build)


def request_financial(ctx: Context, code: str, note: str) -> ActionResult:
    def build(_s: Session, _r: Dossier, _st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        return {
            "note": _required(note, "note", "Nội dung nghĩa vụ tài chính"),
            "at": iso(ctx.now()),
        }

    return _act(ctx, code, ActionKey.REQUEST_FINANCIAL, build)


def financial_fulfilled(ctx: Context, code: str, note: str = "") -> ActionResult:
    def build(_s: Session, _r: Dossier, _st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        return {"note": clean(note), "at": iso(ctx.now())}

    return _act(ctx, code, ActionKey.FINANCIAL_FULFILLED, build)


def refuse(ctx: Context, code: str, reason: str) -> ActionResult:
    def build(_s: Session, _r: Dossier, _st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        return {"reason": _required(reason, "reason", "Lý do từ chối"), "at": iso(ctx.now())}

    return _act(ctx, code, ActionKey.REFUSE, build)


def apologise(
    ctx: Context, code: str, reason: str, new_due: date | datetime, *, override: bool = False
) -> ActionResult:
    """Mẫu 04: apology with a reason and a new return date. Once per dossier; a second time
    only when a leader overrides. A date alone means the closing time of that day; a moment
    must fall within office hours."""
    if override and not ctx.actor.has_role("leader"):
        raise PermissionDenied("Chỉ lãnh đạo mới được cho phép hẹn lại lần thứ hai.")

    def build(_s: Session, row: Dossier, state: DossierState, cal: WorkCalendar) -> dict[str, Any]:
        text = _required(reason, "reason", "Lý do quá hạn")
        if isinstance(new_due, datetime):
            due = new_due.replace(second=0, microsecond=0)
            periods = cal.hours.periods
            if not any(opening <= due.time() <= closing for opening, closing in periods):
                hours = ", ".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in periods)
                raise ValidationError(
                    f"Giờ hẹn trả mới {due:%H:%M} ở ngoài giờ làm việc ({hours}).",
                    field="new_due",
                )
        else:
            due = datetime.combine(new_due, cal.hours.closing)
        current = datetime.fromisoformat(state.due_at) if state.due_at else None
        if current is not None and due <= current:
            raise ValidationError(
                "Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.", field="new_due"
            )
        if due.date() < ctx.now().date():
            raise ValidationError("Ngày hẹn trả mới không được ở quá khứ.", field="new_due")
        if not cal.is_working_day(due.date()):
            reason_off = cal.day_off_reason(due.date()) or "ngày nghỉ"
            raise ValidationError(
                f"Ngày hẹn trả mới {due:%d/%m/%Y} là ngày nghỉ ({reason_off}).", field="new_due"
            )
        return {
            "reason": text,
            "previous_due_at": state.due_at,
            "new_due_at": iso(due),
            "override": override,
            "at": iso(ctx.now()),
        }

    return _act(ctx, code, ActionKey.APOLOGISE, build)


def stop(ctx: Context, code: str, reason: str) -> ActionResult:
    """Mẫu 05: stop at the citizen's request."""

    def build(_s: Session, _r: Dossier, _st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        return {"reason": _required(reason, "reason", "Lý do dừng"), "at": iso(ctx.now())}

    return _act(ctx, code, ActionKey.STOP, build)


def withdraw(ctx: Context, code: str, reason: str) -> ActionResult:
    def build(_s: Session, _r: Dossier, _st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        return {"reason": _required(reason, "reason", "Lý do rút hồ sơ"), "at": iso(ctx.now())}

    return _act(ctx, code, ActionKey.WITHDRAW, build)


def return_result(
    ctx: Context, code: str, collected_by: str, method: str = "counter", note: str = ""
) -> ActionResult:
    if method not in ("counter", "postal"):
        raise ValidationError("Hình thức trả kết quả phải là counter hoặc postal.", field="method")

    def build(_s: Session, _r: Dossier, _st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        return {
            "collected_by": _required(collected_by, "collected_by", "Người nhận kết quả", 200),
            "method": method,
            "note": clean(note),
            "at": iso(ctx.now()),
        }

    return _act(ctx, code, ActionKey.RETURN_RESULT, build)


def payment_payload(ctx: Context, amount: int, method: str, receipt_no: str = "") -> dict[str, Any]:
    """A PAYMENT_RECORDED event's payload, checked (also what an intake collects at once)."""
    if method not in PAYMENT_METHODS:
        raise ValidationError(
            "Hình thức thanh toán phải là cash, transfer, card hoặc online.", field="method"
        )
    if not isinstance(amount, int) or amount <= 0 or amount > 10_000_000_000:
        raise ValidationError("Số tiền phải là số nguyên dương (đồng).", field="amount")
    return {
        "amount": amount,
        "method": method,
        "receipt_no": clean(receipt_no),
        "at": iso(ctx.now()),
    }


def record_payment(
    ctx: Context,
    code: str,
    amount: int,
    method: str,
    receipt_no: str = "",
    *,
    allow_mismatch: bool = False,
) -> ActionResult:
    """Record a fee paid. A sum other than what is still owed is refused unless the clerk
    confirmed it (`allow_mismatch`: the window asks, the command line takes a flag)."""
    payload = payment_payload(ctx, amount, method, receipt_no)

    def build(_s: Session, _r: Dossier, st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        mismatch = payment_mismatch(st.fee, st.paid_amount, amount)
        if mismatch and not allow_mismatch:
            raise ValidationError(
                mismatch + " Kiểm tra lại số tiền, hoặc xác nhận thu số tiền này.",
                field="amount",
            )
        return payload

    return _act(ctx, code, ActionKey.RECORD_PAYMENT, build)


def record_survey(ctx: Context, code: str, rating: int, comment: str = "") -> ActionResult:
    if rating not in SATISFACTION:
        raise ValidationError(
            "Mức đánh giá phải là 1 (không hài lòng), 2 (hài lòng) hoặc 3 (rất hài lòng).",
            field="rating",
        )

    def build(_s: Session, _r: Dossier, _st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        return {"rating": rating, "comment": clean(comment), "at": iso(ctx.now())}

    return _act(ctx, code, ActionKey.RECORD_SURVEY, build)


def add_note(ctx: Context, code: str, text: str) -> ActionResult:
    def build(_s: Session, _r: Dossier, _st: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        return {"text": _required(text, "text", "Nội dung ghi chú", 2000)}

    return _act(ctx, code, ActionKey.ADD_NOTE, build, roles=("clerk", "specialist", "leader"))


def record_print(ctx: Context, code: str, form: str, paper: str = "") -> ActionResult:
    """Every print is an event; a second print of the same form is a reprint (bản in lại)."""
    entry = forms.dossier_form(form)
    if paper:
        forms.check_paper(entry, paper)

    def build(
        session: Session, _r: Dossier, state: DossierState, _c: WorkCalendar
    ) -> dict[str, Any]:
        reprint = forms.printed_before(events_of(session, state.id), form)
        return {"form": form, "paper": paper, "reprint": reprint}

    return _act(ctx, code, ActionKey.RECORD_PRINT, build, roles=("clerk", "specialist", "leader"))


def resolve_conflict(ctx: Context, code: str, event_ids: list[str], note: str) -> ActionResult:
    def build(_s: Session, _r: Dossier, state: DossierState, _c: WorkCalendar) -> dict[str, Any]:
        known = {c.event_id for c in state.conflicts}
        if not event_ids or not set(event_ids) <= known:
            raise ValidationError(
                "Không có xung đột nào như vậy trên hồ sơ này.", field="event_ids"
            )
        return {"event_ids": list(event_ids), "note": _required(note, "note", "Cách xử lý")}

    return _act(ctx, code, ActionKey.RESOLVE_CONFLICT, build, roles=("clerk", "leader"))


@dataclass(frozen=True)
class DossierPlan:
    """A dossier's internal process: its steps with their deadlines, and the one it is at."""

    steps: tuple[process.PlannedStep, ...]
    current: int  # 1-based; 0 when the procedure has no steps

    def step(self, number: int) -> process.PlannedStep | None:
        return self.steps[number - 1] if 0 < number <= len(self.steps) else None

    @property
    def next(self) -> process.PlannedStep | None:
        """The step a hand-over starts by default."""
        return self.step(min(self.current + 1, len(self.steps)))


def dossier_plan(ctx: Context, code: str) -> DossierPlan:
    """The steps of the dossier's procedure (as its intake kept them), counted from receipt."""
    with ctx.db.session() as session:
        row = load(session, code)
        state = state_of(row)
        received = datetime.fromisoformat(state.received_at) if state.received_at else None
        if received is None:
            return DossierPlan((), 0)
        steps = process.plan(
            office.calendar(session),
            received,
            _procedure_snapshot(session, state.id),
            office.get_settings(session),
        )
    return DossierPlan(tuple(steps), state.step)


def _procedure_snapshot(session: Session, dossier_id: str) -> dict[str, Any]:
    payload = session.scalar(
        select(EventRow.payload).where(
            EventRow.dossier_id == dossier_id, EventRow.type == EventType.RECEIVED
        )
    )
    if payload is None:
        raise NotFoundError("Không tìm thấy sự kiện tiếp nhận của hồ sơ.")
    return dict(json.loads(payload)["procedure"])
