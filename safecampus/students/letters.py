"""Responsibility letters to the guardians of a class (家校安全责任书)."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.students.models import Guardian, GuardianLetter
from safecampus.students.workflow import GUARDIAN_LETTER


@transaction.atomic
def send_to_guardians(*, actor, letter, school_class):
    """One copy per guardian of the class's enrolled students; guardians already sent to are
    skipped, so sending again reaches only the new ones."""
    require(actor, Cap.LETTER_MANAGE, letter.school)
    if school_class.school_id != letter.school_id:
        raise DomainError(_("The class belongs to another school."))
    guardians = Guardian.objects.filter(
        student__school_class=school_class, student__is_active=True
    ).exclude(letters__letter=letter)
    copies = GuardianLetter.objects.bulk_create(
        [
            GuardianLetter(
                letter=letter, guardian=g, token=secrets.token_urlsafe(32), sent_by=actor
            )
            for g in guardians
        ]
    )
    if not copies:
        raise DomainError(_("Every guardian of this class already has this letter."))
    audit.record(
        actor=actor,
        org=letter.school,
        action="letter.guardians",
        obj=letter,
        changes={"class": str(school_class), "guardians": len(copies)},
    )
    return copies


@transaction.atomic
def acknowledge(*, copy, name):
    copy = GuardianLetter.objects.select_for_update().get(pk=copy.pk)
    GUARDIAN_LETTER.check(copy, "acknowledge")
    if not name.strip():
        raise DomainError(_("Type your name to acknowledge."))
    copy.acknowledged_at = timezone.now()
    copy.acknowledged_name = name.strip()[:40]
    copy.save(update_fields=["acknowledged_at", "acknowledged_name"])
    return copy
