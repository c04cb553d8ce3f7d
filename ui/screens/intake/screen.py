"""The intake screen: the clerk's main job. Procedure by typing (`procedure`), checklist
(`checklist`), applicant (`applicant`), reception (`reception`), live due date, save."""

from __future__ import annotations

import itertools
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter.domain.calendar import WorkCalendar
from counter.domain.dossier import OTHER_LINE
from counter.errors import CounterError
from counter.services import catalogue, office
from counter.services.catalogue import ProcedureInfo
from counter.services.intake import IntakeRequest, IntakeResult, ReceivedDocument
from ui import format as fmt
from ui.labels import procedure_time
from ui.navigation import ScreenDefaults
from ui.operations import Op
from ui.operations import intake as intake_ops
from ui.screens.intake.applicant import ApplicantFields
from ui.screens.intake.checklist import DocumentChecklist
from ui.screens.intake.procedure import ProcedurePicker
from ui.screens.intake.reception import ReceptionFields
from ui.screens.intake.reuse import ReusablePapers
from ui.state import AppState
from ui.widgets import Banner, heading


class IntakeScreen(QWidget, ScreenDefaults, ProcedurePicker, ApplicantFields, ReceptionFields):
    saved = Signal(object)  # IntakeResult
    print_requested = Signal(str, str)  # code, form
    open_dossier = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.procedures: list[ProcedureInfo] = []
        self.procedure: ProcedureInfo | None = None
        self.last_result: IntakeResult | None = None
        self.saving: Op[IntakeResult] | None = None  # the intake being stored
        self._calendar: WorkCalendar | None = None
        self.close_question: QMessageBox | None = None  # closing the window over a half intake
        self._close_confirmed = False

        # --- procedure ---
        procedure_box = self._procedure_box()

        # --- checklist ---
        self.checklist = DocumentChecklist()
        self.all_received = QPushButton(self.tr("Nhận đủ tất cả (Ctrl+D)"))
        self.all_received.setToolTip(
            self.tr(
                "Đánh dấu đã nhận mọi giấy tờ bắt buộc; giấy tờ «nếu có» đánh dấu riêng. Đã tự "
                "đánh dấu giấy tờ bắt buộc (hồ sơ chưa đủ): giữ nguyên, chỉ chuyển sang người nộp."
            )
        )
        checklist_box = QGroupBox(self.tr("Thành phần hồ sơ (Space: đã nhận, Tab: đi tiếp)"))
        cl = QVBoxLayout(checklist_box)
        cl.addWidget(self.checklist, 1)
        cl.addWidget(self.all_received)
        self.reusable = ReusablePapers()  # papers digitised before for this ID number

        # --- applicant ---
        applicant_box = self._applicant_box()

        # --- reception ---
        reception_box = self._reception_box()

        # --- due date and save ---
        self.due_label = heading("", self, 1.2)
        self.due_label.setWordWrap(True)
        self.due_explanation = QLabel()
        self.due_explanation.setWordWrap(True)
        self.banner = Banner()
        self.save_button = QPushButton(self.tr("&Lưu và in (Ctrl+S)"))
        self.save_button.setDefault(False)
        self.reprint_button = QPushButton(self.tr("In lại phiếu vừa lưu (Ctrl+Shift+P)"))
        self.reprint_button.setEnabled(False)
        self.open_button = QPushButton(self.tr("Mở hồ sơ vừa lưu (Ctrl+Shift+O)"))
        self.open_button.setEnabled(False)
        self.clear_button = QPushButton(self.tr("Làm lại"))

        left = QVBoxLayout()
        left.addWidget(heading(self.tr("Tiếp nhận hồ sơ"), self))
        left.addWidget(procedure_box)
        left.addWidget(checklist_box, 1)
        left.addWidget(self.reusable)
        right = QVBoxLayout()
        right.addWidget(applicant_box)
        right.addWidget(reception_box)
        due_box = QGroupBox(self.tr("Hẹn trả kết quả"))
        dl = QVBoxLayout(due_box)
        dl.addWidget(self.due_label)
        dl.addWidget(self.due_explanation)
        right.addWidget(due_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        # The right column at its natural width while there is room (the left's checklist
        # takes the rest); on a narrow window (1024×768 at 125 %) it gives way down to its
        # minimum, its rows going under their names.
        columns.addLayout(left, 1)
        columns.addLayout(right, 0)
        inner = QWidget()
        inner.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)

        # --- behaviour ---
        QShortcut(QKeySequence("Ctrl+D"), self, self.mark_all_received)
        self.all_received.clicked.connect(self.mark_all_received)
        self.checklist.itemChanged.connect(lambda _item: self._checklist_changed())
        self.checklist.typed_past.connect(self._id_begun)
        self.refuse.toggled.connect(lambda _on: self.update_due())
        self.save_button.clicked.connect(self.save)
        self.reprint_button.clicked.connect(self.reprint)
        self.open_button.clicked.connect(
            lambda: self.last_result and self.open_dossier.emit(self.last_result.dossier.code)
        )
        self.clear_button.clicked.connect(self.reset)
        self.id_number.textChanged.connect(
            lambda text: self.reusable.show_for(self.state.ctx, text)
        )
        self.reusable.toggled.connect(
            lambda found, on: (
                self.checklist.mark_reused(found.attachment.line, on) and self.update_due()
            )
        )
        self._tick = QTimer(self)
        self._tick.setInterval(30_000)
        self._tick.timeout.connect(self.update_due)
        self._tick.start()
        order = [
            self.procedure_edit,
            self.checklist,
            self.all_received,
            self.id_number,
            self.full_name,
            self.birth_date,
            self.sex,
            self.phone,
            self.email,
            self.province,
            self.commune,
            self.address,
            self.channel,
            self.delivery,
            self.fee_pages,
            self.fee_copies,
            self.fee_amount,
            self.fee_reason,
            self.payment,
            self.receipt_no,
            self.note,
            self.supplement_reason,
            self.refuse,
            self.refuse_reason,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        state.bridge.catalogue_changed.connect(self.load_catalogue)
        state.bridge.settings_changed.connect(self._settings_changed)
        self.load_catalogue()
        self.reset()

    # --- catalogue and procedure ------------------------------------------------------------

    def load_catalogue(self) -> None:
        with self.state.ctx.db.session() as session:
            self.procedures = catalogue.list_procedures(session)
            self._calendar = office.calendar(session)
            settings = office.get_settings(session)
        self._default_province = settings.province
        self._default_commune = self.office_commune(settings.province, settings.place_name)
        self.load_frequent()

    def _settings_changed(self) -> None:
        self.load_catalogue()
        self.update_due()

    def _fill_checklist(self, proc: ProcedureInfo | None) -> None:
        self.checklist.fill(proc)
        self._checklist_changed()

    def mark_all_received(self) -> None:
        """Ctrl+D: every mandatory document received, then on to the applicant. Optional ones
        ("nếu có") are left as they are: Mẫu 01 must list only the papers the citizen really
        handed in. Once the clerk has ticked or unticked a mandatory paper by hand (an
        incomplete dossier, Mẫu 02), Ctrl+D keeps those ticks and only moves on."""
        if not self.checklist.touched:
            self.checklist.tick_mandatory()
        self.update_due()
        if self.procedure is not None:
            self.id_number.setFocus()

    def _id_begun(self, digit: str) -> None:
        """A digit typed in the checklist after ticks by hand: on to the ID number with it."""
        if self.procedure is not None:
            self.mark_all_received()  # keeps the ticks: they were made by hand
            self.id_number.insert(digit)

    def _checklist_changed(self) -> None:
        self.all_received.setText(
            self.tr("Xong giấy tờ, sang người nộp (Ctrl+D)")
            if self.checklist.touched
            else self.tr("Nhận đủ tất cả (Ctrl+D)")
        )
        self.update_due()

    def received_documents(self) -> list[ReceivedDocument]:
        return self.checklist.received()

    def missing_documents(self) -> list[str]:
        got = {d.name for d in self.received_documents()}
        if self.procedure is None:
            return []
        return [d.name for d in self.procedure.documents if d.mandatory and d.name not in got]

    # --- due date ---------------------------------------------------------------------------

    def update_due(self) -> None:
        """The due date as it would be if saved now, and why (holidays skipped)."""
        proc = self.procedure
        if proc is None:
            self.due_label.setText(self.tr("Chọn thủ tục để tính ngày hẹn trả."))
            self.due_explanation.setText("")
            return
        if self.refuse.isChecked():
            self.due_label.setText(self.tr("Từ chối tiếp nhận: in Mẫu 03."))
            self.due_explanation.setText("")
            return
        missing = self.missing_documents()
        if missing:
            self.due_label.setText(self.tr("Hồ sơ chưa đủ: in Phiếu yêu cầu bổ sung (Mẫu 02)."))
            self.due_explanation.setText(
                self.tr("Còn thiếu: {docs}").format(docs="; ".join(missing))
            )
            return
        assert self._calendar is not None
        now = self.state.ctx.now().replace(second=0, microsecond=0)
        due = self._calendar.due(now, proc.time_amount, proc.time_unit)
        self.due_label.setText(self.tr("Hẹn trả: {when}").format(when=fmt.moment(due.due_at)))
        why = due.explanation()
        self.due_explanation.setText(
            self.tr("{time}; {why}").format(time=procedure_time(proc), why=why)
            if why
            else procedure_time(proc)
        )

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> Op[IntakeResult] | None:
        """Store the dossier with the fee collected (one transaction, in the background), then
        ask for its form to be printed. None when refused at once or already saving."""
        if self.saving is not None:
            return None  # a second Ctrl+S while the first is stored: one dossier, not two
        if self.procedure is None:
            self.banner.show_message(self.tr("Hãy chọn thủ tục hành chính."), "error")
            self.procedure_edit.setFocus()
            return None
        self._split_typed_address()  # Ctrl+S from the street box finishes no editing
        try:
            request = IntakeRequest(
                procedure_code=self.procedure.code,
                applicant=self.applicant(),
                documents=self.received_documents(),
                channel=self.channel.currentData(),
                delivery=self.delivery.currentData(),
                note=self.note.text(),
                refuse_reason=self.refuse_reason.text() if self.refuse.isChecked() else "",
                supplement_reason=self.supplement_reason.text(),
                payment_method=self.payment.currentData() or "",
                **self.fee_request(),  # type: ignore[arg-type]
            )
            if self.refuse.isChecked() and not self.refuse_reason.text().strip():
                from counter.errors import ValidationError

                raise ValidationError(self.tr("Hãy ghi lý do từ chối."), field="refuse_reason")
        except CounterError as exc:
            self._refused(exc)
            return None
        self.save_button.setEnabled(False)
        got = {d.name for d in request.documents}
        reuses = [
            (r.attachment.line if r.attachment.line in got else OTHER_LINE, r.attachment.event_id)
            for r in self.reusable.chosen()
        ]
        self.saving = intake_ops.receive(self, self.state, request, reuses)
        return self.saving.success(self._saved).failure(self._refused).run()

    def _refused(self, error: CounterError) -> None:
        self.saving = None
        self.save_button.setEnabled(True)
        self.banner.show_message(error.message, "error")
        self._focus_field(error.field)

    def _saved(self, result: IntakeResult) -> None:
        self.saving = None
        self.save_button.setEnabled(True)
        paid_note = ""
        if result.dossier.paid_amount:
            paid_note = self.tr(" Đã thu {fee}.").format(fee=fmt.money(result.dossier.paid_amount))
        self.last_result = result
        self.reprint_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.banner.show_message(self._saved_message(result) + paid_note, "ok")
        self.saved.emit(result)
        self.reset(keep_banner=True)
        self.print_requested.emit(result.dossier.code, result.form)

    def _saved_message(self, result: IntakeResult) -> str:
        code = result.dossier.code
        if result.outcome == "accepted":
            text = self.tr("Đã tiếp nhận hồ sơ {code}, hẹn trả {due}.").format(
                code=code, due=fmt.moment(result.dossier.due_at)
            )
            if result.due_explanation:
                text += f" ({result.due_explanation})"
        elif result.outcome == "supplement":
            text = self.tr("Đã lưu hồ sơ {code}: yêu cầu bổ sung {docs} (Mẫu 02).").format(
                code=code, docs="; ".join(result.missing)
            )
        else:
            text = self.tr("Đã lưu hồ sơ {code}: từ chối tiếp nhận (Mẫu 03).").format(code=code)
        for warning in result.warnings:
            text += f"\n⚠ {warning}"
        return text

    def reprint(self) -> None:
        if self.last_result is not None:
            self.print_requested.emit(self.last_result.dossier.code, self.last_result.form)

    def _focus_field(self, name: str | None) -> None:
        widgets = {
            "applicant.full_name": self.full_name,
            "id_number": self.id_number,
            "applicant.birth_date": self.birth_date,
            "applicant.phone": self.phone,
            "applicant.email": self.email,
            "applicant.address": self.address,
            "refuse_reason": self.refuse_reason,
            "procedure_code": self.procedure_edit,
            "fee_reason": self.fee_reason,
            "fee_amount": self.fee_amount,
            "fee_pages": self.fee_pages,
            "fee_copies": self.fee_copies,
        }
        widget = widgets.get(name or "")
        if widget is not None:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def reset(self, keep_banner: bool = False) -> None:
        """An empty form for the next citizen in the queue."""
        self.procedure = None
        self.procedure_edit.clear()
        self.suggestions.hide()
        self.procedure_info.setText("")
        self._show_fee(None)
        self._clear_applicant()
        for edit in (self.note, self.refuse_reason, self.supplement_reason):
            edit.clear()
        self.channel.setCurrentIndex(0)
        self.delivery.setCurrentIndex(0)
        self.payment.setCurrentIndex(0)
        self.refuse.setChecked(False)
        index = self.province.findText(getattr(self, "_default_province", ""))
        self.province.setCurrentIndex(max(index, 0))
        self.commune.setEditText(getattr(self, "_default_commune", ""))  # the office's own
        self._fill_checklist(None)
        self.reusable.clear()
        if not keep_banner:
            self.banner.clear_message()
        self.procedure_edit.setFocus()

    # --- as a page of the window (ui.navigation.Screen) -----------------------------------

    def shown(self) -> None:
        self.start_new()

    def refresh(self) -> None:
        self.load_catalogue()
        self.update_due()

    def print_current(self) -> None:
        self.reprint()

    def save_current(self) -> None:
        self.save()

    def print_failed(self, message: str) -> None:
        # The «saved» line stays: the dossier is stored whatever the printer says.
        self.banner.show_message(self.banner.text() + "\n" + message, "info")

    def unsaved(self) -> str:
        """Who the half-filled intake is for ("" when nothing was typed or chosen)."""
        typed = [
            edit.text().strip()
            for edit in (self.full_name, self.id_number, self.phone, self.address, self.note)
        ]
        if not any(typed) and self.procedure is None and not self.procedure_edit.text().strip():
            return ""
        return typed[0] or typed[1] or self.tr("người nộp chưa nhập tên")

    def may_close(self, close) -> bool:
        """Closing the window: True when nothing would be lost (or the clerk said so already);
        else ask (`close_question`, Enter keeps the intake) and call `close` on «Đóng»."""
        if self._close_confirmed or not self.unsaved():
            return True
        if self.close_question is not None:
            return False
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Hồ sơ chưa lưu"))
        box.setText(
            self.tr("Hồ sơ đang tiếp nhận của {who} chưa được lưu.").format(who=self.unsaved())
        )
        box.setInformativeText(self.tr("Đóng phần mềm thì hồ sơ đang nhập sẽ mất."))
        stay = box.addButton(self.tr("Quay lại tiếp nhận"), QMessageBox.ButtonRole.RejectRole)
        leave = box.addButton(
            self.tr("Đóng, bỏ hồ sơ đang nhập"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)

        def answered(button) -> None:
            self.close_question = None
            if button is leave:
                self._close_confirmed = True
                close()
            else:
                self.start_new()

        box.buttonClicked.connect(answered)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.close_question = box
        box.open()
        return False

    def start_new(self) -> None:
        """F2: focus the procedure field; an unfinished form is kept (nothing is lost)."""
        self.procedure_edit.setFocus()
        self.procedure_edit.selectAll()

    def now(self) -> datetime:
        return self.state.ctx.now()
