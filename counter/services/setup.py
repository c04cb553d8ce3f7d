"""Setting up a real office on a counter with no server: its header, identifier, hours and first
admin, with the bundled national catalogue, all in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from counter.domain.codes import DEMO_IDENTIFIER
from counter.errors import ValidationError
from counter.services import catalogue, office, users
from counter.services.context import Context

# The keys of an office file that are office settings (the rest: "admin").
SETTING_KEYS = tuple(
    f.name for f in fields(office.OfficeSettings) if f.name not in ("paper", "sequence_slice")
)


@dataclass(frozen=True)
class FirstAdmin:
    username: str
    full_name: str
    password: str
    title: str = ""


@dataclass(frozen=True)
class OfficeSetup:
    settings: office.OfficeSettings
    admin: FirstAdmin


def parse_office_file(data: Any) -> OfficeSetup:
    """An operator's office file (JSON object) as settings and first admin; every mistake is
    named by its key, in Vietnamese."""
    if not isinstance(data, dict):
        raise ValidationError("Tệp thông tin cơ quan phải là một đối tượng JSON.")
    unknown = sorted(set(data) - {*SETTING_KEYS, "admin"})
    if unknown:
        raise ValidationError(
            "Tệp thông tin cơ quan có trường không dùng đến: "
            + ", ".join(f"«{k}»" for k in unknown)
            + ".",
            field=unknown[0],
        )
    values: dict[str, Any] = {}
    for key in SETTING_KEYS:
        if key in data:
            if not isinstance(data[key], str):
                raise ValidationError(f"Trường «{key}» phải là chuỗi ký tự.", field=key)
            values[key] = data[key]
    for key in ("identifier", "governing_body", "unit_name", "place_name"):
        if not values.get(key, "").strip():
            raise ValidationError(f"Thiếu trường «{key}».", field=key)
    if values["identifier"].strip().upper() == DEMO_IDENTIFIER:
        raise ValidationError(
            f"«{DEMO_IDENTIFIER}» là mã định danh của cơ quan mẫu, không dùng cho cơ quan thật.",
            field="identifier",
        )
    return OfficeSetup(office.OfficeSettings(**values), parse_admin(data.get("admin")))


def parse_admin(admin: Any) -> FirstAdmin:
    """The first admin of an office file (its «admin» object)."""
    if not isinstance(admin, dict):
        raise ValidationError(
            "Thiếu «admin»: tài khoản quản trị đầu tiên (username, full_name, password).",
            field="admin",
        )
    for key in ("username", "full_name", "password"):
        if not isinstance(admin.get(key), str) or not admin[key].strip():
            raise ValidationError(f"Thiếu trường «admin.{key}».", field=f"admin.{key}")
    title = admin.get("title", "")
    if not isinstance(title, str):
        raise ValidationError("Trường «admin.title» phải là chuỗi ký tự.", field="admin.title")
    return FirstAdmin(admin["username"], admin["full_name"], admin["password"], title)


def set_up_office(ctx: Context, setup: OfficeSetup) -> office.OfficeSettings:
    """Store the office, its first admin and the bundled catalogue; refuse a counter that already
    has an office (a second setup would mix two offices' codes and accounts)."""
    with ctx.db.unit_of_work() as session:
        if office.has_office(session):
            current = office.get_settings(session)
            raise ValidationError(
                f"Máy này đã có cơ quan «{current.unit_name}» (mã {current.identifier}); "
                "không thiết lập lại. Sửa thông tin trong Cài đặt."
            )
        saved = office.save_settings(session, setup.settings)
        users.create_user(
            session,
            setup.admin.username,
            setup.admin.full_name,
            "admin",
            setup.admin.password,
            setup.admin.title,
        )
        catalogue.load_catalogue(session)
    return saved
