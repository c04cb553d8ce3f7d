"""The Excel report as a leader prints it: converted by LibreOffice, each sheet comes out on
few pages, wide sheets in landscape fitted to the page width, the header line whole."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from counter.reports.excel import write_xlsx
from counter.reports.figures import build_report
from counter.reports.register import register_lines
from tests.services.report_scenario import Scenario, quarter

__all__ = ["quarter"]

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (libreoffice-calc-nogui) is not installed"
)


def _to_pdf(xlsx: Path) -> Path:
    """Convert with LibreOffice in a profile of its own (parallel runs do not share one)."""
    profile = xlsx.parent / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(xlsx.parent),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = xlsx.with_suffix(".pdf")
    assert pdf.exists()
    return pdf


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _one_sheet(book_path: Path, name: str, target: Path) -> Path:
    """A copy of the workbook holding only the sheet `name` (pages counted per sheet)."""
    book = load_workbook(book_path)
    for other in list(book.sheetnames):
        if other != name:
            del book[other]
    book.save(target)
    return target


@pytest.fixture(scope="module")
def workbook(quarter: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print") / "q3.xlsx"
    report = build_report(quarter.ctx, "2026-Q3", by="field")
    write_xlsx(report, path, register_lines(quarter.ctx, report.period))
    return path


def test_every_sheet_has_its_page_setup(workbook: Path) -> None:
    book = load_workbook(workbook)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0, sheet.title
        assert sheet.print_title_rows, sheet.title  # the table's header on every page
        assert sheet.print_area, sheet.title
        assert "&P" in sheet.oddFooter.center.text, sheet.title
    wide = {"Tổng hợp", "Hồ sơ quá hạn", "Sổ theo dõi (Mẫu 07)", "Chỉ số"}
    for name in wide:
        assert book[name].page_setup.orientation == "landscape", name
    assert book["Tổng hợp"].print_title_rows == "$6:$7"  # the two header rows


@needs_soffice
def test_the_summary_by_field_prints_on_one_page_with_its_header_whole(
    workbook: Path, tmp_path: Path
) -> None:
    pdf = _to_pdf(_one_sheet(workbook, "Tổng hợp", tmp_path / "summary.xlsx"))
    assert _pages(pdf) == 1
    text = _page_text(pdf, 1)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    heading = load_workbook(workbook)["Tổng hợp"]["A1"].value
    # The governing body and the office on one line, not cut at the page's edge.
    assert heading in lines, (heading, lines[:5])
    assert any("BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in x for x in lines)
    # Every column of the 21 is on the page: the last header and the totals row.
    flat = " ".join(text.split())
    assert "xử lý TB" in flat and "Tổng cộng" in flat and "63.6%" in flat


@needs_soffice
def test_the_whole_workbook_prints_on_few_pages(workbook: Path, tmp_path: Path) -> None:
    copy = tmp_path / "all.xlsx"
    shutil.copy(workbook, copy)
    pdf = _to_pdf(copy)
    # Summary 1, indicators 1, months 1, late 1, register (11 lines) 1.
    assert _pages(pdf) <= 6
    first = " ".join(_page_text(pdf, 1).split())
    assert "Trang 1" in first


@needs_soffice
def test_header_rows_repeat_on_every_page_of_a_long_register(tmp_path: Path) -> None:
    from counter.reports.excel import print_setup

    book = Workbook()
    sheet = book.active
    sheet.append(["TIÊU ĐỀ"])
    sheet.append(["STT", "Mã hồ sơ"])
    for n in range(1, 301):
        sheet.append([n, f"HS-{n:04d}"])
    print_setup(sheet, header_rows=(2, 2), landscape=False)
    path = tmp_path / "long.xlsx"
    book.save(path)
    pdf = _to_pdf(path)
    pages = _pages(pdf)
    assert pages > 1
    for page in range(1, pages + 1):
        assert "Mã hồ sơ" in _page_text(pdf, page)
