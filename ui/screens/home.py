"""Home: what needs attention today, each figure a click away from its list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from counter.services import office, process, queries
from counter.services.process import LateStep
from counter.services.queries import HomeCounts
from ui import format as fmt
from ui.navigation import ScreenDefaults
from ui.state import AppState
from ui.tasks import Task
from ui.widgets import Banner, FigureTile, heading

# (key, label, alarm when non-zero); the key is the dossier-list preset it opens.
TILES = (
    ("due_today", QT_TRANSLATE_NOOP("HomeScreen", "Đến hạn trả hôm nay"), False),
    (
        "due_next_day",
        QT_TRANSLATE_NOOP("HomeScreen", "Hẹn trả ngày mai, chưa xong (cần xin lỗi)"),
        True,
    ),
    ("overdue", QT_TRANSLATE_NOOP("HomeScreen", "Quá hạn"), True),
    (
        "overdue_no_apology",
        QT_TRANSLATE_NOOP("HomeScreen", "Quá hạn chưa có văn bản xin lỗi"),
        True,
    ),
    ("supplement", QT_TRANSLATE_NOOP("HomeScreen", "Chờ công dân bổ sung"), False),
    ("ready", QT_TRANSLATE_NOOP("HomeScreen", "Đã có kết quả, chờ trả"), False),
    ("conflicts", QT_TRANSLATE_NOOP("HomeScreen", "Xung đột sau đồng bộ"), True),
    ("late_step", QT_TRANSLATE_NOOP("HomeScreen", "Chậm ở bước đang xử lý"), True),
)
LATE_SHOWN = 4  # late steps listed under the tiles; the report has them all

TIPS = {
    "due_next_day": QT_TRANSLATE_NOOP(
        "HomeScreen",
        "Hồ sơ hẹn trả vào ngày làm việc tiếp theo (sau ngày nghỉ là ngày làm việc đầu tiên) "
        "mà chưa giải quyết xong: cần gửi văn bản xin lỗi (Mẫu 04) trước ngày hẹn.",
    ),
    "overdue_no_apology": QT_TRANSLATE_NOOP(
        "HomeScreen", "Hồ sơ đã quá hạn mà chưa có văn bản xin lỗi (Mẫu 04)."
    ),
    "late_step": QT_TRANSLATE_NOOP(
        "HomeScreen",
        "Hồ sơ đã quá hạn của bước đang xử lý theo quy trình nội bộ (chưa chắc đã quá hạn "
        "trả kết quả): danh sách bên dưới cho biết bước, bộ phận và người đang giữ hồ sơ.",
    ),
}


Figures = tuple[HomeCounts, str, list[LateStep]]


@dataclass
class _Early:
    """Figures counted before they may be shown (`HomeScreen.prefetch`): the outcome is kept
    here, off the screen, until `shown()` takes it or `drop_prefetch()` forgets it."""

    generation: int
    # (True, figures) or (False, message). The worker sets the figures as soon as it has them
    # (a plain attribute, no Qt call): the GUI thread, busy with the password until then, can
    # take them before the task reports and paint the home once, with its figures.
    outcome: tuple[bool, Any] | None = None
    taken: Callable[[tuple[bool, Any]], None] | None = None  # set by `shown()`, called once

    def settle(self, ok: bool, value: Any) -> None:
        """The task's report, on the GUI thread."""
        if self.outcome is None:
            self.outcome = (ok, value)
        if self.taken is not None:
            take, self.taken = self.taken, None
            take(self.outcome)


