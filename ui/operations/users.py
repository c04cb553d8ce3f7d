"""Writes on the office's user accounts (admins): create, change, password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from counter.services import users
from ui.operations import Op

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from counter.services.context import Context
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
    def store(ctx: Context) -> UserInfo:
        with ctx.db.unit_of_work() as session:
            return users.create_user(
                session, username, full_name, role, password, title, actor=ctx.actor, ctx=ctx
            )

    return Op(parent, state, store)


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
    def store(ctx: Context) -> UserInfo:
        with ctx.db.unit_of_work() as session:
            return users.update_user(
                session,
                username,
                full_name=full_name,
                role=role,
                title=title,
                active=active,
                actor=ctx.actor,
                ctx=ctx,
            )

    return Op(parent, state, store)


def set_password(parent: QObject, state: AppState, username: str, password: str) -> Op[None]:
    def store(ctx: Context) -> None:
        with ctx.db.unit_of_work() as session:
            users.set_password(session, username, password, actor=ctx.actor, ctx=ctx)

    return Op(parent, state, store)
