"""Writes on the office's settings, its days off and its procedure catalogue (admins)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from counter.errors import NotFoundError, ValidationError
from counter.services import catalogue, office, signing
from ui.bridge import Changes
from ui.operations import Op, in_transaction

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from sqlalchemy.orm import Session

    from counter.services.catalogue import ProcedureInfo, ProcedureInput
    from counter.services.context import Context
    from counter.services.office import OfficeSettings
    from ui.state import AppState

SETTINGS = Changes(settings=True)


def save_settings(
    parent: QObject,
    state: AppState,
    settings: OfficeSettings,
    counter_no: int,
    token: tuple[str, str] | None = None,
) -> Op[int]:
    """The office's settings, this PC's counter number and (given) its signing token's module
    and name, together or not at all; the result is the counter number now in force."""

    def store(ctx: Context) -> int:
        with ctx.db.unit_of_work() as session:
            office.save_settings(session, settings, ctx=ctx)
            if counter_no != ctx.counter_no:
                office.set_counter_number(ctx, counter_no, session=session)
            if token is not None and token != _token_now(session):
                signing.configure_token(ctx, *token, session=session)
        return counter_no

    return Op(parent, state, store, changes=SETTINGS)


def _token_now(session: Session) -> tuple[str, str]:
    now = signing.token_settings(session)
    return now.module, now.token_label


def set_day(parent: QObject, state: AppState, day: date, kind: str, note: str) -> Op[None]:
    """A day off, or a working day where the law has one off."""
    store = in_transaction(
        lambda session, ctx: office.set_override(session, day, kind, note, ctx=ctx)
    )
    return Op(parent, state, store, changes=SETTINGS)


def remove_day(parent: QObject, state: AppState, day: date) -> Op[None]:
    store = in_transaction(lambda session, ctx: office.remove_override(session, day, ctx=ctx))
    return Op(parent, state, store, changes=SETTINGS)


def save_procedure(
    parent: QObject,
    state: AppState,
    data: ProcedureInput,
    *,
    new: bool,
    taken: str,
    empty: str,
) -> Op[ProcedureInfo]:
    """A procedure and its checklist. `new`: its code must not be taken yet. `taken` and
    `empty` word those two refusals in the interface language (the GUI thread translates)."""

    def store(ctx: Context) -> ProcedureInfo:
        with ctx.db.unit_of_work() as session:
            if new:
                try:
                    catalogue.get_procedure(session, data.code)
                except NotFoundError:
                    pass
                else:
                    raise ValidationError(taken, field="code")
            if not data.documents:
                raise ValidationError(empty, field="documents")
            return catalogue.save_procedure(session, data, ctx=ctx)

    return Op(parent, state, store, changes=Changes(catalogue=True))
