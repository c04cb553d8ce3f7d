"""A real office's first week, end to end, as an operator and two clerks live it (issue 14).

A server on PostgreSQL; the office set up from the operator's file; two new PCs enrolled (one
enrolment request duplicated on the way) that receive the office before their first intake;
dossiers received offline on each; sync; the slips' QR read off 300 dpi renders and opened in
headless Chromium; an apology, a return and a supplement crossing the two counters; a quarter
report on each that agrees. Nothing of the demo appears anywhere.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from counter.cli import main
from counter.db.engine import Database
from counter.db.models import Dossier, User
from counter.domain.codes import DEMO_IDENTIFIER
from counter.services import catalogue, queries, users, workflow
from counter.services.context import Actor, Context
from counter.services.status_link import dossier_status_link
from counter.sync import client
from counter.sync.client import RetryPolicy
from counter.sync.store import ServerEvent, ServerStore
from tests.conftest import OFFICE_FILE, Clock
from tests.sync.conftest import LiveServer, pg_schema_store
from tests.sync.test_enrolment import ResendingProxy

pytestmark = pytest.mark.postgres

IDENTIFIER = OFFICE_FILE["identifier"]
CERTIFY = "2.000815"  # chứng thực bản sao: same day
MARRIAGE = "1.004873"  # xác nhận tình trạng hôn nhân: 3 working days
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)
CLERK = Actor("motcua", "Trần Thị Thu Hà", "clerk")


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, (args, err)
    return out


def _papers(db: Path, procedure: str) -> list[dict[str, object]]:
    """Every paper the catalogue the counter received from the server asks for."""
    database = Database(db)
    with database.session() as session:
        papers = catalogue.get_procedure(session, procedure).documents
    database.close()
    return [{"name": d.name, "originals": d.originals, "copies": d.copies} for d in papers]


def _intake(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    name: str,
    procedure: str,
    at: str,
    *,
    complete: bool = True,
    **extra: object,
) -> str:
    if complete:
        extra["documents"] = _papers(db, procedure)
    source = db.parent / "intake.json"
    source.write_text(
        json.dumps(
            {
                "procedure_code": procedure,
                "applicant": {"full_name": name, "phone": "0912345678", "address": "Ấp 3"},
                "received_at": at,
                **extra,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return str(json.loads(_cli(capsys, "--db", str(db), "intake", str(source)))["code"])


def _qr_links(pdf: Path) -> list[str]:
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", str(pdf), str(pdf.with_suffix(""))], check=True
    )
    found: list[str] = []
    for image in sorted(pdf.parent.glob(pdf.stem + "*.png")):
        out = subprocess.run(
            ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
        )
        found += [line for line in out.stdout.splitlines() if "/tra-cuu?" in line]
    return found


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _acting(path: Path, actor: Actor, day: datetime) -> Context:
    return Context(Database(path), actor, now=Clock(day).now)


def test_the_first_week_of_a_real_office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], browser: object
) -> None:
    store, drop = pg_schema_store()
    live = LiveServer(store).start()
    opened: list[Context] = []
    try:
        _first_week(store, live, tmp_path, capsys, browser, opened)
    finally:
        for ctx in opened:
            ctx.db.close()
        live.stop()
        drop()


def _first_week(
    store: ServerStore,
    live: LiveServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    browser: object,
    opened: list[Context],
) -> None:
    server_db = ["server", "--db", store.url, "--schema", str(store.schema)]

    # Monday morning: the operator sets the office up on the server from the file they keep.
    office_file = tmp_path / "tanhung.json"
    office_file.write_text(json.dumps(OFFICE_FILE, ensure_ascii=False), encoding="utf-8")
    _cli(capsys, *server_db, "office", "setup", str(office_file))
    codes = []
    for _ in range(2):
        out = _cli(capsys, *server_db, "enroll", IDENTIFIER)
        codes.append(out.split("Mã đăng ký: ")[1].split()[0])

    # PC A registers through a proxy that sends the request twice; PC B with the command.
    a_db, b_db = tmp_path / "a" / "counter.sqlite3", tmp_path / "b" / "counter.sqlite3"
    a_db.parent.mkdir()
    b_db.parent.mkdir()
    a = Context(Database(a_db))
    opened.append(a)
    proxy = ResendingProxy()
    assert client.register(a, live.url, codes[0], policy=FAST, transport=proxy).office_received
    proxy.close()
    _cli(capsys, "--db", str(b_db), "register", "--server", live.url, "--code", codes[1])

    # The first admin adds the clerk on A; the account reaches B at the next sync.
    # Signing in unlocks the admin's key, created on the server: their changes are signed.
    admin = _acting(a_db, Actor("quantri", "Nguyễn Quản Trị", "admin"), datetime(2026, 3, 2, 7, 30))
    opened.append(admin)
    signed_in = users.sign_in(admin.db, "quantri", OFFICE_FILE["admin"]["password"])
    admin = admin.as_user(signed_in.actor, signed_in.signer)
    with admin.db.unit_of_work() as session:
        users.create_user(session, "motcua", CLERK.full_name, "clerk", "motcua-123", ctx=admin)

    # Offline all Monday: each counter receives its own dossiers.
    a1 = _intake(capsys, a_db, "Nguyễn Văn An", MARRIAGE, "2026-03-02 08:10")
    a2 = _intake(
        capsys,
        a_db,
        "Lê Thị Bình",
        MARRIAGE,
        "2026-03-02 08:40",
        complete=False,
        supplement_reason="Thiếu tờ khai theo mẫu",
    )
    a3 = _intake(capsys, a_db, "Phạm Văn Cường", MARRIAGE, "2026-03-02 09:05")
    b1 = _intake(capsys, b_db, "Hoàng Thị Dung", CERTIFY, "2026-03-02 08:20")
    b2 = _intake(capsys, b_db, "Võ Văn Em", MARRIAGE, "2026-03-02 10:00")
    assert all(c.startswith(IDENTIFIER + "-260302-") for c in (a1, a2, a3, b1, b2))
    assert len({a1, a2, a3, b1, b2}) == 5

    # The slips go home with the citizens; Monday evening both counters sync.
    slips = {}
    for db, code in ((a_db, a1), (b_db, b1)):
        slip = db.parent / f"slip-{code[-4:]}.pdf"
        _cli(
            capsys,
            "--db",
            str(db),
            "print",
            code,
            "--form",
            "slip",
            "--paper",
            "80mm",
            "-o",
            str(slip),
        )
        slips[code] = slip
    for db in (a_db, b_db, a_db):
        _cli(capsys, "--db", str(db), "sync")

    # A citizen scans the slip's QR on their phone: the page shows their dossier.
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(10_000)
    for code, slip in slips.items():
        links = _qr_links(slip)
        assert len(links) == 1, links
        page.goto(links[0])
        assert code in page.locator("main").inner_text()
        assert page.locator("#status").inner_text() == "Được tiếp nhận"
    context.close()

    # Tuesday: work crosses the counters. A hands a1 over and it is resolved; B returns it.
    a_clerk = _acting(a_db, CLERK, datetime(2026, 3, 3, 9, 0))
    b_clerk = _acting(b_db, CLERK, datetime(2026, 3, 3, 9, 30))
    opened += [a_clerk, b_clerk]
    workflow.transfer(a_clerk, a1, "Lê Văn Đạt", "Tư pháp")
    workflow.resolve(a_clerk, a1, "Đã cấp giấy xác nhận")
    # The citizen of a2 brings the missing paper to B's desk.
    for db in (a_db, b_db):
        _cli(capsys, "--db", str(db), "sync")
    workflow.return_result(b_clerk, a1, "Nguyễn Văn An")
    workflow.receive_supplement(b_clerk, a2, ["Tờ khai theo mẫu"])
    # a3 will be late: B writes the apology with a new appointment.
    view = queries.find_by_code(b_clerk, a3)
    assert view is not None and view.due_at is not None
    workflow.apologise(b_clerk, a3, "Chờ xác minh của cơ quan khác", date(2026, 3, 12))
    for db in (b_db, a_db, b_db):
        _cli(capsys, "--db", str(db), "sync")

    # Both counters hold the same dossiers, and A sees what B did to its dossiers.
    rows = {}
    for name, db in (("a", a_db), ("b", b_db)):
        database = Database(db)
        with database.session() as session:
            rows[name] = {
                d.code: (d.status, d.due_at, d.apology_count, d.conflict)
                for d in session.scalars(select(Dossier))
            }
            assert set(session.scalars(select(User.username))) == {"quantri", "motcua"}
        database.close()
    assert rows["a"] == rows["b"] and len(rows["a"]) == 5
    assert rows["a"][a1][0] == 10  # returned at B
    assert rows["a"][a2][0] == 2  # completed at B: accepted, its clock running
    assert rows["a"][a3][2] == 1 and rows["a"][a3][1].startswith("2026-03-12")
    assert not any(conflict for *_, conflict in rows["a"].values())

    # The quarter's report agrees on both counters.
    reports = []
    for db in (a_db, b_db):
        report = json.loads(
            _cli(capsys, "--db", str(db), "report", "--period", "2026-Q1", "--format", "json")
        )
        report.pop("generated_at", None)
        reports.append(report)
    assert reports[0] == reports[1]
    assert reports[0]["total"]["figures"]["received"] == 5
    assert reports[0]["total"]["figures"]["returned"] == 1

    # Nothing of the demo anywhere: not on the counters, not on the server, not on paper.
    apology_letter = tmp_path / "apology_letter.pdf"
    _cli(capsys, "--db", str(b_db), "print", a3, "--form", "04", "-o", str(apology_letter))
    for pdf in (*slips.values(), apology_letter):
        assert "DỮ LIỆU MẪU" not in _pdf_text(pdf)
    for db in (a_db, b_db):
        database = Database(db)
        with database.session() as session:
            assert not any(
                c.startswith(DEMO_IDENTIFIER) for c in session.scalars(select(Dossier.code))
            )
        database.close()
    with store.session() as session:
        payloads = [p for p in session.scalars(select(ServerEvent.payload))]
    assert payloads and not any(DEMO_IDENTIFIER in p or '"admin123"' in p for p in payloads)
    assert dossier_status_link(a_clerk, a1) is not None
