"""NFC storage and accent folding for search."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from counter.domain.text import clean, fold, nfc


def test_fold_ignores_tone_marks_and_treats_d_bar_as_d() -> None:
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("ĐẶNG THỊ ĐÀO") == "dang thi dao"
    assert fold("Thủ tục chứng thực bản sao") == "thu tuc chung thuc ban sao"


def test_nfd_input_is_stored_as_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    assert decomposed != "Nguyễn Thị Hồng Nhung"
    assert clean(decomposed) == "Nguyễn Thị Hồng Nhung"
    assert fold(decomposed) == "nguyen thi hong nhung"


def test_clean_removes_scanner_control_characters_and_extra_spaces() -> None:
    assert clean("  Lê\x00 Văn\t\t Tám\r\n") == "Lê Văn Tám"
    assert clean(None) == ""


@given(st.text())
def test_clean_is_idempotent_and_nfc(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    assert nfc(once) == once
