"""Off-campus activities: the organiser drafts a request and submits it; the principal
approves it or sends it back. Once approved, the accompanying staff take the roll call out and
back on a phone (services.rollcall, shared with the bus trip) and close it on return; a student
who left and is not back keeps it open and alerts the safety officers once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import active_memberships, has_cap
from safecampus.core.errors import DomainError, InvalidFields, PermissionRefused
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.permissions import require
from safecampus.transport.models import Outing, OutingKind, OutingMark, OutingStatus
from safecampus.transport.outing_rules import ratio_problems, rules_for
from safecampus.transport.services import rollcall
from safecampus.transport.workflow import OUTING, OUTING_ROLL


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


def may_lead(user, outing, school=None):
    """The activity's accompanying staff and its organiser take its roll call; the principal
    (outing.approve) may stand in."""
    school = school or outing.school
    if has_cap(user, Cap.OUTING_APPROVE, school):
        return True
    if not has_cap(user, Cap.OUTING_REQUEST, school):
        return False
    return outing.requested_by_id == user.pk or outing.staff.filter(pk=user.pk).exists()


def _require_leader(actor, outing):
    require(actor, Cap.OUTING_REQUEST, outing.school)
    if not may_lead(actor, outing):
        raise PermissionRefused(_("Only the activity's staff take its roll call."))


@transaction.atomic
def mark_outing(*, actor, outing, student, kind, note="", client_uuid=None, now=None):
    """One tap of the roll call out (board: left with the group; absent: did not go) or back
    (alight: back; account: found, with where and with whom)."""
    _require_leader(actor, outing)
    existing = replayed(OutingMark, client_uuid, outing=outing)
    if existing is not None:
        return existing
    rollcall.check_kind(kind)
    outing = _locked(outing)
    OUTING.check(outing, "mark")
    if not outing.students.filter(pk=student.pk).exists():
        raise DomainError(_("This student is not on the activity's list."))
    return rollcall.write_mark(
        actor=actor,
        holder=outing,
        table=OUTING_ROLL,
        student=student,
        kind=kind,
        note=note,
        client_uuid=client_uuid,
        now=now,
        action="outing",
    )


@transaction.atomic
def return_outing(*, actor, outing, now=None):
    """The group is back. Refused while a student on the list was never marked (left or not
    going). Every student who left and is not marked back keeps the activity open: the safety
    officers are told at once, once, and it waits for them to be found."""
    _require_leader(actor, outing)
    outing = _locked(outing)
    status = OUTING.next_state(outing, "return")
    # A student never marked at departure may have gone: the roll must say left or not going.
    unmarked = outing.students.exclude(pk__in=outing.marks.values("student")).count()
    if unmarked:
        raise DomainError(
            _(
                "%(count)s student(s) on the list were never marked: mark each one left or not "
                "going first."
            )
            % {"count": unmarked}
        )
    outing.status = status
    now = now or timezone.now()
    if outing.status == OutingStatus.CLOSED:
        outing.closed_at = now
        outing.save(update_fields=["status", "closed_at"])
        audit.record(actor=actor, org=outing.school, action="outing.return", obj=outing)
        return outing
    outing.alerted_at = now
    outing.save(update_fields=["status", "alerted_at"])
    students = rollcall.missing_students(outing, outing.still_out())
    audit.record(
        actor=actor,
        org=outing.school,
        action="outing.unaccounted",
        obj=outing,
        changes={"students": [str(s) for s in students]},
    )
    rollcall.alert_missing(
        outing,
        students,
        kind="outing.unaccounted",
        title=gettext_lazy("%(title)s: %(count)s student(s) not back"),
        body=gettext_lazy(
            "The group came back without %(names)s, who left with it. Find them now and record "
            "where they are on the activity's page."
        ),
        params={"title": outing.title},
    )
    return outing


@transaction.atomic
def close_outing(*, actor, outing, now=None):
    """Close an activity whose missing students have all been found (back or accounted for)."""
    _require_leader(actor, outing)
    outing = _locked(outing)
    OUTING.check(outing, "close")
    left = len(outing.still_out())
    if left:
        raise DomainError(
            _("%(count)s student(s) still not accounted for: record where each one is first.")
            % {"count": left}
        )
    outing.status = OUTING.next_state(outing, "close")
    outing.closed_at = now or timezone.now()
    outing.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, org=outing.school, action="outing.close", obj=outing)
    return outing
