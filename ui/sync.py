"""Sync from the window: "Đồng bộ ngay", the nightly run, and the status the window shows.

One `SyncController` per window. Every call into `counter.sync.client` runs off the GUI thread
(a sync run or an enrolment through `ui.operations.Op`, which tells the bridge what a pull
changed; status reads through `ui.tasks.Task`); the controller re-emits what happened as signals for the status-bar
indicator and the sync dialog. Only one sync runs at a time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from counter.errors import CounterError
from counter.services import listing
from counter.services.listing import DossierFilter
from ui import format as fmt
from ui import tasks
from ui.bridge import Changes
from ui.labels import label as core_label
from ui.operations import Op
from ui.tasks import Task

if TYPE_CHECKING:
    from counter.services.context import Context
    from counter.sync.client import Registration, RetryPolicy, SyncReport, SyncStatus
    from counter.sync.schedule import Schedule
    from ui.state import AppState

# counter.sync.client brings httpx and ssl (~80 ms): imported on a worker thread at the first
# use, never on the GUI thread while the window starts.

NIGHTLY_CHECK_MS = 60_000


def _manual_policy() -> RetryPolicy:
    from counter.sync.client import RetryPolicy

    return RetryPolicy(attempts=3, base_delay=1.0, max_delay=4.0, timeout=20.0)


class _Progress(QObject):
    """Emitted on the GUI thread, for the worker (ui.tasks.post)."""

    moved = Signal(str, int)


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    started = Signal()
    progress = Signal(str, int)  # stage ("push" | "pull"), events so far
    finished = Signal(bool, str)  # success, summary or plain error message
    registered = Signal(object)  # client.Registration
    register_failed = Signal(str)

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.running = False
        self.registering = False
        self.last: SyncStatus | None = None
        self.conflicts = 0  # dossiers flagged in conflict (the review list)
        self.next_nightly: datetime | None = None  # this counter's next nightly sync
        self.schedule: Schedule | None = None  # the configured time and jitter
        self.last_report: SyncReport | None = None
        # None: the defaults below. The clerk is waiting at the window (three tries over a few
        # seconds); the nightly run has a minute of patience (the client's default).
        self.manual_policy: RetryPolicy | None = None
        self.nightly_policy: RetryPolicy | None = None
        self._progress = _Progress(self)
        self._progress.moved.connect(self.progress)
        self.nightly = QTimer(self)
        self.nightly.setInterval(NIGHTLY_CHECK_MS)
        self.nightly.timeout.connect(self.check_nightly)

    def start_nightly(self) -> None:
        self.nightly.start()

    # --- status -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the status off the GUI thread (counting waiting events reads the log)."""
        ctx = self.state.ctx

        def read() -> tuple[SyncStatus, int, datetime, Schedule]:
            from counter.sync import client, schedule

            now = ctx.now()
            plan = schedule.get_schedule(ctx)
            planned = plan.planned(ctx.device_id, now)
            if planned < now:
                planned = plan.planned(ctx.device_id, now + timedelta(days=1))
            return (
                client.status(ctx),
                listing.count(ctx, DossierFilter(conflict=True)),
                planned,
                plan,
            )

        Task(read, owner=self).success(self._status).failure(lambda _message: None).run()

    def _status(self, result: tuple[SyncStatus, int, datetime, Schedule]) -> None:
        self.last, self.conflicts, self.next_nightly, self.schedule = result
        self.status_changed.emit(self.last)

    # --- syncing ----------------------------------------------------------------------------

    def sync_now(self, *, nightly: bool = False) -> bool:
        """Start a sync run; False when one is already running."""
        if self.running or self.registering:
            return False
        self.running = True
        chosen = self.nightly_policy if nightly else self.manual_policy
        moved = self._progress.moved

        def emit(stage: str, count: int) -> None:
            tasks.post(moved.emit, stage, count)

        def run(ctx: Context) -> SyncReport:
            from counter.sync import client

            policy = chosen or (client.RetryPolicy() if nightly else _manual_policy())
            return client.sync_now(ctx, policy=policy, progress=emit)

        def changes(report: SyncReport) -> Changes:
            # Pulled events may touch any dossier, the settings and the catalogue.
            return Changes.everything() if report.pulled else Changes()

        self.started.emit()
        # Not queued behind the clerk's writes, nor holding them back for minutes.
        op = Op(self, self.state, run, changes=changes, serial=False)
        op.success(self._done).failure(self._failed).run()
        return True

    def _done(self, report: SyncReport) -> None:
        self.running = False
        self.last_report = report
        self.finished.emit(True, report.summary())
        self.refresh()

    def _failed(self, error: CounterError) -> None:
        self.running = False
        self.finished.emit(False, error.message)
        self.refresh()

    def check_nightly(self) -> None:
        """Every minute: run the nightly sync once its planned moment has passed. Also behind
        the lock screen: at night the window is usually locked, and sync needs nobody."""
        if self.running or self.registering:
            return
        ctx = self.state.ctx

        def due() -> bool:
            from counter.sync import schedule

            return schedule.is_due(ctx)

        Task(due, owner=self).success(
            lambda due: self.sync_now(nightly=True) if due else None
        ).failure(lambda _message: None).run()

    # --- enrolment --------------------------------------------------------------------------

    def register(self, server_url: str, code: str) -> bool:
        """Enrol this counter (admins only; the window checks the role before offering it)."""
        if self.running or self.registering:
            return False
        self.registering = True
        chosen = self.manual_policy

        def enrol(ctx: Context) -> Registration:
            from counter.sync import client

            return client.register(ctx, server_url, code, policy=chosen or _manual_policy())

        op = Op(self, self.state, enrol, serial=False)  # a network wait, as a sync run
        op.success(self._registered).failure(self._register_failed).run()
        return True

    def _registered(self, registration: Registration) -> None:
        self.registering = False
        self.state.ctx.refresh_device()
        self.registered.emit(registration)
        self.refresh()

    def _register_failed(self, error: CounterError) -> None:
        self.registering = False
        self.register_failed.emit(error.message)


