"""The five items, rectification with photos, and deadline extensions."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import holders
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.models import Membership
from safecampus.core.roles import Cap
from safecampus.hazards import tally
from safecampus.hazards.models import (
    ExtensionRequest,
    ExtensionStatus,
    Grade,
    Status,
)
from safecampus.hazards.rules import default_deadline_days, latest_deadline
from safecampus.hazards.services.moves import (
    _audit,
    _event,
    _lock_and_check,
    _photos,
    _tell,
    today,
)
from safecampus.hazards.workflow import EXTENSION, next_status

# No rectification deadline is right more than a year ahead, whatever the reason: work that long
# is planned in stages, each with its own deadline. This also catches a mistyped year (2254).
FURTHEST_DEADLINE = timedelta(days=366)

# The five items --------------------------------------------------------------------------------


def deadline_problem(hazard, deadline, reason=""):
    """Why `deadline` cannot be given to this hazard, or None. The bureau's rule bounds it unless
    a reason is written; nothing passes the furthest deadline or lies in the past."""
    if deadline is None:
        return None
    on = today()
    if deadline < on:
        return _("The deadline cannot be in the past.")
    if deadline > on + FURTHEST_DEADLINE:
        return _(
            "A deadline more than a year away cannot be right: plan the work in stages, each "
            "with a nearer deadline."
        )
    latest = latest_deadline(hazard.school, hazard.grade, on)
    if deadline > latest and not (reason or "").strip():
        return _(
            "The bureau's rule gives a hazard of this grade %(days)s days, until %(date)s. "
            "Write the reason for a later deadline."
        ) % {
            "days": default_deadline_days(hazard.school, hazard.grade),
            "date": f"{latest:%Y-%m-%d}",
        }
    return None


def assignment_problems(
    hazard,
    *,
    responsible_person=None,
    responsible_unit=None,
    measures=None,
    deadline=None,
    deadline_reason="",
    funds_amount=None,
    funds_source="",
    interim_measures="",
    contingency_plan="",
):
    """Every reason the five items cannot be saved, by field, so all are shown at once. A value
    the form could not read is None and is left to the form's own message."""
    problems = {}
    member = Membership.objects.active().filter(user=responsible_person, org=hazard.school)
    if responsible_person is not None and not member.exists():
        problems["responsible_person"] = _(
            "The responsible person must be a current member of this school."
        )
    if responsible_unit is not None and not responsible_unit.strip():
        problems["responsible_unit"] = _("Give the responsible unit and the measures.")
    if measures is not None and not measures.strip():
        problems["measures"] = _("Give the responsible unit and the measures.")
    late = deadline_problem(hazard, deadline, deadline_reason)
    if late:
        problems["deadline"] = late
    if funds_amount is not None and funds_amount < 0:
        problems["funds_amount"] = _("Funds cannot be negative.")
    if funds_amount and not (funds_source or "").strip():
        problems["funds_source"] = _("Say where the funds come from.")
    if hazard.grade == Grade.MAJOR:
        needed = _("A major hazard needs interim control measures and a contingency plan.")
        if not (interim_measures or "").strip():
            problems["interim_measures"] = needed
        if not (contingency_plan or "").strip():
            problems["contingency_plan"] = needed
    return problems


def _beyond_rule(hazard, deadline, reason):
    """The line the timeline keeps when a deadline passes the rule with a reason."""
    on = today()
    if not reason.strip() or deadline <= latest_deadline(hazard.school, hazard.grade, on):
        return ""
    return _("Deadline beyond the rule's %(days)s days, because: %(reason)s") % {
        "days": default_deadline_days(hazard.school, hazard.grade),
        "reason": reason.strip(),
    }


@transaction.atomic
def assign(
    *,
    actor,
    hazard,
    responsible_person,
    responsible_unit,
    measures,
    deadline,
    deadline_reason="",
    funds_amount=None,
    funds_source="",
    interim_measures="",
    contingency_plan="",
):
    """Fix the five items (五落实); on a hazard already in rectification, change them. A deadline
    later than the bureau's rule allows needs `deadline_reason`, which the timeline keeps."""
    hazard = _lock_and_check(actor, hazard, "assign")
    counted = tally.key(hazard)
    problems = assignment_problems(
        hazard,
        responsible_person=responsible_person,
        responsible_unit=responsible_unit,
        measures=measures,
        deadline=deadline,
        deadline_reason=deadline_reason,
        funds_amount=funds_amount,
        funds_source=funds_source,
        interim_measures=interim_measures,
        contingency_plan=contingency_plan,
    )
    if problems:
        raise InvalidFields(problems)
    beyond_rule = _beyond_rule(hazard, deadline, deadline_reason)
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
    note = f"{hazard.measures}\n{beyond_rule}" if beyond_rule else hazard.measures
    _event(hazard, action, actor, before=before, note=note)
    changes = {"responsible": str(responsible_person), "deadline": deadline, "funds": funds_amount}
    if beyond_rule:
        changes["deadline_reason"] = deadline_reason.strip()
    _audit(actor, hazard, action, changes)
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
    problems = {}
    if not reason.strip():
        problems["reason"] = _("Give a reason for the extension.")
    if hazard.deadline is None or new_deadline <= hazard.deadline:
        problems["new_deadline"] = _("The new deadline must be later than the current one.")
    elif new_deadline > today() + FURTHEST_DEADLINE:
        problems["new_deadline"] = _(
            "A deadline more than a year away cannot be right: plan the work in stages, each "
            "with a nearer deadline."
        )
    if problems:
        raise InvalidFields(problems)
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
