"""Oversight exports: a school's checks over a period, and a bureau's completion per school."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from safecampus.core.xlsx import NUMBER, TEXT, new_sheet, text_cell, xlsx_response


def _count_columns():
    return [
        _("Due"),
        _("Done"),
        pgettext("check", "Late"),
        pgettext("check", "Missed"),
        pgettext("check", "Open"),
        _("Done rate"),
    ]


def _pct(value):
    return "" if value is None else f"{value}%"


def day_row(row):
    """A line of "checks by day": the day, its counts and its done rate."""
    return [
        row["day"].isoformat(),
        row["total"],
        row["done"],
        row["late"],
        row["missed"],
        row["open"],
        _pct(row["rate"]),
    ]


def day_columns():
    return [_("Day"), *_count_columns()]


DAY_WIDTHS = (14, 8, 8, 8, 8, 8, 10)
DAY_KINDS = (TEXT, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, TEXT)


def term_days(user, school, start, end):
    """The ledger pack's sheet: the school's checks by day from `start` to `end`."""
    from safecampus.inspections.queries import school_oversight

    return (day_row(row) for row in school_oversight(school=school, start=start, end=end)["by_day"])


def school_response(school, data, missed, failures, start, end):
    def write(stream):
        wb, ws = new_sheet(
            _("Checks by day"),
            day_columns(),
            list(DAY_WIDTHS),
        )
        for row in data["by_day"]:
            ws.append(day_row(row))
        ws2 = wb.create_sheet(_("Missed checks"))
        ws2.append([_("Day"), _("Checklist"), _("Given to"), _("From"), _("By")])
        for task in missed:
            ws2.append(
                [
                    task.day.isoformat(),
                    text_cell(ws2, task.template.name),
                    text_cell(ws2, str(task.person or task.post or task.zone or "")),
                    f"{timezone.localtime(task.due_from):%H:%M}",
                    f"{timezone.localtime(task.due_by):%H:%M}",
                ]
            )
        ws3 = wb.create_sheet(_("Failed items"))
        item = pgettext("checklist", "Item")
        ws3.append([_("Time"), _("Checklist"), item, _("Zone"), _("Inspector"), _("Hazard")])
        for result in failures:
            inspection = result.inspection
            ws3.append(
                [
                    f"{timezone.localtime(inspection.submitted_at):%Y-%m-%d %H:%M}",
                    text_cell(ws3, inspection.version.template.name),
                    text_cell(ws3, result.item.text),
                    text_cell(ws3, str(inspection.zone or "")),
                    text_cell(ws3, str(inspection.inspector)),
                    f"#{result.hazard_id}" if result.hazard_id else "",
                ]
            )
        wb.save(stream)

    return xlsx_response(write, f"{school.name}-检查完成情况-{start}-{end}.xlsx")


def bureau_response(bureau, table, start, end):
    def write(stream):
        wb, ws = new_sheet(
            _("Completion by school"),
            [_("School"), *_count_columns()],
            [30, 8, 8, 8, 8, 8, 10],
        )
        for row in table:
            ws.append(
                [
                    text_cell(ws, row["school"].name),
                    row["total"],
                    row["done"],
                    row["late"],
                    row["missed"],
                    row["open"],
                    _pct(row["rate"]),
                ]
            )
        wb.save(stream)

    return xlsx_response(write, f"{bureau.name}-检查完成率-{start}-{end}.xlsx")
