"""Fixtures for the printed forms: an office with a bank account and dossiers in each state."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from counter.db.models import Dossier, EventRow
from counter.domain.dossier import EventType
from counter.services import catalogue, intake, office, workflow
from counter.services.context import Actor, Context
from tests.conftest import TEST_OFFICE, Clock

CONTRACT = "2.001035"  # chứng thực hợp đồng: 50.000 đ, 2 working days
RESIDENCE = "1.004222"  # đăng ký thường trú: 20.000 đ, 7 working days
TEMPORARY = "1.004194"  # đăng ký tạm trú
MARITAL = "1.004873"  # xác nhận tình trạng hôn nhân: provincial rate (not entered), 3 working days
BIRTH = "1.001193"  # đăng ký khai sinh: free, same day

APPLICANT = "Nguyễn Thị Ngọc Ánh"
SPECIALIST = "Lê Văn Đạt"


def documents(ctx: Context, code: str, skip: int = 0) -> list[intake.ReceivedDocument]:
    with ctx.db.session() as session:
        proc = catalogue.get_procedure(session, code)
    return [intake.ReceivedDocument(d.name, d.originals, d.copies) for d in proc.documents[skip:]]


@dataclass(frozen=True)
class Dossiers:
    """One dossier per form: accepted (01, 06, slip, then apologised: 04), waiting for a
    supplement (02), refused (03), stopped (05), withdrawn (05), free of charge."""

    accepted: str
    supplement: str
    refused: str
    stopped: str
    withdrawn: str
    free: str


@pytest.fixture
def bank_ctx(ctx: Context) -> Context:
    """The test office with a bank account (VietQR), a street address and a status page."""
    with ctx.db.unit_of_work() as session:
        office.save_settings(
            session,
            replace(
                TEST_OFFICE,
                bank_bin="970436",
                bank_account="0123456789",
                bank_account_name="UBND XA TAN HUNG",
                address="Ấp 3, xã Tân Hưng, tỉnh Đồng Nai",
                status_url="https://dichvucong.tanhung.gov.vn/tra-cuu?ma=",
            ),
        )
    return ctx


@pytest.fixture
def dossiers(bank_ctx: Context, clock: Clock) -> Dossiers:
    ctx = bank_ctx
    clock.set(datetime(2026, 3, 2, 9, 5))
    person = intake.ApplicantInput(
        APPLICANT,
        id_number="079190012345",
        phone="0912 345 678",
        address="Số 12, ấp Bình Thạnh, xã Tân Hưng, tỉnh Đồng Nai",
    )
    accepted = intake.receive(
        ctx, intake.IntakeRequest(CONTRACT, person, documents(ctx, CONTRACT))
    ).dossier.code
    supplement = intake.receive(
        ctx,
        intake.IntakeRequest(
            RESIDENCE,
            intake.ApplicantInput("Lê Văn Đức"),
            documents(ctx, RESIDENCE, skip=1),
            supplement_reason="Thiếu tờ khai thay đổi thông tin cư trú",
        ),
    ).dossier.code
    refused = intake.receive(
        ctx,
        intake.IntakeRequest(
            TEMPORARY,
            intake.ApplicantInput("Phạm Thị Hường"),
            documents(ctx, TEMPORARY),
            refuse_reason="Nơi đề nghị đăng ký tạm trú không thuộc địa bàn xã Tân Hưng",
        ),
    ).dossier.code
    stopped = intake.receive(
        ctx,
        intake.IntakeRequest(
            MARITAL, intake.ApplicantInput("Đặng Quốc Việt"), documents(ctx, MARITAL)
        ),
    ).dossier.code
    withdrawn = intake.receive(
        ctx,
        intake.IntakeRequest(MARITAL, intake.ApplicantInput("Hồ Thị Yến"), documents(ctx, MARITAL)),
    ).dossier.code
    free = intake.receive(
        ctx,
        intake.IntakeRequest(
            # Khai sinh: free by law (a provincial rate not entered yet is not "free").
            BIRTH, intake.ApplicantInput("Trương Văn Lực"), documents(ctx, BIRTH)
        ),
    ).dossier.code
    clock.set(datetime(2026, 3, 2, 10, 30))
    workflow.transfer(ctx, accepted, SPECIALIST, "Công chức Tư pháp - Hộ tịch", "Chuyển giải quyết")
    clock.set(datetime(2026, 3, 3, 16, 0))
    workflow.stop(ctx, stopped, "Người nộp đề nghị dừng để bổ sung giấy tờ khác")
    workflow.withdraw(ctx, withdrawn, "Người nộp không còn nhu cầu")
    return Dossiers(accepted, supplement, refused, stopped, withdrawn, free)


def apologise(ctx: Context, clock: Clock, code: str) -> None:
    clock.set(datetime(2026, 3, 3, 15, 0))
    workflow.apologise(
        ctx,
        code,
        "Cần xác minh thông tin về quyền sử dụng đất tại Văn phòng đăng ký đất đai",
        date(2026, 3, 9),
    )


def specialist(ctx: Context) -> Context:
    return ctx.as_user(Actor("chuyenvien", SPECIALIST, "specialist"))


def pdf_text(pdf: bytes, tmp_path: Path, *, layout: bool = True) -> list[str]:
    """The text of each page, as `pdftotext` extracts it (what a reader's copy-paste gets)."""
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    out = subprocess.run(args, capture_output=True, check=True, text=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def page_size(pdf: bytes, tmp_path: Path) -> tuple[float, float]:
    path = tmp_path / "size.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Page size:"))
    parts = line.split()
    return float(parts[2]), float(parts[4])


