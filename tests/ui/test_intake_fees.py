"""The fee at intake in the window: computed from the pages and copies, shown with the rule and
the catalogue's note, corrected only with a reason, stored with the receipt number."""

from __future__ import annotations

import pytest

from counter.services.queries import dossier_events
from tests.ui.helpers import save_intake
from ui.main_window import INTAKE

pytestmark = pytest.mark.gui

CERTIFY = "2.000815"
BIRTH = "1.001193"
LAND = "1.013978"


def _choose(window, code: str):  # type: ignore[no-untyped-def]
    window.go(INTAKE)
    intake = window.intake
    intake.choose(next(p for p in intake.procedures if p.code == code))
    intake.mark_all_received()
    intake.full_name.setText("Hồ Thị Lan")
    return intake


def test_certified_copies_are_computed_from_pages_and_copies(qtbot, window) -> None:
    intake = _choose(window, CERTIFY)
    assert intake.fee_pages.isVisibleTo(intake) and intake.fee_copies.isVisibleTo(intake)
    # The rule computed beside the procedure, the catalogue's note (its source) under the fee.
    assert "2.000 đồng/trang; từ trang thứ 3 trở lên 1.000 đồng/trang" in (
        intake.procedure_info.text()
    )
    assert "từ trang thứ ba trở lên 1.000 đồng/trang" in intake.fee_rule_label.text()
    assert "Thông tư 226/2016/TT-BTC" in intake.fee_rule_label.toolTip()
    assert intake.fee_amount.value() == 2000
    intake.fee_pages.setValue(5)
    assert intake.fee_amount.value() == 7000
    intake.fee_copies.setValue(2)
    assert intake.fee_amount.value() == 14_000
    intake.fee_pages.setValue(40)
    assert intake.fee_amount.value() == 84_000
    assert not intake.fee_reason.isVisibleTo(intake)
    intake.fee_pages.setValue(5)
    intake.fee_copies.setValue(1)
    intake.payment.setCurrentIndex(intake.payment.findData("cash"))
    intake.receipt_no.setText("0001234")
    result = save_intake(qtbot, intake)
    assert result is not None and result.dossier.fee == result.dossier.paid_amount == 7000
    _, events = dossier_events(window.state.ctx, result.dossier.code)
    assert events[0].payload["fee"]["pages"] == 5
    assert events[1].payload["receipt_no"] == "0001234"


def test_a_corrected_fee_asks_for_a_reason_and_keeps_it(qtbot, window) -> None:
    intake = _choose(window, CERTIFY)
    intake.fee_pages.setValue(5)
    intake.fee_amount.setValue(5000)
    assert intake.fee_reason.isVisibleTo(intake)
    assert "theo quy định 7.000 đ" in intake.fee_label.text()
    intake.save()
    qtbot.waitUntil(lambda: intake.saving is None)
    assert "nhập lý do sửa" in intake.banner.text()
    assert intake.fee_reason.hasFocus() or intake.window().focusWidget() is intake.fee_reason
    # Changing a count keeps the correction typed.
    intake.fee_pages.setValue(6)
    assert intake.fee_amount.value() == 5000
    intake.fee_reason.setText("Hai trang là bản dịch")
    result = save_intake(qtbot, intake)
    assert result is not None and result.dossier.fee == 5000
    _, events = dossier_events(window.state.ctx, result.dossier.code)
    fee = events[0].payload["fee"]
    assert fee["computed"] == 8000 and fee["reason"] == "Hai trang là bản dịch"


def test_free_and_provincial_procedures(qtbot, window) -> None:
    intake = _choose(window, BIRTH)
    assert intake.fee_label.text() == "Miễn phí"
    assert not intake.fee_pages.isVisibleTo(intake) and not intake.payment.isVisibleTo(intake)
    intake = _choose(window, LAND)
    assert "HĐND tỉnh" in intake.fee_rule_label.text()
    assert intake.fee_amount.isVisibleTo(intake)  # not "Miễn phí": the clerk types the rate
    assert not intake.payment.isVisibleTo(intake)
    intake.fee_amount.setValue(100_000)
    assert intake.payment.isVisibleTo(intake) and intake.fee_reason.isVisibleTo(intake)
    # Another procedure: the correction typed for this one does not follow.
    intake.choose(next(p for p in intake.procedures if p.code == CERTIFY))
    assert intake.fee_amount.value() == 2000 and not intake.fee_reason.isVisibleTo(intake)
