"""What a cell of a ledger's sheet holds: the kinds of a long sheet's columns and text cleaned
for the sheet's XML. Shared by core.xlsx and core.longsheet; imports no openpyxl."""

import re

EXCEL_TEXT_LIMIT = 32_767
# The control characters a sheet's XML cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE; compared
# in tests/core/test_xlsx.py).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

# How a column of `LongSheet.rows` is written: a number, a date, text, or a number format (a
# number shown with it).
NUMBER, DATE, TEXT = "number", "date", "text"


def clean_text(text):
    return ILLEGAL_CHARACTERS_RE.sub("", text or "")[:EXCEL_TEXT_LIMIT]