class HomeScreen(QWidget, ScreenDefaults):
    open_list = Signal(str)  # a TILES key
    new_intake = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.title = heading(self.tr("Việc hôm nay"), self)
        self.subtitle = QLabel()
        self.banner = Banner()
        self.tiles: dict[str, FigureTile] = {}
        grid = QGridLayout()
        for i, (key, label, _alarm) in enumerate(TILES):
            tile = FigureTile(key, self.tr(label))
            if key in TIPS:
                tile.setToolTip(self.tr(TIPS[key]))
            tile.opened.connect(self.open_list.emit)
            self.tiles[key] = tile
            grid.addWidget(tile, i // 3, i % 3)
        # Which step, body and official is late: the first few, the longest late first.
        self.late_steps = QLabel()
        self.late_steps.setObjectName("late_steps")
        self.late_steps.setWordWrap(True)
        self.late_steps.setTextFormat(Qt.TextFormat.PlainText)
        self.help = QLabel(
            self.tr(
                "F2: tiếp nhận hồ sơ mới · F3: danh sách hồ sơ · F4: báo cáo · Ctrl+F: tìm · "
                "F5: làm mới · quét mã vạch ở bất cứ đâu để mở hồ sơ"
            )
        )
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color:#555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        layout.addLayout(grid, 1)
        layout.addWidget(self.late_steps)
        layout.addWidget(self.help)
        self.loading = False
        self._generation = 0
        self._early: _Early | None = None
        state.bridge.dossiers_changed.connect(self.refresh)

    def _counting(self) -> Callable[[], Figures]:
        """The figures' read, for a worker thread. They are the office's, the same whoever
        signs in (no role or user narrows them), so they may be counted before the password
        is known to be right."""
        ctx = self.state.ctx

        def work() -> Figures:
            with ctx.db.session() as session:
                settings = office.get_settings(session)
                late = process.late_steps(session, ctx.now(), limit=LATE_SHOWN)
            return queries.home_counts(ctx), settings.place_name, late

        return work

    def refresh(self) -> None:
        """Reload the figures off the GUI thread (a count over a large database takes time)."""
        ctx = self.state.ctx
        self.loading = True
        self._generation += 1
        self._early = None
        generation = self._generation
        self.subtitle.setText(self.tr("Hôm nay {day}").format(day=fmt.day(ctx.now())))
        Task(self._counting(), self).success(
            lambda result: generation == self._generation and self._show(result)
        ).failure(self._failed).run()

    def prefetch(self) -> None:
        """Start counting the figures while the password is being checked (argon2 releases the
        GIL: the two run side by side). Nothing reaches the screen's widgets until `shown()`
        takes them, which the window calls only once the password passed; a refused one
        `drop_prefetch()`s them."""
        self._generation += 1
        early = _Early(self._generation)
        self._early = early
        self.loading = True
        count = self._counting()

        def work() -> Figures:
            figures = count()
            early.outcome = (True, figures)
            return figures

        Task(work, self).success(lambda result: early.settle(True, result)).failure(
            lambda message: early.settle(False, message)
        ).run()

    def drop_prefetch(self) -> None:
        """Forget figures counted for a sign-in that did not happen (or went elsewhere)."""
        if self._early is not None:
            self._early = None
            self._generation += 1  # its outcome, whenever it comes, is shown nowhere
            self.loading = False

    def _take_prefetched(self) -> bool:
        """Show the figures `prefetch` counted (now or when they come); False if there are none
        still valid (a change to the dossiers since, or none asked for)."""
        early, self._early = self._early, None
        if early is None or early.generation != self._generation:
            return False
        self.loading = True
        self.subtitle.setText(self.tr("Hôm nay {day}").format(day=fmt.day(self.state.ctx.now())))

        def take(outcome: tuple[bool, Any]) -> None:
            if early.generation != self._generation:
                return  # refreshed meanwhile: the newer figures win
            ok, value = outcome
            if ok:
                self._show(value)
            else:
                self._failed(value)

        if early.outcome is not None:
            take(early.outcome)
        else:
            early.taken = take
        return True

    def _show(self, result: Figures) -> None:
        counts, place, late = result
        self._show_late_steps(late, counts.late_steps)
        values = {
            "due_today": counts.due_today,
            "due_next_day": counts.due_next_day,
            "overdue": counts.overdue,
            "overdue_no_apology": counts.overdue_without_apology,
            "supplement": counts.awaiting_supplement,
            "ready": counts.ready_to_return,
            "conflicts": counts.conflicts,
            "late_step": counts.late_steps,
        }
        for key, _label, alarm in TILES:
            self.tiles[key].set_value(values[key], alarm)
        self.subtitle.setText(
            self.tr("Hôm nay {day} · {place}").format(
                day=fmt.day(self.state.ctx.now()), place=place
            )
        )
        self.loading = False
        self.banner.clear_message()

    def _show_late_steps(self, late: list[LateStep], total: int) -> None:
        lines = [
            self.tr("{code} · bước {step}: {name} · {body} · {official} · hạn {due}").format(
                code=s.code,
                step=s.step,
                name=s.step_name,
                body=s.body,
                official=s.official,
                due=fmt.moment(s.step_due_at),
            )
            for s in late
        ]
        if total > len(late):
            lines.append(
                self.tr("… và {n} hồ sơ khác (F4: báo cáo theo người, bộ phận)").format(
                    n=total - len(late)
                )
            )
        title = self.tr("Chậm ở bước đang xử lý:")
        self.late_steps.setText("\n".join([title, *lines]) if lines else "")
        self.late_steps.setVisible(bool(lines))

    def _failed(self, message: str) -> None:
        self.loading = False
        self.banner.show_message(message, "error")

    def shown(self) -> None:
        if not self._take_prefetched():
            self.refresh()
        self.focus_first()

    def focus_first(self) -> None:
        self.tiles["due_today"].setFocus()
