"""Keyboard users move through the new dialogs in the order they read them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.main_window import SETTINGS

pytestmark = pytest.mark.gui


def tab_chain(window: QWidget) -> list[QWidget]:
    """The widgets Tab visits, in order, from the first one (Qt's focus chain, keeping the
    widgets that take focus by Tab and can be reached now)."""
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not window and widget not in chain:
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisibleTo(window)
            and widget.isEnabled()
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _in_order(chain: list[QWidget], expected: list[QWidget]) -> None:
    """Tab goes round: read the cycle from the first expected widget."""
    start = chain.index(expected[0])
    chain = chain[start:] + chain[:start]
    positions = [chain.index(w) for w in expected]
    assert positions == sorted(positions), [type(w).__name__ for w in chain]


def test_user_and_procedure_dialogs(qtbot, admin_window) -> None:
    window = admin_window
    window.go(SETTINGS)
    screen = window.settings
    dialog = screen.add_user()
    _in_order(
        tab_chain(dialog),
        [
            dialog.username,
            dialog.full_name,
            dialog.title_edit,
            dialog.role,
            dialog.password,
            dialog.password2,
        ],
    )
    dialog.reject()
    screen.procedures.setCurrentCell(0, 0)
    dialog = screen.edit_procedure()
    chain = tab_chain(dialog)
    _in_order(
        chain,
        [
            dialog.name,
            dialog.field,
            dialog.unit,
            dialog.fee,
            dialog.fee_note,
            dialog.resolving_unit,
            dialog.result_name,
            dialog.active,
            dialog.documents,
            dialog.add_doc,
            dialog.remove_doc,
        ],
    )
    assert dialog.code not in chain or dialog.code.isReadOnly()
    dialog.reject()


def test_sync_and_backup_dialogs(qtbot, admin_window) -> None:
    window = admin_window
    dialog = window.open_sync(start=False)
    qtbot.waitUntil(lambda: window.sync.last is not None)
    # Not registered: the admin types the address, the code, then registers.
    _in_order(
        tab_chain(dialog),
        [
            dialog.at_edit,
            dialog.jitter,
            dialog.schedule_button,
            dialog.server_edit,
            dialog.code_edit,
            dialog.register_button,
            dialog.close_button,
        ],
    )
    dialog.show_status(replace(window.sync.last, registered=True, server="https://x.vn"))
    _in_order(
        tab_chain(dialog),
        [dialog.sync_button, dialog.reregister_button, dialog.close_button],
    )
    backups = window.open_backups()
    _in_order(
        tab_chain(backups),
        [
            backups.table,
            backups.backup_button,
            backups.close_button,
        ],
    )
