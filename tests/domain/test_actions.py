"""The table of a dossier's actions: what each state allows, the further conditions with their
words, and that an allowed action's event is one the fold accepts."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from counter.domain.actions import (
    FREE,
    NO_CONFLICT,
    RULES,
    ActionKey,
    DossierFacts,
    allowed_actions,
    refusal,
)
from counter.domain.dossier import (
    NOT_ALLOWED,
    DossierState,
    Event,
    EventType,
    Status,
    allowed_from,
    apply,
    replace,
)

A, S = ActionKey, Status


@dataclass(frozen=True)
class Facts:
    """A dossier as the rules read it: a fee still to collect, not rated, no conflict."""

    status: Status
    fee: int = 15_000
    paid_amount: int = 0
    satisfaction: int | None = None
    conflict: bool = False


ALWAYS = {A.ADD_NOTE, A.RECORD_PRINT}
_RUNNING = {
    A.TRANSFER,
    A.RESOLVE,
    A.REQUEST_SUPPLEMENT,
    A.REQUEST_FINANCIAL,
    A.APOLOGISE,
    A.RECORD_PAYMENT,
    A.STOP,
    A.WITHDRAW,
}
# What each state allows (DOMAIN.md transitions, with the README's extensions).
EXPECTED: dict[Status, set[ActionKey]] = {
    S.REGISTERED: {A.REQUEST_SUPPLEMENT, A.REFUSE, A.RECORD_PAYMENT},
    S.ACCEPTED: _RUNNING,
    S.REFUSED: set(),
    # A hand-over has happened: the counter may take the dossier back.
    S.IN_PROGRESS: _RUNNING | {A.TAKE_BACK},
    S.SUPPLEMENT: {
        A.RECEIVE_SUPPLEMENT,
        A.REFUSE,
        A.APOLOGISE,
        A.RECORD_PAYMENT,
        A.STOP,
        A.WITHDRAW,
    },
    S.FINANCIAL: {A.FINANCIAL_FULFILLED, A.APOLOGISE, A.RECORD_PAYMENT, A.STOP, A.WITHDRAW},
    S.WITHDRAWN: set(),
    S.STOPPED: set(),
    S.RESOLVED: {A.TRANSFER, A.TAKE_BACK, A.RETURN_RESULT, A.RECORD_PAYMENT},
    S.RETURNED: {A.RECORD_PAYMENT, A.RECORD_SURVEY},
}
# The papers received at the counter are digitised in any state but these (issue 18).
for _status in set(Status) - {S.REGISTERED, S.REFUSED}:
    EXPECTED[_status] = EXPECTED[_status] | {A.ATTACH}


def _allowed(facts: DossierFacts) -> set[ActionKey]:
    return {key for key, why in allowed_actions(facts).items() if why is None}


@pytest.mark.parametrize("status", list(Status))
def test_each_state_allows_its_actions(status: Status) -> None:
    assert _allowed(Facts(status)) == EXPECTED[status] | ALWAYS


def test_a_registered_dossier_cannot_be_withdrawn() -> None:
    why = refusal(A.WITHDRAW, Facts(S.REGISTERED))
    assert why is not None and why.by_status
    assert (
        why.text == "«Công dân rút hồ sơ» không hợp lệ khi hồ sơ đang ở trạng thái «Mới đăng ký»."
    )


@pytest.mark.parametrize("status", [S.ACCEPTED, S.IN_PROGRESS, S.SUPPLEMENT, S.FINANCIAL])
def test_an_apology_is_allowed_while_the_dossier_is_open_after_intake(status: Status) -> None:
    assert refusal(A.APOLOGISE, Facts(status)) is None


def test_a_refusal_by_state_names_the_action_and_the_state() -> None:
    why = refusal(A.TAKE_BACK, Facts(S.ACCEPTED))
    assert why is not None and why.by_status and why.template == NOT_ALLOWED
    assert str(why) == "«Nhận lại hồ sơ» không hợp lệ khi hồ sơ đang ở trạng thái «Được tiếp nhận»."


def test_nothing_to_collect_says_why() -> None:
    free = refusal(A.RECORD_PAYMENT, Facts(S.ACCEPTED, fee=0))
    assert free is not None and not free.by_status and free.text == FREE
    paid = refusal(A.RECORD_PAYMENT, Facts(S.ACCEPTED, paid_amount=15_000))
    assert paid is not None and paid.text == "Đã thu đủ phí, lệ phí (15.000 đ)."
    assert paid.values == (("paid", "15.000 đ"),)
    assert refusal(A.RECORD_PAYMENT, Facts(S.ACCEPTED, paid_amount=5_000)) is None
    # A closed dossier's state says no before its fee does.
    stopped = refusal(A.RECORD_PAYMENT, Facts(S.STOPPED, fee=0))
    assert stopped is not None and stopped.by_status


def test_a_citizens_rating_can_be_corrected() -> None:
    assert refusal(A.RECORD_SURVEY, Facts(S.RETURNED)) is None
    assert refusal(A.RECORD_SURVEY, Facts(S.RETURNED, satisfaction=3)) is None


def test_a_conflict_is_resolved_only_where_there_is_one() -> None:
    for status in Status:
        none = refusal(A.RESOLVE_CONFLICT, Facts(status))
        assert none is not None and none.text == NO_CONFLICT
        assert refusal(A.RESOLVE_CONFLICT, Facts(status, conflict=True)) is None


def test_every_event_a_clerk_writes_has_its_action_within_the_folds_states() -> None:
    written = {rule.event for rule in RULES.values()}
    assert written == set(EventType) - {EventType.RECEIVED}
    for rule in RULES.values():
        assert rule.statuses <= allowed_from(rule.event), rule.key


_PAYLOADS: dict[EventType, dict[str, object]] = {
    EventType.APOLOGY_ISSUED: {"new_due_at": "2026-03-12 17:00"},
    EventType.PAYMENT_RECORDED: {"amount": 15_000},
    EventType.SURVEY_RECORDED: {"rating": 3},
    EventType.ATTACHMENT_ADDED: {
        "line": "other",
        "file": "0" * 64,
        "pages": 1,
        "size": 100,
        "digitised_by": "Võ Thị Sáu",
        "signed": False,
    },
}


def _state(status: Status) -> DossierState:
    received = Event(
        "e0",
        "d1",
        EventType.RECEIVED,
        "0001",
        "2026-03-02 09:00:00",
        "dev",
        "motcua",
        {
            "code": "X-1",
            "procedure": {"code": "1.1", "name": "Thủ tục", "fee": 15_000},
            "applicant": {"full_name": "Võ Thị Sáu"},
            "received_at": "2026-03-02 09:00",
            "due_at": "2026-03-05 09:00",
        },
    )
    return replace(apply(None, received), status=status, accepted=status is not S.REGISTERED)


@pytest.mark.parametrize("status", list(Status))
def test_the_fold_accepts_what_the_table_allows(status: Status) -> None:
    state = _state(status)
    assert _allowed(state) == EXPECTED[status] | ALWAYS  # the projection itself is read
    for key in _allowed(state):
        kind = RULES[key].event
        payload = dict(_PAYLOADS.get(kind, {}))
        event = Event("e1", "d1", kind, "0002", "2026-03-03 09:00:00", "dev", "motcua", payload)
        assert not apply(state, event).conflicts, key
