"""The intake's reception: how the dossier came and how its result goes back, the fee (computed
by the procedure's rule from the pages and copies, corrected only with a reason) and whether it
was paid, a note, the reason printed on a supplement request, and a refusal."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
)

from counter.domain.fees import MAX_COPIES, MAX_PAGES, FeeRule
from counter.errors import ValidationError
from counter.services.catalogue import ProcedureInfo
from counter.services.views import CHANNELS, DELIVERIES, PAYMENT_METHODS
from ui import format as fmt
from ui.labels import label as core_label


class ReceptionFields:
    """Part of IntakeScreen: the reception's box and the fee it shows."""

    def _reception_box(self) -> QGroupBox:

        self.channel = QComboBox()
        for key, text in CHANNELS.items():
            self.channel.addItem(core_label(text), key)
        self.delivery = QComboBox()
        for key, text in DELIVERIES.items():
            self.delivery.addItem(core_label(text), key)
        self.fee_label = QLabel(fmt.money(0))
        self.fee_rule: FeeRule | None = None
        self.fee_computed = 0
        self.fee_pages = _count_box(MAX_PAGES, self.tr(" trang"))
        self.fee_pages.setToolTip(self.tr("Số trang của bản chính (căn cứ tính phí)"))
        self.fee_copies = _count_box(MAX_COPIES, self.tr(" bản"))
        self.fee_copies.setToolTip(self.tr("Số bản yêu cầu"))
        self.fee_amount = QSpinBox()
        self.fee_amount.setRange(0, 2_000_000_000)
        self.fee_amount.setSingleStep(1000)
        self.fee_amount.setGroupSeparatorShown(True)
        self.fee_amount.setSuffix(" đ")
        self.fee_amount.setToolTip(self.tr("Số tiền thu; sửa khác mức tính thì phải ghi lý do"))
        self.fee_reason = QLineEdit()
        self.fee_reason.setPlaceholderText(self.tr("Lý do sửa số tiền phí, lệ phí"))
        self.fee_rule_label = QLabel()
        self.fee_rule_label.setWordWrap(True)
        self.fee_rule_label.setStyleSheet("color:#555;")
        self.payment = QComboBox()
        self.payment.addItem(self.tr("Chưa thu"), "")
        for key, text in PAYMENT_METHODS.items():
            self.payment.addItem(self.tr("Đã thu: {how}").format(how=core_label(text)), key)
        self.receipt_no = QLineEdit()
        self.receipt_no.setPlaceholderText(self.tr("Số biên lai"))
        self.receipt_no.setMaxLength(40)
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
        # On a narrow window (1024×768 at 125 %) a field goes under its name rather than
        # pushing the column wider than the screen; the lists shrink, their menus show all.
        rf.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for combo in (self.channel, self.delivery, self.payment):
            # As wide as its longest entry when there is room, shorter when not.
            combo.setMinimumWidth(combo.fontMetrics().averageCharWidth() * 14)
            combo.currentTextChanged.connect(combo.setToolTip)
            combo.setToolTip(combo.currentText())
        rf.addRow(self.tr("Hình thức nộp"), self.channel)
        rf.addRow(self.tr("Nhận kết quả"), self.delivery)
        fee_row = QHBoxLayout()
        fee_row.addWidget(self.fee_pages)
        fee_row.addWidget(self.fee_copies)
        fee_row.addWidget(self.fee_amount, 1)
        fee_row.addWidget(self.fee_label)
        rf.addRow(self.tr("Phí, lệ phí"), fee_row)
        rf.addRow(self.fee_rule_label)  # the whole width: a long rule stays readable
        rf.addRow(self.tr("Lý do sửa phí"), self.fee_reason)
        self.fee_reason_label = rf.labelForField(self.fee_reason)
        paid_row = QHBoxLayout()
        paid_row.addWidget(self.payment, 1)
        paid_row.addWidget(self.receipt_no, 1)
        rf.addRow(self.tr("Thu phí"), paid_row)
        self.payment_label = rf.labelForField(paid_row)
        for box in (self.fee_pages, self.fee_copies):
            box.valueChanged.connect(self._recompute_fee)
        self.channel.currentIndexChanged.connect(self._recompute_fee)
        self.fee_amount.valueChanged.connect(self._fee_edited)
        rf.addRow(self.tr("Ghi chú"), self.note)
        rf.addRow(self.tr("Lý do bổ sung"), self.supplement_reason)
        rf.addRow(self.refuse, self.refuse_reason)
        self.refuse.toggled.connect(self.refuse_reason.setEnabled)
        return reception_box

    def _show_fee(self, proc: ProcedureInfo | None) -> None:
        """The procedure's fee: the counts its rule reads, the amount computed from them (the
        clerk may correct it, with a reason), the rule with the catalogue's note, and how it
        was paid; nothing to collect asks for no payment."""
        self.fee_rule = proc.rule if proc is not None else None
        summary = fee_summary(proc) if proc is not None else ""
        # Two lines at most in the narrow column; the whole note in the tooltip.
        self.fee_rule_label.setText(summary if len(summary) <= 140 else summary[:139] + "…")
        self.fee_rule_label.setToolTip(summary)
        for box in (self.fee_pages, self.fee_copies):
            box.blockSignals(True)
            box.setValue(1)
            box.blockSignals(False)
        rule = self.fee_rule
        self.fee_pages.setVisible(rule is not None and rule.counts_pages)
        self.fee_copies.setVisible(rule is not None and rule.counts_copies)
        self.fee_reason.clear()
        self.receipt_no.clear()
        self.payment.setCurrentIndex(0)
        # A correction typed for the previous procedure does not follow to this one.
        self.fee_amount.blockSignals(True)
        self.fee_amount.setValue(0)
        self.fee_amount.blockSignals(False)
        self.fee_computed = 0
        self._recompute_fee()

    def _recompute_fee(self) -> None:
        """The amount for the counts and channel now; a correction typed is kept."""
        rule = self.fee_rule
        corrected = self.fee_amount.value() != self.fee_computed
        online = self.channel.currentData() == "online"
        try:
            computed = (
                rule.compute(self.fee_pages.value(), self.fee_copies.value(), online=online)
                if rule is not None
                else 0
            )
        except ValidationError:
            computed = 0  # the boxes' ranges keep the counts valid
        self.fee_computed = computed
        if not corrected or rule is None:
            self.fee_amount.blockSignals(True)
            self.fee_amount.setValue(computed)
            self.fee_amount.blockSignals(False)
        self._fee_edited()

    def _fee_edited(self) -> None:
        rule = self.fee_rule
        amount = self.fee_amount.value()
        differs = amount != self.fee_computed
        free = rule is None or (rule.free and not differs)
        self.fee_amount.setVisible(not free)
        if free:
            self.fee_label.setText(self.tr("Miễn phí") if rule is not None else "")
        elif differs:
            self.fee_label.setText(
                self.tr("(theo quy định {m})").format(m=fmt.money(self.fee_computed))
            )
        else:
            self.fee_label.setText("")
        for widget in (self.fee_reason, self.fee_reason_label):
            if widget is not None:
                widget.setVisible(differs)
        paying = amount > 0
        for widget in (self.payment, self.receipt_no, self.payment_label):
            if widget is not None:
                widget.setVisible(paying)
        if not paying:
            self.payment.setCurrentIndex(0)

    def fee_request(self) -> dict[str, object]:
        """The IntakeRequest's fee fields from the boxes."""
        amount = self.fee_amount.value()
        return {
            "fee_pages": self.fee_pages.value(),
            "fee_copies": self.fee_copies.value(),
            "fee_amount": None if amount == self.fee_computed else amount,
            "fee_reason": self.fee_reason.text(),
            "receipt_no": self.receipt_no.text() if self.payment.currentData() else "",
        }


def _count_box(top: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, top)
    box.setSuffix(suffix)
    return box


def fee_summary(proc: ProcedureInfo) -> str:
    """What the clerk reads under the fee: the catalogue's note (the rule in the published
    text's words, the line above gives it computed), else the rule; a provincial rate the
    office has not entered says what to do."""
    rule = proc.rule
    text = proc.fee_note or rule.describe()
    if rule.provincial and rule.amount == 0 and not rule.free:
        text = f"Chưa nhập mức thu của tỉnh: nhập số tiền và lý do (căn cứ). {text}"
    return text
