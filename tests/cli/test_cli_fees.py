"""`counter intake` with the fee's counts and `counter pay`: a sum other than the fee is refused
without --allow-mismatch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import GOOD, _office, _run


def _intake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], **extra: object
) -> tuple[Path, int, str, str]:
    """A new office database and `counter intake` of GOOD with `extra`: (db, exit, out, err)."""
    db = tmp_path / "c.sqlite3"
    _office(capsys, db)
    source = tmp_path / "in.json"
    source.write_text(json.dumps({**GOOD, **extra}, ensure_ascii=False), encoding="utf-8")
    return (db, *_run(capsys, "--db", str(db), "intake", str(source)))


def test_intake_computes_the_fee_and_pay_refuses_another_sum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, code, out, err = _intake(tmp_path, capsys, fee={"pages": 5, "copies": 1})
    assert code == 0, err
    dossier = json.loads(out)
    assert dossier["fee"] == 7000  # 2 × 2.000 + 3 × 1.000
    code, out, err = _run(capsys, "--db", str(db), "pay", dossier["code"], "2000")
    assert code == 2 and out == ""
    assert "2.000 đ khác số phí, lệ phí còn phải nộp 7.000 đ" in err
    code, out, err = _run(
        capsys, "--db", str(db), "pay", dossier["code"], "7000", "--receipt-no", "0000123"
    )
    assert code == 0, err
    assert json.loads(out)["paid_amount"] == 7000


def test_pay_takes_another_sum_with_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _, out, _ = _intake(tmp_path, capsys)
    code_ = json.loads(out)["code"]
    code, out, err = _run(capsys, "--db", str(db), "pay", code_, "5000", "--allow-mismatch")
    assert code == 0, err
    assert json.loads(out)["paid_amount"] == 5000


def test_a_corrected_fee_without_reason_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, code, out, err = _intake(tmp_path, capsys, fee={"pages": 5, "amount": 1000})
    assert code == 2 and out == "" and "nhập lý do sửa" in err
