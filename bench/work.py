"""The counter's work: keystrokes and wall time of the common intakes and actions, replayed on
the real window (1366×768, offscreen) the way a clerk does them from the home screen.

Each case is a route of keys: F-keys and chords count one keystroke each; text is counted as a
Vietnamese typist enters it with Telex (a letter, plus one key per mark: «ễ» is e, e, x; «đ»
is d, d); a scanner burst counts as one scan, no keystroke. The wall time runs from the first
key to the case's end (the dossier stored and its form's preview shown, or the action stored),
with the window's work in between but no thinking time. A case that does not end as expected
fails: a route only counts if the window really does the job with it.

`route="today"` is the keys the window of `main` before issue 17 needed (its figures are kept
in the README); `route="now"` the keys this window needs. `python bench/bench_work.py` runs it
on its own (`--route today` on an older checkout gives the figures of that code).
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bench.harness import DEMO_END, Figure

KEY_SECONDS = 0.28  # Keystroke-Level Model, average typist (Card, Moran & Newell)
SCAN_SECONDS = 1.0  # aim the scanner, read
CLICK_SECONDS = 1.1 + 0.2 + 2 * 0.4  # KLM: point, click, hand to the mouse and back
DOSSIERS = 300  # the demo office's first-run size

KNOWN_ID = "079190001234"
KNOWN_QR = "079190001234|025123456|Trần Văn Bình|05091990|Nam|12 Lê Lợi, Xã Hàm Thuận Nam|01012022"


_SERIAL = itertools.count(12345)


def telex_keys(text: str) -> int:
    """Keys to type `text` with Telex: each letter, plus a key per mark; đ is two keys."""
    keys = 0
    for ch in unicodedata.normalize("NFD", text):
        keys += 1
        if ch in "đĐ":
            keys += 1
    return keys


@dataclass
class Result:
    keys: int
    scans: int
    clicks: int
    ms: float
    marks: dict[str, float] = field(default_factory=dict)

    @property
    def clerk_seconds(self) -> float:
        return self.keys * KEY_SECONDS + self.scans * SCAN_SECONDS + self.clicks * CLICK_SECONDS


class Clerk:
    """Keys to the focus widget, as the keyboard sends them; counts them."""

    def __init__(self, app, window) -> None:
        self.app = app
        self.window = window
        self.keys = 0
        self.scans = 0
        self.clicks = 0
        self.started = 0.0  # perf_counter at the case's first key
        self.marks: dict[str, float] = {}  # ms from the start to a point inside the case

    def _focus(self):
        from PySide6.QtWidgets import QApplication

        # A completion list that is open takes the keys, as it does from a keyboard.
        target = (
            QApplication.activePopupWidget()
            or QApplication.focusWidget()
            or QApplication.activeWindow()
            or self.window
        )
        return target

    def key(self, key, modifiers=None, times: int = 1) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        for _ in range(times):
            QTest.keyClick(self._focus(), key, modifiers or Qt.KeyboardModifier.NoModifier)
            self.keys += 1
            self.settle()

    def chord(self, keys: str) -> None:
        from PySide6.QtGui import QKeySequence

        combo = QKeySequence(keys)[0]
        self.key(combo.key(), combo.keyboardModifiers())

    def type(self, text: str) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        for ch in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    self._focus(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                )
            self.app.processEvents()
        self.keys += telex_keys(text)

    def click(self, widget) -> None:
        """The hand to the mouse, a click in `widget`, back to the keyboard."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        widget.setFocus()  # offscreen windows do not always take the focus from a click
        self.clicks += 1
        self.settle()

    def scan(self, text: str) -> None:
        target = self._focus()
        # A scanner types its burst 5–20 ms a key whatever the PC is doing; the window's
        # detector times the keys as it handles them, which on this shared machine under load
        # (load average 20) drifts past its 35 ms gap and the burst is typed as text. During
        # the burst the detector's clock moves at most 10 ms a key, as the scanner's does (and
        # never ahead of the real one, so the keys typed afterwards are timed as before).
        detector = self.window.scanner
        real_clock = detector._clock
        last = [real_clock()]

        def scanner_clock() -> float:
            last[0] = min(real_clock(), last[0] + 0.010)
            return last[0]

        detector._clock = scanner_clock
        try:
            self._burst(target, text)
        finally:
            detector._clock = real_clock
        self.scans += 1
        self.settle()

    def _burst(self, target, text: str) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        for ch in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch)
                )
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
            )

    def settle(self, until: Callable[[], bool] | None = None, timeout: float = 20) -> None:
        from ui import tasks

        deadline = time.perf_counter() + timeout
        while tasks.pending() or (until is not None and not until()):
            if time.perf_counter() > deadline:
                raise RuntimeError("the window did not get there in time")
            self.app.processEvents()
            time.sleep(0.001)
        self.app.processEvents()

    def focused(self):
        from PySide6.QtWidgets import QApplication

        return QApplication.focusWidget()


