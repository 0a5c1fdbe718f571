"""The long-sheet row writer writes the sheet XML openpyxl writes for the same values, in an
openpyxl workbook (core.longsheet) and in a workbook written without openpyxl (core.longbook)."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell

from safecampus.core.longbook import LongBook, date_serial
from safecampus.core.xlsx import DATE, NUMBER, TEXT, add_sheet, new_sheet, new_workbook, text_cell

COLUMNS = ["n", "date", "text", "money", "label"]
WIDTHS = [6, 12, 30, 10, 8]
KINDS = [NUMBER, DATE, TEXT, "#,##0.00", TEXT]

TEXTS = [
    "plain",
    "中文 / 教学楼A › 2楼",
    "a & b < c > d",
    "line\r\nbreak\tand tab",
    " leading and trailing ",
    "\u3000全角空格",
    "emoji 🚸 beyond the BMP",
    "=SUM(A1:A2)",
    "=",
    "bell\x07 and nul\x00 go",
    "x" * 40_000,
    "",
    None,
    "\"quotes\" and 'apostrophes'",
]


def _rows():
    day = datetime.date(2026, 3, 5)
    for i, text in enumerate(TEXTS):
        yield [
            i + 1,
            None if i == 3 else day + datetime.timedelta(days=i),
            text,
            None if i % 2 else Decimal("1200.50") + i,
            "" if i % 3 else "已销号",
        ]
    yield [10**16 + 1, datetime.date(1900, 2, 1), "early", 0.1 + 0.2, "x"]


def _openpyxl_row(ws, values):
    number, date, text, money, label = values
    cell = None
    if money is not None:
        cell = WriteOnlyCell(ws, value=money)
        cell.number_format = "#,##0.00"
    return [number, date, text_cell(ws, text), cell, label]


def _sheet(how, title="sheet", columns=COLUMNS, widths=WIDTHS):
    """A workbook and its sheet: written cell by cell by openpyxl ("openpyxl"), a long sheet in
    an openpyxl workbook ("longsheet"), or a sheet of a workbook without openpyxl ("longbook")."""
    if how == "longbook":
        return new_sheet(title, columns, widths, long=True)
    wb = new_workbook()
    return wb, add_sheet(wb, title, columns, widths, long=how == "longsheet")


def _sheet_xml(how):
    wb, ws = _sheet(how)
    if how == "openpyxl":
        for values in _rows():
            ws.append(_openpyxl_row(ws, values))
    else:
        out = ws.rows(KINDS)
        for values in _rows():
            out.append(values)
    buffer = io.BytesIO()
    wb.save(buffer)
    archive = zipfile.ZipFile(buffer)
    return (
        archive.read("xl/worksheets/sheet1.xml"),
        archive.read("xl/styles.xml"),
        buffer,
    )


def _sheet_data(xml):
    return xml[xml.index(b"<sheetData>") : xml.index(b"</sheetData>")]


def test_long_rows_are_the_xml_openpyxl_writes():
    sheet, styles, _ = _sheet_xml("openpyxl")
    long_sheet, long_styles, _ = _sheet_xml("longsheet")
    assert long_sheet == sheet
    assert long_styles == styles


def test_a_workbook_without_openpyxl_has_the_rows_openpyxl_writes():
    """Header and rows alike, down to the style numbers: the header's bold style comes first
    and each number format takes the next at its first cell, as in openpyxl."""
    sheet, _, _ = _sheet_xml("openpyxl")
    book_sheet, _, _ = _sheet_xml("longbook")
    assert _sheet_data(book_sheet) == _sheet_data(sheet)


@pytest.mark.parametrize("how", ["longsheet", "longbook"])
def test_long_rows_read_back_as_values_with_their_formats(how):
    _, _, buffer = _sheet_xml(how)
    buffer.seek(0)
    ws = load_workbook(buffer).active
    assert ws.title == "sheet"
    assert [c.value for c in ws[1]] == COLUMNS
    assert all(c.font.b for c in ws[1])
    assert ws[1][0].alignment.horizontal == "center"
    assert ws.freeze_panes == "A2"
    assert [ws.column_dimensions[letter].width for letter in "ABCDE"] == WIDTHS
    first = ws[2]
    assert not first[0].font.b
    assert first[1].value == datetime.datetime(2026, 3, 5)
    assert first[1].number_format == "yyyy-mm-dd"
    assert first[3].value == 1200.5 and first[3].number_format == "#,##0.00"
    formula = ws.cell(row=TEXTS.index("=SUM(A1:A2)") + 2, column=3)
    assert (formula.value, formula.data_type) == ("=SUM(A1:A2)", "s")
    breaks = ws.cell(row=TEXTS.index("line\r\nbreak\tand tab") + 2, column=3).value
    assert breaks == "line\r\nbreak\tand tab"
    assert ws.cell(row=TEXTS.index(" leading and trailing ") + 2, column=3).value == (
        " leading and trailing "
    )
    last = ws[len(TEXTS) + 2]
    assert last[1].value == datetime.datetime(1900, 2, 1)


def test_a_workbook_without_openpyxl_holds_its_sheets_in_order():
    wb = LongBook()
    for title, value in (("隐患台账", 1), ('Visits "a" & b', 2), ("—", 3)):
        wb.add_sheet(title, ["n"], [8]).rows([NUMBER]).append([value])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    book = load_workbook(buffer)
    assert book.sheetnames == ["隐患台账", 'Visits "a" & b', "—"]
    assert [book[name]["A2"].value for name in book.sheetnames] == [1, 2, 3]


def test_a_workbook_without_openpyxl_refuses_what_excel_refuses():
    wb = LongBook()
    wb.add_sheet("a", ["n"], [8])
    for title in ("a", "x/y", "[x]", " "):
        with pytest.raises(ValueError):
            wb.add_sheet(title, ["n"], [8])
    assert wb.add_sheet("x" * 40, ["n"], [8]).title == "x" * 31
    sheet = wb.add_sheet("b", ["n", "m"], [8, 8])
    with pytest.raises(ValueError):
        sheet.rows([NUMBER])
    sheet.rows([NUMBER, NUMBER])
    with pytest.raises(ValueError):
        sheet.rows([NUMBER, NUMBER])


def test_dates_are_the_serial_numbers_of_excels_date_system():
    """Excel counts 1900 as a leap year: from 1 March 1900 on, a serial is one more than the
    days since 1 January 1900 counted from 1."""
    assert date_serial(datetime.date(1900, 1, 1)) == 1
    assert date_serial(datetime.date(1900, 2, 28)) == 59
    assert date_serial(datetime.date(1900, 3, 1)) == 61
    assert date_serial(datetime.date(2026, 3, 5)) == 46086


@pytest.mark.parametrize("how", ["longsheet", "longbook"])
def test_text_that_looks_like_an_error_value_stays_text(how):
    wb, ws = _sheet(how, columns=["a"], widths=[10])
    ws.rows([TEXT]).append(["#N/A"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    cell = load_workbook(buffer).active["A2"]
    assert (cell.value, cell.data_type) == ("#N/A", "s")


@pytest.mark.parametrize("how", ["longsheet", "longbook"])
def test_a_date_column_refuses_a_datetime(how):
    wb, ws = _sheet(how, columns=["a"], widths=[10])
    with pytest.raises(TypeError):
        ws.rows([DATE]).append([datetime.datetime(2026, 3, 5, 8, 0)])
    wb.save(io.BytesIO())  # the workbook is still whole


def test_openpyxl_rows_cannot_follow_long_rows():
    wb, ws = _sheet("longsheet", columns=["a"], widths=[10])
    ws.rows([NUMBER]).append([1])
    with pytest.raises(ValueError):
        ws.append([2])
    with pytest.raises(ValueError):
        ws.rows([NUMBER])
    wb.save(io.BytesIO())


def test_the_cleaned_characters_are_openpyxls():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as openpyxls

    from safecampus.core.cells import ILLEGAL_CHARACTERS_RE

    assert ILLEGAL_CHARACTERS_RE.pattern == openpyxls.pattern


def test_a_worker_holds_openpyxl_only_once_it_writes_a_workbook_and_never_numpy():
    """Every worker loads the apps and the URLs; a long ledger is written without openpyxl,
    openpyxl and python-docx are loaded by the first export that needs them, not before, and
    openpyxl without numpy (issue 11: 24 MB a worker)."""
    import subprocess
    import sys

    script = (
        "import django, sys\n"
        "django.setup()\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        "print(sorted(m for m in ('openpyxl', 'docx', 'numpy') if m in sys.modules))\n"
        "import io\n"
        "from safecampus.core.xlsx import new_sheet\n"
        "wb, ws = new_sheet('x', ['a'], [5], long=True)\n"
        "ws.rows(['number']).append([1])\n"
        "wb.save(io.BytesIO())\n"
        "print(sorted(m for m in ('openpyxl', 'docx', 'numpy') if m in sys.modules))\n"
        "wb, ws = new_sheet('x', ['a'], [5])\n"
        "ws.append([1])\n"
        "wb.save(io.BytesIO())\n"
        "print(sorted(m for m in ('openpyxl', 'docx', 'numpy') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    before, after_long, after_short = done.stdout.strip().splitlines()[-3:]
    assert before == "[]"
    assert after_long == "[]"
    assert after_short == "['openpyxl']"
