"""The annual compliance report of a school's casework (未成年人网络保护条例 §37), generated
from the access log: the year's figures on a first sheet, every logged access on a second.
No names of the persons in the records: each record is its reference."""

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.casework.models import GrantStatus
from safecampus.casework.queries import access as queries
from safecampus.core.audit_labels import action_label
from safecampus.core.xlsx import NUMBER, TEXT, bold_cell, new_sheet, text_cell, xlsx_response


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def count_rows(summary):
    """The year's figures: readers, logged accesses by kind, access requests by status."""
    yield [_("People who read full records"), summary["readers"]]
    for action in queries.LOG_ACTIONS:
        yield [str(action_label(action)), summary["by_action"].get(action, 0)]
    for status, label in GrantStatus.choices:
        yield [
            _("Access requests of the year, now: %(status)s") % {"status": label},
            summary["grants"].get(status, 0),
        ]


def count_columns():
    return [_("Item"), _("Figure")]


COUNT_WIDTHS = (48, 14)
COUNT_KINDS = (TEXT, NUMBER)


def term_counts(user, school, start, end):
    """The ledger pack's sheet: the compliance counts (no names, no records) of the calendar
    year the period ends in, the year the report is kept by."""
    return count_rows(queries.compliance_summary(user=user, school=school, year=end.year))


def write_report(stream, *, user, school, year):
    summary = queries.compliance_summary(user=user, school=school, year=year)
    wb, ws = new_sheet(_("Summary"), [_("Item"), _("Figure")], [48, 14])
    heading = _("Casework compliance report %(year)d: %(school)s")
    title = bold_cell(ws, heading % {"year": year, "school": school.name})
    ws.append([title, ""])
    ws.append([_("Generated at"), _when(timezone.now())])
    ws.append([_("Legal basis"), "未成年人网络保护条例 §36, §37; 个人信息保护法 §51, §54, §55"])
    for row in count_rows(summary):
        ws.append(row)
    log = wb.create_sheet(_("Access log"))
    log.append([_("Time"), _("Person"), _("What"), _("Record"), _("Details")])
    for event in queries.compliance_rows(user=user, school=school, year=year).iterator(
        chunk_size=500
    ):
        details = ", ".join(f"{k}: {v}" for k, v in (event.changes or {}).items())
        log.append(
            [
                _when(event.created_at),
                text_cell(log, event.actor_name),
                str(action_label(event.action)),
                text_cell(log, event.object_repr),
                text_cell(log, details),
            ]
        )
    wb.save(stream)


def write_compliance(*, user, school, year, filename):
    return xlsx_response(
        lambda stream: write_report(stream, user=user, school=school, year=year), filename
    )
