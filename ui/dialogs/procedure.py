"""Edit a procedure of the catalogue, with its document checklist; or add a new procedure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter.domain.calendar import TimeUnit
from counter.domain.fees import FeeBasis, FeeRule
from counter.errors import CounterError
from counter.services.catalogue import UNIT_LABELS, ProcedureInput, RequiredDocument
from ui.dialogs.process_steps import StepsEditor
from ui.labels import label as core_label
from ui.operations import settings as settings_ops
from ui.widgets import Banner, dialog_buttons

if TYPE_CHECKING:
    from counter.services.catalogue import ProcedureInfo
    from ui.state import AppState

COL_NAME, COL_ORIGINALS, COL_COPIES, COL_MANDATORY = range(4)


class ProcedureDialog(QDialog):
    """All of a procedure's fields and its checklist; saved in one transaction or not at all."""

    saved = Signal(str)  # procedure code

    def __init__(
        self,
        state: AppState,
        procedure: ProcedureInfo | None = None,
        fields: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.procedure = procedure
        self.setWindowTitle(
            self.tr("Thêm thủ tục")
            if procedure is None
            else self.tr("Sửa thủ tục {code}").format(code=procedure.code)
        )
        self.code = QLineEdit()
        self.code.setPlaceholderText(
            self.tr("mã thủ tục trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193")
        )
        self.name = QLineEdit()
        self.field = QComboBox()
        self.field.setEditable(True)
        self.field.addItems(sorted(set(fields or [])))
        self.field.setCurrentText("")
        self.amount = QSpinBox()
        self.amount.setRange(0, 365)
        self.unit = QComboBox()
        for unit, text in UNIT_LABELS.items():
            self.unit.addItem(core_label(text), unit.value)
        self.fee = QSpinBox()
        self.fee.setRange(0, 100_000_000)
        self.fee.setSingleStep(1000)
        self.fee.setGroupSeparatorShown(True)
        self.fee.setSuffix(" đ")
        self.fee_note = QLineEdit()
        # How the fee is counted (domain/fees.py): the basis, then for pages a second rate from
        # a given page and a cap per copy; a rate for online dossiers; the province's rate.
        self.fee_basis = QComboBox()
        for basis, text in FEE_BASES.items():
            self.fee_basis.addItem(self.tr(text), basis.value)
        self.fee_from_page = _money_box(0, 10_000, self.tr("từ trang "), "", self.tr("không bậc"))
        self.fee_then = _money_box(0, 100_000_000, "", " đ/trang")
        self.fee_cap = _money_box(
            0, 100_000_000, self.tr("tối đa "), " đ/bản", self.tr("không trần")
        )
        self.fee_online = _money_box(-1, 100_000_000, self.tr("trực tuyến "), " đ")
        self.fee_online.setSpecialValueText(self.tr("trực tuyến: như trực tiếp"))
        self.fee_provincial = QCheckBox(self.tr("Mức do HĐND tỉnh quy định"))
        self.resolving_unit = QLineEdit()
        self.result_name = QLineEdit()
        self.active = QCheckBox(self.tr("Đang áp dụng (hiện khi tiếp nhận)"))
        self.active.setChecked(True)
        time_row = QHBoxLayout()
        time_row.addWidget(self.amount)
        time_row.addWidget(self.unit, 1)
        form = QFormLayout()
        form.addRow(self.tr("Mã thủ tục"), self.code)
        form.addRow(self.tr("Tên thủ tục"), self.name)
        form.addRow(self.tr("Lĩnh vực"), self.field)
        form.addRow(self.tr("Thời hạn giải quyết"), time_row)
        fee_row = QHBoxLayout()
        for widget in (self.fee_basis, self.fee, self.fee_from_page, self.fee_then):
            fee_row.addWidget(widget, 1)
        form.addRow(self.tr("Phí, lệ phí"), fee_row)
        fee_more = QHBoxLayout()
        fee_more.addWidget(self.fee_cap)
        fee_more.addWidget(self.fee_online)
        fee_more.addWidget(self.fee_provincial, 1)
        form.addRow("", fee_more)
        self.fee_basis.currentIndexChanged.connect(self._basis_changed)
        self.fee.valueChanged.connect(self._amount_typed)
        form.addRow(self.tr("Ghi chú phí, lệ phí"), self.fee_note)
        form.addRow(self.tr("Cơ quan giải quyết"), self.resolving_unit)
        form.addRow(self.tr("Kết quả giải quyết"), self.result_name)
        form.addRow("", self.active)

        self.documents = QTableWidget(0, 4)
        self.documents.setHorizontalHeaderLabels(
            [self.tr("Tên giấy tờ"), self.tr("Bản chính"), self.tr("Bản sao"), self.tr("Bắt buộc")]
        )
        self.documents.verticalHeader().hide()
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.setWordWrap(True)
        header = self.documents.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column in (COL_ORIGINALS, COL_COPIES, COL_MANDATORY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.add_doc = QPushButton(self.tr("&Thêm giấy tờ"))
        self.remove_doc = QPushButton(self.tr("&Xóa giấy tờ"))
        self.up_doc = QPushButton(self.tr("Lên"))
        self.down_doc = QPushButton(self.tr("Xuống"))
        self.add_doc.clicked.connect(lambda: self.add_document())
        self.remove_doc.clicked.connect(self.remove_document)
        self.up_doc.clicked.connect(lambda: self.move_document(-1))
        self.down_doc.clicked.connect(lambda: self.move_document(1))
        doc_buttons = QHBoxLayout()
        for button in (self.add_doc, self.remove_doc, self.up_doc, self.down_doc):
            doc_buttons.addWidget(button)
        doc_buttons.addStretch(1)
        docs_box = QGroupBox(self.tr("Thành phần hồ sơ (giấy tờ phải nộp)"))
        docs_layout = QVBoxLayout(docs_box)
        docs_layout.addWidget(self.documents, 1)
        docs_layout.addLayout(doc_buttons)

        self.steps = StepsEditor(
            lambda: (self.amount.value(), TimeUnit(self.unit.currentData())), self
        )
        self.parts = QTabWidget()
        self.parts.addTab(docs_box, self.tr("Thành phần hồ sơ"))
        self.parts.addTab(self.steps, self.tr("Quy trình nội bộ"))

        self.banner = Banner()
        self.buttons = dialog_buttons(self, self.tr("Lưu thủ tục"), self.tr("Hủy"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.parts, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        width = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(width * 100)
        header.setMinimumSectionSize(width * 8)

        if procedure is not None:
            self.code.setText(procedure.code)
            self.code.setReadOnly(True)
            self.name.setText(procedure.name)
            self.name.setCursorPosition(0)
            self.field.setCurrentText(procedure.field)
            self.amount.setValue(procedure.time_amount)
            self.unit.setCurrentIndex(max(self.unit.findData(procedure.time_unit.value), 0))
            self.fee.setValue(procedure.fee)
            self.show_rule(procedure.rule)
            self.fee_note.setText(procedure.fee_note)
            self.resolving_unit.setText(procedure.resolving_unit)
            self.result_name.setText(procedure.result_name)
            self.active.setChecked(procedure.active)
            for doc in procedure.documents:
                self.add_document(doc)
            self.steps.set_steps(procedure.steps)
            self.name.setFocus()
        else:
            self.code.setFocus()
        for edit in (self.name, self.fee_note, self.resolving_unit, self.result_name):
            edit.setCursorPosition(0)  # long texts: show their beginning
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self._unit_changed()
        self._basis_changed()
        self.amount.valueChanged.connect(lambda _v: self.steps.show_total())
        self.steps.show_total()
        self.documents.resizeRowsToContents()
        # Room for the checklist, within the screen (1366×768 at 125 % is 1093×614).
        available = self.screen().availableGeometry()
        self.resize(
            min(width * 130, available.width() - 40),
            min(self.fontMetrics().height() * 44, available.height() - 60),
        )

    def _unit_changed(self) -> None:
        same_day = self.unit.currentData() == TimeUnit.SAME_DAY.value
        self.amount.setEnabled(not same_day)
        self.steps.show_total()

    # --- the checklist ----------------------------------------------------------------------

    def add_document(self, doc: RequiredDocument | None = None) -> int:
        doc = doc or RequiredDocument("", 1, 0, True)
        row = self.documents.rowCount()
        self.documents.insertRow(row)
        name = QTableWidgetItem(doc.name)
        name.setToolTip(doc.name)  # long names are cut in the table
        self.documents.setItem(row, COL_NAME, name)
        for column, value in ((COL_ORIGINALS, doc.originals), (COL_COPIES, doc.copies)):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.EditRole, int(value))  # edited with a spin box
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.documents.setItem(row, column, item)
        check = QTableWidgetItem()
        check.setFlags(
            Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
        )
        check.setCheckState(Qt.CheckState.Checked if doc.mandatory else Qt.CheckState.Unchecked)
        self.documents.setItem(row, COL_MANDATORY, check)
        if not doc.name:
            self.documents.setCurrentCell(row, COL_NAME)
            self.documents.editItem(self.documents.item(row, COL_NAME))
        return row

    def remove_document(self) -> None:
        row = self.documents.currentRow()
        if row >= 0:
            self.documents.removeRow(row)

    def move_document(self, step: int) -> None:
        row = self.documents.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.documents.rowCount():
            return
        docs = self.checklist()
        docs[row], docs[target] = docs[target], docs[row]
        self.documents.setRowCount(0)
        for doc in docs:
            self.add_document(doc)
        self.documents.setCurrentCell(target, COL_NAME)

    def checklist(self) -> list[RequiredDocument]:
        docs = []
        for row in range(self.documents.rowCount()):
            name = self.documents.item(row, COL_NAME).text()
            originals = self.documents.item(row, COL_ORIGINALS).data(Qt.ItemDataRole.EditRole)
            copies = self.documents.item(row, COL_COPIES).data(Qt.ItemDataRole.EditRole)
            mandatory = (
                self.documents.item(row, COL_MANDATORY).checkState() == Qt.CheckState.Checked
            )
            docs.append(RequiredDocument(name, int(originals or 0), int(copies or 0), mandatory))
        return docs

    # --- saving -----------------------------------------------------------------------------

    def show_rule(self, rule: FeeRule) -> None:
        self.fee_basis.setCurrentIndex(max(self.fee_basis.findData(rule.basis.value), 0))
        self.fee.setValue(rule.amount)
        self.fee_from_page.setValue(rule.from_page)
        self.fee_then.setValue(rule.then_amount)
        self.fee_cap.setValue(rule.cap)
        self.fee_online.setValue(-1 if rule.online is None else rule.online)
        self.fee_provincial.setChecked(rule.provincial)

    def _basis_changed(self) -> None:
        basis = FeeBasis(self.fee_basis.currentData())
        if basis is FeeBasis.FREE:
            self.fee.setValue(0)
        self.fee.setSuffix(FEE_UNITS[basis])
        for widget in (self.fee_from_page, self.fee_then, self.fee_cap):
            widget.setVisible(basis is FeeBasis.PAGE)
        self.fee_online.setEnabled(basis in (FeeBasis.CASE, FeeBasis.COPY))
        self.fee_provincial.setEnabled(basis is not FeeBasis.FREE)

    def _amount_typed(self, amount: int) -> None:
        # An amount typed for a free procedure makes it charge per case.
        if amount and FeeBasis(self.fee_basis.currentData()) is FeeBasis.FREE:
            self.fee_basis.setCurrentIndex(self.fee_basis.findData(FeeBasis.CASE.value))

    def rule(self) -> FeeRule:
        """The rule as the boxes say (a FeeRuleError, in Vietnamese, when it makes no sense)."""
        basis = FeeBasis(self.fee_basis.currentData())
        if basis is FeeBasis.FREE:
            return FeeRule(FeeBasis.FREE)
        page = basis is FeeBasis.PAGE
        online = self.fee_online.value()
        return FeeRule(
            basis,
            self.fee.value(),
            from_page=self.fee_from_page.value() if page else 0,
            then_amount=self.fee_then.value() if page and self.fee_from_page.value() else 0,
            cap=self.fee_cap.value() if page else 0,
            provincial=self.fee_provincial.isChecked(),
            online=None if online < 0 or page else online,
        )

    def data(self) -> ProcedureInput:
        return ProcedureInput(
            code=self.code.text(),
            name=self.name.text(),
            field=self.field.currentText(),
            time_amount=self.amount.value(),
            time_unit=TimeUnit(self.unit.currentData()).value,
            fee=self.fee.value(),
            fee_rule=self.rule(),
            fee_note=self.fee_note.text(),
            resolving_unit=self.resolving_unit.text(),
            result_name=self.result_name.text(),
            documents=self.checklist(),
            active=self.active.isChecked(),
            steps=self.steps.steps(),
        )

    def submit(self) -> bool:
        """Store in the background (False while already storing); a refusal shows here."""
        if not self.buttons.isEnabled():
            return False
        try:
            data = self.data()
        except CounterError as exc:  # a fee rule that makes no sense
            self._refused(exc)
            return False
        op = settings_ops.save_procedure(
            self,
            self.state,
            data,
            new=self.procedure is None,
            taken=self.tr("Mã thủ tục «{code}» đã có trong danh mục.").format(
                code=data.code.strip()
            ),
            empty=self.tr("Thủ tục phải có ít nhất một giấy tờ trong thành phần hồ sơ."),
        )
        self.buttons.setEnabled(False)
        op.success(self._stored).failure(self._refused).run()
        return True

    def _stored(self, info: ProcedureInfo) -> None:
        self.saved.emit(info.code)
        self.accept()

    def _refused(self, error: CounterError) -> None:
        self.buttons.setEnabled(True)
        self.banner.show_message(error.message, "error")


FEE_BASES = {
    FeeBasis.FREE: QT_TRANSLATE_NOOP("ProcedureDialog", "Miễn phí"),
    FeeBasis.CASE: QT_TRANSLATE_NOOP("ProcedureDialog", "Theo trường hợp"),
    FeeBasis.COPY: QT_TRANSLATE_NOOP("ProcedureDialog", "Theo bản"),
    FeeBasis.PAGE: QT_TRANSLATE_NOOP("ProcedureDialog", "Theo trang"),
}
FEE_UNITS = {
    FeeBasis.FREE: " đ",
    FeeBasis.CASE: " đ/trường hợp",
    FeeBasis.COPY: " đ/bản",
    FeeBasis.PAGE: " đ/trang",
}


def _money_box(low: int, high: int, prefix: str, suffix: str, special: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(1000 if high > 10_000 else 1)
    box.setGroupSeparatorShown(True)
    box.setPrefix(prefix)
    box.setSuffix(suffix)
    if special:
        box.setSpecialValueText(special)
    return box
