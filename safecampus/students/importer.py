"""Student import from xlsx: every row is checked first; one bad row imports nothing.

Columns (header row, in any order): 年级, 班级, 学号, 姓名, 身份证号, 监护人, 关系, 电话, and
optionally 监护人2, 关系2, 电话2. Classes are created when they do not exist yet; a student
number already in the school updates that student.
"""

import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from safecampus.core import idcard
from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.core.xlsx import NotAWorkbook, open_workbook
from safecampus.students import services
from safecampus.students.models import SchoolClass, Student

COLUMNS = {
    "grade": pgettext_lazy("school year", "Grade"),
    "class": gettext_lazy("Class"),
    "number": gettext_lazy("Student number"),
    "name": pgettext_lazy("person", "Name"),
    "id_number": gettext_lazy("ID number"),
    "guardian": gettext_lazy("Guardian"),
    "relation": gettext_lazy("Relation"),
    "phone": gettext_lazy("Phone"),
    "guardian2": gettext_lazy("Guardian 2"),
    "relation2": gettext_lazy("Relation 2"),
    "phone2": gettext_lazy("Phone 2"),
}
# The headers of the template (Chinese, as schools keep their rolls) and English aliases.
HEADERS = {
    "年级": "grade",
    "班级": "class",
    "学号": "number",
    "姓名": "name",
    "身份证号": "id_number",
    "监护人": "guardian",
    "关系": "relation",
    "电话": "phone",
    "监护人2": "guardian2",
    "关系2": "relation2",
    "电话2": "phone2",
    "grade": "grade",
    "class": "class",
    "student number": "number",
    "name": "name",
    "id number": "id_number",
    "guardian": "guardian",
    "relation": "relation",
    "phone": "phone",
}
REQUIRED = ["grade", "class", "number", "name", "guardian", "relation", "phone"]
MAX_ROWS = 5000


@dataclass
class RowError:
    row: int
    column: str  # the column's label, as shown
    message: str
    key: str  # the column's key in COLUMNS


class ImportRefused(DomainError):
    def __init__(self, errors):
        super().__init__(_("The file was not imported: fix the rows below and try again."))
        self.errors = errors


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read(upload):
    try:
        wb = open_workbook(io.BytesIO(upload.read()))
    except NotAWorkbook as exc:
        raise DomainError(_("The file is not a readable .xlsx workbook.")) from exc
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    if not rows:
        raise DomainError(_("The workbook is empty."))
    header = [HEADERS.get(_text(h).lower()) for h in rows[0]]
    missing = [str(COLUMNS[c]) for c in REQUIRED if c not in header]
    if missing:
        raise DomainError(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
    data = []
    for number, row in enumerate(rows[1:], start=2):
        record = {key: _text(v) for key, v in zip(header, row, strict=False) if key}
        if any(record.values()):
            data.append((number, record))
    if len(data) > MAX_ROWS:
        raise DomainError(_("At most %(n)s students per file.") % {"n": MAX_ROWS})
    return data


def _check_row(number, record, seen):
    errors = []

    def err(column, message):
        errors.append(RowError(number, str(COLUMNS[column]), message, column))

    for column in REQUIRED:
        if not record.get(column):
            err(column, _("This cell is empty."))
    if record.get("grade") and not (record["grade"].isdigit() and 0 < int(record["grade"]) < 20):
        err("grade", _("Enter the grade as a number (1 to 19)."))
    if record.get("number"):
        if record["number"] in seen:
            err(
                "number", _("Same student number as row %(row)s.") % {"row": seen[record["number"]]}
            )
        seen.setdefault(record["number"], number)
    id_number = idcard.normalise(record.get("id_number"))
    if id_number and not idcard.is_valid(id_number):
        err("id_number", _("Not a valid resident ID number (check digit)."))
    for phone_column in ("phone", "phone2"):
        phone = record.get(phone_column)
        if phone and not services.PHONE_RE.match(phone):
            err(phone_column, _("Not a mobile or landline number."))
    if record.get("guardian2") and not record.get("phone2"):
        err("phone2", _("The second guardian needs a phone number."))
    for column in ("name", "guardian", "guardian2", "class"):
        if len(record.get(column, "")) > 40:
            err(column, _("At most 40 characters."))
    return errors


@transaction.atomic
def import_students(*, actor, school, upload):
    """Import every row or none: raises ImportRefused with every row's errors."""
    require(actor, Cap.STUDENT_MANAGE, school)
    rows = _read(upload)
    if not rows:
        raise DomainError(_("The workbook has no student rows."))
    errors, seen = [], {}
    for number, record in rows:
        errors.extend(_check_row(number, record, seen))
    if errors:
        raise ImportRefused(errors)
    classes = {(c.grade, c.name): c for c in SchoolClass.objects.filter(school=school)}
    existing = {s.student_number: s for s in Student.objects.filter(school=school)}
    created = updated = 0
    for _number, r in rows:
        key = (int(r["grade"]), r["class"])
        if key not in classes:
            classes[key] = SchoolClass.objects.create(school=school, grade=key[0], name=key[1])
        guardians = [{"name": r["guardian"], "relation": r["relation"], "phone": r["phone"]}]
        if r.get("guardian2"):
            guardians.append(
                {
                    "name": r["guardian2"],
                    "relation": r.get("relation2") or "-",
                    "phone": r["phone2"],
                }
            )
        student = existing.get(r["number"])
        if student is None:
            student = Student.objects.create(
                school=school,
                school_class=classes[key],
                name=r["name"],
                student_number=r["number"],
                id_number=idcard.normalise(r.get("id_number")),
            )
            created += 1
        else:
            student.school_class = classes[key]
            student.name = r["name"]
            student.id_number = idcard.normalise(r.get("id_number")) or student.id_number
            student.is_active = True
            student.save()
            updated += 1
        services.set_guardians(student, guardians)
    audit.record(
        actor=actor,
        org=school,
        action="student.import",
        object_repr=getattr(upload, "name", "")[:200],
        changes={"created": created, "updated": updated},
    )
    return created, updated
