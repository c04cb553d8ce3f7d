"""A small layout engine that draws a fixed form straight onto a reportlab canvas.

Platypus (Paragraph, Table, Frame) parses markup, builds fragment objects and measures every
table twice; for Mẫu 01, printed at every intake, that was three quarters of the build time. The
blocks here know only what a form needs: runs of plain text in the serif faces, wrapped greedily
(justified, left or centred), rules, gaps, a grid of wrapped cells, barcodes, QR codes and columns
side by side. Each block is measured once (`layout`) and drawn once (`draw`).

Every page of the content is one form XObject, so several copies of the same page (Liên 1,
Liên 2) cost one layout and one content stream.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from counter.domain.text import nfc
from counter.printing.barcodes import CanvasWriter, draw_bars, draw_qr, qr_matrix
from counter.printing.fonts import SERIF
from counter.printing.layout import NBSP, Page

REGULAR = SERIF
BOLD = f"{SERIF}-Bold"
ITALIC = f"{SERIF}-Italic"

Run = tuple[str, str]  # (text, font name)
# A word is one or more pieces in different faces with no space between them ("đ)" after bold).
Word = tuple[tuple[Run, ...], float]


def runs(*parts: str | Run) -> list[Run]:
    """Plain strings are regular text; (text, font) tuples keep their face. All text NFC."""
    return [(nfc(p), REGULAR) if isinstance(p, str) else (nfc(p[0]), p[1]) for p in parts]


def keep_together(text: str, *, after: str = "") -> str:
    """`text` that never breaks across lines (from just past `after` when given): the spaces
    become no-break spaces, which read back as spaces."""
    head, sep, tail = text.partition(after) if after else ("", "", text)
    return f"{head}{sep}{tail[:1]}{tail[1:].replace(' ', NBSP)}" if sep else tail.replace(" ", NBSP)


def words(text_runs: Sequence[Run], size: float) -> list[tuple[Word, bool]]:
    """The words of the runs, each with whether a space came before it."""
    out: list[tuple[Word, bool]] = []
    pieces: list[Run] = []
    space_before = False
    pending_space = False

    def flush() -> None:
        nonlocal pieces
        if pieces:
            width = sum(stringWidth(t, f, size) for t, f in pieces)
            out.append(((tuple(pieces), width), space_before))
            pieces = []

    for text, font in text_runs:
        for i, part in enumerate(text.split(" ")):
            if i:
                pending_space = True
            if not part:
                continue
            if pending_space:
                flush()
                space_before = bool(out)
                pending_space = False
            pieces.append((part, font))
    flush()
    return out


@dataclass
class Line:
    chunks: list[Run]  # consecutive text in one face, spaces included
    width: float  # natural width
    gaps: int  # spaces between words, where justification adds room


def _chunks(line_words: list[Word]) -> list[Run]:
    """One chunk per change of face; the space before a word goes with the word."""
    chunks: list[Run] = []
    for i, (pieces, _) in enumerate(line_words):
        for j, (piece, face) in enumerate(pieces):
            text = f" {piece}" if i and not j else piece
            if chunks and chunks[-1][1] == face:
                chunks[-1] = (chunks[-1][0] + text, face)
            else:
                chunks.append((text, face))
    return chunks


_SPACE: dict[tuple[str, float], float] = {}


def space_width(font: str, size: float) -> float:
    key = (font, size)
    if key not in _SPACE:
        _SPACE[key] = stringWidth(" ", font, size)
    return _SPACE[key]


def wrap(text_runs: Sequence[Run], size: float, width: float) -> list[Line]:
    """Greedy line breaking; a word longer than the line gets a line of its own."""
    parts = [(t, f) for t, f in text_runs if t]
    if not parts:
        return []
    if "  " not in "".join(t for t, _ in parts):
        # Most lines of a form fit as they are: measure once, no word by word.
        first, last = parts[0], parts[-1]
        parts[0] = (first[0].lstrip(" "), first[1])
        parts[-1] = (parts[-1][0].rstrip(" "), last[1])
        total = sum(stringWidth(t, f, size) for t, f in parts)
        if total <= width + 0.01:
            chunks: list[Run] = []
            for text, face in parts:
                if chunks and chunks[-1][1] == face:
                    chunks[-1] = (chunks[-1][0] + text, face)
                elif text:
                    chunks.append((text, face))
            return [Line(chunks, total, 0)]
    lines: list[Line] = []
    current: list[Word] = []
    used = 0.0
    for word, spaced in words(text_runs, size):
        gap = space_width(word[0][0][1], size) if spaced else 0.0
        if current and used + gap + word[1] <= width + 0.01:
            current.append(word)
            used += gap + word[1]
            continue
        if current:
            lines.append(Line(_chunks(current), used, len(current) - 1))
        current = [word]
        used = word[1]
    if current:
        lines.append(Line(_chunks(current), used, len(current) - 1))
    return lines


def draw_lines(
    canvas: Canvas,
    lines: list[Line],
    x: float,
    top: float,
    width: float,
    size: float,
    leading: float,
    align: str,
) -> None:
    """Lines from `top` down; 'justify' stretches every line but the last (PDF word spacing:
    reportlab keeps ASCII, space included, at its own code in a TrueType subset)."""
    last = len(lines) - 1
    for n, line in enumerate(lines):
        baseline = top - (n + 1) * leading + 0.22 * leading
        start = x
        if align == "center":
            start = x + (width - line.width) / 2
        elif align == "right":
            start = x + width - line.width
        stretch = 0.0
        if align == "justify" and n < last and line.gaps:
            stretch = (width - line.width) / line.gaps
        text_object = canvas.beginText(start, baseline)
        if stretch:
            text_object.setWordSpace(stretch)
        final = len(line.chunks) - 1
        for i, (text, face) in enumerate(line.chunks):
            text_object.setFont(face, size)
            if i < final:
                text_object.textOut(text)
            else:  # textLine does not measure the text again (nothing follows it)
                text_object.textLine(text)
        if stretch:
            text_object.setWordSpace(0)
        canvas.drawText(text_object)


class Block(ABC):
    """Something with a height once given a width, drawn with its top-left corner at (x, top)."""

    height: float = 0.0

    @abstractmethod
    def layout(self, width: float) -> float:
        """Lay the block out in `width`; returns (and keeps) its height."""

    @abstractmethod
    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        """Draw the laid-out block."""


class Text(Block):
    def __init__(
        self,
        text_runs: Sequence[Run],
        size: float,
        align: str = "left",
        *,
        leading: float | None = None,
        before: float = 0.0,
        after: float = 0.0,
    ) -> None:
        self.text_runs = text_runs
        self.size = size
        self.align = align
        self.leading = leading or size * 1.2
        self.before = before
        self.after = after
        self.lines: list[Line] = []

    def layout(self, width: float) -> float:
        self.lines = wrap(self.text_runs, self.size, width)
        self.height = self.before + len(self.lines) * self.leading + self.after
        return self.height

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        draw_lines(
            canvas,
            self.lines,
            x,
            top - self.before,
            width,
            self.size,
            self.leading,
            self.align,
        )


class Gap(Block):
    def __init__(self, height: float) -> None:
        self.height = height

    def layout(self, width: float) -> float:
        return self.height

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        """A gap only takes room: nothing to draw."""


class Rule(Block):
    """A centred horizontal rule of a given length."""

    def __init__(
        self, length: float, *, thickness: float = 0.6, before: float = 1, after: float = 3
    ) -> None:
        self.length = length
        self.thickness = thickness
        self.before = before
        self.after = after

    def layout(self, width: float) -> float:
        self.height = self.before + self.thickness + self.after
        return self.height

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        y = top - self.before - self.thickness / 2
        start = x + (width - self.length) / 2
        canvas.setLineWidth(self.thickness)
        canvas.line(start, y, start + self.length, y)


class Barcode(Block):
    """A Code 128 symbol, centred, quiet zones included in its width."""

    def __init__(self, text: str, *, module: float, height: float) -> None:
        self.bars, total = CanvasWriter().bars_for(text)
        self.module = module
        self.symbol_width = total * module
        self.height = height

    def layout(self, width: float) -> float:
        return self.height

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        left = x + (width - self.symbol_width) / 2
        draw_bars(canvas, self.bars, left, top - self.height, self.module, self.height)


class Qr(Block):
    """A QR code of a given side (4-module quiet zone included), centred."""

    def __init__(self, data: str, side: float) -> None:
        self.matrix = qr_matrix(data)
        self.side = side
        self.height = side

    def layout(self, width: float) -> float:
        return self.side

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        draw_qr(canvas, self.matrix, x + (width - self.side) / 2, top - self.side, self.side)


class Stack(Block):
    """Blocks one under the other."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = list(blocks)

    def layout(self, width: float) -> float:
        self.height = sum(b.layout(width) for b in self.blocks)
        return self.height

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        for block in self.blocks:
            block.draw(canvas, x, top, width)
            top -= block.height


