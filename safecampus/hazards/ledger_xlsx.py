"""The hazard ledger as an Excel workbook (隐患台账): streaming export and all-or-nothing import.

The columns are the fixed Chinese headers schools use in their paper and Excel ledgers, so they
are not translated; the error messages of the import are.
"""

import datetime
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException

from safecampus.core.errors import DomainError
from safecampus.core.models import Membership, Zone
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.common import require
from safecampus.core.xlsx import new_sheet, text_cell, xlsx_response
from safecampus.hazards.models import Category, Grade, Hazard, HazardEvent, Source, Status

SHEET_TITLE = "隐患台账"
MAX_ROWS = 10_000
MAX_ERRORS_SHOWN = 50
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
GRADE_BY_NAME = {name: grade for grade, name in GRADE_NAMES.items()}
STATUS_BY_NAME = {name: status for status, name in STATUS_NAMES.items()}

PLACE_SEPARATOR = " / "
FUNDS_LIMIT = Decimal("9999999999.99")  # max_digits=12, decimal_places=2
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$")


# Export ----------------------------------------------------------------------------------------


def _local_date(moment):
    return timezone.localdate(moment) if moment is not None else None


def _person(user):
    return str(user) if user is not None else ""


def _place(hazard):
    if hazard.zone_id is not None:
        return f"{hazard.zone.name}{PLACE_SEPARATOR}{hazard.place}"
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


# Import: parsing and validation ------------------------------------------------------------------


@dataclass
class LedgerRow:
    """One valid data row of an uploaded ledger, ready for `import_ledger`."""

    row: int
    found_on: datetime.date
    zone: Zone | None
    place: str
    description: str
    grade: str
    measures: str
    responsible_unit: str
    responsible_person_id: int | None
    deadline: datetime.date | None
    funds_amount: Decimal | None
    rectified_on: datetime.date | None
    accepted_by_id: int | None
    accepted_on: datetime.date | None
    status: str


class _Problem(Exception):
    def __init__(self, column, problem):
        super().__init__(problem)
        self.column = column
        self.problem = problem


def _row_error(row, column, problem):
    return _("Row %(row)d, %(column)s: %(problem)s") % {
        "row": row,
        "column": column,
        "problem": problem,
    }


def _empty(value):
    return value is None or value == ""


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()


