"""The intake's applicant: the ID number (typed, or the card's QR), name, birth date, sex,
contacts, province and commune pickers and the street address; what an earlier dossier or the
card fills in, and the address typed whole split into the pickers."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
)

from counter.domain import cccd
from counter.domain.address import Place, split_place
from counter.domain.text import fold
from counter.errors import CounterError
from counter.paths import get_asset
from counter.services import intake
from counter.services.intake import ApplicantInput
from ui import format as fmt
from ui.fields import fold_completion
from ui.screens.intake import checks


def _provinces() -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    data = json.loads(get_asset("demo", "provinces.json").read_text(encoding="utf-8"))
    return data["provinces"], data.get("communes", {})


def _short(name: str, limit: int = 60) -> str:
    """A procedure's name short enough for a question (some run to 300 characters)."""
    name = name.removeprefix("Thủ tục ")
    return name if len(name) <= limit else name[: limit - 1].rsplit(" ", 1)[0] + "…"


class ApplicantFields:
    """Part of IntakeScreen: the applicant's box, its keys, and reading and filling it."""

    def _applicant_box(self) -> QGroupBox:
        """The applicant's fields in their box, Enter moving on from one to the next."""
        self.provinces, self.communes = _provinces()
        self._sex_hinted = False  # the sex shown was decoded from the ID number, not chosen
        self.card_question: QMessageBox | None = None  # another person's card: what to do
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(self.tr("12 chữ số, hoặc quét mã QR trên thẻ CCCD"))
        self.full_name = QLineEdit()
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText(self.tr("dd/mm/yyyy hoặc ddmm"))
        self.birth_date.setToolTip(
            self.tr("Gõ ngày và tháng (ddmm): năm lấy theo số định danh đã nhập.")
        )
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
        fold_completion(self.commune)  # "tan hung" finds "Xã Tân Hưng"
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("Số nhà, đường, thôn/ấp"))
        applicant_box = QGroupBox(self.tr("Người nộp hồ sơ"))
        af = QFormLayout(applicant_box)
        # A date and a phone number are read whole: on a narrow window (1024×768 at 125 %) the
        # row goes under its name rather than cutting them.
        af.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        metrics = self.birth_date.fontMetrics()
        self.birth_date.setMinimumWidth(metrics.horizontalAdvance("00/00/0000MM"))
        self.phone.setMinimumWidth(metrics.horizontalAdvance("0000 000 0000MM"))
        self.email.setMinimumWidth(metrics.horizontalAdvance("MMMM"))
        af.addRow(self.tr("Số định danh"), self.id_number)
        af.addRow(self.tr("Họ và tên"), self.full_name)
        birth_row = QHBoxLayout()
        birth_row.addWidget(self.birth_date, 1)
        birth_row.addWidget(QLabel(self.tr("Giới tính")))
        birth_row.addWidget(self.sex)
        af.addRow(self.tr("Ngày sinh"), birth_row)
        # What the typed fields say before saving (ID against birth year and sex, the sex's
        # origin, an address or phone Mẫu 01 would print empty): at the fields, not after.
        self.applicant_check = QLabel()
        self.applicant_check.setWordWrap(True)
        self.applicant_check.setStyleSheet(
            "background:#fff3cd;color:#5c3d00;border:1px solid #e0a800;padding:0.2em;"
        )
        self.applicant_check.hide()
        af.addRow(self.applicant_check)
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.phone, 1)
        contact_row.addWidget(QLabel(self.tr("Thư điện tử")))
        contact_row.addWidget(self.email, 1)
        af.addRow(self.tr("Điện thoại"), contact_row)
        af.addRow(self.tr("Tỉnh, thành phố"), self.province)
        af.addRow(self.tr("Xã, phường"), self.commune)
        af.addRow(self.tr("Địa chỉ"), self.address)

        self.id_number.returnPressed.connect(self._id_entered)
        self.id_number.editingFinished.connect(self._prefill)
        self.id_number.textChanged.connect(self._hint_sex)
        # A choice the clerk makes is never overridden by the ID number's hint.
        self.sex.activated.connect(self._sex_chosen)
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
        self.birth_date.editingFinished.connect(self._complete_birth_year)
        for edit in (self.id_number, self.full_name, self.birth_date, self.phone, self.address):
            edit.textChanged.connect(self._recheck)
        self.sex.currentIndexChanged.connect(self._recheck)
        self.commune.editTextChanged.connect(self._recheck)
        self.province.currentIndexChanged.connect(self._province_changed)
        return applicant_box

    def _sex_chosen(self, _index: int) -> None:
        self._sex_hinted = False
        self._recheck()

    def _id_entered(self) -> None:
        text = self.id_number.text()
        if "|" in text:
            self.apply_card_qr(text)
            return
        self._prefill()
        self.full_name.setFocus()

    def _complete_birth_year(self) -> None:
        """«1203» or «12/03» typed: the year is the one the 12-digit ID number encodes."""
        text = self.birth_date.text().strip()
        digits = text.replace("/", "")
        if not digits.isdigit() or len(digits) != 4 or (text != digits and text.count("/") != 1):
            return
        try:
            hints = cccd.decode(self.id_number.text()) if "|" not in self.id_number.text() else None
        except CounterError:
            return
        if hints is not None:
            self.birth_date.setText(f"{digits[:2]}/{digits[2:]}/{hints.birth_year}")

    def _recheck(self) -> None:
        birth_text = self.birth_date.text()
        full = sum(ch.isdigit() for ch in birth_text) >= 8
        result = checks.check(
            checks.Typed(
                id_number=self.id_number.text(),
                full_name=self.full_name.text(),
                birth_date=fmt.parse_day(birth_text) if full else None,
                male=self.sex.currentData(),
                sex_from_id=self._sex_hinted,
                address=self.address.text(),
                commune=self.commune.currentText(),
                phone=self.phone.text(),
            )
        )
        self.applicant_check.setText("\n".join(f"⚠ {line}" for line in result.lines))
        self.applicant_check.setVisible(bool(result.lines))
        for widget, flagged in (
            (self.birth_date, result.birth_date),
            (self.sex, result.sex),
            (self.address, result.address),
            (self.phone, result.phone),
        ):
            widget.setStyleSheet("background:#fff3cd;" if flagged else "")

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
        self._sex_hinted = True
        self.sex.setCurrentIndex(self.sex.findData(hints.male))
        self._recheck()

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
        """The ID card's QR (scanned anywhere on this screen): fill the applicant. A card of
        another person than the one being typed in asks first (`card_question`): a new intake
        for the card's holder (Enter), or the applicant replaced in this one, or the card
        ignored (Esc) — never the previous citizen's procedure and papers kept silently."""
        try:
            card = cccd.parse_card_qr(text)
        except CounterError as exc:
            self.banner.show_message(exc.message, "error")
            self.id_number.clear()
            return
        if self.card_question is not None:
            self.card_question.close()
        holder = self._other_applicant(card.id_number, card.full_name)
        if holder is None:
            self._take_card(card)
            return
        self._ask_card(card, holder)

    def _other_applicant(self, id_number: str, full_name: str) -> str | None:
        """The applicant typed in so far, when it is not the card's holder; else None."""
        typed_id = "".join(ch for ch in self.id_number.text() if ch.isdigit())
        typed_name = self.full_name.text().strip()
        if typed_id and typed_id != id_number:
            return typed_name or typed_id
        if not typed_id and typed_name and fold(typed_name) != fold(full_name):
            return typed_name
        return None

    def _ask_card(self, card: cccd.CardQr, holder: str) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Thẻ CCCD của người khác"))
        doing = (
            self.tr("Đang tiếp nhận dở hồ sơ «{procedure}» của {holder}.").format(
                procedure=_short(self.procedure.name), holder=holder
            )
            if self.procedure is not None
            else self.tr("Đang nhập dở thông tin của {holder}.").format(holder=holder)
        )
        box.setText(
            doing + "\n" + self.tr("Thẻ vừa quét là của {name}.").format(name=card.full_name)
        )
        box.setInformativeText(
            self.tr(
                "Hồ sơ mới: bỏ hồ sơ đang nhập, bắt đầu tiếp nhận cho {name}. Thay người nộp: "
                "giữ thủ tục và giấy tờ đã đánh dấu, thay toàn bộ thông tin người nộp."
            ).format(name=card.full_name)
        )
        fresh = box.addButton(
            self.tr("Hồ sơ mới cho {name}").format(name=card.full_name),
            QMessageBox.ButtonRole.AcceptRole,
        )
        replace = box.addButton(self.tr("Thay người nộp"), QMessageBox.ButtonRole.ActionRole)
        ignore = box.addButton(self.tr("Bỏ qua thẻ vừa quét"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(fresh)
        box.setEscapeButton(ignore)

        def answered(button) -> None:
            self.card_question = None
            if button is fresh:
                self.reset()
                self._take_card(card)
            elif button is replace:
                self._clear_applicant()
                self._take_card(card)

        box.buttonClicked.connect(answered)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.card_question = box
        box.open()

    def office_commune(self, province: str, place_name: str) -> str:
        """The xã or phường of the office itself (its place name, in its province's list):
        where most applicants live, so the picker starts on it."""
        short = next((p["short"] for p in self.provinces if p["name"] == province), "")
        wanted = fold(place_name)
        for commune in self.communes.get(short, []):
            name = fold(commune)
            for kind in ("xa ", "phuong ", "dac khu ", "thi tran "):
                name = name.removeprefix(kind)
            if wanted in (name, fold(commune)):
                return commune
        return ""

    def _clear_applicant(self) -> None:
        for edit in (
            self.id_number,
            self.full_name,
            self.birth_date,
            self.phone,
            self.email,
            self.address,
        ):
            edit.clear()
        self.sex.setCurrentIndex(0)
        self._sex_hinted = False

    def _take_card(self, card: cccd.CardQr) -> None:
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
        if self.procedure is None:
            self.procedure_edit.setFocus()  # a new intake: its procedure first
        else:
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
        self._recheck()

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
        self._complete_birth_year()  # Ctrl+S from the birth date finishes no editing
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
