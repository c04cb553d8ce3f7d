"""Users of the office and offline sign-in (argon2 hashes)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter.db.engine import Database
from counter.db.models import Setting, User
from counter.domain.text import clean
from counter.errors import NotFoundError, PermissionDenied, ValidationError
from counter.services import authority, reference_log
from counter.services.context import ROLES, Actor, Context, require_admin

# argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane; SECURITY.md says
# why it is enough now that the database is encrypted at rest). A hash made with other
# parameters (argon2-cffi's defaults before: 64 MiB, 3 passes, 4 lanes) still verifies, with
# the parameters it carries, and is made again with these at its user's next sign-in.
PASSWORD_TIME_COST = 2
PASSWORD_MEMORY_KIB = 19 * 1024
PASSWORD_LANES = 1
_hasher = PasswordHasher(
    time_cost=PASSWORD_TIME_COST, memory_cost=PASSWORD_MEMORY_KIB, parallelism=PASSWORD_LANES
)


@dataclass(frozen=True)
class UserInfo:
    username: str
    full_name: str
    role: str
    title: str
    active: bool
    # An admin's unlocked key after a sign-in with the password (authority.Signer): the
    # reference changes of the session are signed with it (`Context.as_user`).
    signer: Any = field(default=None, compare=False, repr=False)

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.full_name, self.role)


def _info(row: User) -> UserInfo:
    return UserInfo(row.username, row.full_name, row.role, row.title, row.active)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _require_admin(actor: Actor | None) -> None:
    """User management from the window passes the signed-in user: only an admin may."""
    if actor is not None and not actor.has_role("admin"):
        raise PermissionDenied("Chỉ quản trị viên được quản lý người dùng.")


def create_user(
    session: Session,
    username: str,
    full_name: str,
    role: str,
    password: str,
    title: str = "",
    *,
    ctx: Context | None = None,
    actor: Actor | None = None,
) -> UserInfo:
    """Add a user. With `ctx` the new user is recorded as a reference event stamped now, so
    other counters learn it (with its password hash, for offline sign-in) at the next sync.
    With `actor` (the window passes the signed-in user) only an admin may."""
    require_admin(ctx)
    _require_admin(actor)
    username = clean(username).lower()
    if not username or not username.replace(".", "").replace("_", "").isalnum():
        raise ValidationError(
            "Tên đăng nhập chỉ gồm chữ, số, dấu chấm hoặc gạch dưới.", field="username"
        )
    if len(username) > 50:
        raise ValidationError("Tên đăng nhập tối đa 50 ký tự.", field="username")
    if not clean(full_name):
        raise ValidationError("Họ và tên không được để trống.", field="full_name")
    if len(clean(full_name)) > 100 or len(clean(title)) > 100:
        raise ValidationError("Họ tên và chức danh tối đa 100 ký tự.", field="full_name")
    if role not in ROLES:
        raise ValidationError("Vai trò phải là clerk, specialist, leader hoặc admin.", field="role")
    if len(password) < 6:
        raise ValidationError("Mật khẩu phải có ít nhất 6 ký tự.", field="password")
    if session.scalar(select(User).where(User.username == username)):
        raise ValidationError(f"Tên đăng nhập «{username}» đã có.", field="username")
    public, secret = authority.new_keys(password)
    row = User(
        username=username,
        full_name=clean(full_name),
        role=role,
        title=clean(title),
        password_hash=hash_password(password),
        active=True,
        public_key=public,
        secret_key=secret,
    )
    session.add(row)
    session.flush()
    if ctx is not None:
        reference_log.stamp(session, ctx, reference_log.user_key(username))
    return _info(row)


def _row(session: Session, username: str) -> User:
    row = session.scalar(select(User).where(User.username == clean(username).lower()))
    if row is None:
        raise NotFoundError(f"Không có người dùng «{username}».", field="username")
    return row


def _other_active_admins(session: Session, username: str) -> int:
    return len(
        session.scalars(
            select(User.id).where(User.role == "admin", User.active, User.username != username)
        ).all()
    )


def update_user(
    session: Session,
    username: str,
    *,
    full_name: str,
    role: str,
    title: str = "",
    active: bool = True,
    actor: Actor | None = None,
    ctx: Context | None = None,
) -> UserInfo:
    """Change a user's name, title, role or whether they may sign in. The office always keeps
    one active admin (nobody could open Settings otherwise)."""
    require_admin(ctx)
    _require_admin(actor)
    row = _row(session, username)
    name = clean(full_name)
    if not name:
        raise ValidationError("Họ và tên không được để trống.", field="full_name")
    if len(name) > 100 or len(clean(title)) > 100:
        raise ValidationError("Họ tên và chức danh tối đa 100 ký tự.", field="full_name")
    if role not in ROLES:
        raise ValidationError("Vai trò phải là clerk, specialist, leader hoặc admin.", field="role")
    losing_admin = row.role == "admin" and row.active and (role != "admin" or not active)
    if losing_admin and _other_active_admins(session, row.username) == 0:
        raise ValidationError(
            "Phải còn ít nhất một quản trị viên đang hoạt động: hãy cấp quyền quản trị cho "
            "người khác trước.",
            field="role",
        )
    row.full_name = name
    row.title = clean(title)
    row.role = role
    row.active = active
    session.flush()
    if ctx is not None:
        reference_log.stamp(session, ctx, reference_log.user_key(row.username))
    return _info(row)


def set_password(
    session: Session,
    username: str,
    password: str,
    *,
    actor: Actor | None = None,
    ctx: Context | None = None,
) -> None:
    """Reset a user's password (an admin does it when a clerk forgot theirs)."""
    require_admin(ctx)
    _require_admin(actor)
    row = _row(session, username)
    if len(password) < 6:
        raise ValidationError("Mật khẩu phải có ít nhất 6 ký tự.", field="password")
    row.password_hash = hash_password(password)
    # The old private key is sealed under the forgotten password: a new key pair.
    key = authority.new_key()
    row.public_key, row.secret_key = authority.public_text(key), authority.seal(key, password)
    _set_failures(session, row.username, 0, None)
    session.flush()
    if ctx is not None:
        reference_log.stamp(session, ctx, reference_log.user_key(row.username))
        if ctx.signer is not None and ctx.signer.username == row.username:
            # An admin who set their own password signs on with the new key (the change itself
            # was signed with the old one, which the office knew).
            ctx.signer = authority.Signer(row.username, key)


