"""Receiving a dossier at the counter, with the fee collected there."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from counter.errors import CounterError
from counter.services import attachments, intake
from ui.operations import Op, of_dossier

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from counter.services.context import Context
    from counter.services.intake import IntakeRequest, IntakeResult
    from ui.state import AppState


def receive(
    parent: QObject,
    state: AppState,
    request: IntakeRequest,
    reuses: Sequence[tuple[str, str]] = (),
) -> Op[IntakeResult]:
    """The dossier, its first event and its payment in one transaction; the result's view is
    what its form is printed from. Then the papers reused from earlier dossiers, each
    (checklist line, attachment event) recorded as `attachment_added` with `reused_from`."""
    return Op(
        parent,
        state,
        lambda ctx: _receive(ctx, request, reuses),
        changes=of_dossier,
    )


def _receive(
    ctx: Context, request: IntakeRequest, reuses: Sequence[tuple[str, str]]
) -> IntakeResult:
    result = intake.receive(ctx, request)
    if not reuses or result.outcome == "refused":
        return result
    warnings = list(result.warnings)
    for line, event_id in reuses:
        try:
            attachments.reuse(ctx, result.dossier.code, line, event_id)
        except CounterError as exc:  # the dossier is saved: say what was not reused
            warnings.append(f"Chưa ghi nhận tái sử dụng giấy tờ: {exc.message}")
    return replace(result, warnings=tuple(warnings))
