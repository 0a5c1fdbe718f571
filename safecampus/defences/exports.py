"""The defences' ledgers as xlsx, streamed: the 保安人员台账 (every active guard and gatekeeper,
ID numbers and phones masked as in every list, with what is wrong under the rules in force),
the 器材台账 (equipment in use with what is due) and the 技防设施台账 (technical systems with what
is wrong under the rule set)."""

from django.utils.translation import gettext as _

from safecampus.core.xlsx import DATE, NUMBER, TEXT, new_sheet, xlsx_response
from safecampus.defences.queries import equipment as equipment_queries
from safecampus.defences.queries import staff as queries
from safecampus.defences.queries import systems as system_queries
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


def item_columns():
    return [
        _("Place"),
        _("Type"),
        _("Count"),
        _("Made or bought on"),
        _("Expires on"),
        _("Last inspected on"),
        _("Next inspection"),
        _("Next service"),
        _("What is due"),
        _("Note"),
    ]


ITEM_WIDTHS = (30, 16, 8, 14, 14, 14, 14, 14, 40, 30)
ITEM_KINDS = (TEXT, TEXT, NUMBER, DATE, DATE, DATE, DATE, DATE, TEXT, TEXT)


def item_rows(user, school):
    """The 器材台账: every item in use by place, with what is due today."""
    today = queries.today()
    rows = equipment_queries.items_of(user, school).iterator(chunk_size=CHUNK)
    for item in rows:
        yield [
            item.zone.path_name,
            item.kind.name,
            item.count,
            item.made_on,
            item.expires_on,
            item.last_checked_on,
            item.next_check,
            item.next_service(today),
            "; ".join(s.label for s in equipment_queries.states(item, today)),
            item.note,
        ]


def term_items(user, school, start, end):
    """The ledger pack's sheet: the equipment in use on the day the pack is written."""
    return item_rows(user, school)


def system_columns():
    return [
        _("Place"),
        _("Type"),
        _("Name"),
        _("Cameras"),
        _("Cameras working"),
        _("Video kept (days)"),
        _("Rule: at least (days)"),
        _("Linked to the police"),
        _("Installed on"),
        _("Last tested on"),
        _("Next test due"),
        _("What is wrong"),
    ]


SYSTEM_WIDTHS = (30, 18, 16, 8, 8, 10, 10, 8, 14, 14, 14, 50)
SYSTEM_KINDS = (TEXT, TEXT, TEXT, NUMBER, NUMBER, NUMBER, NUMBER, TEXT, DATE, DATE, DATE, TEXT)


def system_rows(user, school):
    """The 技防设施台账: every system in use by place, judged under the school's rule set."""
    rules = rules_for(school)
    today = queries.today()
    rows = system_queries.systems_of(user, school).iterator(chunk_size=CHUNK)
    for system in rows:
        yield [
            system.zone.path_name,
            system.kind.name,
            system.name,
            system.cameras,
            system.cameras_working,
            system.retention_days,
            rules.video_retention_days if system.kind.is_video else None,
            _("yes") if system.police_linked else _("no"),
            system.installed_on,
            system.last_tested_on,
            system.test_due_on,
            "; ".join(s.label for s in system_queries.states(system, today, rules)),
        ]


def term_systems(user, school, start, end):
    """The ledger pack's sheet: the technical systems in use on the day the pack is written."""
    return system_rows(user, school)


def _response(user, school, title, columns, widths, kinds, rows, name):
    def write(stream):
        wb, ws = new_sheet(title, columns(), list(widths), long=True)
        writer = ws.rows(kinds)
        for row in rows(user, school):
            writer.append(row)
        wb.save(stream)

    return xlsx_response(write, f"{school.name}-{name}.xlsx")


def items_response(user, school):
    return _response(
        user, school, _("Equipment"), item_columns, ITEM_WIDTHS, ITEM_KINDS, item_rows,
        _("equipment"),
    )  # fmt: skip


def systems_response(user, school):
    return _response(
        user, school, _("Technical systems"), system_columns, SYSTEM_WIDTHS, SYSTEM_KINDS,
        system_rows, _("technical systems"),
    )  # fmt: skip
