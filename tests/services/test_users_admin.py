"""Managing users: change name, title and role, deactivate, reset a password; the office keeps
one active admin."""

from __future__ import annotations

import pytest

from counter.errors import NotFoundError, PermissionDenied, ValidationError
from counter.services import users
from counter.services.context import Context


def test_role_title_and_deactivation(ctx: Context) -> None:
    with ctx.db.unit_of_work() as session:
        info = users.update_user(
            session, "motcua", full_name="Trần Thị Thu Hà", role="leader", title="Phó Chủ tịch"
        )
    assert (info.role, info.title, info.active) == ("leader", "Phó Chủ tịch", True)
    with ctx.db.unit_of_work() as session:
        users.update_user(
            session, "motcua", full_name="Trần Thị Thu Hà", role="leader", active=False
        )
    with pytest.raises(PermissionDenied):
        users.sign_in(ctx.db, "motcua", "motcua123")
    with ctx.db.unit_of_work() as session:
        users.update_user(session, "motcua", full_name="Trần Thị Thu Hà", role="clerk")
    assert users.sign_in(ctx.db, "motcua", "motcua123").role == "clerk"


def test_password_reset_replaces_the_old_one_and_clears_throttling(ctx: Context) -> None:
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(PermissionDenied):
            users.sign_in(ctx.db, "motcua", "sai-mat-khau", now=ctx.now())
    with ctx.db.unit_of_work() as session:
        users.set_password(session, "motcua", "moi-123456")
    assert users.sign_in(ctx.db, "motcua", "moi-123456", now=ctx.now()).username == "motcua"
    with pytest.raises(PermissionDenied):
        users.sign_in(ctx.db, "motcua", "motcua123", now=ctx.now())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"full_name": "  "}, "Họ và tên"),
        ({"full_name": "A" * 101}, "100 ký tự"),
        ({"role": "boss"}, "Vai trò"),
    ],
)
def test_bad_input_changes_nothing(ctx: Context, change: dict, message: str) -> None:
    values = {"full_name": "Tên Mới", "role": "clerk", **change}
    with pytest.raises(ValidationError, match=message), ctx.db.unit_of_work() as session:
        users.update_user(session, "motcua", **values)
    with ctx.db.session() as session:
        assert users.get_user(session, "motcua").full_name == "Trần Thị Thu Hà"
    with pytest.raises(ValidationError, match="6 ký tự"), ctx.db.unit_of_work() as session:
        users.set_password(session, "motcua", "123")
    with pytest.raises(NotFoundError), ctx.db.unit_of_work() as session:
        users.set_password(session, "khongco", "123456")


def test_the_last_active_admin_stays(ctx: Context) -> None:
    for change in ({"role": "clerk"}, {"role": "admin", "active": False}):
        with (
            pytest.raises(ValidationError, match="ít nhất một quản trị viên"),
            ctx.db.unit_of_work() as session,
        ):
            users.update_user(session, "admin", full_name="Nguyễn Quản Trị", **change)
    with ctx.db.unit_of_work() as session:
        users.update_user(session, "lanhdao", full_name="Phạm Minh Đức", role="admin")
        users.update_user(session, "admin", full_name="Nguyễn Quản Trị", role="clerk")
    with ctx.db.session() as session:
        assert users.get_user(session, "admin").role == "clerk"


def test_only_an_admin_manages_users_when_the_window_says_who(ctx: Context) -> None:
    from counter.services.context import Actor

    clerk = Actor("motcua", "Trần Thị Thu Hà", "clerk")
    admin = Actor("admin", "Nguyễn Quản Trị", "admin")
    for call in (
        lambda s, who: users.create_user(s, "moi", "Người Mới", "clerk", "123456", actor=who),
        lambda s, who: users.update_user(
            s, "lanhdao", full_name="Phạm Minh Đức", role="admin", actor=who
        ),
        lambda s, who: users.set_password(s, "lanhdao", "moi-123456", actor=who),
    ):
        with pytest.raises(PermissionDenied, match="quản trị viên"), ctx.db.unit_of_work() as s:
            call(s, clerk)
        with ctx.db.unit_of_work() as s:
            call(s, admin)
    with ctx.db.session() as s:
        assert users.get_user(s, "moi") is not None and users.get_user(s, "lanhdao").role == "admin"
