"""The forms read back against TT 03/2025 and NĐ 30/2020 (issue 16): the register entry on
Mẫu 01 and Mẫu 07, the signer and wording of the letters, the office's bodies, the contact
lines, the layout rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from sqlalchemy import select

from counter.db.events import from_row, ingest
from counter.db.models import Dossier, EventRow
from counter.domain.agency import real_body, running_name
from counter.domain.dossier import EventType
from counter.printing import fonts, render, render_register
from counter.printing.layout import page_for
from counter.services import intake, office, workflow
from counter.services.context import Context
from tests.conftest import Clock
from tests.printing.conftest import (
    MARITAL,
    Dossiers,
    apologise,
    documents,
    pdf_text,
)
from tests.sync.conftest import Counter, make_counter  # noqa: F401 - a fixture

SIGNER = {
    "signer_power": "KT. CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Nguyễn Văn Bình",
}
# One row of Mẫu 07 in pdftotext's layout: the number beside the code's office part, the book
# beside the code's date and sequence, a line or two lower.
ROW = re.compile(
    r"^\s*(\d{4})\s+000\.00\.12\.H40-.*\n(?:.*\n){0,2}?\((\d{2}/\d{4})\)\s+(\d{6}-\d{4})", re.M
)


def flat(text: str) -> str:
    return " ".join(text.split())


def receive(ctx: Context, name: str, procedure: str = MARITAL, **kw: object) -> str:
    request = intake.IntakeRequest(
        procedure,
        intake.ApplicantInput(name, phone="0912 345 678"),
        documents(ctx, procedure),
        **kw,  # type: ignore[arg-type]
    )
    return intake.receive(ctx, request).dossier.code


def register_rows(pdf: bytes, tmp_path: Path) -> dict[str, tuple[str, str]]:
    """The register's rows: code's date and sequence → (number, book)."""
    text = "\n".join(pdf_text(pdf, tmp_path))
    return {tail: (number, book) for number, book, tail in ROW.findall(text)}


def entry_on_receipt(pdf: bytes, tmp_path: Path) -> tuple[str, str]:
    text = flat(pdf_text(pdf, tmp_path, layout=False)[0])
    found = re.search(r"Vào Sổ theo dõi hồ sơ, Quyển số: (\S+), Số thứ tự: (\d+)", text)
    assert found is not None, text
    return found[2], found[1]


# --- 1. the register entry ---------------------------------------------------------------------


def test_register_entry_is_the_same_on_the_receipt_and_the_register(
    ctx: Context, clock: Clock, tmp_path: Path
) -> None:
    clock.set(datetime(2026, 3, 2, 9, 0))
    first_day = [receive(ctx, f"Nguyễn Văn {i}") for i in range(3)]
    clock.set(datetime(2026, 3, 3, 9, 0))
    second_day = [receive(ctx, f"Trần Thị {i}") for i in range(2)]
    # The book runs on over the days: the next day's first dossier is the fourth entry, while
    # its code starts the day's sequence again.
    code = second_day[0]
    assert code.endswith("260303-0001")
    assert entry_on_receipt(render(ctx, code, "01", record=False), tmp_path) == (
        "0004",
        "01/2026",
    )
    rows = register_rows(render_register(ctx, date(2026, 3, 2), date(2026, 3, 3)), tmp_path)
    assert rows["260303-0001"] == ("0004", "01/2026")
    for n, each in enumerate([*first_day, *second_day], 1):
        on_receipt = entry_on_receipt(render(ctx, each, "01", record=False), tmp_path)
        assert rows[each.split("-", 1)[1]] == on_receipt == (f"{n:04d}", "01/2026")


def test_register_entry_is_stored_with_the_intake_and_never_changes(
    ctx: Context, clock: Clock
) -> None:
    code = receive(ctx, "Nguyễn Văn An")
    with ctx.db.session() as session:
        row = session.scalar(select(Dossier).where(Dossier.code == code))
        assert row is not None
        intake_event = session.scalar(
            select(EventRow).where(
                EventRow.dossier_id == row.id, EventRow.type == EventType.RECEIVED
            )
        )
        assert intake_event is not None
        payload = from_row(intake_event).payload
    assert (payload["register_book"], payload["register_no"]) == ("01/2026", 1)
    assert (row.register_book, row.register_no) == ("01/2026", 1)
    # A new year opens a new book.
    clock.set(datetime(2027, 1, 4, 9, 0))
    later = receive(ctx, "Lê Thị Bích")
    with ctx.db.session() as session:
        row = session.scalar(select(Dossier).where(Dossier.code == later))
        assert row is not None and (row.register_book, row.register_no) == ("01/2027", 1)


def test_register_entries_stay_unique_across_two_counters_working_offline(
    make_counter: Callable[[str], Counter],  # noqa: F811
    tmp_path: Path,
) -> None:
    """Two PCs of the office receive the same morning without a connection; once their events
    meet, no entry is given twice and each receipt still agrees with the register."""
    from counter.services import office as office_service

    one, two = make_counter("one"), make_counter("two")
    office_service.assign_counter_number(two.ctx, 2)
    codes = {
        c.name: [receive(c.ctx, f"Công Dân {c.name} {i}") for i in range(3)] for c in (one, two)
    }
    # The events meet (what the nightly sync does, without the server).
    with two.ctx.db.session() as session:
        theirs = [from_row(r) for r in session.scalars(select(EventRow).order_by(EventRow.seq))]
    with one.ctx.db.unit_of_work() as session:
        ingest(session, theirs)
    with one.ctx.db.session() as session:
        entries = [
            (r.register_book, r.register_no)
            for r in session.scalars(select(Dossier).order_by(Dossier.code))
        ]
    assert len(entries) == 6 == len(set(entries))
    assert {book for book, _ in entries} == {"01/2026", "02/2026"}
    rows = register_rows(render_register(one.ctx, date(2026, 3, 2), date(2026, 3, 2)), tmp_path)
    for code in codes["two"]:
        receipt = entry_on_receipt(render(one.ctx, code, "01", record=False), tmp_path)
        assert receipt[1] == "02/2026"
        assert rows[code.split("-", 1)[1]] == receipt


# --- 2. the letters: signer, wording by date, new appointment with its time -----------------


@pytest.fixture
def signed(bank_ctx: Context) -> Context:
    with bank_ctx.db.unit_of_work() as session:
        current = office.get_settings(session)
        office.save_settings(session, replace(current, **SIGNER))
    return bank_ctx


@pytest.mark.parametrize("form", ["04", "05"])
def test_letters_are_the_governing_bodys_signed_by_name(
    signed: Context, dossiers: Dossiers, clock: Clock, tmp_path: Path, form: str
) -> None:
    if form == "04":
        apologise(signed, clock, dossiers.accepted)
    code = dossiers.accepted if form == "04" else dossiers.stopped
    text = flat(pdf_text(render(signed, code, form, record=False), tmp_path, layout=False)[0])
    assert "THỦ TRƯỞNG CƠ QUAN" not in text
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert text.rstrip().endswith("Nguyễn Văn Bình")
    # Issued by the UBND itself (its header alone), which answers for the dossier.
    assert text.startswith("UBND XÃ TÂN HƯNG CỘNG HÒA")
    assert "BỘ PHẬN TIẾP NHẬN" not in text
    assert "UBND xã Tân Hưng" in text


def test_a_letter_without_a_signer_set_leaves_title_and_name_to_the_pen(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    text = flat(
        pdf_text(render(bank_ctx, dossiers.stopped, "05", record=False), tmp_path, layout=False)[0]
    )
    assert "THỦ TRƯỞNG CƠ QUAN" not in text
    assert "TM. UBND XÃ TÂN HƯNG ………" in text


def test_the_signer_is_set_in_an_office_file(ctx: Context) -> None:
    from counter.services import setup
    from tests.conftest import OFFICE_FILE

    parsed = setup.parse_office_file({**OFFICE_FILE, **SIGNER})
    assert parsed.settings.signer_title == "PHÓ CHỦ TỊCH"


def test_apology_after_the_due_date_says_it_was_late(
    signed: Context, dossiers: Dossiers, clock: Clock, tmp_path: Path
) -> None:
    clock.set(datetime(2026, 3, 5, 8, 0))
    workflow.apologise(
        signed, dossiers.accepted, "Chờ kết quả xác minh", datetime(2026, 3, 10, 9, 30)
    )
    text = flat(pdf_text(render(signed, dossiers.accepted, "04"), tmp_path, layout=False)[0])
    assert "đến nay hồ sơ của ông/bà chưa được giải quyết xong đúng hạn" in text
    assert "không thể giải quyết xong trong thời hạn" not in text
    assert "Sự chậm trễ này đã gây phiền hà cho ông/bà" in text
    assert "Thời gian hẹn trả kết quả lại: 09 giờ 30 phút, ngày 10 tháng 03 năm 2026." in text


# --- 3. Mẫu 07: the office's bodies, the postponement, the header rows ------------------------


def test_register_names_the_offices_bodies_and_notes_the_postponement(
    signed: Context, dossiers: Dossiers, clock: Clock, tmp_path: Path
) -> None:
    apologise(signed, clock, dossiers.accepted)
    pdf = render_register(signed, date(2026, 3, 2), date(2026, 3, 2))
    text = flat(" ".join(pdf_text(pdf, tmp_path, layout=False)))
    assert "cấp xã" not in text
    # (the cells wrap the place's name: "UBND xã Tân / Hưng")
    assert "UBND xã Tân" in text and "Công an xã Tân" in text
    # The receipt's appointment stays, the new one is noted.
    assert "04/03/2026" in text
    assert "Gia hạn (Mẫu 04), hẹn lại: 09/03/2026 17:00" in text
    assert "Ngày, tháng, năm" in text
    layout = pdf_text(pdf, tmp_path)[0]
    assert re.search(
        r"^\s*" + r"\s+".join(rf"\({n}\)" for n in range(1, 14)) + r"\s*$", layout, re.M
    )


def test_register_heading_is_at_a_forms_size(ctx: Context, tmp_path: Path) -> None:
    import subprocess

    path = tmp_path / "register.pdf"
    path.write_bytes(render_register(ctx, date(2026, 3, 1), date(2026, 3, 31)))
    # pdftotext's bounding boxes: a word's box is about 0.89 of its font size in this face.
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    sizes = {
        word: float(y2) - float(y1)
        for y1, y2, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', html
        )
    }
    assert sizes["SỔ"] > 11  # the title, 13 pt
    assert sizes["CỘNG"] > 9.5  # the national title, 11 pt (8 pt before: 7.1)


@pytest.mark.parametrize(
    ("catalogue", "shown"),
    [
        ("UBND cấp xã", "UBND xã Tân Hưng"),
        ("Công an cấp xã", "Công an xã Tân Hưng"),
        ("Chủ tịch UBND cấp xã", "Chủ tịch UBND xã Tân Hưng"),
        ("Sở Tư pháp", "Sở Tư pháp"),
    ],
)
def test_catalogue_bodies_become_the_offices(catalogue: str, shown: str) -> None:
    assert real_body(catalogue, "UBND XÃ TÂN HƯNG") == shown


# --- 4. Mẫu 01, 02, 03: contact lines, online applicant, where the result is collected -----


def test_receipt_prints_the_contact_line_always_and_where_the_result_is_collected(
    bank_ctx: Context, clock: Clock, tmp_path: Path
) -> None:
    code = intake.receive(
        bank_ctx,
        intake.IntakeRequest(
            MARITAL, intake.ApplicantInput("Hồ Văn Nam"), documents(bank_ctx, MARITAL)
        ),
    ).dossier.code
    text = flat(pdf_text(render(bank_ctx, code, "01", record=False), tmp_path, layout=False)[0])
    assert re.search(r"Số điện thoại: …+; Thư điện tử: …+", text)
    assert "6. Nơi trả kết quả: Tại Bộ phận Tiếp nhận và Trả kết quả (Ấp 3" in text
    assert "Hình thức nhận kết quả" not in text
    assert "NGƯỜI NỘP HỒ SƠ" in text


def test_online_applicant_is_not_asked_to_sign_the_receipt(
    bank_ctx: Context, tmp_path: Path
) -> None:
    code = receive(bank_ctx, "Phan Thị Mai", channel="online")
    text = flat(pdf_text(render(bank_ctx, code, "01", record=False), tmp_path, layout=False)[0])
    assert "NGƯỜI NỘP HỒ SƠ" not in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text


@pytest.mark.parametrize(("which", "form"), [("supplement", "02"), ("refused", "03")])
def test_supplement_and_refusal_have_address_phone_and_email_lines(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path, which: str, form: str
) -> None:
    code = getattr(dossiers, which)
    text = flat(pdf_text(render(bank_ctx, code, form, record=False), tmp_path, layout=False)[0])
    assert re.search(r"Địa chỉ: …+", text)  # nothing typed: left for the pen
    assert re.search(r"Số điện thoại: …+; Thư điện tử: …+", text)


# --- 5. NĐ 30/2020: names in running text, Số and date on one line, margins, font ----------


@pytest.mark.parametrize(
    ("stored", "running"),
    [
        ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Trung tâm Phục vụ hành chính công"),
        (
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN HƯNG",
            "Trung tâm Phục vụ hành chính công xã Tân Hưng",
        ),
        ("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "Bộ phận Tiếp nhận và Trả kết quả"),
        ("ỦY BAN NHÂN DÂN XÃ HÀM THUẬN NAM", "Ủy ban nhân dân xã Hàm Thuận Nam"),
        ("UBND PHƯỜNG BẾN THÀNH", "UBND phường Bến Thành"),
    ],
)
def test_agency_names_in_running_text(stored: str, running: str) -> None:
    assert running_name(stored) == running


@pytest.mark.parametrize("form", ["01", "02", "03", "05"])
def test_number_and_dateline_stand_on_one_line(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path, form: str
) -> None:
    with bank_ctx.db.unit_of_work() as session:
        office.save_settings(
            session,
            replace(
                office.get_settings(session),
                unit_name="Trung tâm Phục vụ hành chính công xã Tân Hưng",  # two lines
            ),
        )
    code = {"01": dossiers.accepted, "02": dossiers.supplement, "03": dossiers.refused}.get(
        form, dossiers.stopped
    )
    lines = pdf_text(render(bank_ctx, code, form, record=False), tmp_path)[0].splitlines()
    line = next(x for x in lines if "Số:" in x)
    assert "Tân Hưng, ngày" in line
    text = flat(" ".join(lines))
    if form in ("01", "02", "03"):
        assert "Trung tâm Phục vụ hành chính công xã Tân Hưng" in text  # running text


def test_nd30_margins() -> None:
    page = page_for("a4")
    assert (page.top, page.bottom, page.left, page.right) == (20 * mm, 20 * mm, 30 * mm, 15 * mm)
    register = page_for("a4", landscape_page=True)
    assert register.top == register.bottom == 20 * mm


def test_times_new_roman_is_used_when_the_system_has_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system's Times New Roman when all four faces cover Vietnamese; otherwise, or with a
    face missing, the bundled Liberation Serif (the tests pin it: COUNTER_FONTS=bundled)."""
    import shutil

    from counter.paths import get_asset

    assert fonts.times_new_roman([tmp_path]) is None
    for face, names in fonts.TIMES_FACES.items():
        source = get_asset("fonts", fonts._FILES[face])  # a Times-metric stand-in
        shutil.copyfile(source, tmp_path / names[0])
    found = fonts.times_new_roman([tmp_path])
    assert found is not None and found[fonts.SERIF] == tmp_path / "times.ttf"
    monkeypatch.setenv("COUNTER_FONTS", "")
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    assert fonts.serif_files()[fonts.SERIF] == tmp_path / "times.ttf"
    (tmp_path / "timesbi.ttf").unlink()
    assert fonts.serif_files()[fonts.SERIF].name == "LiberationSerif-Regular.ttf"
    monkeypatch.setenv("COUNTER_FONTS", "bundled")
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    assert fonts.serif_files()[fonts.SERIF].name == "LiberationSerif-Regular.ttf"


def test_the_excel_register_gives_the_same_entry_and_the_offices_bodies(
    ctx: Context, clock: Clock, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from counter.reports.excel import write_xlsx
    from counter.reports.figures import build_report
    from counter.reports.register import register_lines

    codes = [receive(ctx, f"Nguyễn Văn {i}") for i in range(2)]
    report = build_report(ctx, "2026-03")
    path = tmp_path / "register.xlsx"
    write_xlsx(report, path, register_lines(ctx, report.period))
    sheet = load_workbook(path)["Sổ theo dõi (Mẫu 07)"]
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row[1] in codes}
    for n, code in enumerate(codes, 1):
        receipt = entry_on_receipt(render(ctx, code, "01", record=False), tmp_path)
        assert rows[code][0] == f"{receipt[0]} ({receipt[1]})" == f"{n:04d} (01/2026)"
        assert rows[code][5] == "UBND xã Tân Hưng"
