"""`counter print`: forms and the register to a file; refusals exit 2 with a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter.cli import main
from counter.services.context import Context
from tests.printing.conftest import Dossiers, pdf_text


def test_print_form_and_register(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(bank_ctx.db.path)
    out = tmp_path / "slip.pdf"
    assert main(["print", dossiers.accepted, "--form", "slip", "--db", db, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert "PHIẾU HẸN TRẢ KẾT QUẢ" in pdf_text(out.read_bytes(), tmp_path)[0]
    assert "Đã ghi Phiếu hẹn" in capsys.readouterr().out
    out = tmp_path / "01.pdf"
    assert (
        main(
            [
                "print",
                dossiers.accepted,
                "--form",
                "01",
                "--paper",
                "a5",
                "--db",
                db,
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert len(pdf_text(out.read_bytes(), tmp_path)) == 2
    reg = tmp_path / "reg.pdf"
    args = ["print", "register", "--from", "2026-03-01", "--to", "2026-03-31"]
    assert main([*args, "--db", db, "-o", str(reg)]) == 0
    assert dossiers.refused.split("-", 1)[1] in " ".join(
        pdf_text(reg.read_bytes(), tmp_path, layout=False)[0].split()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--form", "04"], "chưa có xin lỗi, hẹn lại ngày trả"),
        (["--form", "01", "--paper", "80mm"], "Khổ giấy «80mm» không dùng"),
        ([], "Hãy chọn mẫu cần in"),
    ],
)
def test_print_refusals_exit_2(
    bank_ctx: Context,
    dossiers: Dossiers,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    out = tmp_path / "x.pdf"
    code = main(["print", dossiers.accepted, *args, "--db", str(bank_ctx.db.path), "-o", str(out)])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_register_needs_dates(
    bank_ctx: Context, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.pdf"
    assert (
        main(
            [
                "print",
                "register",
                "--from",
                "2026-03-01",
                "--db",
                str(bank_ctx.db.path),
                "-o",
                str(out),
            ]
        )
        == 2
    )
    assert "--from YYYY-MM-DD và --to YYYY-MM-DD" in capsys.readouterr().err
    assert (
        main(
            [
                "print",
                "register",
                "--from",
                "1/3/2026",
                "--to",
                "2026-03-02",
                "--db",
                str(bank_ctx.db.path),
                "-o",
                str(out),
            ]
        )
        == 2
    )
    assert "--from phải là ngày dạng YYYY-MM-DD" in capsys.readouterr().err
