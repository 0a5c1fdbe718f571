"""Excel ledgers: write-only sheets, text cells that never become formulas, temp-file downloads."""

import tempfile

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXCEL_TEXT_LIMIT = 32_767


def text_cell(ws, text):
    """A cell that is always text: a description starting with "=" must not become a formula."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text or "")[:EXCEL_TEXT_LIMIT]
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    return cell


def new_sheet(title, columns, widths):
    """A write-only workbook with one sheet and a bold, frozen header row."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center")
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        cell.alignment = centre
        header.append(cell)
    ws.append(header)
    return wb, ws


def xlsx_response(write, filename):
    """A download built by `write(stream)` in a temporary file deleted when it is closed."""
    if not filename.lower().endswith(".xlsx"):
        filename = f"{filename}.xlsx"
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    try:
        write(tmp)
        tmp.flush()
        tmp.seek(0)
    except BaseException:
        tmp.close()
        raise
    return FileResponse(tmp, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
