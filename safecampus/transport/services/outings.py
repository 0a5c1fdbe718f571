"""Off-campus activities: the organiser drafts a request and submits it; the principal
approves it or sends it back. Roll call out and back is not built yet (see docs)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.access import active_memberships
from safecampus.core.errors import DomainError, InvalidFields
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.transport.models import Outing, OutingKind
from safecampus.transport.outing_rules import ratio_problems, rules_for
from safecampus.transport.workflow import OUTING


def _members(school, users):
    """Only members of the school lead its students."""
    staff = list(users)
    for user in staff:
        if not any(m.org_id == school.pk for m in active_memberships(user)):
            raise DomainError(_("%(person)s is not a member of this school.") % {"person": user})
    return staff


@transaction.atomic
def request_outing(
    *,
    actor,
    school,
    kind,
    title,
    destination,
    starts_at,
    ends_at,
    plan,
    security_plan,
    insurance="",
    students=(),
    staff=(),
):
    """A draft request: nothing is checked against the ratio until it is submitted."""
    require(actor, Cap.OUTING_REQUEST, school)
    errors = {}
    if kind not in OutingKind.values:
        errors["kind"] = _("Choose the type of activity.")
    for name, value in (("title", title), ("destination", destination)):
        if not (value or "").strip():
            errors[name] = _("This field is required.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The return must come after the departure.")
    if errors:
        raise InvalidFields(errors)
    students = list(students)
    if any(s.school_id != school.pk for s in students):
        raise DomainError(_("Choose students of this school."))
    outing = Outing.objects.create(
        school=school,
        kind=kind,
        title=title.strip()[:120],
        destination=destination.strip()[:200],
        starts_at=starts_at,
        ends_at=ends_at,
        plan=(plan or "").strip()[:8000],
        security_plan=(security_plan or "").strip()[:8000],
        insurance=(insurance or "").strip()[:200],
        requested_by=actor,
    )
    outing.students.set(students)
    outing.staff.set(_members(school, staff))
    audit.record(
        actor=actor,
        org=school,
        action="outing.request",
        obj=outing,
        changes={"students": len(students), "staff": outing.staff.count()},
    )
    return outing


def _locked(outing):
    return Outing.objects.select_for_update().select_related("school").get(pk=outing.pk)


def submission_problems(outing):
    """What keeps the request from going to the principal, as sentences."""
    problems = []
    if not outing.plan:
        problems.append(_("Write the activity's plan."))
    if not outing.security_plan:
        problems.append(_("Write the security plan."))
    if not outing.insurance:
        problems.append(_("Name the insurance that covers the students."))
    if outing.starts_at <= timezone.now():
        problems.append(_("The departure has passed: change the dates."))
    students = outing.students.count()
    if not students:
        problems.append(_("List the students who go."))
    problems += ratio_problems(rules_for(outing.school), students, outing.staff.count())
    return problems


@transaction.atomic
def submit_outing(*, actor, outing):
    require(actor, Cap.OUTING_REQUEST, outing.school)
    outing = _locked(outing)
    status = OUTING.next_state(outing, "submit")
    problems = submission_problems(outing)
    if problems:
        raise DomainError(" ".join(problems))
    outing.status = status
    outing.save(update_fields=["status"])
    audit.record(actor=actor, org=outing.school, action="outing.submit", obj=outing)
    return outing


@transaction.atomic
def decide_outing(*, actor, outing, approve, note=""):
    """The principal approves the request, or sends it back to its draft with a note."""
    require(actor, Cap.OUTING_APPROVE, outing.school)
    outing = _locked(outing)
    action = "approve" if approve else "send_back"
    status = OUTING.next_state(outing, action)
    note = (note or "").strip()[:2000]
    if not approve and not note:
        raise DomainError(_("Say what to change before it comes back."))
    outing.status, outing.decision_note = status, note
    outing.decided_by, outing.decided_at = actor, timezone.now()
    outing.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        org=outing.school,
        action=f"outing.{action}",
        obj=outing,
        changes={"note": note},
    )
    return outing
