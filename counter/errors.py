"""Typed errors whose message is shown to the clerk as it is (Vietnamese)."""

from __future__ import annotations


class CounterError(Exception):
    """Something the user did or asked that cannot be done; `message` is Vietnamese, for people."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(CounterError):
    """Bad input: names the field when there is one."""


class NotFoundError(CounterError):
    """A code, user or procedure that does not exist."""


class TransitionError(CounterError):
    """An action the dossier's current state does not allow."""


class PermissionDenied(CounterError):
    """The signed-in user's role does not allow the action."""


class StorageError(CounterError):
    """The disk is full, the database is read-only or locked: tell the user, it is not a bug."""
