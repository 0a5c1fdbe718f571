"""Every change to classes and students, and the audited view of a full record."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core import idcard
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.models import Membership
from safecampus.core.roles import Cap, Role
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.students.access import can_edit, can_edit_class, can_see_record
from safecampus.students.models import Guardian, SchoolClass, Student

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
STUDENT_FIELDS = ["name", "student_number", "id_number", "school_class", "is_active"]


def check_phone(phone):
    if not PHONE_RE.match(phone or ""):
        raise DomainError(
            _("Enter a mobile number (11 digits starting with 1) or a landline with area code.")
        )


def check_id_number(id_number):
    if id_number and not idcard.is_valid(id_number):
        raise DomainError(_("The ID number is not a valid resident ID number (check digit)."))


def _check_head_teacher(school, head_teacher):
    if head_teacher is None:
        return
    roles = [Role.HEAD_TEACHER, Role.TEACHER, Role.PRINCIPAL, Role.SAFETY_OFFICER]
    if not Membership.objects.active().filter(user=head_teacher, org=school, role__in=roles):
        raise DomainError(_("The head teacher must be a current teacher of this school."))


@transaction.atomic
def create_class(*, actor, school, grade, name, head_teacher=None):
    require(actor, Cap.STUDENT_MANAGE, school)
    _check_head_teacher(school, head_teacher)
    name = name.strip()
    if SchoolClass.objects.filter(school=school, grade=grade, name=name).exists():
        raise DomainError(_("This class already exists."))
    school_class = SchoolClass.objects.create(
        school=school, grade=grade, name=name, head_teacher=head_teacher
    )
    audit.record(actor=actor, org=school, action="class.create", obj=school_class)
    return school_class


@transaction.atomic
def update_class(*, actor, school_class, grade, name, head_teacher):
    require(actor, Cap.STUDENT_MANAGE, school_class.school)
    _check_head_teacher(school_class.school, head_teacher)
    fields = ["grade", "name", "head_teacher"]
    before = audit.snapshot(school_class, fields)
    school_class.grade, school_class.name = grade, name.strip()
    school_class.head_teacher = head_teacher
    clash = SchoolClass.objects.filter(
        school=school_class.school, grade=grade, name=school_class.name
    ).exclude(pk=school_class.pk)
    if clash.exists():
        raise DomainError(_("This class already exists."))
    changes = audit.diff(school_class, before, fields)
    school_class.save()
    audit.record(
        actor=actor,
        org=school_class.school,
        action="class.update",
        obj=school_class,
        changes=changes,
    )
    return school_class


def _clean_guardians(guardians):
    cleaned = []
    for g in guardians:
        name, relation, phone = (g.get(k, "").strip() for k in ("name", "relation", "phone"))
        if not (name or relation or phone):
            continue
        if not name or not relation:
            raise DomainError(_("Give each guardian's name and relation."))
        check_phone(phone)
        cleaned.append({"name": name, "relation": relation, "phone": phone})
    if not cleaned:
        raise DomainError(_("Give at least one guardian with a phone number."))
    return cleaned


def set_guardians(student, guardians):
    """Make the student's guardians the given ones. A guardian kept (same name and relation)
    or renamed keeps their row, so the letters they were sent and acknowledged stay theirs; a
    guardian removed who has been sent letters cannot be removed (the letters are records)."""
    existing = list(student.guardians.order_by("pk"))
    by_identity = {(g.name, g.relation): g for g in existing}
    kept, new = [], []
    for data in guardians:
        found = by_identity.pop((data["name"], data["relation"]), None)
        (kept if found else new).append((found, data))
    spare = [g for g in existing if (g.name, g.relation) in by_identity]
    reused = [(spare.pop(0) if spare else None, data) for _none, data in new]
    with_letters = [g.name for g in spare if g.letters.exists()]
    if with_letters:
        raise DomainError(
            _("%(names)s received letters from the school, so they stay on record: change their "
              "details instead of removing them.") % {"names": "、".join(with_letters)}
        )  # fmt: skip
    for guardian in spare:
        guardian.delete()
    for guardian, data in kept + reused:
        if guardian is None:
            Guardian.objects.create(student=student, **data)
            continue
        for field, value in data.items():
            setattr(guardian, field, value)
        guardian.save(update_fields=list(data))


@transaction.atomic
def create_student(*, actor, school_class, name, student_number, guardians, id_number=""):
    school = school_class.school
    if not can_edit_class(actor, school_class):
        raise PermissionRefused(_("You do not have permission to do this here."))
    guardians = _clean_guardians(guardians)
    id_number = idcard.normalise(id_number)
    check_id_number(id_number)
    if not name.strip() or not student_number.strip():
        raise DomainError(_("Give the student's name and student number."))
    if Student.objects.filter(school=school, student_number=student_number.strip()).exists():
        raise DomainError(_("This student number is already used in this school."))
    student = Student.objects.create(
        school=school,
        school_class=school_class,
        name=name.strip(),
        student_number=student_number.strip(),
        id_number=id_number,
    )
    set_guardians(student, guardians)
    audit.record(actor=actor, org=school, action="student.create", obj=student)
    return student


@transaction.atomic
def update_student(*, actor, student, guardians=None, **data):
    if not can_edit(actor, student):
        raise PermissionRefused(_("You do not have permission to do this here."))
    before = audit.snapshot(student, STUDENT_FIELDS)
    for field, value in data.items():
        if field not in STUDENT_FIELDS:
            raise TypeError(f"unknown student field {field}")
        setattr(student, field, value.strip() if isinstance(value, str) else value)
    student.id_number = idcard.normalise(student.id_number)
    check_id_number(student.id_number)
    if student.school_class.school_id != student.school_id:
        raise DomainError(_("Choose a class of this school."))
    if not can_edit_class(actor, student.school_class):
        raise PermissionRefused(_("You may only move students into classes you head."))
    clash = Student.objects.filter(school=student.school, student_number=student.student_number)
    if clash.exclude(pk=student.pk).exists():
        raise DomainError(_("This student number is already used in this school."))
    changes = audit.diff(student, before, STUDENT_FIELDS)
    # Identifiers are never written into the audit trail in clear: only that they changed.
    if "id_number" in changes:
        changes["id_number"] = ["…", "…"]
    student.save()
    if guardians is not None:
        set_guardians(student, _clean_guardians(guardians))
        changes["guardians"] = len(guardians)
    audit.record(
        actor=actor, org=student.school, action="student.update", obj=student, changes=changes
    )
    return student


@transaction.atomic
def view_record(*, actor, student):
    """The full record (ID number, phones in clear): refused unless needed, audited each time."""
    if not can_see_record(actor, student):
        raise PermissionRefused(_("You do not have permission to see this student's record."))
    audit.record(actor=actor, org=student.school, action="student.view", obj=student)
    return student
