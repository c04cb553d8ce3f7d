"""The catalogue's procedure dialog edits the fee rule and keeps it: saving a per-page rule's
procedure does not turn it into a fixed fee."""

from __future__ import annotations

import pytest

from counter.domain.fees import FeeBasis, FeeRule
from counter.services import catalogue
from tests.ui.helpers import accepted
from ui.main_window import SETTINGS

pytestmark = pytest.mark.gui

CERTIFY = "2.000815"


def _edit(admin_window, code: str):  # type: ignore[no-untyped-def]
    admin_window.go(SETTINGS)
    screen = admin_window.settings
    row = next(i for i, p in enumerate(screen._procedures) if p.code == code)
    screen.procedures.setCurrentCell(row, 1)
    return screen.edit_procedure()


def test_a_per_page_rule_is_shown_kept_and_edited(qtbot, admin_window) -> None:
    ctx = admin_window.state.ctx
    dialog = _edit(admin_window, CERTIFY)
    assert dialog.fee_basis.currentData() == "page"
    assert dialog.fee.value() == 2000 and dialog.fee_from_page.value() == 3
    assert dialog.fee_then.value() == 1000 and dialog.fee_cap.value() == 200_000
    dialog.fee_cap.setValue(150_000)
    assert accepted(qtbot, dialog), dialog.banner.text()
    with ctx.db.session() as session:
        rule = catalogue.get_procedure(session, CERTIFY).rule
    assert rule == FeeRule(FeeBasis.PAGE, 2000, from_page=3, then_amount=1000, cap=150_000)
    # The intake screen computes with it.
    proc = next(p for p in admin_window.intake.procedures if p.code == CERTIFY)
    assert proc.rule.compute(300, 1) == 150_000


def test_a_rule_that_makes_no_sense_is_refused_in_words(qtbot, admin_window) -> None:
    dialog = _edit(admin_window, CERTIFY)
    dialog.fee_from_page.setValue(1)  # "from page 1" is no second rate
    assert not dialog.submit()
    assert "trang thứ 2" in dialog.banner.text()
    dialog.reject()
