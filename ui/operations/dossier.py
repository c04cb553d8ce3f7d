"""Writes on one dossier: the actions of its screen and the record of a print."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ui import printing
from ui.bridge import Changes
from ui.operations import Op, of_dossier

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from counter.services.workflow import ActionResult
    from ui.dialogs.actions import Action
    from ui.state import AppState


def act(
    parent: QObject, state: AppState, action: Action, code: str, values: dict[str, Any]
) -> Op[ActionResult]:
    """One of the screen's actions (transfer, resolve, apologise…) with the dialog's values."""
    return Op(parent, state, lambda ctx: action.run(ctx, code, values), changes=of_dossier)


def record_print(parent: QObject, state: AppState, code: str, form: str) -> Op[None]:
    """A form printed or saved as PDF: an event (a second one is a reprint, «bản in lại»)."""
    return Op(
        parent,
        state,
        lambda ctx: printing.record_print(ctx, code, form),
        changes=Changes(dossier=code),
    )
