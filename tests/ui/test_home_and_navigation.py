"""The home dashboard's figures and the navigation list, as a leader and a clerk see them."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QPalette

from ui.main_window import HOME, NAV_ROWS, REPORTS

pytestmark = pytest.mark.gui


def _ink(image: QImage, left: int, top: int, right: int, bottom: int) -> list[int]:
    """Lightness of every pixel darker than the background in the box."""
    out = []
    for x in range(max(left, 0), min(right, image.width())):
        for y in range(max(top, 0), min(bottom, image.height())):
            lightness = QColor(image.pixel(x, y)).lightness()
            if lightness < 200:
                out.append(lightness)
    return out


def test_each_navigation_entry_is_one_line_with_its_shortcut(qtbot, window) -> None:
    nav = window.nav
    window.go(HOME)
    assert [nav.item(r).text() for r in range(nav.count())] == [
        "Trang chủ", "Tiếp nhận", "Hồ sơ", "Báo cáo", "Cài đặt",
    ]  # fmt: skip
    assert len(NAV_ROWS) == nav.count() and NAV_ROWS.index(REPORTS) == nav.row_of(REPORTS)
    assert nav.item(nav.row_of(REPORTS)).toolTip() == "Báo cáo (F4)"
    image = nav.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    line = nav.fontMetrics().lineSpacing()
    rects = [nav.visualItemRect(nav.item(r)) for r in range(3)]
    for r, rect in enumerate(rects[1:3], 1):  # not the selected entry
        assert rect.height() < 3 * line  # one line and some air, not two lines
        assert rect.top() > rects[r - 1].bottom()  # space between entries
        box = [round(v * ratio) for v in (rect.left(), rect.top(), rect.right(), rect.bottom())]
        split = box[0] + (box[2] - box[0]) * 3 // 5
        name = _ink(image, box[0], box[1], split, box[3])
        shortcut = _ink(image, split, box[1], box[2], box[3])
        assert name and shortcut, r  # the shortcut sits on the entry's own line, at the right
        assert min(shortcut) > min(name) + 40  # and greyer than the name
    assert nav.width() <= nav.fontMetrics().averageCharWidth() * 24


def test_home_figures_are_large_and_alarms_red(qtbot, window) -> None:
    window.go(HOME)
    qtbot.waitUntil(lambda: not window.home.loading)
    tiles = window.home.tiles
    tile = tiles["overdue"]
    assert tile.number.font().pointSizeF() >= 2.5 * tile.caption.font().pointSizeF()
    tile.set_value(3, True)
    tile.number.ensurePolished()
    red = tile.number.palette().color(QPalette.ColorRole.WindowText)
    assert red == QColor("#b3261e") and tile.number.text() == "3"
    tile.set_value(0, True)
    tile.number.ensurePolished()
    assert tile.number.palette().color(QPalette.ColorRole.WindowText) != red
    tiles["ready"].set_value(1234, False)
    assert tiles["ready"].number.text() == "1.234"
    assert tiles["ready"].accessibleName() == "1.234 Đã có kết quả, chờ trả"


def test_the_next_day_tile_has_a_short_label_and_explains_itself(qtbot, window) -> None:
    window.go(HOME)
    qtbot.waitUntil(lambda: not window.home.loading)
    tile = window.home.tiles["due_next_day"]
    assert tile.caption.text() == "Hẹn trả ngày mai, chưa xong (cần xin lỗi)"
    assert "ngày làm việc tiếp theo" in tile.toolTip()
    # One line on a 1366-pixel screen: it no longer wraps in the middle of a phrase.
    caption = tile.caption
    assert caption.heightForWidth(caption.width()) < 2 * caption.fontMetrics().lineSpacing()
