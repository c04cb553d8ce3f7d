"""Writes that give a new counter its office: enrolment with a sync server, or a local setup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.bridge import Changes
from ui.operations import Op

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from counter.services.context import Context
    from counter.services.setup import OfficeSetup
    from ui.state import AppState


def _has_office(ctx: Context) -> bool:
    from counter.services import office

    with ctx.db.session() as session:
        return office.has_office(session)


def enrol(parent: QObject, state: AppState, server_url: str, code: str) -> Op[bool]:
    """Register this counter with the server and take the office it holds; True once the office
    is here. With no code on a counter already registered (the server had no office data then),
    only fetch the office again: the one-time code was spent."""

    def run(ctx: Context) -> bool:
        from counter.sync import client
        from ui.sync import _manual_policy as manual_policy

        if not code.strip() and client.status(ctx).registered:
            client.sync_now(ctx, policy=manual_policy())
        else:
            client.register(ctx, server_url, code, policy=manual_policy())
            ctx.refresh_device()  # the counter number the server gave
        return _has_office(ctx)

    # A network wait, as a sync run: not queued behind writes, nor holding them back.
    return Op(parent, state, run, changes=Changes.everything(), serial=False)


def set_up_here(parent: QObject, state: AppState, setup: OfficeSetup) -> Op[None]:
    """The office, its first admin and the bundled catalogue, in one transaction; refused on a
    counter registered with a server (its office comes from there)."""

    def run(ctx: Context) -> None:
        from counter.errors import ValidationError
        from counter.services import setup as office_setup
        from counter.sync import client

        if client.status(ctx).registered:
            raise ValidationError(
                "Quầy này đã đăng ký với máy chủ đồng bộ: thông tin cơ quan phải lấy từ máy chủ."
            )
        office_setup.set_up_office(ctx, setup)

    return Op(parent, state, run, changes=Changes.everything())
