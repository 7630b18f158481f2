"""Word building blocks (python-docx): the document's styles, shaded blocks, tables and lists.

Everything stays editable in Word: texts are plain runs in Word's own styles (Title, Heading 1,
List Bullet), blocks are table cells with a shade, the Emphasis visual is a row of marks.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

ACCENT = RGBColor(0x1F, 0x6F, 0x78)
WARN = RGBColor(0xB5, 0x44, 0x2F)
MUTED = RGBColor(0x6B, 0x77, 0x80)
SOFT, WARN_SOFT, HEAD, RULE = "E8F1F2", "F8E9E5", "1F6F78", "C9D3D8"
FONT = "Calibri"
GAP_CM = 0.25


def set_up(document: Document, language: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.6))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(9.5)
    normal.paragraph_format.space_after = Pt(2)
    _language(normal, "nl-NL" if language == "nl" else "en-GB")
    for name, size in (("Title", 22), ("Heading 1", 14), ("Heading 2", 11)):
        style = document.styles[name]
        style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), ACCENT
        style.paragraph_format.space_before = Pt(10 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(3)


def _language(style: object, code: str) -> None:
    # Word's spelling check follows the run language; set it so a Dutch text is not marked as wrong English.
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), code)
    rpr.append(lang)


STYLE_IDS = {"Title": "Title", "Heading 1": "Heading1", "Heading 2": "Heading2", "List Bullet": "ListBullet"}


def styled(document: Document, text: str, style: str) -> Paragraph:
    """A paragraph in one of Word's built-in styles, by its id: python-docx's lookup by name scans every
    style of the template for each paragraph, which made up half the time of building the document."""
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().style = STYLE_IDS[style]
    return paragraph


def shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def write(paragraph: Paragraph, text: str, bold: bool = False, size: float | None = None,
          color: RGBColor | None = None, italic: bool = False) -> Paragraph:
    run = paragraph.add_run(text)
    # Only what differs from the style: every property set adds XML that Word (and python-docx) must walk.
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return paragraph


def first_paragraph(cell: _Cell) -> Paragraph:
    """A new cell has one empty paragraph: use it first, then add more."""
    paragraph = cell.paragraphs[-1]
    return paragraph if not paragraph.text and not paragraph.runs else cell.add_paragraph()


def label(cell: _Cell, text: str, warn: bool = False) -> None:
    write(first_paragraph(cell), text.upper(), bold=True, size=7.5, color=WARN if warn else ACCENT)


def text_in(cell: _Cell, text: str | None, fallback: str, size: float | None = None, bold: bool = False) -> None:
    if text:
        write(first_paragraph(cell), text, size=size, bold=bold)
    else:
        write(first_paragraph(cell), fallback, size=size, color=MUTED, italic=True)


def bullets_in(cell: _Cell, items: Sequence[str], fallback: str, size: float = 9) -> None:
    if not items:
        text_in(cell, None, fallback, size)
    for item in items:
        paragraph = first_paragraph(cell)
        paragraph.paragraph_format.left_indent, paragraph.paragraph_format.first_line_indent = Cm(0.35), Cm(-0.35)
        write(paragraph, f"•\u00a0{item}", size=size)


def blocks(document: Document, widths_cm: Sequence[float], tones: Sequence[str] = ()) -> list[_Cell]:
    """A row of shaded blocks (one table row, a narrow white gap between them)."""
    count = len(widths_cm)
    table = document.add_table(rows=1, cols=count * 2 - 1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    cells = []
    row = table.rows[0].cells
    for index, width in enumerate(widths_cm):
        if index:
            _width(table, row, index * 2 - 1, GAP_CM)
        _width(table, row, index * 2, width)
        shade(row[index * 2], WARN_SOFT if tones and tones[index] == "warn" else SOFT)
        cells.append(row[index * 2])
    document.add_paragraph().paragraph_format.space_after = Pt(0)
    return cells


def _width(table: Table, row: Sequence[_Cell], index: int, width_cm: float) -> None:
    # Word reads the cell's width, LibreOffice the table grid's column: set both.
    table.columns[index].width = Cm(width_cm)
    row[index].width = Cm(width_cm)


def grid(document: Document, head: Sequence[str], rows: Sequence[Sequence[str | None]],
         widths_cm: Sequence[float], size: float = 8.5) -> Table:
    """A table with a coloured header row (repeated on every page it runs over) and banded rows."""
    table = document.add_table(rows=1, cols=len(head))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    _light_borders(table)
    header = table.rows[0]
    _repeat_header(header)
    for index, (cell, text) in enumerate(zip(header.cells, head, strict=True)):
        shade(cell, HEAD)
        _width(table, header.cells, index, widths_cm[index])
        write(cell.paragraphs[0], text, bold=True, size=size, color=RGBColor(0xFF, 0xFF, 0xFF))
    for number, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, widths_cm, strict=True):
            cell.width = Cm(width)
            write(cell.paragraphs[0], "—" if text is None else text, size=size)
            if number % 2:
                shade(cell, SOFT)
    return table


def _light_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "4")
        border.set(qn("w:color"), RULE)
        borders.append(border)
    table._tbl.tblPr.append(borders)


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
