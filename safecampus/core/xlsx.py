"""Excel ledgers: write-only sheets, text cells that never become formulas, temp-file downloads.

openpyxl is imported by the functions that write a workbook (through `load_openpyxl`), never
when this module loads: it would add some 14 MB to every worker, most of which never writes a
workbook (issue 11: the export's memory is the worker's).
"""

import sys
import tempfile

from django.http import FileResponse

from safecampus.core.cells import DATE, NUMBER, TEXT, clean_text

__all__ = ["DATE", "NUMBER", "TEXT"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def load_openpyxl():
    """Import openpyxl, without numpy unless something else loaded numpy already.

    openpyxl imports numpy when it is installed, only to accept numpy's number types as cell
    values; no ledger writes one. numpy is installed for matplotlib (the summaries' charts,
    drawn by the task worker) and costs 12 MB, which took the hazard export's worker past its
    150 MB (issue 11). A None in sys.modules makes `import numpy` fail for the moment openpyxl
    is imported; a thread importing numpy in that moment would fail too, which is why the web
    workers draw no charts.
    """
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


def new_workbook():
    """An empty write-only workbook, for a download of several sheets."""
    load_openpyxl()
    from openpyxl import Workbook

    return Workbook(write_only=True)


def text_cell(ws, text):
    """A cell that is always text: a description starting with "=" must not become a formula."""
    text = clean_text(text)
    if not text.startswith("="):
        return text
    load_openpyxl()
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    return cell


def bold_cell(ws, value):
    """A cell in bold, for a title line above a table."""
    load_openpyxl()
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(ws, value=value)
    cell.font = Font(bold=True)
    return cell


def excel_serial(moment):
    """A naive date or date and time as an Excel serial number (the workbook's default epoch)."""
    load_openpyxl()
    from openpyxl.utils.datetime import to_excel

    return to_excel(moment)


class NotAWorkbook(ValueError):
    """An upload that openpyxl cannot open as an .xlsx workbook."""


def open_workbook(file):
    """An uploaded workbook opened read-only with cached values; `file` is a path or a binary
    file-like object. Raises NotAWorkbook for anything that is not an .xlsx workbook."""
    load_openpyxl()
    from openpyxl import load_workbook

    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise NotAWorkbook(str(exc)) from exc


def new_sheet(title, columns, widths, *, long=False):
    """A write-only workbook with one sheet and a bold, frozen header row.

    `long=True` gives a workbook of core.longbook instead, written without openpyxl, whose data
    rows go through the sheet's `rows(kinds)`.
    """
    if long:
        from safecampus.core.longbook import LongBook

        wb = LongBook()
        return wb, wb.add_sheet(title, columns, widths)
    wb = new_workbook()
    return wb, add_sheet(wb, title, columns, widths)


def add_sheet(wb, title, columns, widths, *, long=False):
    """Another sheet of an openpyxl write-only workbook, with its bold, frozen header row.
    `long` is for a workbook that mixes a long ledger with sheets written cell by cell (the
    gate's); a workbook of long sheets only is a `core.longbook.LongBook` (new_sheet(long=True))."""
    load_openpyxl()
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if long:
        from safecampus.core.longsheet import LongSheet

        # create_sheet makes only openpyxl's own sheet classes.
        ws = LongSheet(parent=wb, title=title)
        wb._add_sheet(ws)
    else:
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
    return ws


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
