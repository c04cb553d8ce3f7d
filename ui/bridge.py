"""The one QObject that turns core changes into Qt signals for every screen.

Services return plain values and know nothing of Qt. Every write goes through ui.operations,
whose `Op` tells the bridge what it changed (`Changes`), and the bridge re-emits on the GUI
thread. Bursts (a sync run touching hundreds of dossiers) are merged into one
`dossiers_changed` per event-loop turn.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal


@dataclass(frozen=True)
class Changes:
    """What one write changed, so each screen reloads only what it shows."""

    dossier: str = ""  # one dossier's code: its screen reloads, lists and counts too
    dossiers: bool = False  # many dossiers at once (sync, restore): lists and counts reload
    settings: bool = False  # the office's settings (days off, papers, counter number)
    catalogue: bool = False  # procedures

    @classmethod
    def everything(cls) -> Changes:
        """A database replaced or merged (restore, sync): every screen reloads."""
        return cls(dossiers=True, settings=True, catalogue=True)


class Bridge(QObject):
    dossier_changed = Signal(str)  # one dossier's code
    dossiers_changed = Signal()  # merged: lists and counts should reload
    settings_changed = Signal()
    catalogue_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._merge = QTimer(self)
        self._merge.setSingleShot(True)
        self._merge.setInterval(0)
        self._merge.timeout.connect(self.dossiers_changed.emit)

    def tell(self, changes: Changes) -> None:
        """Called on the GUI thread by the operation that made the changes."""
        if changes.dossier:
            self.dossier_changed.emit(changes.dossier)
        if changes.dossier or changes.dossiers:
            self._merge.start()
        if changes.catalogue:
            self.catalogue_changed.emit()
        if changes.settings:
            self.settings_changed.emit()
