"""The hazard ledger as an Excel workbook (隐患台账): its layout and the streaming export.

The columns are the fixed Chinese headers schools use in their paper and Excel ledgers, so they
are not translated. The importer (importer.py) reads the same layout back.
"""

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell

from safecampus.core.xlsx import new_sheet, text_cell, xlsx_response
from safecampus.hazards.models import Grade, Status

SHEET_TITLE = "隐患台账"
CHUNK_SIZE = 2000

COLUMNS = [
    "序号",
    "排查日期",
    "隐患部位",
    "隐患描述",
    "隐患等级",
    "整改措施",
    "责任单位",
    "责任人",
    "整改时限",
    "整改资金",
    "完成日期",
    "验收人",
    "验收日期",
    "状态",
]
WIDTHS = [7, 12, 28, 40, 9, 36, 16, 10, 12, 11, 12, 10, 12, 13]

# Fixed Chinese names, whatever the interface language: the ledger is a Chinese document.
GRADE_NAMES = {Grade.GENERAL: "一般", Grade.MAJOR: "重大"}
STATUS_NAMES = {
    Status.REPORTED: "已上报",
    Status.CONFIRMED: "已确认",
    Status.RECTIFYING: "整改中",
    Status.RECTIFIED: "待验收",
    Status.ACCEPTED: "待教育局销号",
    Status.CLOSED: "已销号",
    Status.REJECTED: "不属于隐患",
    Status.MERGED: "已合并",
}

PLACE_SEPARATOR = " / "


def _local_date(moment):
    return timezone.localdate(moment) if moment is not None else None


def _person(user):
    return str(user) if user is not None else ""


def _place(hazard):
    if hazard.zone_id is not None:
        return f"{hazard.zone.path_name}{PLACE_SEPARATOR}{hazard.place}"
    return hazard.place


_text_cell = text_cell


def _funds_cell(ws, amount):
    if amount is None:
        return None
    cell = WriteOnlyCell(ws, value=amount)
    cell.number_format = "#,##0.00"
    return cell


def ledger_row(ws, number, hazard):
    return [
        number,
        hazard.found_on,
        _text_cell(ws, _place(hazard)),
        _text_cell(ws, hazard.description),
        GRADE_NAMES.get(hazard.grade, ""),
        _text_cell(ws, hazard.measures),
        _text_cell(ws, hazard.responsible_unit),
        _text_cell(ws, _person(hazard.responsible_person)),
        hazard.deadline,
        _funds_cell(ws, hazard.funds_amount),
        _local_date(hazard.rectified_at),
        _text_cell(ws, _person(hazard.accepted_by)),
        _local_date(hazard.accepted_at),
        STATUS_NAMES.get(hazard.status, hazard.status),
    ]


def write_ledger(queryset, stream):
    """Write the hazards of `queryset`, in its order, as an .xlsx to the binary file `stream`.

    Write-only workbook and a chunked iterator: rows go to disk as they are read, so memory stays
    flat however long the ledger is.
    """
    wb, ws = new_sheet(SHEET_TITLE, COLUMNS, WIDTHS)
    rows = queryset.select_related("zone", "responsible_person", "accepted_by")
    for number, hazard in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), start=1):
        ws.append(ledger_row(ws, number, hazard))
    wb.save(stream)


def export_response(queryset, filename):
    """A download of the ledger, built in a temporary file that is deleted when it is closed."""
    return xlsx_response(lambda stream: write_ledger(queryset, stream), filename)
