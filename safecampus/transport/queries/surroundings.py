"""Reads of the surroundings ledger and joint inspections."""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from safecampus.core.access import visible_to
from safecampus.core.queries import current_term
from safecampus.core.roles import Cap
from safecampus.transport.models import JointInspection, ProblemStatus, SurroundingsProblem
from safecampus.transport.surroundings_rules import rules_for


def problems(*, user, school, status=""):
    rows = visible_to(user, SurroundingsProblem, Cap.SURROUNDINGS_VIEW).filter(school=school)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("kind", "answered_by").order_by("-reported_at", "-pk")


def problem_for(user, school, problem_id):
    return (
        problems(user=user, school=school)
        .filter(pk=problem_id)
        .select_related("answered_by__outside_department__department")
        .prefetch_related("photos")
    )


def joint_inspections(*, user, school):
    rows = visible_to(user, JointInspection, Cap.SURROUNDINGS_VIEW).filter(school=school)
    return rows.select_related("recorded_by").order_by("-held_on", "-pk")


def joint_cadence(user, school, day=None):
    """This semester's joint inspections against the rule (a semester is the school's term;
    with no term on the calendar, the last six months)."""
    day = day or timezone.localdate()
    rules = rules_for(school)
    term = current_term(school, day)
    start = term.start if term else day - timedelta(days=182)
    held = joint_inspections(user=user, school=school).filter(held_on__gte=start).count()
    need = rules.joint_per_semester if rules else 0
    return {"rules": rules, "term": term, "since": start, "held": held, "due": max(need - held, 0)}


def open_counts(user, school):
    rows = visible_to(user, SurroundingsProblem, Cap.SURROUNDINGS_VIEW).filter(school=school)
    return rows.aggregate(
        open=Count("pk", filter=~Q(status=ProblemStatus.CLOSED)),
        reported=Count("pk", filter=Q(status=ProblemStatus.REPORTED)),
        waiting=Count("pk", filter=Q(status=ProblemStatus.REFERRED)),
        to_recheck=Count("pk", filter=Q(status=ProblemStatus.ANSWERED)),
    )
