"""Settings for admins (placeholder replaced below)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.state import AppState


class SettingsScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.tabs = QTabWidget()
        QVBoxLayout(self).addWidget(self.tabs)

    def refresh(self) -> None:
        pass

    def save(self) -> None:
        pass
