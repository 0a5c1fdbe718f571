"""Reunification after an incident: each student of the roll goes home only with a guardian or
an authorised pick-up person on their list, whose ID the staff checked; the hand-over is
recorded (who, to whom, when). Anyone else is refused: recorded, the head teacher told, and
the student stays with the school."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require_any
from safecampus.gate.models import IdType, Release
from safecampus.gate.workflow import RELEASE_CAPS, REUNIFICATION
from safecampus.students.models import Student


def not_on_list(student, name):
    return _(
        "%(name)s is not on %(student)s's pick-up list: the student may not go with them. "
        "Hand the student only to a guardian or an authorised person on the list."
    ) % {"name": name, "student": student.name}


def _on_list(student, guardian, person):
    """The chosen guardian or pick-up person, if they are on this student's list now."""
    if guardian is not None and guardian.student_id == student.pk:
        return str(guardian), guardian, None
    if person is not None and person.student_id == student.pk and person.revoked_at is None:
        return str(person), None, person
    return None


@transaction.atomic
def release(
    *, actor, roll, student, guardian=None, person=None, id_type, id_last4, client_uuid=None
):
    """Hand the student over to a guardian or an authorised pick-up person on their list."""
    school = roll.school
    require_any(actor, school, *RELEASE_CAPS)
    existing = replayed(Release, client_uuid, school=school)
    if existing is not None:
        return existing
    if student.school_id != school.pk:
        raise DomainError(_("This student is not on the school's roll."))
    Student.objects.select_for_update().filter(pk=student.pk).first()
    REUNIFICATION.check((roll, student), "release")
    chosen = _on_list(student, guardian, person)
    if chosen is None:
        name = str(guardian or person or _("This person"))
        raise DomainError(not_on_list(student, name))
    released_to, guardian, person = chosen
    if id_type not in IdType.values:
        raise DomainError(_("Choose the ID document you checked."))
    id_last4 = (id_last4 or "").strip().upper()
    if len(id_last4) != 4:
        raise DomainError(_("Write the last 4 characters of the ID you checked."))
    if person is not None and person.id_number and not person.id_number.upper().endswith(id_last4):
        raise DomainError(
            _("The ID does not match the one on the pick-up list: do not hand the student over.")
        )
    try:
        with transaction.atomic():
            row = Release.objects.create(
                school=school,
                roll=roll,
                student=student,
                guardian=guardian,
                person=person,
                released_to=released_to[:80],
                id_type=id_type,
                id_last4=id_last4,
                released_by=actor,
                released_at=timezone.now(),
                client_uuid=client_uuid,
            )
    except IntegrityError as exc:
        raise DomainError(_("This student was already handed over.")) from exc
    audit.record(
        actor=actor,
        org=school,
        action="release.hand_over",
        obj=row,
        object_repr=f"{student} → {released_to}",
        changes={"roll": roll.label, "id": f"{id_type} …{id_last4}"},
    )
    return row


@transaction.atomic
def refuse(*, actor, roll, student, claimed_name, claimed_relation=""):
    """Someone not on the list came for the student: recorded and the head teacher told. The
    caller shows `not_on_list` to the person at the gate."""
    school = roll.school
    require_any(actor, school, *RELEASE_CAPS)
    if student.school_id != school.pk:
        raise DomainError(_("This student is not on the school's roll."))
    claimed_name = (claimed_name or "").strip()[:40]
    if not claimed_name:
        raise DomainError(_("Write down the name the person gave."))
    REUNIFICATION.check((roll, student), "refuse")
    audit.record(
        actor=actor,
        org=school,
        action="release.refuse",
        obj=roll,
        object_repr=f"{student} ✕ {claimed_name}",
        changes={"student": str(student), "claimed": claimed_name, "relation": claimed_relation},
    )
    head = student.school_class.head_teacher
    if head is not None:
        notify(
            [head],
            kind="gate.release_refused",
            title=gettext_lazy("Hand-over refused: %(student)s"),
            body=gettext_lazy(
                "%(person)s (%(relation)s) asked for %(student)s after %(event)s and is not on "
                "the pick-up list. Recorded by %(actor)s."
            ),
            params={
                "student": student.name,
                "person": claimed_name,
                "relation": claimed_relation.strip()[:20] or "—",
                "event": roll.label,
                "actor": str(actor),
            },
            url=reverse("gate:reunification", args=[school.pk, roll.pk]),
            org=school,
        )
    return not_on_list(student, claimed_name)
