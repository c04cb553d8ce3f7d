"""Scan sources (SANE test backend, scan-to-folder, given files) and the compact PDF."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from counter.errors import ValidationError
from counter.services import scanning
from counter.services.scanning import FileSource, FolderSource, Page, PageList, SaneScanner
from tests.scan.conftest import SANE_TEST


def _page(path: Path, text: str = "Trang", size: tuple[int, int] = (1654, 2339)) -> Path:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for y in range(200, size[1] - 200, 60):
        draw.text((150, y), f"{text} {y} " * 8, fill=0)
    image.save(path, dpi=(200, 200))
    return path


def _pdf_info(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_the_sane_test_backend_gives_a_grey_page_at_200_dpi(tmp_path: Path) -> None:
    assert SANE_TEST in [name for name, _label in scanning.scanners()]
    source = SaneScanner(SANE_TEST, options={"test_picture": "Grid", "br_x": 200, "br_y": 200})
    pages = source.acquire()
    assert len(pages) == 1 and pages[0].dpi == 200
    assert pages[0].image.mode == "L" and min(pages[0].image.size) >= 1500
    pdf = scanning.to_pdf(pages, colour=False)
    assert "Pages:           1" in _pdf_info(pdf, tmp_path)


def test_the_feeder_of_the_test_backend_gives_its_pages_in_colour() -> None:
    source = SaneScanner(
        SANE_TEST, colour=True, feeder=True, options={"test_picture": "Color pattern"}
    )
    pages = source.acquire()
    assert len(pages) >= 2 and pages[0].image.mode == "RGB"


def test_an_unknown_scanner_says_so() -> None:
    with pytest.raises(scanning.ScanError, match="Không mở được máy quét"):
        SaneScanner("nosuch:0").acquire()


def test_files_and_a_pdf_become_one_pdf_in_order_with_reorder_rotate_remove(
    tmp_path: Path,
) -> None:
    one, two = _page(tmp_path / "a.png", "A"), _page(tmp_path / "b.png", "B")
    given = scanning.to_pdf(FileSource([one]).acquire(), colour=False)
    (tmp_path / "given.pdf").write_bytes(given)
    pages = PageList()
    pages.add(FileSource([one, two, tmp_path / "given.pdf"]).acquire())
    assert [p.origin for p in pages.pages] == ["a.png", "b.png", "given.pdf, trang 1"]
    pages.move(1, 0)
    pages.rotate(0)
    pages.remove(2)
    pages.replace(1, FileSource([two]).acquire())
    assert [p.origin for p in pages.pages] == ["b.png", "b.png"]
    assert pages.pages[0].rotated().size == (2339, 1654)
    pdf = scanning.to_pdf(pages.pages, colour=False)
    info = _pdf_info(pdf, tmp_path)
    assert "Pages:           2" in info and "842.04 x 595.44" in info  # landscape A4 first
    assert len(pdf) < 150_000 * 2


def test_a_low_resolution_page_is_refused_with_the_page_named(tmp_path: Path) -> None:
    small = Image.new("L", (600, 800), 255)
    small.save(tmp_path / "photo.jpg", dpi=(72, 72))
    with pytest.raises(ValidationError, match=r"Trang 1 .*200 dpi"):
        scanning.to_pdf(FileSource([tmp_path / "photo.jpg"]).acquire(), colour=False)


def test_a_file_that_is_no_image_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    with pytest.raises(scanning.ScanError, match="không phải ảnh"):
        FileSource([bad]).acquire()


def test_the_scan_folder_takes_settled_files_once_oldest_first(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    first, second = _page(folder / "z-first.png", "1"), _page(folder / "a-second.png", "2")
    os.utime(first, (time.time() - 60, time.time() - 60))
    os.utime(second, (time.time() - 30, time.time() - 30))
    _page(folder / "growing.png")  # just written: not settled yet
    (folder / "readme.txt").write_text("copier notes")
    source = FolderSource(folder, settle=5)
    pages = source.acquire()
    assert [p.origin for p in pages] == ["z-first.png", "a-second.png"]
    assert source.acquire() == []  # held: not taken twice
    assert FolderSource(folder, settle=5).acquire() != []  # not saved: still in the folder
    source.release()  # saved
    assert sorted(p.name for p in (folder / scanning.TAKEN).iterdir()) == [
        "a-second.png",
        "z-first.png",
    ]
    assert FolderSource(folder, settle=5).acquire() == []


def test_no_pages_is_refused() -> None:
    with pytest.raises(ValidationError, match="Chưa có trang"):
        scanning.to_pdf([Page(Image.new("L", (10, 10)))][:0], colour=False)
