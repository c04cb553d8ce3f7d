"""Shared page furniture of the official forms: paper, styles, header, titles, signatures."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5, A6, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from counter.domain.codes import DEMO_MARK, DEMO_NOTE
from counter.domain.text import nfc
from counter.printing.fonts import SANS, SERIF, ensure_fonts
from counter.services.office import OfficeSettings

REPRINT_MARK = "BẢN IN LẠI"
NBSP = "\u00a0"  # no-break space: ties words on a line, reads back as a space


def esc(text: object) -> str:
    """Text for a reportlab paragraph: NFC (no text shaping in reportlab) and XML-escaped."""
    return escape(nfc(str(text)))


def no_widow(text: str) -> str:
    """A short last word tied to the one before by a no-break space (read back as a space):
    a lone "ở" on the last line of a procedure's name looks careless."""
    head, space, last = text.rpartition(" ")
    return f"{head}{NBSP}{last}" if space and len(last) <= 6 else text


def moment_text(moment: datetime | None) -> str:
    """'09 giờ 05 phút, ngày 02/03/2026' — how the forms state a time of receipt or return."""
    if moment is None:
        return "…giờ…phút, ngày…/…/……"
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"


def place_date(place: str, day: date) -> str:
    """The dateline of a Vietnamese administrative document (NĐ 30/2020)."""
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


@dataclass(frozen=True)
class Styles:
    """Paragraph styles scaled to the paper: 13 pt on A4 as NĐ 30/2020 prescribes, less on A5."""

    size: float
    body: ParagraphStyle
    letter: ParagraphStyle
    body_left: ParagraphStyle
    small: ParagraphStyle
    small_center: ParagraphStyle
    center: ParagraphStyle
    center_bold: ParagraphStyle
    center_italic: ParagraphStyle
    title: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle


def styles_for(size: float) -> Styles:
    ensure_fonts()
    lead = size * 1.2

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": SERIF,
            "fontSize": size,
            "leading": lead,
            "alignment": TA_JUSTIFY,
            "spaceAfter": size * 0.12,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    cell = size - 1.5
    return Styles(
        size=size,
        body=style("body", firstLineIndent=0),
        # Body of an official letter: first line indented, a little air between paragraphs.
        letter=style("letter", firstLineIndent=size * 2.5, spaceAfter=size * 0.4),
        body_left=style("body_left", alignment=TA_LEFT),
        small=style("small", fontSize=size - 2, leading=(size - 2) * 1.2, alignment=TA_LEFT),
        small_center=style(
            "small_center", fontSize=size - 2, leading=(size - 2) * 1.2, alignment=TA_CENTER
        ),
        center=style("center", alignment=TA_CENTER, spaceAfter=0),
        center_bold=style(
            "center_bold", alignment=TA_CENTER, fontName=f"{SERIF}-Bold", spaceAfter=0
        ),
        center_italic=style(
            "center_italic", alignment=TA_CENTER, fontName=f"{SERIF}-Italic", spaceAfter=0
        ),
        title=style(
            "title",
            alignment=TA_CENTER,
            fontName=f"{SERIF}-Bold",
            fontSize=size + 1,
            leading=(size + 1) * 1.25,
            spaceBefore=size * 0.8,
            spaceAfter=size * 0.2,
        ),
        cell=style("cell", fontSize=cell, leading=cell * 1.2, alignment=TA_LEFT, spaceAfter=0),
        cell_center=style(
            "cell_center", fontSize=cell, leading=cell * 1.2, alignment=TA_CENTER, spaceAfter=0
        ),
        cell_head=style(
            "cell_head",
            fontSize=cell,
            leading=cell * 1.2,
            alignment=TA_CENTER,
            fontName=f"{SERIF}-Bold",
            spaceAfter=0,
        ),
    )


@dataclass(frozen=True)
class Page:
    """Paper size, margins and the type size that go with it."""

    size: tuple[float, float]
    top: float
    bottom: float
    left: float
    right: float
    font: float

    @property
    def width(self) -> float:
        return self.size[0] - self.left - self.right


def page_for(paper: str, *, landscape_page: bool = False) -> Page:
    if paper == "a4":
        size = landscape(A4) if landscape_page else A4
        if landscape_page:
            # The register: NĐ 30/2020's top and bottom margins, narrower sides for its columns.
            return Page(size, 20 * mm, 20 * mm, 15 * mm, 12 * mm, 10)
        # NĐ 30/2020 margins: top 20, bottom 20, left 30, right 15 mm.
        return Page(size, 20 * mm, 20 * mm, 30 * mm, 15 * mm, 13)
    if paper == "a5":
        return Page(A5, 9 * mm, 8 * mm, 14 * mm, 9 * mm, 9.5)
    if paper == "a6":
        return Page(A6, 6 * mm, 6 * mm, 6 * mm, 6 * mm, 8)
    raise ValueError(paper)


