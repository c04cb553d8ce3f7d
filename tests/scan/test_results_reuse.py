"""The electronic result attached when resolving, and a paper reused by a later dossier of the
same ID number (TT 01/2023 Điều 4)."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from counter.db.events import state_of
from counter.domain.dossier import KIND_RESULT, OTHER_LINE
from counter.errors import PermissionDenied, TransitionError, ValidationError
from counter.services import attachments, signing, workflow
from counter.services.context import Actor, Context
from counter.services.workflow import load
from tests.conftest import Clock
from tests.scan.conftest import Token
from tests.scan.test_signing import _scan
from tests.services.helpers import receive

ADMIN = Actor("quantri", "Quản trị", "admin")
PDF = b"%PDF-1.4\n% a scanned page\n%%EOF\n"


def test_the_result_is_signed_stored_and_kept_apart_from_the_papers(
    ctx: Context, token: Token, tmp_path: Path
) -> None:
    code = receive(ctx).dossier.code
    signing.configure_token(ctx.as_user(ADMIN), token.module, token.label)
    with pytest.raises(ValidationError, match="PIN"):
        attachments.attach_result(ctx, code, _scan())
    result = attachments.attach_result(ctx, code, _scan(), pin=token.pin)
    workflow.resolve(ctx, code, "Đã cấp giấy xác nhận")
    assert result.kind == KIND_RESULT and result.signed and result.signer == token.signer
    assert result.line_label == "Kết quả điện tử"
    path = tmp_path / "result.pdf"
    path.write_bytes(attachments.store(ctx).read(result.file))
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid." in report, report
    top_left = subprocess.run(
        ["pdftotext", "-x", "0", "-y", "0", "-W", "400", "-H", "100", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"Người ký kết quả: {token.signer}" in top_left
    with ctx.db.session() as session:
        state = state_of(load(session, code))
    assert state.attachments == 0  # a result is not a digitised component of the dossier
    assert [a.kind for a in attachments.attachments_of(ctx, code)] == [KIND_RESULT]


def test_a_result_needs_a_dossier_being_resolved_and_a_pdf(ctx: Context) -> None:
    code = receive(ctx).dossier.code
    with pytest.raises(ValidationError, match="PDF"):
        attachments.attach_result(ctx, code, b"GIF89a")
    with pytest.raises(ValidationError, match="không đọc được"):
        attachments.attach_result(ctx, code, PDF)  # a PDF's header on nothing
    unsigned = attachments.attach_result(ctx, code, _scan())  # no token configured: unsigned
    assert not unsigned.signed and unsigned.pages == 1
    workflow.resolve(ctx, code)
    workflow.return_result(ctx, code, "Nguyễn Văn Đức")
    with pytest.raises(TransitionError, match="Chỉ đính kèm kết quả điện tử"):
        attachments.attach_result(ctx, code, _scan())


def test_a_second_dossier_of_the_same_id_number_reuses_a_paper_of_the_first(
    ctx: Context,
) -> None:
    first = receive(ctx).dossier.code
    line = attachments.checklist(ctx, first)[0]
    scanned = attachments.attach(ctx, first, line, PDF, 1, signed=True, signer="Nguyễn Thị Hoa")
    second = receive(ctx).dossier.code
    stranger = receive(ctx, id_number="079090009999").dossier.code
    offered = attachments.reusable(ctx, "079090001234", exclude=second)
    assert [(r.dossier_code, r.attachment.file) for r in offered] == [(first, scanned.file)]
    assert attachments.reusable(ctx, "079090009999") == []
    reused = attachments.reuse(ctx, second, line, scanned.event_id)
    assert reused.reused and reused.reused_code == first and reused.file == scanned.file
    assert reused.signed and reused.signer == "Nguyễn Thị Hoa"
    listed = attachments.attachments_of(ctx, second)
    assert [(a.line, a.reused_from) for a in listed] == [(line, scanned.event_id)]
    # Another citizen's papers are not offered nor reusable.
    with pytest.raises(ValidationError, match="số định danh"):
        attachments.reuse(ctx, stranger, line, scanned.event_id)
    with ctx.db.session() as session:
        assert state_of(load(session, stranger)).attachments == 0
        assert state_of(load(session, second)).attachments == 1


def test_the_validity_setting_hides_papers_digitised_too_long_ago(
    ctx: Context, clock: Clock
) -> None:
    first = receive(ctx).dossier.code
    line = attachments.checklist(ctx, first)[0]
    old = attachments.attach(ctx, first, line, PDF, 1, signed=False)
    assert attachments.validity_months(ctx) == 0  # default: no limit
    clock.set(clock.now() + timedelta(days=200))
    second = receive(ctx).dossier.code
    assert [r.attachment.file for r in attachments.reusable(ctx, "079090001234")] == [old.file]
    with pytest.raises(PermissionDenied):
        attachments.set_validity_months(ctx, 6)  # the admin's setting
    attachments.set_validity_months(ctx.as_user(ADMIN), 6)
    assert attachments.reusable(ctx, "079090001234") == []
    with pytest.raises(ValidationError, match="hết thời hạn"):
        attachments.reuse(ctx, second, line, old.event_id)


def test_resolving_with_a_result_file_attaches_it_then_resolves(
    ctx: Context, tmp_path: Path
) -> None:
    code = receive(ctx).dossier.code
    missing = tmp_path / "none.pdf"
    with pytest.raises(ValidationError, match="Không đọc được tệp kết quả"):
        attachments.resolve_with_result(ctx, code, "", True, str(missing))
    assert attachments.attachments_of(ctx, code) == []  # nothing written
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(_scan())
    attachments.resolve_with_result(ctx, code, "Đã cấp", True, str(path))
    assert [a.kind for a in attachments.attachments_of(ctx, code)] == [KIND_RESULT]
    with ctx.db.session() as session:
        assert state_of(load(session, code)).status.label == "Đã xử lý xong"
    # Already resolved: refused before the file is attached again.
    with pytest.raises(TransitionError):
        attachments.resolve_with_result(ctx, code, "", True, str(path))
    assert len(attachments.attachments_of(ctx, code)) == 1


def test_the_report_shows_the_electronic_result_and_reuse_shares_in_excel_and_pdf(
    ctx: Context, clock: Clock, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from counter.reports.excel import write_xlsx
    from counter.reports.figures import build_report
    from counter.reports.pdf import render_pdf
    from counter.reports.presentation import indicators

    first = receive(ctx).dossier.code
    line = attachments.checklist(ctx, first)[0]
    scanned = attachments.attach(ctx, first, line, PDF, 1, signed=True, signer="A")
    attachments.attach(ctx, first, OTHER_LINE, PDF + b"x", 1, signed=False)
    attachments.attach_result(ctx, first, _scan())  # no token: an unsigned result
    workflow.resolve(ctx, first)
    second = receive(ctx).dossier.code
    attachments.reuse(ctx, second, line, scanned.event_id)
    workflow.resolve(ctx, second)  # resolved without an electronic result
    clock.set(clock.now() + timedelta(hours=1))
    report = build_report(ctx, f"{ctx.now():%Y}-Q{(ctx.now().month - 1) // 3 + 1}")
    f = report.total.figures
    assert (f.digitised_components, f.reused_components) == (3, 1)
    assert (f.resolved, f.electronic_results, f.signed_results) == (2, 1, 0)
    assert f.electronic_result_share == 0.5 and f.reuse_share == pytest.approx(1 / 3)
    shown = {i.label: i.text() for i in indicators(report)}
    assert shown["Tỷ lệ hồ sơ có kết quả điện tử"] == "50,0 %"
    assert shown["Tỷ lệ tái sử dụng kết quả số hóa"] == "33,3 %"
    write_xlsx(report, tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx")["Chỉ số"]
    cells = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert cells["Tỷ lệ hồ sơ có kết quả điện tử"] == 0.5
    assert cells["Tỷ lệ tái sử dụng kết quả số hóa"] == pytest.approx(1 / 3)
    render_pdf(report, tmp_path / "r.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Tỷ lệ hồ sơ có kết quả điện tử" in text and "Tỷ lệ tái sử dụng" in text


def test_the_cli_sets_the_validity_and_lists_a_reuse(
    ctx: Context, capsys: pytest.CaptureFixture[str]
) -> None:
    from counter.cli import main

    first = receive(ctx).dossier.code
    line = attachments.checklist(ctx, first)[0]
    scanned = attachments.attach(ctx, first, line, PDF, 1, signed=False)
    second = receive(ctx).dossier.code
    attachments.reuse(ctx, second, line, scanned.event_id)
    db = ["--db", str(ctx.db.path)]
    assert main([*db, "scan", "validity", "24"]) == 0
    assert "24 tháng" in capsys.readouterr().out
    assert attachments.validity_months(ctx) == 24
    assert main([*db, "scan", "list", second]) == 0
    assert f"tái sử dụng từ {first}" in capsys.readouterr().out
