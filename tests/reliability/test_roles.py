"""Roles are enforced in the services, not only by hiding buttons: a clerk, a specialist or a
leader calling the admin's services directly is refused and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter.db.models import DayOverride, EventRow, Procedure, User
from counter.errors import PermissionDenied
from counter.services import catalogue, office, users
from counter.services.context import ADMIN_ONLY, Actor, Context
from tests.services.helpers import MARITAL


def _snapshot(ctx: Context) -> tuple:
    with ctx.db.session() as s:
        return (
            office.get_settings(s),
            s.scalars(select(Procedure.fee).order_by(Procedure.code)).all(),
            s.scalar(select(func.count()).select_from(User)),
            s.scalar(select(func.count()).select_from(DayOverride)),
            s.scalar(select(func.count()).select_from(EventRow)),
        )


def _edits(ctx: Context) -> dict[str, Callable[[Session], object]]:
    def procedure(s: Session) -> object:
        info = catalogue.get_procedure(s, MARITAL)
        data = catalogue.ProcedureInput(
            info.code,
            info.name,
            info.field,
            info.time_amount,
            info.time_unit.value,
            fee=info.fee + 1000,
            documents=list(info.documents),
        )
        return catalogue.save_procedure(s, data, ctx=ctx)

    return {
        "settings": lambda s: office.save_settings(
            s, replace(office.get_settings(s), phone="0200 3999 999"), ctx=ctx
        ),
        "procedure": procedure,
        "day off": lambda s: office.set_override(
            s, date(2026, 3, 9), "day_off", "Bầu cử", ctx=ctx
        ),
        "remove day off": lambda s: office.remove_override(s, date(2026, 3, 9), ctx=ctx),
        "user": lambda s: users.create_user(s, "moi", "Người Mới", "clerk", "matkhau123", ctx=ctx),
    }


@pytest.mark.parametrize("role", ["clerk", "specialist", "leader"])
@pytest.mark.parametrize("edit", ["settings", "procedure", "day off", "remove day off", "user"])
def test_only_the_admin_changes_the_office(ctx: Context, role: str, edit: str) -> None:
    if edit == "remove day off":
        with ctx.db.unit_of_work() as s:
            office.set_override(s, date(2026, 3, 9), "day_off", "Bầu cử")
    someone = ctx.as_user(Actor("nguoidung", "Người Dùng", role))
    before = _snapshot(ctx)
    with pytest.raises(PermissionDenied) as denied, ctx.db.unit_of_work() as s:
        _edits(someone)[edit](s)
    assert denied.value.message == ADMIN_ONLY
    assert _snapshot(ctx) == before, "a refused edit changed something"
    with pytest.raises(PermissionDenied):
        office.set_counter_number(someone, 7)
    assert ctx.counter_no == 1


@pytest.mark.parametrize("edit", ["settings", "procedure", "day off", "user"])
def test_the_admin_does(ctx: Context, edit: str) -> None:
    admin = ctx.as_user(Actor("admin", "Nguyễn Quản Trị", "admin"))
    before = _snapshot(ctx)
    with ctx.db.unit_of_work() as s:
        _edits(admin)[edit](s)
    assert _snapshot(ctx) != before