def _date(value, column):
    if _empty(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        match = DATE_TEXT.match(value.strip())
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
    raise _Problem(column, _("not a date; write it as YYYY-MM-DD."))


def _funds(value, column):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Problem(column, _("not a number."))
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise _Problem(column, _("not a number.")) from None
    if not amount.is_finite():
        raise _Problem(column, _("not a number."))
    if amount < 0:
        raise _Problem(column, _("cannot be negative."))
    if amount > FUNDS_LIMIT:
        raise _Problem(column, _("the amount is too large."))
    return amount.quantize(Decimal("0.01"))


def _limited(text, column, limit):
    if len(text) > limit:
        raise _Problem(column, _("at most %(n)d characters.") % {"n": limit})
    return text


class _Directory:
    """Current members of a school by display name, and its zones by name: two queries."""

    def __init__(self, school):
        self.people = {}
        members = (
            Membership.objects.active()
            .filter(org=school)
            .values_list("user_id", "user__display_name", "user__username")
            .distinct()
        )
        for user_id, display_name, username in members:
            self.people.setdefault(display_name or username, set()).add(user_id)
        self.zones = {}
        for zone in Zone.objects.filter(school=school).only("pk", "name", "school_id"):
            self.zones.setdefault(zone.name, []).append(zone)

    def person(self, name, column):
        if not name:
            return None
        found = self.people.get(name, set())
        if not found:
            raise _Problem(
                column, _("“%(name)s” is not a current member of this school.") % {"name": name}
            )
        if len(found) > 1:
            raise _Problem(
                column,
                _("several members of this school are called “%(name)s”.") % {"name": name},
            )
        return next(iter(found))

    def place(self, text):
        """Split "教学楼A / 3楼东侧楼梯" into the zone 教学楼A and "3楼东侧楼梯".

        Only when the school has exactly one zone of that name; otherwise the whole text is the
        place and no zone is set.
        """
        name, separator, rest = text.partition(PLACE_SEPARATOR.strip())
        name, rest = name.strip(), rest.strip()
        if separator and rest and len(self.zones.get(name, [])) == 1:
            return self.zones[name][0], rest
        return None, text


def _parse_row(number, values, directory, today):
    (_serial, found_on, place, description, grade, measures, unit, person, deadline, funds) = (
        values[:10]
    )
    (rectified_on, accepted_by, accepted_on, status) = values[10:14]
    c = dict(enumerate(COLUMNS))
    problems = []

    def check(function, *args):
        try:
            return function(*args)
        except _Problem as problem:
            problems.append(problem)
            return None

    found = check(_date, found_on, c[1])
    if _empty(found_on):
        problems.append(_Problem(c[1], _("required.")))
    elif found is not None and found > today:
        problems.append(_Problem(c[1], _("cannot be in the future.")))

    place = _text(place)
    if not place:
        problems.append(_Problem(c[2], _("required.")))
    description = _text(description)
    if not description:
        problems.append(_Problem(c[3], _("required.")))

    grade_name = _text(grade)
    if grade_name and grade_name not in GRADE_BY_NAME:
        problems.append(_Problem(c[4], _("write 一般 or 重大, or leave it empty.")))
    measures = _text(measures)
    unit = check(_limited, _text(unit), c[6], Hazard._meta.get_field("responsible_unit").max_length)
    person_name = _text(person)
    person_id = check(directory.person, person_name, c[7])
    deadline_value = deadline
    deadline = check(_date, deadline_value, c[8])
    funds = check(_funds, funds, c[9])
    rectified = check(_date, rectified_on, c[10])
    acceptor_id = check(directory.person, _text(accepted_by), c[11])
    accepted = check(_date, accepted_on, c[12])

    status_name = _text(status)
    status = STATUS_BY_NAME.get(status_name)
    if status is None:
        problems.append(
            _Problem(
                c[13],
                _("“%(value)s” is not a status; use one of: %(names)s.")
                % {"value": status_name, "names": "、".join(STATUS_NAMES.values())},
            )
        )
    elif status == Status.CLOSED:
        if _empty(rectified_on):
            problems.append(_Problem(c[10], _("a closed hazard needs its completion date.")))
        if _empty(accepted_on):
            problems.append(_Problem(c[12], _("a closed hazard needs its acceptance date.")))
    elif status == Status.RECTIFYING:
        if not person_name:
            problems.append(
                _Problem(c[7], _("a hazard in rectification needs a responsible person."))
            )
        if _empty(deadline_value):
            problems.append(_Problem(c[8], _("a hazard in rectification needs a deadline.")))

    zone, place = directory.place(place) if place else (None, place)
    if place:
        check(_limited, place, c[2], Hazard._meta.get_field("place").max_length)

    if problems:
        return None, [_row_error(number, p.column, p.problem) for p in problems]
    return (
        LedgerRow(
            row=number,
            found_on=found,
            zone=zone,
            place=place,
            description=description,
            grade=GRADE_BY_NAME.get(grade_name, ""),
            measures=measures,
            responsible_unit=unit,
            responsible_person_id=person_id,
            deadline=deadline,
            funds_amount=funds,
            rectified_on=rectified,
            accepted_by_id=acceptor_id,
            accepted_on=accepted,
            status=status,
        ),
        [],
    )


def _cells(row, width):
    values = list(row[:width])
    values += [None] * (width - len(values))
    return [v.strip() if isinstance(v, str) else v for v in values]


def parse_ledger(file, school):
    """Read and check an uploaded ledger. Returns (rows, errors); rows are only the valid ones.

    `file` is a path or a binary file-like object. Row numbers in errors are Excel's (the header
    is row 1). Fully empty rows are skipped.
    """
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return [], [_("The file is not an Excel workbook (.xlsx).")]
    try:
        if not wb.worksheets:
            return [], [_("The workbook has no sheet.")]
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # do not trust the stored size: some programs write a wrong one
        lines = ws.iter_rows(values_only=True)
        header = _cells(next(lines, ()), len(COLUMNS))
        found = [_text(v) for v in header]
        if found != COLUMNS:
            return [], [
                _(
                    "The first row must hold the ledger headers in this order: %(expected)s. "
                    "Found: %(found)s."
                )
                % {
                    "expected": "、".join(COLUMNS),
                    "found": "、".join(v or "?" for v in found),
                }
            ]
        directory = _Directory(school)
        today = timezone.localdate()
        rows, errors, count = [], [], 0
        for number, line in enumerate(lines, start=2):
            values = _cells(line, len(COLUMNS))
            if all(v is None or v == "" for v in values):
                continue
            count += 1
            if count > MAX_ROWS:
                return [], [
                    _("The file has more than %(n)d rows; split it into several files.")
                    % {"n": MAX_ROWS}
                ]
            row, problems = _parse_row(number, values, directory, today)
            if problems:
                errors.extend(problems)
            else:
                rows.append(row)
        if count == 0 and not errors:
            errors.append(_("The file has no data rows under the headers."))
        return rows, errors
    finally:
        wb.close()


# Import: writing -------------------------------------------------------------------------------


def _school_moment(day, hour=8):
    """A date as a moment at `hour` o'clock, school time."""
    if day is None:
        return None
    naive = datetime.datetime.combine(day, datetime.time(hour))
    return timezone.make_aware(naive, timezone.get_default_timezone())


@transaction.atomic
def import_ledger(*, actor, school, rows):
    """Create one hazard per valid row, with its timeline event and one audit event in all."""
    require(actor, Cap.HAZARD_IMPORT, school)
    rows = list(rows)
    if not rows:
        raise DomainError(_("There is nothing to import."))
    if len(rows) > MAX_ROWS:
        raise DomainError(
            _("The file has more than %(n)d rows; split it into several files.") % {"n": MAX_ROWS}
        )
    # The rows may have been checked against another school: people and zones must be this one's.
    people = {r.responsible_person_id for r in rows} | {r.accepted_by_id for r in rows}
    people.discard(None)
    members = set(
        Membership.objects.active()
        .filter(org=school, user_id__in=people)
        .values_list("user_id", flat=True)
    )
    foreign_zone = any(r.zone is not None and r.zone.school_id != school.pk for r in rows)
    if people - members or foreign_zone:
        raise DomainError(_("The rows were checked against another school; upload the file again."))

    hazards = []
    for r in rows:
        accepted_at = _school_moment(r.accepted_on)
        hazards.append(
            Hazard(
                school=school,
                zone=r.zone,
                place=r.place,
                category=Category.OTHER,
                description=r.description,
                source=Source.SELF_INSPECTION,
                status=r.status,
                grade=r.grade,
                supervised=r.grade == Grade.MAJOR and r.status != Status.CLOSED,
                reporter=None,
                anonymous=False,
                found_on=r.found_on,
                reported_at=_school_moment(r.found_on),
                responsible_unit=r.responsible_unit,
                responsible_person_id=r.responsible_person_id,
                measures=r.measures,
                deadline=r.deadline,
                funds_amount=r.funds_amount,
                rectified_at=_school_moment(r.rectified_on),
                accepted_by_id=r.accepted_by_id,
                accepted_at=accepted_at,
                closed_at=accepted_at if r.status == Status.CLOSED else None,
                imported=True,
            )
        )
    if connection.features.can_return_rows_from_bulk_insert:
        Hazard.objects.bulk_create(hazards, batch_size=500)
    else:
        for hazard in hazards:
            hazard.save(force_insert=True)
    now = timezone.now()
    HazardEvent.objects.bulk_create(
        [
            HazardEvent(hazard=h, action="import", actor=actor, to_status=h.status, created_at=now)
            for h in hazards
        ],
        batch_size=1000,
    )
    audit.record(actor=actor, org=school, action="hazard.import", changes={"rows": len(hazards)})
    return len(hazards)


def import_file(*, actor, school, file):
    """Parse and import an uploaded ledger: every row is valid, or nothing is imported."""
    require(actor, Cap.HAZARD_IMPORT, school)
    rows, errors = parse_ledger(file, school)
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(_("… and %(n)d more problems.") % {"n": len(errors) - MAX_ERRORS_SHOWN})
        raise DomainError("\n".join(shown))
    return import_ledger(actor=actor, school=school, rows=rows)
