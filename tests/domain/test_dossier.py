"""The dossier state machine and the fold of events."""

import itertools
import random

import pytest

from counter.domain.dossier import Event, EventType, Status, apply, fold


def _received(outcome: str = "accepted", hlc: str = "000000000001000.000000") -> Event:
    return Event(
        id="00000000-0000-7000-8000-000000000001",
        dossier_id="d1",
        type=EventType.RECEIVED,
        hlc=hlc,
        wall_time="2026-03-02 09:00:00",
        device="dev-a",
        actor="motcua",
        payload={
            "code": "H40-260302-0001",
            "outcome": outcome,
            "procedure": {
                "code": "2.000815",
                "name": "Chứng thực bản sao",
                "field": "Chứng thực",
                "fee": 2000,
            },
            "applicant": {"full_name": "Nguyễn Văn Đức", "id_number": "079090001234"},
            "received_at": "2026-03-02 09:00:00",
            "due_at": "2026-03-02 17:00:00" if outcome == "accepted" else None,
        },
    )


def _event(n: int, kind: EventType, payload: dict | None = None, device: str = "dev-a") -> Event:
    return Event(
        id=f"00000000-0000-7000-8000-{n:012d}",
        dossier_id="d1",
        type=kind,
        hlc=f"{1000 + n * 10:015d}.000000",
        wall_time="2026-03-02 10:00:00",
        device=device,
        actor="motcua",
        payload=payload or {},
    )


LIFE = [
    _received(),
    _event(2, EventType.TRANSFERRED, {"to_person": "Lê Văn Đạt"}),
    _event(3, EventType.PAYMENT_RECORDED, {"amount": 2000, "method": "cash"}),
    _event(4, EventType.RESOLVED, {"at": "2026-03-02 15:00:00"}),
    _event(5, EventType.TRANSFERRED, {"to_person": "Trần Thị Thu Hà"}),
    _event(6, EventType.RETURNED, {"at": "2026-03-02 16:00:00", "collected_by": "Nguyễn Văn Đức"}),
    _event(7, EventType.SURVEY_RECORDED, {"rating": 3}),
]


def test_a_whole_life() -> None:
    state = fold(LIFE)
    assert state.status is Status.RETURNED
    assert state.resolved_at == "2026-03-02 15:00:00"
    assert state.returned_at == state.closed_at == "2026-03-02 16:00:00"
    assert state.paid_amount == 2000 and state.payment_method == "cash"
    assert state.satisfaction == 3
    assert state.event_count == 7
    assert not state.conflict


def test_any_arrival_order_gives_the_same_dossier() -> None:
    expected = fold(LIFE)
    rng = random.Random(4)
    for _ in range(50):
        shuffled = LIFE[:]
        rng.shuffle(shuffled)
        assert fold(shuffled) == expected


def test_statuses_follow_domain_transitions() -> None:
    state = apply(None, _received())
    assert state.status is Status.ACCEPTED
    state = apply(state, _event(2, EventType.TRANSFERRED, {"to_person": "x"}))
    assert state.status is Status.IN_PROGRESS
    state = apply(state, _event(3, EventType.SUPPLEMENT_REQUESTED, {}))
    assert state.status is Status.SUPPLEMENT
    state = apply(
        state, _event(4, EventType.SUPPLEMENT_RECEIVED, {"due_at": "2026-03-05 10:00:00"})
    )
    assert state.status is Status.IN_PROGRESS
    assert state.due_at == state.original_due_at == "2026-03-05 10:00:00"
    state = apply(state, _event(5, EventType.FINANCIAL_REQUESTED, {}))
    assert state.status is Status.FINANCIAL
    state = apply(state, _event(6, EventType.FINANCIAL_FULFILLED, {}))
    assert state.status is Status.IN_PROGRESS
    state = apply(state, _event(7, EventType.STOPPED, {"at": "2026-03-04 08:00:00"}))
    assert state.status is Status.STOPPED and state.closed_at == "2026-03-04 08:00:00"
    assert not state.conflict


