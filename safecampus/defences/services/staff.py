"""The school keeps its guards' and gatekeepers' records: add, correct, leave, train, and the
audited view of a full ID number."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.defences.models import Employer, SecurityStaff, StaffRole, Training
from safecampus.defences.services import validation as check
from safecampus.students.masking import mask_id

FIELDS = (
    "name",
    "role",
    "employer",
    "company",
    "id_number",
    "phone",
    "certificate_number",
    "certificate_valid_until",
    "health_checked_on",
    "started_on",
)


def _clean(school, values, *, staff=None):
    problems = check.Problems()
    data = {
        "name": check.text(problems, "name", values.get("name"), 40),
        "company": check.text(problems, "company", values.get("company"), 120, required=False),
        "id_number": check.id_number(problems, "id_number", values.get("id_number")),
        "phone": check.phone(problems, "phone", values.get("phone")),
        "certificate_number": check.text(
            problems, "certificate_number", values.get("certificate_number"), 40, required=False
        ),
        "certificate_valid_until": values.get("certificate_valid_until"),
        "health_checked_on": check.not_future(
            problems, "health_checked_on", values.get("health_checked_on")
        ),
        "started_on": values.get("started_on"),
    }
    data["role"] = values.get("role")
    if data["role"] not in StaffRole.values:
        problems.add("role", _("Choose a post."))
    data["employer"] = values.get("employer")
    if data["employer"] not in Employer.values:
        problems.add("employer", _("Choose who employs this person."))
    elif data["employer"] == Employer.COMPANY and not data["company"]:
        problems.add("company", _("Name the security company."))
    if data["started_on"] is None:
        problems.add("started_on", _("This field is required."))
    if data["certificate_valid_until"] and not data["certificate_number"]:
        problems.add("certificate_number", _("Give the certificate's number with its validity."))
    duplicate = SecurityStaff.objects.active().filter(school=school, id_number=data["id_number"])
    if staff is not None:
        duplicate = duplicate.exclude(pk=staff.pk)
    if "id_number" not in problems.fields and duplicate.exists():
        problems.add("id_number", _("This person is already on the school's security staff."))
    problems.raise_any()
    return data


def _audit_view(data):
    """What the audit trail keeps of a record: the ID number masked, as in every list."""
    return {k: (mask_id(v) if k == "id_number" else v) for k, v in data.items()}


@transaction.atomic
def add_staff(*, actor, school, **values):
    require(actor, Cap.DEFENCE_MANAGE, school)
    if not school.is_school:
        raise DomainError(_("Security staff belong to a school."))
    data = _clean(school, values)
    staff = SecurityStaff.objects.create(school=school, **data)
    audit.record(
        actor=actor,
        org=school,
        action="defence.staff_add",
        obj=staff,
        changes={k: [None, v] for k, v in _audit_view(data).items() if v},
    )
    return staff


@transaction.atomic
def edit_staff(*, actor, staff, **values):
    staff = SecurityStaff.objects.select_for_update().get(pk=staff.pk)
    require(actor, Cap.DEFENCE_MANAGE, staff.school)
    if staff.left_on is not None:
        raise DomainError(_("This person has left; their record is kept as it was."))
    data = _clean(staff.school, values, staff=staff)
    before = _audit_view({name: getattr(staff, name) for name in FIELDS})
    for name, value in data.items():
        setattr(staff, name, value)
    staff.save(update_fields=list(FIELDS))
    after = _audit_view(data)
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    audit.record(
        actor=actor, org=staff.school, action="defence.staff_edit", obj=staff, changes=changes
    )
    return staff


@transaction.atomic
def staff_leaves(*, actor, staff, left_on):
    staff = SecurityStaff.objects.select_for_update().get(pk=staff.pk)
    require(actor, Cap.DEFENCE_MANAGE, staff.school)
    if staff.left_on is not None:
        raise DomainError(_("This person has already left."))
    problems = check.Problems()
    check.not_future(problems, "left_on", left_on)
    if left_on is None:
        problems.add("left_on", _("This field is required."))
    elif left_on < staff.started_on:
        problems.add("left_on", _("The day of leaving cannot be before the start."))
    problems.raise_any()
    staff.left_on = left_on
    staff.save(update_fields=["left_on"])
    audit.record(
        actor=actor,
        org=staff.school,
        action="defence.staff_leave",
        obj=staff,
        changes={"left_on": [None, left_on]},
    )
    return staff


@transaction.atomic
def add_training(*, actor, staff, held_on, topic, hours):
    require(actor, Cap.DEFENCE_MANAGE, staff.school)
    problems = check.Problems()
    topic = check.text(problems, "topic", topic, 120)
    if held_on is None:
        problems.add("held_on", _("This field is required."))
    check.not_future(problems, "held_on", held_on)
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not Decimal("0.5") <= hours <= Decimal("200"):
        problems.add("hours", _("Enter the hours, from 0.5 to 200."))
    problems.raise_any()
    training = Training.objects.create(
        staff=staff, held_on=held_on, topic=topic, hours=hours, recorded_by=actor
    )
    audit.record(
        actor=actor,
        org=staff.school,
        action="defence.training",
        obj=staff,
        changes={"training": [None, f"{held_on} {topic} ({hours} h)"]},
    )
    return training


@transaction.atomic
def reveal_id_number(*, actor, staff):
    """The full ID number, for whoever holds the capability; each view is on the trail."""
    require(actor, Cap.DEFENCE_RECORD, staff.school)
    audit.record(actor=actor, org=staff.school, action="defence.staff_id_view", obj=staff)
    return staff.id_number
