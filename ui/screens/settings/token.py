"""The settings tab «Chữ ký số»: the PKCS#11 module of this PC's signing token (a file picker
and the CAs' usual module names as suggestions), the token's name, and «Kiểm tra token», which
loads the module and lists its tokens and certificates. The PIN typed there only checks the
token: it is never stored."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from counter.services import signing
from counter.services.signing import TokenCheck, TokenSettings
from ui.labels import label as core_label
from ui.tasks import Task


class TokenTab:
    """Part of SettingsScreen: the signing token's module and its check."""

    module: QComboBox
    token_label: QLineEdit
    token_pin: QLineEdit
    check_button: QPushButton
    token_report: QPlainTextEdit
    token_check: Task | None

    def _token_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.module = QComboBox()
        self.module.setEditable(True)
        self.module.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.module.setMinimumContentsLength(40)
        self.module.lineEdit().setPlaceholderText(self.tr("Để trống: lưu bản số hóa không ký"))
        for ca, path, present in signing.suggested_modules():
            mark = self.tr("có trên máy này") if present else self.tr("chưa cài")
            self.module.addItem(f"{path}    ({ca}, {mark})", path)
        self.module.activated.connect(self._module_chosen)
        browse = QPushButton(self.tr("&Chọn tệp…"))
        browse.clicked.connect(self.browse_module)
        row = QHBoxLayout()
        row.addWidget(self.module, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Thư viện ký số (PKCS#11)"), row)
        self.token_label = QLineEdit()
        self.token_label.setPlaceholderText(self.tr("Để trống: token đầu tiên đang cắm"))
        form.addRow(self.tr("Tên token"), self.token_label)
        self.token_pin = QLineEdit()
        self.token_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_pin.setPlaceholderText(self.tr("Chỉ để kiểm tra, không được lưu"))
        form.addRow(self.tr("Mã PIN"), self.token_pin)
        self.check_button = QPushButton(self.tr("&Kiểm tra token"))
        self.check_button.clicked.connect(self.check_token)
        form.addRow("", self.check_button)
        self.token_report = QPlainTextEdit()
        self.token_report.setReadOnly(True)
        form.addRow(self.token_report)
        note = QLabel(
            self.tr(
                "Mỗi nhà cung cấp chữ ký số (VNPT-CA, Viettel-CA, Ban Cơ yếu Chính phủ…) cài một "
                "tệp thư viện (.dll trên Windows, .so trên Linux). Các đường dẫn gợi ý chỉ là "
                "nơi thường gặp: hãy chọn đúng tệp phần mềm của nhà cung cấp đã cài."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.token_check = None
        return page

    def _show_token(self, token: TokenSettings) -> None:
        self.module.setEditText(token.module)
        self.token_label.setText(token.token_label)

    def module_path(self) -> str:
        return self.module.currentText().strip()

    def _module_chosen(self, index: int) -> None:
        # The item's text carries the CA's name: the field keeps only the path.
        self.module.setEditText(str(self.module.itemData(index) or ""))

    def browse_module(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,  # type: ignore[arg-type]
            self.tr("Chọn thư viện ký số (PKCS#11)"),
            "",
            self.tr("Thư viện PKCS#11 (*.dll *.so *.so.* *.dylib);;Mọi tệp (*)"),
        )
        if path:
            self.module.setEditText(path)

    def check_token(self) -> Task:
        """Load the module and list its tokens and certificates, off the GUI thread; the PIN,
        if typed, is tried once and cleared."""
        module, label, pin = self.module_path(), self.token_label.text(), self.token_pin.text()
        self.token_pin.clear()
        self.check_button.setEnabled(False)
        self.token_report.setPlainText(self.tr("Đang kiểm tra…"))

        def shown(found: TokenCheck) -> None:
            self.check_button.setEnabled(True)
            self.token_report.setPlainText(self._describe(found))

        def failed(message: str) -> None:
            self.check_button.setEnabled(True)
            self.token_report.setPlainText(core_label(message))

        task = Task(lambda: signing.check_token(module, pin, label), self)  # type: ignore[arg-type]
        self.token_check = task.success(shown).failure(failed).run()
        return task

    def _describe(self, found: TokenCheck) -> str:
        lines = [self.tr("Đã nạp thư viện: %s") % (found.description or found.module)]
        for token in found.tokens:
            lines.append(self.tr("Token «%s» (%s)") % (token.label, token.manufacturer))
            if not token.certificates:
                lines.append("  " + self.tr("Không có chứng thư số nào."))
            for cert in token.certificates:
                until = cert.valid_until.strftime("%d/%m/%Y") if cert.valid_until else "?"
                lines.append(
                    "  "
                    + self.tr("Chứng thư số: %s — cấp bởi %s — hết hạn %s")
                    % (cert.subject, cert.issuer, until)
                )
        if found.pin_checked:
            lines.append(self.tr("Mã PIN đúng (không được lưu)."))
        return "\n".join(lines)
