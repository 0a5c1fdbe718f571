"""Acceptance by someone other than the rectifier, the bureau's sign-off and supervision."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import holders
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.roles import Cap
from safecampus.hazards import tally
from safecampus.hazards.models import (
    Status,
)
from safecampus.hazards.services.moves import (
    _audit,
    _bureau,
    _event,
    _lock_and_check,
    _photos,
    _reporter,
    _tell,
    today,
)
from safecampus.hazards.workflow import next_status

# Acceptance, bureau sign-off, supervision ------------------------------------------------------


@transaction.atomic
def accept(*, actor, hazard, note="", photos=()):
    hazard = _lock_and_check(actor, hazard, "accept")
    counted = tally.key(hazard)
    if hazard.rectified_by_id == actor.pk:
        raise PermissionRefused(_("The person who rectified a hazard cannot also accept it."))
    stored = _photos(actor, hazard.school, photos)
    before = hazard.status
    hazard.status = next_status(hazard, "accept")
    hazard.accepted_by = actor
    hazard.accepted_at = timezone.now()
    if hazard.status == Status.CLOSED:
        hazard.closed_at = hazard.accepted_at
    hazard.save(update_fields=["status", "accepted_by", "accepted_at", "closed_at", "updated_at"])
    tally.apply(counted, tally.key(hazard))
    _event(hazard, "accept", actor, before=before, note=note, photos=stored)
    _audit(actor, hazard, "accept", {"status": hazard.status})
    if hazard.status == Status.ACCEPTED:
        _tell(
            _bureau(hazard),
            hazard,
            "awaiting_sign_off",
            gettext_lazy("Major hazard #%(id)s at %(school)s awaits your sign-off"),
        )
    else:
        _tell(
            [hazard.responsible_person, *_reporter(hazard)],
            hazard,
            "closed",
            gettext_lazy("Hazard #%(id)s is closed"),
        )
    return hazard


def _send_back(actor, hazard, action, reason):
    hazard = _lock_and_check(actor, hazard, action)
    counted = tally.key(hazard)
    if not reason.strip():
        raise DomainError(_("Say what is still wrong."))
    if action == "send_back" and hazard.rectified_by_id == actor.pk:
        raise PermissionRefused(_("The person who rectified a hazard cannot also accept it."))
    before = hazard.status
    hazard.status = next_status(hazard, action)
    hazard.accepted_by = None
    hazard.accepted_at = None
    hazard.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    tally.apply(counted, tally.key(hazard))
    _event(hazard, action, actor, before=before, note=reason.strip())
    _audit(actor, hazard, action, {"reason": reason})
    _tell(
        [hazard.responsible_person],
        hazard,
        "sent_back",
        gettext_lazy("Hazard #%(id)s was sent back for more rectification"),
        body=reason.strip(),
    )
    return hazard


@transaction.atomic
def send_back(*, actor, hazard, reason):
    return _send_back(actor, hazard, "send_back", reason)


@transaction.atomic
def bureau_send_back(*, actor, hazard, reason):
    return _send_back(actor, hazard, "bureau_send_back", reason)


@transaction.atomic
def sign_off(*, actor, hazard, note=""):
    hazard = _lock_and_check(actor, hazard, "sign_off")
    counted = tally.key(hazard)
    before = hazard.status
    hazard.status = next_status(hazard, "sign_off")
    hazard.signed_off_by = actor
    hazard.signed_off_at = timezone.now()
    hazard.closed_at = hazard.signed_off_at
    hazard.save(
        update_fields=["status", "signed_off_by", "signed_off_at", "closed_at", "updated_at"]
    )
    tally.apply(counted, tally.key(hazard))
    _event(hazard, "sign_off", actor, before=before, note=note)
    _audit(actor, hazard, "sign_off")
    _tell(
        [hazard.responsible_person, hazard.accepted_by, *_reporter(hazard)],
        hazard,
        "closed",
        gettext_lazy("Hazard #%(id)s is closed"),
    )
    return hazard


@transaction.atomic
def supervise(*, actor, hazard, note="", supervision_deadline=None):
    """The bureau's comment and deadline on a supervised (major) hazard."""
    hazard = _lock_and_check(actor, hazard, "supervise")
    if not hazard.supervised:
        raise DomainError(_("Only major hazards are under the bureau's supervision."))
    if not note.strip() and supervision_deadline is None:
        raise DomainError(_("Write a comment or set a supervision deadline."))
    if supervision_deadline is not None:
        if supervision_deadline < today():
            raise DomainError(_("The deadline cannot be in the past."))
        hazard.supervision_deadline = supervision_deadline
        hazard.save(update_fields=["supervision_deadline", "updated_at"])
    _event(hazard, "supervise", actor, before=hazard.status, note=note.strip())
    _audit(actor, hazard, "supervise", {"deadline": supervision_deadline, "note": note})
    people = holders(Cap.HAZARD_ASSIGN, hazard.school).filter(memberships__org=hazard.school)
    _tell(
        [*people, hazard.responsible_person],
        hazard,
        "supervision_comment",
        gettext_lazy("The bureau commented on major hazard #%(id)s"),
        body=note.strip(),
    )
    return hazard


def days_overdue(hazard, on=None):
    on = on or today()
    if hazard.status != Status.RECTIFYING or hazard.deadline is None:
        return 0
    return max((on - hazard.deadline).days, 0)