def list_users(session: Session) -> list[UserInfo]:
    return [_info(r) for r in session.scalars(select(User).order_by(User.full_name))]


def get_user(session: Session, username: str) -> UserInfo | None:
    row = session.scalar(select(User).where(User.username == username))
    return _info(row) if row else None


# Throttling: after MAX_FAILURES wrong passwords in a row, sign-in for that user waits
# LOCK_SECONDS, doubling with each further failure. Kept in the database, so restarting the
# program does not reset it.
MAX_FAILURES = 5
LOCK_SECONDS = 30
_FAILURES_KEY = "signin_failures:"


def _failures(session: Session, username: str) -> tuple[int, datetime | None]:
    row = session.get(Setting, _FAILURES_KEY + username)
    if row is None:
        return 0, None
    data = json.loads(row.value)
    until = datetime.fromisoformat(data["until"]) if data.get("until") else None
    return int(data["count"]), until


def _set_failures(session: Session, username: str, count: int, until: datetime | None) -> None:
    key = _FAILURES_KEY + username
    row = session.get(Setting, key)
    if count == 0:
        if row is not None:
            session.delete(row)
        return
    value = json.dumps({"count": count, "until": until.isoformat() if until else None})
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def authenticate(
    session: Session, username: str, password: str, *, now: datetime | None = None
) -> UserInfo:
    """Check a password against the stored hash (works offline); throttled after failures.

    Use inside a write unit of work: failures are recorded."""
    moment = now or datetime.now()
    name = clean(username).lower()
    count, until = _failures(session, name)
    if until is not None and moment < until:
        wait = math.ceil((until - moment).total_seconds())
        raise PermissionDenied(
            f"Đăng nhập sai nhiều lần. Hãy thử lại sau {wait} giây.", field="password"
        )
    row = session.scalar(select(User).where(User.username == name))
    try:
        if row is None or not row.active:
            raise VerificationError
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        count += 1
        lock = None
        if count >= MAX_FAILURES:
            lock = moment + timedelta(seconds=LOCK_SECONDS * 2 ** (count - MAX_FAILURES))
        _set_failures(session, name, count, lock)
        session.flush()
        raise PermissionDenied(
            "Tên đăng nhập hoặc mật khẩu không đúng.", field="password"
        ) from None
    _set_failures(session, name, 0, None)
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    info = _info(row)
    if row.role == "admin" and row.secret_key:
        key = authority.unseal(row.secret_key, password)
        if key is not None:
            info = replace(info, signer=authority.Signer(row.username, key))
    return info


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> UserInfo:
    """Authenticate in its own transaction, keeping the failure count even when it fails."""
    error: PermissionDenied | None = None
    with db.unit_of_work() as session:
        try:
            return authenticate(session, username, password, now=now)
        except PermissionDenied as denied:
            error = denied  # leave the block normally so the failure count is committed
    raise error
