"""The citizen downloads the signed electronic result from the status page: the slip's QR link
plus the last digits of the ID number, in headless Chromium through the real server."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from counter.services import attachments, catalogue, signing, workflow
from counter.services.context import Actor
from counter.services.status_link import dossier_status_link
from counter.sync import client, server
from counter.sync.app import create_app
from counter.sync.client import RetryPolicy
from counter.sync.result_files import LocalOfficeFiles
from counter.sync.store import ServerStore
from tests.scan.softhsm import Token, make_token
from tests.scan.test_signing import _scan
from tests.sync.conftest import PROCEDURE, Counter, LiveServer, enrol

OFFICE = "000.00.12.H40"
ID_NUMBER = "079090001234"
ADMIN = Actor("quantri", "Quản trị", "admin")


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Token:
    return make_token(tmp_path_factory.mktemp("softhsm"))


@pytest.fixture
def files(tmp_path: Path) -> LocalOfficeFiles:
    return LocalOfficeFiles(tmp_path / "server-files")


@pytest.fixture
def served(store: ServerStore, files: LocalOfficeFiles) -> Iterator[LiveServer]:
    running = LiveServer(store, app=create_app(store, files=files)).start()
    yield running
    running.stop()


def _intake(counter: Counter, id_number: str) -> str:
    from counter.services.intake import ApplicantInput, IntakeRequest, ReceivedDocument, receive

    with counter.ctx.db.session() as session:
        proc = catalogue.get_procedure(session, PROCEDURE)
    request = IntakeRequest(
        procedure_code=PROCEDURE,
        applicant=ApplicantInput("Nguyễn Văn An", id_number, phone="0912345678"),
        documents=[ReceivedDocument(d.name, d.originals, d.copies) for d in proc.documents],
    )
    return receive(counter.ctx, request).dossier.code


def _resolved_with_result(
    live: LiveServer,
    make_counter: Callable[..., Counter],
    token: Token,
    files: LocalOfficeFiles | None,
) -> tuple[str, str]:
    """A dossier resolved with its signed result, synced; with `files`, the result's file put
    into that storage by hand (a server without the file sync). Returns the status link and
    the file's hash."""
    server.add_office(live.store, OFFICE, "UBND xã Tân Hưng")
    a = make_counter("a")
    enrol(live.store, a, live.url)
    code = _intake(a, ID_NUMBER)
    signing.configure_token(a.ctx.as_user(ADMIN), token.module, token.label)
    result = attachments.attach_result(a.ctx, code, _scan(), pin=token.pin)
    workflow.resolve(a.ctx, code, "Đã cấp bản sao trích lục")
    client.sync_now(a.ctx, policy=RetryPolicy(attempts=3, base_delay=0.01))
    if files is not None:
        files.put(OFFICE, attachments.store(a.ctx).read(result.file))
    link = dossier_status_link(a.ctx, code)
    assert link is not None
    return link, result.file


def test_the_citizen_downloads_the_signed_result_with_the_last_digits_of_the_id_number(
    served: LiveServer,
    make_counter: Callable[..., Counter],
    token: Token,
    files: LocalOfficeFiles,
    browser: object,
    tmp_path: Path,
) -> None:
    # pyHanko signs through asyncio.run: not on the thread where Playwright's loop runs.
    with ThreadPoolExecutor(1) as worker:
        link, file_hash = worker.submit(
            _resolved_with_result, served, make_counter, token, files
        ).result()
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 360, "height": 740}, is_mobile=True, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(link)
    assert page.locator("#status").inner_text() == "Đã xử lý xong"
    assert "4 chữ số cuối" in page.locator("#download").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "status-result.png"), full_page=True)
    # The phone's digits are not the factor when the dossier has an ID number.
    page.fill("#so", "5678")
    page.click("#download button")
    page.wait_for_selector("#refused")
    assert "Không tải được kết quả" in page.locator("main").inner_text()
    page.goto(link)
    page.fill("#so", ID_NUMBER[-4:])
    with page.expect_download() as waiting:
        page.click("#download button")
    download = waiting.value
    saved = tmp_path / "downloaded.pdf"
    download.save_as(str(saved))
    assert download.suggested_filename.endswith(".pdf")
    context.close()
    data = saved.read_bytes()
    assert data == files.get(OFFICE, file_hash)
    report = subprocess.run(["pdfsig", str(saved)], capture_output=True, text=True).stdout
    assert "Signature is Valid." in report, report
    assert f"Signer Certificate Common Name: {token.signer}" in report