def test_supplement_at_intake_starts_the_clock_when_completed() -> None:
    state = apply(None, _received("supplement"))
    assert state.status is Status.SUPPLEMENT and state.due_at is None and not state.accepted
    state = apply(
        state,
        _event(
            2,
            EventType.SUPPLEMENT_RECEIVED,
            {"received_at": "2026-03-04 08:00:00", "due_at": "2026-03-04 17:00:00"},
        ),
    )
    assert state.status is Status.ACCEPTED and state.accepted
    assert state.received_at == "2026-03-04 08:00:00"
    assert state.original_due_at == "2026-03-04 17:00:00"


def test_refused_at_intake_is_closed() -> None:
    state = apply(None, _received("refused"))
    assert state.status is Status.REFUSED and state.closed_at == "2026-03-02 09:00:00"


def test_event_invalid_at_its_place_is_kept_as_a_conflict() -> None:
    # Two counters both returned the same dossier while offline.
    second_return = _event(8, EventType.RETURNED, {"at": "2026-03-02 16:05:00"}, device="dev-b")
    state = fold([*LIFE, second_return])
    assert state.status is Status.RETURNED
    assert state.returned_at == "2026-03-02 16:00:00"  # the first return stands
    assert state.conflict
    assert state.conflicts[0].event_id == second_return.id
    assert "Trả kết quả" in state.conflicts[0].reason
    assert state.event_count == 8


def test_conflict_resolved_clears_the_flag() -> None:
    second_return = _event(8, EventType.RETURNED, {}, device="dev-b")
    resolved = _event(9, EventType.CONFLICT_RESOLVED, {"event_ids": [second_return.id]})
    assert not fold([*LIFE, second_return, resolved]).conflict


def test_second_apology_needs_a_leader_override() -> None:
    base = [_received(), _event(2, EventType.TRANSFERRED, {"to_person": "x"})]
    first = _event(3, EventType.APOLOGY_ISSUED, {"new_due_at": "2026-03-06 17:00:00"})
    second = _event(4, EventType.APOLOGY_ISSUED, {"new_due_at": "2026-03-10 17:00:00"})
    state = fold([*base, first, second])
    assert state.apology_count == 1 and state.due_at == "2026-03-06 17:00:00" and state.conflict
    allowed = _event(
        4, EventType.APOLOGY_ISSUED, {"new_due_at": "2026-03-10 17:00:00", "override": True}
    )
    state = fold([*base, first, allowed])
    assert state.apology_count == 2 and state.due_at == "2026-03-10 17:00:00" and not state.conflict
    assert state.original_due_at == "2026-03-02 17:00:00"  # lateness still counts from here


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (EventType.RETURNED, Status.ACCEPTED),
        (EventType.SUPPLEMENT_RECEIVED, Status.ACCEPTED),
        (EventType.FINANCIAL_FULFILLED, Status.ACCEPTED),
        (EventType.REFUSED, Status.ACCEPTED),
    ],
)
def test_invalid_transitions_flag(kind: EventType, status: Status) -> None:
    state = apply(None, _received())
    assert state.status is status
    after = apply(state, _event(2, kind, {}))
    assert after.status is status and after.conflict


def test_the_first_event_must_be_the_intake() -> None:
    with pytest.raises(ValueError):
        apply(None, _event(2, EventType.RESOLVED))


def test_events_before_the_intake_in_a_skewed_merge_still_fold() -> None:
    early = Event(
        id="00000000-0000-7000-8000-000000000099",
        dossier_id="d1",
        type=EventType.NOTE_ADDED,
        hlc="000000000000001.000000",
        wall_time="2026-03-02 08:00:00",
        device="dev-b",
        actor="x",
        payload={"text": "ghi chú"},
    )
    state = fold([early, *LIFE])
    assert state.status is Status.RETURNED and state.event_count == 8
    assert state.last_event == max(e.order_key for e in [early, *LIFE])


def test_all_permutations_of_a_small_conflicting_set_agree() -> None:
    events = [
        _received(),
        _event(2, EventType.RESOLVED, {"at": "a"}),
        _event(3, EventType.RETURNED, {"at": "b"}, device="dev-a"),
        _event(4, EventType.RETURNED, {"at": "c"}, device="dev-b"),
    ]
    results = {fold(list(p)) for p in itertools.permutations(events)}
    assert len(results) == 1
