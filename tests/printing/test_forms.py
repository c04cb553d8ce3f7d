"""The text of each form, as pdftotext reads it back: fields, diacritics, times, tables."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from counter.domain.forms import DOSSIER_FORMS
from counter.errors import NotFoundError, ValidationError
from counter.printing import FormNotApplicable, render
from counter.services import intake, workflow
from counter.services.context import Context
from tests.conftest import Clock
from tests.printing.conftest import (
    APPLICANT,
    MARITAL,
    SPECIALIST,
    Dossiers,
    apologise,
    documents,
    page_size,
    pdf_text,
    printed_events,
    specialist,
)

A4 = (595.28, 841.89)
A5 = (419.53, 595.28)


def flat(text: str) -> str:
    """Whitespace collapsed: -layout output spreads words over columns and lines."""
    return " ".join(text.split())


def test_receipt_has_two_copies_with_every_field(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    pdf = render(bank_ctx, dossiers.accepted, "01")
    pages = pdf_text(pdf, tmp_path)
    assert len(pages) == 2  # one page per copy
    assert page_size(pdf, tmp_path) == pytest.approx(A4, abs=0.1)
    assert "Liên 1: Lưu" in pages[0] and "Liên 2" not in pages[0]
    assert "Liên 2: Giao người nộp hồ sơ" in pages[1]
    assert "(Liên 1: Lưu)" in flat(pages[0])  # under the code, as on the official form
    for page in pdf_text(pdf, tmp_path, layout=False):
        text = flat(page)
        assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
        assert "UBND XÃ TÂN HƯNG" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "Tân Hưng, ngày 02 tháng 03 năm 2026" in text
        assert f"Mã hồ sơ: {dossiers.accepted}" in text
        assert f"Ông/Bà: {APPLICANT}" in text
        assert "Số định danh cá nhân: 079190012345" in text
        assert "Số 12, ấp Bình Thạnh, xã Tân Hưng, tỉnh Đồng Nai" in text
        assert "Thủ tục chứng thực hợp đồng, giao dịch liên quan đến tài sản" in text
        assert "Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 02/03/2026" in text
        # 2 working days from Monday 09:05 → Wednesday.
        assert "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 05 phút, ngày 04/03/2026" in text
        assert "02 ngày làm việc" in text
        assert "Phí, lệ phí: 50.000 đ (Năm mươi nghìn đồng)" in text
        assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
        assert "Trần Thị Thu Hà" in text  # the clerk who received it signs
        # The number is the code's day and sequence: '0001' alone comes back every day.
        assert f"Số: {dossiers.accepted.split('-', 1)[1]}/GTN" in text
        assert "Vào Sổ theo dõi hồ sơ, Quyển số:" in text and "Số thứ tự:" in text
        assert "BẢN IN LẠI" not in text
    # The documents table: one numbered row per document, with originals and copies.
    rows = [line.split() for line in pages[0].splitlines()]
    draft = next(r for r in rows if "Dự" in r and "thảo" in r)
    assert draft[0] == "1" and draft[-2:] == ["1", "-"]
    authority = next(r for r in rows if "Văn" in r and "ủy" in r and "quyền" in r)
    assert authority[0] == "4"
    # Text is NFC: reportlab cannot shape decomposed accents.
    assert unicodedata.is_normalized("NFC", "".join(pages))


def test_decomposed_input_prints_composed(bank_ctx: Context, tmp_path: Path) -> None:
    name = unicodedata.normalize("NFD", "Nguyễn Thị Ngọc Ánh")
    code = intake.receive(
        bank_ctx,
        intake.IntakeRequest(MARITAL, intake.ApplicantInput(name), documents(bank_ctx, MARITAL)),
    ).dossier.code
    text = flat(pdf_text(render(bank_ctx, code, "01", record=False), tmp_path, layout=False)[0])
    assert "Ông/Bà: Nguyễn Thị Ngọc Ánh" in text  # the NFC string


def test_receipt_prints_the_commune_and_province_picked_at_intake(
    bank_ctx: Context, tmp_path: Path
) -> None:
    """The intake box holds only the street part; the commune and province come from the
    pickers and must reach the citizen's copy, and the postal delivery line."""
    person = intake.ApplicantInput(
        "Trần Thị Lan",
        address="Số 5, thôn 2",
        commune="Xã Hàm Thuận Nam",
        province="Tỉnh Lâm Đồng",
    )
    code = intake.receive(
        bank_ctx,
        intake.IntakeRequest(MARITAL, person, documents(bank_ctx, MARITAL), delivery="postal"),
    ).dossier.code
    pdf = render(bank_ctx, code, "01", record=False)
    whole = "Số 5, thôn 2, xã Hàm Thuận Nam, tỉnh Lâm Đồng"
    for page in pdf_text(pdf, tmp_path, layout=False):
        text = flat(page)
        assert f"Địa chỉ: {whole}" in text
        assert f"đến địa chỉ: {whole}" in text
        assert text.count("Hàm Thuận Nam") == 2 and text.count("Lâm Đồng") == 2


