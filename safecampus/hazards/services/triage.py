"""Confirming and grading, rejecting, merging duplicates."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.errors import DomainError
from safecampus.hazards import tally
from safecampus.hazards.hooks import CONFIRM_HOOKS
from safecampus.hazards.models import (
    Grade,
    Hazard,
    Status,
)
from safecampus.hazards.services.moves import (
    _audit,
    _bureau,
    _event,
    _lock_and_check,
    _reporter,
    _tell,
)
from safecampus.hazards.workflow import next_status

# Confirm, reject, merge ----------------------------------------------------------------------


@transaction.atomic
def confirm(*, actor, hazard, grade, note=""):
    hazard = _lock_and_check(actor, hazard, "confirm")
    counted = tally.key(hazard)
    if grade not in Grade.values:
        raise DomainError(_("Choose the grade: general or major."))
    before = hazard.status
    hazard.grade = grade
    hazard.supervised = grade == Grade.MAJOR
    hazard.status = next_status(hazard, "confirm")
    hazard.save(update_fields=["grade", "supervised", "status", "updated_at"])
    tally.apply(counted, tally.key(hazard))
    _event(hazard, "confirm", actor, before=before, note=note)
    _audit(actor, hazard, "confirm", {"grade": grade})
    for hook in CONFIRM_HOOKS:
        hook(hazard=hazard, actor=actor)
    _tell(
        _reporter(hazard),
        hazard,
        "confirmed",
        gettext_lazy("Your hazard report #%(id)s was confirmed"),
    )
    if hazard.supervised:
        _tell(
            _bureau(hazard),
            hazard,
            "supervised",
            gettext_lazy("Major hazard #%(id)s at %(school)s is now under supervision"),
        )
    return hazard


@transaction.atomic
def reject(*, actor, hazard, reason):
    hazard = _lock_and_check(actor, hazard, "reject")
    counted = tally.key(hazard)
    if not reason.strip():
        raise DomainError(_("Say why this is not a hazard; the reporter will see it."))
    before = hazard.status
    hazard.status = next_status(hazard, "reject")
    hazard.rejection_reason = reason.strip()[:300]
    hazard.closed_at = timezone.now()
    hazard.save(update_fields=["status", "rejection_reason", "closed_at", "updated_at"])
    tally.apply(counted, tally.key(hazard))
    _event(hazard, "reject", actor, before=before, note=reason)
    _audit(actor, hazard, "reject", {"reason": reason})
    _tell(
        _reporter(hazard),
        hazard,
        "rejected",
        gettext_lazy("Your hazard report #%(id)s was not confirmed"),
    )
    return hazard


@transaction.atomic
def merge(*, actor, hazard, into, note=""):
    hazard = _lock_and_check(actor, hazard, "merge")
    counted = tally.key(hazard)
    into = Hazard.objects.select_for_update().get(pk=into.pk)
    if into.pk == hazard.pk or into.school_id != hazard.school_id:
        raise DomainError(_("Choose another hazard of the same school."))
    if into.status in (Status.MERGED, Status.REJECTED):
        raise DomainError(_("A hazard cannot be merged into a merged or rejected one."))
    before = hazard.status
    hazard.status = next_status(hazard, "merge")
    hazard.merged_into = into
    hazard.closed_at = timezone.now()
    hazard.save(update_fields=["status", "merged_into", "closed_at", "updated_at"])
    tally.apply(counted, tally.key(hazard))
    _event(hazard, "merge", actor, before=before, note=note or f"#{into.pk}")
    _event(into, "merged_in", actor, before=into.status, note=f"#{hazard.pk}")
    _audit(actor, hazard, "merge", {"into": into.pk})
    return hazard
