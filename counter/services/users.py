"""Users of the office and offline sign-in (argon2 hashes)."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.db.models import User
from counter.domain.text import clean
from counter.errors import PermissionDenied, ValidationError
from counter.services.context import ROLES, Actor

_hasher = PasswordHasher()


@dataclass(frozen=True)
class UserInfo:
    username: str
    full_name: str
    role: str
    title: str
    active: bool

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.full_name, self.role)


def _info(row: User) -> UserInfo:
    return UserInfo(row.username, row.full_name, row.role, row.title, row.active)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    session: Session, username: str, full_name: str, role: str, password: str, title: str = ""
) -> UserInfo:
    username = clean(username).lower()
    if not username or not username.replace(".", "").replace("_", "").isalnum():
        raise ValidationError(
            "Tên đăng nhập chỉ gồm chữ, số, dấu chấm hoặc gạch dưới.", field="username"
        )
    if role not in ROLES:
        raise ValidationError("Vai trò phải là clerk, specialist, leader hoặc admin.", field="role")
    if len(password) < 6:
        raise ValidationError("Mật khẩu phải có ít nhất 6 ký tự.", field="password")
    if session.scalar(select(User).where(User.username == username)):
        raise ValidationError(f"Tên đăng nhập «{username}» đã có.", field="username")
    row = User(
        username=username,
        full_name=clean(full_name),
        role=role,
        title=clean(title),
        password_hash=hash_password(password),
        active=True,
    )
    session.add(row)
    session.flush()
    return _info(row)


def list_users(session: Session) -> list[UserInfo]:
    return [_info(r) for r in session.scalars(select(User).order_by(User.full_name))]


def get_user(session: Session, username: str) -> UserInfo | None:
    row = session.scalar(select(User).where(User.username == username))
    return _info(row) if row else None


def authenticate(session: Session, username: str, password: str) -> UserInfo:
    """Check a password against the stored hash (works offline)."""
    row = session.scalar(select(User).where(User.username == clean(username).lower()))
    bad = PermissionDenied("Tên đăng nhập hoặc mật khẩu không đúng.")
    if row is None or not row.active:
        raise bad
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise bad from None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    return _info(row)
