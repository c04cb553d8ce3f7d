"""The intake's reception: how the dossier came and how its result goes back, the fee and
whether it was paid, a note, the reason printed on a supplement request, and a refusal."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
)

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
        self.refuse.toggled.connect(self.refuse_reason.setEnabled)
        return reception_box

    def _show_fee(self, fee: int | None) -> None:
        """The fee and how it was paid; a free procedure asks for no payment (nothing is owed,
        so nothing is recorded)."""
        free = fee == 0
        self.fee_label.setText(self.tr("Miễn phí") if free else fmt.money(fee or 0))
        self.payment.setCurrentIndex(0)
        self.payment.setVisible(not free)
