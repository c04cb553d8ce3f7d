"""Grab every screen at 1366×768 into docs/screens/ (offscreen): `python scripts/screenshots.py`.

`--lang en` grabs them in English (files ending in `-en.png`).
`--scale 1.25` grabs the screens at 125 % (QT_SCALE_FACTOR) on the same 1366×768 physical
screen, into files ending in `-125pct.png`; the window is then 1093×614 logical pixels.
`--size 1024x768` grabs them on a 1024×768 screen (files ending in `-1024`, before the others).
`--out DIR` writes them into DIR instead (to look at them without touching docs/)."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SCALE = float(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1.0
if SCALE != 1.0:
    os.environ["QT_SCALE_FACTOR"] = str(SCALE)
WIDTH, HEIGHT = (
    (int(v) for v in sys.argv[sys.argv.index("--size") + 1].split("x"))
    if "--size" in sys.argv
    else (1366, 768)
)
SUFFIX = "" if WIDTH == 1366 else f"-{WIDTH}"
SUFFIX += "" if SCALE == 1.0 else f"-{round(SCALE * 100)}pct"
LANG = sys.argv[sys.argv.index("--lang") + 1] if "--lang" in sys.argv else "vi"
if LANG != "vi":
    os.environ["COUNTER_LANG"] = LANG
    SUFFIX += f"-{LANG}"
ROOT = Path(__file__).resolve().parent.parent
OUT = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else None
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from counter import demo  # noqa: E402
from counter.db.engine import Database  # noqa: E402
from counter.services.context import Context  # noqa: E402
from ui import tasks  # noqa: E402
from ui.main_window import DOSSIERS, HOME, INTAKE, MainWindow  # noqa: E402


def settle(app: QApplication) -> None:
    for _ in range(500):
        QTest.qWait(10)
        if not tasks.pending():
            break
    QTest.qWait(50)


def shrink(folder: Path) -> None:
    """Palette PNGs: a tenth of the size, still sharp for UI text."""
    try:
        from PIL import Image
    except ImportError:
        return
    for path in folder.glob("*.png"):
        Image.open(path).convert("RGB").quantize(colors=128).save(path, optimize=True)


def scan(target, text: str) -> None:
    """A keyboard-wedge scanner: the characters in one burst, then Enter."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    keys = [(0, ch) for ch in text] + [(Qt.Key.Key_Return, "\r")]
    for key, ch in keys:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def fill_intake(window, procedure: str) -> None:
    intake = window.intake
    intake.procedure_edit.setText(procedure)
    intake._suggest(procedure)
    intake._pick_suggestion()
    intake.id_number.setText("079190001234")
    intake.full_name.setText("Nguyễn Thị Mai")
    intake.birth_date.setText("05/09/1990")
    intake.phone.setText("0912345678")


def grab_intakes(window, grab, app: QApplication) -> None:
    """A complete intake and its slip (Mẫu 01), an incomplete one and its request to
    supplement (Mẫu 02), a refused one and its refusal (Mẫu 03): the screen, then the preview."""
    intake = window.intake
    for form, screen_name, preview_name, prepare in (
        ("01", "", "19-print-preview-mau01", intake.mark_all_received),
        ("02", "20-intake-supplement", "21-print-preview-mau02", lambda: None),
        ("03", "22-intake-refused", "23-print-preview-mau03", lambda: None),
    ):
        window.go(INTAKE)
        intake.banner.clear_message()  # the previous citizen's "Đã tiếp nhận…"
        fill_intake(window, "khai sinh")
        prepare()
        if form == "02":  # only the first document is there
            intake.checklist.item(0, 0).setCheckState(Qt.CheckState.Checked)
            intake.supplement_reason.setText("Giấy chứng sinh là bản photo, cần bản chính.")
        if form == "03":
            intake.refuse.setChecked(True)
            intake.refuse_reason.setText(
                "Trẻ sinh tại tỉnh khác, cha mẹ thường trú ngoài địa bàn xã."
            )
        intake.update_due()
        if screen_name:
            grab(window, screen_name)
        intake.save()
        settle(app)
        if window.preview is not None:
            QTest.qWait(300)  # the PDF view renders its pages asynchronously
            grab(window.preview, preview_name)
            window.preview.reject()
        else:
            print(f"Mẫu {form}: no print preview opened", file=sys.stderr)
        settle(app)


