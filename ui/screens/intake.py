"""Intake: the clerk's main job. Procedure by typing, checklist, applicant, live due date, save."""

from __future__ import annotations

import itertools
import json
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.domain import cccd
from counter.domain.address import Place, split_place
from counter.domain.calendar import WorkCalendar
from counter.errors import CounterError
from counter.paths import get_asset
from counter.services import catalogue, intake, office
from counter.services.catalogue import ProcedureInfo
from counter.services.intake import ApplicantInput, IntakeRequest, IntakeResult, ReceivedDocument
from counter.services.views import CHANNELS, DELIVERIES, PAYMENT_METHODS
from ui import format as fmt
from ui.labels import label as core_label
from ui.labels import procedure_time
from ui.navigation import ScreenDefaults
from ui.operations import Op
from ui.operations import intake as intake_ops
from ui.state import AppState
from ui.widgets import Banner, heading

COL_GOT, COL_NAME, COL_ORIGINALS, COL_COPIES = range(4)


def _provinces() -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    data = json.loads(get_asset("demo", "provinces.json").read_text(encoding="utf-8"))
    return data["provinces"], data.get("communes", {})


class IntakeScreen(QWidget, ScreenDefaults):
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
        self.provinces, self.communes = _provinces()
        self._sex_hinted = False  # the sex shown was decoded from the ID number, not chosen

        # --- procedure ---
        self.procedure_edit = QLineEdit()
        self.procedure_edit.setPlaceholderText(
            self.tr("Gõ mã, tên hoặc lĩnh vực (không cần dấu), ↓ chọn, Enter")
        )
        self.suggestions = QListWidget()
        self.suggestions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.suggestions.setMaximumHeight(self.fontMetrics().height() * 8)
        self.suggestions.hide()
        self.procedure_info = QLabel()
        self.procedure_info.setWordWrap(True)
        procedure_box = QGroupBox(self.tr("Thủ tục hành chính"))
        pl = QVBoxLayout(procedure_box)
        pl.addWidget(self.procedure_edit)
        pl.addWidget(self.suggestions)
        pl.addWidget(self.procedure_info)

        # --- checklist ---
        self.checklist = QTableWidget(0, 4)
        self.checklist.setHorizontalHeaderLabels(
            [self.tr("Đã nhận"), self.tr("Giấy tờ"), self.tr("Bản chính"), self.tr("Bản sao")]
        )
        self.checklist.verticalHeader().hide()
        self.checklist.setWordWrap(True)
        self.checklist.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.checklist.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.checklist.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.all_received = QPushButton(self.tr("Nhận đủ tất cả (Ctrl+D)"))
        self.all_received.setToolTip(
            self.tr("Đánh dấu đã nhận mọi giấy tờ bắt buộc; giấy tờ «nếu có» đánh dấu riêng.")
        )
        checklist_box = QGroupBox(self.tr("Thành phần hồ sơ (Space: đánh dấu đã nhận)"))
        cl = QVBoxLayout(checklist_box)
        cl.addWidget(self.checklist, 1)
        cl.addWidget(self.all_received)

        # --- applicant ---
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(self.tr("12 chữ số, hoặc quét mã QR trên thẻ CCCD"))
        self.full_name = QLineEdit()
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.sex = QComboBox()
        self.sex.addItem(self.tr("—"), None)
        self.sex.addItem(self.tr("Nam"), True)
        self.sex.addItem(self.tr("Nữ"), False)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.province = QComboBox()
        self.province.addItem("", "")
        for p in self.provinces:
            self.province.addItem(p["name"], p["short"])
        self.commune = QComboBox()
        self.commune.setEditable(True)
        self.commune.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("Số nhà, đường, thôn/ấp"))
        applicant_box = QGroupBox(self.tr("Người nộp hồ sơ"))
        af = QFormLayout(applicant_box)
        af.addRow(self.tr("Số định danh"), self.id_number)
        af.addRow(self.tr("Họ và tên"), self.full_name)
        birth_row = QHBoxLayout()
        birth_row.addWidget(self.birth_date, 1)
        birth_row.addWidget(QLabel(self.tr("Giới tính")))
        birth_row.addWidget(self.sex)
        af.addRow(self.tr("Ngày sinh"), birth_row)
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.phone, 1)
        contact_row.addWidget(QLabel(self.tr("Thư điện tử")))
        contact_row.addWidget(self.email, 1)
        af.addRow(self.tr("Điện thoại"), contact_row)
        af.addRow(self.tr("Tỉnh, thành phố"), self.province)
        af.addRow(self.tr("Xã, phường"), self.commune)
        af.addRow(self.tr("Địa chỉ"), self.address)

        # --- reception ---
        self.channel = QComboBox()
        for key, text in CHANNELS.items():
            self.channel.addItem(core_label(text), key)
        self.delivery = QComboBox()
        for key, text in DELIVERIES.items():
            self.delivery.addItem(core_label(text), key)
        self.fee_label = QLabel(fmt.money(0))
        self.payment = QComboBox()
        self.payment.addItem(self.tr("Chưa thu"), "")
        for key, text in PAYMENT_METHODS.items():
            self.payment.addItem(self.tr("Đã thu: {how}").format(how=core_label(text)), key)
        self.note = QLineEdit()
        self.refuse = QCheckBox(self.tr("Từ chối tiếp nhận (Mẫu 03), lý do:"))
        self.refuse_reason = QLineEdit()
        self.refuse_reason.setEnabled(False)
        self.supplement_reason = QLineEdit()
        # Short enough to show whole in the narrow right column at 1366×768; the tooltip says
        # the rest.
        self.supplement_reason.setPlaceholderText(self.tr("In trên Mẫu 02, có thể bỏ trống"))
        self.supplement_reason.setToolTip(
            self.tr("Khi thiếu giấy tờ: lý do in trên Phiếu yêu cầu bổ sung (Mẫu 02).")
        )
        reception_box = QGroupBox(self.tr("Tiếp nhận"))
        rf = QFormLayout(reception_box)
        rf.addRow(self.tr("Hình thức nộp"), self.channel)
        rf.addRow(self.tr("Nhận kết quả"), self.delivery)
        fee_row = QHBoxLayout()
        fee_row.addWidget(self.fee_label)
        fee_row.addWidget(self.payment, 1)
        rf.addRow(self.tr("Phí, lệ phí"), fee_row)
        rf.addRow(self.tr("Ghi chú"), self.note)
        rf.addRow(self.tr("Lý do bổ sung"), self.supplement_reason)
        rf.addRow(self.refuse, self.refuse_reason)

        # --- due date and save ---
        self.due_label = heading("", self, 1.2)
        self.due_label.setWordWrap(True)
        self.due_explanation = QLabel()
        self.due_explanation.setWordWrap(True)
        self.banner = Banner()
        self.save_button = QPushButton(self.tr("&Lưu và in (Ctrl+S)"))
        self.save_button.setDefault(False)
        self.reprint_button = QPushButton(self.tr("In lại phiếu vừa lưu"))
        self.reprint_button.setEnabled(False)
        self.open_button = QPushButton(self.tr("Mở hồ sơ vừa lưu"))
        self.open_button.setEnabled(False)
        self.clear_button = QPushButton(self.tr("Làm lại"))

        left = QVBoxLayout()
        left.addWidget(heading(self.tr("Tiếp nhận hồ sơ"), self))
        left.addWidget(procedure_box)
        left.addWidget(checklist_box, 1)
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
        columns.addLayout(left, 5)
        columns.addLayout(right, 4)
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
        self.procedure_edit.textEdited.connect(self._suggest)
        self.procedure_edit.returnPressed.connect(self._pick_suggestion)
        self.suggestions.itemClicked.connect(
            lambda item: self.choose(item.data(Qt.ItemDataRole.UserRole))
        )
        # Only while typing the procedure: elsewhere the arrows move in the checklist and lists.
        for key, step in ((Qt.Key.Key_Down, 1), (Qt.Key.Key_Up, -1)):
            arrow = QShortcut(QKeySequence(key), self.procedure_edit, lambda s=step: self._move(s))
            arrow.setContext(Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Ctrl+D"), self, self.mark_all_received)
        self.all_received.clicked.connect(self.mark_all_received)
        self.checklist.itemChanged.connect(lambda _item: self.update_due())
        self.id_number.returnPressed.connect(self._id_entered)
        self.id_number.editingFinished.connect(self._prefill)
        self.id_number.textChanged.connect(self._hint_sex)
        # A choice the clerk makes is never overridden by the ID number's hint.
        self.sex.activated.connect(lambda _index: setattr(self, "_sex_hinted", False))
        for edit in (self.full_name, self.birth_date, self.phone, self.email, self.address):
            edit.returnPressed.connect(self.focusNextChild)
        # Enter goes on through the applicant's lists too (a closed list ignores it).
        for combo in (self.sex, self.province):
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                onward = QShortcut(QKeySequence(key), combo, self.focusNextChild)
                onward.setContext(Qt.ShortcutContext.WidgetShortcut)
        commune_line = self.commune.lineEdit()
        if commune_line is not None:
            commune_line.returnPressed.connect(self.focusNextChild)
        self.address.editingFinished.connect(self._split_typed_address)
        self.province.currentIndexChanged.connect(self._province_changed)
        self.refuse.toggled.connect(self.refuse_reason.setEnabled)
        self.refuse.toggled.connect(lambda _on: self.update_due())
        self.save_button.clicked.connect(self.save)
        self.reprint_button.clicked.connect(self.reprint)
        self.open_button.clicked.connect(
            lambda: self.last_result and self.open_dossier.emit(self.last_result.dossier.code)
        )
        self.clear_button.clicked.connect(self.reset)
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
            self.payment,
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

    def _settings_changed(self) -> None:
        self.load_catalogue()
        self.update_due()

    def _suggest(self, text: str) -> None:
        self.procedure = None
        matches = catalogue.complete(self.procedures, text, limit=12) if text.strip() else []
        self.suggestions.clear()
        for proc in matches:
            item = QListWidgetItem(f"{proc.name}  ·  {proc.field}  ·  {proc.code}")
            item.setData(Qt.ItemDataRole.UserRole, proc)
            item.setToolTip(proc.name)
            self.suggestions.addItem(item)
        self.suggestions.setVisible(bool(matches))
        if matches:
            self.suggestions.setCurrentRow(0)
        self._fill_checklist(None)

    def _move(self, step: int) -> None:
        if self.suggestions.isVisible() and self.suggestions.count():
            row = (self.suggestions.currentRow() + step) % self.suggestions.count()
            self.suggestions.setCurrentRow(row)

    def _pick_suggestion(self) -> None:
        item = self.suggestions.currentItem()
        if self.suggestions.isVisible() and item is not None:
            self.choose(item.data(Qt.ItemDataRole.UserRole))
        elif self.procedure is not None:
            self.id_number.setFocus()

    def choose(self, proc: ProcedureInfo) -> None:
        """Take a procedure: its checklist, fee and due date; the cursor goes to the applicant."""
        self.procedure = proc
        self.procedure_edit.setText(proc.name)
        self.procedure_edit.setCursorPosition(0)  # long names: show their beginning
        self.suggestions.hide()
        self.procedure_info.setText(
            self.tr("{field} · Thời hạn: {time} · Phí, lệ phí: {fee}{result}").format(
                field=proc.field,
                time=procedure_time(proc),
                fee=fmt.money(proc.fee) if proc.fee else self.tr("Miễn phí"),
                result=self.tr(" · Kết quả: {name}").format(name=proc.result_name)
                if proc.result_name
                else "",
            )
        )
        self._show_fee(proc.fee)
        self._fill_checklist(proc)
        self.checklist.setFocus() if self.checklist.rowCount() else self.id_number.setFocus()
        if self.checklist.rowCount():
            self.checklist.setCurrentCell(0, COL_GOT)

    def _show_fee(self, fee: int | None) -> None:
        """The fee and how it was paid; a free procedure asks for no payment (nothing is owed,
        so nothing is recorded)."""
        free = fee == 0
        self.fee_label.setText(self.tr("Miễn phí") if free else fmt.money(fee or 0))
        self.payment.setCurrentIndex(0)
        self.payment.setVisible(not free)

    def _fill_checklist(self, proc: ProcedureInfo | None) -> None:
        self.checklist.blockSignals(True)
        self.checklist.setRowCount(0)
        for doc in proc.documents if proc else ():
            row = self.checklist.rowCount()
            self.checklist.insertRow(row)
            got = QTableWidgetItem()
            got.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            got.setCheckState(Qt.CheckState.Unchecked)
            self.checklist.setItem(row, COL_GOT, got)
            optional = not doc.mandatory and "nếu có" not in doc.name
            name = QTableWidgetItem(doc.name + (self.tr(" (nếu có)") if optional else ""))
            name.setData(Qt.ItemDataRole.UserRole, doc)
            name.setToolTip(doc.name)
            self.checklist.setItem(row, COL_NAME, name)
            for column, value in ((COL_ORIGINALS, doc.originals), (COL_COPIES, doc.copies)):
                spin = QSpinBox()
                spin.setRange(0, 99)
                spin.setValue(value)
                self.checklist.setCellWidget(row, column, spin)
        self.checklist.resizeRowsToContents()
        self.checklist.blockSignals(False)
        self.update_due()

    def mark_all_received(self) -> None:
        """Ctrl+D: every mandatory document received. Optional ones ("nếu có") are left as they
        are: Mẫu 01 must list only the papers the citizen really handed in."""
        self.checklist.blockSignals(True)
        for row in range(self.checklist.rowCount()):
            doc = self.checklist.item(row, COL_NAME).data(Qt.ItemDataRole.UserRole)
            if doc.mandatory:
                self.checklist.item(row, COL_GOT).setCheckState(Qt.CheckState.Checked)
        self.checklist.blockSignals(False)
        self.update_due()
        if self.procedure is not None:
            self.id_number.setFocus()

    def received_documents(self) -> list[ReceivedDocument]:
        documents = []
        for row in range(self.checklist.rowCount()):
            if self.checklist.item(row, COL_GOT).checkState() != Qt.CheckState.Checked:
                continue
            doc = self.checklist.item(row, COL_NAME).data(Qt.ItemDataRole.UserRole)
            originals = self.checklist.cellWidget(row, COL_ORIGINALS).value()
            copies = self.checklist.cellWidget(row, COL_COPIES).value()
            documents.append(ReceivedDocument(doc.name, originals, copies))
        return documents

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

    # --- applicant --------------------------------------------------------------------------

    def _id_entered(self) -> None:
        text = self.id_number.text()
        if "|" in text:
            self.apply_card_qr(text)
            return
        self._prefill()
        self.full_name.setFocus()

    def _hint_sex(self, text: str) -> None:
        """Preselect the sex the 12-digit ID number encodes, while the clerk has chosen none
        (or only the hint of an earlier number is shown). A hint: the clerk can change it."""
        if self.sex.currentIndex() != 0 and not self._sex_hinted:
            return
        try:
            hints = cccd.decode(text) if "|" not in text else None
        except CounterError:
            hints = None
        if hints is None:
            if self._sex_hinted:
                self.sex.setCurrentIndex(0)
                self._sex_hinted = False
            return
        self.sex.setCurrentIndex(self.sex.findData(hints.male))
        self._sex_hinted = True

    def _prefill(self) -> None:
        text = self.id_number.text()
        if not text.strip() or "|" in text:
            return
        known = intake.find_applicant(self.state.ctx, text)
        if known is None:
            return
        self._fill_applicant(known, only_empty=True)
        self.banner.show_message(
            self.tr("Đã điền thông tin của {name} từ hồ sơ trước.").format(name=known.full_name),
            "info",
        )

    def apply_card_qr(self, text: str) -> None:
        """The ID card's QR (scanned anywhere on this screen): fill the applicant."""
        try:
            card = cccd.parse_card_qr(text)
        except CounterError as exc:
            self.banner.show_message(exc.message, "error")
            self.id_number.clear()
            return
        known = intake.find_applicant(self.state.ctx, card.id_number)
        place = self._split(card.address)
        applicant = ApplicantInput(
            full_name=card.full_name,
            id_number=card.id_number,
            birth_date=card.birth_date,
            male=card.male,
            phone=known.phone if known else "",
            email=known.email if known else "",
            province=place.province,
            commune=place.commune,
        )
        self._fill_applicant(applicant, only_empty=False)
        self._show_place(place, whole_address=card.address)
        self.banner.show_message(
            self.tr("Đã đọc thẻ CCCD của {name}.").format(name=card.full_name), "info"
        )
        self.phone.setFocus()

    def _fill_applicant(self, data: ApplicantInput, *, only_empty: bool) -> None:
        def put(edit: QLineEdit, value: str) -> None:
            if value and (not only_empty or not edit.text().strip()):
                edit.setText(value)

        put(self.id_number, data.id_number)
        put(self.full_name, data.full_name)
        put(self.birth_date, fmt.day(data.birth_date))
        put(self.phone, data.phone)
        put(self.email, data.email)
        put(self.address, data.address)
        if data.male is not None and (
            not only_empty or self.sex.currentIndex() == 0 or self._sex_hinted
        ):
            self.sex.setCurrentIndex(self.sex.findData(data.male))
            self._sex_hinted = False
        if data.province:
            index = self.province.findText(data.province)
            if index >= 0:
                self.province.setCurrentIndex(index)
        if data.commune:
            self.commune.setEditText(data.commune)

    def _show_place(self, place: Place, *, whole_address: str) -> None:
        """The card's address in the pickers and the street box. The card holds the whole
        address: a province it names that the pickers do not know (an old, pre-2025 one) must
        not get the office's province added, so then the pickers are emptied."""
        if not whole_address:
            return
        self.address.setText(place.street)
        if not place.province and not place.commune:
            self.province.setCurrentIndex(0)
        if not place.commune:
            self.commune.setEditText("")

    def _split(self, address: str) -> Place:
        return split_place(
            address,
            [p["name"] for p in self.provinces],
            {p["name"]: self.communes.get(p["short"], []) for p in self.provinces},
            current_province=self.province.currentText(),
        )

    def _split_typed_address(self) -> None:
        """A whole address typed into the street box: the province and commune it ends with go
        to the pickers, so the address stored names one province (the picker starts on the
        office's). What is not recognised stays in the box as typed."""
        place = self._split(self.address.text())
        if not place.province and not place.commune:
            return
        index = self.province.findText(place.province)
        if index >= 0:
            self.province.setCurrentIndex(index)  # a commune of another province is cleared
        if place.commune:
            self.commune.setEditText(place.commune)
        self.address.setText(place.street)

    def _province_changed(self) -> None:
        short = self.province.currentData() or ""
        text = self.commune.currentText()
        self.commune.clear()
        self.commune.addItems(self.communes.get(short, []))
        self.commune.setEditText(text if text in self.communes.get(short, []) else "")

    def applicant(self) -> ApplicantInput:
        birth_text = self.birth_date.text().strip()
        birth = fmt.parse_day(birth_text)
        if birth_text and birth is None:
            from counter.errors import ValidationError

            raise ValidationError(
                self.tr("Ngày sinh phải có dạng ngày/tháng/năm, ví dụ 05/09/1990."),
                field="applicant.birth_date",
            )
        return ApplicantInput(
            full_name=self.full_name.text(),
            id_number=self.id_number.text(),
            birth_date=birth,
            male=self.sex.currentData(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.text(),
            province=self.province.currentText(),
            commune=self.commune.currentText(),
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
            )
            if self.refuse.isChecked() and not self.refuse_reason.text().strip():
                from counter.errors import ValidationError

                raise ValidationError(self.tr("Hãy ghi lý do từ chối."), field="refuse_reason")
        except CounterError as exc:
            self._refused(exc)
            return None
        self.save_button.setEnabled(False)
        self.saving = intake_ops.receive(self, self.state, request)
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
        for edit in (
            self.id_number,
            self.full_name,
            self.birth_date,
            self.phone,
            self.email,
            self.address,
            self.note,
            self.refuse_reason,
            self.supplement_reason,
        ):
            edit.clear()
        self.sex.setCurrentIndex(0)
        self._sex_hinted = False
        self.channel.setCurrentIndex(0)
        self.delivery.setCurrentIndex(0)
        self.payment.setCurrentIndex(0)
        self.refuse.setChecked(False)
        index = self.province.findText(getattr(self, "_default_province", ""))
        self.province.setCurrentIndex(max(index, 0))
        self.commune.setEditText("")
        self._fill_checklist(None)
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

    def start_new(self) -> None:
        """F2: focus the procedure field; an unfinished form is kept (nothing is lost)."""
        self.procedure_edit.setFocus()
        self.procedure_edit.selectAll()

    def now(self) -> datetime:
        return self.state.ctx.now()
