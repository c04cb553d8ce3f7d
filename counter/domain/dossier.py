"""The dossier's life: status codes, event types, and the pure fold of events into a dossier."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from enum import IntEnum, StrEnum
from operator import attrgetter
from typing import Any, Generic, TypeVar

from counter.domain.validity import (
    Check,
    Invalid,
    Schema,
    birth_date,
    boolean,
    either,
    integer,
    items,
    moment,
    number,
    one_of,
    passes,
    row,
    sha256_hex,
    text,
)

# The checklist line of a digitised paper that is on no line of the procedure's list.
OTHER_LINE = "other"
# The line of the electronic result a specialist attaches when resolving (TT 01/2023 Điều 4):
# an attachment of kind "result", not a paper of the checklist.
RESULT_LINE = "result"
KIND_PAPER = "paper"
KIND_RESULT = "result"


class Status(IntEnum):
    """Status codes used by one-stop systems when reporting to the national portal."""

    REGISTERED = 1  # Mới đăng ký (online)
    ACCEPTED = 2  # Được tiếp nhận
    REFUSED = 3  # Không được tiếp nhận
    IN_PROGRESS = 4  # Đang xử lý
    SUPPLEMENT = 5  # Yêu cầu bổ sung
    FINANCIAL = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    RESOLVED = 9  # Đã xử lý xong
    RETURNED = 10  # Đã trả kết quả

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.REGISTERED: "Mới đăng ký",
    Status.ACCEPTED: "Được tiếp nhận",
    Status.REFUSED: "Không được tiếp nhận",
    Status.IN_PROGRESS: "Đang xử lý",
    Status.SUPPLEMENT: "Yêu cầu bổ sung",
    Status.FINANCIAL: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.RESOLVED: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}

# The processing clock runs in these states; a dossier waiting for the citizen does not count.
CLOCK_RUNNING = frozenset({Status.ACCEPTED, Status.IN_PROGRESS})
OPEN = frozenset(
    {Status.REGISTERED, Status.ACCEPTED, Status.IN_PROGRESS, Status.SUPPLEMENT, Status.FINANCIAL}
)
FINISHED = frozenset({Status.RESOLVED, Status.RETURNED})
CLOSED = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})


class EventType(StrEnum):
    RECEIVED = "received"  # first event: payload carries the whole intake
    TRANSFERRED = "transferred"  # a hand-over (Mẫu 06 line): to a specialist, back to the counter
    RESOLVED = "resolved"
    SUPPLEMENT_REQUESTED = "supplement_requested"  # Mẫu 02
    SUPPLEMENT_RECEIVED = "supplement_received"
    FINANCIAL_REQUESTED = "financial_requested"
    FINANCIAL_FULFILLED = "financial_fulfilled"
    REFUSED = "refused"  # Mẫu 03
    APOLOGY_ISSUED = "apology_issued"  # Mẫu 04
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"  # Mẫu 05
    RETURNED = "returned"
    PAYMENT_RECORDED = "payment_recorded"
    SURVEY_RECORDED = "survey_recorded"
    PRINTED = "printed"
    NOTE_ADDED = "note_added"
    CONFLICT_RESOLVED = "conflict_resolved"
    ATTACHMENT_ADDED = "attachment_added"  # a digitised paper (TT 01/2023 Điều 8), its file by hash

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS: dict[EventType, str] = {
    EventType.RECEIVED: "Tiếp nhận hồ sơ",
    EventType.TRANSFERRED: "Bàn giao hồ sơ",
    EventType.RESOLVED: "Đã xử lý xong",
    EventType.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung hồ sơ",
    EventType.SUPPLEMENT_RECEIVED: "Nhận hồ sơ bổ sung",
    EventType.FINANCIAL_REQUESTED: "Yêu cầu thực hiện nghĩa vụ tài chính",
    EventType.FINANCIAL_FULFILLED: "Đã thực hiện nghĩa vụ tài chính",
    EventType.REFUSED: "Từ chối tiếp nhận",
    EventType.APOLOGY_ISSUED: "Xin lỗi và hẹn lại ngày trả",
    EventType.WITHDRAWN: "Công dân rút hồ sơ",
    EventType.STOPPED: "Dừng giải quyết theo đề nghị của công dân",
    EventType.RETURNED: "Trả kết quả",
    EventType.PAYMENT_RECORDED: "Ghi nhận thu phí, lệ phí",
    EventType.SURVEY_RECORDED: "Ghi nhận đánh giá hài lòng",
    EventType.PRINTED: "In phiếu",
    EventType.NOTE_ADDED: "Ghi chú",
    EventType.CONFLICT_RESOLVED: "Xử lý xung đột dữ liệu",
    EventType.ATTACHMENT_ADDED: "Số hóa thành phần hồ sơ",
}

# Statuses each event may be applied in (DOMAIN.md transitions). Extensions, documented in the
# README: an accepted (2) dossier may be acted on as if in progress (4) — the hand-over is
# implied, e.g. a same-day certification resolved at the counter — and a dossier waiting for a
# supplement or a financial obligation may be withdrawn or stopped.
_ACTIVE = {Status.ACCEPTED, Status.IN_PROGRESS}
_ALLOWED_FROM: dict[EventType, frozenset[Status]] = {
    EventType.TRANSFERRED: frozenset({*_ACTIVE, Status.RESOLVED}),
    EventType.RESOLVED: frozenset(_ACTIVE),
    EventType.SUPPLEMENT_REQUESTED: frozenset({Status.REGISTERED, *_ACTIVE}),
    EventType.SUPPLEMENT_RECEIVED: frozenset({Status.SUPPLEMENT}),
    EventType.FINANCIAL_REQUESTED: frozenset(_ACTIVE),
    EventType.FINANCIAL_FULFILLED: frozenset({Status.FINANCIAL}),
    EventType.REFUSED: frozenset({Status.REGISTERED, Status.SUPPLEMENT}),
    EventType.APOLOGY_ISSUED: frozenset({*_ACTIVE, Status.SUPPLEMENT, Status.FINANCIAL}),
    EventType.WITHDRAWN: frozenset({*_ACTIVE, Status.SUPPLEMENT, Status.FINANCIAL}),
    EventType.STOPPED: frozenset({*_ACTIVE, Status.SUPPLEMENT, Status.FINANCIAL}),
    EventType.RETURNED: frozenset({Status.RESOLVED}),
}
_ANY_STATUS = {
    EventType.PAYMENT_RECORDED,
    EventType.SURVEY_RECORDED,
    EventType.PRINTED,
    EventType.NOTE_ADDED,
    EventType.CONFLICT_RESOLVED,
    EventType.ATTACHMENT_ADDED,
}
_EVERY_STATUS = frozenset(Status)

# Why an event (or an action, counter.domain.actions) is refused in a state: the same words
# whether a clerk's click is refused before writing or a merged event is kept as a conflict.
NOT_ALLOWED = "«{action}» không hợp lệ khi hồ sơ đang ở trạng thái «{status}»."


def allowed_from(kind: EventType) -> frozenset[Status]:
    """The statuses in which the fold accepts an event of this type after the intake."""
    if kind in _ANY_STATUS:
        return _EVERY_STATUS
    return _ALLOWED_FROM.get(kind, frozenset())


@dataclass(frozen=True)
class Event:
    """One immutable fact about a dossier. Ordered by (hlc, id) everywhere."""

    id: str
    dossier_id: str
    type: str
    hlc: str
    wall_time: str  # ISO local time the clerk saw; printed on the forms
    device: str
    actor: str  # username
    payload: dict[str, Any]

    @property
    def order_key(self) -> tuple[str, str]:
        return (self.hlc, self.id)


# `Event.order_key` as a sort key (called for every event a sync page brings: no property).
ORDER: Callable[[Event], tuple[str, str]] = attrgetter("hlc", "id")


_AT: dict[str, Check] = {"at": moment}
_REASON: dict[str, Check] = {"reason": text, **_AT}
_NOTE: dict[str, Check] = {"note": text, **_AT}
_PAPER = either(text, Schema({"name": text}, {"originals": integer, "copies": integer}))

# The payload of each event type: what the fold reads (required) and the other fields the
# services write, whose kind is checked when present. An event whose payload does not match
# is refused by the server and kept, unapplied, by a counter (see `problem`).
PAYLOADS: dict[EventType, Schema] = {
    EventType.RECEIVED: Schema(
        {
            "code": text,
            "procedure": Schema(
                {"code": text, "name": text},
                {
                    "field": text,
                    "time_amount": integer,
                    "time_unit": text,
                    "fee": integer,
                    "resolving_unit": text,
                    "result_name": text,
                    "steps": items(row(text, text, number)),
                },
            ),
            "applicant": Schema(
                {"full_name": text},
                {
                    "id": text,
                    "id_number": text,
                    "birth_date": birth_date,
                    "phone": text,
                    "email": text,
                    "address": text,
                },
            ),
            "received_at": moment,
        },
        {
            "outcome": one_of("accepted", "supplement", "refused", "registered"),
            "channel": text,
            "delivery": text,
            "due_at": moment,
            "documents": items(_PAPER),
            "sets": integer,
            "missing": items(text),
            "supplement_reason": text,
            "refuse_reason": text,
            "note": text,
            # The fee as computed at intake from the counts (domain/fees.py), or as the clerk
            # corrected it with a reason; absent in intakes recorded before fee rules.
            "fee": Schema(
                {"amount": integer},
                {
                    "computed": integer,
                    "pages": integer,
                    "copies": integer,
                    "rule": text,
                    "reason": text,
                },
            ),
            "register_book": text,
            "register_no": integer,
            "step_due_at": moment,
        },
    ),
    EventType.TRANSFERRED: Schema(
        {},
        {
            "from_person": text,
            "from_user": text,
            "to_person": text,
            "to_user": text,
            "to_unit": text,
            "from_unit": text,
            # The step of the internal process the receiver now does, and its deadline.
            "step": integer,
            "step_name": text,
            "step_body": text,
            "step_due_at": moment,
            # Liên thông: to (or back from) another body, often by the public postal service.
            "outside": boolean,
            "consignment": text,
            **_NOTE,
        },
    ),
    EventType.RESOLVED: Schema({}, {"approved": boolean, **_NOTE}),
    EventType.SUPPLEMENT_REQUESTED: Schema({}, {"missing": items(text), **_REASON}),
    EventType.SUPPLEMENT_RECEIVED: Schema(
        {},
        {
            "documents": items(_PAPER),
            "received_at": moment,
            "due_at": moment,
            "step_due_at": moment,
            **_AT,
        },
    ),
    EventType.FINANCIAL_REQUESTED: Schema({}, _NOTE),
    EventType.FINANCIAL_FULFILLED: Schema({}, _NOTE),
    EventType.REFUSED: Schema({}, _REASON),
    EventType.APOLOGY_ISSUED: Schema(
        {"new_due_at": moment},
        {"previous_due_at": moment, "override": boolean, **_REASON},
    ),
    EventType.WITHDRAWN: Schema({}, _REASON),
    EventType.STOPPED: Schema({}, _REASON),
    EventType.RETURNED: Schema({}, {"collected_by": text, "method": text, **_NOTE}),
    EventType.PAYMENT_RECORDED: Schema(
        {"amount": integer}, {"method": text, "receipt_no": text, **_AT}
    ),
    EventType.SURVEY_RECORDED: Schema({"rating": integer}, {"comment": text, **_AT}),
    EventType.PRINTED: Schema({}, {"form": text, "paper": text, "reprint": boolean}),
    EventType.NOTE_ADDED: Schema({}, {"text": text}),
    EventType.CONFLICT_RESOLVED: Schema({}, {"event_ids": items(text), "note": text}),
    EventType.ATTACHMENT_ADDED: Schema(
        {
            "line": text,  # the checklist line's paper name, or OTHER_LINE
            "file": sha256_hex,
            "pages": integer,
            "size": integer,
            "digitised_by": text,
            "signed": boolean,
        },
        {
            "code": text,
            "signer": text,
            "source": text,
            "colour": boolean,
            # Absent: a paper. "result": the signed electronic result of the procedure.
            "kind": one_of(KIND_PAPER, KIND_RESULT),
            # A reuse: the attachment event (and its dossier) whose file is reused, no new scan.
            "reused_from": text,
            "reused_code": text,
            **_AT,
        },
    ),
}
_KINDS = {kind.value: kind for kind in EventType}
_MOMENT_PASSES = passes(moment)


def problem(event: Event) -> Invalid | None:
    """Why this release cannot apply the dossier event, or None: a type it does not know (a
    newer release's), a wall time that is not a moment, or a payload without what its type
    needs."""
    kind = _KINDS.get(event.type)
    if kind is None:
        return Invalid("type", f"loại sự kiện «{event.type}» chưa được phiên bản này hỗ trợ")
    if _MOMENT_PASSES(event.wall_time) and PAYLOADS[kind].passes(event.payload):
        return None  # the checks' predicate twins: the same answer, without naming a field
    try:
        moment(event.wall_time)
    except Invalid as exc:
        return exc.within("wall_time")
    try:
        PAYLOADS[kind].check(event.payload, "payload")
    except Invalid as exc:
        return exc
    return None


@dataclass(frozen=True)
class Conflict:
    event_id: str
    reason: str


# How a dossier's moments are held: ISO local text in the projection (DossierState, as the
# `dossiers` row stores them), datetimes in the read model (services.views.DossierView).
Moment = TypeVar("Moment")


@dataclass(frozen=True, kw_only=True)
class DossierFields(Generic[Moment]):
    """What the projection and the read model both say of a dossier, declared once."""

    id: str
    code: str
    status: Status
    procedure_code: str
    procedure_name: str
    field: str
    applicant_name: str
    id_number: str
    channel: str
    delivery: str
    received_at: Moment | None
    due_at: Moment | None  # the due moment now (moved by an apology)
    original_due_at: Moment | None  # the legal one, which lateness is measured against
    resolved_at: Moment | None = None
    returned_at: Moment | None = None
    closed_at: Moment | None = None
    apology_count: int = 0
    fee: int
    paid_amount: int = 0
    payment_method: str = ""
    satisfaction: int | None = None
    holder: str = ""
    register_book: str = ""  # the entry in the register (Mẫu 07), given at intake
    register_no: int = 0
    # The internal process: the step (1-based; 0 when the procedure has none) the holder is
    # doing, its body, and the moment it must be handed on (counter.domain.process).
    step: int = 0
    step_name: str = ""
    step_body: str = ""
    step_due_at: Moment | None = None


@dataclass(frozen=True, kw_only=True)
class DossierState(DossierFields[str]):
    """The projection of a dossier's events; what the `dossiers` row holds."""

    applicant_id: str
    accepted: bool  # passed intake (so a later supplement returns to processing, not intake)
    conflicts: tuple[Conflict, ...] = ()
    last_event: tuple[str, str] = ("", "")
    event_count: int = 0
    # Digitised papers attached (attachment_added), and how many of them carry a signature.
    attachments: int = 0
    signed_attachments: int = 0
    # Of those, the ones reused from an earlier dossier of the same ID number (reused_from);
    # and the electronic results attached (kind "result"), and the signed ones among them.
    reused_attachments: int = 0
    results: int = 0
    signed_results: int = 0

    @property
    def conflict(self) -> bool:
        return bool(self.conflicts)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = int(self.status)
        data["conflicts"] = [asdict(c) for c in self.conflicts]
        data["last_event"] = list(self.last_event)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DossierState:
        values = dict(data)
        values["status"] = Status(values["status"])
        values["conflicts"] = tuple(Conflict(**c) for c in values.get("conflicts", ()))
        values["last_event"] = tuple(values.get("last_event", ("", "")))
        return cls(**values)


_INTAKE_STATUS = {
    "accepted": Status.ACCEPTED,
    "supplement": Status.SUPPLEMENT,
    "refused": Status.REFUSED,
    "registered": Status.REGISTERED,
}


def _created(event: Event) -> DossierState:
    p = event.payload
    procedure = p["procedure"]
    applicant = p["applicant"]
    status = _INTAKE_STATUS[p.get("outcome", "accepted")]
    return DossierState(
        id=event.dossier_id,
        code=p["code"],
        status=status,
        procedure_code=procedure["code"],
        procedure_name=procedure["name"],
        field=procedure.get("field", ""),
        applicant_id=applicant.get("id", ""),
        applicant_name=applicant["full_name"],
        id_number=applicant.get("id_number", ""),
        channel=p.get("channel", "direct"),
        delivery=p.get("delivery", "counter"),
        received_at=p["received_at"],
        due_at=p.get("due_at"),
        original_due_at=p.get("due_at"),
        fee=int(p["fee"]["amount"]) if "fee" in p else int(procedure.get("fee", 0)),
        accepted=status == Status.ACCEPTED,
        closed_at=p["received_at"] if status == Status.REFUSED else None,
        holder=event.actor,
        register_book=str(p.get("register_book", "")),
        register_no=int(p.get("register_no", 0)),
        **_first_step(procedure.get("steps"), p.get("step_due_at")),
    )


def _first_step(steps: Any, due: str | None) -> dict[str, Any]:
    """The process starts at its first step (receipt at the counter), due as the intake or
    the completing supplement computed it; no steps, no step."""
    if not steps:
        return {}
    name, body, _share = steps[0]
    return {"step": 1, "step_name": name, "step_body": body, "step_due_at": due}


def replace(state: DossierState, **changes: Any) -> DossierState:
    """dataclasses.replace without re-running __init__: the fold runs millions of times when
    demo data or a sync batch is applied, and this is 20× faster. The fields are copied as
    one dict (a copy of the old state's, then the changes), not inserted one by one into the new
    state's: half the time again."""
    new = object.__new__(DossierState)
    values = state.__dict__.copy()
    values.update(changes)
    object.__setattr__(new, "__dict__", values)  # frozen: its __setattr__ refuses
    return new


def _start(intake: Event) -> DossierState:
    return _set(_created(intake), last_event=intake.order_key, event_count=1)


def _set(state: DossierState, **changes: Any) -> DossierState:
    """`replace` in place, for a state `apply` has just made and not yet returned."""
    state.__dict__.update(changes)
    return state


def _flagged(state: DossierState, event: Event, reason: str) -> DossierState:
    """The event kept as a conflict of the dossier (in place, see `_set`)."""
    return _set(state, conflicts=(*state.conflicts, Conflict(event.id, reason)))


def apply(state: DossierState | None, event: Event) -> DossierState:
    """Fold one event into the dossier. Pure: the same events give the same dossier everywhere.

    An event that is not valid at its place is kept and flags the dossier as in conflict; it
    never raises and never changes anything else. An event this release cannot apply at all
    (`problem`) is kept in the log and skipped here: the dossier is as if it were not there.
    """
    if problem(event) is not None:
        if state is None:
            raise ValueError("the first event of a dossier must be a valid 'received'")
        return replace(state, last_event=event.order_key)
    kind = _KINDS[event.type]
    if state is None:
        if kind is not EventType.RECEIVED:
            raise ValueError("the first event of a dossier must be 'received'")
        return _start(event)
    # A new state, this function's own until it returns: the changes below are made in it
    # (`_set`), not in one more copy each (the fold runs for every event a sync page brings).
    state = replace(state, last_event=event.order_key, event_count=state.event_count + 1)
    if kind is EventType.RECEIVED:
        return _flagged(state, event, "Hồ sơ được tiếp nhận hai lần (trùng sự kiện tiếp nhận).")
    if kind in _ANY_STATUS:
        return _apply_any(state, event, kind)
    if state.status not in _ALLOWED_FROM[kind]:
        return _flagged(
            state, event, NOT_ALLOWED.format(action=kind.label, status=state.status.label)
        )
    p = event.payload
    at = p.get("at", event.wall_time)
    match kind:
        case EventType.TRANSFERRED:
            status = Status.RESOLVED if state.status is Status.RESOLVED else Status.IN_PROGRESS
            step: dict[str, Any] = {}
            if p.get("step"):
                step = {
                    "step": int(p["step"]),
                    "step_name": p.get("step_name", ""),
                    "step_body": p.get("step_body", ""),
                    "step_due_at": p.get("step_due_at"),
                }
            return _set(state, status=status, holder=p.get("to_person", ""), **step)
        case EventType.RESOLVED:
            return _set(state, status=Status.RESOLVED, resolved_at=at)
        case EventType.SUPPLEMENT_REQUESTED:
            return _set(state, status=Status.SUPPLEMENT)
        case EventType.SUPPLEMENT_RECEIVED:
            status = Status.IN_PROGRESS if state.accepted else Status.ACCEPTED
            due = p.get("due_at", state.due_at)
            if p.get("step_due_at"):
                # The process counts again from the complete dossier, at the step it is at.
                state = _set(state, step=state.step or 1, step_due_at=p["step_due_at"])
            if state.accepted:
                # The time allowed counts again in full from the complete dossier.
                return _set(state, status=status, due_at=due, original_due_at=due)
            # Completed at intake: the dossier is received now, and its clock starts now.
            return _set(
                state,
                status=status,
                accepted=True,
                received_at=p.get("received_at", at),
                due_at=due,
                original_due_at=due,
            )
        case EventType.FINANCIAL_REQUESTED:
            return _set(state, status=Status.FINANCIAL)
        case EventType.FINANCIAL_FULFILLED:
            return _set(state, status=Status.IN_PROGRESS)
        case EventType.REFUSED:
            return _set(state, status=Status.REFUSED, closed_at=at)
        case EventType.APOLOGY_ISSUED:
            if state.apology_count >= 1 and not p.get("override"):
                return _flagged(
                    state,
                    event,
                    "Hồ sơ đã được xin lỗi và hẹn lại một lần; lần hẹn lại thứ hai cần lãnh đạo cho phép.",
                )
            return _set(state, due_at=p["new_due_at"], apology_count=state.apology_count + 1)
        case EventType.WITHDRAWN:
            return _set(state, status=Status.WITHDRAWN, closed_at=at)
        case EventType.STOPPED:
            return _set(state, status=Status.STOPPED, closed_at=at)
        case EventType.RETURNED:
            return _set(state, status=Status.RETURNED, returned_at=at, closed_at=at)
    raise AssertionError(kind)  # pragma: no cover - every kind is matched above


def _apply_any(state: DossierState, event: Event, kind: EventType) -> DossierState:
    """An event allowed in any status, into the state `apply` has just made (see `_set`)."""
    p = event.payload
    match kind:
        case EventType.PAYMENT_RECORDED:
            return _set(
                state,
                paid_amount=state.paid_amount + int(p["amount"]),
                payment_method=p.get("method", ""),
            )
        case EventType.SURVEY_RECORDED:
            return _set(state, satisfaction=int(p["rating"]))
        case EventType.ATTACHMENT_ADDED:
            if p.get("kind") == KIND_RESULT:  # a result, not a digitised component
                return _set(
                    state,
                    results=state.results + 1,
                    signed_results=state.signed_results + bool(p["signed"]),
                )
            return _set(
                state,
                attachments=state.attachments + 1,
                signed_attachments=state.signed_attachments + bool(p["signed"]),
                reused_attachments=state.reused_attachments + bool(p.get("reused_from")),
            )
        case EventType.CONFLICT_RESOLVED:
            solved = set(p.get("event_ids", ()))
            return _set(
                state, conflicts=tuple(c for c in state.conflicts if c.event_id not in solved)
            )
        case _:
            return state


def intake(events: Iterable[Event]) -> Event | None:
    """The event a dossier starts from: its first valid 'received' event by (HLC, id)."""
    received = [e for e in events if e.type == EventType.RECEIVED and problem(e) is None]
    return min(received, key=ORDER) if received else None


def fold(events: Iterable[Event], first: Event | None = None) -> DossierState:
    """The dossier from all its events, sorted by (HLC, id) whatever order they arrived in.
    `first`: its `intake(events)` when the caller has just found it (each intake payload is
    then checked once, not twice)."""
    ordered = sorted(events, key=ORDER)
    first = first or intake(ordered)
    if first is None:
        raise ValueError("a dossier needs its 'received' event")
    # An event that sorts before the intake (a badly skewed clock) is still applied, after it.
    state = _start(first)  # checked by `intake`
    for event in ordered:
        if event is not first:
            state = apply(state, event)
    return _set(state, last_event=ordered[-1].order_key)  # a state of its own (`apply`)
