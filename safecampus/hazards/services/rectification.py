"""The five items, rectification with photos, and deadline extensions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import holders
from safecampus.core.errors import DomainError
from safecampus.core.models import Membership
from safecampus.core.roles import Cap
from safecampus.hazards import tally
from safecampus.hazards.models import (
    ExtensionRequest,
    ExtensionStatus,
    Grade,
    Status,
)
from safecampus.hazards.services.moves import (
    _audit,
    _event,
    _lock_and_check,
    _photos,
    _tell,
    today,
)
from safecampus.hazards.workflow import EXTENSION, next_status

# The five items --------------------------------------------------------------------------------


@transaction.atomic
def assign(
    *,
    actor,
    hazard,
    responsible_person,
    responsible_unit,
    measures,
    deadline,
    funds_amount=None,
    funds_source="",
    interim_measures="",
    contingency_plan="",
):
    """Fix the five items (五落实); on a hazard already in rectification, change them."""
    hazard = _lock_and_check(actor, hazard, "assign")
    counted = tally.key(hazard)
    if not Membership.objects.active().filter(user=responsible_person, org=hazard.school).exists():
        raise DomainError(_("The responsible person must be a current member of this school."))
    if not responsible_unit.strip() or not measures.strip():
        raise DomainError(_("Give the responsible unit and the measures."))
    if deadline < today():
        raise DomainError(_("The deadline cannot be in the past."))
    if funds_amount is not None and funds_amount < 0:
        raise DomainError(_("Funds cannot be negative."))
    if funds_amount and not funds_source.strip():
        raise DomainError(_("Say where the funds come from."))
    if hazard.grade == Grade.MAJOR and not (interim_measures.strip() and contingency_plan.strip()):
        raise DomainError(
            _("A major hazard needs interim control measures and a contingency plan.")
        )
    before = hazard.status
    previous_person = hazard.responsible_person
    hazard.responsible_person = responsible_person
    hazard.responsible_unit = responsible_unit.strip()
    hazard.measures = measures.strip()
    hazard.deadline = deadline
    hazard.funds_amount = funds_amount
    hazard.funds_source = funds_source.strip()
    hazard.interim_measures = interim_measures.strip()
    hazard.contingency_plan = contingency_plan.strip()
    hazard.status = next_status(hazard, "assign")
    hazard.save()
    tally.apply(counted, tally.key(hazard))
    action = "assign" if before == Status.CONFIRMED else "reassign"
    _event(hazard, action, actor, before=before, note=hazard.measures)
    _audit(
        actor,
        hazard,
        action,
        {"responsible": str(responsible_person), "deadline": deadline, "funds": funds_amount},
    )
    if previous_person != responsible_person:
        _tell(
            [responsible_person],
            hazard,
            "assigned",
            gettext_lazy("Hazard #%(id)s for you to fix: %(place)s"),
        )
    return hazard


# Rectification and extensions -------------------------------------------------------------------


@transaction.atomic
def rectify(*, actor, hazard, note, photos=()):
    hazard = _lock_and_check(actor, hazard, "rectify")
    counted = tally.key(hazard)
    if not note.strip():
        raise DomainError(_("Describe what was done."))
    if not [p for p in photos if p]:
        raise DomainError(_("Add at least one photo of the result."))
    stored = _photos(actor, hazard.school, photos)
    before = hazard.status
    hazard.status = next_status(hazard, "rectify")
    hazard.rectified_by = actor
    hazard.rectified_at = timezone.now()
    hazard.save(update_fields=["status", "rectified_by", "rectified_at", "updated_at"])
    tally.apply(counted, tally.key(hazard))
    _event(hazard, "rectify", actor, before=before, note=note.strip(), photos=stored)
    _audit(actor, hazard, "rectify")
    acceptors = holders(Cap.HAZARD_ACCEPT, hazard.school).filter(memberships__org=hazard.school)
    _tell(
        [p for p in acceptors if p.pk != actor.pk],
        hazard,
        "rectified",
        gettext_lazy("Hazard #%(id)s was rectified and awaits acceptance"),
    )
    return hazard


@transaction.atomic
def request_extension(*, actor, hazard, new_deadline, reason):
    hazard = _lock_and_check(actor, hazard, "request_extension")
    if not reason.strip():
        raise DomainError(_("Give a reason for the extension."))
    if hazard.deadline is None or new_deadline <= hazard.deadline:
        raise DomainError(_("The new deadline must be later than the current one."))
    if hazard.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise DomainError(_("An extension request is already waiting for a decision."))
    request = ExtensionRequest.objects.create(
        hazard=hazard,
        requested_by=actor,
        old_deadline=hazard.deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
    )
    _event(
        hazard, "request_extension", actor, before=hazard.status, note=f"{new_deadline}: {reason}"
    )
    _audit(actor, hazard, "request_extension", {"new_deadline": new_deadline})
    _tell(
        holders(Cap.HAZARD_ASSIGN, hazard.school).filter(memberships__org=hazard.school),
        hazard,
        "extension_requested",
        gettext_lazy("Extension requested for hazard #%(id)s"),
    )
    return request


@transaction.atomic
def decide_extension(*, actor, extension, grant, note=""):
    hazard = _lock_and_check(actor, extension.hazard, "decide_extension")
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    decided = EXTENSION.next_state(extension, "grant" if grant else "refuse")
    if not grant and not note.strip():
        raise DomainError(_("Say why the extension is refused."))
    extension.status = decided
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_note = note.strip()[:300]
    extension.save()
    if grant:
        counted = tally.key(hazard)
        hazard.deadline = extension.new_deadline
        hazard.save(update_fields=["deadline", "updated_at"])
        tally.apply(counted, tally.key(hazard))
    action = "grant_extension" if grant else "refuse_extension"
    _event(hazard, action, actor, before=hazard.status, note=note)
    _audit(actor, hazard, action, {"new_deadline": extension.new_deadline})
    _tell(
        [extension.requested_by],
        hazard,
        "extension_decided",
        gettext_lazy("Your extension request for hazard #%(id)s was decided"),
    )
    return extension
