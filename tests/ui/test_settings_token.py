"""Settings «Chữ ký số»: the PKCS#11 module picked in the window, «Kiểm tra token» against a
SoftHSM2 token (a real PKCS#11 module), its refusals in words, and the PIN never stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from counter.db.models import Setting
from counter.services import signing
from tests.scan.softhsm import make_token
from tests.ui.helpers import settle, stored
from ui.main_window import SETTINGS

pytestmark = pytest.mark.gui

OPENSC = Path("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so")  # a real module, no reader here


def _check(qtbot, screen, module: str, pin: str = "") -> str:
    screen.module.setEditText(module)
    screen.token_pin.setText(pin)
    screen.check_token()
    settle(qtbot)
    assert screen.check_button.isEnabled()
    assert screen.token_pin.text() == ""  # tried once, then cleared
    return screen.token_report.toPlainText()


def test_the_token_is_chosen_checked_and_saved_without_its_pin(
    qtbot, admin_window, tmp_path: Path
) -> None:
    token = make_token(tmp_path / "hsm")
    window = admin_window
    window.go(SETTINGS)
    screen = window.settings
    tabs = screen.tabs
    tab = next(i for i in range(tabs.count()) if tabs.widget(i).isAncestorOf(screen.module))
    assert screen.tabs.tabText(tab) == "Chữ ký số"
    # The CAs' usual modules are offered; the ones on this PC first.
    offered = [screen.module.itemData(i) for i in range(screen.module.count())]
    assert any("vnpt-ca" in p.lower() for p in offered)
    assert any("viettel-ca" in p.lower() for p in offered)
    screen.module.activated.emit(offered.index(token.module))
    assert screen.module_path() == token.module

    # The refusals, in words.
    assert "Không tìm thấy tệp" in _check(qtbot, screen, str(tmp_path / "khong-co.so"))
    fake = tmp_path / "gia.dll"
    fake.write_bytes(b"MZ not a module")
    assert "không phải thư viện ký số PKCS#11" in _check(qtbot, screen, str(fake))
    if OPENSC.exists():
        assert "chưa thấy USB token nào" in _check(qtbot, screen, str(OPENSC))
    report = _check(qtbot, screen, token.module, "000000")
    assert "Mã PIN không đúng" in report

    # The token, its certificate, and the right PIN.
    report = _check(qtbot, screen, token.module)
    assert "Token «counter-test»" in report and token.signer in report
    assert "Mã PIN đúng" not in report
    report = _check(qtbot, screen, token.module, token.pin)
    assert token.signer in report and "Mã PIN đúng (không được lưu)" in report

    # Saved with the other settings: the module, never the PIN.
    screen.token_label.setText("counter-test")
    screen.module.setEditText(token.module)
    assert stored(qtbot, screen.save(), screen.banner), screen.banner.text()
    ctx = window.state.ctx
    with ctx.db.session() as session:
        assert signing.token_settings(session) == signing.TokenSettings(
            token.module, "counter-test"
        )
        values = list(session.scalars(select(Setting.value)))
    assert not any(token.pin in (v or "") for v in values)
    screen.refresh()
    assert screen.module_path() == token.module

    # A path that is not there is refused on saving, in words; the old one stays.
    screen.module.setEditText(str(tmp_path / "khong-co.so"))
    assert not stored(qtbot, screen.save(), screen.banner)
    assert "Không tìm thấy tệp thư viện ký số" in screen.banner.text()
    with ctx.db.session() as session:
        assert signing.token_settings(session).module == token.module
