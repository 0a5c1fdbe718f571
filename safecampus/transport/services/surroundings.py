"""The surroundings ledger: report a problem near the school, refer it to the outside
department, record its answer, re-check; record a joint inspection."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safecampus.core.errors import DomainError
from safecampus.core.idempotency import replayed
from safecampus.core.roles import Cap
from safecampus.core.services import audit
from safecampus.core.services.attachments import stored_photos
from safecampus.core.services.permissions import require
from safecampus.transport.models import JointInspection, Outcome, SurroundingsProblem
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
def refer_problem(*, actor, problem, department):
    require(actor, Cap.SURROUNDINGS_MANAGE, problem.school)
    problem = _locked(problem)
    problem.status = PROBLEM.next_state(problem, "refer")
    problem.department = _text(department, 120, _("Name the department it is referred to."))
    problem.referred_at = timezone.now()
    problem.save(update_fields=["status", "department", "referred_at"])
    audit.record(
        actor=actor,
        org=problem.school,
        action="surroundings.refer",
        obj=problem,
        changes={"department": problem.department},
    )
    return problem


@transaction.atomic
def record_answer(*, actor, problem, answer):
    """The department's reply, as the school received it (a letter, a call, a visit)."""
    require(actor, Cap.SURROUNDINGS_MANAGE, problem.school)
    problem = _locked(problem)
    problem.status = PROBLEM.next_state(problem, "answer")
    problem.answer = _text(answer, 2000, _("Write what the department answered."))
    problem.answered_at = timezone.now()
    problem.save(update_fields=["status", "answer", "answered_at"])
    audit.record(
        actor=actor,
        org=problem.school,
        action="surroundings.answer",
        obj=problem,
        changes={"answer": problem.answer[:200]},
    )
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
