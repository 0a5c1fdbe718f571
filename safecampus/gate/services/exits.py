"""Student exit permits: issued or approved by the head teacher, used once at the gate."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require
from safecampus.gate.models import ExitPermit, ExitStatus
from safecampus.gate.workflow import EXIT_PERMIT
from safecampus.students.access import can_edit

# How long before its "leaving from" time a permit may be used at the gate (a child sent down
# a few minutes early is not held back). Kept short: the permit is for one departure.
EARLY_MINUTES = 30


def may_approve(actor, student):
    """Leaders for any class; a head teacher for their own class only."""
    if has_cap(actor, Cap.STUDENT_MANAGE, student.school):
        return True
    return has_cap(actor, Cap.EXIT_ISSUE, student.school) and can_edit(actor, student)


def _check_times(leave_from, return_by):
    if return_by is not None and return_by <= leave_from:
        raise DomainError(_("The return time must be after the leaving time."))
    if leave_from < timezone.now() - timedelta(hours=12):
        raise DomainError(_("The leaving time is in the past."))


@transaction.atomic
def issue_permit(
    *,
    actor,
    student,
    reason,
    leave_from,
    return_by=None,
    accompanying_adult="",
    request=False,
    client_uuid=None,
):
    """A head teacher's permit (approved at once), or a request by other staff that the head
    teacher approves."""
    school = student.school
    existing = replayed(ExitPermit, client_uuid, school=school)
    if existing is not None:
        return existing
    if request:
        require(actor, Cap.STUDENT_VIEW, school)
    elif not may_approve(actor, student):
        raise PermissionRefused(_("Only the student's head teacher may issue an exit permit."))
    if not reason.strip():
        raise DomainError(_("Give the reason for leaving."))
    _check_times(leave_from, return_by)
    permit = ExitPermit.objects.create(
        school=school,
        client_uuid=client_uuid,
        student=student,
        status=ExitStatus.REQUESTED if request else ExitStatus.APPROVED,
        reason=reason.strip(),
        leave_from=leave_from,
        return_by=return_by,
        accompanying_adult=accompanying_adult.strip(),
        requested_by=actor,
        approved_by=None if request else actor,
    )
    audit.record(
        actor=actor,
        org=school,
        action="exit.request" if request else "exit.issue",
        obj=permit,
    )
    head = student.school_class.head_teacher
    if request and head is not None:
        notify(
            [head],
            kind="gate.exit_request",
            title=gettext_lazy("Exit permit to approve: %(student)s"),
            body=gettext_lazy("Requested by %(actor)s: %(reason)s"),
            params={"student": student.name, "actor": str(actor), "reason": permit.reason},
            url=reverse("gate:exits", args=[school.pk]),
            org=school,
        )
    return permit


def _locked(permit):
    return (
        ExitPermit.objects.select_for_update(of=("self",))
        .select_related("school", "student__school_class", "student__school")
        .get(pk=permit.pk)
    )


@transaction.atomic
def approve_permit(*, actor, permit):
    permit = _locked(permit)
    if not may_approve(actor, permit.student):
        raise PermissionRefused(_("Only the student's head teacher may approve this permit."))
    permit.status = EXIT_PERMIT.next_state(permit, "approve")
    permit.approved_by = actor
    permit.save(update_fields=["status", "approved_by"])
    audit.record(actor=actor, org=permit.school, action="exit.approve", obj=permit)
    return permit


@transaction.atomic
def cancel_permit(*, actor, permit):
    permit = _locked(permit)
    if not may_approve(actor, permit.student):
        raise PermissionRefused(_("Only the student's head teacher may cancel this permit."))
    permit.status = EXIT_PERMIT.next_state(permit, "cancel")
    permit.save(update_fields=["status"])
    audit.record(actor=actor, org=permit.school, action="exit.cancel", obj=permit)
    return permit


def usable_now(permit, now=None):
    """An approved permit may be used from shortly before its time until the end of its day
    (or its return time, if earlier)."""
    now = now or timezone.now()
    if not EXIT_PERMIT.allowed(permit.status, "leave"):
        return False
    day_end = timezone.make_aware(datetime.combine(timezone.localdate(permit.leave_from), time.max))
    until = min(permit.return_by, day_end) if permit.return_by else day_end
    return permit.leave_from - timedelta(minutes=EARLY_MINUTES) <= now <= until


@transaction.atomic
def record_exit(*, actor, permit):
    """The guard lets the student out: only on an approved permit valid now."""
    require(actor, Cap.GATE_DESK, permit.school)
    permit = _locked(permit)
    if not usable_now(permit):
        # The same refusal as the table's: approved, but not for now, is no permit for now.
        raise DomainError(EXIT_PERMIT.refusal(permit, "leave"))
    permit.status = EXIT_PERMIT.next_state(permit, "leave")
    permit.exited_at = timezone.now()
    permit.save(update_fields=["status", "exited_at"])
    audit.record(actor=actor, org=permit.school, action="exit.out", obj=permit)
    return permit


@transaction.atomic
def record_return(*, actor, permit):
    require(actor, Cap.GATE_DESK, permit.school)
    permit = _locked(permit)
    permit.status = EXIT_PERMIT.next_state(permit, "return")
    permit.returned_at = timezone.now()
    permit.save(update_fields=["status", "returned_at"])
    audit.record(actor=actor, org=permit.school, action="exit.return", obj=permit)
    return permit
