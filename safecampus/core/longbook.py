"""Workbooks of long sheets, written without openpyxl: a ledger of tens of thousands of lines.

A long ledger's export is a bold, frozen header row and then plain rows of text, numbers and
dates. openpyxl and lxml add some 10 MB to the worker that writes one, which took a worker that
had served every other page past the 150 MB of issue 11. Such a workbook needs only a few fixed
parts besides its rows (Office Open XML, ECMA-376 part 1: the content types, the relationships,
the workbook, the styles and one part per sheet), written here as text. A sheet's rows go to a
temporary file as they are appended and are copied into the package when it is saved, so
memory stays flat however long the ledger is.

Workbooks that mix long sheets with short ones written cell by cell (the gate's ledger) still
go through openpyxl (core.xlsx.add_sheet with core.longsheet.LongSheet); both write their rows
with `RowWriter`.
"""

import datetime
import shutil
import tempfile
import zipfile

from safecampus.core.cells import DATE, NUMBER, TEXT, clean_text

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
DATE_FORMAT = "yyyy-mm-dd"
# The Windows epoch of Excel's serial dates; 1900 is counted as a leap year, so serials up to
# 1900-02-28 are one less than the days since the epoch (ECMA-376 part 1, §18.17.4.1).
EPOCH = datetime.date(1899, 12, 30)
FIRST_CUSTOM_FORMAT = 164
# What Excel refuses in a sheet's name, and its longest name.
TITLE_FORBIDDEN = set("[]:*?/\\")
TITLE_LIMIT = 31


def column_letter(index):
    """The letters of the 1-based column `index`: 1 is A, 27 is AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def date_serial(value):
    """A date as the serial number of the workbook's (Windows) date system."""
    days = (value - EPOCH).days
    return days - 1 if 0 < days <= 60 else days


