"""An office set up on the server from an operator's office file: the office, and its settings,
first admin and catalogue as reference events, which an enrolled counter pulls before its first
intake (`client.register`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import delete, select

from counter.db.engine import Database
from counter.db.models import EventRow
from counter.db.wire import HASH, from_row
from counter.domain.dossier import Event
from counter.errors import ValidationError
from counter.services import authority, reference_log, setup, users
from counter.services.context import Context
from counter.sync import server
from counter.sync.store import ServerEvent, ServerOffice, ServerStore


def set_up_office(store: ServerStore, office_setup: setup.OfficeSetup) -> server.OfficeInfo:
    """Add the office and its reference data, or nothing: the file is checked whole (the very
    checks a counter makes) before the server changes."""
    settings = office_setup.settings
    with tempfile.TemporaryDirectory(prefix="counter-office-") as folder:
        # A scratch counter database gives the reference events exactly as a counter writes
        # them: the same validation, payloads and hash chain (of a device that is the server).
        ctx = Context(Database(Path(folder) / "office.sqlite3"))
        try:
            setup.set_up_office(ctx, office_setup)
            # The first admin signs the office's data: the chain of trust starts here.
            admin = users.sign_in(ctx.db, office_setup.admin.username, office_setup.admin.password)
            assert admin.signer is not None
            signing = ctx.as_user(admin.actor, admin.signer)
            root = authority.root_text(
                admin.signer.username, authority.public_text(admin.signer.key)
            )
            with ctx.db.unit_of_work() as session:
                reference_log.record_changes(session, signing)
            events, hashes, texts = _written(ctx)
            device = ctx.device_id
        finally:
            ctx.db.close()
    info = _office_without_data(store, settings.identifier)
    created = info is None
    if info is None:
        info = server.add_office(store, settings.identifier, settings.governing_body)
    try:
        server.set_authority(store, info.id, root)
        server.push_events(store, server.Caller(device, info.id, 0), events, hashes, texts)
    except BaseException:
        if not created:
            server.set_authority(store, info.id, "")
        if created:
            with store.transaction() as session:
                session.execute(delete(ServerOffice).where(ServerOffice.id == info.id))
        raise
    return info


def _written(ctx: Context) -> tuple[list[Event], dict[str, str], dict[str, str]]:
    """The events of a scratch counter database, as `server.push_events` takes them."""
    with ctx.db.session() as session:
        rows = list(session.scalars(select(EventRow).order_by(EventRow.seq)))
        return (
            [from_row(r) for r in rows],
            {r.id: getattr(r, HASH) for r in rows},
            {r.id: r.payload for r in rows},
        )


def _office_without_data(store: ServerStore, identifier: str) -> server.OfficeInfo | None:
    """The office when it was added bare (`counter server office add`) and holds no settings
    yet: its data can still be given (counters enrolled meanwhile take it at their next sync).
    One that has its settings is refused: a second file would fight the first."""
    identifier = identifier.strip().upper()
    found = next((o for o in server.list_offices(store) if o.identifier == identifier), None)
    if found is None:
        return None
    with store.session() as session:
        has_data = session.scalar(
            select(ServerEvent.id)
            .where(ServerEvent.office_id == found.id, ServerEvent.type == "ref.office")
            .limit(1)
        )
    if has_data is not None:
        raise ValidationError(
            f"Cơ quan «{identifier}» đã có thông tin trên máy chủ; sửa thông tin trong Cài đặt "
            "của một quầy (quản trị viên), không thiết lập lại."
        )
    return found


def set_up_authority(store: ServerStore, identifier: str, admin: setup.FirstAdmin) -> None:
    """Give an office added bare (`counter server office add`) its first admin, created here:
    the root of trust of its reference data from now on. Refused for an office that has one."""
    found = next(
        (o for o in server.list_offices(store) if o.identifier == identifier.strip().upper()),
        None,
    )
    if found is None:
        raise ValidationError(f"Không có cơ quan «{identifier}» trên máy chủ.")
    with store.session() as session:
        office = session.get(ServerOffice, found.id)
        assert office is not None
        if office.authority:
            raise ValidationError(
                f"Cơ quan «{found.identifier}» đã có quản trị viên gốc trên máy chủ; thêm quản "
                "trị viên khác từ một quầy (đăng nhập bằng tài khoản quản trị)."
            )
    with tempfile.TemporaryDirectory(prefix="counter-office-") as folder:
        ctx = Context(Database(Path(folder) / "office.sqlite3"))
        try:
            with ctx.db.unit_of_work() as session:
                users.create_user(
                    session, admin.username, admin.full_name, "admin", admin.password, admin.title
                )
            signed_in = users.sign_in(ctx.db, admin.username, admin.password)
            assert signed_in.signer is not None
            signing = ctx.as_user(signed_in.actor, signed_in.signer)
            with ctx.db.unit_of_work() as session:
                reference_log.stamp(session, signing, reference_log.user_key(signed_in.username))
            events, hashes, texts = _written(ctx)
            device = ctx.device_id
        finally:
            ctx.db.close()
    key = signed_in.signer.key
    server.set_authority(
        store, found.id, authority.root_text(signed_in.username, authority.public_text(key))
    )
    try:
        server.push_events(store, server.Caller(device, found.id, 0), events, hashes, texts)
    except BaseException:
        server.set_authority(store, found.id, "")
        raise
