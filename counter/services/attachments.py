"""Digitised papers of a dossier (TT 01/2023/TT-VPCP Điều 8): the file goes to the counter's
content-addressed store first, then an `attachment_added` event names it by hash."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from counter.db.events import state_of
from counter.db.models import Dossier, EventRow
from counter.domain.actions import ActionKey, refusal
from counter.domain.dossier import OTHER_LINE, EventType
from counter.domain.text import clean
from counter.errors import PermissionDenied, TransitionError, ValidationError
from counter.paths import private_file
from counter.services import scanning, signing
from counter.services.context import Context
from counter.services.eventstore import append
from counter.services.files import FileStore, store_dir
from counter.services.scanning import Page
from counter.services.workflow import load

OTHER_LABEL = "Giấy tờ khác"
# Scanning is the counter's and the specialists' work (a leader signs results, not scans).
ROLES = ("clerk", "specialist", "leader")


def store(ctx: Context) -> FileStore:
    return FileStore(store_dir(ctx.db.path))


def open_copy(ctx: Context, file_hash: str) -> Path:
    """A decrypted copy of a stored file for the PDF viewer, in a folder of the system's
    temporary area readable by this user only (the store itself holds only ciphertext)."""
    data = store(ctx).read(file_hash)
    user = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"counter-mo-tep-{user}"
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"{file_hash[:16]}.pdf"
    private_file(target)
    target.write_bytes(data)
    return target


@dataclass(frozen=True)
class Attachment:
    event_id: str
    line: str  # the checklist line's paper name, or OTHER_LINE
    file: str  # SHA-256 of the stored PDF
    pages: int
    size: int
    digitised_by: str
    signed: bool
    signer: str
    wall_time: str

    @property
    def line_label(self) -> str:
        return OTHER_LABEL if self.line == OTHER_LINE else self.line


def checklist(ctx: Context, code: str) -> list[str]:
    """The papers received with the dossier (its checklist lines), in the order received."""
    with ctx.db.session() as session:
        row = load(session, code)
        payload = session.scalar(
            select(EventRow.payload)
            .where(EventRow.dossier_id == row.id, EventRow.type == EventType.RECEIVED)
            .order_by(EventRow.hlc)
            .limit(1)
        )
    docs = json.loads(payload).get("documents", []) if payload else []
    return [d["name"] if isinstance(d, dict) else str(d) for d in docs]


def admissible(ctx: Context, code: str, line: str) -> str:
    """The line (cleaned) if this user may digitise a paper of this dossier on it now."""
    if not ctx.actor.has_role(*ROLES):
        raise PermissionDenied("Tài khoản của bạn không có quyền số hóa hồ sơ.")
    line = clean(line)
    if line != OTHER_LINE and line not in checklist(ctx, code):
        raise ValidationError(
            f"«{line}» không có trong danh mục giấy tờ của hồ sơ; chọn một dòng hoặc «{OTHER_LABEL}».",
            field="line",
        )
    with ctx.db.session() as session:
        _check_allowed(load(session, code))
    return line


def attach(
    ctx: Context,
    code: str,
    line: str,
    pdf: bytes,
    pages: int,
    *,
    signed: bool,
    signer: str = "",
    source: str = "",
    colour: bool = False,
) -> Attachment:
    """Store the PDF, then record it on the dossier. Nothing is recorded unless the file is on
    disk, so an event never names a file this counter does not hold."""
    line = admissible(ctx, code, line)  # before the file: a refusal leaves nothing behind
    if not pdf.startswith(b"%PDF-") or pages < 1:
        raise ValidationError("Bản số hóa trống hoặc không phải tệp PDF.", field="file")
    file_hash = store(ctx).put(pdf)
    payload = {
        "line": line,
        "file": file_hash,
        "pages": pages,
        "size": len(pdf),
        "digitised_by": ctx.actor.full_name or ctx.actor.username,
        "signed": signed,
        "colour": colour,
        "at": ctx.now().replace(microsecond=0).isoformat(sep=" "),
    }
    if signer:
        payload["signer"] = signer
    if source:
        payload["source"] = source
    with ctx.db.unit_of_work() as session:
        row = load(session, code)
        _check_allowed(row)
        payload["code"] = row.code
        event = append(session, ctx, row.id, EventType.ATTACHMENT_ADDED, payload)
    return _attachment(event.id, event.wall_time, payload)


def _check_allowed(row: Dossier) -> None:
    refused = refusal(ActionKey.ATTACH, state_of(row))
    if refused is not None:
        raise TransitionError(refused.text)


def _attachment(event_id: str, wall_time: str, p: dict[str, object]) -> Attachment:
    return Attachment(
        event_id=event_id,
        line=str(p["line"]),
        file=str(p["file"]),
        pages=int(p["pages"]),  # type: ignore[call-overload]
        size=int(p["size"]),  # type: ignore[call-overload]
        digitised_by=str(p["digitised_by"]),
        signed=bool(p["signed"]),
        signer=str(p.get("signer", "")),
        wall_time=wall_time,
    )


def attachments_of(ctx: Context, code: str) -> list[Attachment]:
    with ctx.db.session() as session:
        row = load(session, code)
        rows = session.execute(
            select(EventRow.id, EventRow.wall_time, EventRow.payload)
            .where(EventRow.dossier_id == row.id, EventRow.type == EventType.ATTACHMENT_ADDED)
            .order_by(EventRow.hlc)
        ).all()
    return [_attachment(i, w, json.loads(p)) for i, w, p in rows]


@dataclass(frozen=True)
class FileProblem:
    event_id: str
    dossier_code: str
    file: str
    reason: str


MISSING = "Thiếu tệp số hóa được sự kiện ghi nhận."
TAMPERED = "Tệp số hóa đã bị sửa (mã SHA-256 không khớp)."


@dataclass(frozen=True)
class FilesReport:
    checked: int  # files this counter holds, re-hashed
    elsewhere: int  # scanned on another counter and not fetched here yet (fetched when opened)
    problems: tuple[FileProblem, ...]
    on_server: int = 0  # removed here to bound the disk (closed dossiers), kept by the server


def verify_files(ctx: Context) -> FilesReport:
    """Every file an attachment event names: present and unchanged. A file scanned on another
    counter is checked if it is here; its absence is not a fault (it is fetched when opened, or
    in advance when the setting says so: counter.sync.files)."""
    files = store(ctx)
    with ctx.db.session() as session:
        rows = session.execute(
            select(EventRow.id, EventRow.device, EventRow.payload).where(
                EventRow.type == EventType.ATTACHMENT_ADDED
            )
        ).all()
    problems: list[FileProblem] = []
    checked = elsewhere = on_server = 0
    for event_id, device, text in rows:
        p = json.loads(text)
        name = str(p.get("file", ""))
        present = files.path(name).exists()
        if not present and files.on_server_only(name):
            on_server += 1
            continue
        if not present and device != ctx.device_id:
            elsewhere += 1
            continue
        checked += 1
        if present and files.intact(name):
            continue
        reason = TAMPERED if present else MISSING
        problems.append(FileProblem(event_id, str(p.get("code", "")), name, reason))
    return FilesReport(checked, elsewhere, tuple(problems), on_server)


def digitise(
    ctx: Context,
    code: str,
    line: str,
    pages: Sequence[Page],
    *,
    colour: bool = False,
    pin: str = "",
    source: str = "",
) -> Attachment:
    """The pages as one PDF, signed on this counter's token when one is configured (unsigned
    only when none is: counted apart), stored, and recorded on the dossier's line."""
    admissible(ctx, code, line)  # before the PIN is used
    with ctx.db.session() as session:
        token = signing.token_settings(session)
    pdf = scanning.to_pdf(pages, colour=colour)
    signer = ""
    if token.configured:
        signed = signing.sign(pdf, token, pin, ctx.now())
        pdf, signer = signed.pdf, signed.signer
    return attach(
        ctx,
        code,
        line,
        pdf,
        len(pages),
        signed=token.configured,
        signer=signer,
        source=source,
        colour=colour,
    )
