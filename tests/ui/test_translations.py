"""The interface is Vietnamese; a compiled Qt translation switches it to another language.

The English file must be complete (every tr() string of ui/ translated, the .qm compiled from
the .ts), and with it installed the screens show none of the Vietnamese tr() sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from counter.paths import get_asset
from tests.ui.helpers import submit_sign_in
from ui.app import install_translator
from ui.main_window import DOSSIERS, HOME, INTAKE, SETTINGS

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
TS = get_asset("translations", "counter_en.ts")
BIN = Path(sys.executable).parent
HOW = (
    "texts of ui/ changed: run scripts/translations.sh, translate the unfinished entries of "
    "resources/translations/counter_en.ts, run it again (README: Translations)"
)


def _messages(path: Path) -> list[tuple[str, str, str, str | None]]:
    """(context, source, translation, type) of every message of a .ts file."""
    out = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            out.append(
                (
                    name,
                    message.findtext("source") or "",
                    translation.text or "",
                    translation.get("type"),
                )
            )
    return out


def test_english_file_is_complete_and_current(tmp_path: Path) -> None:
    messages = _messages(TS)
    assert len(messages) > 400
    unfinished = [(c, s) for c, s, t, kind in messages if kind or not t.strip()]
    assert unfinished == [], HOW
    # lupdate over today's ui/ finds nothing new: every tr() string is in the file.
    copy = tmp_path / "counter_en.ts"
    shutil.copyfile(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    fresh = {(c, s) for c, s, _t, kind in _messages(copy) if not kind}
    assert fresh == {(c, s) for c, s, _t, _k in messages}, HOW
    # The compiled file is the compilation of this source.
    qm = tmp_path / "counter_en.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(qm)], check=True, capture_output=True
    )
    assert qm.read_bytes() == get_asset("translations", "counter_en.qm").read_bytes(), HOW


def _texts(widget: QWidget) -> list[str]:
    """What a user can read on the visible widgets under `widget`."""
    found: list[str] = [widget.windowTitle()]
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisibleTo(widget) and child is not widget:
            continue
        if isinstance(child, QLabel | QAbstractButton):
            found.append(child.text())
        if isinstance(child, QAbstractButton | QLabel) and child.toolTip():
            found.append(child.toolTip())
        if isinstance(child, QLineEdit):
            found.append(child.placeholderText())
        if isinstance(child, QGroupBox):
            found.append(child.title())
        if isinstance(child, QTabWidget):
            found.extend(child.tabText(i) for i in range(child.count()))
        if isinstance(child, QComboBox):
            found.extend(child.itemText(i) for i in range(child.count()))
        if isinstance(child, QTableWidget):
            for column in range(child.columnCount()):
                item = child.horizontalHeaderItem(column)
                if item is not None:
                    found.append(item.text())
    return [t for t in found if t]


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("COUNTER_LANG", "en")
    app = QApplication.instance()
    translator = install_translator(app)
    assert translator is not None
    yield translator
    app.removeTranslator(translator)


def test_english_screens_show_no_vietnamese_tr_strings(qtbot, ctx, clock, english) -> None:
    from counter import demo
    from ui.main_window import MainWindow

    # Sources whose English differs (names, codes and "—" are the same in both languages).
    vietnamese = {s for _c, s, t, _k in _messages(TS) if s != t}
    demo.generate(ctx, 30, end=clock.now())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.signin.submit.text() == "Sign in"
    seen: dict[str, list[str]] = {"signin": _texts(window)}
    window.signin.username.setText("admin")
    window.signin.password.setText("admin123")
    submit_sign_in(qtbot, window.signin)
    assert window.state.signed_in
    for name, page in (("home", HOME), ("intake", INTAKE), ("dossiers", DOSSIERS)):
        window.go(page)
        seen[name] = _texts(window)
    model = window.dossiers.model
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() > 0)
    window.open_dossier(model.view_at(0).code)
    seen["dossier"] = _texts(window)
    window.go(SETTINGS)
    for i in range(window.settings.tabs.count()):
        window.settings.tabs.setCurrentIndex(i)
        seen[f"settings-{i}"] = _texts(window)
    seen["menus"] = [a.text() for m in window.menuBar().actions() for a in m.menu().actions()]
    seen["menus"] += [m.text() for m in window.menuBar().actions()]
    seen["sync"] = _texts(window.open_sync(start=False))
    seen["backup"] = _texts(window.open_backups())
    window.settings.procedures.setCurrentCell(0, 0)
    seen["procedure"] = _texts(window.settings.edit_procedure())
    window.settings.dialog.reject()
    window.settings.users.setCurrentCell(0, 0)
    seen["user"] = _texts(window.settings.edit_user())
    window.settings.dialog.reject()
    window.open_reports()
    seen["reports"] = _texts(window.reports)
    left = {
        screen: [t for t in texts if t in vietnamese or t.replace("&", "") in vietnamese]
        for screen, texts in seen.items()
    }
    assert {k: v for k, v in left.items() if v} == {}

    # A few labels a user sees first, in English.
    assert "Sync now" in seen["menus"] and "&Tools" in seen["menus"]
    assert window.settings.tabs.tabText(3) == "Users"
    assert window.sync_dialog.sync_button.text() == "&Sync now"
    assert window.backup_dialog.backup_button.text() == "&Back up now"
    assert window.dossier.action_buttons["return_result"].text().startswith("Re&turn result")
    assert (
        window.dossiers.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        == "Dossier code"
    )
    assert QCoreApplication.translate("forms", "Mẫu 07 – Sổ theo dõi hồ sơ") == (
        "Form 07 – Dossier register"
    )


def test_vietnamese_needs_no_translator(qtbot, monkeypatch) -> None:
    monkeypatch.setenv("COUNTER_LANG", "vi")
    assert install_translator(QApplication.instance()) is None


def test_every_core_label_is_listed_for_translation() -> None:
    from counter.domain.actions import REASONS
    from counter.domain.dossier import EVENT_LABELS, STATUS_LABELS
    from counter.reports.presentation import COLUMNS, GROUPINGS
    from counter.services.catalogue import UNIT_LABELS
    from counter.services.context import ROLE_LABELS
    from counter.services.listing import LATENESS
    from counter.services.views import (
        CHANNELS,
        DELIVERIES,
        PAYMENT_METHODS,
        SATISFACTION,
        TIMELINESS_LABELS,
    )
    from ui.labels import KNOWN

    core = (
        {
            text
            for table in (
                STATUS_LABELS,
                CHANNELS,
                DELIVERIES,
                PAYMENT_METHODS,
                SATISFACTION,
                TIMELINESS_LABELS,
                LATENESS,
                GROUPINGS,
                ROLE_LABELS,
                UNIT_LABELS,
                EVENT_LABELS,
            )
            for text in table.values()
            if text
        }
        | {c.group for c in COLUMNS}
        | {c.header for c in COLUMNS}
        | set(REASONS)
    )
    assert core - set(KNOWN) == set()


def test_a_sync_failure_reads_in_english(qtbot, window, english) -> None:
    """The sync client's fixed messages (from the core) are shown in the interface language."""
    import httpx

    from counter.sync.transport import explain

    no_server = explain(httpx.ConnectError("refused"))  # what a sync records
    dialog = window.open_sync(start=False)
    dialog._message(False, no_server)
    assert "Could not connect to the sync server" in dialog.banner.text()
    assert no_server not in dialog.banner.text()


def test_the_application_name_reads_in_english(qtbot, english) -> None:
    # ui.app.run names the application (shown in title bars and message boxes) with this string.
    assert QCoreApplication.translate("MainWindow", "Bộ phận Một cửa") == "One-Stop Counter"


def test_the_sync_clients_recovery_refusal_is_listed_for_translation() -> None:
    from counter.sync.recovery import SERVER_CANNOT_RECOVER
    from ui.labels import KNOWN

    assert SERVER_CANNOT_RECOVER in KNOWN


def test_report_periods_are_named_in_the_interface_language(english) -> None:
    from ui.screens.reports import period_label

    assert period_label("Quý III năm 2026") == "Quarter III 2026"
    assert period_label("Tháng 09/2026") == "09/2026"
    assert period_label("Năm 2026") == "Year 2026"
    assert period_label("01/07/2026 – 15/08/2026") == "01/07/2026 – 15/08/2026"


def test_report_periods_stay_as_the_core_names_them_in_vietnamese() -> None:
    from ui.screens.reports import period_label

    assert period_label("Quý III năm 2026") == "Quý III năm 2026"
    assert period_label("Tháng 09/2026") == "Tháng 09/2026"
