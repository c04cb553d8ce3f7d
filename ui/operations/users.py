"""Writes on the office's user accounts (admins): create, change, password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from counter.services import users
from ui.operations import Op, in_transaction

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from counter.services.users import UserInfo
    from ui.state import AppState


def create_user(
    parent: QObject,
    state: AppState,
    username: str,
    full_name: str,
    role: str,
    password: str,
    title: str,
) -> Op[UserInfo]:
    return Op(
        parent,
        state,
        in_transaction(
            lambda session, ctx: users.create_user(
                session, username, full_name, role, password, title, actor=ctx.actor, ctx=ctx
            )
        ),
    )


def update_user(
    parent: QObject,
    state: AppState,
    username: str,
    *,
    full_name: str,
    role: str,
    title: str,
    active: bool,
) -> Op[UserInfo]:
    """Name, role, title, and whether the user may sign in."""
    changes = {"full_name": full_name, "role": role, "title": title, "active": active}
    return Op(
        parent,
        state,
        in_transaction(
            lambda session, ctx: users.update_user(
                session, username, **changes, actor=ctx.actor, ctx=ctx
            )
        ),
    )


def set_password(parent: QObject, state: AppState, username: str, password: str) -> Op[None]:
    return Op(
        parent,
        state,
        in_transaction(
            lambda session, ctx: users.set_password(
                session, username, password, actor=ctx.actor, ctx=ctx
            )
        ),
    )
