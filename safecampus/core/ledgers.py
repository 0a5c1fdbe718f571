"""The ledger pack's registry: every module offers its ledgers of a term, and the reports app
writes them into one workbook, one sheet each (issue 19, "the ledger pack for the archive").

A module registers a `Ledger` from its registry.py; its `rows(user, school, start, end)` yields
plain values, one list per line in `kinds` (core.xlsx NUMBER, DATE, TEXT or a number format),
read with `.iterator()` so a ledger of any length costs the same memory. The module's own
export writes the same rows, so the pack and the download never differ.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from safecampus.core.longbook import LongBook

# Excel's limit on a sheet's name.
SHEET_NAME_LIMIT = 31


@dataclass(frozen=True)
class Ledger:
    key: str
    sheet: str  # the sheet's name (the ledger's Chinese name, as on paper)
    cap: str  # who may read it: the pack holds only the ledgers its asker could read
    columns: Callable  # () -> header names (translated when called)
    widths: tuple
    kinds: tuple
    rows: Callable  # (user, school, start, end) -> iterable of value lists
    order: int = 100


LEDGERS: dict[str, Ledger] = {}


def register_ledgers(ledgers):
    for ledger in ledgers:
        if len(ledger.sheet) > SHEET_NAME_LIMIT:
            raise ImproperlyConfigured(f"ledger {ledger.key}: sheet name over 31 characters")
        if len(ledger.widths) != len(ledger.kinds):
            raise ImproperlyConfigured(f"ledger {ledger.key}: a width and a kind per column")
        known = LEDGERS.get(ledger.key)
        if known is not None and known != ledger:
            raise ImproperlyConfigured(f"two ledgers are named {ledger.key}")
        LEDGERS[ledger.key] = ledger


def ledgers_for(caps):
    """The ledgers a holder of `caps` may read, in the pack's order."""
    found = [ledger for ledger in LEDGERS.values() if ledger.cap in caps]
    return sorted(found, key=lambda ledger: (ledger.order, ledger.key))


def write_pack(stream, *, user, school, start, end, caps, progress=None):
    """Write the school's ledgers from `start` to `end` as one .xlsx to the binary `stream`.

    Each sheet is a long sheet (core.longbook) whose rows go to a temporary file as they are read,
    so the worker's memory does not grow with the rows. Returns {ledger key: rows written}.
    """
    wb = LongBook()
    ledgers = ledgers_for(caps)
    counts = {}
    for done, ledger in enumerate(ledgers):
        columns = list(ledger.columns())
        ws = wb.add_sheet(ledger.sheet, columns, ledger.widths)
        out = ws.rows(ledger.kinds)
        written = 0
        for row in ledger.rows(user, school, start, end):
            out.append(row)
            written += 1
        counts[ledger.key] = written
        if progress is not None:
            progress(done + 1, len(ledgers) + 1)
    if not ledgers:
        wb.add_sheet("—", [""], (10,))
    wb.save(stream)
    return counts
