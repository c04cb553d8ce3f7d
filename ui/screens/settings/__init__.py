"""Settings for admins: the screen (`screen`) and one module per tab: the office and its
counter, days off, paper and printers, users, the procedure catalogue."""

from ui.screens.settings.screen import SettingsScreen

__all__ = ["SettingsScreen"]
