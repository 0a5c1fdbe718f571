"""Editable Word documents (python-docx): Chinese schools hand in their notices and summaries as
.docx, so every app writes them the same way, with East Asian text in a font Word has.

python-docx is imported by the functions that write a document, never when this module loads
(as openpyxl in core.xlsx): a worker that writes no document does not hold it.
"""

import io

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The font of Chinese official documents; Word on any Chinese system has it.
FONT = "宋体"


def document():
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    # Word takes East Asian text's font from eastAsia, not from the font's name: set it on
    # the body text and on the headings.
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.styles["Normal"].font.size = Pt(11)
    return doc


def heading(doc, text, level=1):
    found = doc.add_heading(text, level=level)
    if level == 0:
        align(found, "center")
    return found


def align(paragraph, where):
    """Align a paragraph "left", "center" or "right"."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[where]


def table(doc, header, rows):
    """A grid with a bold header row; every value is written as text, a missing one as "—"."""
    grid = doc.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            cell.text = "—" if value is None else str(value)
    return grid


def to_bytes(doc):
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
