"""Sign-in: argon2 hashes, throttled after repeated failures, roles enforced by services."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from counter.db.models import User
from counter.errors import PermissionDenied
from counter.services import users
from counter.services.context import Context


def test_passwords_are_stored_as_argon2_hashes(ctx: Context) -> None:
    with ctx.db.session() as s:
        hashes = list(s.scalars(select(User.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any("motcua123" in h for h in hashes)


def test_sign_in_works_offline_with_the_right_password(ctx: Context) -> None:
    user = users.sign_in(ctx.db, " MotCua ", "motcua123")
    assert user.username == "motcua" and user.role == "clerk"


def test_repeated_failures_lock_the_user_for_a_while(ctx: Context) -> None:
    t = datetime(2026, 3, 2, 9, 0)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(PermissionDenied, match="không đúng"):
            users.sign_in(ctx.db, "motcua", "sai-mat-khau", now=t)
    # Locked now, even with the right password.
    with pytest.raises(PermissionDenied, match="thử lại sau 30 giây"):
        users.sign_in(ctx.db, "motcua", "motcua123", now=t)
    # Another user is not affected.
    assert users.sign_in(ctx.db, "lanhdao", "lanhdao123", now=t).role == "leader"
    later = t + timedelta(seconds=31)
    assert users.sign_in(ctx.db, "motcua", "motcua123", now=later).username == "motcua"
    # The count was reset by the success.
    with pytest.raises(PermissionDenied, match="không đúng"):
        users.sign_in(ctx.db, "motcua", "sai", now=later)


def test_the_lock_doubles_and_survives_a_restart(ctx: Context) -> None:
    from counter.db.engine import Database

    t = datetime(2026, 3, 2, 9, 0)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(PermissionDenied):
            users.sign_in(ctx.db, "motcua", "sai", now=t)
    # Once the first lock has passed, one more failure locks for twice as long.
    t += timedelta(seconds=31)
    with pytest.raises(PermissionDenied, match="không đúng"):
        users.sign_in(ctx.db, "motcua", "sai", now=t)
    ctx.db.close()
    reopened = Database(ctx.db.path)
    with pytest.raises(PermissionDenied, match="thử lại sau 15 giây"):
        users.sign_in(reopened, "motcua", "motcua123", now=t + timedelta(seconds=45))
    assert (
        users.sign_in(reopened, "motcua", "motcua123", now=t + timedelta(seconds=61)).username
        == "motcua"
    )


def test_unknown_user_gets_the_same_message(ctx: Context) -> None:
    with pytest.raises(PermissionDenied, match="Tên đăng nhập hoặc mật khẩu không đúng"):
        users.sign_in(ctx.db, "khongco", "x")