def scan(pdf: bytes, tmp_path: Path, page: int = 1, dpi: int = 300) -> list[str]:
    """Symbols zbarimg decodes from the page rendered at `dpi`, e.g. 'CODE-128:…', 'QR-Code:…'."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    prefix = tmp_path / "scan"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(prefix),
        ],
        check=True,
    )
    typed = subprocess.run(
        ["zbarimg", "-q", str(prefix) + ".png"], capture_output=True, text=True, check=False
    )
    return [line for line in typed.stdout.splitlines() if line]


THERMAL_DPI = 203  # the dot pitch of an 80 mm receipt printer's head (8 dots per mm)


def scan_thermal(pdf: bytes, tmp_path: Path, threshold: int = 128) -> list[str]:
    """Symbols zbarimg decodes from the page as a thermal printer makes it: rendered at the
    head's 203 dpi, then every dot either burnt black or left white at a threshold (no grey)."""
    from PIL import Image

    path = tmp_path / "thermal.pdf"
    path.write_bytes(pdf)
    prefix = tmp_path / "thermal"
    subprocess.run(
        [
            *("pdftoppm", "-r", str(THERMAL_DPI), "-gray", "-png", "-f", "1", "-l", "1"),
            *("-singlefile", str(path), str(prefix)),
        ],
        check=True,
    )
    gray = Image.open(f"{prefix}.png").convert("L")
    dots = gray.point(lambda v: 255 if v >= threshold else 0, mode="1")
    assert {value for _, value in dots.getcolors() or []} <= {0, 255}  # black or white dots
    out = tmp_path / "thermal-1bit.png"
    dots.save(out)
    typed = subprocess.run(["zbarimg", "-q", str(out)], capture_output=True, text=True)
    return [line for line in typed.stdout.splitlines() if line]


def printed_events(ctx: Context, code: str) -> list[dict[str, object]]:
    """The payloads of the dossier's PRINTED events, in the order they were stored."""
    with ctx.db.session() as session:
        dossier_id = session.scalar(select(Dossier.id).where(Dossier.code == code))
        rows = session.scalars(
            select(EventRow.payload)
            .where(EventRow.dossier_id == dossier_id, EventRow.type == EventType.PRINTED)
            .order_by(EventRow.seq)
        )
        return [json.loads(p) for p in rows]
