"""The citizen's status page, opened in headless Chromium like a phone scanning the slip."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from counter.services import workflow
from counter.services.status_link import dossier_status_link
from counter.sync import client, server
from counter.sync.client import RetryPolicy
from counter.sync.status_page import mask_name
from tests.sync.conftest import Counter, LiveServer, enrol, intake

OFFICE = "000.00.12.H40"


def test_mask_name_keeps_initials_only() -> None:
    assert mask_name("Nguyễn Văn An") == "N***** V** A*"
    assert mask_name("  Lê   Thị Bình ") == "L* T** B***"


@pytest.fixture
def dossier(live: LiveServer, make_counter: Callable[..., Counter]) -> tuple[Counter, str]:
    server.add_office(live.store, OFFICE, "UBND xã Tân Hưng")
    a = make_counter("a")
    enrol(live.store, a, live.url)
    code = intake(a, "Nguyễn Văn An")
    workflow.transfer(a.ctx, code, "Lê Văn Đạt", "Tư pháp")
    client.sync_now(a.ctx, policy=RetryPolicy(attempts=3, base_delay=0.01))
    return a, code


def test_link_check_value_guards_the_page(live: LiveServer, dossier: tuple[Counter, str]) -> None:
    counter, code = dossier
    link = dossier_status_link(counter.ctx, code)
    assert link is not None and link.startswith(live.url + "/tra-cuu?ma=")
    good = httpx.get(link)
    assert good.status_code == 200 and "N***** V** A*" in good.text
    assert "Nguyễn Văn An" not in good.text and "0912345678" not in good.text
    forged = httpx.get(live.url + "/tra-cuu", params={"ma": code, "k": "AAAAAAAAAAAA"})
    other = httpx.get(link.replace(code, code[:-1] + "2"))
    assert forged.status_code == other.status_code == 404
    assert forged.text == other.text  # no way to tell a wrong check from an unknown code


def test_status_page_on_a_phone(
    live: LiveServer, dossier: tuple[Counter, str], browser: object
) -> None:
    counter, code = dossier
    link = dossier_status_link(counter.ctx, code)
    assert link is not None
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(link)
    assert page.locator("#status").inner_text() == "Đang xử lý"
    text = page.locator("main").inner_text()
    for expected in (code, "Thủ tục", "N***** V** A*", "Hẹn trả kết quả", "Cập nhật lúc"):
        assert expected in text
    assert page.evaluate("document.documentElement.lang") == "vi"
    # Fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(link.replace("&k=", "&k=x"))
    assert "Không tìm thấy hồ sơ" in page.locator("main").inner_text()
    context.close()


def _qr_of(pdf: bytes, tmp_path: object) -> list[str]:
    """The QR codes a phone reads off the printed page: rendered at 300 dpi, decoded by zbar."""
    import subprocess
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "slip.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", str(folder / "slip.pdf"), str(folder / "page")],
        check=True,
    )
    found: list[str] = []
    for image in sorted(folder.glob("page*.png")):
        out = subprocess.run(
            ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
        )
        found += [line for line in out.stdout.splitlines() if line]
    return found


def test_the_slips_qr_opens_the_dossier_once_synced_and_says_so_before(
    live: LiveServer, make_counter: Callable[..., Counter], browser: object, tmp_path: object
) -> None:
    """The citizen's path: the printed slip's QR (decoded off a 300 dpi render) opens the
    office's status page; before the counter has synced the page says the dossier is not on
    the server yet, after it shows the dossier."""
    from counter.printing import render

    server.add_office(live.store, OFFICE, "UBND xã Tân Hưng")
    a = make_counter("a")
    enrol(live.store, a, live.url)
    code = intake(a, "Nguyễn Văn An")
    for form, paper in (("slip", "80mm"), ("slip", "a6"), ("01", "a4"), ("01", "a5")):
        links = _qr_of(render(a.ctx, code, form, paper=paper), tmp_path)
        assert dossier_status_link(a.ctx, code) in links, (form, links)
    link = dossier_status_link(a.ctx, code)
    assert link is not None
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(link)
    waiting = page.locator("main").inner_text()
    assert "chưa được cập nhật lên hệ thống tra cứu" in waiting and code in waiting
    assert "Không tìm thấy" not in waiting
    client.sync_now(a.ctx, policy=RetryPolicy(attempts=3, base_delay=0.01))
    page.goto(link)
    assert page.locator("#status").inner_text() == "Được tiếp nhận"
    assert code in page.locator("main").inner_text()
    context.close()


def test_an_office_address_written_as_a_lookup_link_is_not_doubled() -> None:
    from counter.services.status_link import check_value, status_link

    k = check_value("s3cret", "000.00.12.H40-260302-0001")
    expected = f"https://dvc.example.vn/tra-cuu?ma=000.00.12.H40-260302-0001&k={k}"
    for base in (
        "https://dvc.example.vn",
        "https://dvc.example.vn/",
        "https://dvc.example.vn/tra-cuu",
        "https://dvc.example.vn/tra-cuu?ma=",
        " https://dvc.example.vn/tra-cuu/?ma=#top ",
    ):
        assert status_link(base, "000.00.12.H40-260302-0001", "s3cret") == expected, base
