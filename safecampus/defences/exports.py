"""The 保安人员台账 as xlsx: every active guard and gatekeeper of a school, ID numbers and phones
masked as in every list, with what is wrong under the rules in force."""

from django.utils.translation import gettext as _

from safecampus.core.xlsx import DATE, NUMBER, TEXT, new_sheet, xlsx_response
from safecampus.defences.queries import staff as queries
from safecampus.defences.rules import rules_for

CHUNK = 500


def staff_columns():
    return [
        _("Name"),
        _("Post"),
        _("Employer"),
        _("ID number"),
        _("Age"),
        _("Phone"),
        _("保安员证 number"),
        _("保安员证 valid until"),
        _("Last health check"),
        _("Started on"),
        _("Trainings"),
        _("What is wrong"),
    ]


STAFF_WIDTHS = (12, 16, 20, 22, 6, 16, 18, 14, 14, 12, 8, 50)
STAFF_KINDS = (TEXT, TEXT, TEXT, TEXT, NUMBER, TEXT, TEXT, DATE, DATE, DATE, NUMBER, TEXT)


def staff_rows(user, school):
    """Every active guard and gatekeeper, with what is wrong under the rules in force."""
    rules = rules_for(school)
    today = queries.today()
    rows = queries.staff_of(user, school).iterator(chunk_size=CHUNK)
    for staff, problems in queries.judged(rows, school, rules):
        employer = staff.company or staff.get_employer_display()
        yield [
            staff.name,
            staff.get_role_display(),
            employer,
            staff.masked_id,
            staff.age_on(today),
            staff.masked_phone,
            staff.certificate_number,
            staff.certificate_valid_until,
            staff.health_checked_on,
            staff.started_on,
            staff.training_count,
            "; ".join(p.text for p in problems),
        ]


def write_staff(stream, user, school):
    wb, ws = new_sheet(_("Security staff"), staff_columns(), list(STAFF_WIDTHS), long=True)
    writer = ws.rows(STAFF_KINDS)
    for row in staff_rows(user, school):
        writer.append(row)
    wb.save(stream)


def term_staff(user, school, start, end):
    """The ledger pack's sheet: the security staff on the day the pack is written (the roster
    keeps no history of who served when)."""
    return staff_rows(user, school)


def staff_response(user, school):
    return xlsx_response(
        lambda stream: write_staff(stream, user, school),
        f"{school.name}-{_('security staff')}.xlsx",
    )
