"""Issue 17, the intake without traps: the procedure picked by the closest match, an ID card
scanned into a half-typed intake, warnings at the field, a half-filled intake on closing, the
checklist left by Tab, Ctrl+D on an incomplete dossier, a scanner typing Alt+numpad codes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from counter.services import catalogue
from tests.ui.helpers import press, type_text
from ui.main_window import INTAKE

pytestmark = pytest.mark.gui


def _pick(intake, typed: str) -> str:
    intake.procedure_edit.setFocus()
    intake.procedure_edit.clear()
    type_text(None, typed)
    press(Qt.Key.Key_Return)
    assert intake.procedure is not None, typed
    return intake.procedure.name


def test_khai_tu_enter_picks_the_death_registration(qtbot, window) -> None:
    window.go(INTAKE)
    intake = window.intake
    assert _pick(intake, "khai tu") == "Thủ tục đăng ký khai tử"
    assert _pick(intake, "khai tử") == "Thủ tục đăng ký khai tử"
    assert _pick(intake, "dang ky khai sinh") == "Thủ tục đăng ký khai sinh"
    assert _pick(intake, "ket hon") == "Thủ tục đăng ký kết hôn"
    assert _pick(intake, "tam tru") == "Đăng ký tạm trú"
    assert _pick(intake, "chung thuc ban sao").startswith("Thủ tục chứng thực bản sao từ bản chính")
    assert _pick(intake, "di chuc") == "Thủ tục chứng thực di chúc"
    assert _pick(intake, "2.001019") == "Thủ tục chứng thực di chúc"


def test_closest_match_order_over_the_real_catalogue(window) -> None:
    procs = window.intake.procedures
    names = [p.name for p in catalogue.complete(procs, "khai tu")]
    assert names[0] == "Thủ tục đăng ký khai tử"
    # "tu" inside "tục" (of "Thủ tục") and out of order comes after the words found in order.
    assert names.index("Thủ tục đăng ký khai sinh") > 0
    names = [p.name for p in catalogue.complete(procs, "lai khai sinh")]
    assert names[0] == "Thủ tục đăng ký lại khai sinh"