class Columns(Block):
    """Stacks side by side, each in its share of the width, aligned 'top' or 'middle'."""

    def __init__(self, columns: Sequence[tuple[float, Block]], valign: str = "top") -> None:
        self.columns = list(columns)  # (width, block); the last takes what is left when 0
        self.valign = valign

    def _widths(self, width: float) -> list[float]:
        fixed = sum(w for w, _ in self.columns)
        return [w or width - fixed for w, _ in self.columns]

    def layout(self, width: float) -> float:
        self.height = max(
            block.layout(w) for w, (_, block) in zip(self._widths(width), self.columns, strict=True)
        )
        return self.height

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        for w, (_, block) in zip(self._widths(width), self.columns, strict=True):
            offset = (self.height - block.height) / 2 if self.valign == "middle" else 0.0
            block.draw(canvas, x, top - offset, w)
            x += w


@dataclass
class Cell:
    text_runs: list[Run]
    align: str = "left"


@dataclass
class Grid:
    """A ruled table of wrapped text cells; rows never split, the header row repeats on every
    page the table runs onto."""

    widths: list[float]
    header: list[Cell]
    rows: list[list[Cell]]
    size: float
    pad: tuple[float, float, float, float] = (2, 3, 3, 3)  # top, right, bottom, left
    leading: float = field(init=False)

    def __post_init__(self) -> None:
        self.leading = self.size * 1.2

    def measure(self, row: list[Cell]) -> tuple[float, list[list[Line]]]:
        top, right, bottom, left = self.pad
        wrapped = [
            wrap(cell.text_runs, self.size, w - left - right)
            for cell, w in zip(row, self.widths, strict=True)
        ]
        lines = max(len(w) for w in wrapped) or 1
        return top + lines * self.leading + bottom, wrapped

    def draw_row(
        self,
        canvas: Canvas,
        row: list[Cell],
        measured: tuple[float, list[list[Line]]],
        x: float,
        y: float,
    ) -> None:
        height, wrapped = measured
        top, right, bottom, left = self.pad
        canvas.setLineWidth(0.5)
        canvas.rect(x, y - height, sum(self.widths), height, stroke=1, fill=0)
        cx = x
        for i, (cell, lines, w) in enumerate(zip(row, wrapped, self.widths, strict=True)):
            if i:
                canvas.line(cx, y, cx, y - height)
            inner = len(lines) * self.leading
            # Vertically centred in the padded box.
            text_top = y - top - (height - top - bottom - inner) / 2
            draw_lines(
                canvas,
                lines,
                cx + left,
                text_top,
                w - left - right,
                self.size,
                self.leading,
                cell.align,
            )
            cx += w


