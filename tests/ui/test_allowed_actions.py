"""For every status, the dossier screen offers exactly the actions the core allows: its buttons
and its shortcuts, with the core's reason beside an action a further condition forbids."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from counter.db.models import EventRow
from counter.domain.actions import ActionKey, allowed_actions
from counter.domain.dossier import EventType, Status
from counter.domain.hlc import uuid7
from counter.errors import TransitionError
from counter.services import intake, queries, workflow
from counter.services.context import Context
from counter.services.eventstore import append
from counter.services.intake import ApplicantInput, IntakeRequest
from tests.services.helpers import all_documents
from tests.ui.helpers import apologise_with_f7

pytestmark = pytest.mark.gui

TEMPORARY_RESIDENCE = "1.004194"  # 15.000 đ, 3 working days
SPECIALIST = "Lê Văn Đạt"


def _receive(ctx: Context, *, complete: bool = True, refuse: str = "") -> str:
    documents = all_documents(ctx, TEMPORARY_RESIDENCE) if complete else []
    request = IntakeRequest(
        TEMPORARY_RESIDENCE,
        ApplicantInput("Võ Thị Sáu", "079190007777"),
        documents=documents,
        refuse_reason=refuse,
    )
    return intake.receive(ctx, request).dossier.code


def _registered(ctx: Context) -> str:
    """An online registration not yet checked at the counter (status 1), as one arrives: its
    received event, here a copy of a counter's intake under a new code."""
    view = queries.find_by_code(ctx, _receive(ctx))
    assert view is not None
    with ctx.db.unit_of_work() as session:
        stored = session.scalar(
            select(EventRow.payload).where(
                EventRow.dossier_id == view.id, EventRow.type == EventType.RECEIVED
            )
        )
        payload = json.loads(stored or "{}")
        payload.update(
            code=intake.next_code(session, ctx, ctx.now().date()),
            outcome="registered",
            channel="online",
        )
        append(session, ctx, uuid7(), EventType.RECEIVED, payload)
    return str(payload["code"])


def _in_conflict(ctx: Context) -> str:
    """An accepted dossier with a merged event its state did not allow (kept as a conflict)."""
    code = _receive(ctx)
    view = queries.find_by_code(ctx, code)
    assert view is not None
    with ctx.db.unit_of_work() as session:
        append(session, ctx, view.id, EventType.RETURNED, {"collected_by": "Võ Thị Sáu"})
    return code


def _one_per_status(ctx: Context) -> dict[str, str]:
    def after(*steps) -> str:
        code = _receive(ctx)
        for step in steps:
            step(code)
        return code

    transfer = lambda code: workflow.transfer(ctx, code, SPECIALIST)  # noqa: E731
    resolve = lambda code: workflow.resolve(ctx, code, "Đã ký")  # noqa: E731
    return {
        "registered": _registered(ctx),
        "accepted": after(),
        "refused": _receive(ctx, refuse="Không thuộc thẩm quyền"),
        "in progress": after(transfer),
        "supplement at intake": _receive(ctx, complete=False),
        "supplement in progress": after(
            transfer, lambda c: workflow.request_supplement(ctx, c, ["Bản sao"], "Thiếu")
        ),
        "financial": after(lambda c: workflow.request_financial(ctx, c, "Nộp lệ phí")),
        "withdrawn": after(lambda c: workflow.withdraw(ctx, c, "Công dân rút")),
        "stopped": after(lambda c: workflow.stop(ctx, c, "Công dân đề nghị dừng")),
        "resolved": after(transfer, resolve),
        "paid and resolved": after(
            lambda c: workflow.record_payment(ctx, c, 15_000, "cash"), resolve
        ),
        "returned": after(resolve, lambda c: workflow.return_result(ctx, c, "Võ Thị Sáu")),
        "rated": after(
            resolve,
            lambda c: workflow.return_result(ctx, c, "Võ Thị Sáu"),
            lambda c: workflow.record_survey(ctx, c, 3),
        ),
        "in conflict": _in_conflict(ctx),
    }


def test_for_every_status_the_screen_offers_exactly_what_the_core_allows(window) -> None:
    ctx = window.state.ctx
    screen = window.dossier
    cases = _one_per_status(ctx)
    buttons = screen.action_buttons
    assert set(buttons) <= set(ActionKey)  # the window labels the core's actions, no others
    seen: set[Status] = set()
    for case, code in cases.items():
        assert window.open_dossier(code)
        view = screen.view
        assert view is not None and view.code == code
        seen.add(view.status)
        refusals = allowed_actions(view)
        allowed = {key for key, why in refusals.items() if why is None} & set(buttons)
        offered = {key for key, button in buttons.items() if button.isEnabled()}
        assert offered == allowed, case
        for key, button in buttons.items():
            why = refusals[key]
            # The state forbids it: no words needed; a further condition says itself.
            assert button.toolTip() == ("" if why is None or why.by_status else why.text), case
            if key == ActionKey.RESOLVE_CONFLICT:
                assert button.isVisibleTo(screen) == view.conflict, case
            # The keyboard opens exactly what the buttons offer.
            dialog = screen.start(key)
            assert (dialog is not None) == (key in allowed), (case, key)
            if dialog is not None:
                dialog.reject()
    assert seen == set(Status)


def test_a_registered_dossier_is_not_offered_for_withdrawal(window) -> None:
    """Issue 13: the window offered «Rút hồ sơ» for a registered dossier the core refuses."""
    ctx = window.state.ctx
    code = _registered(ctx)
    assert window.open_dossier(code)
    screen = window.dossier
    assert screen.view is not None and screen.view.status is Status.REGISTERED
    assert not screen.action_buttons["withdraw"].isEnabled()
    assert screen.start("withdraw") is None and screen.banner.kind == "error"
    with pytest.raises(TransitionError):
        workflow.withdraw(ctx, code, "Công dân rút")


@pytest.mark.parametrize("waiting_for", ["supplement", "financial"])
def test_an_apology_is_offered_while_the_dossier_waits_for_the_citizen(
    qtbot, window, clock, waiting_for: str
) -> None:
    """Issue 13: the window offered the apology (F7) only while accepted or in progress, the
    core also while a supplement or a financial obligation is awaited."""
    ctx = window.state.ctx
    code = _receive(ctx)  # due Thursday 05/03
    workflow.transfer(ctx, code, SPECIALIST)
    if waiting_for == "supplement":
        workflow.request_supplement(ctx, code, ["Giấy xác nhận cư trú"], "Thiếu giấy tờ")
    else:
        workflow.request_financial(ctx, code, "Nộp lệ phí trước bạ")
    clock.set(datetime(2026, 3, 6, 9, 0))
    assert window.open_dossier(code)
    screen = window.dossier
    assert screen.action_buttons["apologise"].isEnabled()
    apologise_with_f7(qtbot, window, "Chờ xác minh của cơ quan khác", date(2026, 3, 12))
    assert queries.find_by_code(ctx, code).apology_count == 1  # type: ignore[union-attr]