# --- the cases ------------------------------------------------------------------------------


def certification(clerk: Clerk, route: str) -> None:
    """A known citizen with the ID card: certification of copies (the counter's daily bread)."""
    from PySide6.QtCore import Qt

    intake = clerk.window.intake
    clerk.key(Qt.Key.Key_F2)
    if route == "today":
        clerk.type("chung thuc ban sao")
        clerk.key(Qt.Key.Key_Return)
    else:
        clerk.key(Qt.Key.Key_Down)  # the procedures this counter receives most
        clerk.key(Qt.Key.Key_Return)
    assert intake.procedure is not None and intake.procedure.code == "2.000815"
    clerk.chord("Ctrl+D")
    clerk.scan(KNOWN_QR)
    assert intake.phone.text(), "the known citizen's phone"
    _save(clerk, intake, "01", "2.000815")


def _save(clerk: Clerk, intake, form: str, code: str) -> None:
    saved: list = []
    intake.saved.connect(saved.append)
    clerk.chord("Ctrl+S")
    clerk.settle(lambda: bool(saved) and clerk.window.preview is not None)
    intake.saved.disconnect(saved.append)
    result = saved[-1]
    assert result.form == form, (result.form, form, intake.banner.text())
    assert result.dossier.procedure_code == code, result.dossier.procedure_code


def birth(clerk: Clerk, route: str) -> None:
    """A birth registration, the parent unknown to the counter: everything typed."""
    from PySide6.QtCore import Qt

    intake = clerk.window.intake
    enter = Qt.Key.Key_Return
    clerk.key(Qt.Key.Key_F2)
    if route == "today":
        clerk.type("khai sinh")
        clerk.key(enter)
    else:
        clerk.type("ks")  # initials of the words, in order
        clerk.key(enter)
    assert intake.procedure is not None and intake.procedure.code == "1.001193"
    clerk.chord("Ctrl+D")
    clerk.type(f"0750880{next(_SERIAL):05d}")  # a citizen the counter does not know
    clerk.key(enter)
    clerk.type("Trần Văn Hùng")
    clerk.key(enter)
    if route == "today":
        clerk.type("12031988")
    else:
        clerk.type("1203")  # the year comes from the ID number
    clerk.key(enter)
    clerk.key(enter)  # the sex, preset from the ID number
    clerk.type("0912345678")
    clerk.key(enter)
    clerk.key(enter)  # no e-mail
    clerk.key(enter)  # the office's province
    if route == "today":
        clerk.type("Xã Hàm Thuận Nam")
    else:
        assert intake.commune.currentText() == "Xã Hàm Thuận Nam"  # the office's own
    clerk.key(enter)
    clerk.type("12 Lê Lợi")
    _save(clerk, intake, "01", "1.001193")
    assert intake.last_result.dossier.applicant_name == "Trần Văn Hùng"


def incomplete(clerk: Clerk, route: str) -> None:
    """A birth registration missing papers: one ticked, Mẫu 02 asks for the rest."""
    from PySide6.QtCore import Qt

    intake = clerk.window.intake
    enter = Qt.Key.Key_Return
    clerk.key(Qt.Key.Key_F2)
    if route == "today":
        clerk.type("khai sinh")
    else:
        clerk.type("ks")
    clerk.key(enter)
    clerk.key(Qt.Key.Key_Space)  # the first paper came
    if route == "today":
        # Ctrl+D would tick every paper and Tab never leaves the list: the mouse, to the ID.
        clerk.click(intake.id_number)
        assert clerk.focused() is intake.id_number
        clerk.type(f"0750880{next(_SERIAL):05d}")
    else:
        # The ID number's first digit leaves the list, the clerk's ticks kept.
        clerk.type(f"0750880{next(_SERIAL):05d}")
        assert clerk.focused() is intake.id_number
    clerk.key(enter)
    clerk.type("Lê Văn Tám")
    clerk.key(enter)
    _save(clerk, intake, "02", "1.001193")


