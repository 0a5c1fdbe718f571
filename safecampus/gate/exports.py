"""The gate's xlsx report for a date range: visitor log, exits, pick-ups, confiscations and
duty, one sheet each. Identifiers are masked as in every list."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from safecampus.core.xlsx import NUMBER, TEXT, add_sheet, new_workbook, text_cell, xlsx_response
from safecampus.gate import queries


def _t(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def visit_columns():
    return [
        _("Registered"),
        _("Visitor"),
        _("ID type"),
        _("ID number"),
        _("Phone"),
        _("Organisation"),
        _("Purpose"),
        _("Host"),
        _("Vehicle plate"),
        _("Companions"),
        _("Status"),
        _("Checked in"),
        _("Checked out"),
        _("Watchlist"),
        _("Override reason"),
    ]


VISIT_WIDTHS = (16, 10, 12, 22, 14, 18, 24, 10, 10, 6, 10, 16, 16, 8, 24)
VISIT_KINDS = (TEXT,) * 9 + (NUMBER,) + (TEXT,) * 5


def visit_rows(user, school, start, end):
    """The visitor log from `start` to `end`, one line a visit, identifiers masked."""
    for v in queries.visit_log(user=user, school=school, start=start, end=end).iterator():
        yield [
            _t(v.created_at),
            v.name,
            v.get_id_type_display(),
            v.masked_id,
            v.masked_phone,
            v.organisation,
            v.purpose,
            str(v.host or ""),
            v.vehicle_plate,
            v.companions,
            v.get_status_display(),
            _t(v.checked_in_at),
            _t(v.checked_out_at),
            _("yes") if v.watchlist_entry_id else "",
            v.override_reason,
        ]


def write_report(stream, *, user, school, start, end):
    wb = new_workbook()
    ws = add_sheet(wb, _("Visitors"), visit_columns(), VISIT_WIDTHS, long=True)
    out = ws.rows(VISIT_KINDS)
    for row in visit_rows(user, school, start, end):
        out.append(row)
    begin, finish = queries.day_bounds(start, end)
    ws = add_sheet(
        wb,
        _("Exits"),
        [
            _("Student"),
            _("Class"),
            _("Reason"),
            _("Leaving from"),
            _("Returning by"),
            _("Accompanying adult"),
            _("Status"),
            _("Left at"),
            _("Returned at"),
            _("Approved by"),
        ],
        [10, 10, 24, 16, 16, 14, 10, 16, 16, 10],
    )
    permits = queries.exits(user=user, school=school).filter(
        leave_from__gte=begin, leave_from__lt=finish
    )
    for p in permits.order_by("leave_from", "pk").iterator():
        ws.append(
            [
                text_cell(ws, p.student.name),
                text_cell(ws, p.student.school_class.name),
                text_cell(ws, p.reason),
                _t(p.leave_from),
                _t(p.return_by),
                text_cell(ws, p.accompanying_adult),
                p.get_status_display(),
                _t(p.exited_at),
                _t(p.returned_at),
                str(p.approved_by or ""),
            ]
        )
    ws = add_sheet(
        wb,
        _("Pick-ups"),
        [_("Time"), _("Child"), _("Class"), _("Outcome"), _("Person"), _("Relation"), _("Phone")],
        [16, 10, 10, 14, 12, 10, 14],
    )
    for r in queries.pickups(user=user, school=school, start=start, end=end).iterator():
        person = r.person
        ws.append(
            [
                _t(r.at),
                text_cell(ws, r.student.name),
                text_cell(ws, r.student.school_class.name),
                r.get_outcome_display(),
                text_cell(ws, person.name if person else r.claimed_name),
                text_cell(ws, person.relation if person else r.claimed_relation),
                person.masked_phone if person else "",
            ]
        )
    ws = add_sheet(
        wb,
        _("Confiscations"),
        [
            _("Found at"),
            _("Kind"),
            _("Item"),
            _("Student"),
            _("Place"),
            _("Found by"),
            _("Handling"),
        ],
        [16, 12, 20, 10, 14, 10, 16],
    )
    for c in queries.confiscations(user=user, school=school, start=start, end=end).iterator():
        ws.append(
            [
                _t(c.found_at),
                c.get_kind_display(),
                text_cell(ws, c.item),
                text_cell(ws, c.student.name if c.student else ""),
                text_cell(ws, c.place),
                str(c.found_by),
                c.get_handling_display(),
            ]
        )
    ws = add_sheet(
        wb,
        _("Gate duty"),
        [
            _("Day"),
            _("Session"),
            _("Guards"),
            _("Teachers"),
            pgettext("people at the gate", "Police"),
            _("Barriers"),
        ],
        [12, 10, 8, 8, 8, 8],
    )
    for d in queries.duty_logs(user=user, school=school, start=start, end=end).iterator():
        ws.append(
            [
                d.day.isoformat(),
                d.get_session_display(),
                d.guards,
                d.teachers,
                d.police,
                _("yes") if d.barriers else _("no"),
            ]
        )
    wb.save(stream)


def gate_report_response(*, user, school, start, end):
    name = f"{school.name}-门卫台账-{start.isoformat()}-{end.isoformat()}.xlsx"
    return xlsx_response(
        lambda stream: write_report(stream, user=user, school=school, start=start, end=end), name
    )
