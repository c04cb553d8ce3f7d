"""The one QObject that turns core changes into Qt signals for every screen.

Services return plain values and know nothing of Qt; whoever changes data (an action, an
intake, a sync run) tells the bridge, which re-emits on the GUI thread. Bursts (a sync run
touching hundreds of dossiers) are merged into one `dossiers_changed` per event-loop turn.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal


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

    def dossier_saved(self, code: str) -> None:
        """Called (on the GUI thread) after any change to one dossier."""
        self.dossier_changed.emit(code)
        self._merge.start()

    def many_changed(self) -> None:
        """After bulk changes (sync, import): one merged signal."""
        self._merge.start()