def return_result(clerk: Clerk, route: str) -> None:
    """Scan a resolved dossier's slip, hand the result to the applicant.

    `today`: F8 and Enter in the dialog. `now`: the counter works as «Quầy trả kết quả» (turned
    on once before the jobs, Ctrl+Shift+T, not counted here): the scan alone, the return is
    recorded when the bar's countdown ends (3 s, the clerk hands the papers over meanwhile; the
    next slip's scan would record it at once). The wall time runs to the return stored, so it
    holds the countdown; `marks["bar"]` is the time to the countdown bar shown."""
    from PySide6.QtCore import Qt

    from counter.domain.dossier import Status
    from counter.services import queries

    code = clerk.case_code  # type: ignore[attr-defined]
    clerk.scan(code)
    assert clerk.window.dossier.view.code == code
    if route == "today":
        clerk.key(Qt.Key.Key_F8)
        clerk.key(Qt.Key.Key_Return)
    else:
        mode = clerk.window.return_mode
        assert mode.pending is not None and mode.pending.code == code, "no countdown"
        assert mode.bar.isVisible()
        clerk.marks["bar"] = (time.perf_counter() - clerk.started) * 1000
    clerk.settle(
        lambda: queries.find_by_code(clerk.window.state.ctx, code).status is Status.RETURNED
    )


def apology(clerk: Clerk, route: str) -> None:
    """Scan an overdue dossier, write its apology (F7, Mẫu 04) with the default new due date."""
    from PySide6.QtCore import Qt

    code = clerk.case_code  # type: ignore[attr-defined]
    clerk.scan(code)
    clerk.key(Qt.Key.Key_F7)
    if route == "today":
        clerk.type("Chờ kết quả xác minh của cơ quan khác")
        clerk.key(Qt.Key.Key_Tab)
    else:
        clerk.type("xac minh")  # the office's earlier reasons and the common ones, folded
        clerk.key(Qt.Key.Key_Down)
        clerk.key(Qt.Key.Key_Return)  # takes the first reason offered (the office's own)
        taken = clerk.focused().text()
        assert "xác minh" in taken and taken != "xac minh", taken
    clerk.key(Qt.Key.Key_Return)  # the proposed new due date
    from counter.services import queries

    ctx = clerk.window.state.ctx
    clerk.settle(lambda: queries.find_by_code(ctx, code).apology_count > 0)
    clerk.settle(lambda: clerk.window.preview is not None)


CASES: dict[str, tuple[str, Callable[[Clerk, str], None]]] = {
    "certification": ("known citizen by ID-card QR, certification of copies", certification),
    "birth": ("birth registration typed from nothing", birth),
    "incomplete": ("incomplete dossier (Mẫu 02)", incomplete),
    "return": ("scan → return the result", return_result),
    "apology": ("apology letter (Mẫu 04)", apology),
}


# --- the window -----------------------------------------------------------------------------


def _database(work: Path):
    from counter import demo
    from counter.db.engine import Database
    from counter.services import catalogue
    from counter.services import intake as intake_service
    from counter.services.context import Context

    now = datetime.fromisoformat(DEMO_END)
    path = work / "work.sqlite3"
    ctx = Context(Database(path), now=lambda: now)
    demo.generate(ctx, DOSSIERS, end=now)
    from counter.services.context import Actor

    ctx = Context(ctx.db, Actor("motcua", "Trần Thị Thu Hà", "clerk"), now=lambda: now)
    # The known citizen: an earlier dossier with the phone the counter keeps.
    known = intake_service.ApplicantInput("Trần Văn Bình", id_number=KNOWN_ID, phone="0903111222")
    intake_service.receive(
        ctx, intake_service.IntakeRequest("2.001019", known, refuse_reason="Thử")
    )
    # Dossiers received a month ago and still open: overdue, no apology yet.
    month_ago = now - timedelta(days=30)
    past = Context(ctx.db, ctx.actor, now=lambda: month_ago)
    with ctx.db.session() as session:
        proc = next(p for p in catalogue.list_procedures(session) if p.code == "1.000656")
    papers = [
        intake_service.ReceivedDocument(d.name, d.originals, d.copies)
        for d in proc.documents
        if d.mandatory
    ]
    for i in range(5):
        applicant = intake_service.ApplicantInput(f"Võ Thị Sáu {i}", phone="0903000111")
        intake_service.receive(past, intake_service.IntakeRequest(proc.code, applicant, papers))
    return ctx, now


def _case_codes(ctx) -> tuple[list[str], list[str]]:
    """Resolved dossiers to hand to their applicant, overdue ones without an apology."""
    from sqlalchemy import text

    with ctx.db.session() as session:
        resolved = [
            r[0]
            for r in session.execute(
                # The applicant brings the slip: a result kept at the counter, its fee paid.
                text(
                    "SELECT code FROM dossiers WHERE status = :s AND delivery = 'counter' "
                    "AND paid_amount >= fee ORDER BY code"
                ),
                {"s": _status("RESOLVED")},
            )
        ]
        overdue = [
            r[0]
            for r in session.execute(
                text(
                    "SELECT code FROM dossiers WHERE status IN (2, 4) AND apology_count = 0 "
                    "AND due_at < :now ORDER BY code"
                ),
                {"now": DEMO_END},
            )
        ]
    return resolved, overdue


