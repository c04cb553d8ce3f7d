"""Receiving a dossier at the counter, with the fee collected there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from counter.services import intake
from ui.operations import Op, of_dossier

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from counter.services.intake import IntakeRequest, IntakeResult
    from ui.state import AppState


def receive(parent: QObject, state: AppState, request: IntakeRequest) -> Op[IntakeResult]:
    """The dossier, its first event and its payment in one transaction; the result's view is
    what its form is printed from."""
    return Op(
        parent,
        state,
        lambda ctx: intake.receive(ctx, request),
        changes=of_dossier,
    )
