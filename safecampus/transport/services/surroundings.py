"""The surroundings ledger: report a problem near the school, refer it to the outside
department, record its answer, re-check; record a joint inspection."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safecampus.core.access import has_cap, holders
from safecampus.core.errors import DomainError, PermissionRefused
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import stored_photos
from safecampus.core.services.notifications import notify
from safecampus.core.services.permissions import require, require_any
from safecampus.transport.models import (
    DepartmentMember,
    JointInspection,
    Outcome,
    SurroundingsProblem,
)
from safecampus.transport.queries.departments import departments_for_school
from safecampus.transport.surroundings_rules import type_ids_for
from safecampus.transport.workflow import PROBLEM


def _text(value, limit, message=None):
    value = (value or "").strip()
    if message and not value:
        raise DomainError(message)
    return value[:limit]


@transaction.atomic
def report_problem(
    *, actor, school, kind, place, distance_m, description="", photos=(), client_uuid=None
):
    require(actor, Cap.SURROUNDINGS_MANAGE, school)
    existing = replayed(SurroundingsProblem, client_uuid, school=school)
    if existing is not None:
        return existing
    if kind.pk not in type_ids_for(school):
        raise DomainError(_("Choose a type from the school's list."))
    if not 0 <= (distance_m if distance_m is not None else -1) <= 5000:
        raise DomainError(_("Enter the distance in metres, from 0 to 5000."))
    problem = SurroundingsProblem.objects.create(
        school=school,
        kind=kind,
        place=_text(place, 200, _("Say where the problem is.")),
        distance_m=distance_m,
        description=_text(description, 2000),
        reported_by=actor,
        reported_at=timezone.now(),
        client_uuid=client_uuid,
    )
    if photos:
        problem.photos.set(stored_photos(actor=actor, org=school, uploads=photos))
    audit.record(
        actor=actor,
        org=school,
        action="surroundings.report",
        obj=problem,
        changes={"kind": kind.name, "distance_m": distance_m},
    )
    return problem


def _locked(problem):
    return SurroundingsProblem.objects.select_for_update().select_related("kind").get(pk=problem.pk)


@transaction.atomic
def refer_problem(*, actor, problem, department="", referred_to=None):
    """Refer the problem to its department: one on the platform (`referred_to`, a department
    of the school's area, told at once), or by name only (the school records its answer)."""
    require(actor, Cap.SURROUNDINGS_MANAGE, problem.school)
    problem = _locked(problem)
    problem.status = PROBLEM.next_state(problem, "refer")
    if referred_to is not None:
        if not departments_for_school(problem.school).filter(pk=referred_to.pk).exists():
            raise DomainError(_("Choose a department of the school's area."))
        department = department or referred_to.name
    problem.department = _text(department, 120, _("Name the department it is referred to."))
    problem.referred_to = referred_to
    problem.referred_at = timezone.now()
    problem.returned_note = ""
    problem.save(
        update_fields=["status", "department", "referred_to", "referred_at", "returned_note"]
    )
    audit.record(
        actor=actor,
        org=problem.school,
        action="surroundings.refer",
        obj=problem,
        changes={"department": problem.department, "on_platform": referred_to is not None},
    )
    if referred_to is not None:
        notify(
            [m.user for m in DepartmentMember.objects.filter(department=referred_to)],
            kind="surroundings.referred",
            title=gettext_lazy("%(school)s referred a problem to you: %(kind)s"),
            body=gettext_lazy("%(place)s, %(metres)s m from the school gate."),
            params={
                "school": problem.school.name,
                "kind": problem.kind.name,
                "place": problem.place,
                "metres": problem.distance_m,
            },
            url=problem.department_url(),
            org=problem.school,
        )
    return problem


def _answering_for(actor, problem):
    """The school records any answer; a department's person answers only for their own."""
    require_any(actor, problem.school, Cap.SURROUNDINGS_MANAGE, Cap.SURROUNDINGS_ANSWER)
    if has_cap(actor, Cap.SURROUNDINGS_MANAGE, problem.school):
        return None
    member = DepartmentMember.objects.filter(user=actor).first()
    if member is None or member.department_id != problem.referred_to_id:
        raise PermissionRefused(_("This problem is not referred to your department."))
    return member.department


def _tell_school(problem, title):
    notify(
        holders(Cap.SURROUNDINGS_MANAGE, problem.school),
        kind="surroundings.answered",
        title=title,
        params={"department": problem.department, "place": problem.place},
        url=problem.get_absolute_url(),
        org=problem.school,
    )


@transaction.atomic
def record_answer(*, actor, problem, answer):
    """The department's reply: typed by its own person on the platform, or recorded by the
    school as it received it (a letter, a call, a visit). Who wrote it is kept and shown."""
    problem = _locked(problem)
    department = _answering_for(actor, problem)
    problem.status = PROBLEM.next_state(problem, "answer")
    problem.answer = _text(answer, 2000, _("Write what the department answered."))
    problem.answered_at, problem.answered_by = timezone.now(), actor
    problem.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    audit.record(
        actor=actor,
        org=problem.school,
        action="surroundings.answer",
        obj=problem,
        changes={"answer": problem.answer[:200], "by_department": department is not None},
    )
    if department is not None:
        _tell_school(problem, gettext_lazy("%(department)s answered about %(place)s"))
    return problem


@transaction.atomic
def return_problem(*, actor, problem, note):
    """The department says the problem is not its own (another department acts on it, it lies
    outside its area): the school refers it again."""
    require(actor, Cap.SURROUNDINGS_ANSWER, problem.school)
    problem = _locked(problem)
    if _answering_for(actor, problem) is None:
        raise PermissionRefused(_("Only the department it is referred to returns a problem."))
    problem.status = PROBLEM.next_state(problem, "return")
    problem.returned_note = _text(note, 2000, _("Say why it is not for your department."))
    # The department's name stays: the school's page says who returned it and why.
    problem.referred_to, problem.referred_at = None, None
    problem.save(update_fields=["status", "returned_note", "referred_to", "referred_at"])
    audit.record(
        actor=actor,
        org=problem.school,
        action="surroundings.return",
        obj=problem,
        changes={"department": problem.department, "note": problem.returned_note[:200]},
    )
    _tell_school(problem, gettext_lazy("%(department)s returned the problem at %(place)s"))
    return problem


@transaction.atomic
def recheck_problem(*, actor, problem, outcome, note):
    """The school goes and looks: resolved closes the problem, still there sends it back to the
    department for another answer."""
    require(actor, Cap.SURROUNDINGS_MANAGE, problem.school)
    problem = _locked(problem)
    if outcome not in Outcome.values:
        raise DomainError(_("Choose resolved or still there."))
    PROBLEM.check(problem, "recheck")
    problem.outcome = outcome
    problem.status = PROBLEM.next_state(problem, "recheck")
    problem.recheck_note = _text(note, 2000, _("Say what the re-check found."))
    problem.rechecked_at, problem.rechecked_by = timezone.now(), actor
    problem.save(
        update_fields=["status", "outcome", "recheck_note", "rechecked_at", "rechecked_by"]
    )
    audit.record(
        actor=actor,
        org=problem.school,
        action="surroundings.recheck",
        obj=problem,
        changes={"outcome": outcome, "note": problem.recheck_note[:200]},
    )
    return problem


@transaction.atomic
def record_joint_inspection(*, actor, school, held_on, departments, findings=""):
    require(actor, Cap.SURROUNDINGS_MANAGE, school)
    if held_on > timezone.localdate():
        raise DomainError(_("The day cannot be in the future."))
    row = JointInspection.objects.create(
        school=school,
        held_on=held_on,
        departments=_text(departments, 200, _("Name the departments that took part.")),
        findings=_text(findings, 4000),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        org=school,
        action="surroundings.joint",
        obj=row,
        changes={"departments": row.departments},
    )
    return row
