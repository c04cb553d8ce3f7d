"""Code 128 barcodes (python-barcode) and QR codes (segno) drawn as vectors into reportlab."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import segno
from barcode import Code128
from barcode.writer import BaseWriter
from reportlab.lib.rl_accel import fp_str
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
    """All bars as one filled path, written in module units under a scaling matrix: a single
    fill keeps the PDF small and fast to rasterise, and the bars land exactly on the modules."""
    rects = " ".join(f"{start:g} 0 {width:g} 1 re" for start, width in bars)
    canvas.addLiteral(f"q 0 g {fp_str(module, 0, 0, height, x, y)} cm {rects} f Q")


# Every one of the eight QR masks is valid; segno's automatic choice scores all eight against
# the specification's penalty rules, which was three quarters of the encoding time (~4.5 ms of
# ~5.7 ms for a VietQR). Scanners read any mask: one fixed mask, decoded by zbarimg in the tests.
QR_MASK = 2


_DARK = bytes([0] + [1] * 255)  # any non-zero module value → 1
_RUN = re.compile(rb"\x01+")


@lru_cache(maxsize=64)
def qr_matrix(data: str) -> tuple[bytes, ...]:
    """The QR code's rows for `data`, one byte a module, 1 dark (error correction M or
    better, never Micro QR). Cached because the window previews a form and then prints it."""
    code = segno.make(data, error="m", micro=False, mask=QR_MASK)
    return tuple(bytes(row).translate(_DARK) for row in code.matrix)


def draw_qr(canvas: Canvas, matrix: tuple[bytes, ...], x: float, y: float, side: float) -> None:
    """The QR code with its bottom-left corner at (x, y), a 4-module quiet zone included: the
    horizontal runs of dark modules as one filled path in module units (no hairline gaps)."""
    count = len(matrix)
    module = side / (count + 8)
    rects = [
        f"{run.start()} {count - 1 - r} {run.end() - run.start()} 1 re"
        for r, row in enumerate(matrix)
        for run in _RUN.finditer(row)
    ]
    origin = fp_str(module, 0, 0, module, x + 4 * module, y + 4 * module)
    canvas.addLiteral(f"q 0 g {origin} cm {' '.join(rects)} f Q")


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
        draw_qr(self.canv, self.matrix, 0, 0, self.side)
