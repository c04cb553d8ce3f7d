"""Grab every screen at 1366×768 into docs/screens/ (offscreen): `python scripts/screenshots.py`."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from counter.db.engine import Database  # noqa: E402
from counter.services import demo  # noqa: E402
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


def main() -> int:
    out = ROOT / "docs" / "screens"
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp())
    os.environ["COUNTER_HOME"] = str(home)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    now = datetime(2026, 2, 10, 9, 30)
    ctx = Context(Database(home / "c.sqlite3"), now=lambda: now)
    demo.ensure_office(ctx)
    demo.generate(ctx, 400, end=now)
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    settle(app)
    window.grab().save(str(out / "01-signin.png"))
    window.signin.username.setText("admin")
    window.signin.password.setText("admin123")
    window.signin.try_sign_in()
    window.go(HOME)
    settle(app)
    window.grab().save(str(out / "02-home.png"))
    window.go(INTAKE)
    intake = window.intake
    intake.procedure_edit.setText("khai sinh")
    intake._suggest("khai sinh")
    settle(app)
    window.grab().save(str(out / "03-intake-completion.png"))
    intake._pick_suggestion()
    intake.mark_all_received()
    intake.id_number.setText("079190001234")
    intake.full_name.setText("Nguyễn Thị Mai")
    intake.birth_date.setText("05/09/1990")
    intake.phone.setText("0912345678")
    intake.update_due()
    settle(app)
    window.grab().save(str(out / "04-intake-filled.png"))
    window.go(DOSSIERS)
    settle(app)
    window.grab().save(str(out / "05-dossiers.png"))
    model = window.dossiers.model
    running = [model.view_at(r) for r in range(model.rowCount())]
    code = next(v.code for v in running if int(v.status) in (2, 4))
    window.dossiers.search.setText("nguyen van")
    window.dossiers.apply_filter()
    settle(app)
    window.grab().save(str(out / "06-dossiers-search.png"))
    window.open_dossier(code)
    settle(app)
    window.grab().save(str(out / "07-dossier.png"))
    dialog = window.dossier.start("apologise") or window.dossier.start("add_note")
    settle(app)
    if dialog is not None:
        dialog.grab().save(str(out / "08-action-dialog.png"))
        dialog.reject()
    from ui.main_window import SETTINGS

    window.go(SETTINGS)
    settle(app)
    window.grab().save(str(out / "09-settings.png"))
    if window.settings is not None:
        for i in range(1, window.settings.tabs.count()):
            window.settings.tabs.setCurrentIndex(i)
            settle(app)
            window.grab().save(str(out / f"09-settings-{i}.png"))
    shrink(out)
    window.close()
    QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