def header(
    st: Styles,
    office: OfficeSettings,
    width: float,
    number: str,
    dateline: str,
    *,
    issuer: str = "",
) -> Flowable:
    """The two-column heading (NĐ 30/2020 layout): issuing body left, national motto right,
    then "Số: …" left and the place and date right on one line. `issuer` names a body that
    issues the document itself (a letter of the UBND): alone and in bold; otherwise the
    governing body over the office's unit."""
    left_w = width * 0.44
    right_w = width - left_w
    small = st.size - 1
    if issuer:
        bodies = [
            Paragraph(
                f"<font size={small}><b>"
                f"{balanced(issuer.upper(), f'{SERIF}-Bold', small, left_w)}</b></font>",
                st.center,
            )
        ]
    else:
        bodies = [
            Paragraph(f"<font size={small}>{esc(office.governing_body.upper())}</font>", st.center),
            Paragraph(
                f"<font size={small}><b>"
                f"{balanced(office.unit_name.upper(), f'{SERIF}-Bold', small, left_w)}</b></font>",
                st.center,
            ),
        ]
    left: list[Flowable] = [
        *bodies,
        HRFlowable(width="35%", thickness=0.6, color=colors.black, spaceBefore=3, spaceAfter=3),
    ]
    motto = "Độc lập - Tự do - Hạnh phúc"
    # The rule under the motto is exactly as long as the motto (NĐ 30/2020).
    motto_width = stringWidth(motto, f"{SERIF}-Bold", st.size)
    right: list[Flowable] = [
        Paragraph(
            f"<font size={small}><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></font>", st.center
        ),
        Paragraph(f"<b>{motto}</b>", st.center),
        HRFlowable(
            width=motto_width, thickness=0.6, color=colors.black, spaceBefore=3, spaceAfter=3
        ),
    ]
    # "Số:" and the dateline share a row, so they stand on one line however many lines the
    # bodies' names take.
    rows = [
        [left, right],
        [Paragraph(esc(number), st.center), Paragraph(f"<i>{esc(dateline)}</i>", st.center)],
    ]
    table = Table(rows, colWidths=[left_w, right_w])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def balanced_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` on one line, or two of similar length when it does not fit: a heading broken as
    "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT / QUẢ" looks careless."""
    words = text.split()
    if stringWidth(text, font, size) <= width or len(words) < 2:
        return [text]
    best = min(
        range(1, len(words)),
        key=lambda i: abs(
            stringWidth(" ".join(words[:i]), font, size)
            - stringWidth(" ".join(words[i:]), font, size)
        ),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def balanced(text: str, font: str, size: float, width: float) -> str:
    """`balanced_lines` as paragraph markup (escaped, joined by a line break)."""
    return "<br/>".join(esc(line) for line in balanced_lines(text, font, size, width))


class CornerNote(Flowable):
    """Sets the note printed in the top-right margin from this page on ("Liên 2: …"): it
    follows the story, so a copy that runs onto a second page keeps its marker."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._counter_corner = self.text  # type: ignore[attr-defined]


def sentence(text: str) -> str:
    """A reason typed without a full stop still ends the sentence on the page."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else f"{text}."


def title(st: Styles, text: str, subtitle: str = "") -> list[Flowable]:
    items: list[Flowable] = [Paragraph(esc(text), st.title)]
    if subtitle:
        items.append(Paragraph(f"<i>{esc(subtitle)}</i>", st.center))
    items.append(Spacer(1, st.size * 0.6))
    return items


def field(st: Styles, label: str, value: str, *, bold: bool = False) -> Paragraph:
    shown = f"<b>{esc(value)}</b>" if bold else esc(value)
    return Paragraph(f"{esc(label)}: {shown}", st.body)


def grid(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    align_center: Sequence[int] = (),
    row_heights: Sequence[float] | None = None,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    table = Table(
        list(rows),
        colWidths=list(widths),
        rowHeights=list(row_heights) if row_heights else None,
        repeatRows=header_rows,
    )
    commands: list[tuple[Any, ...]] = [
        # Also for empty cells: the table's default font (Helvetica) would land in the PDF.
        ("FONTNAME", (0, 0), (-1, -1), SERIF),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for column in align_center:
        commands.append(("ALIGN", (column, 0), (column, -1), "CENTER"))
    commands += extra
    table.setStyle(TableStyle(commands))
    return table


def signatures(
    st: Styles,
    width: float,
    blocks: Sequence[tuple[str, str]],
    *,
    note: str = "(Ký và ghi rõ họ tên)",
    gap: float = 18 * mm,
) -> Flowable:
    """Side-by-side signature blocks: title, '(Ký và ghi rõ họ tên)', room to sign, name."""
    cells = []
    for heading, name in blocks:
        cells.append(
            [
                Paragraph(f"<b>{esc(heading)}</b>", st.center),
                Paragraph(f"<i>{esc(note)}</i>", st.center),
                Spacer(1, gap),
                Paragraph(f"<b>{esc(name)}</b>" if name else "", st.center),
            ]
        )
    return side_by_side(st, cells, [width / len(blocks)] * len(blocks))


def side_by_side(st: Styles, cells: Sequence[Any], widths: Sequence[float]) -> Flowable:
    """Columns of flowables, top-aligned without padding, kept on one page after a little air
    (the signature part of a form)."""
    table = Table([list(cells)], colWidths=list(widths))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, st.size * 0.8), table])


def page_marks(
    page: Page, *, reprint: bool, marks: Callable[[int], str] | None = None
) -> Callable[[Canvas, Any], None]:
    """Draws, after the page's content, the reprint stamp (top left) and the corner note
    (top right): a copy marker set by `CornerNote`, or `marks(page number)`."""

    def on_page_end(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        top = page.size[1] - page.top * 0.5
        size = max(page.font - 2, 7)
        if reprint:
            canvas.setFont(f"{SERIF}-Bold", size + 1)
            text_w = canvas.stringWidth(REPRINT_MARK, f"{SERIF}-Bold", size + 1)
            x = page.left
            canvas.setLineWidth(0.8)
            canvas.rect(x - 2, top - 3, text_w + 4, size + 5, stroke=1, fill=0)
            canvas.drawString(x, top, REPRINT_MARK)
        text = marks(canvas.getPageNumber()) if marks else getattr(canvas, "_counter_corner", "")
        if text:
            canvas.setFont(f"{SERIF}-Italic", size)
            canvas.drawRightString(page.size[0] - page.right, top, nfc(text))
        canvas.restoreState()

    return on_page_end


def content_frame(page: Page) -> Frame:
    return Frame(
        page.left,
        page.bottom,
        page.width,
        page.size[1] - page.top - page.bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def draw_demo_mark(canvas: Canvas) -> None:
    """Across the page, over everything: this paper comes from the demo office. Light enough
    that the barcodes and QR codes under it still scan."""
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColorRGB(0.75, 0.1, 0.1)
    canvas.setFillAlpha(0.16)
    size = min(width, height) / 7
    canvas.setFont(f"{SANS}-Bold", size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35 if height > width else 20)
    canvas.drawCentredString(0, -size / 3, nfc(DEMO_MARK))
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColorRGB(0.75, 0.1, 0.1)
    note = max(6.0, min(9.0, width / 40))
    canvas.setFont(f"{SANS}-Bold", note)
    canvas.drawCentredString(width / 2, note * 0.6, nfc(DEMO_NOTE))
    canvas.restoreState()


class DemoCanvas(Canvas):
    """A canvas that marks every page it finishes as demo data."""

    def showPage(self) -> None:
        draw_demo_mark(self)
        super().showPage()


def canvas_class(demo: bool) -> type[Canvas]:
    """The canvas a form is drawn on: marked on every page for the demo office."""
    return DemoCanvas if demo else Canvas


def build_pdf(
    page: Page,
    story: list[Flowable],
    *,
    reprint: bool,
    marks: Callable[[int], str] | None = None,
    title_text: str = "",
    demo: bool = False,
) -> bytes:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=page.size,
        topMargin=page.top,
        bottomMargin=page.bottom,
        leftMargin=page.left,
        rightMargin=page.right,
        title=nfc(title_text),
        author="counter",
        creator="counter",
        # The page preamble names a font: Helvetica would be listed, unembedded, otherwise.
        initialFontName=SERIF,
    )
    frame = content_frame(page)
    template = PageTemplate(
        "page", [frame], onPageEnd=page_marks(page, reprint=reprint, marks=marks)
    )
    doc.addPageTemplates([template])
    doc.build(story, canvasmaker=canvas_class(demo))
    return buffer.getvalue()


def closing(
    st: Styles,
    width: float,
    recipients: Sequence[str],
    heading: str,
    name: str = "",
    note: str = "(Ký, ghi rõ họ tên và đóng dấu)",
) -> Flowable:
    """End of an official letter: "Nơi nhận:" list on the left, signature block on the right
    (`heading` may hold a line break: "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH")."""
    left: list[Flowable] = [Paragraph("<b><i>Nơi nhận:</i></b>", st.small)]
    left += [Paragraph(f"- {esc(r)}", st.small) for r in recipients]
    right: list[Flowable] = [
        Paragraph("<br/>".join(f"<b>{esc(line)}</b>" for line in heading.split("\n")), st.center)
    ]
    if note:
        right.append(Paragraph(f"<i>{esc(note)}</i>", st.center))
    right += [
        Spacer(1, 20 * mm if width > 120 * mm else 14 * mm),
        Paragraph(f"<b>{esc(name)}</b>" if name else "", st.center),
    ]
    return side_by_side(st, [left, right], [width * 0.45, width * 0.55])