def test_a_wrong_factor_a_forged_link_and_no_result_look_the_same_and_are_rate_limited(
    store: ServerStore,
    make_counter: Callable[..., Counter],
    token: Token,
    files: LocalOfficeFiles,
) -> None:
    from counter.sync.limits import FailureLimiter

    running = LiveServer(
        store, app=create_app(store, files=files, status_limiter=FailureLimiter(6, 60))
    ).start()
    try:
        link, _ = _resolved_with_result(running, make_counter, token, files)
        code = link.split("ma=")[1].split("&")[0]
        check = link.split("k=")[1]
        url = running.url + "/tra-cuu/ket-qua"
        wrong = httpx.post(url, data={"ma": code, "k": check, "so": "0000"})
        forged = httpx.post(url, data={"ma": code, "k": "AAAAAAAAAAAA", "so": "1234"})
        empty = httpx.post(url, data={"ma": code, "k": check, "so": ""})
        assert wrong.status_code == forged.status_code == empty.status_code == 404
        assert wrong.text == forged.text == empty.text
        right = httpx.post(url, data={"ma": code, "k": check, "so": "1234"})
        assert right.status_code == 200 and right.headers["content-type"] == "application/pdf"
        assert right.content.startswith(b"%PDF-")
        for _ in range(3):
            last = httpx.post(url, data={"ma": code, "k": check, "so": "1234"})
        assert last.status_code == 429 and "Retry-After" in last.headers
    finally:
        running.stop()


def test_the_right_factor_before_the_file_reached_the_server_says_so(
    served: LiveServer,
    make_counter: Callable[..., Counter],
    token: Token,
    tmp_path: Path,
) -> None:
    link, _ = _resolved_with_result(
        served, make_counter, token, LocalOfficeFiles(tmp_path / "elsewhere")
    )
    code = link.split("ma=")[1].split("&")[0]
    check = link.split("k=")[1]
    answer = httpx.post(
        served.url + "/tra-cuu/ket-qua", data={"ma": code, "k": check, "so": "1234"}
    )
    assert answer.status_code == 404 and "chưa được gửi lên hệ thống tra cứu" in answer.text


def test_without_an_id_number_the_factor_is_the_phone_and_without_a_result_no_form(
    served: LiveServer, make_counter: Callable[..., Counter], files: LocalOfficeFiles
) -> None:
    server.add_office(served.store, OFFICE, "UBND xã Tân Hưng")
    a = make_counter("a")
    enrol(served.store, a, served.url)
    code = _intake(a, "")  # phone 0912345678 only
    client.sync_now(a.ctx, policy=RetryPolicy(attempts=3, base_delay=0.01))
    link = dossier_status_link(a.ctx, code)
    assert link is not None
    assert "id='download'" not in httpx.get(link).text  # no result yet: no form
    result = attachments.attach_result(a.ctx, code, _scan())  # no token: unsigned
    workflow.resolve(a.ctx, code)
    client.sync_now(a.ctx, policy=RetryPolicy(attempts=3, base_delay=0.01))
    files.put(OFFICE, attachments.store(a.ctx).read(result.file))
    assert "id='download'" in httpx.get(link).text
    check = link.split("k=")[1]
    url = served.url + "/tra-cuu/ket-qua"
    assert httpx.post(url, data={"ma": code, "k": check, "so": "1234"}).status_code == 404
    right = httpx.post(url, data={"ma": code, "k": check, "so": "5678"})
    assert right.status_code == 200 and right.content == files.get(OFFICE, result.file)


def test_a_result_uploaded_by_the_night_sync_is_what_the_status_page_serves(
    store: ServerStore,
    make_counter: Callable[..., Counter],
    token: Token,
    tmp_path: Path,
) -> None:
    """The seam between the file sync and the status page: no file put by hand; the counter's
    own sync uploads the signed result, and the page serves those bytes for the right digits."""
    from urllib.parse import parse_qs, urlsplit

    from counter.sync.status_page import RESULT_PAGE

    live = LiveServer(store, app=create_app(store, files_dir=tmp_path / "server-files")).start()
    try:
        link, file_hash = _resolved_with_result(live, make_counter, token, None)
        query = parse_qs(urlsplit(link).query)
        form = {"ma": query["ma"][0], "k": query["k"][0]}
        wrong = httpx.post(live.url + RESULT_PAGE, data={**form, "so": "0000"})
        assert wrong.status_code == 404
        right = httpx.post(live.url + RESULT_PAGE, data={**form, "so": ID_NUMBER[-4:]})
        assert right.status_code == 200, right.text
        assert right.headers["content-type"] == "application/pdf"
        assert hashlib.sha256(right.content).hexdigest() == file_hash
    finally:
        live.stop()