def grab_first_run(grab, home: Path) -> None:
    """A fresh machine's first-run choices, and the forms of the two ways to set an office up."""
    from ui.screens.first_run import LOCAL, SERVER, FirstRunScreen
    from ui.state import AppState

    ctx = Context(Database(home / "fresh.sqlite3"))
    window = MainWindow()
    window.resize(round(WIDTH / SCALE), round(HEIGHT / SCALE))
    screen = FirstRunScreen(AppState(ctx, window.bridge))
    window.root.addWidget(screen)
    window.root.setCurrentWidget(screen)
    window.show()
    screen.choose()
    grab(window, "00-first-run")
    screen.pages.setCurrentIndex(SERVER)
    grab(window, "00-first-run-server")
    screen.pages.setCurrentIndex(LOCAL)
    grab(window, "00-first-run-local")
    window.close()
    ctx.db.close()


def grab_issue_17(window, grab, app: QApplication) -> None:
    """The screens issue 17 changed: a home figure's filter as a chip and a search that lets
    go of it, the survey asking, a day off confirmed, the register (Mẫu 07) of a day."""
    from ui.main_window import SETTINGS

    window.go(HOME)
    window.open_list("overdue")
    grab(window, "26-dossiers-filter-chip")
    window.dossiers.search.setText("nguyen")
    window.dossiers.apply_filter()
    grab(window, "27-dossiers-search-all")
    model = window.dossiers.model
    window.dossiers.search.clear()
    window.dossiers.status.setCurrentIndex(window.dossiers.status.findData(10))  # returned
    settle(app)
    if model.rowCount():
        window.open_dossier(model.view_at(0).code)
        dialog = window.dossier.start("record_survey")
        settle(app)
        if dialog is not None:
            grab(dialog, "28-survey-dialog")
            dialog.reject()
    window.dossiers.status.setCurrentIndex(0)
    window.go(SETTINGS)
    settings = window.settings
    settings.tabs.setCurrentIndex(1)
    settings.day_edit.setFocus()
    settings.day_edit.lineEdit().selectAll()
    QTest.keyClicks(settings.day_edit, "24122026")
    box = settings.add_override()
    if box is not None:
        grab(box, "29-day-off-confirm")
        box.reject()
    window.go(HOME)
    dialog = window.open_register()
    grab(dialog, "30-register-dialog")
    dialog.reject()


