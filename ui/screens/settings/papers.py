"""The settings tab of papers and printers: for each form, the paper it goes on (only those the
forms registry allows) and this PC's printer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QWidget

from counter.domain.forms import FORMS, PAPERS
from ui import printing

if TYPE_CHECKING:
    from counter.services.office import OfficeSettings

# lupdate cannot read the core: the paper names (counter.domain.forms) that need translating.
PAPER_NAMES = (QT_TRANSLATE_NOOP("SettingsScreen", "Giấy cuộn 80 mm"),)


class PapersTab:
    """Part of SettingsScreen: a paper and a printer per form."""

    papers: dict[str, QComboBox]
    printers: dict[str, QComboBox]

    def _paper_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.papers = {}
        self.printers = {}
        names = QPrinterInfo.availablePrinterNames()
        for form_key, entry in FORMS.items():
            paper = QComboBox()  # only the papers the form can be printed on
            for key in entry.papers:
                paper.addItem(self.tr(PAPERS[key].label), key)
            printer = QComboBox()
            printer.addItem(self.tr("Máy in mặc định"), "")
            for name in names:
                printer.addItem(name, name)
            # A long printer name is cut on a narrow window (its list shows it whole).
            printer.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            printer.setMinimumContentsLength(12)
            self.papers[form_key] = paper
            self.printers[form_key] = printer
            row = QHBoxLayout()
            row.addWidget(paper)
            row.addWidget(printer, 1)
            form.addRow(printing.form_title(form_key), row)
        return page

    def _show_papers(self, settings: OfficeSettings) -> None:
        for form_key, combo in self.papers.items():
            combo.setCurrentIndex(max(combo.findData(settings.paper.get(form_key)), 0))
            printer = self.printers[form_key]
            printer.setCurrentIndex(max(printer.findData(printing.printer_name(form_key)), 0))
