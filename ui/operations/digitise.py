"""Writes of the digitising dialog: a paper's pages saved (signed when a token is set)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from counter.services import attachments
from ui.bridge import Changes
from ui.operations import Op

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from counter.services.scanning import Page
    from ui.state import AppState


def save(
    parent: QObject,
    state: AppState,
    code: str,
    line: str,
    pages: Sequence[Page],
    *,
    colour: bool,
    pin: str,
    source: str,
) -> Op[attachments.Attachment]:
    """Make the PDF, sign it on the token, store it and record it: all on the writer thread."""
    pages = list(pages)
    return Op(
        parent,
        state,
        lambda ctx: attachments.digitise(
            ctx, code, line, pages, colour=colour, pin=pin, source=source
        ),
        changes=Changes(dossier=code),
    )
