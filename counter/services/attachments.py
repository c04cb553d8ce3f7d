"""Digitised papers of a dossier (TT 01/2023/TT-VPCP Điều 8): the file goes to the counter's
content-addressed store first, then an `attachment_added` event names it by hash."""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from counter.db.events import state_of
from counter.db.models import Dossier, EventRow, Setting
from counter.domain.actions import ActionKey, refusal
from counter.domain.dossier import KIND_RESULT, OTHER_LINE, RESULT_LINE, EventType, Status
from counter.domain.text import clean
from counter.errors import PermissionDenied, TransitionError, ValidationError, os_reason
from counter.paths import private_file
from counter.services import signing, workflow
from counter.services.context import Context, require_admin
from counter.services.eventstore import append
from counter.services.files import FileStore, store_dir
from counter.services.workflow import ActionResult, load

if TYPE_CHECKING:
    from counter.services.scanning import Page

OTHER_LABEL = "Giấy tờ khác"
RESULT_LABEL = "Kết quả điện tử"
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
    kind: str = "paper"  # or KIND_RESULT: the procedure's electronic result
    reused_from: str = ""  # the attachment event whose file this one reuses
    reused_code: str = ""  # and its dossier

    @property
    def line_label(self) -> str:
        if self.kind == KIND_RESULT:
            return RESULT_LABEL
        return OTHER_LABEL if self.line == OTHER_LINE else self.line

    @property
    def reused(self) -> bool:
        return bool(self.reused_from)


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
    kind: str = "",
) -> Attachment:
    """Store the PDF, then record it on the dossier. Nothing is recorded unless the file is on
    disk, so an event never names a file this counter does not hold."""
    if kind == KIND_RESULT:
        line = RESULT_LINE
        result_admissible(ctx, code)
    else:
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
    if kind == KIND_RESULT:
        payload["kind"] = KIND_RESULT
    with ctx.db.unit_of_work() as session:
        row = load(session, code)
        _check_allowed(row, result=kind == KIND_RESULT)
        payload["code"] = row.code
        event = append(session, ctx, row.id, EventType.ATTACHMENT_ADDED, payload)
    return _attachment(event.id, event.wall_time, payload)


def _check_allowed(row: Dossier, *, result: bool = False) -> None:
    state = state_of(row)
    refused = refusal(ActionKey.ATTACH, state)
    if refused is not None:
        raise TransitionError(refused.text)
    if result and state.status not in RESULT_STATUSES:
        raise TransitionError(
            f"Chỉ đính kèm kết quả điện tử khi giải quyết hồ sơ; hồ sơ đang ở trạng thái "
            f"«{state.status.label}»."
        )


# The result is attached by whoever resolves, while resolving (before or just after the
# `resolved` event), or at the hand-back.
RESULT_STATUSES = frozenset({Status.ACCEPTED, Status.IN_PROGRESS, Status.RESOLVED})


def result_admissible(ctx: Context, code: str) -> None:
    if not ctx.actor.has_role(*ROLES):
        raise PermissionDenied("Tài khoản của bạn không có quyền đính kèm kết quả điện tử.")
    with ctx.db.session() as session:
        _check_allowed(load(session, code), result=True)


def attach_result(ctx: Context, code: str, pdf: bytes, *, pin: str = "") -> Attachment:
    """The procedure's electronic result (TT 01/2023 Điều 4), signed on this counter's token
    with the same PAdES signing as the scans; unsigned only when no token is configured
    (counted apart). The citizen downloads it from the status page."""
    result_admissible(ctx, code)  # before the PIN is used
    if not pdf.startswith(b"%PDF-"):
        raise ValidationError("Kết quả điện tử phải là tệp PDF.", field="file")
    pages = pdf_pages(pdf)
    with ctx.db.session() as session:
        token = signing.token_settings(session)
    signer = ""
    if token.configured:
        signed = signing.sign(pdf, token, pin, ctx.now(), signing.RESULT_SIGNER)
        pdf, signer = signed.pdf, signed.signer
    return attach(
        ctx,
        code,
        RESULT_LINE,
        pdf,
        max(1, pages),
        signed=token.configured,
        signer=signer,
        kind=KIND_RESULT,
    )


def resolve_with_result(
    ctx: Context,
    code: str,
    note: str = "",
    approved: bool = True,
    result_path: str = "",
    pin: str = "",
) -> ActionResult:
    """«Đã có kết quả» with the electronic result attached first (signed, stored, recorded),
    when a file is given. Both are refused before either is written if the dossier cannot be
    resolved now or the file cannot be read."""
    path = result_path.strip()
    if path:
        with ctx.db.session() as session:
            refused = refusal(ActionKey.RESOLVE, state_of(load(session, code)))
        if refused is not None:
            raise TransitionError(refused.text)
        try:
            pdf = Path(path).read_bytes()
        except OSError as exc:
            raise ValidationError(
                f"Không đọc được tệp kết quả «{path}»: {os_reason(exc)}.", field="result_file"
            ) from exc
        attach_result(ctx, code, pdf, pin=pin)
    return workflow.resolve(ctx, code, note, approved)