class Sheet:
    """Draws blocks from the top of the content area down, page after page, each page into its
    own form XObject: `pages` names them, in order, for `canvas.doForm`."""

    def __init__(self, canvas: Canvas, page: Page, name: str) -> None:
        self.canvas = canvas
        self.page = page
        self.name = name
        self.pages: list[str] = []
        self.x = page.left
        self.width = page.width
        self.marks: dict[str, float] = {}  # named y positions on the first page
        self._open()

    def _open(self) -> None:
        if self.pages:
            self.canvas.endForm()
        name = f"{self.name}{len(self.pages)}"
        self.pages.append(name)
        self.canvas.beginForm(name)
        self.y = self.page.size[1] - self.page.top

    def room(self, height: float) -> None:
        """Starts a new page unless `height` fits under the current position."""
        if self.y - height < self.page.bottom - 0.01 and self.y < self.page.size[1] - self.page.top:
            self._open()

    def add(self, block: Block, *, keep: bool = True) -> None:
        height = block.layout(self.width)
        if keep:
            self.room(height)
        block.draw(self.canvas, self.x, self.y, self.width)
        self.y -= height

    def mark(self, name: str, height: float) -> None:
        """Keeps `height` free here and remembers where (drawn later, page by page)."""
        self.room(height)
        if len(self.pages) == 1:
            self.marks[name] = self.y
        self.y -= height

    def grid(self, grid: Grid) -> None:
        head = grid.measure(grid.header)
        first = True
        for row in grid.rows:
            measured = grid.measure(row)
            if first or self.y - measured[0] < self.page.bottom:
                self.room(head[0] + measured[0])
                grid.draw_row(self.canvas, grid.header, head, self.x, self.y)
                self.y -= head[0]
                first = False
            grid.draw_row(self.canvas, row, measured, self.x, self.y)
            self.y -= measured[0]

    def finish(self) -> list[str]:
        self.canvas.endForm()
        return self.pages


def print_copies(
    canvas: Canvas,
    pages: list[str],
    copies: Sequence[str],
    per_page: Callable[[Canvas, str, int], None],
) -> None:
    """Every copy, page by page: the shared content, then what differs (`per_page(copy, n)`)."""
    for copy in copies:
        for n, name in enumerate(pages):
            canvas.doForm(name)
            per_page(canvas, copy, n)
            canvas.showPage()
