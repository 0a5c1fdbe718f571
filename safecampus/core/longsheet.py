"""Long sheets in an openpyxl workbook: for a workbook that mixes a long ledger with short
sheets written cell by cell (the gate's). A workbook of long sheets alone is a
core.longbook.LongBook, without openpyxl. core.xlsx imports this module only when such a sheet
is made: openpyxl stays out of a worker that writes no workbook."""

import shutil
import tempfile

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from safecampus.core.longbook import RowWriter


class LongSheet(WriteOnlyWorksheet):
    """A write-only sheet for ledgers of tens of thousands of rows: the data rows are written as
    sheet XML text, the header and everything around the rows by openpyxl.

    openpyxl builds a cell object, guesses its type and opens lxml elements for every cell, some
    20 µs a cell: most of a 100,000-row export's time. Here each row is one string, with the
    cells, types and number formats openpyxl would write for the same values
    (tests/core/test_xlsx.py compares the two byte for byte). The rows go to a temporary file,
    which takes the place of the end of openpyxl's sheetData when the workbook is saved.
    """

    def __init__(self, parent, title):
        super().__init__(parent, title)
        self._long_rows = None
        self._appended = 0
        self._styles = {}

    def append(self, row):
        if self._long_rows is not None:
            raise ValueError("rows appended through openpyxl must come before the long rows")
        super().append(row)
        self._appended += 1

    def rows(self, kinds):
        """A `RowWriter` for the rows after those appended so far, one kind per column."""
        if self._long_rows is not None:
            raise ValueError("a sheet takes one run of long rows")
        self._long_rows = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        return RowWriter(self._long_rows, kinds, self._appended + 1, self._style)

    def _style(self, number_format):
        """The workbook's style id for a number format, registered where openpyxl would: at the
        format's first cell."""
        style = self._styles.get(number_format)
        if style is None:
            cell = WriteOnlyCell(self)
            cell.number_format = number_format
            style = self._styles[number_format] = f' s="{cell.style_id}"'
        return style

    def close(self):
        super().close()
        if self._long_rows is None:
            return
        with open(self._writer.out, "rb") as sheet:
            xml = sheet.read()  # everything but the long rows: a few kilobytes
        end = xml.rfind(b"</sheetData>")
        if end < 0:
            raise ValueError("the long rows need a header row before them")
        with self._long_rows as rows, open(self._writer.out, "wb") as sheet:
            sheet.write(xml[:end])
            rows.seek(0)
            shutil.copyfileobj(rows, sheet, 1 << 20)
            sheet.write(xml[end:])
