"""Patrol oversight as xlsx: a school's rounds (one row each) and the bureau's rates per school."""

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.xlsx import (
    DATE,
    NUMBER,
    TEXT,
    excel_serial,
    new_sheet,
    text_cell,
    xlsx_response,
)
from safecampus.patrols import queries

# Start and end are moments: a number of days shown as a date and time.
TIME_FORMAT = "yyyy-mm-dd h:mm:ss"


def _local(value):
    """A moment as an Excel serial in local time (openpyxl's epoch)."""
    return excel_serial(timezone.localtime(value).replace(tzinfo=None)) if value else None


def round_columns():
    return [
        _("Date"),
        _("Route"),
        _("Window"),
        _("Start"),
        _("End"),
        _("Status"),
        _("Guard"),
        _("Checkpoints"),
        _("Visited"),
        _("Late"),
        _("Out of order"),
        _("Problems"),
        _("Typed"),
    ]


ROUND_WIDTHS = (12, 20, 12, 18, 18, 12, 14, 12, 10, 8, 10, 10, 8)
ROUND_KINDS = (
    DATE, TEXT, TEXT, TIME_FORMAT, TIME_FORMAT, TEXT, TEXT,
    NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER,
)  # fmt: skip


def round_rows(user, school, start, end):
    """The school's rounds from `start` to `end`, one line each, read in chunks."""
    rows = (
        queries.school_rounds(user=user, school=school, start=start, end=end)
        .select_related("route", "window", "guard")
        .order_by("starts_at", "pk")
    )
    for r in rows.iterator(chunk_size=500):
        yield [
            r.date,
            r.route.name,
            str(r.window.get_kind_display()),
            _local(r.starts_at),
            _local(r.ends_at),
            str(r.get_status_display()),
            str(r.guard) if r.guard else "",
            len(r.planned),
            r.visited_count,
            r.late_count,
            r.out_of_order_count,
            r.problem_count,
            r.typed_count,
        ]


def school_response(user, school, start, end):
    wb, ws = new_sheet(_("Patrol rounds"), round_columns(), ROUND_WIDTHS, long=True)
    out = ws.rows(ROUND_KINDS)
    for row in round_rows(user, school, start, end):
        out.append(row)
    return xlsx_response(wb.save, f"{school.name}-巡查-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


def bureau_response(user, bureau, start, end):
    columns = [
        _("School"),
        _("Rounds due"),
        _("Completed"),
        _("Incomplete"),
        _("Missed"),
        _("Completion rate (%)"),
        _("Late checkpoints"),
        _("Out of order"),
        _("Problems"),
        _("Typed"),
    ]
    wb, ws = new_sheet(_("Patrol completion"), columns, [24, 10, 10, 10, 10, 14, 14, 12, 10, 8])
    for row in queries.bureau_rates(user=user, bureau=bureau, start=start, end=end):
        ws.append(
            [
                text_cell(ws, row["school"].name),
                row["total"],
                row["done"],
                row["incomplete"],
                row["missed"],
                row["rate"],
                row["late"] or 0,
                row["out_of_order"] or 0,
                row["problems"] or 0,
                row["typed"] or 0,
            ]
        )
    return xlsx_response(wb.save, f"{bureau.name}-巡查完成率-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")
