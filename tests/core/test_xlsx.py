"""The long-sheet row writer writes the sheet XML openpyxl writes for the same values."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell

from safecampus.core.xlsx import DATE, NUMBER, TEXT, new_sheet, text_cell

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


def _sheet_xml(long):
    wb, ws = new_sheet("sheet", COLUMNS, WIDTHS, long=long)
    if long:
        out = ws.rows(KINDS)
        for values in _rows():
            out.append(values)
    else:
        for values in _rows():
            ws.append(_openpyxl_row(ws, values))
    buffer = io.BytesIO()
    wb.save(buffer)
    archive = zipfile.ZipFile(buffer)
    return (
        archive.read("xl/worksheets/sheet1.xml"),
        archive.read("xl/styles.xml"),
        buffer,
    )


def test_long_rows_are_the_xml_openpyxl_writes():
    sheet, styles, _ = _sheet_xml(long=False)
    long_sheet, long_styles, _ = _sheet_xml(long=True)
    assert long_sheet == sheet
    assert long_styles == styles


def test_long_rows_read_back_as_values_with_their_formats():
    _, _, buffer = _sheet_xml(long=True)
    buffer.seek(0)
    ws = load_workbook(buffer).active
    assert [c.value for c in ws[1]] == COLUMNS
    first = ws[2]
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


def test_text_that_looks_like_an_error_value_stays_text():
    wb, ws = new_sheet("sheet", ["a"], [10], long=True)
    ws.rows([TEXT]).append(["#N/A"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    cell = load_workbook(buffer).active["A2"]
    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_a_date_column_refuses_a_datetime():
    wb, ws = new_sheet("sheet", ["a"], [10], long=True)
    with pytest.raises(TypeError):
        ws.rows([DATE]).append([datetime.datetime(2026, 3, 5, 8, 0)])
    wb.save(io.BytesIO())  # the workbook is still whole


def test_openpyxl_rows_cannot_follow_long_rows():
    wb, ws = new_sheet("sheet", ["a"], [10], long=True)
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
    """Every worker loads the apps and the URLs; openpyxl and python-docx are loaded by the
    first export, not before, and openpyxl without numpy (issue 11: 24 MB a worker)."""
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
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    before, after = done.stdout.strip().splitlines()[-2:]
    assert before == "[]"
    assert after == "['openpyxl']"
