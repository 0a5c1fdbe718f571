"""Dangerous items found on students (管制刀具, lighters, fireworks ...)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import holders
from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require_any
from safecampus.gate.models import Confiscation, Handling, ItemKind
from safecampus.gate.services.validation import student_of


@transaction.atomic
def record_confiscation(
    *,
    actor,
    school,
    kind,
    item,
    place,
    handling,
    student=None,
    found_at=None,
    note="",
    client_uuid=None,
):
    require_any(actor, school, Cap.GATE_DESK, Cap.STUDENT_VIEW)
    existing = replayed(Confiscation, client_uuid, school=school)
    if existing is not None:
        return existing
    if kind not in ItemKind.values or handling not in Handling.values:
        raise DomainError(_("Choose the kind of item and its handling from the lists."))
    if not item.strip() or not place.strip():
        raise DomainError(_("Describe the item and where it was found."))
    found_at = found_at or timezone.now()
    if found_at > timezone.now():
        raise DomainError(_("The time found cannot be in the future."))
    student_of(school, student)
    record = Confiscation.objects.create(
        school=school,
        client_uuid=client_uuid,
        kind=kind,
        item=item.strip(),
        student=student,
        place=place.strip(),
        found_at=found_at,
        found_by=actor,
        handling=handling,
        note=note.strip(),
    )
    audit.record(
        actor=actor,
        org=school,
        action="confiscation.record",
        obj=record,
        changes={"kind": kind, "handling": handling},
    )
    # The student's head teacher, and the safety office for items without a known owner.
    if student is not None and student.school_class.head_teacher is not None:
        told = [student.school_class.head_teacher]
    else:
        told = list(holders(Cap.GATE_ALERT, school).filter(memberships__org=school))
    notify(
        told,
        kind="gate.confiscation",
        title=gettext_lazy("Dangerous item confiscated: %(item)s"),
        body=gettext_lazy("%(kind)s found at %(place)s on %(student)s. Handling: %(handling)s."),
        params={
            "item": record.item,
            "kind": record.get_kind_display(),
            "place": record.place,
            "student": student.name if student else "—",
            "handling": record.get_handling_display(),
        },
        url=reverse("gate:confiscations", args=[school.pk]),
        org=school,
    )
    return record
