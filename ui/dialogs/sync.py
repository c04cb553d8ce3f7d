"""The sync panel: last success, events waiting, last error, server; "Đồng bộ ngay"; enrolment."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ui import format as fmt
from ui.labels import label as core_label
from ui.widgets import Banner, heading

if TYPE_CHECKING:
    from counter.errors import CounterError
    from counter.sync.client import Registration, SyncStatus
    from ui.state import AppState
    from ui.sync import SyncController


class SyncDialog(QDialog):
    """Non-modal: the window stays usable while a sync runs."""

    open_conflicts = Signal()

    def __init__(
        self, state: AppState, controller: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.controller = controller
        self.setWindowTitle(self.tr("Đồng bộ với máy chủ"))
        self._focused = False

        self.values: dict[str, QLabel] = {}
        self._banner_error = ""  # the failure the banner is showing (said once, not twice)
        info = self.info_form = QFormLayout()
        for key, label in (
            ("server", self.tr("Máy chủ")),
            ("office", self.tr("Cơ quan")),
            ("counter", self.tr("Quầy số")),
            ("success", self.tr("Đồng bộ thành công lần cuối")),
            ("attempt", self.tr("Lần thử gần nhất")),
            ("waiting", self.tr("Sự kiện chờ gửi")),
            ("error", self.tr("Lỗi gần nhất")),
            ("conflicts", self.tr("Hồ sơ có xung đột")),
            ("exchanges", self.tr("Trao đổi với máy chủ và các quầy")),
            ("nightly", self.tr("Tự đồng bộ lần tới")),
        ):
            value = QLabel()
            value.setWordWrap(key in ("error", "conflicts", "exchanges"))
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            info.addRow(label, value)

        # The nightly time (admins): when this office's counters sync by themselves.
        self.schedule_box = QWidget()
        self.at_edit = QTimeEdit()
        self.at_edit.setDisplayFormat("HH:mm")
        self.jitter = QSpinBox()
        self.jitter.setRange(0, 240)
        self.jitter.setSuffix(self.tr(" phút"))
        self.schedule_button = QPushButton(self.tr("Lưu &giờ đồng bộ"))
        self.schedule_button.clicked.connect(self.save_schedule)
        row = QHBoxLayout(self.schedule_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Tự đồng bộ hằng đêm lúc")))
        row.addWidget(self.at_edit)
        row.addWidget(QLabel(self.tr("rải ngẫu nhiên trong")))
        row.addWidget(self.jitter)
        row.addWidget(self.schedule_button)
        row.addStretch(1)
        self.schedule_box.setVisible(state.is_admin)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the total is not known before the server answers
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.progress.hide()
        self.progress_label.hide()
        self.banner = Banner()

        self.sync_button = QPushButton(self.tr("Đồng &bộ ngay"))
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.start_sync)
        self.conflicts_button = QPushButton(self.tr("Xem hồ sơ &xung đột"))
        self.conflicts_button.clicked.connect(self._open_conflicts)
        self.reregister_button = QPushButton(self.tr("Đăng ký &lại…"))
        self.reregister_button.clicked.connect(self.show_enrolment)
        # Without a network: a bundle on a USB stick (counter/sync/bundle.py).
        self.export_button = QPushButton(self.tr("&Xuất tệp USB…"))
        self.export_button.setToolTip(
            self.tr("Ghi các sự kiện máy chủ chưa có của quầy này ra tệp, để mang đi bằng USB")
        )
        self.export_button.clicked.connect(lambda: self.export_bundle())
        self.import_button = QPushButton(self.tr("Nhập tệp &USB…"))
        self.import_button.setToolTip(
            self.tr("Nhập tệp trả lời của máy chủ, hoặc tệp của một quầy khác trong cơ quan")
        )
        self.import_button.clicked.connect(lambda: self.import_bundle())
        self.close_button = QPushButton(self.tr("Đó&ng"))
        self.close_button.clicked.connect(self.close)

        # Enrolment: admins only (a clerk is told whom to ask).
        self.enrol_box = QGroupBox(self.tr("Đăng ký quầy với máy chủ đồng bộ"))
        self.server_edit = QLineEdit()
        self.server_edit.setPlaceholderText(self.tr("https://dongbo.example.vn"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("mã đăng ký một lần, ví dụ ABCD-EFGH-JKLM"))
        self.register_button = QPushButton(self.tr("Đăng &ký quầy"))
        self.register_button.clicked.connect(self.start_register)
        # Enter in the enrolment fields: on to the code, then register (not «Đồng bộ ngay»).
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            for edit, slot in (
                (self.server_edit, self.code_edit.setFocus),
                (self.code_edit, self.start_register),
            ):
                enter = QShortcut(QKeySequence(key), edit, slot)
                enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enrol_form = QFormLayout(self.enrol_box)
        enrol_form.addRow(self.tr("Địa chỉ máy chủ"), self.server_edit)
        enrol_form.addRow(self.tr("Mã đăng ký"), self.code_edit)
        enrol_form.addRow("", self.register_button)
        self.not_registered = QLabel(
            self.tr(
                "Quầy này chưa đăng ký với máy chủ đồng bộ, nên chưa gửi và nhận được hồ sơ. "
                "Hãy nhờ quản trị viên đăng ký quầy (Công cụ → Đồng bộ ngay)."
            )
        )
        self.not_registered.setWordWrap(True)
        self.not_registered.setStyleSheet("color:#8a1111;")
        # Events a newer release wrote are held, not applied: the software needs updating.
        self.update_note = QLabel()
        self.update_note.setWordWrap(True)
        self.update_note.setStyleSheet("color:#8a1111;font-weight:bold;")
        self.update_note.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.conflicts_button)
        buttons.addWidget(self.reregister_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Đồng bộ với máy chủ"), self, 1.3))
        layout.addLayout(info)
        layout.addWidget(self.schedule_box)
        layout.addWidget(self.not_registered)
        layout.addWidget(self.update_note)
        layout.addWidget(self.enrol_box)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        layout.addLayout(buttons)
        # As read: the nightly time, the enrolment fields (when shown), the row of buttons.
        for first, second in (
            (self.at_edit, self.jitter),
            (self.jitter, self.schedule_button),
            (self.schedule_button, self.server_edit),
            (self.server_edit, self.code_edit),
            (self.code_edit, self.register_button),
            (self.register_button, self.sync_button),
            (self.sync_button, self.conflicts_button),
            (self.conflicts_button, self.reregister_button),
            (self.reregister_button, self.export_button),
            (self.export_button, self.import_button),
            (self.import_button, self.close_button),
        ):
            self.setTabOrder(first, second)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 100)

        controller.status_changed.connect(self.show_status)
        controller.started.connect(self._started)
        controller.progress.connect(self._progress)
        controller.finished.connect(self._finished)
        controller.registered.connect(self._registered)
        controller.register_failed.connect(self._register_failed)
        if controller.last is not None:
            self.show_status(controller.last)
        else:
            self._show_unknown()
        self._set_busy(controller.running or controller.registering)
        controller.refresh()

    # --- showing ----------------------------------------------------------------------------

    def _show_unknown(self) -> None:
        for value in self.values.values():
            value.setText("…")
        self.enrol_box.hide()
        self.not_registered.hide()

    def show_status(self, info: SyncStatus) -> None:
        never = self.tr("chưa lần nào")
        self.values["server"].setText(info.server or self.tr("chưa đăng ký"))
        self.values["office"].setText(info.office or "—")
        self.values["counter"].setText(str(info.counter_no))
        self.values["success"].setText(fmt.stamp(info.last_success) or never)
        self.values["attempt"].setText(fmt.stamp(info.last_attempt) or never)
        self.values["waiting"].setText(f"{info.waiting:,}".replace(",", "."))
        error = self.values["error"]
        if info.last_error:
            error.setText(core_label(info.last_error))
            error.setStyleSheet("color:#8a1111;")
        else:
            error.setText(self.tr("không có"))
            error.setStyleSheet("")
        self._show_error_row()
        self.update_note.setText(core_label(info.needs_update))
        self.update_note.setVisible(bool(info.needs_update))
        conflicts = self.controller.conflicts
        text = str(conflicts)
        if info.code_clashes:
            text += self.tr(" · mã hồ sơ trùng với quầy khác: {codes}").format(
                codes=", ".join(info.code_clashes)
            )
        self.values["conflicts"].setText(text)
        nightly = self.controller.next_nightly
        if not info.registered:
            self.values["nightly"].setText(self.tr("sau khi đăng ký"))
        elif nightly is not None:
            self.values["nightly"].setText(
                self.tr("{when} (khi phần mềm đang mở; nếu tắt máy thì lần mở sau)").format(
                    when=nightly.strftime("%H:%M %d/%m/%Y")
                )
            )
        self.conflicts_button.setEnabled(conflicts > 0)
        self.values["exchanges"].setText(self._exchanges(info))
        self.export_button.setEnabled(info.registered)
        self.import_button.setEnabled(info.registered)
        admin = self.state.is_admin
        self.not_registered.setVisible(not info.registered and not admin)
        self.enrol_box.setVisible(admin and not info.registered)
        self.reregister_button.setVisible(admin and info.registered)
        self.sync_button.setEnabled(
            info.registered and not (self.controller.running or self.controller.registering)
        )
        if not self._focused:
            # First look: the button that syncs, or the address an admin must type.
            self._focused = True
            if info.registered:
                self.sync_button.setFocus()
            elif admin:
                self.server_edit.setFocus()
        plan = self.controller.schedule
        if plan is not None and not self.at_edit.hasFocus() and not self.jitter.hasFocus():
            self.at_edit.setTime(QTime(plan.at.hour, plan.at.minute))
            self.jitter.setValue(plan.jitter_minutes)
        self._fit()

    def _exchanges(self, info: SyncStatus) -> str:
        """Per partner: what of this counter it still lacks, the last exchange by each path."""
        never = self.tr("chưa có")
        lines = []
        for partner in info.exchanges:
            if partner.counter_no == 0:
                lines.append(
                    self.tr(
                        "Máy chủ: chờ gửi {n} sự kiện · qua mạng {network} · qua tệp USB {file}"
                    ).format(
                        n=f"{partner.waiting:,}".replace(",", "."),
                        network=fmt.stamp(partner.last_network) or never,
                        file=fmt.stamp(partner.last_file) or never,
                    )
                )
            else:
                lines.append(
                    self.tr(
                        "Quầy số {no}: còn thiếu {n} sự kiện của quầy này · qua tệp USB {file}"
                    ).format(
                        no=partner.counter_no,
                        n=f"{partner.waiting:,}".replace(",", "."),
                        file=fmt.stamp(partner.last_file) or never,
                    )
                )
        return "\n".join(lines)

    def _show_error_row(self) -> None:
        """The "Lỗi gần nhất" row is hidden while the banner above says the same failure."""
        error = self.values["error"]
        repeated = bool(self._banner_error) and error.text() == self._banner_error
        self.info_form.setRowVisible(error, not (repeated and self.banner.kind == "error"))

    def _fit(self) -> None:
        """Grow to what the wrapped texts and the message need (never beyond the screen)."""
        self.layout().activate()
        hint = self.sizeHint()
        if hint.height() > self.height() or hint.width() > self.width():
            self.resize(max(hint.width(), self.width()), max(hint.height(), self.height()))

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        self.sync_button.setEnabled(
            not busy and bool(self.controller.last and self.controller.last.registered)
        )
        self.register_button.setEnabled(not busy)

    # --- acting -----------------------------------------------------------------------------

    def start_sync(self) -> bool:
        self.banner.clear_message()
        self._banner_error = ""
        self._show_error_row()
        return self.controller.sync_now()

    def _started(self) -> None:
        self.progress_label.setText(self.tr("Đang kết nối tới máy chủ…"))
        self._set_busy(True)

    def _progress(self, stage: str, count: int) -> None:
        templates = {
            "push": self.tr("Đã gửi {n} sự kiện…"),
            "recover": self.tr("Đang lấy lại dữ liệu sau khi khôi phục: đã nhận {n} sự kiện…"),
        }
        template = templates.get(stage, self.tr("Đã nhận {n} sự kiện…"))
        self.progress_label.setText(template.format(n=f"{count:,}".replace(",", ".")))

    def _finished(self, ok: bool, message: str) -> None:
        self._set_busy(False)
        self._message(ok, message)

    def _message(self, ok: bool, message: str) -> None:
        self._banner_error = "" if ok else core_label(message)
        if ok:
            self.banner.show_message(self.tr("Đồng bộ xong. {summary}").format(summary=message))
        else:
            self.banner.show_message(
                self.tr(
                    "Chưa đồng bộ được: {message}\nDữ liệu trên máy này vẫn còn nguyên; "
                    "các sự kiện chưa gửi sẽ được gửi ở lần đồng bộ sau."
                ).format(message=core_label(message)),
                "error",
            )
        self._show_error_row()
        self._fit()

    def start_register(self) -> bool:
        if not self.state.is_admin:
            self.banner.show_message(self.tr("Chỉ quản trị viên được đăng ký quầy."), "error")
            return False
        server, code = self.server_edit.text().strip(), self.code_edit.text().strip()
        if not server or not code:
            self.banner.show_message(
                self.tr("Hãy nhập địa chỉ máy chủ và mã đăng ký do máy chủ cấp."), "error"
            )
            (self.server_edit if not server else self.code_edit).setFocus()
            return False
        self.banner.show_message(self.tr("Đang đăng ký với máy chủ…"), "info")
        self._set_busy(True)
        self.progress_label.setText(self.tr("Đang đăng ký với máy chủ…"))
        return self.controller.register(server, code)

    def _registered(self, registration: Registration) -> None:
        self._set_busy(False)
        self.code_edit.clear()
        self.enrol_box.hide()
        self.banner.show_message(
            self.tr(
                "Đã đăng ký quầy số {n} của «{office}». Bấm «Đồng bộ ngay» để nhận dữ liệu "
                "của cơ quan."
            ).format(n=registration.counter_no, office=registration.office_name)
        )
        self._fit()

    def _register_failed(self, message: str) -> None:
        self._set_busy(False)
        self.banner.show_message(
            self.tr("Chưa đăng ký được: {message}").format(message=core_label(message)), "error"
        )
        self._fit()

    def save_schedule(self) -> bool:
        """The nightly time and jitter (admins); a bad value is refused in words."""
        from counter.sync import schedule
        from ui.operations import Op

        if not self.state.is_admin:
            return False
        at, jitter = self.at_edit.time().toString("HH:mm"), self.jitter.value()
        saved = self.tr("Đã lưu: tự đồng bộ hằng đêm lúc {at}, rải trong {n} phút.").format(
            at=at, n=jitter
        )

        def stored(_none: None) -> None:
            self.banner.show_message(saved)
            self.controller.refresh()

        def refused(error: CounterError) -> None:
            self.banner.show_message(error.message, "error")

        op = Op(self, self.state, lambda ctx: schedule.set_schedule(ctx, at, jitter))
        op.success(stored).failure(refused).run()
        return True

    def export_bundle(self, path: Path | None = None) -> bool:
        """Write this counter's unsent events to a file for the USB stick."""
        from counter.sync import bundle
        from ui.operations import Op

        if path is None:
            info = self.controller.last
            suggested = "quay-{no}-{day}.dongbo".format(
                no=info.counter_no if info else 0, day=self.state.ctx.now().strftime("%Y%m%d")
            )
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Xuất tệp đồng bộ ra USB"),
                str(Path.home() / suggested),
                self.tr("Tệp đồng bộ (*.dongbo)"),
            )
            if not chosen:
                return False
            path = Path(chosen)
        target = path

        def written(done: bundle.Exported) -> None:
            self.banner.show_message(
                self.tr(
                    "Đã ghi {n} sự kiện chưa gửi vào «{file}». Mang tệp tới máy chủ (hoặc một "
                    "quầy khác của cơ quan) để nhập, rồi mang tệp trả lời về và bấm «Nhập tệp "
                    "USB…»."
                ).format(n=done.events, file=done.path)
            )
            self._fit()
            self.controller.refresh()

        op = Op(self, self.state, lambda ctx: bundle.export(ctx, target))
        op.success(written).failure(self._bundle_failed).run()
        return True

    def import_bundle(self, path: Path | None = None) -> bool:
        """Take a bundle: the server's answer, or another counter's file (an answer is written
        beside it for that counter)."""
        from counter.sync import bundle
        from ui.bridge import Changes
        from ui.operations import Op

        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self,
                self.tr("Nhập tệp đồng bộ từ USB"),
                str(Path.home()),
                self.tr("Tệp đồng bộ (*.dongbo);;Mọi tệp (*)"),
            )
            if not chosen:
                return False
            path = Path(chosen)
        source = path

        def taken(done: bundle.Imported) -> None:
            self.banner.show_message(done.summary())
            self._fit()
            self.controller.refresh()

        op = Op(
            self,
            self.state,
            lambda ctx: bundle.import_file(ctx, source),
            changes=lambda done: Changes.everything() if done.new else Changes(),
        )
        op.success(taken).failure(self._bundle_failed).run()
        return True

    def _bundle_failed(self, error: CounterError) -> None:
        self.banner.show_message(
            self.tr("Không nhận tệp: {message}").format(message=core_label(error.message)),
            "error",
        )
        self._fit()

    def show_enrolment(self) -> None:
        """An admin enrols again (a new or restored server): the fields, then their focus."""
        self.enrol_box.show()
        self._fit()
        self.server_edit.setFocus()

    def _open_conflicts(self) -> None:
        self.open_conflicts.emit()