def escape(text, *, quote=False):
    """Text for element content (or, with `quote`, an attribute in double quotes) as lxml
    writes it in openpyxl's sheets; characters beyond ASCII become character references when
    the row is encoded."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if quote and '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def number(value):
    """A number as openpyxl writes it: through a float, 16 significant digits."""
    return f"{float(value):.16g}"


def text_cell(ref, text, style=""):
    if not text:
        return f'<c r="{ref}"{style} t="inlineStr"></c>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


class RowWriter:
    """Appends rows of plain values to a sheet's XML in `out` (a binary file).

    Text cells are always text (never a formula or an error value), cleaned, and empty for
    None. A number or date of None leaves the cell out, as openpyxl does. Date cells take
    `datetime.date` values, shown as yyyy-mm-dd. `style(number_format)` gives the attribute
    naming the workbook's cell style for a number format.
    """

    def __init__(self, out, kinds, first_row, style):
        self._out = out
        self._row = first_row
        self._columns = [(column_letter(index), kind) for index, kind in enumerate(kinds, 1)]
        self._style = style
        self._serials = {}

    def _date(self, value):
        serial = self._serials.get(value)
        if serial is None:
            if type(value) is not datetime.date:
                raise TypeError(f"a date column takes dates, not {value!r}")
            serial = self._serials[value] = number(date_serial(value))
        return serial

    def append(self, values):
        r = self._row
        cells = [f'<row r="{r}">']
        for (letter, kind), value in zip(self._columns, values, strict=True):
            if kind == TEXT:
                cells.append(text_cell(f"{letter}{r}", clean_text(value)))
            elif value is None:
                continue
            elif kind == DATE:
                style = self._style(DATE_FORMAT)
                cells.append(f'<c r="{letter}{r}"{style} t="n"><v>{self._date(value)}</v></c>')
            else:
                style = "" if kind == NUMBER else self._style(kind)
                cells.append(f'<c r="{letter}{r}"{style} t="n"><v>{number(value)}</v></c>')
        cells.append("</row>")
        self._out.write("".join(cells).encode("ascii", "xmlcharrefreplace"))
        self._row = r + 1


class LongBook:
    """A workbook of long sheets: `add_sheet`, then each sheet's `rows(kinds).append(...)`,
    then `save(stream)`. The same calls as an openpyxl workbook made by core.xlsx.new_sheet."""

    HEADER_STYLE = 1  # bold, centred: the cell style after the default one

    def __init__(self):
        self._sheets = []
        self._formats = {}

    def add_sheet(self, title, columns, widths):
        title = str(title)
        if TITLE_FORBIDDEN & set(title) or not title.strip():
            raise ValueError(f"{title!r} cannot name a sheet")
        title = title[:TITLE_LIMIT]
        if any(sheet.title == title for sheet in self._sheets):
            raise ValueError(f"two sheets are named {title!r}")
        sheet = BookSheet(self, title, [str(c) for c in columns], widths)
        self._sheets.append(sheet)
        return sheet

    def style(self, number_format):
        """The attribute naming the cell style of `number_format`, made at its first use."""
        attribute = self._formats.get(number_format)
        if attribute is None:
            index = self.HEADER_STYLE + 1 + len(self._formats)
            attribute = self._formats[number_format] = f' s="{index}"'
        return attribute

    def save(self, stream):
        """Write the package to the binary `stream`; the sheets' temporary files are closed."""
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("[Content_Types].xml", self._content_types())
            package.writestr("_rels/.rels", self._package_rels())
            package.writestr("xl/workbook.xml", self._workbook())
            package.writestr("xl/_rels/workbook.xml.rels", self._workbook_rels())
            for number_, sheet in enumerate(self._sheets, 1):
                with package.open(f"xl/worksheets/sheet{number_}.xml", "w") as part:
                    sheet.write_to(part)
            package.writestr("xl/styles.xml", self._styles())

    def _content_types(self):
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            f'ContentType="{CONTENT}.worksheet+xml"/>'
            for n in range(1, len(self._sheets) + 1)
        )
        return (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CONTENT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CONTENT}.styles+xml"/>'
            f"{sheets}</Types>"
        )

    def _package_rels(self):
        return (
            f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        )

    def _workbook(self):
        sheets = "".join(
            f'<sheet name="{escape(sheet.title, quote=True)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, sheet in enumerate(self._sheets, 1)
        )
        return (
            f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            f"<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets></workbook>"
        )

    def _workbook_rels(self):
        parts = [
            f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" '
            f'Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(self._sheets) + 1)
        ]
        parts.append(
            f'<Relationship Id="rId{len(self._sheets) + 1}" Type="{RELATIONSHIPS}/styles" '
            'Target="styles.xml"/>'
        )
        parts = "".join(parts)
        return f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{parts}</Relationships>'

    def _styles(self):
        formats = "".join(
            f'<numFmt numFmtId="{FIRST_CUSTOM_FORMAT + n}" '
            f'formatCode="{escape(code, quote=True)}"/>'
            for n, code in enumerate(self._formats)
        )
        number_styles = "".join(
            f'<xf numFmtId="{FIRST_CUSTOM_FORMAT + n}" fontId="0" fillId="0" borderId="0" '
            'xfId="0" applyNumberFormat="1"/>'
            for n in range(len(self._formats))
        )
        font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
        return (
            f'{XML_HEAD}<styleSheet xmlns="{MAIN}">'
            + (f'<numFmts count="{len(self._formats)}">{formats}</numFmts>' if formats else "")
            + f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            f'<cellXfs count="{2 + len(self._formats)}">'
            '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
            'applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>'
            f"{number_styles}</cellXfs>"
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>"
        )


class BookSheet:
    """One sheet of a `LongBook`: its header row, then the rows of `rows(kinds)`."""

    def __init__(self, book, title, columns, widths):
        self.book = book
        self.title = title
        self._columns = columns
        self._widths = list(widths)
        self._rows = tempfile.TemporaryFile()  # noqa: SIM115 - closed by write_to
        header = "".join(
            text_cell(f"{column_letter(n)}1", clean_text(name), f' s="{book.HEADER_STYLE}"')
            for n, name in enumerate(columns, 1)
        )
        self._rows.write(f'<row r="1">{header}</row>'.encode("ascii", "xmlcharrefreplace"))
        self._writer = None

    def rows(self, kinds):
        """A `RowWriter` for the rows under the header, one kind per column."""
        if self._writer is not None:
            raise ValueError("a sheet takes one run of long rows")
        if len(kinds) != len(self._columns):
            raise ValueError("a kind per column")
        self._writer = RowWriter(self._rows, kinds, 2, self.book.style)
        return self._writer

    def write_to(self, part):
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
            for n, width in enumerate(self._widths, 1)
        )
        part.write(
            (
                f'{XML_HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
                '<sheetViews><sheetView workbookViewId="0">'
                '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
                "</sheetView></sheetViews>"
                f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
            ).encode()
        )
        with self._rows as rows:
            rows.seek(0)
            shutil.copyfileobj(rows, part, 1 << 20)
        part.write(
            b'</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" '
            b'header="0.5" footer="0.5"/></worksheet>'
        )
