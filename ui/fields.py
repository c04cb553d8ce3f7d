"""Input fields that take what a clerk types: a date typed as digits, completion without accents."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QDate,
    QIdentityProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QCompleter, QDateEdit, QLineEdit, QWidget

from counter.domain.text import fold

_UNFINISHED = QT_TRANSLATE_NOOP(
    "DayEdit",
    "Ngày vừa gõ chưa đủ hoặc không có thật: hãy gõ ngày, tháng, năm liền nhau (ví dụ "
    "24122026) hoặc có dấu / (24/12/2026).",
)
_DIGITS = re.compile(r"(\d{2})(\d{2})(\d{4})")
_SEPARATED = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_DATE_KEYS = set("0123456789/.-")


def typed_day(text: str) -> date | None:
    """A day as a clerk types it: 24122026, 24/12/2026, 5-1-2027, 5.1.2027; None otherwise."""
    found = _DIGITS.fullmatch(text.strip()) or _SEPARATED.fullmatch(text.strip())
    if found is None:
        return None
    try:
        return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return None


def unfinished_day() -> str:
    """What a form says when a DayEdit holds keys it could not take."""
    return QCoreApplication.translate("DayEdit", _UNFINISHED)


class DayEdit(QDateEdit):
    """A day field (dd/MM/yyyy, calendar popup) that takes a whole date typed in one go.

    QDateEdit edits one section at a time: with its text selected, or the cursor in the year,
    "24122026" changed nothing and the form went on with the day shown (today). Here the keys
    typed since the field got the focus are read as a date too; `unfinished()` says when some
    were typed but not taken, so a form can refuse instead of using another day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self._typed = ""
        self._ignored = False

    def set_day(self, day: date) -> None:
        self.setDate(QDate(day.year, day.month, day.day))
        self._typed, self._ignored = "", False

    def day(self) -> date:
        d = self.date()
        return date(d.year(), d.month(), d.day())

    def unfinished(self) -> bool:
        """Keys were typed that neither the field nor `typed_day` could take."""
        return self._ignored

    def focusInEvent(self, event) -> None:
        self._typed, self._ignored = "", False
        super().focusInEvent(event)

    def keyPressEvent(self, event) -> None:
        text = event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if not (text and text in _DATE_KEYS and plain):
            if event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_unknown):
                self._typed = ""
                if event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                    self._ignored = False
            super().keyPressEvent(event)
            return
        self._typed = (self._typed + text)[-10:]
        before = self.lineEdit().text()
        super().keyPressEvent(event)
        day = typed_day(self._typed)
        if day is not None:
            self.setDate(QDate(day.year, day.month, day.day))
            self._typed, self._ignored = "", False
        else:
            self._ignored = self.lineEdit().text() == before


FOLDED_ROLE = Qt.ItemDataRole.UserRole + 40

Index = QModelIndex | QPersistentModelIndex


class _Folded(QIdentityProxyModel):
    """The source's rows, each also as its text folded (no accents, đ→d, lower case)."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == FOLDED_ROLE:
            return fold(super().data(index, Qt.ItemDataRole.DisplayRole))
        return super().data(index, role)


class FoldingCompleter(QCompleter):
    """Completion that folds accents and đ on both sides and matches any part: "dat" offers
    "Lê Văn Đạt", "tan hung" offers "Xã Tân Hưng" (as the dossier search already does)."""

    def __init__(self, source: QAbstractItemModel | list[str], parent: QWidget) -> None:
        super().__init__(parent)
        if isinstance(source, list):
            source = QStringListModel(source, self)
        self.folded = _Folded(self)
        self.folded.setSourceModel(source)
        self.setModel(self.folded)
        self.setCompletionRole(FOLDED_ROLE)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setModelSorting(QCompleter.ModelSorting.UnsortedModel)

    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]

    def pathFromIndex(self, index: Index) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def choices(self, typed: str) -> list[str]:
        """The entries the typed text offers, in the list's order."""
        wanted = fold(typed)
        rows = range(self.folded.rowCount())
        return [
            str(self.folded.index(r, 0).data())
            for r in rows
            if wanted and wanted in self.folded.index(r, 0).data(FOLDED_ROLE)
        ]

    def take_first(self, line: QLineEdit) -> None:
        """Enter on typed words that are no entry yet: the first entry they offer."""
        text = line.text()
        names = [str(self.folded.index(r, 0).data()) for r in range(self.folded.rowCount())]
        if text and text not in names:
            offered = self.choices(text)
            if offered:
                line.setText(offered[0])


def fold_completion(
    field: QLineEdit | QComboBox, source: QAbstractItemModel | list[str] | None = None
) -> FoldingCompleter:
    """Give a line, or an editable list (its own entries), accent-folding completion; Enter
    on typed words takes the first entry they offer."""
    if isinstance(field, QComboBox):
        completer = FoldingCompleter(source or field.model(), field)
        field.setCompleter(completer)
        line = field.lineEdit()
    else:
        completer = FoldingCompleter(source or [], field)
        field.setCompleter(completer)
        line = field
    line.returnPressed.connect(lambda: completer.take_first(line))
    return completer
