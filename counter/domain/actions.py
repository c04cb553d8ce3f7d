"""The actions a clerk takes on a dossier: the event each writes, the states that allow it, and
why not when not. Services refuse by it and the window offers by it; neither decides again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from counter.domain.amount import format_money
from counter.domain.dossier import NOT_ALLOWED, EventType, Status, allowed_from


class ActionKey(StrEnum):
    TRANSFER = "transfer"
    TAKE_BACK = "take_back"
    RESOLVE = "resolve"
    REQUEST_SUPPLEMENT = "request_supplement"
    RECEIVE_SUPPLEMENT = "receive_supplement"
    REQUEST_FINANCIAL = "request_financial"
    FINANCIAL_FULFILLED = "financial_fulfilled"
    REFUSE = "refuse"
    APOLOGISE = "apologise"
    RETURN_RESULT = "return_result"
    RECORD_PAYMENT = "record_payment"
    RECORD_SURVEY = "record_survey"
    STOP = "stop"
    WITHDRAW = "withdraw"
    RESOLVE_CONFLICT = "resolve_conflict"
    ADD_NOTE = "add_note"
    RECORD_PRINT = "record_print"
    ATTACH = "attach"


class DossierFacts(Protocol):
    """What the rules read of a dossier: its projection (`DossierState`) or a view of it."""

    @property
    def status(self) -> Status: ...
    @property
    def fee(self) -> int: ...
    @property
    def paid_amount(self) -> int: ...
    @property
    def satisfaction(self) -> int | None: ...
    @property
    def conflict(self) -> bool: ...


@dataclass(frozen=True)
class Refusal:
    """Why an action cannot be taken now. `template` is the Vietnamese sentence before its
    values are filled in, so the window can show it in its own language."""

    template: str
    values: tuple[tuple[str, str], ...] = ()
    by_status: bool = False  # the state itself forbids it (not a further condition)

    @property
    def text(self) -> str:
        return self.template.format(**dict(self.values))

    def __str__(self) -> str:
        return self.text


# Further conditions, beyond the state: the window shows these words beside a disabled action.
FREE = "Thủ tục này không thu phí, lệ phí."
PAID = "Đã thu đủ phí, lệ phí ({paid})."
NO_CONFLICT = "Hồ sơ này không có xung đột dữ liệu."
REASONS = (FREE, PAID, NO_CONFLICT)


def _fee_settled(facts: DossierFacts) -> Refusal | None:
    """Nothing more to collect: a free procedure, or the fee already paid in full."""
    if facts.fee <= 0:
        return Refusal(FREE)
    if facts.paid_amount >= facts.fee:
        return Refusal(PAID, (("paid", format_money(facts.paid_amount)),))
    return None


def _in_conflict(facts: DossierFacts) -> Refusal | None:
    return None if facts.conflict else Refusal(NO_CONFLICT)


@dataclass(frozen=True)
class ActionRule:
    key: ActionKey
    event: EventType
    name: str  # the action in words, for the refusal
    statuses: frozenset[Status]
    condition: Callable[[DossierFacts], Refusal | None] | None = None


def _rule(
    key: ActionKey,
    event: EventType,
    *,
    name: str = "",
    within: frozenset[Status] | None = None,
    condition: Callable[[DossierFacts], Refusal | None] | None = None,
) -> ActionRule:
    """An action allowed where the fold accepts its event, narrowed to `within` where a clerk's
    action means less than the event does."""
    statuses = allowed_from(event)
    if within is not None:
        statuses &= within
    return ActionRule(key, event, name or event.label, statuses, condition)


A, E, S = ActionKey, EventType, Status
RULES: dict[ActionKey, ActionRule] = {
    r.key: r
    for r in (
        _rule(A.TRANSFER, E.TRANSFERRED),
        # From whoever holds it: an accepted dossier is still at the counter.
        _rule(
            A.TAKE_BACK,
            E.TRANSFERRED,
            name="Nhận lại hồ sơ",
            within=frozenset({S.IN_PROGRESS, S.RESOLVED}),
        ),
        _rule(A.RESOLVE, E.RESOLVED),
        _rule(A.REQUEST_SUPPLEMENT, E.SUPPLEMENT_REQUESTED),
        _rule(A.RECEIVE_SUPPLEMENT, E.SUPPLEMENT_RECEIVED),
        _rule(A.REQUEST_FINANCIAL, E.FINANCIAL_REQUESTED),
        _rule(A.FINANCIAL_FULFILLED, E.FINANCIAL_FULFILLED),
        _rule(A.REFUSE, E.REFUSED),
        _rule(A.APOLOGISE, E.APOLOGY_ISSUED),
        _rule(A.RETURN_RESULT, E.RETURNED),
        # Nothing is collected for a dossier that was refused, withdrawn or stopped.
        _rule(
            A.RECORD_PAYMENT,
            E.PAYMENT_RECORDED,
            within=frozenset(Status) - {S.REFUSED, S.WITHDRAWN, S.STOPPED},
            condition=_fee_settled,
        ),
        # The citizen rates the service when the result is handed over, not before: a result
        # that waits at the counter has nobody to ask (the window offers the survey right
        # after «Trả kết quả»). A second rating corrects the first: the projection keeps the
        # latest, counted once.
        _rule(A.RECORD_SURVEY, E.SURVEY_RECORDED, within=frozenset({S.RETURNED})),
        _rule(A.STOP, E.STOPPED),
        _rule(A.WITHDRAW, E.WITHDRAWN),
        _rule(A.RESOLVE_CONFLICT, E.CONFLICT_RESOLVED, condition=_in_conflict),
        _rule(A.ADD_NOTE, E.NOTE_ADDED),
        _rule(A.RECORD_PRINT, E.PRINTED),
        # TT 03/2025 Điều 5: the counter digitises the papers it received; a dossier submitted
        # online (registered) or refused at the counter has none.
        _rule(
            A.ATTACH,
            E.ATTACHMENT_ADDED,
            name="Số hóa",
            within=frozenset(Status) - {S.REGISTERED, S.REFUSED},
        ),
    )
}


def refusal(action: ActionKey, facts: DossierFacts) -> Refusal | None:
    """Why the dossier does not allow this action now; None when it does."""
    rule = RULES[action]
    if facts.status not in rule.statuses:
        values = (("action", rule.name), ("status", facts.status.label))
        return Refusal(NOT_ALLOWED, values, by_status=True)
    return rule.condition(facts) if rule.condition is not None else None


def allowed_actions(facts: DossierFacts) -> dict[ActionKey, Refusal | None]:
    """Every action with why it is refused (None: allowed), in the table's order."""
    return {key: refusal(key, facts) for key in RULES}
