"""Intake: the screen (`screen`) and its parts: the procedure picker, the document checklist,
the applicant's fields."""

from ui.screens.intake.screen import IntakeScreen

__all__ = ["IntakeScreen"]
