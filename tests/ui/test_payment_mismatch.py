"""A payment other than the fee asks before it is recorded; the receipt number typed is shown
on the dossier screen with how the fee was counted."""

from __future__ import annotations

import pytest

from counter.services import intake, queries
from counter.services.intake import ApplicantInput, IntakeRequest
from tests.services.helpers import CERTIFY, all_documents
from tests.ui.helpers import gone, settle

pytestmark = pytest.mark.gui


def _copies(ctx, pages: int) -> str:  # type: ignore[no-untyped-def]
    result = intake.receive(
        ctx,
        IntakeRequest(
            CERTIFY,
            ApplicantInput("Võ Thị Sáu", "079190007777"),
            documents=all_documents(ctx, CERTIFY),
            fee_pages=pages,
        ),
    )
    return result.dossier.code


def test_a_payment_other_than_the_fee_asks_first(qtbot, window) -> None:
    ctx = window.state.ctx
    code = _copies(ctx, 1)  # 2.000 đ
    window.open_dossier(code)
    screen = window.dossier
    dialog = screen.start("record_payment")
    assert dialog.values()["amount"] == 2000
    dialog.inputs["amount"].setValue(7000)
    dialog.inputs["receipt_no"].setText("0000777")
    dialog.submit()
    box = dialog.mismatch_box
    assert box is not None and box.isVisible()
    assert "7.000 đ khác số phí, lệ phí còn phải nộp 2.000 đ" in box.text()
    assert box.defaultButton().text() == "Sửa số tiền"
    box.defaultButton().click()  # back to the amount: nothing recorded
    settle(qtbot)
    assert queries.find_by_code(ctx, code).paid_amount == 0
    dialog.submit()
    dialog.mismatch_box.defaultButton().click()
    dialog.inputs["amount"].setValue(2000)  # corrected: no question
    dialog.submit()
    settle(qtbot)
    assert gone(dialog), dialog.banner.text()
    assert queries.find_by_code(ctx, code).paid_amount == 2000
    screen.reload()
    assert "biên lai số 0000777" in screen.fields["fee"].text()


def test_a_confirmed_other_sum_is_recorded(qtbot, window) -> None:
    ctx = window.state.ctx
    code = _copies(ctx, 5)  # 7.000 đ
    window.open_dossier(code)
    screen = window.dossier
    assert "bản chính 5 trang, 1 bản" in screen.fields["fee"].text()
    dialog = screen.start("record_payment")
    dialog.inputs["amount"].setValue(5000)
    dialog.submit()
    dialog.mismatch_yes.click()
    settle(qtbot)
    assert gone(dialog), dialog.banner.text()
    assert queries.find_by_code(ctx, code).paid_amount == 5000
