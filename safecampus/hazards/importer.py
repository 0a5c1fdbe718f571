"""Importing a hazard ledger workbook (隐患台账): every row is checked first; one bad row
imports nothing. The layout is the export's (exports.py); the error messages are translated.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.models import Membership, Zone
from safecampus.core.roles import Cap
from safecampus.core.services.permissions import require
from safecampus.core.xlsx import NotAWorkbook, open_workbook
from safecampus.hazards.exports import COLUMNS, GRADE_NAMES, PLACE_SEPARATOR, STATUS_NAMES
from safecampus.hazards.models import Hazard, Status
from safecampus.hazards.services.imports import MAX_ROWS, import_ledger

MAX_ERRORS_SHOWN = 50
GRADE_BY_NAME = {name: grade for grade, name in GRADE_NAMES.items()}
STATUS_BY_NAME = {name: status for status, name in STATUS_NAMES.items()}
FUNDS_LIMIT = Decimal("9999999999.99")  # max_digits=12, decimal_places=2
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$")


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
        # A zone is found by its full path, as the ledger exports it, or by a name that only
        # one zone of the school has (a file written before paths were exported).
        self.zone_paths, self.zones = {}, {}
        fields = ("pk", "name", "path_name", "school_id")
        for zone in Zone.objects.filter(school=school).only(*fields):
            self.zone_paths[zone.path_name] = zone
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
        """Split "教学楼A › 3楼 / 东侧楼梯" into the zone 教学楼A › 3楼 and "东侧楼梯".

        Only when the school has a zone of that full path, or exactly one zone of that name;
        otherwise the whole text is the place and no zone is set.
        """
        name, separator, rest = text.partition(PLACE_SEPARATOR.strip())
        name, rest = name.strip(), rest.strip()
        if not (separator and rest):
            return None, text
        if name in self.zone_paths:
            return self.zone_paths[name], rest
        if len(self.zones.get(name, [])) == 1:
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
        wb = open_workbook(file)
    except NotAWorkbook:
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
