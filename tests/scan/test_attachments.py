"""Digitised papers: stored by hash before their event, projected, checked by the audit."""

from __future__ import annotations

import os
import stat

import pytest

from counter.cli import main
from counter.db.events import state_of
from counter.db.wire import check
from counter.domain.dossier import OTHER_LINE, EventType
from counter.domain.validity import Invalid
from counter.errors import ValidationError
from counter.services import attachments
from counter.services.context import Context
from counter.services.eventstore import new_event
from counter.services.workflow import load
from tests.services.helpers import receive

PDF = b"%PDF-1.4\n% a scanned page\n%%EOF\n"


def _state(ctx: Context, code: str):  # type: ignore[no-untyped-def]
    with ctx.db.session() as session:
        return state_of(load(session, code))


def test_a_scan_is_stored_by_hash_then_recorded_and_counted(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    line = attachments.checklist(ctx, code)[0]
    added = attachments.attach(ctx, code, line, PDF, 1, signed=True, signer="Nguyễn Thị Hoa")
    path = attachments.store(ctx).path(added.file)
    assert attachments.store(ctx).read(added.file) == PDF
    assert PDF not in path.read_bytes()  # encrypted at rest
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    attachments.attach(ctx, code, OTHER_LINE, PDF + b" ", 1, signed=False)
    state = _state(ctx, code)
    assert (state.attachments, state.signed_attachments) == (2, 1)
    listed = attachments.attachments_of(ctx, code)
    assert [a.line_label for a in listed] == [line, "Giấy tờ khác"]
    assert listed[0].signed and listed[0].signer == "Nguyễn Thị Hoa"


def test_a_line_not_on_the_checklist_or_an_empty_file_is_refused_and_nothing_written(
    ctx: Context,
) -> None:
    code = receive(ctx).dossier.code
    with pytest.raises(ValidationError, match="không có trong danh mục"):
        attachments.attach(ctx, code, "Giấy không có", PDF, 1, signed=False)
    with pytest.raises(ValidationError, match="không phải tệp PDF"):
        attachments.attach(ctx, code, OTHER_LINE, b"GIF89a", 1, signed=False)
    assert _state(ctx, code).attachments == 0
    assert not attachments.store(ctx).root.exists()


def test_the_wire_check_refuses_an_attachment_without_a_hash(ctx: Context) -> None:
    event = new_event(
        ctx,
        "0190a000-0000-7000-8000-000000000000",
        EventType.ATTACHMENT_ADDED,
        {
            "line": "x",
            "file": "not-a-hash",
            "pages": 1,
            "size": 1,
            "digitised_by": "a",
            "signed": False,
        },
    )
    with pytest.raises(Invalid, match="SHA-256"):
        check(event)


def test_the_audit_flags_a_missing_and_a_tampered_file(
    ctx: Context, capsys: pytest.CaptureFixture[str]
) -> None:
    code = receive(ctx).dossier.code
    a = attachments.attach(ctx, code, OTHER_LINE, PDF, 1, signed=False)
    b = attachments.attach(ctx, code, OTHER_LINE, PDF + b"2", 1, signed=False)
    assert main(["--db", str(ctx.db.path), "audit", "verify"]) == 0
    assert "Tệp số hóa toàn vẹn: 2 tệp" in capsys.readouterr().out
    files = attachments.store(ctx)
    files.path(a.file).unlink()
    files.path(b.file).write_bytes(PDF + b"changed")
    assert main(["--db", str(ctx.db.path), "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert attachments.MISSING in out and attachments.TAMPERED in out and code in out


def test_the_report_counts_digitised_dossiers_papers_and_the_signed_share(ctx: Context) -> None:
    from counter.reports.figures import build_report
    from counter.reports.presentation import indicators

    first = receive(ctx).dossier.code
    receive(ctx, name="Lê Thị Mai", id_number="079090005678")  # not digitised
    attachments.attach(ctx, first, OTHER_LINE, PDF, 2, signed=True, signer="A")
    attachments.attach(ctx, first, OTHER_LINE, PDF + b"x", 1, signed=False)
    report = build_report(ctx, f"{ctx.now():%Y}-Q{(ctx.now().month - 1) // 3 + 1}")
    f = report.total.figures
    assert (f.digitised, f.digitised_components, f.signed_components) == (1, 2, 1)
    assert f.digitised_share == 0.5 and f.signed_share == 0.5
    shown = {i.label: i.text() for i in indicators(report)}
    assert shown["Tỷ lệ số hóa hồ sơ"] == "50,0 %"
    assert shown["Số thành phần hồ sơ đã số hóa"] == "2"
    assert shown["Tỷ lệ bản số hóa có chữ ký số"] == "50,0 %"


def test_the_file_is_on_disk_before_its_event_is_written(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = receive(ctx).dossier.code
    seen: list[bool] = []
    real = attachments.append

    def append(session, ctx_, dossier_id, kind, payload):  # type: ignore[no-untyped-def]
        seen.append(attachments.store(ctx).intact(payload["file"]))
        return real(session, ctx_, dossier_id, kind, payload)

    monkeypatch.setattr(attachments, "append", append)
    attachments.attach(ctx, code, OTHER_LINE, PDF, 1, signed=False)
    assert seen == [True]


def test_a_full_disk_leaves_no_event_and_no_partial_file(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counter.errors import StorageError

    code = receive(ctx).dossier.code

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StorageError, match="Không ghi được tệp số hóa"):
        attachments.attach(ctx, code, OTHER_LINE, PDF, 1, signed=False)
    monkeypatch.undo()
    assert attachments.attachments_of(ctx, code) == []
    root = attachments.store(ctx).root
    assert not [p for p in root.rglob("*") if p.is_file()]


def test_a_refused_dossier_has_nothing_to_digitise(ctx: Context) -> None:
    from counter.errors import TransitionError
    from counter.services import workflow

    code = receive(ctx, complete=False).dossier.code
    workflow.refuse(ctx, code, "Thiếu giấy tờ")
    with pytest.raises(TransitionError):
        attachments.attach(ctx, code, OTHER_LINE, PDF, 1, signed=False)
    assert not attachments.store(ctx).root.exists()  # refused before the file was written