def pdf_pages(pdf: bytes) -> int:
    import pikepdf  # ~50 ms to import: not at the window's start

    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            return len(doc.pages)
    except pikepdf.PdfError as exc:
        raise ValidationError("Tệp kết quả không đọc được như một tệp PDF.", field="file") from exc


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
        kind=str(p.get("kind") or "paper"),
        reused_from=str(p.get("reused_from", "")),
        reused_code=str(p.get("reused_code", "")),
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
    from counter.services import scanning  # img2pdf, PIL: imported when a paper is scanned

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


# Reuse (TT 01/2023 Điều 4: what is already digitised is not asked for again). How long a
# digitised paper or result stays reusable, in months; 0 or absent: no limit.
VALIDITY_SETTING = "digitise.validity_months"


@dataclass(frozen=True)
class Reusable:
    """A paper or result digitised for an earlier dossier of the same ID number."""

    attachment: Attachment
    dossier_code: str
    procedure_name: str


def validity_months(ctx: Context) -> int:
    with ctx.db.session() as session:
        row = session.get(Setting, VALIDITY_SETTING)
    try:
        return max(0, int(row.value)) if row is not None else 0
    except ValueError:
        return 0


def set_validity_months(ctx: Context, months: int) -> None:
    """The admin's setting: how many months a digitised paper stays reusable (0: no limit)."""
    require_admin(ctx)
    if months < 0:
        raise ValidationError("Thời hạn sử dụng lại phải là số tháng không âm.", field="months")
    with ctx.db.unit_of_work() as session:
        row = session.get(Setting, VALIDITY_SETTING)
        if row is None:
            session.add(Setting(key=VALIDITY_SETTING, value=str(months)))
        else:
            row.value = str(months)


def _still_valid(wall_time: str, now: datetime, months: int) -> bool:
    if months <= 0:
        return True
    try:
        made = datetime.fromisoformat(wall_time)
    except ValueError:
        return False
    total = now.year * 12 + now.month - 1 - months
    year, month = divmod(total, 12)
    day = min(now.day, 28)
    limit = now.replace(year=year, month=month + 1, day=day, tzinfo=None)
    return made.replace(tzinfo=None) >= limit


def reusable(ctx: Context, id_number: str, *, exclude: str = "") -> list[Reusable]:
    """The papers and results already digitised for this ID number and still valid, newest
    first, one per file (a reuse of a reuse points at the same file: listed once)."""
    id_number = id_number.strip()
    if not id_number:
        return []
    months = validity_months(ctx)
    now = ctx.now()
    with ctx.db.session() as session:
        rows = session.execute(
            select(
                EventRow.id,
                EventRow.wall_time,
                EventRow.payload,
                Dossier.code,
                Dossier.procedure_name,
            )
            .join(Dossier, Dossier.id == EventRow.dossier_id)
            .where(
                Dossier.id_number == id_number,
                Dossier.attachments + Dossier.results > 0,  # the partial index's condition
                EventRow.type == EventType.ATTACHMENT_ADDED,
            )
            .order_by(EventRow.hlc.desc())
        ).all()
    found: list[Reusable] = []
    seen: set[str] = set()
    for event_id, wall_time, text, dossier_code, procedure in rows:
        if dossier_code == exclude:
            continue
        p = json.loads(text)
        if p.get("reused_from"):  # its original is listed (same ID number), with its date
            continue
        if p["file"] in seen or not _still_valid(str(p.get("at") or wall_time), now, months):
            continue
        seen.add(p["file"])
        found.append(Reusable(_attachment(event_id, wall_time, p), dossier_code, procedure))
    return found


def reuse(ctx: Context, code: str, line: str, event_id: str) -> Attachment:
    """Record on this dossier's line a paper (or result) digitised for an earlier dossier of
    the same ID number, instead of asking the citizen for the paper again: no new file, an
    `attachment_added` event naming the same file with `reused_from`."""
    line = admissible(ctx, code, line)
    with ctx.db.session() as session:
        target = load(session, code)
        source = session.execute(
            select(EventRow.payload, EventRow.wall_time, Dossier.code, Dossier.id_number)
            .join(Dossier, Dossier.id == EventRow.dossier_id)
            .where(EventRow.id == event_id, EventRow.type == EventType.ATTACHMENT_ADDED)
        ).first()
        if source is None or not target.id_number or source[3] != target.id_number:
            raise ValidationError(
                "Không có bản số hóa này cho số định danh của người nộp.", field="reuse"
            )
    p = json.loads(source[0])
    if not _still_valid(str(p.get("at") or source[1]), ctx.now(), validity_months(ctx)):
        raise ValidationError("Bản số hóa này đã hết thời hạn sử dụng lại.", field="reuse")
    origin = str(p.get("reused_from") or event_id)
    payload = {
        "line": line,
        "file": p["file"],
        "pages": p["pages"],
        "size": p["size"],
        "digitised_by": p["digitised_by"],
        "signed": bool(p["signed"]),
        "at": ctx.now().replace(microsecond=0).isoformat(sep=" "),
        "reused_from": origin,
        "reused_code": str(p.get("reused_code") or source[2]),
        "source": "reuse",
    }
    if p.get("signer"):
        payload["signer"] = p["signer"]
    with ctx.db.unit_of_work() as session:
        row = load(session, code)
        _check_allowed(row)
        payload["code"] = row.code
        event = append(session, ctx, row.id, EventType.ATTACHMENT_ADDED, payload)
    return _attachment(event.id, event.wall_time, payload)
