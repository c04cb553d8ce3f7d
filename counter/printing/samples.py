"""The sample pages in docs/forms/: every form printed from a small office, rendered to PNG.

Run: python -m counter.printing.samples [FOLDER]   (default docs/forms; needs pdftoppm)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PIL import Image

from counter.db.engine import Database
from counter.db.models import Setting
from counter.printing import render, render_register
from counter.services import catalogue, intake, office, status_link, users, workflow
from counter.services.context import Actor, Context

OFFICE = office.OfficeSettings(
    identifier="000.00.12.H40",
    governing_body="UBND xã Tân Hưng",
    # The commune's unit under its name since 1 July 2025 (NĐ 118/2025).
    unit_name="Trung tâm Phục vụ hành chính công xã Tân Hưng",
    place_name="Tân Hưng",
    phone="0270 3851 234",
    address="Ấp 3, xã Tân Hưng, tỉnh Đồng Nai",
    bank_bin="970436",
    bank_account="0123456789",
    bank_account_name="UBND XA TAN HUNG",
    status_url="https://dichvucong.tanhung.gov.vn/tra-cuu?ma=",
    signer_power="KT. CHỦ TỊCH",
    signer_title="PHÓ CHỦ TỊCH",
    signer_name="Nguyễn Văn Bình",
)
CLERK = Actor("motcua", "Trần Thị Thu Hà", "clerk")
SPECIALIST = Actor("chuyenvien", "Lê Văn Đạt", "specialist")
LEADER = Actor("lanhdao", "Phạm Minh Đức", "leader")
NAMES = (
    "Nguyễn Văn Hùng",
    "Trần Thị Mỹ Duyên",
    "Lê Hoàng Phúc",
    "Phạm Ngọc Trâm",
    "Võ Quốc Khánh",
    "Đặng Thị Thu Hương",
    "Huỳnh Tấn Lộc",
    "Bùi Thị Ánh Nguyệt",
)
DPI = 150  # A4 comes out 1240 × 1754, readable; 16 grey levels keep each file small


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 2, 9, 5)

    def now(self) -> datetime:
        return self.moment


def documents(ctx: Context, code: str, skip: int = 0) -> list[intake.ReceivedDocument]:
    with ctx.db.session() as session:
        proc = catalogue.get_procedure(session, code)
    return [intake.ReceivedDocument(d.name, d.originals, d.copies) for d in proc.documents[skip:]]


def office_with_dossiers(folder: Path) -> tuple[Context, Clock, dict[str, str]]:
    clock = Clock()
    db = Database(folder / "samples.sqlite3")
    ctx = Context(db, CLERK, now=clock.now)
    with db.unit_of_work() as session:
        office.save_settings(session, OFFICE)
        catalogue.load_catalogue(session)
        users.create_user(session, CLERK.username, CLERK.full_name, "clerk", "motcua123")
        users.create_user(
            session, SPECIALIST.username, SPECIALIST.full_name, "specialist", "chuyenvien123"
        )
        users.create_user(session, LEADER.username, LEADER.full_name, "leader", "lanhdao123")
        # Enrolled with the office's server: Mẫu 01 and the slip carry the signed status link.
        session.add(Setting(key=status_link.SERVER, value="https://dongbo.tanhung.gov.vn"))
        session.add(Setting(key=status_link.STATUS_KEY, value="mau-khoa-trang-tra-cuu"))

    def receive(procedure: str, name: str, skip: int = 0, **kw: Any) -> str:
        person = intake.ApplicantInput(
            name,
            id_number="079190012345",
            phone="0912 345 678",
            address="Số 12, ấp Bình Thạnh, xã Tân Hưng, tỉnh Đồng Nai",
        )
        request = intake.IntakeRequest(procedure, person, documents(ctx, procedure, skip), **kw)
        return intake.receive(ctx, request).dossier.code

    codes = {
        "accepted": receive("2.001035", "Nguyễn Thị Ngọc Ánh"),
        "supplement": receive(
            "1.004222",
            "Lê Văn Đức",
            skip=1,
            supplement_reason="Thiếu tờ khai thay đổi thông tin cư trú",
        ),
        "refused": receive(
            "1.004194",
            "Phạm Thị Hường",
            refuse_reason="Nơi đề nghị đăng ký tạm trú không thuộc địa bàn xã Tân Hưng",
        ),
        "stopped": receive("1.004873", "Đặng Quốc Việt"),
        # Certified copies paid at the counter: the fee receipt's sample (per-page rule).
        "paid": receive(
            "2.000815",
            "Võ Thị Kim Loan",
            fee_pages=5,
            fee_copies=2,
            payment_method="cash",
            receipt_no="0001234",
        ),
    }
    for i in range(34):  # enough for a second page of the register
        clock.moment = datetime(2026, 3, 2 + i // 12, 9 + (i % 12) // 2, 10 + 7 * (i % 6))
        receive("1.004873" if i % 3 else "2.001035", NAMES[i % len(NAMES)])
    clock.moment = datetime(2026, 3, 2, 10, 30)
    workflow.transfer(ctx, codes["accepted"], SPECIALIST.full_name, "Công chức Tư pháp - Hộ tịch")
    clock.moment = datetime(2026, 3, 3, 15, 0)
    workflow.apologise(
        ctx,
        codes["accepted"],
        "Cần xác minh thông tin về quyền sử dụng đất tại Văn phòng đăng ký đất đai",
        date(2026, 3, 9),
    )
    clock.moment = datetime(2026, 3, 3, 16, 0)
    workflow.stop(ctx, codes["stopped"], "Người nộp đề nghị dừng để bổ sung giấy tờ khác")
    codes["process"] = _through_the_process(ctx, clock, receive)
    return ctx, clock, codes


def _through_the_process(ctx: Context, clock: Clock, receive: Any) -> str:
    """Mẫu 06's sample: a 5-day dossier handed on at each step of its process (on time, ahead,
    late), with a liên thông hand-over by the postal service and back."""
    clock.moment = datetime(2026, 3, 2, 9, 0)
    code = str(receive("1.001731", "Trần Văn Bình"))  # mai táng: 5 working days
    clock.moment = datetime(2026, 3, 2, 10, 15)
    workflow.transfer(ctx, code, "Lê Văn Đạt", "Công chức Văn hóa - Xã hội")
    clock.moment = datetime(2026, 3, 3, 14, 0)
    workflow.transfer(
        ctx.as_user(SPECIALIST),
        code,
        "Bưu điện xã Tân Hưng",
        "Bảo hiểm xã hội cơ sở Tân Hưng",
        "Xác minh chế độ bảo hiểm xã hội",
        outside=True,
        consignment="EE123456789VN",
        step=2,  # the verification is part of the specialist's step
    )
    clock.moment = datetime(2026, 3, 5, 10, 30)
    workflow.take_back(
        ctx,
        code,
        "Bưu điện xã Tân Hưng",
        from_unit="Bảo hiểm xã hội cơ sở Tân Hưng",
        outside=True,
        consignment="EE987654321VN",
        step=2,
    )
    clock.moment = datetime(2026, 3, 5, 15, 0)
    workflow.transfer(ctx, code, "Phạm Minh Đức")
    clock.moment = datetime(2026, 3, 10, 8, 0)
    workflow.take_back(ctx, code, "Phạm Minh Đức")
    return code


def png(pdf: bytes, folder: Path, name: str, page: int = 1, dpi: int = DPI) -> Path:
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    target = folder / name
    subprocess.run(
        [
            *("pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page)),
            *("-singlefile", str(source), str(target)),
        ],
        check=True,
    )
    source.unlink()
    path = target.with_suffix(".png")
    with Image.open(path) as image:
        small = image.convert("L").quantize(16)
    small.save(path, optimize=True, bits=4)
    return path


def main(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        ctx, clock, codes = office_with_dossiers(Path(tmp))
        clock.moment = datetime(2026, 3, 2, 9, 10)
        accepted = codes["accepted"]
        # Mẫu 01 before the apology (the receipt as printed at the counter), then its reprint.
        pages = [
            ("mau-01-a4-lien-1", accepted, "01", "a4", 1),
            ("mau-01-a5-lien-2-ban-in-lai", accepted, "01", "a5", 2),
            ("phieu-hen-80mm", accepted, "slip", "80mm", 1),
            ("phieu-hen-a6-ban-in-lai", accepted, "slip", "a6", 1),
            ("mau-02", codes["supplement"], "02", "a4", 1),
            ("mau-03", codes["refused"], "03", "a4", 1),
            ("mau-04", accepted, "04", "a4", 1),
            ("mau-05", codes["stopped"], "05", "a4", 1),
            ("mau-06", codes["process"], "06", "a4", 1),
            ("mau-06-trang-2", codes["process"], "06", "a4", 2),
            ("bien-lai-thu-phi-a5", codes["paid"], "BL", "a5", 1),
        ]
        printed: dict[tuple[str, str, str], bytes] = {}  # a second page is not a reprint
        for name, code, form, paper, page in pages:
            if page == 1 or (code, form, paper) not in printed:
                printed[code, form, paper] = render(ctx, code, form, paper=paper)
            pdf = printed[code, form, paper]
            # The slips are small paper: more dots, so their small print stays legible.
            dpi = 200 if form == "slip" else DPI
            written.append(png(pdf, out, name, page, dpi))
        register = render_register(ctx, date(2026, 3, 2), date(2026, 3, 4))
        written += [png(register, out, f"mau-07-trang-{n}", n) for n in (1, 2)]
        ctx.db.close()
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/forms")):
        print(path)
