"""Kindergarten pick-up: authorised persons (with the guardian's recorded consent), hand-over
to one of them, refusal of anyone else, and the children not picked up by closing time."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import store_upload
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require, require_any
from safecampus.gate.models import PickupOutcome, PickupPerson, PickupRecord
from safecampus.gate.queries import settings_for
from safecampus.gate.services.validation import check_identity
from safecampus.gate.workflow import PICKUP, PICKUP_PERSON
from safecampus.students.models import Student
from safecampus.students.services import check_phone


@transaction.atomic
def add_person(
    *, actor, student, name, relation, phone, consent, consent_by, id_number="", photo=None
):
    school = student.school
    require(actor, Cap.PICKUP_MANAGE, school)
    if not name.strip() or not relation.strip():
        raise DomainError(_("Give the person's name and relation to the child."))
    if not consent.strip() or not consent_by.strip():
        raise DomainError(_("Record the guardian's consent: how it was given and by whom."))
    check_phone(phone.strip())
    id_number = check_identity("resident", id_number)
    stored = (
        store_upload(actor=actor, org=school, upload=photo, images_only=True) if photo else None
    )
    person = PickupPerson.objects.create(
        student=student,
        name=name.strip(),
        relation=relation.strip(),
        phone=phone.strip(),
        id_number=id_number,
        photo=stored,
        consent=consent.strip(),
        consent_by=consent_by.strip(),
        added_by=actor,
    )
    audit.record(
        actor=actor,
        org=school,
        action="pickup.authorise",
        obj=person,
        object_repr=f"{student} · {person}",
        changes={"consent": person.consent, "consent_by": person.consent_by},
    )
    return person


@transaction.atomic
def set_person_photo(*, actor, person, photo):
    """Give an authorised person the photo the gate compares faces with (a new one replaces
    the old; the old file stays, as every attachment does, for the record)."""
    school = person.student.school
    require(actor, Cap.PICKUP_MANAGE, school)
    PICKUP_PERSON.check(person, "set_photo")
    person.photo = store_upload(actor=actor, org=school, upload=photo, images_only=True)
    person.save(update_fields=["photo"])
    audit.record(
        actor=actor,
        org=school,
        action="pickup.photo",
        obj=person,
        object_repr=f"{person.student} · {person}",
    )
    return person


@transaction.atomic
def revoke_person(*, actor, person):
    school = person.student.school
    require(actor, Cap.PICKUP_MANAGE, school)
    PICKUP_PERSON.check(person, "revoke")
    person.revoked_at = timezone.now()
    person.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        org=school,
        action="pickup.revoke",
        obj=person,
        object_repr=f"{person.student} · {person}",
    )
    return person


@transaction.atomic
def hand_over(*, actor, student, person, client_uuid=None, note=""):
    """The child goes with an authorised person: this closes the child's day."""
    school = student.school
    require_any(actor, school, Cap.GATE_DESK, Cap.PICKUP_MANAGE)
    existing = replayed(PickupRecord, client_uuid, school=school)
    if existing is not None:
        return existing
    if person.student_id != student.pk:
        raise DomainError(PICKUP_PERSON.refusal(person, "hand_over"))
    PICKUP_PERSON.check(person, "hand_over")
    # Lock the child: two teachers handing over at once must not both succeed.
    Student.objects.select_for_update().filter(pk=student.pk).first()
    now = timezone.now()
    day = timezone.localdate(now)
    PICKUP.check((student, day), "hand_over")
    try:
        with transaction.atomic():
            record = PickupRecord.objects.create(
                school=school,
                client_uuid=client_uuid,
                student=student,
                day=day,
                outcome=PickupOutcome.HANDED_OVER,
                person=person,
                note=note.strip()[:200],
                recorded_by=actor,
                at=now,
            )
    except IntegrityError as exc:
        raise DomainError(_("This child has already been picked up today.")) from exc
    audit.record(
        actor=actor,
        org=school,
        action="pickup.hand_over",
        obj=record,
        object_repr=f"{student} → {person}",
    )
    return record


@transaction.atomic
def refuse(*, actor, student, claimed_name, claimed_relation="", note="", client_uuid=None):
    """Someone not on the list came for the child: refused, recorded, head teacher told."""
    school = student.school
    require_any(actor, school, Cap.GATE_DESK, Cap.PICKUP_MANAGE)
    existing = replayed(PickupRecord, client_uuid, school=school)
    if existing is not None:
        return existing
    if not claimed_name.strip():
        raise DomainError(_("Write down the name the person gave."))
    now = timezone.now()
    PICKUP.check((student, timezone.localdate(now)), "refuse")
    record = PickupRecord.objects.create(
        school=school,
        client_uuid=client_uuid,
        student=student,
        day=timezone.localdate(now),
        outcome=PickupOutcome.REFUSED,
        claimed_name=claimed_name.strip()[:40],
        claimed_relation=claimed_relation.strip()[:20],
        note=note.strip()[:200],
        recorded_by=actor,
        at=now,
    )
    audit.record(
        actor=actor,
        org=school,
        action="pickup.refuse",
        obj=record,
        object_repr=f"{student} ✕ {record.claimed_name}",
    )
    head = student.school_class.head_teacher
    if head is not None:
        notify(
            [head],
            kind="gate.pickup_refused",
            title=gettext_lazy("Pick-up refused: %(student)s"),
            body=gettext_lazy(
                "%(person)s (%(relation)s) is not authorised to pick up %(student)s. "
                "Recorded by %(actor)s."
            ),
            params={
                "student": student.name,
                "person": record.claimed_name,
                "relation": record.claimed_relation or "—",
                "actor": str(actor),
            },
            url=reverse("gate:pickup_child", args=[school.pk, student.pk]),
            org=school,
        )
    return record


def closing_passed(school, now=None):
    now = timezone.localtime(now or timezone.now())
    closing = settings_for(school).closing_time
    return now >= timezone.make_aware(datetime.combine(now.date(), closing))


def not_picked_up(students, day):
    """The children of `students` with no hand-over on `day`."""
    handed = PickupRecord.objects.filter(
        student=OuterRef("pk"), day=day, outcome=PickupOutcome.HANDED_OVER
    )
    return students.filter(is_active=True).exclude(Exists(handed))