def test_a5_receipt_keeps_one_page_per_copy(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    pdf = render(bank_ctx, dossiers.accepted, "01", paper="a5", record=False)
    assert page_size(pdf, tmp_path) == pytest.approx(A5, abs=0.1)
    pages = pdf_text(pdf, tmp_path)
    assert len(pages) == 2
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in pages[0] and "Liên 1: Lưu" in pages[0]


def test_free_dossier_says_no_fee(bank_ctx: Context, dossiers: Dossiers, tmp_path: Path) -> None:
    text = flat(
        pdf_text(render(bank_ctx, dossiers.free, "01", record=False), tmp_path, layout=False)[0]
    )
    assert "Phí, lệ phí: Không thu phí, lệ phí" in text
    assert "VietQR" not in text


def test_paid_fee_drops_the_vietqr(bank_ctx: Context, dossiers: Dossiers, tmp_path: Path) -> None:
    workflow.record_payment(bank_ctx, dossiers.accepted, 50_000, "cash")
    text = flat(
        pdf_text(render(bank_ctx, dossiers.accepted, "01", record=False), tmp_path, layout=False)[0]
    )
    assert "50.000 đ (Năm mươi nghìn đồng); đã nộp - tiền mặt" in text
    assert "VietQR" not in text


def test_every_print_is_an_event_and_a_reprint_says_so(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    first = render(bank_ctx, dossiers.accepted, "01")
    assert all("BẢN IN LẠI" not in page for page in pdf_text(first, tmp_path))
    slip = render(bank_ctx, dossiers.accepted, "slip")  # another form: not a reprint of 01
    assert "BẢN IN LẠI" not in pdf_text(slip, tmp_path)[0]
    again = render(bank_ctx, dossiers.accepted, "01", paper="a5")
    assert all("BẢN IN LẠI" in page for page in pdf_text(again, tmp_path))
    events = printed_events(bank_ctx, dossiers.accepted)
    assert [(e["form"], e["paper"], e["reprint"]) for e in events] == [
        ("01", "a4", False),
        ("slip", "80mm", False),
        ("01", "a5", True),
    ]
    # A preview records nothing but shows what the print would be: a reprint.
    preview = render(bank_ctx, dossiers.accepted, "01", record=False)
    assert "BẢN IN LẠI" in pdf_text(preview, tmp_path)[0]
    assert len(printed_events(bank_ctx, dossiers.accepted)) == 3


@pytest.mark.parametrize(
    ("which", "form", "words"),
    [
        ("refused", "01", "đã bị từ chối tiếp nhận"),
        ("supplement", "01", "chưa đủ thành phần"),
        ("refused", "slip", "đã bị từ chối tiếp nhận"),
        ("accepted", "02", "không có yêu cầu bổ sung"),
        ("accepted", "03", "không bị từ chối"),
        ("accepted", "04", "chưa quá hạn và chưa có xin lỗi"),
        ("accepted", "05", "không có đề nghị dừng"),
        ("refused", "06", "chưa được tiếp nhận"),
    ],
)
def test_a_form_that_does_not_fit_is_refused_and_not_recorded(
    bank_ctx: Context, dossiers: Dossiers, which: str, form: str, words: str
) -> None:
    code = getattr(dossiers, which)
    with pytest.raises(FormNotApplicable) as error:
        render(bank_ctx, code, form)
    assert words in error.value.message
    assert code in error.value.message
    assert printed_events(bank_ctx, code) == []


def test_unknown_form_paper_and_code(bank_ctx: Context, dossiers: Dossiers) -> None:
    with pytest.raises(ValidationError, match="Mẫu in không hợp lệ"):
        render(bank_ctx, dossiers.accepted, "08")
    with pytest.raises(ValidationError, match="Khổ giấy «80mm» không dùng"):
        render(bank_ctx, dossiers.accepted, "01", paper="80mm")
    with pytest.raises(ValidationError, match="Mẫu in không hợp lệ"):
        render(bank_ctx, dossiers.accepted, "07")  # the register is printed for a period
    with pytest.raises(NotFoundError):
        render(bank_ctx, "000.00.12.H40-260302-9999", "01")
    assert [f.code for f in DOSSIER_FORMS] == ["01", "02", "03", "04", "05", "06", "slip", "BL"]


def test_supplement_request_lists_what_is_missing(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path
) -> None:
    pdf = render(bank_ctx, dossiers.supplement, "02")
    text = flat(pdf_text(pdf, tmp_path, layout=False)[0])
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Hồ sơ của ông/bà: Lê Văn Đức" in text
    assert "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)" in text
    assert "Lý do: Thiếu tờ khai thay đổi thông tin cư trú" in text
    assert "NGƯỜI HƯỚNG DẪN" in text and "0270 3851 234" in text
    # TT 03/2025's three kinds of paper, one column each: "Bản / chính", "Bản / chứng thực"…
    layout = pdf_text(pdf, tmp_path)[0]
    assert re.search(r"Bản\s+Bản\s+Bản\n", layout)
    assert re.search(r"chính\s+chứng thực\s+photo\n", layout)
    assert f"Số: {dossiers.supplement.split('-', 1)[1]}/YCBS" in text


def test_supplement_table_sorts_copies_into_certified_and_photocopies() -> None:
    from counter.printing.supplement import copy_kind

    assert copy_kind("Bản sao giấy tờ tùy thân (kèm bản chính để đối chiếu)") == "photo"
    assert copy_kind("Bản photo sổ hộ khẩu") == "photo"
    assert copy_kind("Bản sao Giấy chứng nhận quyền sử dụng đất") == "certified"


def test_supplement_request_after_intake_uses_the_latest_request(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path, clock: Clock
) -> None:
    workflow.request_supplement(
        specialist(bank_ctx),
        dossiers.accepted,
        ["Trích lục bản đồ thửa đất"],
        "Cần xác định ranh giới thửa đất",
    )
    text = flat(pdf_text(render(bank_ctx, dossiers.accepted, "02"), tmp_path, layout=False)[0])
    assert "Trích lục bản đồ thửa đất" in text
    assert "Lý do: Cần xác định ranh giới thửa đất" in text
    assert SPECIALIST in text  # who asked guides the citizen


def test_refusal_states_the_reason(bank_ctx: Context, dossiers: Dossiers, tmp_path: Path) -> None:
    text = flat(pdf_text(render(bank_ctx, dossiers.refused, "03"), tmp_path, layout=False)[0])
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Phạm Thị Hường" in text
    assert "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:" in text
    assert "Nơi đề nghị đăng ký tạm trú không thuộc địa bàn xã Tân Hưng" in text


def test_apology_gives_reason_and_new_date(
    bank_ctx: Context, dossiers: Dossiers, clock: Clock, tmp_path: Path
) -> None:
    apologise(bank_ctx, clock, dossiers.accepted)
    text = flat(pdf_text(render(bank_ctx, dossiers.accepted, "04"), tmp_path, layout=False)[0])
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert f"Kính gửi: Ông/Bà {APPLICANT}" in text
    assert "Tân Hưng, ngày 03 tháng 03 năm 2026" in text
    assert "Thời gian hẹn trả kết quả: 09 giờ 05 phút, ngày 04/03/2026" in text
    assert "Văn phòng đăng ký đất đai" in text
    assert "xin lỗi ông/bà vì sự chậm trễ này và đề nghị gia hạn thời gian giải quyết hồ sơ" in text
    # Dated before the due moment (03/03 15:00, due 04/03 09:05): it will be late, not it was.
    assert "không thể giải quyết xong trong thời hạn nêu trên" in text
    assert "chưa được giải quyết xong đúng hạn" not in text
    assert "Thời gian hẹn trả kết quả lại: 17 giờ 00 phút, ngày 09 tháng 03 năm 2026." in text
    assert "Số: ……/……" in text  # numbered in the office's register of outgoing documents
    # The slip printed after the apology shows the new date.
    slip = flat(pdf_text(render(bank_ctx, dossiers.accepted, "slip"), tmp_path, layout=False)[0])
    assert "09/03/2026" in slip


def test_a_receipt_printed_after_an_apology_keeps_the_first_appointment_and_names_the_new(
    bank_ctx: Context, dossiers: Dossiers, clock: Clock, tmp_path: Path
) -> None:
    """Mẫu 01 records the receipt: item 5 stays the appointment given at intake. Reprinted
    after an apology (Mẫu 04), it says under item 5 that the appointment was moved, when and
    by which letter, so it no longer disagrees with the slip."""
    code = dossiers.accepted
    first = flat(pdf_text(render(bank_ctx, code, "01"), tmp_path, layout=False)[0])
    assert "hẹn trả kết quả lại" not in first
    apologise(bank_ctx, clock, code)
    again = flat(pdf_text(render(bank_ctx, code, "01"), tmp_path, layout=False)[0])
    assert "BẢN IN LẠI" in again
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 05 phút, ngày 04/03/2026" in again
    assert (
        "Thời gian hẹn trả kết quả lại (Mẫu 04 ngày 03/03/2026): 17 giờ 00 phút, ngày 09/03/2026"
    ) in again
    slip = flat(pdf_text(render(bank_ctx, code, "slip"), tmp_path, layout=False)[0])
    assert "09/03/2026" in slip
    # On A5 each copy stays on one sheet, the line of the new appointment included.
    a5 = pdf_text(render(bank_ctx, code, "01", paper="a5", record=False), tmp_path, layout=False)
    assert len(a5) == 2 and all("NGƯỜI TIẾP NHẬN HỒ SƠ" in page for page in a5)
    assert all("hẹn trả kết quả lại" in flat(page) for page in a5)


@pytest.mark.parametrize(
    ("which", "asked", "reason"),
    [
        ("stopped", "dừng giải quyết hồ sơ", "Người nộp đề nghị dừng để bổ sung giấy tờ khác"),
        ("withdrawn", "rút hồ sơ", "Người nộp không còn nhu cầu"),
    ],
)
def test_stop_notice(
    bank_ctx: Context, dossiers: Dossiers, tmp_path: Path, which: str, asked: str, reason: str
) -> None:
    text = flat(
        pdf_text(render(bank_ctx, getattr(dossiers, which), "05"), tmp_path, layout=False)[0]
    )
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert f"ông/bà có đề nghị {asked}" in text
    assert reason in text
    assert "Vào lúc 16 giờ 00 phút, ngày 03/03/2026" in text


def test_control_sheet_lists_each_hand_over(
    bank_ctx: Context, dossiers: Dossiers, clock: Clock, tmp_path: Path
) -> None:
    from datetime import datetime

    clock.set(datetime(2026, 3, 5, 14, 20))  # after the due time (04/03 09:05)
    workflow.take_back(bank_ctx, dossiers.accepted, SPECIALIST, "Đã có kết quả")
    text = flat(pdf_text(render(bank_ctx, dossiers.accepted, "06"), tmp_path, layout=False)[0])
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    # The office's own bodies, not the catalogue's "UBND cấp xã".
    assert "Cơ quan (bộ phận) giải quyết hồ sơ: UBND xã Tân Hưng" in text
    assert "cấp xã" not in text
    assert "Cơ quan phối hợp giải quyết hồ sơ:" in text
    assert (
        f"1. Giao: Bộ phận Một cửa – Trần Thị Thu Hà "
        f"Nhận: Công chức Tư pháp - Hộ tịch – {SPECIALIST}" in text
    )
    assert "10 giờ 30 phút, ngày 02 tháng 03 năm 2026" in text
    assert f"2. Giao: Công chức Tư pháp - Hộ tịch – {SPECIALIST}" in text
    assert "Nhận: Bộ phận Một cửa – Trần Thị Thu Hà" in text
    assert "14 giờ 20 phút, ngày 05 tháng 03 năm 2026" in text
    lines = pdf_text(render(bank_ctx, dossiers.accepted, "06", record=False), tmp_path)[0]
    first = next(line for line in lines.splitlines() if "1. Giao" in line)
    second = next(line for line in lines.splitlines() if "2. Giao" in line)
    # Handed over on the day of receipt: on time against the counter's half day (due 15:05
    # that day), not "ahead" against the dossier's due date two days later.
    assert "Đúng hạn" in first
    assert "Quá hạn" in second  # the specialist's step was due 03/03 15:05
    assert "Bước 2, hạn 15:05 03/03/2026" in text
    assert "Người giao" in text and "Người nhận" in text
    assert "Trong hạn" not in text


def test_receipt_after_a_completed_supplement(
    bank_ctx: Context, dossiers: Dossiers, clock: Clock, tmp_path: Path
) -> None:
    from datetime import datetime

    with pytest.raises(FormNotApplicable):
        render(bank_ctx, dossiers.supplement, "01")
    clock.set(datetime(2026, 3, 4, 14, 10))
    workflow.receive_supplement(
        bank_ctx, dossiers.supplement, ["Tờ khai thay đổi thông tin cư trú (Mẫu CT01)"]
    )
    text = flat(pdf_text(render(bank_ctx, dossiers.supplement, "01"), tmp_path, layout=False)[0])
    # Received when the dossier became complete; the documents brought later are listed.
    assert "Thời gian nhận hồ sơ: 14 giờ 10 phút, ngày 04/03/2026" in text
    assert "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)" in text
    assert "07 ngày làm việc" in text


def test_receipt_after_a_supplement_prints_the_counts_entered(
    bank_ctx: Context, dossiers: Dossiers, clock: Clock, tmp_path: Path
) -> None:
    from datetime import datetime

    clock.set(datetime(2026, 3, 4, 14, 10))
    workflow.receive_supplement(
        bank_ctx,
        dossiers.supplement,
        [
            workflow.SuppliedPaper("Tờ khai thay đổi thông tin cư trú (Mẫu CT01)", 2, 1),
            workflow.SuppliedPaper("Giấy tờ chứng minh chỗ ở hợp pháp", 0, 3),
        ],
    )
    lines = pdf_text(render(bank_ctx, dossiers.supplement, "01", record=False), tmp_path)[0]
    rows = [" ".join(line.split()) for line in lines.splitlines()]
    assert any(r.endswith("Tờ khai thay đổi thông tin cư trú (Mẫu CT01) 2 1") for r in rows), rows
    assert any(r.endswith("Giấy tờ chứng minh chỗ ở hợp pháp - 3") for r in rows), rows


def test_long_receipt_flows_and_keeps_its_copy_markers(bank_ctx: Context, tmp_path: Path) -> None:
    many = documents(bank_ctx, MARITAL) + [
        intake.ReceivedDocument(
            f"Giấy tờ bổ trợ số {i} kèm theo hồ sơ (bản sao có chứng thực)", 0, 1
        )
        for i in range(1, 25)
    ]
    code = intake.receive(
        bank_ctx, intake.IntakeRequest(MARITAL, intake.ApplicantInput("Đoàn Thị Mỹ"), many)
    ).dossier.code
    pages = pdf_text(render(bank_ctx, code, "01", paper="a5", record=False), tmp_path)
    assert len(pages) >= 4  # each copy runs over more than one A5 page
    markers = [
        "Liên 1" if "Liên 1: Lưu" in p else "Liên 2" if "Liên 2:" in p else "" for p in pages
    ]
    assert "" not in markers
    split = markers.index("Liên 2")
    assert set(markers[:split]) == {"Liên 1"} and set(markers[split:]) == {"Liên 2"}
    assert split == len(pages) // 2
    joined = flat(" ".join(pages))
    assert joined.count("Giấy tờ bổ trợ số 24") == 2


def test_receipt_with_many_documents_runs_onto_more_pages_per_copy(
    bank_ctx: Context, tmp_path: Path
) -> None:
    """A5 with 40 documents: each copy continues on a second page, the table's header row is
    repeated there, every document is listed once per copy and the copy marker follows."""
    names = [f"Giấy tờ số {i:02d} về quyền sử dụng đất của hộ gia đình" for i in range(1, 41)]
    code = intake.receive(
        bank_ctx,
        intake.IntakeRequest(
            MARITAL,
            intake.ApplicantInput("Võ Thị Ánh Tuyết"),
            documents(bank_ctx, MARITAL) + [intake.ReceivedDocument(n, 1, 0) for n in names],
        ),
    ).dossier.code
    pdf = render(bank_ctx, code, "01", paper="a5", record=False)
    assert page_size(pdf, tmp_path) == pytest.approx(A5, abs=0.1)
    pages = [flat(p) for p in pdf_text(pdf, tmp_path, layout=False)]
    assert len(pages) >= 4 and len(pages) % 2 == 0
    half = len(pages) // 2
    first, second = " ".join(pages[:half]), " ".join(pages[half:])
    for copy_text in (first, second):
        assert all(copy_text.count(name) == 1 for name in names)
        assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in copy_text
    assert "(Liên 1: Lưu)" in pages[0] and "Liên 1: Lưu" in pages[1]
    assert "(Liên 2: Giao người nộp hồ sơ)" in pages[half]
    assert "Liên 2: Giao người nộp hồ sơ" in pages[half + 1]
    # The header row opens the table again on the continuation page.
    assert "STT Tên giấy tờ Bản chính Bản sao" in pages[1]


def test_receipt_keeps_the_address_line_for_the_pen_when_none_was_typed(
    ctx: Context, tmp_path: Path
) -> None:
    result = intake.receive(
        ctx,
        intake.IntakeRequest(
            MARITAL, intake.ApplicantInput("Đinh Văn Không Địa Chỉ"), documents(ctx, MARITAL)
        ),
    )
    text = flat(pdf_text(render(ctx, result.dossier.code, "01"), tmp_path)[0])
    assert "Địa chỉ: ……………" in text
