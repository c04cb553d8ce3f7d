"""A chart of the Reports screen: the PDF's own reportlab drawing, shown as SVG at the widget's
size (so the window and the paper cannot disagree, and Qt Charts is not needed)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QFontInfo, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QSizePolicy, QWidget

from counter.paths import get_asset
from counter.reports import charts
from counter.reports.figures import Report


@cache
def _load_fonts() -> None:
    """The SVG names the bundled font families (Liberation Serif): make Qt know them, so the
    diacritics look as in the PDF whatever fonts the PC has."""
    for face in ("Regular", "Bold", "Italic"):
        QFontDatabase.addApplicationFont(str(get_asset("fonts", f"LiberationSerif-{face}.ttf")))


class ReportChart(QSvgWidget):
    """Shows `chart` of the last report given, redrawn when the widget's size changes."""

    def __init__(
        self, chart: charts.Chart, words: charts.ChartWords, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        _load_fonts()
        self.chart, self.words = chart, words
        self.report: Report | None = None
        self.svg = b""
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # A drawing takes 10-25 ms: while the window is being resized the last one is stretched,
        # and the chart is drawn again at its size once the resizing pauses.
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(60)
        self._redraw.timeout.connect(self.draw)

    def set_report(self, report: Report) -> None:
        self.report = report
        self.draw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.report is not None:
            self._redraw.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        # The drawing is made for paper: white behind it, whatever the window's colours.
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.report is not None:
            self.renderer().render(painter)
        painter.end()

    def draw(self) -> None:
        """Draw the report's chart at the widget's size, its smallest labels (7 pt on paper)
        as large as the window's own text."""
        if self.report is None:
            return
        points = max(self.logicalDpiY() / 72, QFontInfo(self.font()).pixelSize() / 7)
        width = max(self.width(), self.minimumWidth(), 200) / points
        height = max(self.height(), self.minimumHeight()) / points
        self.svg = charts.svg(self.chart(self.report, width, height, self.words))
        self.load(QByteArray(self.svg))