class SyncIndicator(QToolButton):
    """The compact status-bar view of sync; a click opens the sync dialog."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setText(self.tr("Đồng bộ: …"))
        controller.status_changed.connect(self.show_status)
        controller.started.connect(lambda: self._running(self.tr("Đang đồng bộ…")))
        controller.progress.connect(self._progress)

    def _running(self, text: str) -> None:
        self.setStyleSheet("color:#123c7a;")
        self.setText(text)

    def _progress(self, stage: str, count: int) -> None:
        words = {"push": self.tr("gửi"), "recover": self.tr("lấy lại")}
        word = words.get(stage, self.tr("nhận"))
        self._running(self.tr("Đang đồng bộ: đã {what} {n}").format(what=word, n=count))

    def show_status(self, info: SyncStatus) -> None:
        waiting = f"{info.waiting:,}".replace(",", ".")
        if not info.registered:
            text, colour = self.tr("Đồng bộ: chưa đăng ký"), "#555"
        elif info.recovering:
            text = self.tr("⚠ Chưa lấy lại hồ sơ sau khi khôi phục · hãy đồng bộ")
            colour = "#b3261e"
        elif info.last_error:
            text = self.tr("⚠ Chưa đồng bộ được · {n} chờ gửi").format(n=waiting)
            colour = "#b3261e"
        elif info.last_success:
            text = self.tr("Đồng bộ lúc {when} · {n} chờ gửi").format(
                when=fmt.stamp(info.last_success), n=waiting
            )
            colour = "#0b5b24"
        else:
            text, colour = self.tr("Chưa đồng bộ lần nào · {n} chờ gửi").format(n=waiting), "#555"
        if self.controller.running:
            return
        self.setText(text)
        self.setStyleSheet(f"color:{colour};")
        tip = [self.tr("Máy chủ: {s}").format(s=info.server or self.tr("chưa đăng ký"))]
        if info.recovering:
            tip.append(
                self.tr(
                    "Dữ liệu vừa được khôi phục từ bản sao lưu: những hồ sơ quầy này đã gửi lên "
                    "máy chủ sau thời điểm sao lưu chưa được lấy lại. Hãy đồng bộ trước khi tiếp "
                    "nhận hồ sơ mới."
                )
            )
        if info.last_error:
            tip.append(self.tr("Lỗi gần nhất: {e}").format(e=core_label(info.last_error)))
        tip.append(self.tr("Bấm để mở bảng đồng bộ (Ctrl+Shift+S)."))
        self.setToolTip("\n".join(tip))
