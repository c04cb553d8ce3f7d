"""Code 128 barcodes (python-barcode) and QR codes (segno) drawn as vectors into reportlab."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import segno
from barcode import Code128
from barcode.writer import BaseWriter
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

# Code 128 wants a quiet zone of at least 10 modules on each side.
QUIET_MODULES = 10


class CanvasWriter(BaseWriter):
    """A python-barcode writer that collects the bars as rectangles (in modules), to be drawn
    at any size into a reportlab canvas: vectors stay sharp at every printer resolution."""

    def __init__(self) -> None:
        super().__init__(None, self._paint_module, None, self._finish)
        self.bars: list[tuple[float, float]] = []  # (x, width) in modules, from the quiet zone
        self.modules = 0
        # Measured in modules: python-barcode adds quiet_zone to every x position.
        self.module_width = 1
        self.quiet_zone = QUIET_MODULES
        self.margin_top = 0
        self.margin_bottom = 0

    def _paint_module(self, xpos: float, ypos: float, width: float, color: Any) -> None:
        if color == self.foreground:
            self.bars.append((xpos, width))

    def _finish(self) -> list[tuple[float, float]]:
        return self.bars

    def bars_for(self, text: str) -> tuple[list[tuple[float, float]], int]:
        """The bars of `text` and the symbol's total width in modules (quiet zones included)."""
        self.bars = []
        self.text = ""
        line = Code128(text).build()
        self.render(line)
        return self.bars, len(line[0]) + 2 * QUIET_MODULES


def code128_modules(text: str) -> int:
    """Width in modules of the symbol for `text`, quiet zones included."""
    return len(Code128(text).build()[0]) + 2 * QUIET_MODULES


class BarcodeFlowable(Flowable):
    """A Code 128 symbol of fixed module width and bar height, centred in its frame."""

    def __init__(self, text: str, *, module: float, height: float) -> None:
        super().__init__()
        self.text = text
        self.module = module
        self.bar_height = height
        self.bars, self.total = CanvasWriter().bars_for(text)
        self.symbol_width = self.total * module
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = self.symbol_width
        self.height = self.bar_height
        return self.width, self.height

    def draw(self) -> None:
        draw_bars(self.canv, self.bars, 0, 0, self.module, self.bar_height)


def draw_bars(
    canvas: Canvas,
    bars: list[tuple[float, float]],
    x: float,
    y: float,
    module: float,
    height: float,
) -> None:
    """One path for all bars: a single fill operation keeps the PDF small and fast to rasterise."""
    path = canvas.beginPath()
    for start, width in bars:
        path.rect(x + start * module, y, width * module, height)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


@lru_cache(maxsize=64)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """Dark modules of a QR code for `data` (error correction M or better, never Micro QR).

    segno picks the best of the eight masks (most of its ~5 ms): kept for robust phone
    scanning, and cached because the window previews a form and then prints the same one.
    """
    code = segno.make(data, error="m", micro=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


class QrFlowable(Flowable):
    """A QR code of a given side (quiet zone of 4 modules included), drawn as vector runs."""

    def __init__(self, data: str, side: float = 30 * mm) -> None:
        super().__init__()
        self.data = data
        self.side = side
        self.matrix = qr_matrix(data)
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = self.height = self.side
        return self.side, self.side

    def draw(self) -> None:
        count = len(self.matrix) + 8
        module = self.side / count
        path = self.canv.beginPath()
        for r, row in enumerate(self.matrix):
            y = self.side - (r + 5) * module
            c = 0
            n = len(row)
            # Horizontal runs of dark modules: fewer rectangles, no hairline gaps between them.
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    path.rect((start + 4) * module, y, (c - start) * module, module)
                else:
                    c += 1
        self.canv.saveState()
        self.canv.setFillColorRGB(0, 0, 0)
        self.canv.drawPath(path, stroke=0, fill=1)
        self.canv.restoreState()