def main() -> int:
    out = OUT or ROOT / "docs" / "screens"
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp())
    os.environ["COUNTER_HOME"] = str(home)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ui.app import install_translator

    install_translator(app)
    now = datetime(2026, 2, 10, 9, 30)
    ctx = Context(Database(home / "c.sqlite3"), now=lambda: now)
    demo.ensure_office(ctx)
    demo.generate(ctx, 400, end=now)
    window = MainWindow(ctx)
    window.resize(round(WIDTH / SCALE), round(HEIGHT / SCALE))
    window.show()
    settle(app)

    def grab(widget, name: str) -> None:
        settle(app)
        image = widget.grab()
        size = image.size()
        if widget is window and (size.width() > WIDTH or size.height() > HEIGHT):
            print(
                f"{name}: {size.width()}×{size.height()} does not fit {WIDTH}×{HEIGHT}",
                file=sys.stderr,
            )
        image.save(str(out / f"{name}{SUFFIX}.png"))

    grab_first_run(grab, home)
    grab(window, "01-signin")
    window.signin.username.setText("admin")
    window.signin.password.setText("admin123")
    window.signin.try_sign_in()
    settle(app)  # the sign-in is checked off the GUI thread
    window.go(HOME)
    grab(window, "02-home")
    window.go(INTAKE)
    intake = window.intake
    intake.procedure_edit.setText("khai sinh")
    intake._suggest("khai sinh")
    grab(window, "03-intake-completion")
    intake._pick_suggestion()
    intake.mark_all_received()
    intake.id_number.setText("079190001234")
    intake.full_name.setText("Nguyễn Thị Mai")
    intake.birth_date.setText("05/09/1990")
    intake.phone.setText("0912345678")
    intake.commune.setEditText("Xã Hàm Thuận Nam")
    intake.address.setText("Số 12, thôn Phú Sơn")
    intake.update_due()
    grab(window, "04-intake-filled")
    window.go(DOSSIERS)
    grab(window, "05-dossiers")
    model = window.dossiers.model
    running = [model.view_at(r) for r in range(model.rowCount())]
    code = next(v.code for v in running if int(v.status) in (2, 4))
    window.dossiers.search.setText("nguyen van")
    window.dossiers.apply_filter()
    grab(window, "06-dossiers-search")
    window.open_dossier(code)
    grab(window, "07-dossier")
    dialog = window.dossier.start("apologise") or window.dossier.start("add_note")
    settle(app)
    if dialog is not None:
        grab(dialog, "08-action-dialog")
        dialog.reject()
    from ui.main_window import SETTINGS

    window.go(SETTINGS)
    grab(window, "09-settings")
    if window.settings is not None:
        for i in range(1, window.settings.tabs.count()):
            window.settings.tabs.setCurrentIndex(i)
            grab(window, f"09-settings-{i}")
    settings = window.settings
    settings.tabs.setCurrentIndex(3)
    settings.users.setCurrentCell(0, 0)
    dialog = settings.edit_user()
    grab(dialog, "11-user-dialog")
    dialog.reject()
    settings.tabs.setCurrentIndex(4)
    for row in range(settings.procedures.rowCount()):
        if settings.procedures.item(row, 0).text() == "1.001193":
            settings.procedures.setCurrentCell(row, 0)
    dialog = settings.edit_procedure()
    grab(dialog, "12-procedure-dialog")
    dialog.reject()

    # Sync: an admin on an unregistered counter, then a failed sync on a registered one.
    sync = window.open_sync(start=False)
    grab(sync, "13-sync-unregistered")
    sync.close()
    from counter.sync import client, state

    with ctx.db.unit_of_work() as session:
        for key, value in (
            (client.SERVER, "https://dongbo.hamthuannam.lamdong.gov.vn"),
            (client.TOKEN, "screenshot"),
            (client.OFFICE, "000.00.12.H40"),
            (client.LAST_SUCCESS, "2026-02-09 21:47:12"),
            (client.LAST_ATTEMPT, "2026-02-10 09:28:40"),
            (
                client.LAST_ERROR,
                "Không kết nối được tới máy chủ đồng bộ. Hãy kiểm tra mạng Internet.",
            ),
        ):
            state.set_setting(session, key, value)
    window.sync.refresh()
    settle(app)
    sync = window.open_sync(start=False)
    sync._message(False, "Không kết nối được tới máy chủ đồng bộ. Hãy kiểm tra mạng Internet.")
    grab(sync, "14-sync-error")
    grab(window, "15-window-sync-indicator")
    sync.close()

    backups = window.open_backups()
    backups.backup_now()
    settle(app)
    grab(backups, "16-backups")
    box = backups.ask_restore()
    for _ in range(500):  # «Khôi phục» waits for the count of what would be lost
        QTest.qWait(10)
        if backups.restore_yes.isEnabled():
            break
    grab(box, "17-restore-confirm")
    box.reject()
    backups.close()

    # Reports as F4 opens them: the current quarter, built at once.
    def reports_settled() -> None:
        for _ in range(1000):
            QTest.qWait(10)
            if not tasks.pending() and not window.reports.busy:
                break

    window.go(HOME)
    window.act_reports.trigger()  # F4
    reports_settled()
    grab(window.reports, "18-reports")
    window.reports.grouping.setCurrentIndex(window.reports.grouping.findData("procedure"))
    window.reports.build_from_controls()
    reports_settled()
    grab(window.reports, "18-reports-by-procedure")
    window.reports.grouping.setCurrentIndex(0)
    window.reports.build_from_controls()
    reports_settled()
    for tab, name in ((2, "31-reports-charts"), (3, "32-reports-late")):
        window.reports.tabs.setCurrentIndex(tab)
        QTest.qWait(200)  # the charts draw at their size
        grab(window.reports, name)
    window.reports.close()
    grab_issue_17(window, grab, app)

    grab_intakes(window, grab, app)

    # A barcode scanned on the home screen opens the dossier.
    window.go(HOME)
    window.activateWindow()
    settle(app)
    target = QApplication.focusWidget()
    if target is not None:
        scan(target, code)
    if window.pages.currentWidget() is not window.dossier:
        window.on_scan(code)  # no keyboard focus offscreen: what the burst would trigger
    settle(app)
    grab(window, "24-scanned-dossier")

    window.lock()
    grab(window, "25-lock")
    shrink(out)
    window.close()
    QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
