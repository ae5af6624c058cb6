"""The council report (`council.document`'s blocks) as a Word document: `plan rapport --format docx`,
for an agenda that is written in Word.

Real Word headings ("Overskrift 1-4" in a Danish Word: the built-in heading styles), tables with a
header row Word repeats on every page and rows it never splits, column widths fixed to the page (a
long word wraps in its cell), and page numbers as Word fields ("Side {PAGE} af {NUMPAGES}") in the
footer, the title and day in the header. With a template (`--skabelon`, a .docx or .dotx) the
document is built on it: its styles, page, header and footer are kept, its body text is not; a
header or footer the template leaves empty gets ours.

python-docx is imported here only (the `office` extra). What it has no API for (fields, a repeated
header row, a cell's shading) is written as WordprocessingML on the elements its public properties
give (`Document.element`, `ParagraphFormat.element`, `Font.element`), with python-docx's own
`OxmlElement` and `qn`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime, time
from pathlib import Path
from typing import Any

from baeredygtig_cli.domain.timing import format_date
from baeredygtig_cli.errors import PlanError, os_error_text
from baeredygtig_cli.output.council import (
    Block,
    Bullets,
    Chart,
    Facts,
    Grid,
    Heading,
    Paragraph,
    Report,
    column_layout,
    one_line,
)

TABLE_POINTS = 9.0  # the tables' text; a dense table is set smaller (`council.column_layout`)
SMALL_POINTS = 8.0  # notes, the colophon, the header and footer
MUTED = "5B6470"  # the HTML page's muted text colour (4.5:1 and more on white)
HEAD_FILL = "F4F6F8"  # the HTML page's table head
TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        from baeredygtig_cli.planfile.documents import OFFICE_EXTRA

        raise PlanError(f"docx kræver python-docx, som ikke er installeret: {OFFICE_EXTRA}") from None
    return docx


def _template_package(path: Path) -> io.BytesIO:
    """The template's bytes, a .dotx (a Word template) read as the document it is the pattern of."""
    try:
        with zipfile.ZipFile(path) as package:
            entries = {info.filename: package.read(info) for info in package.infolist()}
    except OSError as error:
        raise PlanError(f"skabelonen {path} kan ikke læses ({os_error_text(error)})") from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise PlanError(f"skabelonen {path} er ikke et Word-dokument (.docx/.dotx)") from None
    types = entries.get("[Content_Types].xml")
    if types is None:
        raise PlanError(f"skabelonen {path} er ikke et Word-dokument (.docx/.dotx)")
    entries["[Content_Types].xml"] = types.replace(TEMPLATE_TYPE, DOCUMENT_TYPE)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            package.writestr(name, data)
    out.seek(0)
    return out


def report_docx(report: Report, blocks: Sequence[Block], template: Path | None = None) -> bytes:
    docx = _docx()
    from docx.shared import Mm

    if template is None:
        document = docx.Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)  # A4, not python-docx's Letter
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    else:
        from docx.opc.exceptions import OpcError

        try:
            document = docx.Document(_template_package(template))
        except (ValueError, KeyError, SyntaxError, OpcError):  # not a WordprocessingML document
            raise PlanError(f"skabelonen {template} er ikke et Word-dokument (.docx/.dotx)") from None
        _empty_body(document)
    writer = _Writer(document, report)
    for block in blocks:
        writer.block(block)
    writer.margins()
    properties = document.core_properties
    properties.title = f"Statusrapport: {report.plan.title}"[:250]
    properties.subject = " · ".join(w for w in (report.front.municipality, report.front.committee) if w)[:250]
    properties.author = properties.last_modified_by = "plan (baeredygtig-cli)"
    properties.created = properties.modified = datetime.combine(report.today, time())
    properties.revision = 1
    properties.language = "da-DK"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _empty_body(document: Any) -> None:
    """A template's body text gone; its last section's page, header and footer stay."""
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


