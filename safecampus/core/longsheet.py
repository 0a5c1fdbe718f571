"""Long sheets: the data rows of a ledger of tens of thousands of lines written as sheet XML
text (core.xlsx imports this module only when such a sheet is made: openpyxl stays out of a
worker that writes no workbook)."""

import datetime
import shutil
import tempfile

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles.numbers import FORMAT_DATE_YYYYMMDD2
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from safecampus.core.cells import DATE, NUMBER, TEXT, clean_text


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
        return RowWriter(self, self._long_rows, kinds, self._appended + 1)

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


def _escape(text):
    """Text as lxml writes it in openpyxl's ASCII sheet XML; non-ASCII characters become
    character references when the whole row is encoded."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _number(value):
    """A number as openpyxl writes it: through a float, 16 significant digits."""
    return f"{float(value):.16g}"


class RowWriter:
    """Appends rows of plain values to a `LongSheet`.

    Text cells are what `text_cell` makes: always text (never a formula or an error value),
    cleaned, and empty for None. A number or date of None leaves the cell out, as openpyxl does.
    Date cells take `datetime.date` values, shown as yyyy-mm-dd.
    """

    def __init__(self, ws, out, kinds, first_row):
        self._ws = ws
        self._out = out
        self._row = first_row
        self._columns = [
            (get_column_letter(index), kind) for index, kind in enumerate(kinds, start=1)
        ]
        self._styles = {}
        self._serials = {}

    def _style(self, number_format):
        """The workbook's style id for a number format, registered where openpyxl would: at the
        format's first cell."""
        style = self._styles.get(number_format)
        if style is None:
            cell = WriteOnlyCell(self._ws)
            cell.number_format = number_format
            style = self._styles[number_format] = f' s="{cell.style_id}"'
        return style

    def _date(self, value):
        serial = self._serials.get(value)
        if serial is None:
            if type(value) is not datetime.date:
                raise TypeError(f"a date column takes dates, not {value!r}")
            serial = to_excel(value, self._ws.parent.epoch)
            serial = self._serials[value] = _number(serial)
        return serial

    def append(self, values):
        r = self._row
        cells = [f'<row r="{r}">']
        for (letter, kind), value in zip(self._columns, values, strict=True):
            if kind == TEXT:
                text = clean_text(value)
                if not text:
                    cells.append(f'<c r="{letter}{r}" t="inlineStr"></c>')
                    continue
                space = ' xml:space="preserve"' if text != text.strip() else ""
                cells.append(
                    f'<c r="{letter}{r}" t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'
                )
            elif value is None:
                continue
            elif kind == DATE:
                style = self._style(FORMAT_DATE_YYYYMMDD2)
                cells.append(f'<c r="{letter}{r}"{style} t="n"><v>{self._date(value)}</v></c>')
            else:
                style = "" if kind == NUMBER else self._style(kind)
                cells.append(f'<c r="{letter}{r}"{style} t="n"><v>{_number(value)}</v></c>')
        cells.append("</row>")
        self._out.write("".join(cells).encode("ascii", "xmlcharrefreplace"))
        self._row = r + 1
