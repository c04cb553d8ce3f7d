"""Report exports: the Excel workbook's cells, the PDF's text, and the `counter report` command."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from counter.cli import main
from counter.reports.excel import write_xlsx
from counter.reports.figures import build_report
from counter.reports.pdf import render_pdf
from counter.reports.register import register_lines
from tests.services.report_scenario import Scenario, quarter

__all__ = ["quarter"]


def test_xlsx_has_formatted_figures_and_a_totals_row(quarter: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "q3.xlsx"
    report = build_report(quarter.ctx, "2026-Q3", by="field")
    write_xlsx(report, path, register_lines(quarter.ctx, report.period))
    book = load_workbook(path)
    assert book.sheetnames == [
        "Tổng hợp",
        "Chỉ số",
        "Theo tháng",
        "Hồ sơ quá hạn",
        "Chậm theo bước",
        "Sổ theo dõi (Mẫu 07)",
    ]
    sheet = book["Tổng hợp"]
    assert sheet["A1"].value.startswith("UBND ") and " – " in sheet["A1"].value  # as the PDF
    assert sheet["A2"].value == "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    assert sheet["A3"].value == "Quý III năm 2026"
    assert sheet["A4"].value == "Số liệu tính đến 00:00 ngày 01/10/2026"
    # Header rows 6–7, four fields in rows 8–11, the total in row 12.
    assert sheet["C6"].value == "Số hồ sơ nhận giải quyết" and sheet["C6"].font.bold
    assert [sheet.cell(row=7, column=c).value for c in range(3, 8)] == [
        "Tổng số",
        "Kỳ trước chuyển qua",
        "Mới nhận trực tiếp",
        "Mới nhận qua bưu chính",
        "Mới nhận trực tuyến",
    ]
    assert sheet.freeze_panes == "C8"
    assert [sheet.cell(row=r, column=2).value for r in range(8, 13)] == [
        "Chứng thực",
        "Đăng ký, quản lý cư trú",
        "Đất đai",
        "Hộ tịch",
        "Tổng cộng",
    ]
    total = [sheet.cell(row=12, column=c).value for c in range(3, 22)]
    assert total[:17] == [14, 3, 8, 1, 2, 7, 2, 3, 2, 4, 2, 2, 1, 1, 1, 5, 2]
    assert total[17] == pytest.approx(7 / 11) and total[18] == pytest.approx(45 / 7)
    assert sheet.cell(row=12, column=2).font.bold
    assert sheet.cell(row=12, column=20).number_format == "0.0%"
    assert sheet.column_dimensions["B"].width == 36
    land = [sheet.cell(row=10, column=c).value for c in range(3, 8)]
    assert land == [3, 2, 1, 0, 0]

    ind = {r[0].value: r[1].value for r in book["Chỉ số"].iter_rows(min_row=7) if r[0].value}
    assert ind["Phí, lệ phí đã thu"] == 32000
    assert ind["Tỷ lệ hài lòng"] == pytest.approx(2 / 3)
    assert ind["Tỷ lệ số hóa hồ sơ"] == 0
    assert ind["Tỷ lệ bản số hóa có chữ ký số"] == "—"  # nothing digitised: nothing signed
    months = book["Theo tháng"]
    assert [c.value for c in months[8]] == ["08/2026", 0, 1, 1, 2, 1, 1, 0, 1]
    assert [c.value for c in months[10]][:8] == ["Tổng cộng", 8, 1, 2, 11, 7, 5, 2]
    late = book["Hồ sơ quá hạn"]
    assert late["B7"].value == quarter.codes["C2"]
    assert late["F7"].value == datetime(2026, 6, 29, 9, 0)
    assert late["F7"].number_format == "dd/mm/yyyy hh:mm"
    assert [late[f"H{r}"].value for r in range(7, 11)] == ["Chưa có", "Đã có", "Chưa có", "Đã có"]

    # The register: the 11 dossiers received in the quarter, in the order received.
    register = book["Sổ theo dõi (Mẫu 07)"]
    assert register["A2"].value == "SỔ THEO DÕI HỒ SƠ"
    assert register["C6"].value == "Tên thủ tục hành chính"
    codes = [register.cell(row=r, column=2).value for r in range(7, 18)]
    assert codes[0] == quarter.codes["N1"] and codes[-1] == quarter.codes["N11"]
    assert register.cell(row=18, column=2).value is None
    n4 = codes.index(quarter.codes["N4"]) + 7
    assert register.cell(row=n4, column=7).value == datetime(2026, 9, 14, 9, 0)
    assert register.cell(row=n4, column=8).value == datetime(2026, 9, 25, 17, 0)  # new date
    assert register.cell(row=n4, column=10).value == datetime(2026, 9, 28, 9, 0)
    assert register.cell(row=n4, column=11).value == "Tại Bộ phận Một cửa"
    assert register.cell(row=n4, column=12).value == "Đã trả kết quả"


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdf_shows_the_figures_in_vietnamese(quarter: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "q3.pdf"
    render_pdf(build_report(quarter.ctx, "2026-Q3", by="field"), path)
    assert path.read_bytes().startswith(b"%PDF")
    text = _pdf_text(path)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        "Quý III năm 2026",
        "Số liệu tính đến 00:00 ngày 01/10/2026",
        "Đăng ký, quản lý cư trú",
        "Tỷ lệ hài lòng",
        "66,7 %",
        "63,6 %",  # on-time rate 7/11
        "32.000 đ",
        "Tỷ lệ số hóa hồ sơ",
        "Hồ sơ tiếp nhận theo tháng và hình thức",
        "Tỷ lệ giải quyết đúng hạn theo tháng (%)",
        "Hồ sơ quá hạn theo thủ tục",
        "Có 2 hồ sơ quá hạn chưa có văn bản xin lỗi (Mẫu 04)",
        "PHỤ LỤC: DANH SÁCH HỒ SƠ QUÁ HẠN CHƯA CÓ VĂN BẢN XIN LỖI",
        quarter.codes["C2"],
        quarter.codes["N6"],
    ):
        assert expected in text, expected
    total = next(line for line in text.splitlines() if "Tổng cộng" in line)
    assert total.split()[2:19] == [
        "14",
        "3",
        "8",
        "1",
        "2",
        "7",
        "2",
        "3",
        "2",
        "4",
        "2",
        "2",
        "1",
        "1",
        "1",
        "5",
        "2",
    ]
    # Apologised late dossiers are not in the list of those still missing one.
    assert quarter.codes["N4"] not in text.split("IV. HỒ SƠ QUÁ HẠN")[1]


def test_cli_writes_json_xlsx_and_pdf(quarter: Scenario, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(quarter.ctx.db.path)
    out = tmp_path / "q3.json"
    assert (
        main(["report", "--db", db, "--period", "2026-Q3", "--by", "procedure", "-o", str(out)])
        == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["period"]["label"] == "Quý III năm 2026"
    assert data["total"]["figures"]["received"] == 11
    assert data["total"]["cohort"]["received"] == 11
    assert data["total"]["figures"]["digitised_share"] == 0
    assert sorted(data["late_without_apology"]) == sorted(
        [quarter.codes["C2"], quarter.codes["N6"]]
    )
    assert len(data["rows"]) == 4  # marital, land, certification, residence
    for fmt in ("xlsx", "pdf"):
        target = tmp_path / f"r.{fmt}"
        assert (
            main(["report", "--db", db, "--period", "2026-09", "--format", fmt, "-o", str(target)])
            == 0
        )
        assert target.stat().st_size > 1000
    assert "Sổ theo dõi (Mẫu 07)" in load_workbook(tmp_path / "r.xlsx").sheetnames
    assert main(["report", "--db", db, "--period", "2026-Q5"]) == 2
    assert "Kỳ báo cáo không hợp lệ" in capsys.readouterr().err
    assert main(["report", "--db", db, "--period", "2026-Q3", "--format", "pdf"]) == 2


def test_cli_writes_the_register_of_the_same_period(quarter: Scenario, tmp_path: Path) -> None:
    import subprocess

    db = str(quarter.ctx.db.path)
    register = tmp_path / "so-theo-doi.pdf"
    out = tmp_path / "q3.xlsx"
    assert (
        main(
            [
                "report",
                "--db",
                db,
                "--period",
                "2026-Q3",
                "-o",
                str(out),
                "--register",
                str(register),
            ]
        )
        == 0
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(register), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "SỔ THEO DÕI HỒ SƠ" in text.upper()
    # Every dossier received in the quarter is a line of the register.
    received = [c for c in quarter.codes.values() if "-2607" in c or "-2608" in c or "-2609" in c]
    # A code wraps inside its narrow column: look for its date-and-number part.
    assert received and all(code.split("-", 1)[1] in text for code in received)