class _Writer:
    def __init__(self, document: Any, report: Report) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self.document = document
        self.report = report
        self.styles = {s.name for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
        self.table_styles = {s.name for s in document.styles if s.type == WD_STYLE_TYPE.TABLE}
        section = document.sections[0]
        self.width = section.page_width - section.left_margin - section.right_margin

    # --- blocks -------------------------------------------------------------------------------

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            paragraph = self.document.add_paragraph(block.text, style=self._heading_style(block.level))
            paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Facts):
            for label, value in block.pairs:
                paragraph = self.document.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(value)
                paragraph.paragraph_format.space_after = 0
        elif isinstance(block, Paragraph):
            self._paragraph(block)
        elif isinstance(block, Bullets):
            style = "List Bullet" if "List Bullet" in self.styles else None
            for item in block.items:
                self.document.add_paragraph(item if style else f"• {item}", style=style)
        elif isinstance(block, Grid):
            self._table(block)
        else:
            assert isinstance(block, Chart)  # the numbers follow as a table; no picture in Word

    def _paragraph(self, block: Paragraph) -> None:
        from docx.shared import Pt, RGBColor

        paragraph = self.document.add_paragraph()
        for run in block.runs:
            added = paragraph.add_run(run.text)
            added.bold = run.bold or block.role == "notice"
            if block.role in ("note", "colophon", "theme"):
                added.font.size = Pt(SMALL_POINTS if block.role != "theme" else 10)
                added.font.color.rgb = RGBColor.from_string(MUTED)
                added.italic = block.role == "theme"
        if block.role in ("theme", "empty"):
            paragraph.paragraph_format.keep_with_next = block.role == "theme"
            paragraph.paragraph_format.space_after = Pt(3)
        if block.role == "colophon":
            paragraph.paragraph_format.space_before = Pt(18)

    def _heading_style(self, level: int) -> str:
        """Word's built-in heading style of the level; added (bold, its outline level) where a
        template lacks it, so the document still has real headings."""
        name = f"Heading {level}"
        if name in self.styles:
            return name
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        style = self.document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.document.styles["Normal"]
        style.font.bold = True
        style.font.size = Pt({1: 18, 2: 15, 3: 13}.get(level, 11))
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(12)
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level - 1))
        style.element.get_or_add_pPr().append(outline)
        self.styles.add(name)
        return name

    def _table(self, grid: Grid) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        layout = column_layout(grid)
        size = Pt(TABLE_POINTS * layout.size)
        table = self.document.add_table(rows=1 + len(grid.rows), cols=len(grid.head))
        if "Table Grid" in self.table_styles:
            table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False  # w:tblLayout fixed: the widths below hold, a long word wraps
        widths = [int(self.width * share) for share in layout.shares]
        for i, column in enumerate(table.columns):
            column.width = widths[i]
        scale = self.report.plan.scale
        for r, row in enumerate((grid.head, *grid.rows)):
            cells = table.rows[r].cells
            for i, text in enumerate(row):
                cell = cells[i]
                cell.width = widths[i]
                paragraph = cell.paragraphs[0]
                run = paragraph.add_run(text)
                run.font.size = size
                run.bold = r == 0
                if i in grid.numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if r == 0:
                    _shade(paragraph, HEAD_FILL)
                elif i == grid.status_column:
                    colour = scale.look(grid.statuses[r - 1]).colour
                    if colour is not None:
                        _shade(paragraph, colour.lstrip("#").upper())
                        run.bold = True
                        from docx.shared import RGBColor

                        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        tbl = list(self.document.element.body.iterchildren(qn("w:tbl")))[-1]
        for number, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
            properties = tr.get_or_add_trPr()
            properties.append(OxmlElement("w:cantSplit"))  # a row is never split across pages
            if number == 0:
                properties.append(OxmlElement("w:tblHeader"))  # repeated on every page
        self.document.add_paragraph().paragraph_format.space_after = Pt(2)

    # --- header and footer --------------------------------------------------------------------

    def margins(self) -> None:
        """The title and day in the header, "Side X af Y" (Word fields) in the footer, where the
        document (or its template) has none of its own."""
        report, section = self.report, self.document.sections[0]
        if _empty(section.header):
            paragraph = _right_tab(section.header.paragraphs[0], self.width)
            _small(paragraph.add_run(f"Statusrapport: {one_line(report.plan.title, 80)}"))
            _small(paragraph.add_run(f"\t{format_date(report.today)}"))
        if _empty(section.footer):
            paragraph = _right_tab(section.footer.paragraphs[0], self.width)
            whose = " · ".join(w for w in (report.front.municipality, report.front.committee) if w)
            _small(paragraph.add_run(f"{one_line(whose, 80)}\tSide "))
            _word_field(paragraph, "PAGE")
            _small(paragraph.add_run(" af "))
            _word_field(paragraph, "NUMPAGES")


def _right_tab(paragraph: Any, position: int) -> Any:
    """The paragraph with one tab stop, at the right margin: its style's own stops (Word's
    "Header" style has a centre one) cleared, so a tab goes to the margin."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    stops = paragraph.paragraph_format.tab_stops
    if paragraph.style is not None:
        for stop in paragraph.style.paragraph_format.tab_stops:
            stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(position, WD_TAB_ALIGNMENT.RIGHT)
    return paragraph


def _small(run: Any) -> Any:
    from docx.shared import Pt, RGBColor

    run.font.size = Pt(SMALL_POINTS)
    run.font.color.rgb = RGBColor.from_string(MUTED)
    return run


def _empty(part: Any) -> bool:
    """A header or footer with nothing in it: no text, field, picture or table."""
    if part.tables:
        return False
    for paragraph in part.paragraphs:
        if paragraph.text.strip():
            return False
        element = paragraph.paragraph_format.element
        if element.xpath(".//w:fldChar | .//w:fldSimple | .//w:drawing | .//w:pict"):
            return False
    return True


def _word_field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) as Word writes one: begin, instruction, separator, the value
    shown until Word updates it, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(child: Any) -> None:
        run = _small(paragraph.add_run())
        run.font.element.append(child)

    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run_with(char)
        elif text == "1":
            _small(paragraph.add_run("1"))
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run_with(instruction)


def _shade(paragraph: Any, fill: str) -> None:
    """The cell a paragraph stands in filled with a colour (`w:shd`)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cell = paragraph.paragraph_format.element.getparent()  # w:tc
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell.get_or_add_tcPr().append(shading)