def _status(name: str) -> int:
    from counter.domain.dossier import Status

    return int(Status[name].value)


def run(route: str, repeat: int = 3, work: Path | None = None) -> dict[str, list[Result]]:
    """Each case `repeat` times on one window; the results per case."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("COUNTER_HOME", tempfile.mkdtemp(prefix="counter-bench-home-"))
    from PySide6.QtWidgets import QApplication

    from ui import tasks
    from ui.main_window import HOME, MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    work = work or Path(tempfile.mkdtemp(prefix="counter-bench-work-"))
    from PySide6.QtCore import QSettings

    # This PC's settings (the return mode, printers) in the run's folder, not the user's.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qs"))
    ctx, _now = _database(work)
    resolved, overdue = _case_codes(ctx)
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.signin.username.setText("motcua")
    window.signin.password.setText("motcua123")
    window.signin.try_sign_in()
    clerk = Clerk(app, window)
    clerk.settle(lambda: not window.signin.busy)
    assert window.state is not None and window.state.signed_in, "sign-in failed"
    if route == "now":
        # The counter hands results over today: «Quầy trả kết quả» on, once for the day.
        window.home.focus_first()
        clerk.settle()
        clerk.chord("Ctrl+Shift+T")
        assert window.return_mode is not None and window.return_mode.on
    results: dict[str, list[Result]] = {name: [] for name in CASES}
    for i in range(repeat):
        for name, (_label, case) in CASES.items():
            if window.preview is not None:
                window.preview.close()
            window.preview = None
            clerk.settle()
            window.activateWindow()
            window.go(HOME)
            window.home.focus_first()
            clerk.settle()
            assert clerk.focused() is not None, "nothing has the focus on the home screen"
            clerk.case_code = {"return": resolved, "apology": overdue}.get(name, [""] * repeat)[i]  # type: ignore[attr-defined]
            clerk.keys = clerk.scans = clerk.clicks = 0
            clerk.marks = {}
            start = clerk.started = time.perf_counter()
            case(clerk, route)
            results[name].append(
                Result(
                    clerk.keys,
                    clerk.scans,
                    clerk.clicks,
                    (time.perf_counter() - start) * 1000,
                    dict(clerk.marks),
                )
            )
    if window.preview is not None:
        window.preview.close()
    window.close()
    deadline = time.perf_counter() + 30
    while tasks.pending() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    return results


def figures(results: dict[str, list[Result]], before: dict[str, Result]) -> list[Figure]:
    """One figure per case: the clerk's time by KLM (keys, clicks, scans), against main's."""
    from bench.harness import median

    out = []
    for name, (label, _case) in CASES.items():
        samples = results[name]
        now = samples[0]
        ms = median([r.ms for r in samples])
        base = before.get(name)
        out.append(
            Figure(
                f"work: {label}",
                now.clerk_seconds,
                "s",
                baseline=base.clerk_seconds if base else None,
                baseline_name="the same case on main before issue 17" if base else "",
                target="≤ 0.7× main" if base else "",
                ok=now.clerk_seconds <= 0.7 * base.clerk_seconds if base else None,
                note=(
                    f"keys {now.keys}, clicks {now.clicks}, scans {now.scans}"
                    + (f" (main: {base.keys}, {base.clicks}, {base.scans})" if base else "")
                    + f"; replay wall time {ms:.0f} ms, median of {len(samples)}"
                    + "".join(
                        f" ({k}: {median([r.marks[k] for r in samples]):.0f} ms)" for k in now.marks
                    )
                    + (f" (main: {base.ms:.0f} ms)" if base else "")
                    + f"; KLM: {KEY_SECONDS} s a key, {CLICK_SECONDS:.1f} s a click, "
                    f"{SCAN_SECONDS:.0f} s a scan"
                ),
            )
        )
    return out


def measure(env) -> list[Figure]:
    return figures(run("now", repeat=1 if env.quick else 3), BEFORE)


# Measured on main (5f60eaa, before issue 17) with route "today", on this machine:
# keys, scans, clicks, replay wall time (ms, median). See the README's «The clerk's keys».
BEFORE: dict[str, Result] = {
    "certification": Result(keys=22, scans=1, clicks=0, ms=857),
    "birth": Result(keys=100, scans=0, clicks=0, ms=790),
    "incomplete": Result(keys=40, scans=0, clicks=1, ms=736),
    "return": Result(keys=2, scans=1, clicks=0, ms=411),
    "apology": Result(keys=49, scans=1, clicks=0, ms=603),
}
