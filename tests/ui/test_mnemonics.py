"""Issue 17: one Alt letter per thing in a window. The menu bar's letters are live on every
page, so a page's buttons, boxes and labelled fields must not take one of them, nor each
other's (a second holder of a letter only gets the focus, never the click)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

pytestmark = pytest.mark.gui


def _letter(text: str) -> str:
    return QKeySequence.mnemonic(text).toString()


def mnemonics(page: QWidget) -> dict[str, list[str]]:
    """Alt letter → the texts holding it among the page's buttons, boxes and field labels."""
    found: dict[str, list[str]] = defaultdict(list)
    kinds = (QAbstractButton, QGroupBox, QLabel)
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, kinds):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue  # a label's & names its buddy's letter only
        text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
        if _letter(text):
            found[_letter(text)].append(text)
    return found


def clashes(window) -> dict[str, dict[str, list[str]]]:
    bar: dict[str, list[str]] = defaultdict(list)
    for action in window.menuBar().actions():
        if _letter(action.text()):
            bar[_letter(action.text())].append(action.text())
    out: dict[str, dict[str, list[str]]] = {}
    for i in range(window.pages.count()):
        page = window.pages.widget(i)
        letters = defaultdict(list, {k: list(v) for k, v in bar.items()})
        for letter, texts in mnemonics(page).items():
            letters[letter] += texts
        double = {k: v for k, v in letters.items() if len(v) > 1}
        if double:
            out[type(page).__name__] = double
    return out


def test_no_alt_letter_twice_on_any_page_of_the_main_window(qtbot, window) -> None:
    from counter.services import workflow
    from tests.services.helpers import receive

    ctx = window.state.ctx
    code = receive(ctx).dossier.code
    workflow.resolve(ctx, code, "Đã xác nhận")
    window.open_dossier(code)  # the hand-over button names the applicant
    assert clashes(window) == {}
